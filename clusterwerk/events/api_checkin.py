"""Check-in in the REST API (under /api/v1/events), for the organisers' scanner apps:

- `POST /{event_id}/check-ins` {code, kind: entry|exit} → 201 with the person, the
  organisation and the contingent; 422 with the German reason for a forged, reused or
  foreign ticket, a registration that is not confirmed, an exit before the entry, or an
  event that is not running; 403 for anybody who does not manage the event.
- `GET /{event_id}/check-ins` – the scans, newest first.
- `GET /{event_id}/attendance` – registered / inside / left.

The same funnel (`queries.get_event_by_pk_for_user`, manage=True) and services
(`services.checkin`) as the pages. Session auth; writes need the CSRF token."""

import datetime

from ninja import Path, Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.events import checkin_queries, queries
from clusterwerk.events.models import CheckIn, CheckInKind, CheckInMethod
from clusterwerk.events.services import checkin as services

router = Router(tags=["Veranstaltungen: Einlass"])

EventId = Path(..., ge=1, le=2**63 - 1, description="Kennung der Veranstaltung.")
READ_ERRORS = error_responses(401, 403, 404, 422)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 422)
MAX_LIST = 500


class CheckInIn(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(
        min_length=1,
        max_length=200,
        description="Ticketcode aus dem QR-Code (oder die ganze Adresse, die er enthält).",
    )
    kind: CheckInKind = Field(
        default=CheckInKind.ENTRY, description="entry (Einlass) oder exit (Ausgang)."
    )


class PersonOut(Schema):
    registration: int = Field(description="Kennung der Anmeldung.")
    name: str
    organisation: str = Field(description="Organisation (leer: keine angegeben).")
    actor: int | None = Field(description="Kennung im Akteursverzeichnis, falls verknüpft.")
    ticket_type: str = Field(description="Kontingent.")


class CheckInOut(Schema):
    id: int
    kind: CheckInKind
    method: CheckInMethod
    scanned_at: datetime.datetime
    person: PersonOut


class AttendanceOut(Schema):
    registered: int = Field(description="Bestätigte Anmeldungen.")
    inside: int = Field(description="Anwesend (letzte Erfassung: Einlass).")
    left: int = Field(description="Gegangen (letzte Erfassung: Ausgang).")


def _check_in(check_in: CheckIn) -> dict:
    registration = check_in.registration
    return {
        "id": check_in.pk,
        "kind": check_in.kind,
        "method": check_in.method,
        "scanned_at": check_in.scanned_at,
        "person": {
            "registration": registration.pk,
            "name": registration.full_name,
            "organisation": registration.organisation_label,
            "actor": registration.actor_id,
            "ticket_type": registration.ticket_type.name,
        },
    }


@router.post(
    "/{int:event_id}/check-ins",
    auth=session_auth,
    response={201: CheckInOut, **WRITE_ERRORS},
    summary="Einlass oder Ausgang erfassen",
    description="Für die Veranstalter, von zwei Stunden vor Beginn bis zum Ende des "
    "Veranstaltungstags. 422 mit Begründung bei ungültigem, schon benutztem oder fremdem "
    "Ticket, bei nicht bestätigter Anmeldung und bei einem Ausgang vor dem Einlass.",
)
def create_check_in(request, payload: CheckInIn, event_id: int = EventId):
    event = queries.get_event_by_pk_for_user(
        request.user, request_cluster(request), event_id, manage=True
    )
    check_in = services.check_in(
        event=event,
        code=payload.code,
        kind=payload.kind.value,
        by=request.user,
        method=CheckInMethod.QR,
    )
    return Status(201, _check_in(check_in))


@router.get(
    "/{int:event_id}/check-ins",
    auth=session_auth,
    response={200: list[CheckInOut], **READ_ERRORS},
    summary="Erfassungen am Einlass",
    description="Die Einlässe und Ausgänge, die neuesten zuerst; nur für die Veranstalter.",
)
def list_check_ins(
    request,
    event_id: int = EventId,
    limit: int = Query(100, ge=1, le=MAX_LIST, description="Höchstens so viele."),
):
    event = queries.get_event_by_pk_for_user(
        request.user, request_cluster(request), event_id, manage=True
    )
    return [_check_in(scan) for scan in checkin_queries.recent_scans(event, limit)]


@router.get(
    "/{int:event_id}/attendance",
    auth=session_auth,
    response={200: AttendanceOut, **READ_ERRORS},
    summary="Anwesenheit",
    description="Bestätigte Anmeldungen, Anwesende und Gegangene; nur für die Veranstalter.",
)
def attendance(request, event_id: int = EventId):
    event = queries.get_event_by_pk_for_user(
        request.user, request_cluster(request), event_id, manage=True
    )
    return checkin_queries.attendance(event).as_dict()
