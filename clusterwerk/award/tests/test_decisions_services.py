"""set_decision and release_decisions: the management only, in the decision phase, the
limits (winners, special prize, knock-out), the audit log and the release."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from clusterwerk.award.models import (
    AuditAction,
    AuditEntry,
    Decision,
    FormalCheck,
    Phase,
)
from clusterwerk.award.services import decisions
from clusterwerk.award.tests.factories import make_application, make_review
from clusterwerk.award.tests.scoring_support import block, set_phase

pytestmark = pytest.mark.django_db

KNOCKED = {"innovation": 0, "market": 5, "relevance": 5, "social": 5}


@pytest.fixture
def apps(edition, applicant, jurors):
    set_phase(edition, Phase.DECISION)
    result = [make_application(edition, applicant, title=f"Bewerbung {n}") for n in range(5)]
    for application in result:
        make_review(application, jurors[1], scores=3)
    return result


def decide(user, cluster, application, decision, note=""):
    return decisions.set_decision(
        user=user, cluster=cluster, application=application, decision=decision, note=note
    )


def test_set_a_decision_with_audit(apps, cluster, cluster_manager):
    decided = decide(cluster_manager, cluster, apps[0], Decision.SHORTLISTED)
    assert decided.decision == Decision.SHORTLISTED
    decide(cluster_manager, cluster, apps[0], Decision.WINNER, note="Überzeugend")
    apps[0].refresh_from_db()
    assert (apps[0].decision, apps[0].decision_note) == (Decision.WINNER, "Überzeugend")
    entries = list(AuditEntry.objects.order_by("id"))
    assert [entry.action for entry in entries] == [AuditAction.DECISION] * 2
    assert entries[1].changes == {
        "decision": ["shortlisted", "winner"],
        "note": ["", "Überzeugend"],
    }
    assert entries[1].user == cluster_manager and entries[1].application == apps[0]
    decide(cluster_manager, cluster, apps[0], Decision.WINNER, note="Überzeugend")
    assert AuditEntry.objects.count() == 2  # nothing changed, nothing recorded


def test_at_most_max_winners(apps, cluster, cluster_manager, edition):
    for application in apps[:3]:
        decide(cluster_manager, cluster, application, Decision.WINNER)
    with pytest.raises(ValidationError) as error:
        decide(cluster_manager, cluster, apps[3], Decision.WINNER)
    assert error.value.message_dict["decision"] == [
        "Es gibt schon 3 Preisträger; mehr erlaubt dieser Jahrgang nicht."
    ]
    apps[3].refresh_from_db()
    assert apps[3].decision == Decision.NONE
    # A winner may be confirmed again (with a new note) without counting twice.
    decide(cluster_manager, cluster, apps[0], Decision.WINNER, note="Neu")


def test_special_prize_only_once_and_only_if_offered(apps, cluster, cluster_manager, edition):
    decide(cluster_manager, cluster, apps[0], Decision.SPECIAL_PRIZE)
    with pytest.raises(ValidationError) as error:
        decide(cluster_manager, cluster, apps[1], Decision.SPECIAL_PRIZE)
    assert "schon vergeben" in error.value.messages[0]
    decide(cluster_manager, cluster, apps[0], Decision.NOMINEE)
    edition.has_special_prize = False
    edition.save()
    with pytest.raises(ValidationError) as error:
        decide(cluster_manager, cluster, apps[1], Decision.SPECIAL_PRIZE)
    assert error.value.messages == ["Dieser Jahrgang vergibt keinen Sonderpreis der Jury."]


def test_a_knocked_out_application_cannot_win(edition, applicant, jurors, cluster, cluster_manager):
    set_phase(edition, Phase.DECISION)
    application = make_application(edition, applicant)
    make_review(application, jurors[1], scores=KNOCKED)
    with pytest.raises(ValidationError) as error:
        decide(cluster_manager, cluster, application, Decision.WINNER)
    assert "K.-o.-Kriterium (Innovationshöhe)" in error.value.messages[0]
    decide(cluster_manager, cluster, application, Decision.NOMINEE)


def test_only_applications_in_the_competition(edition, applicant, cluster, cluster_manager):
    set_phase(edition, Phase.DECISION)
    ineligible = make_application(edition, applicant, formal_check=FormalCheck.INELIGIBLE)
    with pytest.raises(ValidationError):
        decide(cluster_manager, cluster, ineligible, Decision.NOMINEE)


def test_bad_decision_value(apps, cluster, cluster_manager):
    with pytest.raises(ValidationError) as error:
        decide(cluster_manager, cluster, apps[0], "gold")
    assert error.value.message_dict["decision"] == ["Diese Entscheidung gibt es nicht."]


@pytest.mark.parametrize("phase", [Phase.SCORING, Phase.DISCUSSION, Phase.PUBLISHED])
def test_decisions_only_in_the_decision_phase(apps, cluster, cluster_manager, edition, phase):
    set_phase(edition, phase)
    with pytest.raises(PermissionDenied):
        decide(cluster_manager, cluster, apps[0], Decision.WINNER)
    assert not AuditEntry.objects.exists()


def test_only_the_management_decides(
    apps, cluster, jurors, member, other_cluster, other_cluster_manager
):
    with pytest.raises(PermissionDenied):
        decide(jurors[0].user, cluster, apps[0], Decision.WINNER)
    with pytest.raises(PermissionDenied):
        decide(member, cluster, apps[0], Decision.WINNER)
    with pytest.raises(Http404):
        decide(other_cluster_manager, other_cluster, apps[0], Decision.WINNER)
    assert not AuditEntry.objects.exists()


def test_a_conflicted_manager_does_not_decide(apps, cluster, jurors):
    from clusterwerk.accounts.models import Role, RoleAssignment

    chair = jurors[0].user
    RoleAssignment.objects.create(user=chair, cluster=cluster, role=Role.CLUSTER_MANAGER)
    block(jurors[0], apps[0])
    with pytest.raises(Http404):
        decide(chair, cluster, apps[0], Decision.WINNER)
    decide(chair, cluster, apps[1], Decision.WINNER)


def test_release(apps, cluster, cluster_manager, edition):
    with pytest.raises(ValidationError) as error:
        decisions.release_decisions(user=cluster_manager, cluster=cluster, edition=edition)
    assert error.value.messages == [
        "Vor der Veröffentlichung muss mindestens ein Preisträger feststehen."
    ]
    decide(cluster_manager, cluster, apps[0], Decision.WINNER)
    with mock.patch.object(decisions, "_schedule_follow_ups") as schedule:
        released = decisions.release_decisions(
            user=cluster_manager, cluster=cluster, edition=edition
        )
    schedule.assert_called_once()
    edition.refresh_from_db()
    assert edition.phase == Phase.PUBLISHED and edition.results_published_at is not None
    assert released.phase == Phase.PUBLISHED
    entry = AuditEntry.objects.get(action=AuditAction.RELEASED)
    assert entry.changes == {"phase": ["decision", "published"], "winners": ["Bewerbung 0"]}
    with pytest.raises(PermissionDenied):  # published: nothing to release any more
        decisions.release_decisions(user=cluster_manager, cluster=cluster, edition=edition)


def test_release_runs_without_the_follow_up_module(apps, cluster, cluster_manager, edition):
    decide(cluster_manager, cluster, apps[0], Decision.WINNER)
    decisions.release_decisions(user=cluster_manager, cluster=cluster, edition=edition)
    edition.refresh_from_db()
    assert edition.phase == Phase.PUBLISHED


def test_only_the_management_releases(apps, cluster, cluster_manager, jurors, edition):
    decide(cluster_manager, cluster, apps[0], Decision.WINNER)
    with pytest.raises(PermissionDenied):
        decisions.release_decisions(user=jurors[0].user, cluster=cluster, edition=edition)
    set_phase(edition, Phase.DISCUSSION)
    with pytest.raises(PermissionDenied):
        decisions.release_decisions(user=cluster_manager, cluster=cluster, edition=edition)
    edition.refresh_from_db()
    assert edition.phase == Phase.DISCUSSION and edition.results_published_at is None
