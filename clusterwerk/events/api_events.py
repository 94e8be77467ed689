"""The events API (mounted at /api/v1/events/, documented at /api/docs): the calendar, one
event, and for organisers create, change, publish and cancel.

Reads go through `queries.visible_events` / `queries.get_event_by_pk_for_user` (an event the
user may not see is a 404); writes need the session (`core.api.session_auth`, with the CSRF
token) and go through `services.events`, which checks the permission again and raises German
`ValidationError`s by field (422), `PermissionDenied` (403) and `EditConflict` (409).
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import ConfigDict

from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.events.event_pages import annotate_counts, managed_events, registration_state
from clusterwerk.events.models import Event, EventFormat, EventStatus, RegistrationStatus
from clusterwerk.events.permissions import can_create_events, can_manage_event
from clusterwerk.events.queries import (
    get_event_by_pk_for_user,
    ticket_types_with_counts,
    visible_events,
)
from clusterwerk.events.services import events as services
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue

router = Router(tags=["Veranstaltungen"])

MAX_ID = 2**63 - 1
EventId = Path(..., ge=1, le=MAX_ID, description="Kennung der Veranstaltung.")
MAX_LIST_LIMIT = 100
WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)


# --- schemas -----------------------------------------------------------------------------------


class TicketTypeOut(Schema):
    id: int
    name: str
    audience: str = Field(description="Zielgruppe: open, craft, industry, science, …")
    capacity: int = Field(description="Plätze des Kontingents.")
    registered: int = Field(description="Vergebene Plätze (bestätigt, wartend, angeboten).")
    free: int = Field(description="Freie Plätze.")
    waitlist_enabled: bool


class ActorRefOut(Schema):
    id: int
    name: str
    url: str


class EventOut(Schema):
    id: int
    slug: str
    title: str
    format: str
    format_label: str
    status: str
    status_label: str
    starts_at: datetime.datetime = Field(description="Beginn (mit Zeitzonenversatz).")
    ends_at: datetime.datetime = Field(description="Ende (mit Zeitzonenversatz).")
    time_zone: str
    series: str | None = Field(description="Kürzel der Reihe.")
    topic_areas: list[str] = Field(description="Themenbereiche (Nummern des Masterplans).")
    venue_name: str
    street: str
    postal_code: str
    municipality: str
    district: str | None = Field(description="Kreisschlüssel.")
    is_online: bool = Field(description="Nur online (ohne Veranstaltungsort).")
    has_online_access: bool = Field(description="Es gibt einen Online-Zugang.")
    language: str
    is_public: bool
    registration_open: bool
    registered: int = Field(description="Vergebene Plätze aller Kontingente.")
    capacity: int = Field(description="Plätze aller Kontingente.")
    waitlist: int = Field(description="Personen auf den Wartelisten.")
    cancellation_reason: str
    url: str
    is_demo: bool


class EventDetailOut(EventOut):
    description: str
    online_url: str | None = Field(
        description="Online-Zugang: nur für bestätigte Teilnehmende und Veranstalter, sonst null."
    )
    co_organisers: list[ActorRefOut]
    partner_clusters: list[str] = Field(description="Kürzel der Partnercluster.")
    ticket_types: list[TicketTypeOut]
    registration_opens_at: datetime.datetime | None
    registration_closes_at: datetime.datetime | None
    cancellation_deadline: datetime.datetime | None
    requires_approval: bool
    offer_hours: int
    sequence: int = Field(description="Änderungszähler für Kalender (iCal SEQUENCE).")
    version: int = Field(description="Bearbeitungsstand; beim Ändern mitsenden.")
    can_manage: bool


class EventListOut(Schema):
    count: int = Field(description="Anzahl aller Treffer (nicht nur dieser Seite).")
    items: list[EventOut] = Field(description="Die Treffer ab `offset`, höchstens `limit`.")


_DATA_HELP = (
    "Veranstaltungsdaten: format (workshop_talk, cluster_conference, forum, workshop, "
    "trade_fair, cross_cluster_camp, b2b_day, online), series (Kürzel), title, description, "
    "topics (Nummern, z. B. „4.4.2“), starts_at und ends_at (JJJJ-MM-TTTHH:MM, ohne Versatz "
    "in der Zeitzone der Veranstaltung), time_zone (Standard Europe/Berlin), venue_name, "
    "street, postal_code, municipality, district (Kreisschlüssel), online_url, co_organisers "
    "(Kennungen von Akteuren des Verzeichnisses), partner_clusters (Kürzel), language (de, en, "
    "de_en), is_public, registration_enabled, registration_opens_at, registration_closes_at, "
    "cancellation_deadline, requires_approval, offer_hours."
)


class _EventFields(Schema):
    format: Any = Field(default=None, description="Format (Pflicht).")
    series: Any = Field(default=None, description="Kürzel der Reihe.")
    title: Any = Field(default=None, description="Titel (Pflicht).")
    description: Any = Field(default=None, description="Beschreibung.")
    topics: Any = Field(default=None, description="Themenbereiche (Nummern).")
    starts_at: Any = Field(default=None, description="Beginn (Pflicht).")
    ends_at: Any = Field(default=None, description="Ende (Pflicht).")
    time_zone: Any = Field(default=None, description="Zeitzone, Standard Europe/Berlin.")
    venue_name: Any = Field(default=None, description="Veranstaltungsort.")
    street: Any = Field(default=None, description="Straße und Hausnummer.")
    postal_code: Any = Field(default=None, description="Postleitzahl.")
    municipality: Any = Field(default=None, description="Ort.")
    district: Any = Field(default=None, description="Kreisschlüssel.")
    online_url: Any = Field(default=None, description="Online-Zugang (https://…).")
    co_organisers: Any = Field(default=None, description="Mitveranstalter (Akteurskennungen).")
    partner_clusters: Any = Field(default=None, description="Partnercluster (Kürzel).")
    language: Any = Field(default=None, description="Sprache: de, en, de_en.")
    is_public: Any = Field(default=None, description="Öffentlich (sonst nur Mitglieder).")
    registration_enabled: Any = Field(default=None, description="Anmeldung über die Plattform.")
    registration_opens_at: Any = Field(default=None, description="Anmeldung ab.")
    registration_closes_at: Any = Field(default=None, description="Anmeldeschluss.")
    cancellation_deadline: Any = Field(default=None, description="Abmeldung möglich bis.")
    requires_approval: Any = Field(default=None, description="Anmeldungen werden bestätigt.")
    offer_hours: Any = Field(default=None, description="Frist für Nachrückplätze (Stunden).")


class EventCreateIn(_EventFields):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"description": _DATA_HELP})


class EventPatchIn(_EventFields):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "description": "Nur `version` ist Pflicht; weggelassene Felder bleiben unverändert. "
            + _DATA_HELP
        },
    )

    version: int = Field(ge=1, description="Der Bearbeitungsstand, auf dem die Änderung beruht.")


class EventConflictOut(Schema):
    detail: str = Field(description="Grund (deutsch): jemand hat inzwischen gespeichert.")
    version: int = Field(description="Der aktuelle Bearbeitungsstand; damit erneut senden.")
    current: dict[str, Any] = Field(description="Die aktuell gespeicherten Daten.")


class CancelIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(max_length=2000, description="Grund der Absage (Pflicht).")


# --- helpers -----------------------------------------------------------------------------------


def _counts(event: Event) -> tuple[list, int, int, int]:
    ticket_types = list(ticket_types_with_counts(event))
    registered = sum(ticket_type.taken for ticket_type in ticket_types)
    capacity = sum(ticket_type.capacity for ticket_type in ticket_types)
    waitlist = sum(ticket_type.waiting for ticket_type in ticket_types)
    return ticket_types, registered, capacity, waitlist


def event_dict(event: Event, catalogue: TopicCatalogue, counts) -> dict:
    """`counts`: (registered, capacity, waitlist)."""
    registered, capacity, waitlist = counts
    zone = services.event_zone(event.time_zone)
    return {
        "id": event.pk,
        "slug": event.slug,
        "title": event.title,
        "format": event.format,
        "format_label": str(event.get_format_display()),
        "status": event.status,
        "status_label": str(event.get_status_display()),
        "starts_at": timezone.localtime(event.starts_at, zone),
        "ends_at": timezone.localtime(event.ends_at, zone),
        "time_zone": event.time_zone,
        "series": event.series.slug if event.series_id else None,
        "topic_areas": catalogue.numbers_of(topic.lineage for topic in event.topics.all()),
        "venue_name": event.venue_name,
        "street": event.street,
        "postal_code": event.postal_code,
        "municipality": event.municipality,
        "district": event.district.ags if event.district_id else None,
        "is_online": event.is_online,
        "has_online_access": bool(event.online_url),
        "language": event.language,
        "is_public": event.is_public,
        "registration_open": registration_state(event)[0],
        "registered": registered,
        "capacity": capacity,
        "waitlist": waitlist,
        "cancellation_reason": event.cancellation_reason,
        "url": event.get_absolute_url(),
        "is_demo": event.is_demo,
    }


def event_detail(user, cluster, event_id: int) -> dict:
    event = get_event_by_pk_for_user(user, cluster, event_id)
    prefetch_related_objects([event], "topics")
    counts = _counts(event)
    manage = can_manage_event(user, event)
    confirmed = (
        user.is_authenticated
        and event.registrations.filter(user=user, status=RegistrationStatus.CONFIRMED).exists()
    )
    zone = services.event_zone(event.time_zone)

    def local(value):
        return timezone.localtime(value, zone) if value else None

    return {
        **event_dict(event, topic_catalogue(cluster), counts[1:]),
        "description": event.description,
        "online_url": event.online_url if event.online_url and (manage or confirmed) else None,
        "co_organisers": [
            {"id": row.actor.pk, "name": row.actor.name, "url": row.actor.get_absolute_url()}
            for row in event.organisers.select_related("actor").order_by("actor__name")
        ],
        "partner_clusters": sorted(event.partner_clusters.values_list("slug", flat=True)),
        "ticket_types": [
            {
                "id": ticket_type.pk,
                "name": ticket_type.name,
                "audience": ticket_type.audience,
                "capacity": ticket_type.capacity,
                "registered": ticket_type.taken,
                "free": max(ticket_type.capacity - ticket_type.taken, 0),
                "waitlist_enabled": ticket_type.waitlist_enabled,
            }
            for ticket_type in counts[0]
        ],
        "registration_opens_at": local(event.registration_opens_at),
        "registration_closes_at": local(event.registration_closes_at),
        "cancellation_deadline": local(event.cancellation_deadline),
        "requires_approval": event.requires_approval,
        "offer_hours": event.offer_hours,
        "sequence": event.sequence,
        "version": event.version,
        "can_manage": manage,
    }


def _parse_day(value: str | None, key: str, errors: dict) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        errors[key] = [_("Bitte ein Datum im Format JJJJ-MM-TT angeben.")]
        return None


# --- reading -----------------------------------------------------------------------------------


@router.get(
    "/",
    response={200: EventListOut, **error_responses(422)},
    summary="Veranstaltungen",
    description="Die Veranstaltungen des Clusters, die Sie sehen dürfen (veröffentlichte, "
    "durchgeführte und abgesagte; Mitgliederveranstaltungen nur für Mitglieder; Entwürfe nur "
    "für Veranstalter mit `drafts=true`), nach Beginn sortiert, mit vergebenen Plätzen, "
    "Kapazität und Warteliste. Unbekannte Formate, Themenbereiche oder Daten ergeben 422.",
)
def list_events(
    request,
    format: str | None = Query(None, max_length=30, description="Format, z. B. workshop_talk."),
    topic_area: str | None = Query(None, max_length=20, description="Themenbereich, z. B. 4.4.2."),
    district: str | None = Query(None, max_length=12, description="Kreisschlüssel."),
    series: str | None = Query(None, max_length=100, description="Kürzel der Reihe."),
    start: str | None = Query(
        None, alias="from", max_length=10, description="Ab diesem Tag (JJJJ-MM-TT)."
    ),
    end: str | None = Query(
        None, alias="to", max_length=10, description="Bis zu diesem Tag (JJJJ-MM-TT)."
    ),
    drafts: bool = Query(False, description="Auch Entwürfe (nur die, die Sie verwalten)."),
    limit: int = Query(20, ge=1, le=MAX_LIST_LIMIT, description="Höchstens so viele Treffer."),
    offset: int = Query(0, ge=0, description="So viele Treffer überspringen."),
):
    cluster = request_cluster(request)
    catalogue = topic_catalogue(cluster)
    errors: dict[str, list[str]] = {}
    if format and format not in EventFormat.values:
        errors["format"] = [_("Unbekanntes Format: %(value)s.") % {"value": format}]
    lineage = ""
    if topic_area:
        lineage = catalogue.lineage_by_number.get(topic_area.strip(), "")
        if not lineage:
            errors["topic_area"] = [
                _("Unbekannter Themenbereich „%(number)s“.") % {"number": topic_area}
            ]
    first = _parse_day(start, "from", errors)
    last = _parse_day(end, "to", errors)
    if first and last and last < first:
        errors["to"] = [_("Das Ende des Zeitraums liegt vor seinem Anfang.")]
    if errors:
        raise ValidationError(errors)
    events = visible_events(request.user, cluster)
    if not drafts:
        events = events.exclude(status=EventStatus.DRAFT)
    else:
        events = events.filter(pk__in=managed_events(request.user, cluster).values("pk"))
    if format:
        events = events.filter(format=format)
    if lineage:
        events = events.filter(topics__lineage=lineage)
    if district:
        events = events.filter(district__ags=district.strip())
    if series:
        events = events.filter(series__slug=series.strip())
    if first:
        events = events.filter(ends_at__date__gte=first)
    if last:
        events = events.filter(starts_at__date__lte=last)
    events = events.distinct().order_by("starts_at", "id")
    count = events.count()
    page = list(
        annotate_counts(events.select_related("series", "district")).prefetch_related("topics")[
            offset : offset + limit
        ]
    )
    return {
        "count": count,
        "items": [
            event_dict(event, catalogue, (event.registered, event.capacity, event.waitlist))
            for event in page
        ],
    }


@router.get(
    "/{int:event_id}",
    response={200: EventDetailOut, **error_responses(404, 422)},
    summary="Veranstaltung",
    description="Eine Veranstaltung mit Kontingenten (freie Plätze, nie die Warteliste selbst). "
    "Den Online-Zugang sehen nur bestätigte Teilnehmende und die Veranstalter. Veranstaltungen, "
    "die Sie nicht sehen dürfen, gibt es für Sie nicht (404).",
)
def get_event(request, event_id: int = EventId):
    return event_detail(request.user, request_cluster(request), event_id)


# --- writing -----------------------------------------------------------------------------------


@router.post(
    "/",
    auth=session_auth,
    response={201: EventDetailOut, **error_responses(400, 401, 403, 409, 422)},
    summary="Veranstaltung anlegen",
    description="Legt eine Veranstaltung als Entwurf an (nur das Clustermanagement). "
    "Fehlerhafte Angaben ergeben 422 mit deutschen Meldungen je Feld.",
)
def create_event(request, payload: EventCreateIn):
    cluster = request_cluster(request)
    if not can_create_events(request.user, cluster):
        raise PermissionDenied(_("Veranstaltungen legt das Clustermanagement an."))
    data = payload.model_dump(exclude_unset=True)
    event = services.create_event(cluster=cluster, by=request.user, data=data)
    return Status(201, event_detail(request.user, cluster, event.pk))


@router.patch(
    "/{int:event_id}",
    auth=session_auth,
    response={
        200: EventDetailOut,
        **error_responses(400, 401, 403, 404, 409, 422, conflict=EventConflictOut),
    },
    summary="Veranstaltung ändern",
    description="Ändert die gesendeten Felder (Clustermanagement und Mitveranstalter; die "
    "Mitveranstalter selbst legt nur das Clustermanagement fest). `version` ist der "
    "Bearbeitungsstand, auf dem die Änderung beruht; hat jemand inzwischen gespeichert, "
    "antwortet die API mit 409 und dem aktuellen Stand, und nichts wird geändert.",
)
def patch_event(request, payload: EventPatchIn, event_id: int = EventId):
    cluster = request_cluster(request)
    event = get_event_by_pk_for_user(request.user, cluster, event_id, manage=True)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    services.update_event(event=event, by=request.user, data=data, version=version)
    return event_detail(request.user, cluster, event_id)


@router.post(
    "/{int:event_id}/publish",
    auth=session_auth,
    response={200: EventDetailOut, **WRITE_ERRORS},
    summary="Veranstaltung veröffentlichen",
    description="Ein Entwurf wird für sein Publikum sichtbar. Mit Anmeldung über die Plattform "
    "braucht er mindestens ein Kontingent (sonst 422).",
)
def publish_event(request, event_id: int = EventId):
    cluster = request_cluster(request)
    event = get_event_by_pk_for_user(request.user, cluster, event_id, manage=True)
    services.publish_event(event=event, by=request.user)
    return event_detail(request.user, cluster, event_id)


@router.post(
    "/{int:event_id}/cancel",
    auth=session_auth,
    response={200: EventDetailOut, **WRITE_ERRORS},
    summary="Veranstaltung absagen",
    description="Sagt einen Entwurf oder eine veröffentlichte Veranstaltung mit Grund (Pflicht) "
    "ab; alle Angemeldeten bekommen eine E-Mail, Kalender zeigen die Absage.",
)
def cancel_event(request, payload: CancelIn, event_id: int = EventId):
    cluster = request_cluster(request)
    event = get_event_by_pk_for_user(request.user, cluster, event_id, manage=True)
    services.cancel_event(event=event, by=request.user, reason=payload.reason)
    return event_detail(request.user, cluster, event_id)
