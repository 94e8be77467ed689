"""Proposals the management brings in from elsewhere (e.g. a foresight gap signal) carry their
origin: on the proposal page, as the revision's message and in the edition diff."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clusterwerk.masterplan.models import EditionStatus, Revision
from clusterwerk.masterplan.services import revise_edition
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation.models import PhaseKind, Proposal, ProposalKind, ProposalStatus
from clusterwerk.participation.services import (
    apply_proposal,
    decide_proposal,
    submit_sourced_proposal,
)
from clusterwerk.participation.services.decisions import provenance_message
from clusterwerk.participation.tests.factories import make_consultation
from clusterwerk.participation.tests.results_helpers import person, topic

ORIGIN = "aus Foresight-Zyklus 2021, Item W-07"
GOAL = "Betriebe nutzen Wasserstoff in der Metallbearbeitung."


@pytest.fixture
def published(cluster):
    return make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)


@pytest.fixture
def consultation(cluster, published):
    # Information phase: participants may not propose, the management may bring in.
    return make_consultation(
        cluster, published, phase=PhaseKind.INFORMATION, title="Fortschreibung 2026"
    )


@pytest.fixture
def draft(published, cluster_manager):
    return revise_edition(source=published, label="2026", user=cluster_manager)


def _new_topic(user, consultation, published, **overrides):
    values = {
        "user": user,
        "consultation": consultation,
        "kind": ProposalKind.NEW_TOPIC_AREA,
        "element_lineage": published.key_points.get(number="4.2").lineage,
        "title": "Wasserstoff in der Metallbearbeitung",
        "proposed_text": GOAL,
        "rationale": "Hohe Wirkung, naher Zeithorizont.",
        "origin": ORIGIN,
    }
    values.update(overrides)
    return submit_sourced_proposal(**values)


def _amendment(user, consultation, published, **overrides):
    values = {
        "user": user,
        "consultation": consultation,
        "kind": ProposalKind.AMENDMENT,
        "element_lineage": topic(published, "4.2.1").lineage,
        "field": "goal",
        "proposed_text": GOAL,
        "origin": ORIGIN,
    }
    values.update(overrides)
    return submit_sourced_proposal(**values)


def test_new_topic_area_with_origin(cluster_manager, consultation, published):
    proposal = _new_topic(cluster_manager, consultation, published)
    assert proposal.kind == ProposalKind.NEW_TOPIC_AREA
    assert proposal.origin == ORIGIN and proposal.author == cluster_manager
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.title == "Wasserstoff in der Metallbearbeitung"
    assert provenance_message(proposal) == ORIGIN


def test_amendment_with_origin(cluster_manager, consultation, published):
    proposal = _amendment(cluster_manager, consultation, published)
    element = topic(published, "4.2.1")
    assert proposal.kind == ProposalKind.AMENDMENT and proposal.field == "goal"
    assert proposal.original_text == element.goal and proposal.proposed_text == GOAL
    assert proposal.title == element.title


def test_provenance_without_origin_is_unchanged(cluster_manager, consultation, published):
    proposal = _new_topic(cluster_manager, consultation, published)
    proposal.origin = ""
    assert provenance_message(proposal) == (f"aus Vorschlag #{proposal.pk}, Fortschreibung 2026")


@pytest.mark.parametrize("persona", ["member", "board_member", "outsider", "other_cluster_manager"])
def test_only_the_management_brings_proposals_in(request, persona, consultation, published):
    with pytest.raises(PermissionDenied, match="Clustermanagement"):
        _new_topic(request.getfixturevalue(persona), consultation, published)
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "key", "message"),
    [
        ({"origin": "  "}, "origin", "erforderlich"),
        ({"origin": "x" * 301}, "origin", "300"),
        ({"title": ""}, "title", "erforderlich"),
        ({"proposed_text": ""}, "text", "erforderlich"),
        ({"kind": "something"}, "kind", "Art des Vorschlags"),
        ({"element_lineage": "not-a-uuid"}, "element", "gibt es in der Ausgabe nicht"),
    ],
)
def test_bad_input_gets_a_german_message(
    cluster_manager, consultation, published, overrides, key, message
):
    with pytest.raises(ValidationError) as raised:
        _new_topic(cluster_manager, consultation, published, **overrides)
    assert key in raised.value.message_dict
    assert message in " ".join(raised.value.message_dict[key])
    assert not Proposal.objects.exists()


def test_amendment_validation(cluster_manager, consultation, published):
    with pytest.raises(ValidationError, match="Textfeld"):
        _amendment(cluster_manager, consultation, published, field="number")
    with pytest.raises(ValidationError, match="gleicht dem bisherigen"):
        _amendment(
            cluster_manager,
            consultation,
            published,
            proposed_text=topic(published, "4.2.1").goal,
        )
    assert not Proposal.objects.exists()


def test_element_outside_the_scope_is_refused(cluster, cluster_manager, published):
    scoped = make_consultation(cluster, published, scope=[topic(published, "6.3.2")])
    with pytest.raises(ValidationError, match="nicht Gegenstand"):
        _amendment(cluster_manager, scoped, published)


def test_applied_proposal_records_its_origin(
    cluster, cluster_manager, consultation, published, draft, manager_client
):
    proposal = _new_topic(cluster_manager, consultation, published)
    # The consultation moves on to its evaluation; then the management decides and applies.
    consultation.phases.all().delete()
    from clusterwerk.participation.tests.factories import make_phases

    make_phases(consultation, PhaseKind.EVALUATION)
    decide_proposal(user=cluster_manager, proposal=proposal, accept=True)
    revision = apply_proposal(user=cluster_manager, proposal=proposal, edition=draft)
    assert revision.message == ORIGIN
    created = draft.topic_areas.get(title="Wasserstoff in der Metallbearbeitung")
    assert created.goal == GOAL and revision.element_lineage == created.lineage
    assert Revision.objects.filter(edition=draft, message=ORIGIN).count() == 1

    response = manager_client.get(
        "/masterplan/vergleich/", {"alt": published.slug, "neu": draft.slug}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Herkunft" in content and ORIGIN in content


def test_proposal_page_shows_the_origin(cluster_manager, consultation, published, client):
    proposal = _new_topic(cluster_manager, consultation, published)
    response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Herkunft" in content and ORIGIN in content
    listing = client.get(consultation.get_absolute_url())
    assert listing.status_code == 200


def test_a_participants_proposal_has_no_origin(cluster, published, db):
    from clusterwerk.participation.services import propose_topic_area

    running = make_consultation(cluster, published)
    author = person("autorin@example.org", name="Autorin")
    proposal = propose_topic_area(
        user=author,
        consultation=running,
        key_point_lineage=published.key_points.get(number="4.2").lineage,
        title="Wasserstoff",
        goal=GOAL,
    )
    assert proposal.origin == ""
    assert provenance_message(proposal).startswith(f"aus Vorschlag #{proposal.pk}")
