# ruff: noqa: F811 (fixtures from pages_support)
"""One event's page: facts in Europe/Berlin, seats, the online link only for confirmed
participants and organisers, the cancellation notice, schema.org JSON-LD, and who sees it."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from clusterwerk.actors.tests.conftest import topic_lineage
from clusterwerk.events.models import EventFormat, EventStatus, RegistrationStatus
from clusterwerk.events.tests.factories import make_event, make_registration
from clusterwerk.events.tests.pages_support import (  # noqa: F401
    chamber,
    chamber_user,
    districts,
    plan,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
BERLIN = ZoneInfo("Europe/Berlin")


def json_ld(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


@pytest.fixture
def event(cluster, plan, districts, chamber):
    return make_event(
        cluster,
        title="Werkstattgespräch </script><b>Schweißen</b>",
        starts_at=datetime.datetime(2027, 3, 4, 10, 0, tzinfo=BERLIN),
        district=districts["12054"],
        online_url="https://meet.example/geheim",
        topics=[topic_lineage(plan, "4.4.2")],
        organisers=[chamber],
        capacity=10,
    )


def test_page_shows_facts_in_berlin_time_seats_and_links(client, event, chamber):
    make_registration(event)
    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Donnerstag, 4. März 2027, 10:00" in html and "13:00" in html
    assert "9 von 10 Plätzen frei" in html
    assert f'href="{chamber.get_absolute_url()}"' in html
    assert 'href="/veranstaltungen/?thema=4.4.2"' in html
    assert "&lt;b&gt;Schweißen&lt;/b&gt;" in html  # the title is text, not markup
    # The online link is for confirmed participants and organisers only.
    assert "meet.example/geheim" not in html
    assert "Den Online-Zugang sehen angemeldete Teilnehmende" in html


def test_json_ld_parses_back(client, event, chamber):
    data = json_ld(client.get(event.get_absolute_url()))
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["startDate"] == "2027-03-04T10:00:00+01:00"
    assert data["endDate"] == "2027-03-04T13:00:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["@type"] == "Place" and place["address"]["postalCode"] == "14467"
    assert virtual["@type"] == "VirtualLocation"
    assert "geheim" not in json.dumps(data)
    assert data["inLanguage"] == "de"
    assert data["url"].endswith(event.get_absolute_url())
    assert [o["name"] for o in data["organizer"]][1] == chamber.name


def test_json_ld_of_a_cancelled_online_event(client, cluster):
    event = make_event(
        cluster,
        format=EventFormat.ONLINE,
        venue_name="",
        street="",
        postal_code="",
        municipality="",
        online_url="https://meet.example/x",
        status=EventStatus.CANCELLED,
        cancellation_reason="Zu wenige Anmeldungen",
    )
    response = client.get(event.get_absolute_url())
    data = json_ld(response)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"
    assert "Diese Veranstaltung ist abgesagt." in response.content.decode()
    assert "Zu wenige Anmeldungen" in response.content.decode()


def test_confirmed_participant_and_manager_see_the_online_link(
    client, event, outsider, cluster_manager
):
    registration = make_registration(event, user=outsider, status=RegistrationStatus.WAITLISTED)
    client.force_login(outsider)
    assert "meet.example/geheim" not in client.get(event.get_absolute_url()).content.decode()
    registration.status = RegistrationStatus.CONFIRMED
    registration.save()
    assert "meet.example/geheim" in client.get(event.get_absolute_url()).content.decode()
    client.force_login(cluster_manager)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "meet.example/geheim" in html and "Für die Veranstalter" in html


def test_the_page_offers_registration_while_it_is_open(client, cluster):
    event = make_event(cluster)  # in four weeks, whatever today is
    html = client.get(event.get_absolute_url()).content.decode()
    assert f'href="{reverse("events:register", args=[event.slug])}"' in html


def test_drafts_and_members_only_events_are_hidden(
    client, cluster, member, other_cluster_member, cluster_manager
):
    draft = make_event(cluster, status=EventStatus.DRAFT)
    members = make_event(cluster, is_public=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(members.get_absolute_url()).status_code == 404
    client.force_login(other_cluster_member)
    assert client.get(members.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(members.get_absolute_url()).status_code == 200
    client.force_login(cluster_manager)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_an_event_of_another_cluster_is_not_found_here(client, cluster, other_cluster):
    event = make_event(other_cluster)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(f"/c/{other_cluster.slug}{event.get_absolute_url()}").status_code == 200


def test_the_page_links_the_other_parts(client, event, cluster_manager):
    def links(html, *names):
        for name in names:
            assert f'href="{reverse(name, args=[event.slug])}"' in html, name

    links(client.get(event.get_absolute_url()).content.decode(), "events:event-ics")
    client.force_login(cluster_manager)
    html = client.get(event.get_absolute_url()).content.decode()
    links(html, "events:registrations", "events:checkin", "events:tickets", "events:edit")
