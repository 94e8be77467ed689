"""What the event pages show, read with the rules of `queries`: the calendar's filters, its
list and month view, one event's page (seats, online access, co-organisers, topic areas),
the organisers' list and the participant export."""

import calendar
import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import (
    has_all_rights,
    is_authenticated,
    manages_cluster,
    represented_actor_ids,
)
from clusterwerk.actors.models import District
from clusterwerk.core.dates import add_months
from clusterwerk.events.models import (
    DEFAULT_TIME_ZONE,
    SEAT_STATUSES,
    Event,
    EventFormat,
    EventOrganiser,
    EventSeries,
    EventStatus,
    Registration,
    RegistrationStatus,
    TicketType,
)
from clusterwerk.events.permissions import can_manage_event
from clusterwerk.events.queries import ticket_types_with_counts, visible_events
from clusterwerk.masterplan.queries import TopicCatalogue

BERLIN = ZoneInfo(DEFAULT_TIME_ZONE)
PAGE_SIZE = 20
PAST = "vergangen"
MONTH_VIEW = "monat"


# --- the calendar ------------------------------------------------------------------------------


@dataclass
class CalendarFilters:
    format: str = ""
    topic: str = ""  # number of the published edition
    topic_lineage: str = ""
    district: str = ""  # Kreisschlüssel
    series: str = ""  # slug
    past: bool = False
    month_view: bool = False
    month: datetime.date | None = None
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_params(cls, params, catalogue: TopicCatalogue, *, today: datetime.date):
        filters = cls()
        value = (params.get("format") or "").strip()
        if value in EventFormat.values:
            filters.format = value
        value = (params.get("thema") or params.get("topic") or "").strip()
        if value in catalogue.lineage_by_number:
            filters.topic, filters.topic_lineage = value, catalogue.lineage_by_number[value]
        filters.district = (params.get("kreis") or params.get("district") or "").strip()[:12]
        filters.series = (params.get("reihe") or params.get("series") or "").strip()[:100]
        filters.past = params.get("zeit") == PAST
        filters.month_view = params.get("ansicht") == MONTH_VIEW
        filters.month = parse_month(params.get("monat")) or today.replace(day=1)
        return filters

    def apply(self, events: QuerySet[Event]) -> QuerySet[Event]:
        if self.format:
            events = events.filter(format=self.format)
        if self.topic_lineage:
            events = events.filter(topics__lineage=self.topic_lineage)
        if self.district:
            events = events.filter(district__ags=self.district)
        if self.series:
            events = events.filter(series__slug=self.series)
        return events

    def query(self, **overrides) -> str:
        """The filters as GET parameters (for the tab and month links)."""
        from urllib.parse import urlencode

        values = {
            "format": self.format,
            "thema": self.topic,
            "kreis": self.district,
            "reihe": self.series,
        }
        values.update(overrides)
        return urlencode({key: value for key, value in values.items() if value})

    @property
    def active(self) -> bool:
        return bool(self.format or self.topic or self.district or self.series)


def parse_month(value) -> datetime.date | None:
    try:
        year, month = str(value or "").strip().split("-")
        day = datetime.date(int(year), int(month), 1)
    except ValueError:
        return None
    return day if 2000 <= day.year <= 2100 else None


def calendar_events(user, cluster, filters: CalendarFilters) -> QuerySet[Event]:
    """Visible events for the calendar: drafts only on the organisers' pages."""
    events = visible_events(user, cluster).exclude(status=EventStatus.DRAFT)
    events = filters.apply(events)
    return events.select_related("series", "district").prefetch_related("topics").distinct()


def list_events(user, cluster, filters: CalendarFilters, *, now=None) -> QuerySet[Event]:
    now = now or timezone.now()
    events = calendar_events(user, cluster, filters)
    if filters.past:
        return events.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    return events.filter(ends_at__gte=now).order_by("starts_at", "id")


@dataclass
class MonthDay:
    day: datetime.date
    in_month: bool
    events: list


