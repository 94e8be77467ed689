"""Reads of a B2B day with their rules: my participation, wishes, the schedule grid, a
person's agenda, and the outcomes of B2B meetings for the Kooperationsbörse's figures."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from clusterwerk.accounts.permissions import is_authenticated
from clusterwerk.events.models import (
    B2BMeeting,
    B2BMeetingStatus,
    B2BParticipant,
    B2BSettings,
    Event,
    MeetingWish,
    WishStatus,
)
from clusterwerk.matchmaking.models import ContactOutcome


def b2b_settings(event: Event) -> B2BSettings | None:
    try:
        return event.b2b
    except B2BSettings.DoesNotExist:
        return None


def my_participant(event: Event, user) -> B2BParticipant | None:
    if not is_authenticated(user):
        return None
    return (
        B2BParticipant.objects.filter(event=event, registration__user=user)
        .select_related("registration__actor", "actor")
        .first()
    )


def participants(event: Event):
    return (
        B2BParticipant.objects.filter(event=event)
        .select_related("registration__actor")
        .order_by("registration__last_name", "registration__first_name", "pk")
    )


def wishes_of(participant: B2BParticipant) -> tuple[list[MeetingWish], list[MeetingWish]]:
    """(sent, received) with the other side loaded."""
    related = ("requester__registration__actor", "target__registration__actor")
    sent = list(participant.wishes_sent.select_related(*related).order_by("created_at", "pk"))
    received = list(
        participant.wishes_received.select_related(*related).order_by("created_at", "pk")
    )
    return sent, received


def wish_counts(event: Event) -> dict:
    counts = MeetingWish.objects.filter(event=event).aggregate(
        total=Count("pk"),
        pending=Count("pk", filter=Q(status=WishStatus.PENDING)),
        accepted=Count("pk", filter=Q(status=WishStatus.ACCEPTED)),
        declined=Count("pk", filter=Q(status=WishStatus.DECLINED)),
    )
    return counts


def event_wishes(event: Event):
    return (
        MeetingWish.objects.filter(event=event)
        .select_related("requester__registration__actor", "target__registration__actor")
        .order_by("status", "created_at", "pk")
    )


def meetings(event: Event):
    return (
        B2BMeeting.objects.filter(event=event)
        .select_related("slot", "wish", "first__registration__actor", "second__registration__actor")
        .order_by("slot__index", "table")
    )


@dataclass
class GridSlot:
    slot: object
    meetings: list
    free_tables: int


def schedule_grid(event: Event) -> list[GridSlot]:
    """Per slot: its meetings by table and how many tables are free."""
    settings = b2b_settings(event)
    tables = settings.table_count if settings else 0
    by_slot = defaultdict(list)
    for meeting in meetings(event):
        by_slot[meeting.slot_id].append(meeting)
    return [
        GridSlot(slot, by_slot[slot.pk], 0 if slot.is_break else tables - len(by_slot[slot.pk]))
        for slot in event.b2b_slots.order_by("index")
    ]


@dataclass
class AgendaRow:
    meeting: B2BMeeting
    partner: B2BParticipant
    reason: str


def agenda(participant: B2BParticipant) -> list[AgendaRow]:
    rows = []
    for meeting in meetings(participant.event).filter(Q(first=participant) | Q(second=participant)):
        partner = meeting.second if meeting.first_id == participant.pk else meeting.first
        rows.append(AgendaRow(meeting, partner, meeting.wish.reason if meeting.wish_id else ""))
    return rows


def agenda_visible(event: Event, user, manage: bool) -> bool:
    settings = b2b_settings(event)
    return bool(settings and (settings.schedule_published or manage))


# --- Outcomes for the Kooperationsbörse's pipeline and the events section of the report ----


def b2b_outcome_counts(cluster_ids, start: datetime.date, end: datetime.date) -> dict:
    """B2B meetings held in [start, end] (by slot start) and their recorded outcomes, for
    clusters `cluster_ids`: {"held": n, "no_show": n, "cooperation": n, "project_idea": n,
    "no_need": n}. These are counted beside the Kooperationsbörse's interests, not as
    interests (a B2B meeting is no expression of interest in a listing)."""
    rows = (
        B2BMeeting.objects.filter(
            event__cluster_id__in=cluster_ids,
            slot__starts_at__date__gte=start,
            slot__starts_at__date__lte=end,
        )
        .exclude(status=B2BMeetingStatus.SCHEDULED, outcome="")
        .values("status", "outcome")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts: Counter = Counter()
    for row in rows:
        if row["status"] == B2BMeetingStatus.NO_SHOW:
            counts["no_show"] += row["count"]
        else:
            counts["held"] += row["count"]
        if row["outcome"]:
            counts[row["outcome"]] += row["count"]
    keys = ["held", "no_show", *ContactOutcome.values]
    return {key: counts[key] for key in keys}
