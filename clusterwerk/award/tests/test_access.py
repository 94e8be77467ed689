"""The access funnels: who sees which application and which reviews, in which phase; a
blocking conflict hides the application from the juror, also when the juror manages the
cluster."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from clusterwerk.accounts.models import Role, RoleAssignment
from clusterwerk.award import queries
from clusterwerk.award.models import (
    ApplicationStatus,
    Conflict,
    ConflictKind,
    ConflictSource,
    ConflictStatus,
    FormalCheck,
    Phase,
)
from clusterwerk.award.tests.factories import make_application, make_review

pytestmark = pytest.mark.django_db


def conflict(member, application, status=ConflictStatus.PROPOSED):
    return Conflict.objects.create(
        jury_member=member,
        application=application,
        kind=ConflictKind.INSTITUTIONAL,
        source=ConflictSource.MANAGEMENT,
        status=status,
    )


def visible(user, edition):
    return set(queries.applications_for_user(user, edition).values_list("title", flat=True))


def test_the_applicant_sees_their_draft_and_nobody_else_does(
    edition, applicant, applicant_user, cluster_manager, jurors, member
):
    make_application(edition, applicant, title="Entwurf", status=ApplicationStatus.DRAFT)
    assert visible(applicant_user, edition) == {"Entwurf"}
    assert visible(cluster_manager, edition) == set()
    assert visible(member, edition) == set()
    edition.phase = Phase.SCORING
    edition.save()
    assert visible(jurors[1].user, edition) == set()


def test_jurors_see_the_competition_from_the_scoring_phase_on(edition, applicant, jurors):
    make_application(edition, applicant, title="Eingereicht")
    make_application(edition, applicant, title="Unzulässig", formal_check=FormalCheck.INELIGIBLE)
    juror = jurors[1].user
    assert visible(juror, edition) == set()
    edition.phase = Phase.SCORING
    edition.save()
    assert visible(juror, edition) == {"Eingereicht"}


def test_a_juror_without_the_confidentiality_declaration_sees_nothing(edition, applicant, jurors):
    make_application(edition, applicant)
    edition.phase = Phase.SCORING
    edition.save()
    jurors[2].confidentiality_accepted_at = None
    jurors[2].save()
    assert visible(jurors[2].user, edition) == set()


@pytest.mark.parametrize("status", [ConflictStatus.PROPOSED, ConflictStatus.PINNED])
def test_a_blocking_conflict_hides_the_application_and_its_reviews(
    edition, applicant, jurors, cluster, status
):
    hidden = make_application(edition, applicant, title="Befangen")
    make_application(edition, applicant, title="Frei")
    edition.phase = Phase.DISCUSSION
    edition.save()
    make_review(hidden, jurors[2], scores=4)
    conflict(jurors[1], hidden, status)
    juror = jurors[1].user
    assert visible(juror, edition) == {"Frei"}
    with pytest.raises(Http404):
        queries.get_application_for_user(juror, cluster, hidden.uid)
    assert not queries.visible_reviews(juror, hidden).exists()
    assert queries.visible_reviews(jurors[3].user, hidden).count() == 1


def test_a_dismissed_conflict_does_not_hide(edition, applicant, jurors):
    application = make_application(edition, applicant, title="Frei")
    edition.phase = Phase.SCORING
    edition.save()
    conflict(jurors[1], application, ConflictStatus.DISMISSED)
    assert visible(jurors[1].user, edition) == {"Frei"}


def test_a_conflicted_manager_on_the_jury_does_not_see_it_either(
    edition, applicant, jurors, cluster
):
    application = make_application(edition, applicant, title="Befangen")
    make_review(application, jurors[2], scores=3)
    chair = jurors[0].user
    RoleAssignment.objects.create(user=chair, cluster=cluster, role=Role.CLUSTER_MANAGER)
    assert visible(chair, edition) == {"Befangen"}
    conflict(jurors[0], application, ConflictStatus.PINNED)
    assert visible(chair, edition) == set()
    assert not queries.visible_reviews(chair, application).exists()


def test_blind_scoring_shows_a_juror_only_their_own_review(edition, applicant, jurors):
    application = make_application(edition, applicant)
    edition.phase = Phase.SCORING
    edition.save()
    own = make_review(application, jurors[1], scores=4)
    make_review(application, jurors[2], scores=2)
    assert list(queries.visible_reviews(jurors[1].user, application)) == [own]
    edition.phase = Phase.DISCUSSION
    edition.save()
    assert queries.visible_reviews(jurors[1].user, application).count() == 2


def test_only_the_applicant_writes(edition, applicant, applicant_user, cluster_manager, cluster):
    application = make_application(edition, applicant)
    assert queries.get_application_for_user(applicant_user, cluster, application.uid, write=True)
    with pytest.raises(PermissionDenied):
        queries.get_application_for_user(cluster_manager, cluster, application.uid, write=True)


def test_another_clusters_application_is_not_found(
    edition, applicant, other_cluster, other_cluster_manager
):
    application = make_application(edition, applicant)
    with pytest.raises(Http404):
        queries.get_application_for_user(other_cluster_manager, other_cluster, application.uid)
    assert not queries.applications_for_user(other_cluster_manager, edition).exists()


def test_editions_in_preparation_are_the_managements(cluster, edition, member, cluster_manager):
    edition.phase = Phase.PREPARATION
    edition.save()
    assert not queries.visible_editions(member, cluster).exists()
    assert queries.visible_editions(cluster_manager, cluster).get() == edition
    with pytest.raises(Http404):
        queries.get_edition_for_user(member, cluster, edition.year)
    edition.phase = Phase.CALL
    edition.save()
    assert queries.get_edition_for_user(member, cluster, edition.year) == edition
    with pytest.raises(PermissionDenied):
        queries.get_edition_for_user(member, cluster, edition.year, manage=True)
