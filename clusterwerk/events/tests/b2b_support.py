"""Builders for the B2B day tests: a configured day, participants with accounts, wishes."""

import datetime
import uuid

from clusterwerk.accounts.models import Role
from clusterwerk.events.models import (
    B2BParticipant,
    B2BSettings,
    B2BSlot,
    EventFormat,
    MeetingWish,
    WishStatus,
)
from clusterwerk.events.tests.factories import make_event, make_registration
from conftest import make_user


def make_b2b_day(cluster, *, tables=10, slots=6, breaks=(), max_meetings=8, **overrides):
    """A published B2B day in four weeks with `slots` slots of 20 minutes from 10:00."""
    event = make_event(
        cluster,
        format=EventFormat.B2B_DAY,
        title=overrides.pop("title", "B2B-Tag Leichtbau"),
        capacity=500,
        **overrides,
    )
    B2BSettings.objects.create(
        event=event, table_count=tables, max_meetings_per_person=max_meetings
    )
    length = datetime.timedelta(minutes=20)
    for index in range(1, slots + 1):
        starts = event.starts_at + (index - 1) * length
        B2BSlot.objects.create(
            event=event,
            index=index,
            starts_at=starts,
            ends_at=starts + length,
            is_break=index in breaks,
        )
    return event


def make_participant(
    event,
    *,
    name="Firma",
    user=None,
    actor=None,
    available=(),
    maximum=None,
    cluster=None,
    **profile,
):
    number = B2BParticipant.objects.count() + 1
    if user is None:
        user = make_user(
            f"b2b-{uuid.uuid4().hex[:10]}@example.org",
            cluster or event.cluster,
            Role.MEMBER,
            first_name="Person",
            last_name=str(number),
        )
    registration = make_registration(
        event,
        user=user,
        actor=actor,
        organisation_name="" if actor else f"{name} {number}",
        first_name=user.first_name or "Person",
        last_name=user.last_name or str(number),
    )
    return B2BParticipant.objects.create(
        event=event,
        registration=registration,
        actor=actor,
        available_slots=list(available),
        max_meetings=maximum,
        **profile,
    )


def wish(requester, target, *, status=WishStatus.ACCEPTED, score=None, reason="Kooperation"):
    return MeetingWish.objects.create(
        event=requester.event,
        requester=requester,
        target=target,
        reason=reason,
        status=status,
        match_score=score,
    )
