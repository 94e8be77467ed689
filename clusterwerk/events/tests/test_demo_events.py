"""The demo events (`events.demo.seed_demo_events`): the masterplan's instruments 2019–2023
documented with attendance from check-ins, the Werkstattgespräche with the Handwerkskammern,
a B2B day with a solved schedule, upcoming events with open registration and a waiting list;
everything marked demo, deterministic and idempotent, wired into seed_demo."""

from collections import Counter
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from clusterwerk.accounts.models import User
from clusterwerk.actors.demo import demo_actors, generate_demo_actors
from clusterwerk.actors.models import ActorKind, ActorRepresentative
from clusterwerk.actors.reference import load_actor_reference_data
from clusterwerk.core.models import Cluster
from clusterwerk.events.demo import (
    CHAMBER_IDS,
    ORGANISER_CHAMBER_ID,
    delete_demo_events,
    demo_data,
    demo_events,
    seed_demo_events,
    upcoming_year,
)
from clusterwerk.events.models import (
    Audience,
    B2BMeeting,
    B2BParticipant,
    CheckIn,
    CheckInKind,
    Event,
    EventFormat,
    EventSeries,
    EventStatus,
    FollowUp,
    MeetingWish,
    Registration,
    RegistrationStatus,
)
from clusterwerk.events.permissions import can_manage_event
from clusterwerk.events.queries import ticket_types_with_counts
from clusterwerk.events.reporting import events_year_figures
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.masterplan.reference import load_all_reference_data
from conftest import clock_start, make_user

pytestmark = pytest.mark.clock
TIME_LIMIT = 4.0  # seconds for the B2B schedule


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, pytestconfig, clock_moment):
    """The demo seeded once for the module (seeding takes a while): in a transaction that is
    rolled back afterwards; each test runs in a savepoint inside it. The clock is pinned as
    for the tests, since the upcoming events depend on the day of seeding."""
    import time_machine

    with (
        django_db_blocker.unblock(),
        time_machine.travel(clock_start(pytestconfig, clock_moment), tick=True),
        transaction.atomic(),
    ):
        load_all_reference_data()
        load_actor_reference_data()
        cluster = Cluster.objects.get(slug="metall")
        generate_demo_actors(cluster=cluster, scale=0.05)
        member = make_user("betrieb@example.org", first_name="Mia", last_name="Metallbau")
        report = seed_demo_events(cluster=cluster, member=member, time_limit=TIME_LIMIT)
        yield SimpleNamespace(cluster=cluster, member=member, report=report)
        transaction.set_rollback(True)


@pytest.fixture
def demo_cluster(world, db):
    return world.cluster


@pytest.fixture
def member(world, db):
    return world.member


@pytest.fixture
def seeded(world, db):
    return world.report


def event(slug):
    return Event.objects.get(slug=slug)


def signature(cluster):
    """What identifies the demo, independent of primary keys, ticket codes and the solver."""
    rows = []
    for item in demo_events(cluster).order_by("slug"):
        rows.append(
            (
                item.slug,
                item.status,
                item.starts_at,
                item.district_id,
                tuple(sorted(str(t.lineage) for t in item.topics.all())),
                tuple(
                    (r.first_name, r.last_name, r.email, r.actor_id, r.status, r.created_at)
                    for r in item.registrations.order_by("email")
                ),
                CheckIn.objects.filter(registration__event=item).count(),
                tuple(item.follow_ups.values_list("kind", "title", "created_at")),
            )
        )
    return rows


def test_everything_is_marked_demo(demo_cluster, seeded):
    events = Event.objects.filter(cluster=demo_cluster)
    assert events.count() == len(demo_data()["events"]) == seeded.events
    assert not events.filter(is_demo=False).exists()
    assert not EventSeries.objects.filter(is_demo=False).exists()
    assert not Registration.objects.filter(is_demo=False).exists()
    assert not B2BParticipant.objects.filter(is_demo=False).exists()
    assert not FollowUp.objects.filter(is_demo=False).exists()
    for item in events:
        assert "Demo" in item.description
    emails = Registration.objects.exclude(user__email="betrieb@example.org")
    assert all(email.endswith("@example.org") for email in emails.values_list("email", flat=True))


