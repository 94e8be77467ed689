"""The e-mail digest of participation notifications (periodic runs as the system user:
`manage.py schedule` enqueues the daily one every day and the weekly one every Monday;
operators may start one with `manage.py send_participation_digest --frequency daily|weekly`).

One e-mail per person with news (`queries.collect_digests` says who and what; nothing new, no
e-mail; at most one per person and period, so a second run sends nothing twice). The e-mail
goes to the task queue (`core.mail.send_email_later`) in the same transaction that gives the
notifications their `emailed_at` and moves the profile's `last_digest_at` on; the queue
retries while the mail server is away. A dry run sends and changes nothing. When one person's
digest fails (logged), the others still go out and that person's notifications stay unsent
for the next run.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clusterwerk.core import periodic
from clusterwerk.core.mail import send_email_later
from clusterwerk.core.models import DigestFrequency
from clusterwerk.participation.models import Notification, ParticipantProfile
from clusterwerk.participation.queries import Digest, collect_digests
from clusterwerk.participation.services.notifications import ensure_system

logger = logging.getLogger(__name__)

# The periodic runs: `participation_digest_daily:<day>`, `participation_digest_weekly:<week>`.
RUN_FREQUENCIES = {DigestFrequency.DAILY: periodic.DAILY, DigestFrequency.WEEKLY: periodic.WEEKLY}


def run_name(frequency: str) -> str:
    return f"participation_digest_{frequency}"


@dataclass(frozen=True)
class DigestRun:
    sent: list[Digest]
    waiting: int  # people with news who had a digest less than a period ago
    failed: list[Digest]


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
    *, user, frequency: str, dry_run: bool = False, now: datetime.datetime | None = None
) -> DigestRun:
    ensure_system(user)
    now = now or timezone.now()
    digests, waiting = collect_digests(frequency, now=now)
    sent, failed = [], []
    for digest in digests:
        if dry_run:
            sent.append(digest)
            continue
        try:
            queued = _send_one(digest, now=now)
        except Exception:
            logger.exception("Participation digest to user %s failed", digest.user.pk)
            failed.append(digest)
            continue
        if queued:  # else a concurrent run was faster
            sent.append(digest)
    return DigestRun(sent=sent, waiting=waiting, failed=failed)


@transaction.atomic
def _send_one(digest: Digest, *, now: datetime.datetime) -> bool:
    """Queue the e-mail and mark its notifications sent, in one transaction; False when
    another run has sent some of them in the meantime."""
    pks = [note.pk for note in digest.notifications]
    unsent = Notification.objects.select_for_update().filter(pk__in=pks, emailed_at__isnull=True)
    if len(unsent.values_list("pk", flat=True)) < len(pks):
        return False
    subject, body = render_digest(digest)
    send_email_later(subject=subject, body=body, to=[digest.user.email])
    Notification.objects.filter(pk__in=pks).update(emailed_at=now)
    ParticipantProfile.objects.filter(user=digest.user).update(last_digest_at=now)
    return True
