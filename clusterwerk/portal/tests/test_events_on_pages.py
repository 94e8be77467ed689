"""Events on the topic area's page and on the actor's profile (`events.related`): upcoming
and past events the viewer may see, no drafts, the events an actor co-organises and those its
people attended (counts, no names); the number of queries does not grow with the events."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterwerk.actors.models import ActorKind
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.core import versions
from clusterwerk.events.models import (
    CheckIn,
    CheckInKind,
    CheckInMethod,
    Event,
    EventStatus,
)
from clusterwerk.events.related import events_for_topic_area, events_of_actor
from clusterwerk.events.tests.factories import BERLIN, make_event, make_registration
from clusterwerk.masterplan.models import EditionStatus, TopicArea
from clusterwerk.masterplan.tests.factories import make_edition

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def plan(cluster):
    return make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)


@pytest.fixture
def lineage(plan):
    return TopicArea.objects.get(edition=plan, number="4.4.2").lineage


def topic_url():
    return reverse("portal:topic-area", args=["2020", "4.4.2"])


def days(number, hour=16):
    from django.utils import timezone

    day = timezone.localdate() + datetime.timedelta(days=number)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BERLIN)


def came(event, actor, name):
    registration = make_registration(event, actor=actor, first_name=name, last_name="Geheim")
    CheckIn.objects.create(
        registration=registration,
        kind=CheckInKind.ENTRY,
        method=CheckInMethod.QR,
        scanned_at=event.starts_at,
    )
    return registration


@pytest.fixture
def topic_events(cluster, other_cluster, lineage):
    make_event(cluster, title="Kommendes Werkstattgespräch", starts_at=days(20), topics=[lineage])
    make_event(
        cluster,
        title="Vergangenes Werkstattgespräch",
        starts_at=days(-40),
        status=EventStatus.DOCUMENTED,
        topics=[lineage],
    )
    make_event(
        cluster, title="Nur für Mitglieder", starts_at=days(30), is_public=False, topics=[lineage]
    )
    make_event(
        cluster,
        title="Entwurf im Stillen",
        starts_at=days(10),
        status=EventStatus.DRAFT,
        topics=[lineage],
    )
    make_event(
        cluster,
        title="Abgesagt und vorbei",
        starts_at=days(-10),
        status=EventStatus.CANCELLED,
        topics=[lineage],
    )
    make_event(cluster, title="Anderes Thema", starts_at=days(12))
    make_event(other_cluster, title="Fremdes Cluster", starts_at=days(15), topics=[lineage])


def test_the_topic_area_page_shows_its_events(client, member_client_factory, topic_events):
    public = client.get(topic_url()).content.decode()
    assert "Kommendes Werkstattgespräch" in public
    assert "Vergangenes Werkstattgespräch" in public
    for hidden in (
        "Nur für Mitglieder",
        "Entwurf im Stillen",
        "Abgesagt und vorbei",
        "Anderes Thema",
        "Fremdes Cluster",
    ):
        assert hidden not in public
    member = member_client_factory("member").get(topic_url()).content.decode()
    assert "Nur für Mitglieder" in member
    assert "Entwurf im Stillen" not in member
    manager = member_client_factory("cluster_manager").get(topic_url()).content.decode()
    assert "Entwurf im Stillen" not in manager  # drafts are under "Verwalten"
    other = member_client_factory("other_cluster_member").get(topic_url()).content.decode()
    assert "Nur für Mitglieder" not in other


def test_the_panel_orders_and_counts(cluster, lineage, outsider):
    for number in range(1, 8):
        make_event(cluster, title=f"Termin {number}", starts_at=days(number), topics=[lineage])
    panel = events_for_topic_area(outsider, cluster, lineage, limit=5)
    assert [event.title for event in panel.upcoming] == [f"Termin {n}" for n in range(1, 6)]
    assert panel.upcoming_count == 7
    assert panel.past == [] and panel.past_count == 0


def test_an_empty_topic_area_says_so(client, plan):
    page = client.get(topic_url()).content.decode()
    assert "keine Veranstaltung, die Sie sehen können" in page


def test_the_topic_page_query_count_does_not_grow_with_events(client, cluster, lineage):
    make_event(cluster, title="Erster Termin", starts_at=days(5), topics=[lineage])
    make_event(
        cluster, title="Alter Termin", starts_at=days(-5), status=EventStatus.HELD, topics=[lineage]
    )
    client.get(topic_url())
    versions.bump(versions.EVENTS)
    with CaptureQueriesContext(connection) as few:
        assert client.get(topic_url()).status_code == 200
    for number in range(2, 12):
        make_event(cluster, title=f"Termin {number}", starts_at=days(number), topics=[lineage])
        make_event(
            cluster,
            title=f"Rückblick {number}",
            starts_at=days(-number),
            status=EventStatus.DOCUMENTED,
            topics=[lineage],
        )
    versions.bump(versions.EVENTS)
    with CaptureQueriesContext(connection) as many:
        content = client.get(topic_url()).content.decode()
    assert "Termin 2" in content and "Rückblick 2" in content
    assert "Alle 11 kommenden Veranstaltungen zeigen" in content
    assert "/veranstaltungen/?thema=4.4.2" in content
    event = Event.objects.get(title="Termin 2")
    assert f'href="/veranstaltungen/{event.slug}/"' in content
    assert len(many) == len(few)


@pytest.fixture
def chamber(cluster):
    return make_actor(cluster, "Handwerkskammer Beispiel", kind=ActorKind.CHAMBER)


@pytest.fixture
def craft(cluster):
    return make_actor(cluster, "Metallbau Beispiel", kind=ActorKind.CRAFT_BUSINESS)


def test_the_actor_profile_shows_organised_and_attended_events(client, cluster, chamber, craft):
    make_event(cluster, title="Kammer lädt ein", starts_at=days(14), organisers=[chamber])
    past = make_event(
        cluster,
        title="Kammer hat eingeladen",
        starts_at=days(-30),
        status=EventStatus.DOCUMENTED,
        organisers=[chamber],
    )
    make_event(
        cluster,
        title="Kammer plant noch",
        starts_at=days(40),
        status=EventStatus.DRAFT,
        organisers=[chamber],
    )
    came(past, craft, "Frieda")
    came(past, craft, "Gustav")
    make_registration(past, actor=craft, first_name="Nichtda")  # no check-in: not attended

    page = client.get(chamber.get_absolute_url()).content.decode()
    assert "Kammer lädt ein" in page and "Kammer hat eingeladen" in page
    assert "Kammer plant noch" not in page

    profile = client.get(craft.get_absolute_url()).content.decode()
    assert "Teilgenommen" in profile
    assert "Kammer hat eingeladen" in profile
    assert "2 Personen teilgenommen" in profile
    for name in ("Frieda", "Gustav", "Nichtda", "Geheim"):
        assert name not in profile


def test_attended_counts_only_the_actors_people(cluster, chamber, craft, outsider):
    event = make_event(cluster, starts_at=days(-3), status=EventStatus.HELD)
    came(event, craft, "Eins")
    came(event, chamber, "Zwei")
    result = events_of_actor(outsider, cluster, craft)
    assert [(e.pk, e.attendees) for e in result.attended] == [(event.pk, 1)]
    assert result.attended_count == 1
    assert result.organised.is_empty


def test_the_actor_profile_query_count_does_not_grow_with_events(client, cluster, chamber, craft):
    def add(number):
        event = make_event(
            cluster,
            title=f"Gespräch {number}",
            starts_at=days(-number - 1),
            status=EventStatus.DOCUMENTED,
            organisers=[chamber],
        )
        came(event, craft, "Person")
        make_event(
            cluster, title=f"Plan {number}", starts_at=days(number + 1), organisers=[chamber]
        )

    add(1)
    client.get(craft.get_absolute_url())
    versions.bump(versions.EVENTS)
    with CaptureQueriesContext(connection) as few:
        assert client.get(craft.get_absolute_url()).status_code == 200
        assert client.get(chamber.get_absolute_url()).status_code == 200
    for number in range(2, 14):
        add(number)
    versions.bump(versions.EVENTS)
    with CaptureQueriesContext(connection) as many:
        assert client.get(craft.get_absolute_url()).status_code == 200
        assert client.get(chamber.get_absolute_url()).status_code == 200
    assert len(many) == len(few)
