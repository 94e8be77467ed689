"""What the management makes of a gap: proposal (with provenance into a draft's diff),
Werkstattgespräch, project idea, dismissal – permissions, phases, bad input."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clusterwerk.actors.tests.conftest import topic_lineage
from clusterwerk.events.models import Event, EventFormat, EventStatus
from clusterwerk.foresight.models import GapAction, GapDecision, Status
from clusterwerk.foresight.services.gaps import (
    dismiss_gap,
    gap_origin,
    project_idea_from_gap,
    propose_from_gap,
    workshop_from_gap,
)
from clusterwerk.foresight.tests.factories import make_cycle, make_item, make_panellist
from clusterwerk.foresight.tests.test_gaps_signals import make_urgent
from clusterwerk.masterplan.diff import attach_provenance, compare_editions
from clusterwerk.masterplan.services import revise_edition
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation.models import PhaseKind, ProposalKind, ProposalStatus
from clusterwerk.participation.services import apply_proposal, decide_proposal
from clusterwerk.participation.tests.factories import make_consultation, make_phases
from clusterwerk.projects.models import IdeaStatus, Project

ORIGIN = "aus Foresight-Zyklus 2021, Item W-07"


@pytest.fixture
def evaluated(cluster, plan):
    return make_cycle(cluster, status=Status.EVALUATION, year=2021, slug="foresight-2021")


@pytest.fixture
def gap_item(evaluated, plan):
    item = make_item(
        evaluated,
        "W-07",
        title="Grüner Stahl",
        description="Stahl aus wasserstoffbasierter Direktreduktion verändert die Lieferketten.",
        topics=[topic_lineage(plan, "4.2.1")],
    )
    seats = [make_panellist(evaluated, f"expertin{n}@panel.example") for n in range(1, 4)]
    make_urgent(item, seats)
    return item


@pytest.fixture
def consultation(cluster, plan):
    return make_consultation(cluster, plan, phase=PhaseKind.INFORMATION, title="Fortschreibung")


def _propose(user, item, consultation, plan, **overrides):
    values = {
        "user": user,
        "item": item,
        "consultation": consultation,
        "kind": ProposalKind.NEW_TOPIC_AREA,
        "element_lineage": plan.key_points.get(number="4.2").lineage,
        "title": "Grüner Stahl in der Metallverarbeitung",
        "text": "Betriebe bereiten sich auf grünen Stahl vor.",
        "rationale": "Hohe Wirkung, naher Zeithorizont.",
    }
    values.update(overrides)
    return propose_from_gap(**values)


def test_origin_is_in_the_plans_language(gap_item, settings):
    from django.utils import translation

    with translation.override("en"):
        assert gap_origin(gap_item) == ORIGIN


def test_proposal_from_gap_reaches_the_drafts_diff(
    cluster_manager, gap_item, consultation, plan, manager_client
):
    proposal = _propose(cluster_manager, gap_item, consultation, plan)
    assert proposal.origin == ORIGIN and proposal.status == ProposalStatus.SUBMITTED
    decision = GapDecision.objects.get(item=gap_item)
    assert decision.action == GapAction.PROPOSAL and decision.proposal_id == proposal.pk
    assert decision.decided_by == cluster_manager

    consultation.phases.all().delete()
    make_phases(consultation, PhaseKind.EVALUATION)
    draft = revise_edition(source=plan, label="2026", user=cluster_manager)
    decide_proposal(user=cluster_manager, proposal=proposal, accept=True)
    revision = apply_proposal(user=cluster_manager, proposal=proposal, edition=draft)
    assert revision.message == ORIGIN
    diff = attach_provenance(compare_editions(plan, draft))
    added = [entry for entry in diff.entries if entry.provenance == [ORIGIN]]
    assert len(added) == 1 and added[0].new_element.title == proposal.title
    page = manager_client.get("/masterplan/vergleich/", {"alt": plan.slug, "neu": draft.slug})
    assert ORIGIN in page.content.decode()


def test_amendment_from_gap(cluster_manager, gap_item, consultation, plan):
    proposal = _propose(
        cluster_manager,
        gap_item,
        consultation,
        plan,
        kind=ProposalKind.AMENDMENT,
        element_lineage=topic_lineage(plan, "4.2.1"),
        field="description",
        text="Mit grünem Stahl.",
    )
    assert proposal.kind == ProposalKind.AMENDMENT and proposal.field == "description"
    assert proposal.origin == ORIGIN


def test_one_proposal_per_gap(cluster_manager, gap_item, consultation, plan):
    _propose(cluster_manager, gap_item, consultation, plan)
    with pytest.raises(ValidationError, match="bereits entschieden"):
        _propose(cluster_manager, gap_item, consultation, plan)


def test_consultation_of_another_cluster_is_refused(cluster_manager, gap_item, other_cluster, plan):
    foreign = make_consultation(
        other_cluster, make_edition(other_cluster, label="K-2020", status="published")
    )
    with pytest.raises(ValidationError) as raised:
        _propose(cluster_manager, gap_item, foreign, plan)
    assert "Beteiligung dieses Clusters" in str(raised.value)
    assert not GapDecision.objects.exists()


def test_bad_proposal_input_records_nothing(cluster_manager, gap_item, consultation, plan):
    with pytest.raises(ValidationError) as raised:
        _propose(cluster_manager, gap_item, consultation, plan, title="", text="")
    assert "title" in raised.value.message_dict and "text" in raised.value.message_dict
    assert not GapDecision.objects.exists()


@pytest.mark.parametrize("persona", ["member", "outsider", "other_cluster_manager", "anonymous"])
def test_only_the_management_decides(tenant_personas, persona, gap_item, consultation, plan):
    user = tenant_personas(persona)
    with pytest.raises(PermissionDenied, match="Clustermanagement"):
        _propose(user, gap_item, consultation, plan)
    with pytest.raises(PermissionDenied):
        dismiss_gap(user=user, item=gap_item, note="Nein.")
    with pytest.raises(PermissionDenied):
        project_idea_from_gap(user=user, item=gap_item)
    with pytest.raises(PermissionDenied):
        workshop_from_gap(user=user, item=gap_item, starts_at=timezone.now())
    assert not GapDecision.objects.exists()


@pytest.mark.parametrize("status", [Status.PREPARATION, Status.RATING])
def test_not_before_the_evaluation(cluster_manager, gap_item, status):
    gap_item.cycle.status = status
    gap_item.cycle.save()
    with pytest.raises(PermissionDenied, match="nicht möglich"):
        dismiss_gap(user=cluster_manager, item=gap_item, note="Nein.")


def test_published_cycles_still_decide(cluster_manager, gap_item):
    gap_item.cycle.status = Status.PUBLISHED
    gap_item.cycle.save()
    decision = dismiss_gap(user=cluster_manager, item=gap_item, note="Beobachten.")
    assert decision.action == GapAction.DISMISSED


def test_workshop_from_gap(cluster_manager, gap_item):
    starts = timezone.now() + datetime.timedelta(days=30)
    event = workshop_from_gap(
        user=cluster_manager, item=gap_item, starts_at=starts, municipality="Eisenhüttenstadt"
    )
    event = Event.objects.get(pk=event.pk)
    assert event.format == EventFormat.WORKSHOP_TALK and event.status == EventStatus.DRAFT
    assert event.title == "Werkstattgespräch: Grüner Stahl"
    assert event.ends_at - event.starts_at == datetime.timedelta(hours=3)
    assert {str(topic.lineage) for topic in event.topics.all()} == {
        str(lineage) for lineage in gap_item.topic_areas.values_list("topic_lineage", flat=True)
    }
    assert GapDecision.objects.get(item=gap_item).event_id == event.pk


def test_workshop_needs_a_place_and_a_time(cluster_manager, gap_item):
    with pytest.raises(ValidationError) as raised:
        workshop_from_gap(user=cluster_manager, item=gap_item, starts_at="")
    assert "starts_at" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        workshop_from_gap(
            user=cluster_manager, item=gap_item, starts_at=timezone.now() + datetime.timedelta(1)
        )
    assert "Veranstaltungsort" in " ".join(raised.value.message_dict["venue_name"])
    assert not GapDecision.objects.exists() and not Event.objects.exists()


def test_project_idea_from_gap(cluster_manager, gap_item):
    project = project_idea_from_gap(user=cluster_manager, item=gap_item)
    project = Project.objects.get(pk=project.pk)
    assert project.title == "Grüner Stahl" and project.idea_status == IdeaStatus.PROPOSED
    assert [str(topic.lineage) for topic in project.topics.all()] == [
        str(gap_item.topic_areas.get().topic_lineage)
    ]
    assert GapDecision.objects.get(item=gap_item).project_id == project.pk


def test_project_idea_without_topic_area(cluster_manager, evaluated):
    item = make_item(evaluated, "W-10", title="KI in der Qualitätsprüfung")
    project = project_idea_from_gap(user=cluster_manager, item=item, title="KI-Prüfstand")
    assert project.title == "KI-Prüfstand" and not project.topics.exists()


def test_dismiss_needs_a_reason(cluster_manager, gap_item):
    with pytest.raises(ValidationError) as raised:
        dismiss_gap(user=cluster_manager, item=gap_item, note="   ")
    assert raised.value.message_dict["note"] == [
        "Bitte begründen Sie, warum die Lücke verworfen wird."
    ]
    decision = dismiss_gap(user=cluster_manager, item=gap_item, note="Schon abgedeckt.")
    assert decision.note == "Schon abgedeckt." and decision.decided_by == cluster_manager


def test_anonymous_user_object(gap_item):
    with pytest.raises(PermissionDenied):
        dismiss_gap(user=AnonymousUser(), item=gap_item, note="x")
