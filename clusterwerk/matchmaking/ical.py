"""The iCalendar (RFC 5545) invitation for a confirmed meeting of a conversation.

One VEVENT: UID (the proposal's `uid`, stable across downloads and e-mails), DTSTAMP,
DTSTART/DTEND in Europe/Berlin with its VTIMEZONE, SUMMARY naming both organisations,
LOCATION and/or URL, DESCRIPTION with the note and the thread's address. ORGANIZER and
ATTENDEE name the organisations only, with their general e-mail address where they have
one: the people's own addresses are personal data the invitation does not spread (the
platform's sender address stands in for an organisation without one).
"""

import datetime
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event, vCalAddress, vText

from clusterwerk.core.ical import calendar_text, new_calendar
from clusterwerk.matchmaking.models import MeetingProposal

BERLIN = ZoneInfo("Europe/Berlin")
PRODID = "-//Clusterwerk//Kooperationsbörse//DE"


def meeting_summary(meeting: MeetingProposal) -> str:
    interest = meeting.interest
    return _("Gespräch %(owner)s – %(partner)s") % {
        "owner": interest.listing.owner_actor.name,
        "partner": interest.actor.name,
    }


def _address(actor) -> vCalAddress:
    email = actor.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(actor.name)
    return address


def meeting_ics(meeting: MeetingProposal, *, thread_url: str = "") -> str:
    """The invitation of a confirmed meeting as text (CRLF line ends)."""
    if meeting.chosen is None:
        raise ValueError("only a confirmed meeting has a date")
    interest = meeting.interest
    start = meeting.chosen.starts_at.astimezone(BERLIN)
    end = start + datetime.timedelta(minutes=meeting.duration_minutes)
    calendar = new_calendar(prodid=PRODID)
    event = Event()
    event.add("uid", f"{meeting.uid}@clusterwerk")
    event.add("dtstamp", (meeting.decided_at or timezone.now()).astimezone(datetime.UTC))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", meeting_summary(meeting))
    if meeting.place:
        event.add("location", meeting.place)
    elif meeting.online_url:
        event.add("location", meeting.online_url)
    if meeting.online_url:
        event.add("url", meeting.online_url)
    description = [interest.listing.title]
    if meeting.note:
        description.append(meeting.note)
    if thread_url:
        description.append(thread_url)
    event.add("description", "\n\n".join(description))
    proposer = meeting.proposer_actor
    partner = interest.actor if proposer.pk != interest.actor_id else interest.listing.owner_actor
    event.add("organizer", _address(proposer))
    for actor in (proposer, partner):
        attendee = _address(actor)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("ACCEPTED")
        event.add("attendee", attendee, encode=0)
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar_text(calendar)
