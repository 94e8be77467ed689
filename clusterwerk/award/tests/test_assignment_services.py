"""Assignment services: the solver run on the database, manual changes and their rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clusterwerk.award.models import (
    AssignmentSource,
    AuditEntry,
    Conflict,
    ConflictKind,
    ConflictSource,
    ConflictStatus,
    FormalCheck,
    Phase,
    Review,
    ReviewStatus,
)
from clusterwerk.award.phases import PhaseClosed
from clusterwerk.award.services import assignment as services
from clusterwerk.award.tests.factories import make_application, make_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def formal_check(edition):
    edition.phase = Phase.FORMAL_CHECK
    edition.reviews_per_application = 3
    edition.save()
    return edition


def conflict(member, application, status=ConflictStatus.PROPOSED):
    return Conflict.objects.create(
        jury_member=member,
        application=application,
        kind=ConflictKind.INSTITUTIONAL,
        source=ConflictSource.MANAGEMENT,
        status=status,
    )


def pairs():
    return set(Review.objects.values_list("application_id", "jury_member_id"))


def test_the_solver_covers_every_application_and_skips_conflicts(
    formal_check, applicant, cluster, cluster_manager, jurors
):
    apps = [make_application(formal_check, applicant, title=f"B{i}") for i in range(4)]
    make_application(
        formal_check, applicant, title="Unzulässig", formal_check=FormalCheck.INELIGIBLE
    )
    conflict(jurors[0], apps[0], ConflictStatus.PINNED)
    conflict(jurors[1], apps[0])
    conflict(jurors[2], apps[1], ConflictStatus.DISMISSED)
    result = services.assign_reviews(user=cluster_manager, cluster=cluster, edition=formal_check)
    assert result.created == 12 and result.warnings == []
    for application in apps:
        assert application.reviews.count() == 3
    assert (apps[0].pk, jurors[0].pk) not in pairs()
    assert (apps[0].pk, jurors[1].pk) not in pairs()
    assert max(result.loads.values()) - min(result.loads.values()) <= 1
    assert AuditEntry.objects.filter(action="assignment").count() == 1
    # Running again changes nothing.
    again = services.assign_reviews(user=cluster_manager, cluster=cluster, edition=formal_check)
    assert (again.created, again.removed) == (0, 0)


def test_a_warning_names_applications_without_enough_free_jurors(
    formal_check, applicant, cluster, cluster_manager, jurors
):
    application = make_application(formal_check, applicant, title="Heikel")
    for member in jurors[:3]:
        conflict(member, application)
    result = services.assign_reviews(user=cluster_manager, cluster=cluster, edition=formal_check)
    assert application.reviews.count() == 2
    assert len(result.warnings) == 1 and "„Heikel“ (2)" in result.warnings[0]


def test_started_and_manual_reviews_are_kept(
    formal_check, applicant, cluster, cluster_manager, jurors
):
    application = make_application(formal_check, applicant)
    started = make_review(application, jurors[0], status=ReviewStatus.DRAFT)
    manual = make_review(application, jurors[1], source=AssignmentSource.MANUAL)
    formal_check.reviews_per_application = 2
    formal_check.save()
    result = services.assign_reviews(user=cluster_manager, cluster=cluster, edition=formal_check)
    assert result.created == 0 and result.kept == 2
    assert set(Review.objects.all()) == {started, manual}


def test_an_unstarted_review_of_a_conflicted_pair_is_replaced(
    formal_check, applicant, cluster, cluster_manager, jurors
):
    application = make_application(formal_check, applicant)
    make_review(application, jurors[0], source=AssignmentSource.MANUAL)
    conflict(jurors[0], application)
    services.assign_reviews(user=cluster_manager, cluster=cluster, edition=formal_check)
    assert (application.pk, jurors[0].pk) not in pairs()
    assert application.reviews.count() == 3


def test_add_by_hand_refuses_conflicts_and_duplicates(
    formal_check, applicant, cluster, cluster_manager, jurors
):
    application = make_application(formal_check, applicant)
    review = services.add_review_assignment(
        user=cluster_manager, cluster=cluster, application=application, member=jurors[1]
    )
    assert (review.source, review.status) == (AssignmentSource.MANUAL, ReviewStatus.ASSIGNED)
    with pytest.raises(ValidationError, match="bereits"):
        services.add_review_assignment(
            user=cluster_manager, cluster=cluster, application=application, member=jurors[1]
        )
    conflict(jurors[2], application)
    with pytest.raises(ValidationError, match="befangen"):
        services.add_review_assignment(
            user=cluster_manager, cluster=cluster, application=application, member=jurors[2]
        )
    assert pairs() == {(application.pk, jurors[1].pk)}


def test_remove_by_hand_only_unstarted(formal_check, applicant, cluster, cluster_manager, jurors):
    application = make_application(formal_check, applicant)
    open_review = make_review(application, jurors[1])
    started = make_review(application, jurors[2], status=ReviewStatus.DRAFT)
    services.remove_review_assignment(user=cluster_manager, cluster=cluster, review=open_review)
    with pytest.raises(ValidationError, match="begonnen"):
        services.remove_review_assignment(user=cluster_manager, cluster=cluster, review=started)
    assert list(Review.objects.all()) == [started]


def test_assignment_rules_of_phase_and_role(edition, applicant, cluster, cluster_manager, jurors):
    application = make_application(edition, applicant)
    with pytest.raises(PhaseClosed):
        services.assign_reviews(user=cluster_manager, cluster=cluster, edition=edition)
    edition.phase = Phase.SCORING
    edition.save()
    with pytest.raises(PermissionDenied):
        services.add_review_assignment(
            user=jurors[0].user, cluster=cluster, application=application, member=jurors[1]
        )
    assert not Review.objects.exists()
