"""The e-mail digest of participation notifications (`manage.py send_participation_digest
--frequency daily|weekly`, run by cron once a day and once a week).

Per person whose `ParticipantProfile.digest` matches the frequency (people without a profile
count as weekly; "never" gets no e-mail): one e-mail listing their notifications that were
neither read in the app nor e-mailed yet. Nothing new, no e-mail. At most one digest per
period: a person e-mailed less than a period ago (minus an hour of slack for cron) waits,
whatever the schedule does. After sending, the notifications get `emailed_at` and the
profile's `last_digest_at` moves on; a dry run sends and changes nothing. When the mail
server refuses one e-mail, the others still go out and that person's notifications stay
unsent for the next run.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clusterwerk.participation.models import DigestFrequency, Notification, ParticipantProfile

logger = logging.getLogger(__name__)

PERIODS = {
    DigestFrequency.DAILY: datetime.timedelta(days=1),
    DigestFrequency.WEEKLY: datetime.timedelta(days=7),
}
SLACK = datetime.timedelta(hours=1)


@dataclass
class Digest:
    user: object
    notifications: list[Notification]

    @property
    def count(self) -> int:
        return len(self.notifications)


@dataclass(frozen=True)
class DigestRun:
    sent: list[Digest]
    waiting: int  # people with news who had a digest less than a period ago
    failed: list[Digest]


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


def render_digest(digest: Digest) -> tuple[str, str]:
    """(subject, body) from `participation/email/digest.txt` (subject, blank line, body)."""
    text = render_to_string(
        "participation/email/digest.txt",
        {
            "digest": digest,
            "site_url": settings.SITE_URL,
            "profile_url": settings.SITE_URL + reverse("participation:profile"),
            "notifications_url": settings.SITE_URL + reverse("participation:notifications"),
        },
    )
    subject, _blank, body = text.strip().partition("\n\n")
    return subject.strip(), body.strip() + "\n"


def send_digests(
    frequency: str, *, dry_run: bool = False, now: datetime.datetime | None = None
) -> DigestRun:
    now = now or timezone.now()
    digests, waiting = collect_digests(frequency, now=now)
    sent, failed = [], []
    for digest in digests:
        if dry_run:
            sent.append(digest)
            continue
        subject, body = render_digest(digest)
        try:
            send_mail(subject, body, None, [digest.user.email])
        except (OSError, smtplib.SMTPException):
            logger.exception("Participation digest to user %s failed", digest.user.pk)
            failed.append(digest)
            continue
        Notification.objects.filter(pk__in=[note.pk for note in digest.notifications]).update(
            emailed_at=now
        )
        ParticipantProfile.objects.filter(user=digest.user).update(last_digest_at=now)
        sent.append(digest)
    return DigestRun(sent=sent, waiting=waiting, failed=failed)
