"""The events in the yearly Ergebnis- und Wirkungsmonitoring: the figures of the report's
events section (`clusterwerk.portal.reports.events_sections` turns them into sections).

`events_year_figures(cluster, years)` counts, for every year of the report's series, with a
constant number of aggregate queries (seven, whatever the number of events):

Held events (durchgeführt) in year Y
    Events of the cluster that begin in Y (Europe/Berlin) and were held: status "durchgeführt"
    or "dokumentiert", or still "veröffentlicht" when they are over and somebody was checked in
    at the entrance (the organisers checked people in but have not marked the event yet).
    Drafts and cancelled events never count.
By format, by topic area
    Held events per format; per topic area of the cluster's published masterplan edition
    (matched by lineage) – an event with several topic areas counts in each of them, an event
    without one as "ohne Themenbereich", topic areas outside the edition as "nicht in der
    gültigen Ausgabe".
Participants (Teilnahmen)
    Registrations of held events with at least one entrance check-in (`CheckIn` of kind
    "Eingang"). A registration without a check-in is **not** a participant, even when it was
    confirmed: the report counts who came, not who meant to. A person who attended two events
    counts twice (participations, not people). By the kind of the registration's organisation
    in the directory and by the district of that organisation's seat; registrations without a
    directory organisation count as "nicht im Verzeichnis" and "ohne Angabe".
Confirmed registrations
    Registrations of held events in the status "bestätigt" (also those without check-in), for
    comparison with the participants.
Organisations and craft businesses reached
    Distinct directory organisations with a participant in Y; the craft businesses among them
    (kind "Handwerksbetrieb").
Cross-cluster events
    Held events with at least one partner cluster, or of the format Cross-Cluster-Camp.
B2B meetings held
    Meetings of B2B days beginning in Y with the status "stattgefunden".
Follow-ups
    Follow-ups (listing, project idea, foresight signal, proposal for the next edition)
    recorded in Y (by the day they were recorded), for events of the cluster, by kind.

Counts only, no names: every reader of the report sees the same figures.
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from clusterwerk.actors.models import ActorKind
from clusterwerk.core.models import Cluster
from clusterwerk.events.models import (
    DEFAULT_TIME_ZONE,
    B2BMeeting,
    B2BMeetingStatus,
    CheckIn,
    CheckInKind,
    Event,
    EventFormat,
    EventStatus,
    EventTopicArea,
    FollowUp,
    Registration,
    RegistrationStatus,
)

REPORT_ZONE = ZoneInfo(DEFAULT_TIME_ZONE)
HELD_STATUSES = (EventStatus.HELD, EventStatus.DOCUMENTED)

# Keys of the "no value" buckets.
NO_TOPIC = "none"
NO_ACTOR = "none"
NO_DISTRICT = "unknown"


def _year_start(year: int) -> datetime.datetime:
    return datetime.datetime(year, 1, 1, tzinfo=REPORT_ZONE)


def _counter(years: list[int]) -> dict[int, int]:
    return dict.fromkeys(years, 0)


@dataclass
class EventYearFigures:
    """The figures per year; every mapping holds one count per year of `years`."""

    years: list[int]
    held: dict[int, int] = field(default_factory=dict)
    by_format: dict[str, dict[int, int]] = field(default_factory=dict)
    # lineage (str) or NO_TOPIC → counts
    by_topic: dict[str, dict[int, int]] = field(default_factory=dict)
    cross_cluster: dict[int, int] = field(default_factory=dict)
    participants: dict[int, int] = field(default_factory=dict)
    confirmed: dict[int, int] = field(default_factory=dict)
    # actor kind or NO_ACTOR → counts
    participants_by_kind: dict[str, dict[int, int]] = field(default_factory=dict)
    # district name or NO_DISTRICT → counts
    participants_by_district: dict[str, dict[int, int]] = field(default_factory=dict)
    organisations: dict[int, int] = field(default_factory=dict)
    craft_businesses: dict[int, int] = field(default_factory=dict)
    b2b_meetings_held: dict[int, int] = field(default_factory=dict)
    follow_ups: dict[int, int] = field(default_factory=dict)
    follow_ups_by_kind: dict[str, dict[int, int]] = field(default_factory=dict)

    def series(self, counts: dict[int, int]) -> list[int]:
        return [counts.get(year, 0) for year in self.years]


def held_events(cluster: Cluster | int, *, now: datetime.datetime | None = None) -> QuerySet:
    """The held events of `cluster` (see the module docstring), all years."""
    now = now or timezone.now()
    entered = CheckIn.objects.filter(registration__event=OuterRef("pk"), kind=CheckInKind.ENTRY)
    return Event.objects.filter(cluster=cluster).filter(
        Q(status__in=HELD_STATUSES)
        | (Q(status=EventStatus.PUBLISHED, ends_at__lt=now) & Exists(entered))
    )


def _held_in(cluster, years: list[int]) -> QuerySet:
    return held_events(cluster).filter(
        starts_at__gte=_year_start(years[0]), starts_at__lt=_year_start(years[-1] + 1)
    )


def events_year_figures(cluster: Cluster, years: list[int]) -> EventYearFigures:
    """The events section's figures for `years` (consecutive, oldest first): seven queries."""
    figures = EventYearFigures(years=list(years))
    figures.held = _counter(years)
    figures.cross_cluster = _counter(years)
    held = _held_in(cluster, years)
    event_year = ExtractYear("starts_at", tzinfo=REPORT_ZONE)
    _count_events(figures, held, event_year)
    _count_topics(figures, held, years)
    _count_participants(figures, held, years)
    _count_b2b_meetings(figures, cluster, years)
    _count_follow_ups(figures, cluster, years)
    return figures


