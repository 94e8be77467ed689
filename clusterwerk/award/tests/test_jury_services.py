"""Jury services: adding and removing jurors, the confidentiality declaration, declared
conflicts and the management's decisions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from clusterwerk.accounts.models import Role, RoleAssignment
from clusterwerk.award.models import (
    AuditEntry,
    Conflict,
    ConflictKind,
    ConflictSource,
    ConflictStatus,
    JuryMember,
    Phase,
    Review,
    ReviewStatus,
)
from clusterwerk.award.phases import PhaseClosed
from clusterwerk.award.services import jury as services
from clusterwerk.award.tests.factories import make_application, make_award_edition, make_review
from conftest import make_user

pytestmark = pytest.mark.django_db


def test_add_juror_by_email_gives_the_role(edition, cluster, cluster_manager, institute):
    person = make_user("Neu@Jury.example")
    member = services.add_juror(
        user=cluster_manager,
        cluster=cluster,
        edition=edition,
        juror="neu@jury.example",
        affiliation=institute,
        function="Professorin",
    )
    assert (member.user, member.affiliation, member.function, member.is_chair) == (
        person,
        institute,
        "Professorin",
        False,
    )
    assert member.confidentiality_accepted_at is None
    assert RoleAssignment.objects.filter(user=person, cluster=cluster, role=Role.JURY).exists()


@pytest.mark.parametrize(
    ("email", "field"),
    [("", "email"), ("niemand@example.org", "email"), ("juror2@jury.example", "email")],
)
def test_add_juror_refuses_unknown_or_duplicate(
    edition, cluster, cluster_manager, jurors, email, field
):
    before = JuryMember.objects.count()
    with pytest.raises(ValidationError) as error:
        services.add_juror(user=cluster_manager, cluster=cluster, edition=edition, juror=email)
    assert field in error.value.message_dict
    assert JuryMember.objects.count() == before


def test_a_second_chair_is_refused(edition, cluster, cluster_manager, jurors):
    make_user("zweiter@jury.example")
    with pytest.raises(ValidationError) as error:
        services.add_juror(
            user=cluster_manager,
            cluster=cluster,
            edition=edition,
            juror="zweiter@jury.example",
            is_chair=True,
        )
    assert "Vorsitz" in error.value.message_dict["is_chair"][0]


def test_only_the_management_of_the_cluster_adds(
    edition, cluster, other_cluster, other_cluster_manager, member
):
    make_user("neu@jury.example")
    with pytest.raises(PermissionDenied):
        services.add_juror(user=member, cluster=cluster, edition=edition, juror="neu@jury.example")
    with pytest.raises(Http404):
        services.add_juror(
            user=other_cluster_manager,
            cluster=other_cluster,
            edition=edition,
            juror="neu@jury.example",
        )


def test_the_jury_is_fixed_in_the_discussion(edition, cluster, cluster_manager, jurors):
    edition.phase = Phase.DISCUSSION
    edition.save()
    with pytest.raises(PhaseClosed):
        services.remove_juror(user=cluster_manager, cluster=cluster, member=jurors[1])


def test_remove_juror_with_unstarted_reviews_only(
    edition, applicant, cluster, cluster_manager, jurors
):
    application = make_application(edition, applicant)
    make_review(application, jurors[1])
    services.remove_juror(user=cluster_manager, cluster=cluster, member=jurors[1])
    assert not JuryMember.objects.filter(pk=jurors[1].pk).exists()
    assert not Review.objects.exists()
    make_review(application, jurors[2], scores=4)
    with pytest.raises(ValidationError):
        services.remove_juror(user=cluster_manager, cluster=cluster, member=jurors[2])
    assert Review.objects.filter(jury_member=jurors[2]).exists()


def test_accept_confidentiality_once(edition, cluster, jurors, cluster_manager):
    member = jurors[1]
    member.confidentiality_accepted_at = None
    member.save()
    accepted = services.accept_confidentiality(user=member.user, cluster=cluster, edition=edition)
    first = accepted.confidentiality_accepted_at
    assert first is not None
    again = services.accept_confidentiality(user=member.user, cluster=cluster, edition=edition)
    assert again.confidentiality_accepted_at == first
    with pytest.raises(PermissionDenied):
        services.accept_confidentiality(user=cluster_manager, cluster=cluster, edition=edition)


def test_declare_conflict_pins_at_once_and_takes_the_review_out(
    edition, applicant, cluster, jurors
):
    application = make_application(edition, applicant)
    edition.phase = Phase.DISCUSSION
    edition.save()
    make_review(application, jurors[1], scores=5)
    conflict = services.declare_conflict(
        user=jurors[1].user,
        cluster=cluster,
        edition=edition,
        application=application,
        kind=ConflictKind.PERSONAL,
        reason="Meine Schwester leitet die Firma.",
    )
    assert (conflict.status, conflict.source) == (
        ConflictStatus.PINNED,
        ConflictSource.SELF_DECLARED,
    )
    assert not Review.objects.filter(jury_member=jurors[1]).exists()
    assert AuditEntry.objects.filter(action="conflict", application=application).exists()
    assert AuditEntry.objects.filter(action="assignment", application=application).exists()
    with pytest.raises(ValidationError):
        services.declare_conflict(
            user=jurors[1].user,
            cluster=cluster,
            edition=edition,
            application=application,
            kind=ConflictKind.OTHER,
            reason="Noch einmal.",
        )


@pytest.mark.parametrize(
    ("kind", "reason", "field"), [("", "Grund", "kind"), ("personal", " ", "reason")]
)
def test_declare_conflict_needs_kind_and_reason(
    edition, applicant, cluster, jurors, kind, reason, field
):
    application = make_application(edition, applicant)
    with pytest.raises(ValidationError) as error:
        services.declare_conflict(
            user=jurors[1].user,
            cluster=cluster,
            edition=edition,
            application=application,
            kind=kind,
            reason=reason,
        )
    assert field in error.value.message_dict
    assert not Conflict.objects.exists()


def test_declare_conflict_needs_the_declaration_and_a_seat(
    edition, applicant, cluster, jurors, member
):
    application = make_application(edition, applicant)
    jurors[1].confidentiality_accepted_at = None
    jurors[1].save()
    for user in (jurors[1].user, member):
        with pytest.raises(PermissionDenied):
            services.declare_conflict(
                user=user,
                cluster=cluster,
                edition=edition,
                application=application,
                kind="other",
                reason="x",
            )


def test_declare_conflict_on_another_editions_application(edition, applicant, cluster, jurors):
    other = make_award_edition(cluster, year=edition.year - 1)
    application = make_application(other, applicant)
    with pytest.raises(Http404):
        services.declare_conflict(
            user=jurors[1].user,
            cluster=cluster,
            edition=edition,
            application=application,
            kind="other",
            reason="x",
        )


def test_decide_needs_a_reason_and_not_ones_own(
    edition, applicant, cluster, cluster_manager, jurors
):
    application = make_application(edition, applicant)
    conflict = Conflict.objects.create(
        jury_member=jurors[2],
        application=application,
        kind=ConflictKind.COLLABORATOR,
        source=ConflictSource.SHARED_PROJECT,
    )
    with pytest.raises(ValidationError) as error:
        services.decide_conflict(
            user=cluster_manager, cluster=cluster, conflict=conflict, pin=True, reason=""
        )
    assert "reason" in error.value.message_dict
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.PROPOSED
    RoleAssignment.objects.create(user=jurors[2].user, cluster=cluster, role=Role.CLUSTER_MANAGER)
    with pytest.raises(PermissionDenied):
        services.decide_conflict(
            user=jurors[2].user, cluster=cluster, conflict=conflict, pin=False, reason="Nein."
        )


def test_pinning_takes_even_a_submitted_review_out(
    edition, applicant, cluster, cluster_manager, jurors
):
    application = make_application(edition, applicant)
    edition.phase = Phase.SCORING
    edition.save()
    make_review(application, jurors[2], scores=3)
    kept = make_review(application, jurors[3], status=ReviewStatus.DRAFT)
    conflict = Conflict.objects.create(
        jury_member=jurors[2],
        application=application,
        kind=ConflictKind.COLLABORATOR,
        source=ConflictSource.SHARED_PROJECT,
    )
    decided = services.decide_conflict(
        user=cluster_manager, cluster=cluster, conflict=conflict, pin=True, reason="Klarer Fall."
    )
    assert (decided.status, decided.reason, decided.decided_by) == (
        ConflictStatus.PINNED,
        "Klarer Fall.",
        cluster_manager,
    )
    assert list(Review.objects.all()) == [kept]
