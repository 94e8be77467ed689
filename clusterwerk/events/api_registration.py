"""Registration in the events API (mounted at /api/v1/events/, documented at /api/docs).

- `POST /{event_id}/registrations`: register yourself (contingent, organisation, answers).
- `GET /me/registrations`: your registrations in the request's cluster, with your waiting-list
  position and a running offer.
- `POST /registrations/{id}/cancel`, `/accept-offer`, `/decline-offer`: your registration.
- Organisers: `GET /{event_id}/registrations` (per contingent, waiting list in order),
  `POST /registrations/{id}/approve` and `/decline` (with a reason).

Writes need the session (`core.api.session_auth`, which checks the CSRF token too) and go
through `services.registration`, which checks the permission again and raises German
`ValidationError`s (422 with `errors` by field, `config/api.py`). A registration that is not
yours and whose event you do not manage is a 404 (`queries_registration`).
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from clusterwerk.actors.queries import visible_actors
from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.events import queries_registration as reg_queries
from clusterwerk.events.models import Registration, RegistrationStatus
from clusterwerk.events.queries import get_event_by_pk_for_user
from clusterwerk.events.services import registration as services

router = Router()

MAX_ID = 2**63 - 1  # the largest id the databases store
RegistrationId = Path(..., ge=1, le=MAX_ID, description="Kennung der Anmeldung.")
EventId = Path(..., ge=1, le=MAX_ID, description="Kennung der Veranstaltung.")
READ_ERRORS = error_responses(401, 403, 404, 422)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)


class RegisterIn(Schema):
    ticket_type: int = Field(..., ge=1, le=MAX_ID, description="Kennung des Kontingents.")
    first_name: str = Field("", max_length=100, description="Leer: aus Ihrem Konto.")
    last_name: str = Field("", max_length=100, description="Leer: aus Ihrem Konto.")
    email: str = Field("", max_length=254, description="Leer: aus Ihrem Konto.")
    actor: int | None = Field(
        None, ge=1, le=MAX_ID, description="Organisation aus dem Akteursverzeichnis."
    )
    organisation_name: str = Field(
        "", max_length=300, description="Organisation, die nicht im Verzeichnis steht."
    )
    answers: dict[str, str | bool | None] = Field(
        default_factory=dict,
        description="Antworten nach Kennung der Frage; Ja/Nein als true/false.",
    )
    consent_participant_list: bool = Field(
        False, description="Name und Organisation dürfen in der Teilnehmendenliste stehen."
    )


class DeclineIn(Schema):
    reason: str = Field(..., max_length=2000, description="Wird der Person mitgeteilt.")


class RegistrationOut(Schema):
    id: int
    event_id: int
    event_title: str
    event_starts_at: datetime.datetime
    ticket_type: int
    ticket_type_name: str
    status: str
    status_label: str
    waitlist_position: int | None = Field(
        None, description="Ihr Platz auf der Warteliste (nur für Sie selbst)."
    )
    offer_expires_at: datetime.datetime | None
    organisation: str
    actor: int | None
    first_name: str
    last_name: str
    email: str
    answers: dict
    consent_participant_list: bool
    created_at: datetime.datetime
    url: str


class ContingentOut(Schema):
    id: int
    name: str
    audience: str
    capacity: int
    taken: int
    pending: list[RegistrationOut]
    confirmed: list[RegistrationOut]
    offered: list[RegistrationOut]
    waiting: list[RegistrationOut] = Field(..., description="Die Warteliste in ihrer Reihenfolge.")


def registration_dict(registration: Registration, *, position: int | None = None) -> dict:
    from django.urls import reverse

    event = registration.event
    return {
        "id": registration.pk,
        "event_id": event.pk,
        "event_title": event.title,
        "event_starts_at": event.starts_at,
        "ticket_type": registration.ticket_type_id,
        "ticket_type_name": registration.ticket_type.name,
        "status": registration.status,
        "status_label": str(registration.get_status_display()),
        "waitlist_position": position,
        "offer_expires_at": registration.offer_expires_at
        if registration.status == RegistrationStatus.OFFERED
        else None,
        "organisation": registration.organisation_label,
        "actor": registration.actor_id,
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "email": registration.email,
        "answers": registration.answers,
        "consent_participant_list": registration.consent_participant_list,
        "created_at": registration.created_at,
        "url": reverse("events:registration-detail", args=[registration.pk]),
    }


def _own_dict(registration: Registration) -> dict:
    return registration_dict(registration, position=services.waitlist_position(registration))


@router.post(
    "/{int:event_id}/registrations",
    auth=session_auth,
    response={201: RegistrationOut, **WRITE_ERRORS},
    summary="Anmelden",
    description="Meldet Sie zu einer Veranstaltung an, in einem Kontingent, dessen Zielgruppe "
    "zu Ihrer Organisation passt. Ist es voll, kommen Sie auf die Warteliste (ohne Warteliste "
    "422 „ausgebucht“). Zweimal anmelden, außerhalb der Anmeldefrist, fehlende Pflichtantworten "
    "ergeben 422 mit dem Grund.",
)
def register(request, payload: RegisterIn, event_id: int = EventId):
    cluster = request_cluster(request)
    event = get_event_by_pk_for_user(request.user, cluster, event_id)
    ticket_type = event.ticket_types.filter(pk=payload.ticket_type).first()
    if ticket_type is None:
        raise ValidationError(
            {"ticket_type": [_("Dieses Kontingent gibt es bei dieser Veranstaltung nicht.")]}
        )
    actor = None
    if payload.actor is not None:
        actor = visible_actors(request.user, cluster).filter(pk=payload.actor).first()
        if actor is None:
            raise ValidationError(
                {"actor": [_("Diese Organisation steht nicht im Verzeichnis des Clusters.")]}
            )
    user = request.user
    registration = services.register(
        event=event,
        ticket_type=ticket_type,
        user=user,
        first_name=payload.first_name.strip() or user.first_name,
        last_name=payload.last_name.strip() or user.last_name,
        email=payload.email.strip() or user.email,
        actor=actor,
        organisation_name="" if actor else payload.organisation_name,
        answers=payload.answers,
        consent_participant_list=payload.consent_participant_list,
    )
    return Status(201, _own_dict(registration))


@router.get(
    "/me/registrations",
    auth=session_auth,
    response={200: list[RegistrationOut], **error_responses(401)},
    summary="Meine Anmeldungen",
    description="Ihre Anmeldungen im Cluster der Adresse, nach Beginn der Veranstaltung, mit "
    "Ihrem Platz auf der Warteliste und einem laufenden Angebot.",
)
def my_registrations(request):
    rows = reg_queries.my_registrations(request.user, request_cluster(request))
    return [_own_dict(registration) for registration in rows]


def _mine_or_managed(request, registration_id: int, *, manage: bool = False) -> Registration:
    return reg_queries.get_registration_for_user(
        request.user, request_cluster(request), registration_id, manage=manage
    )


@router.post(
    "/registrations/{int:registration_id}/cancel",
    auth=session_auth,
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary="Abmelden",
    description="Storniert die Anmeldung: Sie selbst bis zur Abmeldefrist (sonst 422), die "
    "Veranstalter jederzeit. Der Platz geht als Angebot an die nächste Person der Warteliste.",
)
def cancel(request, registration_id: int = RegistrationId):
    registration = _mine_or_managed(request, registration_id)
    return _own_dict(services.cancel_registration(registration=registration, by=request.user))


@router.post(
    "/registrations/{int:registration_id}/accept-offer",
    auth=session_auth,
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary="Nachrückplatz annehmen",
    description="Nimmt den angebotenen Platz an, solange das Angebot gilt (danach 422).",
)
def accept_offer(request, registration_id: int = RegistrationId):
    registration = _mine_or_managed(request, registration_id)
    return _own_dict(services.accept_offer(registration=registration, by=request.user))


@router.post(
    "/registrations/{int:registration_id}/decline-offer",
    auth=session_auth,
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary="Nachrückplatz ablehnen",
    description="Lehnt den angebotenen Platz ab; er geht an die nächste Person.",
)
def decline_offer(request, registration_id: int = RegistrationId):
    registration = _mine_or_managed(request, registration_id)
    return _own_dict(services.decline_offer(registration=registration, by=request.user))


@router.get(
    "/{int:event_id}/registrations",
    auth=session_auth,
    response={200: list[ContingentOut], **READ_ERRORS},
    summary="Anmeldungen (Veranstalter)",
    description="Je Kontingent: Kapazität, vergebene Plätze, offene Bestätigungen, laufende "
    "Angebote, die Warteliste in ihrer Reihenfolge und die Bestätigten. Nur für die "
    "Veranstalter (403).",
)
def event_registrations(request, event_id: int = EventId):
    event = get_event_by_pk_for_user(request.user, request_cluster(request), event_id, manage=True)
    result = []
    for item in reg_queries.contingent_overview(event):

        def rows(registrations):
            return [registration_dict(r) for r in registrations]

        waiting = [
            registration_dict(r, position=index) for index, r in enumerate(item.waiting, start=1)
        ]
        result.append(
            {
                "id": item.ticket_type.pk,
                "name": item.ticket_type.name,
                "audience": item.ticket_type.audience,
                "capacity": item.ticket_type.capacity,
                "taken": item.taken,
                "pending": rows(item.pending),
                "confirmed": rows(item.confirmed),
                "offered": rows(item.offered),
                "waiting": waiting,
            }
        )
    return result


@router.post(
    "/registrations/{int:registration_id}/approve",
    auth=session_auth,
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary="Anmeldung annehmen (Veranstalter)",
    description="Bestätigt eine Anmeldung, die auf Bestätigung wartet.",
)
def approve(request, registration_id: int = RegistrationId):
    registration = _mine_or_managed(request, registration_id, manage=True)
    return registration_dict(
        services.approve_registration(registration=registration, by=request.user)
    )


@router.post(
    "/registrations/{int:registration_id}/decline",
    auth=session_auth,
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary="Anmeldung ablehnen (Veranstalter)",
    description="Lehnt eine Anmeldung, die auf Bestätigung wartet, mit einem Grund ab (ohne "
    "Grund 422); der Platz geht an die nächste Person der Warteliste.",
)
def decline(request, payload: DeclineIn, registration_id: int = RegistrationId):
    registration = _mine_or_managed(request, registration_id, manage=True)
    return registration_dict(
        services.decline_registration(
            registration=registration, by=request.user, reason=payload.reason
        )
    )