def _count_events(figures: EventYearFigures, held: QuerySet, event_year) -> None:
    partnered = Event.partner_clusters.through.objects.filter(event_id=OuterRef("pk"))
    rows = (
        held.annotate(year=event_year, partnered=Exists(partnered))
        .values("year", "format", "partnered")
        .annotate(events=Count("pk"))
        .order_by()
    )
    figures.by_format = {value: _counter(figures.years) for value in EventFormat.values}
    for row in rows:
        year, events = row["year"], row["events"]
        figures.held[year] += events
        figures.by_format.setdefault(row["format"], _counter(figures.years))[year] += events
        if row["partnered"] or row["format"] == EventFormat.CROSS_CLUSTER_CAMP:
            figures.cross_cluster[year] += events


def _count_topics(figures: EventYearFigures, held: QuerySet, years: list[int]) -> None:
    event_year = ExtractYear("event__starts_at", tzinfo=REPORT_ZONE)
    rows = (
        EventTopicArea.objects.filter(event__in=held.values("pk"))
        .annotate(year=event_year)
        .values("year", "lineage")
        .annotate(events=Count("event", distinct=True))
        .order_by()
    )
    tagged = _counter(years)
    for row in rows:
        lineage = str(row["lineage"])
        figures.by_topic.setdefault(lineage, _counter(years))[row["year"]] += row["events"]
    untagged = (
        held.filter(topics__isnull=True)
        .annotate(year=ExtractYear("starts_at", tzinfo=REPORT_ZONE))
        .values("year")
        .annotate(events=Count("pk"))
        .order_by()
    )
    for row in untagged:
        tagged[row["year"]] += row["events"]
    if any(tagged.values()):
        figures.by_topic[NO_TOPIC] = tagged


def _count_participants(figures: EventYearFigures, held: QuerySet, years: list[int]) -> None:
    entered = CheckIn.objects.filter(registration=OuterRef("pk"), kind=CheckInKind.ENTRY)
    registrations = Registration.objects.filter(event__in=held.values("pk")).annotate(
        year=ExtractYear("event__starts_at", tzinfo=REPORT_ZONE), entered=Exists(entered)
    )
    figures.participants = _counter(years)
    figures.confirmed = _counter(years)
    rows = (
        registrations.filter(Q(entered=True) | Q(status=RegistrationStatus.CONFIRMED))
        .values(
            "year", "entered", "status", kind=F("actor__kind"), district=F("actor__district__name")
        )
        .annotate(registrations=Count("pk"))
        .order_by()
    )
    for row in rows:
        year, count = row["year"], row["registrations"]
        if row["status"] == RegistrationStatus.CONFIRMED:
            figures.confirmed[year] += count
        if not row["entered"]:
            continue
        figures.participants[year] += count
        kind = row["kind"] or NO_ACTOR
        figures.participants_by_kind.setdefault(kind, _counter(years))[year] += count
        district = row["district"] or NO_DISTRICT
        figures.participants_by_district.setdefault(district, _counter(years))[year] += count
    reached = (
        registrations.filter(entered=True, actor__isnull=False)
        .values("year")
        .annotate(
            organisations=Count("actor", distinct=True),
            craft=Count("actor", distinct=True, filter=Q(actor__kind=ActorKind.CRAFT_BUSINESS)),
        )
        .order_by()
    )
    figures.organisations = _counter(years)
    figures.craft_businesses = _counter(years)
    for row in reached:
        figures.organisations[row["year"]] = row["organisations"]
        figures.craft_businesses[row["year"]] = row["craft"]


def _count_b2b_meetings(figures: EventYearFigures, cluster, years: list[int]) -> None:
    rows = (
        B2BMeeting.objects.filter(
            event__cluster=cluster,
            status=B2BMeetingStatus.HELD,
            event__starts_at__gte=_year_start(years[0]),
            event__starts_at__lt=_year_start(years[-1] + 1),
        )
        .exclude(event__status__in=(EventStatus.DRAFT, EventStatus.CANCELLED))
        .annotate(year=ExtractYear("event__starts_at", tzinfo=REPORT_ZONE))
        .values("year")
        .annotate(meetings=Count("pk"))
        .order_by()
    )
    figures.b2b_meetings_held = _counter(years)
    for row in rows:
        figures.b2b_meetings_held[row["year"]] = row["meetings"]


def _count_follow_ups(figures: EventYearFigures, cluster, years: list[int]) -> None:
    rows = (
        FollowUp.objects.filter(
            event__cluster=cluster,
            created_at__gte=_year_start(years[0]),
            created_at__lt=_year_start(years[-1] + 1),
        )
        .annotate(year=ExtractYear("created_at", tzinfo=REPORT_ZONE))
        .values("year", "kind")
        .annotate(follow_ups=Count("pk"))
        .order_by()
    )
    figures.follow_ups = _counter(years)
    for row in rows:
        year, count = row["year"], row["follow_ups"]
        figures.follow_ups[year] += count
        figures.follow_ups_by_kind.setdefault(row["kind"], _counter(years))[year] += count
