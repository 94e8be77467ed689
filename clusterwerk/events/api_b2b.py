"""The B2B day API (under /api/v1/events/{event_id}/b2b/…): my participant profile, suggestions,
wishes (send, answer), the organisers' optimiser and the schedule, the outcome of a meeting.

Everything needs the session (`core.api.session_auth`, CSRF for writes) and works in the
request's cluster: an event the user may not see is a 404 (`queries.get_event_by_pk_for_user`).
Writes go through `services.b2b`, which checks the permission again and raises German
`ValidationError`s (422) or `PermissionDenied` (403).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.events import b2b_queries
from clusterwerk.events.b2b_schedule import solve_schedule
from clusterwerk.events.models import B2BMeeting, B2BParticipant, Event, MeetingWish, Registration
from clusterwerk.events.permissions import can_manage_event
from clusterwerk.events.queries import get_event_by_pk_for_user
from clusterwerk.events.services import b2b

router = Router(tags=["B2B-Tage"])

READ_ERRORS = error_responses(401, 403, 404, 422)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)


# --- Schemas --------------------------------------------------------------------------------


class ParticipantOut(Schema):
    id: int
    name: str
    organisation: str
    actor_id: int | None
    profile: str
    offering: str
    looking_for: str
    available_slots: list[int] = Field(description="Nummern der Zeitfenster; leer: alle.")
    max_meetings: int | None


class ProfileIn(Schema):
    profile: str | None = Field(None, max_length=2000)
    offering: str | None = Field(None, max_length=2000)
    looking_for: str | None = Field(None, max_length=2000)
    available_slots: list[int] | None = Field(None, max_length=48)
    max_meetings: int | None = Field(None, ge=1, le=50)


class SuggestionOut(Schema):
    participant: ParticipantOut
    score: float
    reasons: list[str]


class WishOut(Schema):
    id: int
    requester: ParticipantOut
    target: ParticipantOut
    reason: str
    match_score: float | None
    suggested: bool
    status: str


class WishesOut(Schema):
    sent: list[WishOut]
    received: list[WishOut]


class WishIn(Schema):
    target_id: int
    reason: str = Field(max_length=1000)
    match_score: float | None = Field(None, ge=0)


class AnswerIn(Schema):
    accept: bool


class SolveIn(Schema):
    time_limit: float = Field(10.0, ge=1, le=10)


class SolveOut(Schema):
    status: str
    solve_seconds: float
    wishes_total: int
    wishes_met: int
    mutual_total: int
    mutual_met: int
    share_met: float
    idle_gaps: int
    meetings: int
    locked: int


class MeetingOut(Schema):
    id: int
    slot: int
    starts_at: str
    ends_at: str
    table: int
    first: ParticipantOut
    second: ParticipantOut
    locked: bool
    status: str
    outcome: str
    reason: str


class ScheduleOut(Schema):
    published: bool
    meetings: list[MeetingOut]


class OutcomeIn(Schema):
    outcome: str = Field(description="cooperation, project_idea oder no_need")
    note: str = Field("", max_length=1000)


# --- Helpers --------------------------------------------------------------------------------


def _event(request, event_id: int, *, manage: bool = False) -> Event:
    event = get_event_by_pk_for_user(
        request.user, request_cluster(request), event_id, manage=manage
    )
    if not event.is_b2b_day:
        raise Http404(_("Diese Veranstaltung ist kein B2B-Tag."))
    return event


def _me(event: Event, user) -> B2BParticipant:
    participant = b2b_queries.my_participant(event, user)
    if participant is None:
        raise Http404(_("Sie nehmen an diesem B2B-Tag nicht teil."))
    return participant


def _participant(p: B2BParticipant) -> dict:
    return {
        "id": p.pk,
        "name": p.registration.full_name,
        "organisation": p.registration.organisation_label,
        "actor_id": p.actor_id,
        "profile": p.profile,
        "offering": p.offering,
        "looking_for": p.looking_for,
        "available_slots": p.available_slots or [],
        "max_meetings": p.max_meetings,
    }


def _wish(w: MeetingWish) -> dict:
    return {
        "id": w.pk,
        "requester": _participant(w.requester),
        "target": _participant(w.target),
        "reason": w.reason,
        "match_score": w.match_score,
        "suggested": w.suggested,
        "status": w.status,
    }


def _meeting(m: B2BMeeting) -> dict:
    return {
        "id": m.pk,
        "slot": m.slot.index,
        "starts_at": m.slot.starts_at.isoformat(),
        "ends_at": m.slot.ends_at.isoformat(),
        "table": m.table,
        "first": _participant(m.first),
        "second": _participant(m.second),
        "locked": m.locked,
        "status": m.status,
        "outcome": m.outcome,
        "reason": m.wish.reason if m.wish_id else "",
    }


# --- Participants ---------------------------------------------------------------------------


@router.get(
    "/{int:event_id}/b2b/me",
    auth=session_auth,
    response={200: ParticipantOut, **READ_ERRORS},
    summary="Mein Kurzprofil am B2B-Tag",
)
def my_profile(request, event_id: int):
    return _participant(_me(_event(request, event_id), request.user))


@router.post(
    "/{int:event_id}/b2b/me",
    auth=session_auth,
    response={201: ParticipantOut, **WRITE_ERRORS},
    summary="Am B2B-Tag teilnehmen",
    description="Eine bestätigte Anmeldung wird Teilnahme am B2B-Tag. Nicht angegebene Texte "
    "kommen aus dem Profil der Organisation und ihren veröffentlichten Inseraten.",
)
def join(request, event_id: int, payload: ProfileIn):
    event = _event(request, event_id)
    registration = Registration.objects.filter(
        event=event, user=request.user, status="confirmed"
    ).first()
    if registration is None:
        raise PermissionDenied(_("Am B2B-Tag nehmen nur bestätigte Anmeldungen teil."))
    participant = b2b.join_b2b(
        registration=registration, by=request.user, **payload.model_dump(exclude_unset=True)
    )
    return Status(201, _participant(participant))


@router.patch(
    "/{int:event_id}/b2b/me",
    auth=session_auth,
    response={200: ParticipantOut, **WRITE_ERRORS},
    summary="Kurzprofil ändern",
)
def update_profile(request, event_id: int, payload: ProfileIn):
    participant = _me(_event(request, event_id), request.user)
    participant = b2b.update_participant(
        participant=participant, by=request.user, **payload.model_dump(exclude_unset=True)
    )
    return _participant(participant)


@router.get(
    "/{int:event_id}/b2b/suggestions",
    auth=session_auth,
    response={200: list[SuggestionOut], **READ_ERRORS},
    summary="Diese Teilnehmenden passen zu Ihnen",
)
def suggestions(request, event_id: int):
    participant = _me(_event(request, event_id), request.user)
    return [
        {"participant": _participant(s.participant), "score": s.score, "reasons": s.reasons}
        for s in b2b.suggestions(participant)
    ]


@router.get(
    "/{int:event_id}/b2b/wishes",
    auth=session_auth,
    response={200: WishesOut, **READ_ERRORS},
    summary="Meine Gesprächswünsche (gesendet und erhalten)",
)
def wishes(request, event_id: int):
    participant = _me(_event(request, event_id), request.user)
    sent, received = b2b_queries.wishes_of(participant)
    return {"sent": [_wish(w) for w in sent], "received": [_wish(w) for w in received]}


@router.post(
    "/{int:event_id}/b2b/wishes",
    auth=session_auth,
    response={201: WishOut, **WRITE_ERRORS},
    summary="Gespräch wünschen",
    description="Mit Grund; nicht an sich selbst, nicht zweimal, nur bis zur Frist.",
)
def create_wish(request, event_id: int, payload: WishIn):
    event = _event(request, event_id)
    requester = _me(event, request.user)
    target = get_object_or_404(B2BParticipant, event=event, pk=payload.target_id)
    wish = b2b.add_wish(
        requester=requester,
        target=target,
        by=request.user,
        reason=payload.reason,
        match_score=payload.match_score,
        suggested=payload.match_score is not None,
    )
    return Status(201, _wish(wish))


@router.post(
    "/{int:event_id}/b2b/wishes/{int:wish_id}/answer",
    auth=session_auth,
    response={200: WishOut, **WRITE_ERRORS},
    summary="Gesprächswunsch annehmen oder ablehnen",
)
def answer_wish(request, event_id: int, wish_id: int, payload: AnswerIn):
    event = _event(request, event_id)
    wish = get_object_or_404(MeetingWish, event=event, pk=wish_id)
    return _wish(b2b.answer_wish(wish=wish, by=request.user, accept=payload.accept))


# --- Schedule -------------------------------------------------------------------------------


@router.post(
    "/{int:event_id}/b2b/solve",
    auth=session_auth,
    response={200: SolveOut, **WRITE_ERRORS},
    summary="Plan berechnen (Veranstalter)",
    description="Berechnet den Gesprächsplan mit OR-Tools CP-SAT (höchstens `time_limit` "
    "Sekunden, synchron) und gibt die Kennzahlen zurück.",
)
def solve(request, event_id: int, payload: SolveIn | None = None):
    event = _event(request, event_id, manage=True)
    limit = payload.time_limit if payload else 10.0
    return solve_schedule(event=event, by=request.user, time_limit=limit)


@router.get(
    "/{int:event_id}/b2b/schedule",
    auth=session_auth,
    response={200: ScheduleOut, **READ_ERRORS},
    summary="Gesprächsplan",
    description="Veranstalter sehen alle Gespräche, Teilnehmende ihre eigenen, sobald der "
    "Plan veröffentlicht ist.",
)
def schedule(request, event_id: int):
    event = _event(request, event_id)
    settings = b2b_queries.b2b_settings(event)
    published = bool(settings and settings.schedule_published)
    meetings = b2b_queries.meetings(event)
    if not can_manage_event(request.user, event):
        participant = _me(event, request.user)
        if not published:
            raise PermissionDenied(_("Der Gesprächsplan ist noch nicht veröffentlicht."))
        meetings = [m for m in meetings if participant.pk in (m.first_id, m.second_id)]
    return {"published": published, "meetings": [_meeting(m) for m in meetings]}


@router.post(
    "/{int:event_id}/b2b/meetings/{int:meeting_id}/outcome",
    auth=session_auth,
    response={200: MeetingOut, **WRITE_ERRORS},
    summary="Ergebnis eines Gesprächs erfassen",
)
def outcome(request, event_id: int, meeting_id: int, payload: OutcomeIn):
    event = _event(request, event_id)
    meeting = get_object_or_404(B2BMeeting, event=event, pk=meeting_id)
    meeting = b2b.record_outcome(
        meeting=meeting, by=request.user, outcome=payload.outcome, note=payload.note
    )
    return _meeting(b2b_queries.meetings(event).get(pk=meeting.pk))
