"""Reads for the calendars: a person's feed of their registrations and their feed token.

The personal feed holds the events of the request's cluster that the person is registered
for and may still see: a confirmed registration as CONFIRMED (with the online link), one
waiting for the organisers' approval as TENTATIVE, and an event they were registered for but
no longer are (cancelled by them, or declined by the organisers) as CANCELLED, so that a
subscribed calendar removes it. The waiting list and open offers hold no seat and stay out.
A cancelled event is CANCELLED whatever the registration.
"""

from clusterwerk.core.models import Cluster
from clusterwerk.events.ical import Entry, EntryStatus, event_status
from clusterwerk.events.models import CalendarFeedToken, Registration, RegistrationStatus
from clusterwerk.events.queries import visible_events

FEED_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING)
ENDED_STATUSES = (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED)


def feed_token_of(user) -> CalendarFeedToken | None:
    if not (user and user.is_authenticated):
        return None
    return CalendarFeedToken.objects.filter(user=user).first()


def user_for_feed_token(token: str):
    """The active user whose feed address holds `token`, or None."""
    found = (
        CalendarFeedToken.objects.filter(token=token, user__is_active=True)
        .select_related("user")
        .first()
    )
    return found.user if found else None


def _entry(registration: Registration) -> Entry:
    event = registration.event
    if registration.status == RegistrationStatus.CONFIRMED:
        return Entry(event=event, status=event_status(event), show_online_link=True)
    if registration.status == RegistrationStatus.PENDING:
        status = event_status(event)
        if status != EntryStatus.CANCELLED:
            status = EntryStatus.TENTATIVE
        return Entry(event=event, status=status)
    return Entry(event=event, status=EntryStatus.CANCELLED)


def personal_feed_entries(user, cluster: Cluster) -> list[Entry]:
    """The entries of the user's feed in `cluster`, by start: per event the registration
    that counts (an active one before ended ones, the newest first)."""
    registrations = (
        Registration.objects.filter(
            user=user,
            event__in=visible_events(user, cluster).values("pk"),
            status__in=FEED_STATUSES + ENDED_STATUSES,
        )
        .select_related("event", "event__cluster")
        .order_by("event__starts_at", "event_id", "-created_at", "-pk")
    )
    chosen: dict[int, Registration] = {}
    for registration in registrations:
        current = chosen.get(registration.event_id)
        if current is None or (
            current.status in ENDED_STATUSES and registration.status in FEED_STATUSES
        ):
            chosen[registration.event_id] = registration
    return [_entry(registration) for registration in chosen.values()]