def test_the_conferences_are_documented_with_attendance_from_check_ins(seeded):
    for slug, online in (
        ("clusterkonferenz-metall-2019", False),
        ("clusterkonferenz-metall-2020", True),
    ):
        conference = event(slug)
        assert conference.format == EventFormat.CLUSTER_CONFERENCE
        assert conference.status == EventStatus.DOCUMENTED
        assert conference.is_online is online
        assert conference.minutes
        confirmed = conference.registrations.filter(status=RegistrationStatus.CONFIRMED)
        came = confirmed.filter(check_ins__kind=CheckInKind.ENTRY).distinct().count()
        assert 0.7 * confirmed.count() < came < confirmed.count()
        assert Registration.objects.filter(event=conference, feedback__isnull=False).exists()
        assert conference.follow_ups.count() >= 2
        # Most attendance is counted per organisation of the directory.
        linked = confirmed.filter(actor__isnull=False).count()
        assert linked > 0.8 * confirmed.count()


def test_the_werkstattgespraeche_run_with_the_chambers_in_several_districts(seeded):
    series = EventSeries.objects.get(slug="innovation-im-metallhandwerk")
    talks = series.events.exclude(status=EventStatus.CANCELLED).filter(starts_at__year__lte=2023)
    assert {item.starts_at.year for item in talks} == {2021, 2022, 2023}
    assert talks.values("district").distinct().count() >= 5
    assert all(item.format == EventFormat.WORKSHOP_TALK for item in talks)
    chambers = set(
        talks.filter(organisers__actor__kind=ActorKind.CHAMBER).values_list(
            "organisers__actor__external_id", flat=True
        )
    )
    assert chambers == set(CHAMBER_IDS)
    # The craft businesses come, many from the district of the talk.
    craft = Registration.objects.filter(
        event__in=talks, actor__kind=ActorKind.CRAFT_BUSINESS, check_ins__kind=CheckInKind.ENTRY
    )
    assert craft.count() > 100
    assert series.events.filter(status=EventStatus.CANCELLED).count() == 1


def test_the_fair_stand_and_the_camp_are_cross_cluster(seeded):
    fair = event("hannover-messe-2019-gemeinschaftsstand-leichtbau")
    assert fair.format == EventFormat.TRADE_FAIR
    assert set(fair.partner_clusters.values_list("slug", flat=True)) == {
        "verkehr-mobilitaet-logistik",
        "kunststoffe-chemie",
    }
    camp = event("cross-cluster-camp-2022")
    assert camp.format == EventFormat.CROSS_CLUSTER_CAMP
    assert list(camp.partner_clusters.values_list("slug", flat=True)) == [
        "ikt-medien-kreativwirtschaft"
    ]


def test_the_b2b_day_has_sixty_participants_wishes_and_a_solved_schedule(seeded):
    day = event("b2b-kooperationstag-metall-2022")
    assert day.b2b_participants.count() == 60
    assert MeetingWish.objects.filter(event=day).count() > 100
    assert day.b2b.solver_report["meetings"] > 50
    meetings = list(B2BMeeting.objects.filter(event=day).select_related("slot"))
    assert len(meetings) == day.b2b.solver_report["meetings"]
    seats = Counter()
    for meeting in meetings:
        assert not meeting.slot.is_break
        seats[(meeting.slot.index, meeting.first_id)] += 1
        seats[(meeting.slot.index, meeting.second_id)] += 1
    assert max(seats.values()) == 1  # nobody is booked twice in a slot
    statuses = Counter(meeting.status for meeting in meetings)
    assert statuses["held"] > statuses["no_show"] > 0
    assert any(meeting.outcome for meeting in meetings)


def test_upcoming_events_are_next_year_with_registration_open(seeded):
    now = timezone.now()
    year = upcoming_year()
    upcoming = Event.objects.filter(is_demo=True, starts_at__gt=now)
    assert upcoming.count() == seeded.upcoming == 4
    for item in upcoming:
        assert item.starts_at.year == year
        assert item.status == EventStatus.PUBLISHED
        assert item.registration_opens_at < now < item.registration_closes_at
    full = event(f"werkstattgespraech-laserschweissen-werder-{year}")
    craft = next(t for t in ticket_types_with_counts(full) if t.audience == Audience.CRAFT)
    assert craft.taken == craft.capacity
    assert craft.waiting == 4
    waiting = list(
        full.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by("waitlisted_at")
    )
    assert all(r.waitlisted_at <= now for r in waiting)
    assert all(r.ticket_type_id == craft.pk for r in waiting)