@dataclass
class Month:
    first: datetime.date
    weeks: list[list[MonthDay]]
    days_with_events: list[MonthDay]
    previous: datetime.date
    next: datetime.date


def month_view(user, cluster, filters: CalendarFilters) -> Month:
    first = filters.month
    last = add_months(first, 1) - datetime.timedelta(days=1)
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=BERLIN)
    end = datetime.datetime.combine(last, datetime.time.max, tzinfo=BERLIN)
    events = list(
        calendar_events(user, cluster, filters)
        .filter(starts_at__lte=end, ends_at__gte=start)
        .order_by("starts_at", "id")
    )
    by_day: dict[datetime.date, list] = {}
    for event in events:
        begin = max(timezone.localtime(event.starts_at, BERLIN).date(), first)
        finish = min(timezone.localtime(event.ends_at, BERLIN).date(), last)
        day = begin
        while day <= finish:
            by_day.setdefault(day, []).append(event)
            day += datetime.timedelta(days=1)
    weeks = [
        [MonthDay(day, day.month == first.month, by_day.get(day, [])) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    return Month(
        first=first,
        weeks=weeks,
        days_with_events=[d for week in weeks for d in week if d.in_month and d.events],
        previous=add_months(first, -1),
        next=add_months(first, 1),
    )


def district_options() -> list[tuple[str, str]]:
    return list(District.objects.order_by("name").values_list("ags", "name"))


def series_options(cluster) -> list[tuple[str, str]]:
    return list(EventSeries.objects.filter(cluster=cluster).values_list("slug", "title"))


def topic_labels(event: Event, catalogue: TopicCatalogue) -> list[tuple[str, str]]:
    """(number, label) of the event's topic areas in the published edition (topics loaded)."""
    numbers = catalogue.numbers_of(topic.lineage for topic in event.topics.all())
    return [(number, catalogue.label(number)) for number in numbers]


# --- one event ---------------------------------------------------------------------------------


@dataclass
class Contingent:
    ticket_type: TicketType
    taken: int
    free: int


@dataclass
class EventPage:
    event: Event
    can_manage: bool
    topics: list[tuple[str, str]]
    organisers: list
    partner_clusters: list
    contingents: list[Contingent]
    show_online_link: bool
    registration_open: bool
    registration_note: str
    register_url: str
    my_registration: Registration | None


def registration_state(event: Event, *, now=None) -> tuple[bool, str]:
    """Whether registration is open now, and a note why not."""
    now = now or timezone.now()
    if event.status != EventStatus.PUBLISHED:
        return False, ""
    if not event.registration_enabled:
        return False, _("Eine Anmeldung über die Plattform ist nicht vorgesehen.")
    if event.starts_at <= now:
        return False, _("Die Veranstaltung hat begonnen; eine Anmeldung ist nicht mehr möglich.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return False, _("Die Anmeldung ist noch nicht geöffnet.")
    if event.registration_closes_at and now > event.registration_closes_at:
        return False, _("Der Anmeldeschluss ist vorbei.")
    return True, ""


def event_page(user, event: Event, catalogue: TopicCatalogue) -> EventPage:
    manage = can_manage_event(user, event)
    mine = None
    if is_authenticated(user):
        mine = (
            Registration.objects.filter(event=event, user=user)
            .order_by("-created_at", "-id")
            .select_related("ticket_type")
            .first()
        )
    contingents = [
        Contingent(ticket_type, ticket_type.taken, max(ticket_type.capacity - ticket_type.taken, 0))
        for ticket_type in ticket_types_with_counts(event)
    ]
    open_now, note = registration_state(event)
    organisers = [
        row.actor
        for row in EventOrganiser.objects.filter(event=event)
        .select_related("actor")
        .order_by("actor__name")
    ]
    return EventPage(
        event=event,
        can_manage=manage,
        topics=topic_labels(event, catalogue),
        organisers=organisers,
        partner_clusters=list(event.partner_clusters.order_by("name")),
        contingents=contingents,
        show_online_link=bool(event.online_url)
        and (manage or bool(mine and mine.status == RegistrationStatus.CONFIRMED)),
        registration_open=open_now,
        registration_note=note,
        register_url=reverse("events:register", args=[event.slug]) if open_now else "",
        my_registration=mine,
    )


# --- the organisers' list ----------------------------------------------------------------------


def managed_events(user, cluster) -> QuerySet[Event]:
    """The events of `cluster` the user manages (the management: all; co-organisers' people:
    theirs), each with `registered`, `waitlist` and `capacity`."""
    events = Event.objects.filter(cluster=cluster)
    if not (has_all_rights(user) or manages_cluster(user, cluster)):
        represented = represented_actor_ids(user)
        events = events.filter(
            pk__in=EventOrganiser.objects.filter(actor_id__in=represented).values("event_id")
        )
    return annotate_counts(events.select_related("series")).order_by("-starts_at", "-id")


def annotate_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Each event with `registered` (seats held), `waitlist` and `capacity` (all contingents),
    in the same query."""
    capacity = (
        TicketType.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(total=Sum("capacity"))
        .values("total")
    )
    registered = (
        Registration.objects.filter(event=OuterRef("pk"), status__in=SEAT_STATUSES)
        .order_by()
        .values("event")
        .annotate(total=Count("pk"))
        .values("total")
    )
    waitlist = (
        Registration.objects.filter(event=OuterRef("pk"), status=RegistrationStatus.WAITLISTED)
        .order_by()
        .values("event")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return events.annotate(
        registered=Coalesce(Subquery(registered, output_field=IntegerField()), 0),
        waitlist=Coalesce(Subquery(waitlist, output_field=IntegerField()), 0),
        capacity=Coalesce(Subquery(capacity, output_field=IntegerField()), 0),
    )


def manages_any_event(user, cluster) -> bool:
    if not is_authenticated(user):
        return False
    if has_all_rights(user) or manages_cluster(user, cluster):
        return True
    represented = represented_actor_ids(user)
    return (
        bool(represented)
        and EventOrganiser.objects.filter(actor_id__in=represented, event__cluster=cluster).exists()
    )


# --- the participant export --------------------------------------------------------------------


def _answer_text(value) -> str:
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def participant_rows(event: Event, *, shared_list: bool) -> tuple[list[str], list[list]]:
    """Header and rows of the participant list. `shared_list`: the list for the participants
    (only confirmed people who consented; name and organisation), else everything the
    organisers need, with the answers to the registration questions."""
    registrations = (
        Registration.objects.filter(event=event)
        .select_related("ticket_type", "actor__district")
        .order_by("ticket_type__order", "ticket_type_id", "last_name", "first_name", "id")
    )
    if shared_list:
        registrations = registrations.filter(
            consent_participant_list=True, status=RegistrationStatus.CONFIRMED
        )
        header = [_("Name"), _("Organisation")]
        return header, [[r.full_name, r.organisation_label] for r in registrations]
    questions = list(event.questions.all())
    header = [
        _("Name"),
        _("Organisation"),
        _("Art der Organisation"),
        _("Landkreis"),
        _("Kontingent"),
        _("Status"),
        _("E-Mail-Adresse"),
        *[question.label for question in questions],
    ]
    rows = []
    for registration in registrations:
        actor = registration.actor
        answers = registration.answers if isinstance(registration.answers, dict) else {}
        rows.append(
            [
                registration.full_name,
                registration.organisation_label,
                str(actor.get_kind_display()) if actor else "",
                actor.district.name if actor and actor.district_id else "",
                registration.ticket_type.name,
                str(registration.get_status_display()),
                registration.email,
                *[
                    _answer_text(answers.get(str(question.pk), answers.get(question.label)))
                    for question in questions
                ],
            ]
        )
    return header, rows
