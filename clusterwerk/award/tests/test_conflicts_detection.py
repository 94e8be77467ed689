"""Conflict detection from the platform's own data: one positive and one negative case per
source, the number of queries, and the service that stores proposals (a dismissed proposal
never comes back)."""

import datetime

import pytest
from django.utils import timezone

from clusterwerk.accounts.models import Role
from clusterwerk.actors.models import ActorRepresentative, BodySeat, ClusterBody, ContactPerson
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.award.conflicts import find_conflicts
from clusterwerk.award.models import (
    ApplicationStatus,
    AuditEntry,
    Conflict,
    ConflictKind,
    ConflictSource,
    ConflictStatus,
    ReviewStatus,
)
from clusterwerk.award.services import jury as services
from clusterwerk.award.tests.factories import make_application, make_juror, make_review
from clusterwerk.core.dates import add_years
from clusterwerk.matchmaking.models import InterestStatus
from clusterwerk.matchmaking.tests.factories import make_interest, make_listing
from clusterwerk.projects.models import PartnerRole, Project, ProjectPartner
from conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def juror_org(cluster):
    return make_actor(cluster, "Stahlwerk Eisenhüttenstadt AG")


@pytest.fixture
def juror(edition, juror_org):
    return make_juror(edition, "gutachter@jury.example", affiliation=juror_org)


def found(edition, **kwargs):
    return {
        (c.jury_member.pk, c.application.pk, c.source) for c in find_conflicts(edition, **kwargs)
    }


def sources(edition, member, application):
    return {s for m, a, s in found(edition) if m == member.pk and a == application.pk}


def make_project(cluster, title, actors, *, start=None, end=None):
    project = Project.objects.create(cluster=cluster, title=title, start_date=start, end_date=end)
    for index, actor in enumerate(actors):
        ProjectPartner.objects.create(
            project=project,
            actor=actor,
            role=PartnerRole.LEAD if index == 0 else PartnerRole.PARTNER,
        )
    return project


def test_the_juror_who_created_the_application_is_conflicted(edition, applicant, jurors):
    own = make_application(edition, applicant, created_by=jurors[2].user)
    other = make_application(edition, applicant, title="Andere")
    assert ConflictSource.APPLICANT_PERSON in sources(edition, jurors[2], own)
    assert ConflictSource.APPLICANT_PERSON not in sources(edition, jurors[2], other)


def test_same_organisation_by_affiliation_representation_or_contact(
    edition, applicant, berlin_company, juror, cluster
):
    application = make_application(edition, applicant)
    assert sources(edition, juror, application) == set()
    juror.affiliation = applicant
    juror.save()
    proposals = [p for p in find_conflicts(edition) if p.jury_member == juror]
    assert [(p.source, p.kind) for p in proposals] == [
        (ConflictSource.SAME_ORGANISATION, ConflictKind.INSTITUTIONAL)
    ]
    assert "Metallbau Havelland GmbH" in proposals[0].evidence

    representative = make_juror(edition, "vertreterin@jury.example")
    ActorRepresentative.objects.create(actor=applicant, user=representative.user)
    contact = make_juror(edition, "kontakt@jury.example")
    ContactPerson.objects.create(actor=applicant, name="Kontakt", user=contact.user)
    by_email = make_juror(edition, "chef@metallbau-havelland.example")
    ContactPerson.objects.create(actor=berlin_company, name="Andere", email=by_email.user.email)
    assert sources(edition, representative, application) == {ConflictSource.SAME_ORGANISATION}
    assert sources(edition, contact, application) == {ConflictSource.SAME_ORGANISATION}
    # No guessing from e-mail addresses (OpenReview issue 301).
    assert sources(edition, by_email, application) == set()


def test_a_partner_organisation(edition, applicant, institute, berlin_company, jurors):
    with_institute = make_application(edition, berlin_company, partners=[institute])
    without = make_application(edition, berlin_company, title="Ohne Institut")
    assert sources(edition, jurors[0], with_institute) == {ConflictSource.PARTNER_ORGANISATION}
    assert sources(edition, jurors[0], without) == set()


def test_only_submitted_applications_are_checked(edition, applicant, juror):
    juror.affiliation = applicant
    juror.save()
    make_application(edition, applicant, status=ApplicationStatus.DRAFT)
    make_application(edition, applicant, status=ApplicationStatus.WITHDRAWN)
    assert found(edition) == set()


@pytest.mark.clock
def test_a_shared_project_in_the_last_three_years(edition, applicant, juror, juror_org, cluster):
    application = make_application(edition, applicant)
    today = timezone.localdate()
    make_project(
        cluster,
        "Altes Verbundprojekt",
        [juror_org, applicant],
        start=add_years(today, -8),
        end=add_years(today, -4),
    )
    make_project(
        cluster, "Künftiges Projekt", [juror_org, applicant], start=today + datetime.timedelta(1)
    )
    assert sources(edition, juror, application) == set()
    make_project(
        cluster,
        "Leichtbau 2030",
        [applicant, juror_org],
        start=add_years(today, -5),
        end=add_years(today, -3),  # ended exactly three years ago: still inside
    )
    proposals = [p for p in find_conflicts(edition) if p.jury_member == juror]
    assert [(p.source, p.kind) for p in proposals] == [
        (ConflictSource.SHARED_PROJECT, ConflictKind.COLLABORATOR)
    ]
    assert "Leichtbau 2030" in proposals[0].evidence


def test_a_running_project_without_dates_counts(edition, applicant, juror, juror_org, cluster):
    application = make_application(edition, applicant)
    make_project(cluster, "Offenes Projekt", [juror_org, applicant])
    assert sources(edition, juror, application) == {ConflictSource.SHARED_PROJECT}


