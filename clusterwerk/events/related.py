"""Events shown on other apps' pages, which the portal composes: a topic area's events and an
actor's events (those it co-organises and those people of it attended). Every list holds only
events the viewer may see (`queries.visible_events`), never drafts, and names no person: an
actor's attendance is a count per event. Each function takes a constant number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from clusterwerk.core.models import Cluster
from clusterwerk.events.models import CheckInKind, Event, EventStatus
from clusterwerk.events.queries import visible_events

TOPIC_LIMIT = 5
ACTOR_LIMIT = 10


@dataclass
class EventPanel:
    """Upcoming events (soonest first) and past ones (latest first), each cut to the limit,
    with the full counts."""

    upcoming: list[Event] = field(default_factory=list)
    past: list[Event] = field(default_factory=list)
    upcoming_count: int = 0
    past_count: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.upcoming_count or self.past_count)


def _shown(user, cluster: Cluster) -> QuerySet[Event]:
    """Visible to the viewer and meant for the public face: no drafts (also not for those who
    may see them; they find them under "Verwalten")."""
    return visible_events(user, cluster).exclude(status=EventStatus.DRAFT)


def _panel(events: QuerySet[Event], *, limit: int, now: datetime.datetime) -> EventPanel:
    """Three queries: the counts, the upcoming ones, the past ones. A cancelled event stays in
    the upcoming list with its notice; past cancelled ones are left out."""
    upcoming = Q(ends_at__gte=now)
    past = Q(ends_at__lt=now) & ~Q(status=EventStatus.CANCELLED)
    counts = events.aggregate(
        upcoming=Count("pk", filter=upcoming, distinct=True),
        past=Count("pk", filter=past, distinct=True),
    )
    rows = events.select_related("district", "series")
    return EventPanel(
        upcoming=list(rows.filter(upcoming).order_by("starts_at", "pk")[:limit]),
        past=list(rows.filter(past).order_by("-starts_at", "-pk")[:limit]),
        upcoming_count=counts["upcoming"],
        past_count=counts["past"],
    )


def events_for_topic_area(
    user, cluster: Cluster, lineage, *, limit: int = TOPIC_LIMIT, now=None
) -> EventPanel:
    """The events of `cluster` tagged with the topic area (by lineage) that the user sees."""
    events = _shown(user, cluster).filter(topics__lineage=lineage)
    return _panel(events, limit=limit, now=now or timezone.now())


@dataclass
class ActorEvents:
    organised: EventPanel
    # Past events the actor's people attended (entrance check-in), latest first, each with
    # `attendees`: how many of them came (a count, no names).
    attended: list[Event] = field(default_factory=list)
    attended_count: int = 0


def events_of_actor(
    user, cluster: Cluster, actor, *, limit: int = ACTOR_LIMIT, now=None
) -> ActorEvents:
    """What the actor's profile shows of the events of `cluster`: the events it co-organises
    (three queries) and those its people attended (two queries)."""
    now = now or timezone.now()
    shown = _shown(user, cluster)
    organised = _panel(shown.filter(organisers__actor=actor), limit=limit, now=now)
    came = Q(registrations__actor=actor, registrations__check_ins__kind=CheckInKind.ENTRY)
    attended = (
        shown.annotate(attendees=Count("registrations", filter=came, distinct=True))
        .filter(attendees__gt=0)
        .select_related("district", "series")
    )
    return ActorEvents(
        organised=organised,
        attended=list(attended.order_by("-starts_at", "-pk")[:limit]),
        attended_count=attended.count(),
    )
