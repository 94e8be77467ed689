"""The iCalendar invitation of a confirmed meeting: one VEVENT with a stable UID, DTSTAMP,
DTSTART/DTEND in Europe/Berlin (with its VTIMEZONE, also across the change to summer time),
SUMMARY, LOCATION/URL, and organisations – never the people's own addresses – as ORGANIZER
and ATTENDEE."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from clusterwerk.matchmaking.ical import meeting_ics
from clusterwerk.matchmaking.services import conversations as services
from clusterwerk.matchmaking.tests.conversation_support import accepted_thread, future
from clusterwerk.matchmaking.tests.factories import make_market

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def thread(cluster):
    return accepted_thread(make_market(cluster))


def confirmed(thread, starts_at, **overrides):
    values = {"duration_minutes": 90, "place": "Cottbus, Siemens-Halske-Ring 2", **overrides}
    meeting = services.propose_meeting(
        user=thread.owner_user,
        cluster=thread.market.cluster,
        interest=thread.interest,
        options=[starts_at],
        **values,
    )
    return services.accept_meeting(
        user=thread.partner_user,
        cluster=thread.market.cluster,
        meeting=meeting,
        option_id=meeting.options.get().pk,
    )


def event_of(text):
    calendar = Calendar.from_ical(text)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_the_event(thread):
    start = future(10, 14)
    meeting = confirmed(thread, start, online_url="https://meet.example/raum", note="Muster")
    text = meeting_ics(meeting, thread_url="https://clusterwerk.example/kooperation/gespraech/1/")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    calendar, event = event_of(text)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(event["UID"]) == f"{meeting.uid}@clusterwerk"
    assert event["DTSTAMP"].dt.tzinfo is not None
    assert event["DTSTART"].dt == start
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTEND"].dt - event["DTSTART"].dt == datetime.timedelta(minutes=90)
    assert str(event["SUMMARY"]) == (
        "Gespräch Metallbau Havelland GmbH – Institut für Fügetechnik Cottbus"
    )
    assert str(event["LOCATION"]) == "Cottbus, Siemens-Halske-Ring 2"
    assert str(event["URL"]) == "https://meet.example/raum"
    assert "Muster" in str(event["DESCRIPTION"])
    assert "gespraech/1/" in str(event["DESCRIPTION"])
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    # Organisations, not people: the general address of the owner, the platform's for the
    # institute that has none.
    assert str(event["ORGANIZER"]) == "mailto:info@havelland.example"
    assert event["ORGANIZER"].params["CN"] == "Metallbau Havelland GmbH"
    attendees = event["ATTENDEE"]
    assert [attendee.params["CN"] for attendee in attendees] == [
        "Metallbau Havelland GmbH",
        "Institut für Fügetechnik Cottbus",
    ]
    for person in ("rita.richter", "ingo.igel"):
        assert person not in text


def test_a_winter_and_a_summer_time(thread):
    winter = timezone.make_aware(datetime.datetime(2031, 1, 15, 9, 0), BERLIN)
    summer = timezone.make_aware(datetime.datetime(2031, 7, 15, 9, 0), BERLIN)
    for start, utc_hour in ((winter, 8), (summer, 7)):
        _calendar, event = event_of(meeting_ics(confirmed(thread, start)))
        assert "DTSTART;TZID=Europe/Berlin:2031" in meeting_ics(confirmed(thread, start))
        assert event["DTSTART"].dt.astimezone(datetime.UTC).hour == utc_hour


def test_the_same_uid_in_download_and_mail(
    client, thread, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = confirmed(thread, future(3))
    client.force_login(thread.partner_user)
    download = client.get(reverse("matchmaking:meeting-ics", args=[meeting.pk]))
    _calendar, from_download = event_of(download.content)
    [mail] = [m for m in mailoutbox if m.attachments and m.to == [thread.partner_user.email]]
    _calendar, from_mail = event_of(mail.attachments[0][1])
    assert str(from_download["UID"]) == str(from_mail["UID"])
    assert from_download["DTSTART"].dt == from_mail["DTSTART"].dt


def test_only_a_confirmed_meeting_has_an_invitation(thread):
    meeting = services.propose_meeting(
        user=thread.owner_user,
        cluster=thread.market.cluster,
        interest=thread.interest,
        options=[future(4)],
        duration_minutes=30,
        place="Werder",
    )
    with pytest.raises(ValueError):
        meeting_ics(meeting)
