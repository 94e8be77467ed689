"""The events section's figures (`events.reporting.events_year_figures`): what counts as held,
participants only with an entrance check-in, craft businesses reached once, cross-cluster
events, B2B meetings held and follow-ups, each in its year; a constant number of queries."""

import datetime

import pytest

from clusterwerk.actors.models import Actor, ActorKind, District, DistrictKind
from clusterwerk.core.models import Cluster
from clusterwerk.events.models import (
    B2BMeeting,
    B2BMeetingStatus,
    B2BParticipant,
    B2BSlot,
    CheckIn,
    CheckInKind,
    CheckInMethod,
    EventFormat,
    EventStatus,
    FollowUp,
    FollowUpKind,
    RegistrationStatus,
)
from clusterwerk.events.reporting import NO_ACTOR, NO_DISTRICT, NO_TOPIC, events_year_figures
from clusterwerk.events.tests.factories import BERLIN, make_event, make_registration

YEARS = [2020, 2021, 2022]
LINEAGE = "3f2b1c1e-0000-4000-8000-000000000001"


def at(year, month=5, day=12, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=BERLIN)


@pytest.fixture
def district(db):
    return District.objects.create(
        ags="12069",
        name="Potsdam-Mittelmark",
        kind=DistrictKind.RURAL_DISTRICT,
        state="Brandenburg",
        centroid_latitude=52.3,
        centroid_longitude=12.7,
    )


def make_actor(name, kind, district=None):
    return Actor.objects.create(
        name=name, slug=name.lower().replace(" ", "-"), kind=kind, district=district
    )


@pytest.fixture
def craft(district):
    return make_actor("Metallbau Muster", ActorKind.CRAFT_BUSINESS, district)


@pytest.fixture
def company(db):
    return make_actor("Stahl GmbH", ActorKind.COMPANY)


def entered(registration, when=None):
    CheckIn.objects.create(
        registration=registration,
        kind=CheckInKind.ENTRY,
        method=CheckInMethod.QR,
        scanned_at=when or registration.event.starts_at,
    )
    return registration


def held(cluster, year, **overrides):
    overrides.setdefault("status", EventStatus.DOCUMENTED)
    return make_event(cluster, starts_at=at(year), **overrides)


def test_only_held_events_count_in_the_year_they_begin(cluster):
    held(cluster, 2020)
    held(cluster, 2021, status=EventStatus.HELD)
    held(cluster, 2021, status=EventStatus.CANCELLED)
    held(cluster, 2021, status=EventStatus.DRAFT)
    held(cluster, 2019)
    held(cluster, 2023)
    # Published, over and with people checked in: held, only not marked yet.
    over = held(cluster, 2022, status=EventStatus.PUBLISHED)
    entered(make_registration(over))
    # Published and over, nobody checked in: not held.
    held(cluster, 2022, status=EventStatus.PUBLISHED)
    # New Year's Eve, 23:30 in Berlin, is still the old year (22:30 UTC).
    make_event(
        cluster,
        starts_at=datetime.datetime(2020, 12, 31, 23, 30, tzinfo=BERLIN),
        status=EventStatus.HELD,
    )

    figures = events_year_figures(cluster, YEARS)

    assert figures.series(figures.held) == [2, 1, 1]
    assert figures.series(figures.by_format[EventFormat.WORKSHOP_TALK]) == [2, 1, 1]
    assert figures.series(figures.by_format[EventFormat.B2B_DAY]) == [0, 0, 0]


def test_other_clusters_events_do_not_count(cluster, other_cluster):
    held(other_cluster, 2021)
    figures = events_year_figures(cluster, YEARS)
    assert figures.series(figures.held) == [0, 0, 0]


def test_participants_are_registrations_with_an_entrance_check_in(cluster, craft, company):
    event = held(cluster, 2021)
    entered(make_registration(event, actor=craft))
    entered(make_registration(event, actor=craft))  # a colleague: two participants, one firm
    entered(make_registration(event, actor=company))
    entered(make_registration(event, organisation_name="Freies Büro"))
    make_registration(event, actor=company)  # confirmed, did not come: not a participant
    make_registration(event, status=RegistrationStatus.CANCELLED)
    # Only an exit scan is no entrance.
    left = make_registration(event, actor=company)
    CheckIn.objects.create(
        registration=left, kind=CheckInKind.EXIT, method=CheckInMethod.QR, scanned_at=at(2021)
    )

    figures = events_year_figures(cluster, YEARS)

    assert figures.series(figures.participants) == [0, 4, 0]
    assert figures.series(figures.confirmed) == [0, 6, 0]
    assert figures.participants_by_kind[ActorKind.CRAFT_BUSINESS][2021] == 2
    assert figures.participants_by_kind[ActorKind.COMPANY][2021] == 1
    assert figures.participants_by_kind[NO_ACTOR][2021] == 1
    assert figures.participants_by_district["Potsdam-Mittelmark"][2021] == 2
    assert figures.participants_by_district[NO_DISTRICT][2021] == 2
    assert figures.series(figures.organisations) == [0, 2, 0]
    assert figures.series(figures.craft_businesses) == [0, 1, 0]


