import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError

from clusterwerk.masterplan.models import EditionStatus, Revision
from clusterwerk.masterplan.services import revise_edition
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation.models import (
    Notification,
    NotificationKind,
    PhaseKind,
    ProposalStatus,
)
from clusterwerk.participation.services import apply_proposal, decide_proposal
from clusterwerk.participation.tests.factories import make_consultation
from clusterwerk.participation.tests.results_helpers import (
    amendment,
    person,
    topic,
    topic_proposal,
)

NEW_GOAL = "Leichte, recyclingfähige Produkte aus Brandenburg."


@pytest.fixture
def published(cluster):
    return make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)


@pytest.fixture
def consultation(cluster, published):
    return make_consultation(
        cluster, published, phase=PhaseKind.EVALUATION, title="Beteiligung 2020"
    )


@pytest.fixture
def author(db):
    return person("autorin@example.org", name="Autorin")


@pytest.fixture
def proposal(consultation, published, author):
    return amendment(consultation, topic(published, "4.2.1"), author, text=NEW_GOAL)


@pytest.fixture
def draft(published, cluster_manager):
    return revise_edition(source=published, label="2026", user=cluster_manager)


def test_accept_notifies_the_author(cluster_manager, proposal, author):
    decide_proposal(user=cluster_manager, proposal=proposal, accept=True, note="Gute Idee.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.decided_by == cluster_manager and proposal.decision_note == "Gute Idee."
    note = Notification.objects.get(user=author)
    assert note.kind == NotificationKind.DECISION and f"#{proposal.pk}" in note.text


def test_reject(cluster_manager, proposal):
    decide_proposal(user=cluster_manager, proposal=proposal, accept=False)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED


@pytest.mark.parametrize("persona", ["member", "board_member", "outsider"])
def test_only_managers_decide(request, persona, proposal):
    with pytest.raises(PermissionDenied):
        decide_proposal(user=request.getfixturevalue(persona), proposal=proposal, accept=True)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_no_decision_while_participation_runs(cluster, published, cluster_manager, author):
    running = make_consultation(cluster, published, phase=PhaseKind.PARTICIPATION)
    proposal = amendment(running, topic(published, "4.2.1"), author)
    with pytest.raises(ValidationError):
        decide_proposal(user=cluster_manager, proposal=proposal, accept=True)


def test_apply_amendment_to_draft(cluster_manager, proposal, draft):
    decide_proposal(user=cluster_manager, proposal=proposal, accept=True)
    revision = apply_proposal(user=cluster_manager, proposal=proposal, edition=draft)
    assert draft.topic_areas.get(number="4.2.1").goal == NEW_GOAL
    assert revision.message == f"aus Vorschlag #{proposal.pk}, Beteiligung 2020"
    assert revision.changes["goal"]["new"] == NEW_GOAL
    proposal.refresh_from_db()
    assert proposal.applied_revision == revision
    with pytest.raises(ValidationError, match="bereits übernommen"):
        apply_proposal(user=cluster_manager, proposal=proposal, edition=draft)
    with pytest.raises(ValidationError):
        decide_proposal(user=cluster_manager, proposal=proposal, accept=False)


def test_only_accepted_proposals_are_applied(cluster_manager, proposal, draft):
    with pytest.raises(ValidationError, match="angenommene"):
        apply_proposal(user=cluster_manager, proposal=proposal, edition=draft)


def test_moved_on_text_is_refused_unless_forced(cluster_manager, proposal, draft):
    from clusterwerk.masterplan.services import update_element

    element = draft.topic_areas.get(number="4.2.1")
    update_element(
        element=element,
        user=cluster_manager,
        expected_version=element.version,
        values={"goal": "Inzwischen anders formuliert."},
    )
    decide_proposal(user=cluster_manager, proposal=proposal, accept=True)
    with pytest.raises(ValidationError, match="hat sich geändert"):
        apply_proposal(user=cluster_manager, proposal=proposal, edition=draft)
    apply_proposal(user=cluster_manager, proposal=proposal, edition=draft, force=True)
    assert draft.topic_areas.get(number="4.2.1").goal == NEW_GOAL


def test_new_topic_area_is_applied(cluster_manager, consultation, published, draft, author):
    key_point = published.key_points.get(number="4.2")
    proposal = topic_proposal(consultation, key_point, author, title="Wasserstoff")
    decide_proposal(user=cluster_manager, proposal=proposal, accept=True)
    revision = apply_proposal(user=cluster_manager, proposal=proposal, edition=draft)
    created = draft.topic_areas.get(title="Wasserstoff")
    assert created.number == "4.2.2" and created.key_point.lineage == key_point.lineage
    assert created.goal == "Betriebe nutzen Wasserstoff als Energieträger."
    assert revision.element_lineage == created.lineage
    assert f"aus Vorschlag #{proposal.pk}" in revision.message


def test_published_edition_is_refused(cluster_manager, proposal, published):
    decide_proposal(user=cluster_manager, proposal=proposal, accept=True)
    with pytest.raises(ValidationError, match="Entwurf"):
        apply_proposal(user=cluster_manager, proposal=proposal, edition=published)
    assert not Revision.objects.filter(edition=published).exists()


def test_other_clusters_draft_is_refused(cluster_manager, proposal, other_cluster):
    decide_proposal(user=cluster_manager, proposal=proposal, accept=True)
    foreign = make_edition(other_cluster, label="K-2026", status=EditionStatus.DRAFT)
    with pytest.raises(ValidationError, match="anderen Cluster"):
        apply_proposal(user=cluster_manager, proposal=proposal, edition=foreign)


def test_decide_and_apply_views(manager_client, member_client_factory, proposal, draft):
    base = f"/beteiligung/{proposal.consultation.slug}/vorschlag/{proposal.pk}"
    member = member_client_factory("member")
    assert member.post(f"{base}/entscheiden/", {"decision": "accept"}).status_code == 403
    assert manager_client.get(f"{base}/entscheiden/").status_code == 405
    response = manager_client.post(f"{base}/entscheiden/", {"decision": "accept", "note": "ok"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    response = manager_client.post(f"{base}/uebernehmen/", {"edition": draft.slug})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.applied_revision is not None
    response = manager_client.post(f"{base}/uebernehmen/", {"edition": draft.slug})
    notes = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("bereits übernommen" in note for note in notes)
