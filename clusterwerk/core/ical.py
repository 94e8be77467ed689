"""iCalendar (RFC 5545) pieces shared by the apps that write calendars (the Kooperationsbörse's
meeting invitations, the events' calendars and feeds): a calendar with PRODID/VERSION/METHOD,
its text with the VTIMEZONE of every time zone it uses, and the HTTP answer that carries it.
"""

from django.http import HttpResponse
from icalendar import Calendar

CONTENT_TYPE = "text/calendar; charset=utf-8"


def new_calendar(*, prodid: str, name: str = "", method: str = "PUBLISH") -> Calendar:
    """An empty VCALENDAR; `name` becomes X-WR-CALNAME (the name calendar apps show)."""
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def calendar_text(calendar: Calendar) -> str:
    """The calendar as text (CRLF line ends), with a VTIMEZONE for each time zone used."""
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")


def ics_response(text: str, *, filename: str, attachment: bool = True) -> HttpResponse:
    """The calendar as a download (`attachment`) or inline, for subscriptions."""
    response = HttpResponse(text, content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