def test_a_craft_business_at_two_events_is_reached_once_a_year(cluster, craft):
    for year in (2021, 2021, 2022):
        entered(make_registration(held(cluster, year), actor=craft))
    figures = events_year_figures(cluster, YEARS)
    assert figures.series(figures.participants) == [0, 2, 1]
    assert figures.series(figures.craft_businesses) == [0, 1, 1]


def test_registrations_of_events_not_held_are_not_participants(cluster, craft):
    cancelled = held(cluster, 2021, status=EventStatus.CANCELLED)
    entered(make_registration(cancelled, actor=craft))
    figures = events_year_figures(cluster, YEARS)
    assert figures.series(figures.participants) == [0, 0, 0]
    assert figures.series(figures.craft_businesses) == [0, 0, 0]


def test_cross_cluster_events_have_a_partner_cluster_or_are_a_camp(cluster):
    partner = Cluster.objects.create(slug="ikt", name="Cluster IKT")
    fair = held(cluster, 2021, format=EventFormat.TRADE_FAIR)
    fair.partner_clusters.add(partner)
    held(cluster, 2021, format=EventFormat.CROSS_CLUSTER_CAMP)
    held(cluster, 2021)
    figures = events_year_figures(cluster, YEARS)
    assert figures.series(figures.cross_cluster) == [0, 2, 0]
    assert figures.series(figures.held) == [0, 3, 0]


def test_topic_areas_count_each_event_in_each_of_its_areas(cluster):
    other = "3f2b1c1e-0000-4000-8000-000000000002"
    held(cluster, 2022, topics=[LINEAGE, other])
    held(cluster, 2022, topics=[LINEAGE])
    held(cluster, 2022)
    figures = events_year_figures(cluster, YEARS)
    assert figures.by_topic[LINEAGE][2022] == 2
    assert figures.by_topic[other][2022] == 1
    assert figures.by_topic[NO_TOPIC][2022] == 1


def test_b2b_meetings_held_and_follow_ups(cluster, craft, company):
    day = held(cluster, 2022, format=EventFormat.B2B_DAY)
    slot = B2BSlot.objects.create(
        event=day, index=0, starts_at=day.starts_at, ends_at=day.starts_at
    )
    people = [
        B2BParticipant.objects.create(event=day, registration=make_registration(day), actor=a)
        for a in (craft, company, None)
    ]
    B2BMeeting.objects.create(
        event=day,
        first=people[0],
        second=people[1],
        slot=slot,
        table=1,
        status=B2BMeetingStatus.HELD,
    )
    B2BMeeting.objects.create(
        event=day,
        first=people[0],
        second=people[2],
        slot=slot,
        table=2,
        status=B2BMeetingStatus.NO_SHOW,
    )
    first = FollowUp.objects.create(event=day, kind=FollowUpKind.LISTING, title="Inserat")
    second = FollowUp.objects.create(event=day, kind=FollowUpKind.PROJECT_IDEA, title="Idee")
    late = FollowUp.objects.create(event=day, kind=FollowUpKind.PROJECT_IDEA, title="Später")
    FollowUp.objects.filter(pk__in=[first.pk, second.pk]).update(created_at=at(2022, 6))
    FollowUp.objects.filter(pk=late.pk).update(created_at=at(2023, 2))

    figures = events_year_figures(cluster, YEARS)

    assert figures.series(figures.b2b_meetings_held) == [0, 0, 1]
    assert figures.series(figures.follow_ups) == [0, 0, 2]
    assert figures.follow_ups_by_kind[FollowUpKind.LISTING][2022] == 1
    assert figures.follow_ups_by_kind[FollowUpKind.PROJECT_IDEA][2022] == 1


def test_the_number_of_queries_does_not_grow_with_the_events(
    cluster, craft, company, django_assert_num_queries
):
    def add(count):
        for index in range(count):
            event = held(cluster, YEARS[index % 3], topics=[LINEAGE])
            entered(make_registration(event, actor=craft if index % 2 else company))

    add(2)
    with django_assert_num_queries(7):
        events_year_figures(cluster, YEARS)
    add(12)
    with django_assert_num_queries(7):
        events_year_figures(cluster, YEARS)
