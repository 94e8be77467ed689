"""iCalendar files and feeds, parsed back with `icalendar`: the right events, times in
Europe/Berlin (a summer and a winter date), SEQUENCE and STATUS:CANCELLED after a change or a
cancellation, the online link only for those allowed to see it, and the personal feed's
secret address (unknown → 404, renewing invalidates the old one)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from icalendar import Calendar

from clusterwerk.accounts.models import Role
from clusterwerk.events.ical import event_calendar
from clusterwerk.events.models import (
    CalendarFeedToken,
    EventFormat,
    EventSeries,
    EventStatus,
    RegistrationStatus,
)
from clusterwerk.events.tests import cal_support  # noqa: F401 – pages of other parts
from clusterwerk.events.tests.factories import make_event, make_registration
from conftest import make_user

BERLIN = ZoneInfo("Europe/Berlin")
SUMMER = datetime.datetime(2027, 7, 15, 10, 0, tzinfo=BERLIN)
WINTER = datetime.datetime(2027, 1, 14, 18, 30, tzinfo=BERLIN)
ONLINE = "https://meet.example/raum-42"

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content.decode())


def events_by_title(calendar) -> dict:
    return {str(item["SUMMARY"]): item for item in calendar.walk("VEVENT")}


def ics(client, event):
    return parse(client.get(reverse("events:event-ics", args=[event.slug])))


def test_event_file_in_summer_and_winter(client, cluster):
    summer = make_event(cluster, title="Werkstattgespräch Sommer", starts_at=SUMMER)
    winter = make_event(cluster, title="Werkstattgespräch Winter", starts_at=WINTER)
    calendar = ics(client, summer)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Werkstattgespräch Sommer"
    [entry] = calendar.walk("VEVENT")
    assert str(entry["UID"]) == f"{summer.uid}@clusterwerk"
    assert entry["DTSTAMP"].dt.tzinfo is not None
    assert entry["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert entry["DTSTART"].dt == SUMMER
    assert entry["DTSTART"].dt.utcoffset() == datetime.timedelta(hours=2)
    assert entry["DTEND"].dt - entry["DTSTART"].dt == datetime.timedelta(hours=3)
    assert int(entry["SEQUENCE"]) == 0
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert str(entry["SUMMARY"]) == "Werkstattgespräch Sommer"
    assert str(entry["LOCATION"]) == "Lehrwerkstatt, Musterstraße 1, 14467 Potsdam"
    page = f"http://testserver/veranstaltungen/{summer.slug}/"
    assert str(entry["URL"]) == page
    assert page in str(entry["DESCRIPTION"])
    assert "Praxisnahes Gespräch" in str(entry["DESCRIPTION"])
    assert entry["CATEGORIES"].cats == ["Werkstattgespräch"]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]

    [entry] = ics(client, winter).walk("VEVENT")
    assert entry["DTSTART"].dt == WINTER
    assert entry["DTSTART"].dt.utcoffset() == datetime.timedelta(hours=1)
    assert entry["DTSTART"].dt.astimezone(datetime.UTC).hour == 17


def test_change_and_cancellation_carry_sequence_and_status(client, cluster):
    event = make_event(cluster, starts_at=WINTER)
    [before] = ics(client, event).walk("VEVENT")
    # The pages' services raise the sequence on a change of time and on cancelling.
    event.starts_at = WINTER + datetime.timedelta(days=7)
    event.ends_at = event.starts_at + datetime.timedelta(hours=2)
    event.sequence = 1
    event.save()
    [moved] = ics(client, event).walk("VEVENT")
    assert str(moved["UID"]) == str(before["UID"])
    assert int(moved["SEQUENCE"]) == 1
    assert moved["DTSTART"].dt == WINTER + datetime.timedelta(days=7)
    event.status = EventStatus.CANCELLED
    event.cancellation_reason = "Der Referent ist erkrankt."
    event.sequence = 2
    event.save()
    [cancelled] = ics(client, event).walk("VEVENT")
    assert str(cancelled["UID"]) == str(before["UID"])
    assert int(cancelled["SEQUENCE"]) == 2
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "Der Referent ist erkrankt." in str(cancelled["DESCRIPTION"])


def test_series_feed_holds_the_visible_events_of_the_series(client, cluster, other_cluster):
    series = EventSeries.objects.create(
        cluster=cluster, slug="innovation-im-metallhandwerk", title="Innovation im Metallhandwerk"
    )
    make_event(cluster, title="Teil 1", series=series, starts_at=WINTER)
    make_event(cluster, title="Teil 2", series=series, starts_at=SUMMER)
    make_event(
        cluster, title="Abgesagt", series=series, starts_at=SUMMER, status=EventStatus.CANCELLED
    )
    make_event(cluster, title="Entwurf", series=series, status=EventStatus.DRAFT)
    make_event(cluster, title="Nur Mitglieder", series=series, is_public=False)
    make_event(cluster, title="Andere Reihe")
    response = client.get(reverse("events:series-ics", args=[series.slug]))
    calendar = parse(response)
    assert str(calendar["X-WR-CALNAME"]) == "Innovation im Metallhandwerk"
    found = events_by_title(calendar)
    assert set(found) == {"Teil 1", "Teil 2", "Abgesagt"}
    assert str(found["Abgesagt"]["STATUS"]) == "CANCELLED"
    assert [str(item["SUMMARY"]) for item in calendar.walk("VEVENT")] == [
        "Teil 1",
        "Teil 2",
        "Abgesagt",
    ]
    # Members see the members-only event too.
    member = make_user("mitglied-reihe@clusterwerk.test", cluster, Role.MEMBER)
    client.force_login(member)
    found = events_by_title(parse(client.get(reverse("events:series-ics", args=[series.slug]))))
    assert "Nur Mitglieder" in found and "Entwurf" not in found
    # Another cluster's series of the same name is not this one.
    assert (
        client.get(
            f"/c/{other_cluster.slug}/veranstaltungen/reihe/{series.slug}/kalender.ics"
        ).status_code
        == 404
    )
    assert client.get(reverse("events:series-ics", args=["gibt-es-nicht"])).status_code == 404


def test_event_file_follows_visibility(client, cluster, other_cluster, member):
    draft = make_event(cluster, status=EventStatus.DRAFT)
    members_only = make_event(cluster, is_public=False)
    foreign = make_event(other_cluster)
    assert client.get(reverse("events:event-ics", args=[draft.slug])).status_code == 404
    assert client.get(reverse("events:event-ics", args=[members_only.slug])).status_code == 404
    assert client.get(reverse("events:event-ics", args=[foreign.slug])).status_code == 404
    client.force_login(member)
    assert client.get(reverse("events:event-ics", args=[members_only.slug])).status_code == 200
    assert client.get(reverse("events:event-ics", args=[draft.slug])).status_code == 404
    response = client.get(f"/c/{other_cluster.slug}/veranstaltungen/{foreign.slug}/kalender.ics")
    [entry] = parse(response).walk("VEVENT")
    assert f"/c/{other_cluster.slug}/veranstaltungen/{foreign.slug}/" in str(entry["URL"])


def test_online_link_only_for_those_allowed(client, cluster, member):
    hybrid = make_event(cluster, title="Hybrid", online_url=ONLINE, starts_at=SUMMER)
    public_online = make_event(
        cluster,
        title="Online offen",
        format=EventFormat.ONLINE,
        online_url=ONLINE,
        venue_name="",
        street="",
        postal_code="",
        municipality="",
    )
    members_online = make_event(
        cluster,
        title="Online für Mitglieder",
        format=EventFormat.ONLINE,
        online_url=ONLINE,
        venue_name="",
        street="",
        postal_code="",
        municipality="",
        is_public=False,
    )
    # The public file of a hybrid event: the place, and the platform instead of the link.
    response = client.get(reverse("events:event-ics", args=[hybrid.slug]))
    assert ONLINE not in response.content.decode()
    [entry] = parse(response).walk("VEVENT")
    assert str(entry["LOCATION"]).startswith("Lehrwerkstatt")
    assert str(entry["URL"]) == f"http://testserver/veranstaltungen/{hybrid.slug}/"
    # A public online-only event: the link for everybody, in LOCATION and URL.
    [entry] = ics(client, public_online).walk("VEVENT")
    assert str(entry["LOCATION"]) == ONLINE
    assert str(entry["URL"]) == ONLINE
    assert ONLINE in str(entry["DESCRIPTION"])
    # A members-only online event: a member without a registration gets the platform.
    client.force_login(member)
    response = client.get(reverse("events:event-ics", args=[members_online.slug]))
    assert ONLINE not in response.content.decode()
    [entry] = parse(response).walk("VEVENT")
    page = f"http://testserver/veranstaltungen/{members_online.slug}/"
    assert str(entry["LOCATION"]) == page and str(entry["URL"]) == page
    # With a confirmed registration the link is there (a pending one is not enough).
    registration = make_registration(members_online, user=member, status="pending")
    assert (
        ONLINE
        not in client.get(reverse("events:event-ics", args=[members_online.slug])).content.decode()
    )
    registration.status = RegistrationStatus.CONFIRMED
    registration.save()
    [entry] = ics(client, members_online).walk("VEVENT")
    assert str(entry["LOCATION"]) == ONLINE and str(entry["URL"]) == ONLINE
    make_registration(hybrid, user=member)
    [entry] = ics(client, hybrid).walk("VEVENT")
    assert str(entry["URL"]) == ONLINE
    assert str(entry["LOCATION"]).startswith("Lehrwerkstatt")


def feed_url(user) -> str:
    return reverse("events:feed", args=[CalendarFeedToken.objects.get(user=user).token])


def test_personal_feed(client, cluster, other_cluster, member):
    confirmed = make_event(cluster, title="Bestätigt", online_url=ONLINE, starts_at=SUMMER)
    pending = make_event(cluster, title="Wartet", online_url=ONLINE, starts_at=SUMMER)
    waitlisted = make_event(cluster, title="Warteliste")
    offered = make_event(cluster, title="Angebot")
    withdrawn = make_event(cluster, title="Abgemeldet")
    called_off = make_event(cluster, title="Abgesagt", status=EventStatus.CANCELLED)
    again = make_event(cluster, title="Wieder angemeldet")
    somebody_elses = make_event(cluster, title="Fremd")
    foreign = make_event(other_cluster, title="Anderer Cluster")
    make_registration(confirmed, user=member)
    make_registration(pending, user=member, status=RegistrationStatus.PENDING)
    make_registration(waitlisted, user=member, status=RegistrationStatus.WAITLISTED)
    make_registration(offered, user=member, status=RegistrationStatus.OFFERED)
    make_registration(withdrawn, user=member, status=RegistrationStatus.CANCELLED)
    make_registration(called_off, user=member)
    make_registration(again, user=member, status=RegistrationStatus.CANCELLED)
    make_registration(again, user=member)
    make_registration(somebody_elses, user=make_user("jemand@clusterwerk.test"))
    make_registration(foreign, user=member)

    client.force_login(member)
    response = client.post(reverse("events:feed-token"), {"next": "/veranstaltungen/"})
    assert response.status_code == 302 and response["Location"] == "/veranstaltungen/"
    client.logout()  # calendar apps fetch without a session
    response = client.get(feed_url(member))
    assert response["Cache-Control"] == "private, no-store"
    calendar = parse(response)
    assert str(calendar["X-WR-CALNAME"]) == "Metall: Meine Veranstaltungen"
    found = events_by_title(calendar)
    assert set(found) == {"Bestätigt", "Wartet", "Abgemeldet", "Abgesagt", "Wieder angemeldet"}
    assert str(found["Bestätigt"]["STATUS"]) == "CONFIRMED"
    assert str(found["Bestätigt"]["URL"]) == ONLINE
    assert found["Bestätigt"]["DTSTART"].dt == SUMMER
    assert str(found["Wartet"]["STATUS"]) == "TENTATIVE"
    assert ONLINE not in found["Wartet"].to_ical().decode()
    assert str(found["Abgemeldet"]["STATUS"]) == "CANCELLED"
    assert str(found["Abgesagt"]["STATUS"]) == "CANCELLED"
    assert str(found["Wieder angemeldet"]["STATUS"]) == "CONFIRMED"
    # The other cluster's feed shows that cluster's registrations.
    token = CalendarFeedToken.objects.get(user=member).token
    response = client.get(f"/c/{other_cluster.slug}/veranstaltungen/kalender/{token}.ics")
    assert set(events_by_title(parse(response))) == {"Anderer Cluster"}


def test_feed_token_unknown_and_renewed(client, member):
    assert client.get(reverse("events:feed", args=["unbekannt"])).status_code == 404
    # Only logged-in people by POST.
    assert client.post(reverse("events:feed-token")).status_code == 302
    assert not CalendarFeedToken.objects.exists()
    client.force_login(member)
    assert client.get(reverse("events:feed-token")).status_code == 405
    client.post(reverse("events:feed-token"), {"next": "https://evil.example/"})
    old = feed_url(member)
    assert client.get(old).status_code == 200
    response = client.post(reverse("events:feed-token"), {"next": "/veranstaltungen/"})
    assert response.status_code == 302
    new = feed_url(member)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert CalendarFeedToken.objects.filter(user=member).count() == 1
    # An inactive account's feed is gone.
    member.is_active = False
    member.save()
    assert client.get(new).status_code == 404


def test_feed_box_shows_the_address(client, cluster, member):
    factory = RequestFactory()
    request = factory.get("/veranstaltungen/meine/")
    request.user = member
    request.cluster = cluster
    template = Template("{% load events_calendar %}{% calendar_feed %}")
    html = template.render(Context({"request": request}))
    assert "Kalenderadresse anlegen" in html
    client.force_login(member)
    response = client.post(
        reverse("events:feed-token"), {"next": "/veranstaltungen/meine/"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    token = CalendarFeedToken.objects.get(user=member).token
    assert f"http://testserver/veranstaltungen/kalender/{token}.ics" in body
    assert f"webcal://testserver/veranstaltungen/kalender/{token}.ics" in body
    assert "Neue Adresse erzeugen" in body
    html = template.render(Context({"request": request}))
    assert f"webcal://testserver/veranstaltungen/kalender/{token}.ics" in html


def test_event_calendar_without_request(cluster):
    event = make_event(cluster, starts_at=WINTER)
    text = event_calendar([event], base_url="https://clusterwerk.example/", name="Test")
    [entry] = Calendar.from_ical(text).walk("VEVENT")
    assert str(entry["URL"]) == f"https://clusterwerk.example/veranstaltungen/{event.slug}/"
    assert text.endswith("END:VCALENDAR\r\n")


def test_feed_box_only_for_logged_in_people(cluster):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/veranstaltungen/")
    request.user = AnonymousUser()
    request.cluster = cluster
    html = Template("{% load events_calendar %}{% calendar_feed %}").render(
        Context({"request": request})
    )
    assert html.strip() == ""
