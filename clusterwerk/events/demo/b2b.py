"""The demo B2B day: its frame (tables, slots with a break), a short profile for every
participant, meeting wishes with reasons (some mutual, some declined or unanswered), the
schedule solved by `events.b2b_schedule.solve_schedule`, and – the day being over – which
meetings took place, who did not come and what came out of them."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from clusterwerk.actors.models import Actor
from clusterwerk.events.b2b_schedule import solve_schedule
from clusterwerk.events.models import (
    B2BMeeting,
    B2BMeetingStatus,
    B2BParticipant,
    B2BSettings,
    B2BSlot,
    Event,
    MeetingWish,
    Registration,
    WishStatus,
)
from clusterwerk.matchmaking.models import ContactOutcome

OFFERS = {
    "company": "Fertigung in Serie, Konstruktion und Montage",
    "craft_business": "Lohnfertigung, Reparatur und Montage in kleinen Stückzahlen",
    "university": "Forschung, Prüfungen und Studierende für Projekte",
    "research_institute": "Werkstoffprüfung und angewandte Forschung",
}
OUTCOME_WEIGHTS = {
    ContactOutcome.COOPERATION: 30,
    ContactOutcome.PROJECT_IDEA: 20,
    ContactOutcome.NO_NEED: 50,
}


@dataclass
class B2BFigures:
    participants: int = 0
    wishes: int = 0
    meetings: int = 0
    held: int = 0
    no_show: int = 0
    solver: dict = field(default_factory=dict)


def write_b2b_day(
    *,
    event: Event,
    registrations: list[Registration],
    absent: set[int],
    frame: dict,
    reasons: list[str],
    rng: random.Random,
    time_limit: float,
) -> B2BFigures:
    """Frame, participants, wishes and the solved schedule of `event`; `absent`: the pks of
    the registrations that did not come (their meetings are marked as missed)."""
    figures = B2BFigures()
    day = event.starts_at.date()
    zone = event.starts_at.tzinfo
    hour, minute = (int(part) for part in frame["first_slot"].split(":"))
    first = datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
    length = datetime.timedelta(minutes=frame["slot_minutes"])
    B2BSettings.objects.create(
        event=event,
        table_count=frame["tables"],
        max_meetings_per_person=frame["max_meetings"],
        wishes_close_at=event.starts_at - datetime.timedelta(days=5),
        schedule_published=True,
    )
    slots = B2BSlot.objects.bulk_create(
        B2BSlot(
            event=event,
            index=index,  # numbered from 1, as `services.b2b.configure_b2b` does
            starts_at=first + (index - 1) * length,
            ends_at=first + index * length,
            is_break=index == frame["break_slot"],
        )
        for index in range(1, frame["slots"] + 1)
    )
    meeting_slots = [slot.index for slot in slots if not slot.is_break]
    kinds = dict(
        Actor.objects.filter(pk__in=[r.actor_id for r in registrations if r.actor_id]).values_list(
            "pk", "kind"
        )
    )
    descriptions = dict(Actor.objects.filter(pk__in=list(kinds)).values_list("pk", "description"))
    partial = set(rng.sample(range(len(registrations)), frame["partial_availability"]))
    participants = []
    for index, registration in enumerate(registrations):
        half = len(meeting_slots) // 2
        available = []
        if index in partial:
            available = meeting_slots[:half] if rng.random() < 0.5 else meeting_slots[half:]
        participants.append(
            B2BParticipant(
                event=event,
                registration=registration,
                actor_id=registration.actor_id,
                profile=(descriptions.get(registration.actor_id) or "")[:400],
                offering=OFFERS.get(kinds.get(registration.actor_id), ""),
                looking_for=rng.choice(reasons),
                available_slots=available,
                is_demo=True,
            )
        )
    participants = B2BParticipant.objects.bulk_create(participants)
    figures.participants = len(participants)
    figures.wishes = _wishes(event, participants, frame, reasons, rng)
    try:
        figures.solver = solve_schedule(event=event, by=None, time_limit=time_limit)
    except ValidationError as error:
        # No plan in the time given (a slow machine): the day stays without meetings.
        figures.solver = {"status": "failed", "reason": " ".join(error.messages)}
        return figures
    _outcomes(event, participants, absent, frame, rng, figures)
    return figures


def _wishes(event, participants, frame, reasons, rng) -> int:
    low, high = frame["wishes_per_person"]
    pairs: dict[tuple[int, int], MeetingWish] = {}
    for requester in participants:
        others = [p for p in participants if p.pk != requester.pk]
        for target in rng.sample(others, rng.randint(low, high)):
            directions = [(requester, target)]
            if rng.random() < frame["mutual_share"]:
                directions.append((target, requester))
            for a, b in directions:
                if (a.pk, b.pk) in pairs:
                    continue
                suggested = rng.random() < 0.4
                pairs[(a.pk, b.pk)] = MeetingWish(
                    event=event,
                    requester=a,
                    target=b,
                    reason=rng.choice(reasons),
                    match_score=round(rng.uniform(0.35, 0.95), 2) if suggested else None,
                    suggested=suggested,
                )
    wishes = list(pairs.values())
    for wish in wishes:
        mutual = (wish.target.pk, wish.requester.pk) in pairs
        draw = rng.random()
        if mutual or draw >= frame["declined_share"] + frame["pending_share"]:
            wish.status = WishStatus.ACCEPTED
        elif draw < frame["declined_share"]:
            wish.status = WishStatus.DECLINED
        else:
            wish.status = WishStatus.PENDING
        if wish.status != WishStatus.PENDING:
            wish.answered_at = event.starts_at - datetime.timedelta(days=rng.uniform(6, 20))
    MeetingWish.objects.bulk_create(wishes)
    created = event.starts_at - datetime.timedelta(days=25)
    MeetingWish.objects.filter(event=event).update(created_at=created)
    return len(wishes)


def _outcomes(event, participants, absent, frame, rng, figures) -> None:
    missing = {p.pk for p in participants if p.registration_id in absent}
    meetings = list(B2BMeeting.objects.filter(event=event).order_by("slot__index", "table"))
    for meeting in meetings:
        gone = next((pk for pk in (meeting.first_id, meeting.second_id) if pk in missing), None)
        if gone is not None:
            meeting.status = B2BMeetingStatus.NO_SHOW
            meeting.no_show_id = gone
            figures.no_show += 1
            continue
        meeting.status = B2BMeetingStatus.HELD
        figures.held += 1
        if rng.random() < frame["outcome_share"]:
            meeting.outcome = rng.choices(
                list(OUTCOME_WEIGHTS), weights=list(OUTCOME_WEIGHTS.values())
            )[0]
            meeting.outcome_recorded_at = event.ends_at + datetime.timedelta(
                days=rng.uniform(1, 12)
            )
    B2BMeeting.objects.bulk_update(
        meetings, ["status", "no_show", "outcome", "outcome_recorded_at"]
    )
    figures.meetings = len(meetings)
