"""iCalendar (RFC 5545) for events: one VCALENDAR for a list of events – an event's own
download, a series, the public calendar, and a person's feed of their registrations.

Each VEVENT: UID `<event.uid>@clusterwerk` (stable across downloads, so calendars update the
entry instead of adding another), DTSTAMP, SEQUENCE (`event.sequence`, raised by the pages'
services when time or place change and on cancellation), DTSTART/DTEND in the event's time
zone with its VTIMEZONE, SUMMARY, DESCRIPTION (short description and the address of the event
page), LOCATION, URL, STATUS (CONFIRMED, TENTATIVE, CANCELLED) and CATEGORIES (the format).

The online link is for those who may see it (`online_link_visible`): in a person's feed for
their confirmed registrations, and everywhere for a public online-only event. Elsewhere the
address of the event page stands in its place (in LOCATION for an online event, and in URL).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from icalendar import Event as VEvent

from clusterwerk.core.ical import calendar_text, new_calendar
from clusterwerk.core.tenancy import cluster_path
from clusterwerk.events.models import Event, EventStatus

PRODID = "-//Clusterwerk//Veranstaltungen//DE"
DESCRIPTION_LENGTH = 500


class EntryStatus:
    """The STATUS of a VEVENT."""

    CONFIRMED = "CONFIRMED"
    TENTATIVE = "TENTATIVE"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class Entry:
    """One event as it goes into a calendar: `status` overrides the event's own (a person's
    cancelled registration is CANCELLED in their feed), `show_online_link` says whether the
    reader may see the online link."""

    event: Event
    status: str = ""
    show_online_link: bool = False


def online_link_visible(event: Event) -> bool:
    """May everybody who sees the event see its online link? Only for a public event that
    takes place online only; otherwise the link is for confirmed participants."""
    return bool(event.online_url) and event.is_public and event.is_online


def event_status(event: Event) -> str:
    """CANCELLED for a cancelled event, TENTATIVE for a draft (only its organisers see it)."""
    if event.status == EventStatus.CANCELLED:
        return EntryStatus.CANCELLED
    if event.status == EventStatus.DRAFT:
        return EntryStatus.TENTATIVE
    return EntryStatus.CONFIRMED


def event_url(event: Event, *, base_url: str) -> str:
    """The absolute address of the event page, in the event's cluster."""
    return base_url.rstrip("/") + cluster_path(event.cluster, event.get_absolute_url())


def _place(event: Event) -> str:
    town = " ".join(part for part in (event.postal_code, event.municipality) if part)
    return ", ".join(part for part in (event.venue_name, event.street, town) if part)


def _description(event: Event, *, page: str, online_link: str, status: str) -> str:
    parts = []
    if status == EntryStatus.CANCELLED:
        if event.status == EventStatus.CANCELLED:
            notice = _("Abgesagt.")
            if event.cancellation_reason:
                notice = f"{notice} {event.cancellation_reason}"
        else:
            notice = _("Ihre Anmeldung gilt nicht mehr.")
        parts.append(notice)
    elif status == EntryStatus.TENTATIVE:
        parts.append(_("Ihre Anmeldung wartet auf die Bestätigung der Veranstalter."))
    if event.description:
        parts.append(Truncator(event.description.strip()).chars(DESCRIPTION_LENGTH))
    if online_link:
        parts.append(_("Online-Zugang: %(url)s") % {"url": online_link})
    parts.append(_("Veranstaltung auf Clusterwerk: %(url)s") % {"url": page})
    return "\n\n".join(parts)


def event_component(entry: Entry, *, base_url: str, stamp: datetime.datetime) -> VEvent:
    event = entry.event
    status = entry.status or event_status(event)
    zone = event.zone
    page = event_url(event, base_url=base_url)
    show_link = bool(event.online_url) and (entry.show_online_link or online_link_visible(event))
    online_link = event.online_url if show_link and status != EntryStatus.CANCELLED else ""
    component = VEvent()
    component.add("uid", f"{event.uid}@clusterwerk")
    component.add("dtstamp", stamp.astimezone(datetime.UTC))
    component.add("sequence", event.sequence)
    component.add("dtstart", event.starts_at.astimezone(zone))
    component.add("dtend", event.ends_at.astimezone(zone))
    component.add("summary", event.title)
    component.add(
        "description",
        _description(event, page=page, online_link=online_link, status=status),
    )
    place = _place(event)
    if place:
        component.add("location", place)
    elif event.online_url:
        component.add("location", online_link or page)
    component.add("url", online_link or page)
    component.add("status", status)
    component.add("categories", [str(event.get_format_display())])
    if event.updated_at:
        component.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    return component


def event_calendar(
    events: Iterable[Event | Entry],
    *,
    base_url: str,
    name: str,
    now: datetime.datetime | None = None,
    refresh_hours: int | None = None,
) -> str:
    """The calendar of `events` (events or `Entry`s) as text/calendar (CRLF line ends).
    `base_url` is the site's root (`https://host`), `name` the calendar's X-WR-CALNAME;
    `refresh_hours` tells subscribing calendars how often to fetch a feed again."""
    stamp = now or timezone.now()
    calendar = new_calendar(prodid=PRODID, name=name)
    if refresh_hours:
        calendar.add(
            "refresh-interval",
            datetime.timedelta(hours=refresh_hours),
            parameters={"VALUE": "DURATION"},
        )
        calendar.add("x-published-ttl", f"PT{refresh_hours}H")
    for item in events:
        entry = item if isinstance(item, Entry) else Entry(event=item)
        calendar.add_component(event_component(entry, base_url=base_url, stamp=stamp))
    return calendar_text(calendar)
