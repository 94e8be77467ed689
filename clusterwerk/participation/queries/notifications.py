"""Reads of a person's notifications, and of what the e-mail digest has to send.

Per person whose `ParticipantProfile.digest` matches the frequency (people without a profile
count as weekly; "never" gets no e-mail): their notifications that were neither read in the
app nor e-mailed yet. At most one digest per period: a person e-mailed less than a period ago
(minus an hour of slack for cron) waits, whatever the schedule does.
"""

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Max, Q
from django.utils import timezone

from clusterwerk.core.models import DigestFrequency
from clusterwerk.participation.models import Notification

PERIODS = {
    DigestFrequency.DAILY: datetime.timedelta(days=1),
    DigestFrequency.WEEKLY: datetime.timedelta(days=7),
}
SLACK = datetime.timedelta(hours=1)


def notifications_of(user, limit: int = 100):
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")[:limit]


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


@dataclass
class Digest:
    user: object
    notifications: list[Notification]

    @property
    def count(self) -> int:
        return len(self.notifications)


def _frequency_condition(frequency: str) -> Q:
    condition = Q(user__participant_profile__digest=frequency)
    if frequency == DigestFrequency.WEEKLY:
        condition |= Q(user__participant_profile__isnull=True)
    return condition


def pending_notifications(frequency: str, *, now: datetime.datetime):
    return (
        Notification.objects.filter(
            _frequency_condition(frequency),
            emailed_at__isnull=True,
            read_at__isnull=True,
            created_at__lte=now,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id", "created_at", "id")
    )


def collect_digests(frequency: str, *, now: datetime.datetime | None = None):
    """(digests to send, number of people who must wait for the next period)."""
    if frequency not in PERIODS:
        raise ValueError(f"unknown digest frequency: {frequency}")
    now = now or timezone.now()
    digests = []
    for _user_id, group in groupby(
        pending_notifications(frequency, now=now), key=lambda note: note.user_id
    ):
        notes = list(group)
        digests.append(Digest(user=notes[0].user, notifications=notes))
    if not digests:
        return [], 0
    last_sent = dict(
        Notification.objects.filter(
            user_id__in=[digest.user.pk for digest in digests], emailed_at__isnull=False
        )
        .values("user_id")
        .annotate(last=Max("emailed_at"))
        .values_list("user_id", "last")
    )
    earliest = now - PERIODS[frequency] + SLACK
    ready = [
        digest
        for digest in digests
        if last_sent.get(digest.user.pk) is None or last_sent[digest.user.pk] <= earliest
    ]
    return ready, len(digests) - len(ready)
