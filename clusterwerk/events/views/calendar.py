"""Calendars: an event's and a series' iCalendar file, a person's feed of their registrations
under a secret address, and renewing that address.

The event and series files are public views (the platform link stands in for an online link,
except for a public online-only event); a person who holds a confirmed registration gets the
online link in the event's own file, as in their feed. Calendar apps fetch the personal feed
without a session: the token in the address is the key, an unknown token is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterwerk.core.ical import ics_response
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.events import queries, queries_calendar
from clusterwerk.events.ical import Entry, event_calendar
from clusterwerk.events.models import VISIBLE_STATUSES, EventSeries, RegistrationStatus
from clusterwerk.events.permissions import can_manage_event
from clusterwerk.events.services.calendar import renew_feed_token

FEED_REFRESH_HOURS = 6


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def event_ics(request, slug):
    event = queries.get_event_for_user(request.user, request_cluster(request), slug)
    participant = (
        request.user.is_authenticated
        and event.registrations.filter(
            user=request.user, status=RegistrationStatus.CONFIRMED
        ).exists()
    )
    entry = Entry(
        event=event, show_online_link=participant or can_manage_event(request.user, event)
    )
    text = event_calendar([entry], base_url=_base_url(request), name=event.title)
    return ics_response(text, filename=f"{event.slug}.ics")


def series_ics(request, slug):
    cluster = request_cluster(request)
    series = EventSeries.objects.filter(cluster=cluster, slug=slug).first()
    if series is None:
        raise Http404(_("Diese Veranstaltungsreihe gibt es nicht."))
    events = (
        queries.visible_events(request.user, cluster)
        .filter(Q(series=series) & Q(status__in=VISIBLE_STATUSES))
        .select_related("cluster")
        .order_by("starts_at", "pk")
    )
    text = event_calendar(
        events, base_url=_base_url(request), name=series.title, refresh_hours=FEED_REFRESH_HOURS
    )
    return ics_response(text, filename=f"{series.slug}.ics", attachment=False)


def personal_feed(request, token):
    cluster = request_cluster(request)
    user = queries_calendar.user_for_feed_token(token)
    if user is None:
        raise Http404(_("Diese Kalenderadresse gibt es nicht (mehr)."))
    entries = queries_calendar.personal_feed_entries(user, cluster)
    name = _("%(cluster)s: Meine Veranstaltungen") % {"cluster": cluster.short_name or cluster.name}
    text = event_calendar(
        entries, base_url=_base_url(request), name=name, refresh_hours=FEED_REFRESH_HOURS
    )
    response = ics_response(text, filename="meine-veranstaltungen.ics", attachment=False)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def feed_context(request, *, next_url: str = "") -> dict:
    """What `events/_calendar_feed.html` shows: the feed's address (https and webcal) if the
    person has one, and where the button returns to (this page unless `next_url`)."""
    feed = queries_calendar.feed_token_of(request.user)
    context = {
        "calendar_feed": feed,
        "calendar_feed_next": next_url or request.get_full_path(),
    }
    if feed is not None:
        address = request.build_absolute_uri(reverse("events:feed", args=[feed.token]))
        context["calendar_feed_url"] = address
        context["calendar_feed_webcal"] = "webcal://" + address.split("://", 1)[1]
    return context


@login_required
@require_POST
def feed_token(request):
    request_cluster(request)
    had_one = queries_calendar.feed_token_of(request.user) is not None
    renew_feed_token(user=request.user)
    if had_one:
        notice = _("Neue Kalenderadresse angelegt. Die bisherige Adresse gilt nicht mehr.")
    else:
        notice = _("Ihre Kalenderadresse ist angelegt.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = _my_events()
    if request.htmx:
        context = {**feed_context(request, next_url=target), "calendar_feed_notice": notice}
        return render(request, "events/_calendar_feed.html", context)
    messages.success(request, notice)
    return redirect(target)


def _my_events() -> str:
    return reverse("events:mine")


urlpatterns = [
    path("veranstaltungen/kalender/abo/", feed_token, name="feed-token"),
    path("veranstaltungen/kalender/<slug:token>.ics", personal_feed, name="feed"),
    path("veranstaltungen/reihe/<slug:slug>/kalender.ics", series_ics, name="series-ics"),
    path("veranstaltungen/<slug:slug>/kalender.ics", event_ics, name="event-ics"),
]
