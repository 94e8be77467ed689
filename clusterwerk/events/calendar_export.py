"""The cluster's public calendar as data, for `manage.py export_events` (and checks).

JSON: a list of events, each

    {"id": 12, "slug": "…", "title": "…", "format": "workshop_talk", "status": "published",
     "series": "innovation-im-metallhandwerk", "start": "2027-03-02T10:00:00+01:00",
     "end": "2027-03-02T13:00:00+01:00", "topic_areas": ["4.2.1"], "registered": 14,
     "capacity": 20, "waitlist": 3, "url": "https://…/veranstaltungen/…/"}

- `start`/`end`: ISO 8601 in the event's time zone, with its offset.
- `topic_areas`: the numbers of the event's topic areas in the cluster's published edition,
  in the plan's order (areas the edition no longer has are left out).
- `registered`: seats taken over all contingents – confirmed registrations, those waiting for
  the organisers' approval and open waiting-list offers (`models.SEAT_STATUSES`: a seat
  offered is held for the person offered); `capacity`: the seats of all contingents;
  `waitlist`: people on the waiting lists.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from clusterwerk.core.models import Cluster
from clusterwerk.core.tenancy import cluster_url
from clusterwerk.events.models import Event, EventSeries
from clusterwerk.events.queries import ticket_types_with_counts, visible_events
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue


def public_events(cluster: Cluster, *, series: EventSeries | None = None) -> QuerySet[Event]:
    """What a visitor sees: the cluster's public events that are published, held,
    documented or cancelled, by start."""
    events = visible_events(AnonymousUser(), cluster)
    if series is not None:
        events = events.filter(series=series)
    return (
        events.select_related("cluster", "series")
        .prefetch_related("topics")
        .order_by("starts_at", "pk")
    )


def event_record(event: Event, catalogue: TopicCatalogue) -> dict:
    contingents = list(ticket_types_with_counts(event))
    return {
        "id": event.pk,
        "slug": event.slug,
        "title": event.title,
        "format": event.format,
        "status": event.status,
        "series": event.series.slug if event.series_id else None,
        "start": event.starts_at.astimezone(event.zone).isoformat(),
        "end": event.ends_at.astimezone(event.zone).isoformat(),
        "topic_areas": catalogue.numbers_of(topic.lineage for topic in event.topics.all()),
        "registered": sum(contingent.taken for contingent in contingents),
        "capacity": sum(contingent.capacity for contingent in contingents),
        "waitlist": sum(contingent.waiting for contingent in contingents),
        "url": cluster_url(event.cluster, event.get_absolute_url()),
    }


def events_as_records(cluster: Cluster, events) -> list[dict]:
    catalogue = topic_catalogue(cluster)
    return [event_record(event, catalogue) for event in events]
