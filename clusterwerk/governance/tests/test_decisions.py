"""Decisions: vote or consensus, links of the same cluster, publishing one by one, and the
recommendation that becomes a proposal for the Fortschreibung with its provenance."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from clusterwerk.governance.models import Decision, DecisionKind, DecisionMode
from clusterwerk.governance.services import decisions as services
from clusterwerk.governance.tests.factories import make_decision, make_meeting
from clusterwerk.masterplan.diff import attach_provenance, compare_editions
from clusterwerk.masterplan.services import revise_edition
from clusterwerk.participation.models import PhaseKind, ProposalKind
from clusterwerk.participation.services import apply_proposal, decide_proposal
from clusterwerk.participation.tests.factories import make_consultation, make_phases
from clusterwerk.projects.models import Project

ORIGIN = "Empfehlung des Strategischen Beirats vom 12.03.2020"


@pytest.fixture
def spring_2020(body):
    starts = timezone.make_aware(datetime.datetime(2020, 3, 12, 10))
    return make_meeting(body, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))


def test_record_and_update_decision(cluster, other_cluster, cluster_manager, meeting, plan):
    foreign = Project.objects.create(cluster=other_cluster, title="Fremd")
    with pytest.raises(ValidationError) as error:
        services.record_decision(
            user=cluster_manager,
            cluster=cluster,
            meeting=meeting,
            data={"text": "", "mode": "vote", "votes_yes": -1, "project": foreign.pk},
        )
    messages = error.value.message_dict
    assert messages["text"] == ["Bitte geben Sie den Wortlaut des Beschlusses an."]
    assert "votes_yes" in messages and "votes_no" in messages
    assert messages["project"] == ["Dieses Projekt gibt es in diesem Cluster nicht."]
    assert not Decision.objects.exists()
    decision = services.record_decision(
        user=cluster_manager,
        cluster=cluster,
        meeting=meeting,
        data={
            "text": "Der Beirat billigt den Jahresplan.",
            "mode": "vote",
            "votes_yes": 9,
            "votes_no": 0,
            "votes_abstain": 1,
            "topic": "4.4.2",
        },
    )
    assert decision.kind == DecisionKind.DECISION and decision.votes_yes == 9
    consensus = services.record_decision(
        user=cluster_manager,
        cluster=cluster,
        meeting=meeting,
        data={"text": "Konsens.", "mode": "consensus", "votes_yes": 5},
    )
    assert consensus.votes_yes is None
    services.update_decision(
        user=cluster_manager, cluster=cluster, decision=decision, data={"votes_no": 2}
    )
    decision.refresh_from_db()
    assert (decision.votes_yes, decision.votes_no, decision.votes_abstain) == (9, 2, 1)
    assert decision.text == "Der Beirat billigt den Jahresplan." and decision.topic_lineage
    services.update_decision(
        user=cluster_manager, cluster=cluster, decision=decision, data={"mode": "consensus"}
    )
    decision.refresh_from_db()
    assert decision.mode == DecisionMode.CONSENSUS and decision.votes_yes is None


def test_publish_one_by_one_and_other_cluster(
    client, cluster, other_cluster, cluster_manager, other_cluster_manager, meeting
):
    first, second = make_decision(meeting), make_decision(meeting, text="Zweiter Beschluss")
    services.publish_decision(user=cluster_manager, cluster=cluster, decision=first)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_published and first.published_at and not second.is_published
    for acting in (cluster, other_cluster):
        with pytest.raises(PermissionDenied):
            services.unpublish_decision(user=other_cluster_manager, cluster=acting, decision=first)
    # anyone sees a published decision of a public body; an unpublished one is 404
    assert client.get(reverse("governance:decision", args=[first.pk])).status_code == 200
    assert client.get(reverse("governance:decision", args=[second.pk])).status_code == 404
    client.force_login(other_cluster_manager)
    response = client.post(
        reverse("governance:decision-publish", args=[second.pk]), {"publish": "1"}
    )
    assert response.status_code in (403, 404)
    second.refresh_from_db()
    assert not second.is_published
    client.force_login(cluster_manager)
    client.post(reverse("governance:decision-publish", args=[first.pk]), {"publish": "0"})
    first.refresh_from_db()
    assert not first.is_published


def test_recommendation_becomes_proposal_in_the_drafts_diff(
    cluster, cluster_manager, manager_client, spring_2020, plan
):
    consultation = make_consultation(cluster, plan, phase=PhaseKind.INFORMATION)
    recommendation = make_decision(
        spring_2020,
        kind=DecisionKind.RECOMMENDATION,
        text="Die Fachkräftesicherung soll in der nächsten Ausgabe gestärkt werden.",
    )
    assert services.decision_origin(recommendation) == ORIGIN
    url = reverse("governance:decision-propose", args=[recommendation.pk])
    page = manager_client.get(url)
    assert page.status_code == 200 and ORIGIN in page.content.decode()
    refused = manager_client.post(
        url, {"consultation": consultation.slug, "kind": ProposalKind.NEW_TOPIC_AREA, "text": "X"}
    )
    assert (
        refused.status_code == 400 and "Bitte wählen Sie den Eckpunkt." in refused.content.decode()
    )
    response = manager_client.post(
        url,
        {
            "consultation": consultation.slug,
            "kind": ProposalKind.NEW_TOPIC_AREA,
            "key_point": "4.2",
            "title": "Fachkräftesicherung in der Metallindustrie",
            "text": recommendation.text,
            "rationale": ORIGIN,
        },
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    proposal = recommendation.resulting_proposal
    assert proposal.origin == ORIGIN and proposal.consultation == consultation
    with pytest.raises(ValidationError):
        services.propose_from_decision(
            user=cluster_manager,
            cluster=cluster,
            decision=recommendation,
            consultation=consultation,
            kind=ProposalKind.NEW_TOPIC_AREA,
            element_lineage=plan.key_points.get(number="4.2").lineage,
            title="Noch einmal",
            proposed_text="Noch einmal",
        )
    consultation.phases.all().delete()
    make_phases(consultation, PhaseKind.EVALUATION)
    draft = revise_edition(source=plan, label="2026", user=cluster_manager)
    decide_proposal(user=cluster_manager, proposal=proposal, accept=True)
    apply_proposal(user=cluster_manager, proposal=proposal, edition=draft)
    diff = attach_provenance(compare_editions(plan, draft))
    assert [entry for entry in diff.entries if entry.provenance == [ORIGIN]]


def test_only_recommendations_and_same_cluster_consultations(
    cluster, other_cluster, cluster_manager, spring_2020, plan
):
    from clusterwerk.masterplan.tests.factories import make_edition

    decision = make_decision(spring_2020)
    foreign_plan = make_edition(other_cluster, label="2020", status="published")
    foreign = make_consultation(other_cluster, foreign_plan)
    arguments = {
        "user": cluster_manager,
        "cluster": cluster,
        "kind": ProposalKind.NEW_TOPIC_AREA,
        "element_lineage": plan.key_points.get(number="4.2").lineage,
        "title": "T",
        "proposed_text": "T",
    }
    with pytest.raises(ValidationError):
        services.propose_from_decision(decision=decision, consultation=foreign, **arguments)
    decision.kind = DecisionKind.RECOMMENDATION
    decision.save()
    with pytest.raises(ValidationError) as error:
        services.propose_from_decision(decision=decision, consultation=foreign, **arguments)
    assert "Beteiligung dieses Clusters" in error.value.message_dict["consultation"][0]
    decision.refresh_from_db()
    assert decision.resulting_proposal is None
