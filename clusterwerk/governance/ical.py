"""iCalendar (RFC 5545) for a body's meetings: the invitation's attachment (METHOD:REQUEST,
one ATTENDEE, the cluster management as ORGANIZER), the cancellation (METHOD:CANCEL) and a
member's download (METHOD:PUBLISH).

UID `<meeting.uid>@clusterwerk` stays the same across mails and downloads, so calendars update
their entry; SEQUENCE is the meeting's `version` minus one (every change of the meeting raises
it), so a re-sent invitation after a change is an update.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.mail.message import sanitize_address
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from icalendar import Event as VEvent
from icalendar import vCalAddress

from clusterwerk.core.ical import calendar_text, new_calendar
from clusterwerk.core.tenancy import cluster_url
from clusterwerk.governance.models import Meeting, MeetingStatus

PRODID = "-//Clusterwerk//Gremien//DE"
DESCRIPTION_LENGTH = 1500


def meeting_url(meeting: Meeting) -> str:
    return cluster_url(
        meeting.body.cluster, reverse("governance:meeting", args=[meeting.body.slug, meeting.pk])
    )


def meeting_sequence(meeting: Meeting) -> int:
    return max(meeting.version - 1, 0)


def _organizer_address() -> str:
    address = sanitize_address(settings.DEFAULT_FROM_EMAIL, "utf-8")
    return address.rsplit("<", 1)[-1].rstrip(">").strip()


def _description(meeting: Meeting) -> str:
    lines = []
    if meeting.status == MeetingStatus.CANCELLED:
        lines.append(_("Die Sitzung ist abgesagt."))
    agenda = list(meeting.agenda.all())
    if agenda:
        lines.append(_("Tagesordnung:"))
        lines.extend(f"TOP {item.order}: {item.title}" for item in agenda)
    if meeting.online_url:
        lines.append(_("Online-Zugang: %(url)s") % {"url": meeting.online_url})
    lines.append(_("Sitzung auf Clusterwerk: %(url)s") % {"url": meeting_url(meeting)})
    return Truncator("\n".join(lines)).chars(DESCRIPTION_LENGTH)


def meeting_component(
    meeting: Meeting, *, stamp: datetime.datetime, attendee: tuple[str, str] | None = None
) -> VEvent:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    component = VEvent()
    component.add("uid", f"{meeting.uid}@clusterwerk")
    component.add("dtstamp", stamp.astimezone(datetime.UTC))
    component.add("sequence", meeting_sequence(meeting))
    component.add("dtstart", meeting.starts_at.astimezone(zone))
    component.add("dtend", meeting.ends_at.astimezone(zone))
    component.add("summary", meeting.title)
    component.add("description", _description(meeting))
    component.add("location", meeting.place or meeting.online_url)
    component.add("url", meeting.online_url or meeting_url(meeting))
    cancelled = meeting.status == MeetingStatus.CANCELLED
    component.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{_organizer_address()}")
    organizer.params["cn"] = meeting.body.cluster.name
    component.add("organizer", organizer)
    if attendee is not None:
        name, email = attendee
        address = vCalAddress(f"mailto:{email}")
        address.params["cn"] = name
        address.params["role"] = "REQ-PARTICIPANT"
        address.params["partstat"] = "NEEDS-ACTION"
        address.params["rsvp"] = "FALSE"
        component.add("attendee", address)
    if meeting.updated_at:
        component.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
    return component


def meeting_calendar(
    meeting: Meeting,
    *,
    method: str = "PUBLISH",
    attendee: tuple[str, str] | None = None,
    now: datetime.datetime | None = None,
) -> str:
    """The meeting as text/calendar: REQUEST (an invitation to `attendee` = (name, e-mail)),
    CANCEL (the cancellation) or PUBLISH (the download)."""
    calendar = new_calendar(prodid=PRODID, method=method)
    calendar.add_component(
        meeting_component(meeting, stamp=now or timezone.now(), attendee=attendee)
    )
    return calendar_text(calendar)