def test_topic_areas_come_from_the_published_edition_by_lineage(demo_cluster, seeded):
    catalogue = topic_catalogue(demo_cluster)
    fair = event("hannover-messe-2019-gemeinschaftsstand-leichtbau")
    numbers = {catalogue.number_by_lineage[str(t.lineage)] for t in fair.topics.all()}
    assert numbers == {"4.4.1", "5.1.3", "5.1.4", "5.3.1"}


def test_the_demo_member_attended_and_is_registered(seeded, member):
    mine = Registration.objects.filter(user=member)
    assert mine.count() == 3
    assert mine.filter(check_ins__kind=CheckInKind.ENTRY).count() == 1
    assert mine.filter(event__starts_at__gt=timezone.now()).count() == 2


def test_the_report_counts_the_demo_year_2022(demo_cluster, seeded):
    figures = events_year_figures(demo_cluster, [2020, 2021, 2022])
    assert figures.series(figures.held) == [1, 2, 5]
    assert figures.series(figures.cross_cluster) == [0, 0, 1]
    assert figures.b2b_meetings_held[2022] > 50
    assert figures.craft_businesses[2022] > 10
    assert figures.participants[2022] < figures.confirmed[2022]


def test_deterministic_and_idempotent(demo_cluster, member, seeded):
    first = signature(demo_cluster)
    again = seed_demo_events(cluster=demo_cluster, member=member, time_limit=TIME_LIMIT)
    assert again.skipped
    assert signature(demo_cluster) == first
    delete_demo_events(demo_cluster)
    assert not Event.objects.exists()
    seed_demo_events(cluster=demo_cluster, member=member, time_limit=TIME_LIMIT)
    assert signature(demo_cluster) == first


def test_a_registration_that_lost_its_organisation_makes_it_anew(demo_cluster, seeded):
    registration = Registration.objects.filter(actor__isnull=False, user__isnull=True).first()
    Registration.objects.filter(pk=registration.pk).update(actor=None)
    report = seed_demo_events(cluster=demo_cluster, time_limit=TIME_LIMIT)
    assert not report.skipped
    assert report.deleted == report.events


def test_without_demo_companies_it_refuses(demo_cluster):
    Registration.objects.update(actor=None)
    delete_demo_events(demo_cluster)
    demo_actors(demo_cluster).delete()
    with pytest.raises(ValueError):
        seed_demo_events(cluster=demo_cluster)


def test_seed_demo_makes_the_events_and_the_chamber_organiser(db, settings):
    load_all_reference_data()
    load_actor_reference_data()
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", "--scale", "0.02", stdout=out)
    assert "Demo-Veranstaltungen:" in out.getvalue()
    assert "kammer@example.org" in out.getvalue()
    organiser = User.objects.get(email="kammer@example.org")
    assert ActorRepresentative.objects.filter(
        user=organiser, actor__external_id=ORGANISER_CHAMBER_ID
    ).exists()
    year = upcoming_year()
    assert can_manage_event(organiser, event(f"werkstattgespraech-laserschweissen-werder-{year}"))
    assert not can_manage_event(organiser, event(f"clusterkonferenz-metall-{year}"))
    assert not can_manage_event(organiser, event("werkstattgespraech-2021-neue-werkstoffe-cottbus"))
    assert Registration.objects.filter(user__email="betrieb@example.org").exists()
    # The cross-cluster demo's camp is a demo event of the cluster too, but not one of these.
    camp = Event.objects.get(slug="cross-cluster-camp-metall-2021", is_demo=True)
    rerun = StringIO()
    call_command("seed_demo", "--scale", "0.02", stdout=rerun)
    assert "Demo-Veranstaltungen: 18 vorhanden (unverändert)." in rerun.getvalue()
    assert Event.objects.filter(pk=camp.pk).exists()  # kept, not deleted and made anew
