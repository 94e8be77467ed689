"""'Meine Veranstaltungen' on "Mein Bereich": the person's upcoming registrations with their
status, the ticket's QR code for confirmed ones and the link to the registration – read in a
constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clusterwerk.events.models import EventStatus, RegistrationStatus
from clusterwerk.events.tests.factories import make_event, make_registration

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def my_area(cluster):
    return reverse("portal:my-area")


def test_my_upcoming_events_with_status_and_ticket(client, cluster, member, my_area):
    confirmed = make_registration(make_event(cluster, title="Werkstattgespräch Fügen"), user=member)
    waiting = make_registration(
        make_event(cluster, title="Clusterkonferenz 2026"),
        user=member,
        status=RegistrationStatus.WAITLISTED,
    )
    past = make_event(
        cluster,
        title="Vergangenes Forum",
        starts_at=timezone.now() - datetime.timedelta(days=3),
    )
    make_registration(past, user=member)
    draft = make_event(cluster, title="Entwurf", status=EventStatus.DRAFT)
    make_registration(draft, user=member)
    cancelled_mine = make_registration(
        make_event(cluster, title="Abgemeldet"), user=member, status=RegistrationStatus.CANCELLED
    )
    client.force_login(member)
    response = client.get(my_area)
    body = response.content.decode()
    assert "Meine Veranstaltungen" in body
    assert "Werkstattgespräch Fügen" in body and "Clusterkonferenz 2026" in body
    for absent in ("Vergangenes Forum", "Entwurf", cancelled_mine.event.title):
        assert absent not in body
    assert reverse("events:ticket-qr", args=[confirmed.pk]) in body
    assert reverse("events:ticket-qr", args=[waiting.pk]) not in body
    assert 'alt="QR-Code: Ticket für Werkstattgespräch Fügen"' in body
    assert reverse("events:registration-detail", args=[confirmed.pk]) in body
    assert "auf der Warteliste" in body
    data = client.get("/api/v1/me/dashboard").json()["events"]
    # both at the same hour: in the order of the events
    assert [row["title"] for row in data] == ["Werkstattgespräch Fügen", "Clusterkonferenz 2026"]
    qr_urls = {row["title"]: row["ticket_qr_url"] for row in data}
    assert qr_urls["Clusterkonferenz 2026"] == ""
    assert qr_urls["Werkstattgespräch Fügen"] == reverse("events:ticket-qr", args=[confirmed.pk])


def test_a_cancelled_event_says_so_and_shows_no_ticket(client, cluster, member, my_area):
    registration = make_registration(
        make_event(cluster, title="Abgesagtes Forum", status=EventStatus.CANCELLED), user=member
    )
    client.force_login(member)
    body = client.get(my_area).content.decode()
    assert "Abgesagtes Forum" in body and "Veranstaltung abgesagt" in body
    assert reverse("events:ticket-qr", args=[registration.pk]) not in body


def test_another_clusters_events_are_not_listed(client, cluster, other_cluster, member, my_area):
    make_registration(make_event(other_cluster, title="Fremdes Forum"), user=member)
    client.force_login(member)
    assert "Fremdes Forum" not in client.get(my_area).content.decode()


def test_my_events_read_a_constant_number_of_queries(client, cluster, member, my_area):
    client.force_login(member)
    make_registration(make_event(cluster), user=member)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(my_area).status_code == 200
        return len(queries)

    few = count()
    for number in range(5):
        make_registration(make_event(cluster, title=f"Forum {number}"), user=member)
        make_registration(
            make_event(cluster, title=f"Workshop {number}"),
            user=member,
            status=RegistrationStatus.WAITLISTED,
        )
    assert count() == few