@pytest.mark.parametrize("direction", ["juror_owns", "applicant_owns"])
def test_an_accepted_interest_in_either_direction(edition, applicant, juror, juror_org, direction):
    application = make_application(edition, applicant)
    sender = make_user("sender@example.org")
    owner, other = (juror_org, applicant) if direction == "juror_owns" else (applicant, juror_org)
    listing = make_listing(owner)
    interest = make_interest(listing, other, sender, status=InterestStatus.PENDING)
    assert sources(edition, juror, application) == set()
    interest.status = InterestStatus.DECLINED
    interest.save()
    assert sources(edition, juror, application) == set()
    interest.status = InterestStatus.ACCEPTED
    interest.save()
    assert sources(edition, juror, application) == {ConflictSource.ACCEPTED_INTEREST}


@pytest.mark.clock
def test_board_seats_in_the_same_body_with_overlapping_terms(
    edition, applicant, juror, juror_org, cluster, other_cluster
):
    application = make_application(edition, applicant)
    today = timezone.localdate()
    BodySeat.objects.create(actor=juror_org, cluster=cluster, body=ClusterBody.ADVISORY_BOARD)
    BodySeat.objects.create(actor=applicant, cluster=cluster, body=ClusterBody.STEERING_GROUP)
    BodySeat.objects.create(actor=applicant, cluster=other_cluster, body=ClusterBody.ADVISORY_BOARD)
    assert sources(edition, juror, application) == set()  # different bodies, other cluster
    seat = BodySeat.objects.create(
        actor=applicant,
        cluster=cluster,
        body=ClusterBody.ADVISORY_BOARD,
        since=add_years(today, -10),
        until=add_years(today, -4),
    )
    assert sources(edition, juror, application) == set()  # left four years ago
    seat.until = add_years(today, -2)
    seat.save()
    assert sources(edition, juror, application) == {ConflictSource.BOARD_SEATS}


@pytest.mark.clock
def test_board_seats_whose_terms_do_not_overlap(edition, applicant, juror, juror_org, cluster):
    application = make_application(edition, applicant)
    today = timezone.localdate()
    BodySeat.objects.create(
        actor=juror_org,
        cluster=cluster,
        body=ClusterBody.ADVISORY_BOARD,
        since=add_years(today, -3),
        until=add_years(today, -2),
    )
    BodySeat.objects.create(
        actor=applicant,
        cluster=cluster,
        body=ClusterBody.ADVISORY_BOARD,
        since=add_years(today, -1),
    )
    assert sources(edition, juror, application) == set()


def test_the_number_of_queries_does_not_grow(
    edition, applicant, institute, cluster, django_assert_max_num_queries
):
    def grow(count, offset):
        for index in range(count):
            org = make_actor(cluster, f"Firma {offset + index}")
            member = make_juror(edition, f"j{offset + index}@jury.example", affiliation=org)
            ActorRepresentative.objects.create(actor=org, user=member.user)
            make_application(
                edition, org, title=f"Bewerbung {offset + index}", partners=[institute]
            )
            make_project(cluster, f"Projekt {offset + index}", [org, applicant])
            BodySeat.objects.create(actor=org, cluster=cluster, body=ClusterBody.ADVISORY_BOARD)
            make_interest(make_listing(org), applicant, member.user, status=InterestStatus.ACCEPTED)

    grow(2, 0)
    with django_assert_max_num_queries(10):
        small = find_conflicts(edition)
    grow(8, 100)
    with django_assert_max_num_queries(10):
        large = find_conflicts(edition)
    assert len(large) > len(small) > 0


def test_detect_stores_proposals_and_never_reproposes_a_dismissed_one(
    edition, applicant, juror, cluster, cluster_manager
):
    juror.affiliation = applicant
    juror.save()
    application = make_application(edition, applicant)
    review = make_review(application, juror)
    created = services.detect_conflicts(user=cluster_manager, cluster=cluster, edition=edition)
    assert [(c.source, c.status) for c in created] == [
        (ConflictSource.SAME_ORGANISATION, ConflictStatus.PROPOSED)
    ]
    assert not type(review).objects.filter(pk=review.pk).exists()  # unstarted review out
    assert AuditEntry.objects.filter(edition=edition, action="conflict").count() == 1
    assert services.detect_conflicts(user=cluster_manager, cluster=cluster, edition=edition) == []
    services.decide_conflict(
        user=cluster_manager, cluster=cluster, conflict=created[0], pin=False, reason="Ehemals."
    )
    assert services.detect_conflicts(user=cluster_manager, cluster=cluster, edition=edition) == []
    assert Conflict.objects.get().status == ConflictStatus.DISMISSED


def test_detect_keeps_a_started_review_until_the_decision(
    edition, applicant, juror, cluster, cluster_manager
):
    juror.affiliation = applicant
    juror.save()
    application = make_application(edition, applicant)
    review = make_review(application, juror, status=ReviewStatus.DRAFT)
    services.detect_conflicts(user=cluster_manager, cluster=cluster, edition=edition)
    review.refresh_from_db()
    conflict = Conflict.objects.get()
    services.decide_conflict(
        user=cluster_manager, cluster=cluster, conflict=conflict, pin=True, reason="Eindeutig."
    )
    assert not type(review).objects.filter(pk=review.pk).exists()


def test_only_the_management_detects(edition, cluster, jurors, member):
    from django.core.exceptions import PermissionDenied

    for user in (member, jurors[1].user, make_user("x@jury.example", cluster, Role.JURY)):
        with pytest.raises(PermissionDenied):
            services.detect_conflicts(user=user, cluster=cluster, edition=edition)
