"""The e-mail digest of participation notifications (`manage.py send_participation_digest
--frequency daily|weekly`, run by cron once a day and once a week, as the system user).

One e-mail per person with news (`queries.collect_digests` says who and what; nothing new, no
e-mail). After sending, the notifications get `emailed_at` and the profile's `last_digest_at`
moves on; a dry run sends and changes nothing. When the mail server refuses one e-mail, the
others still go out and that person's notifications stay unsent for the next run.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clusterwerk.participation.models import Notification, ParticipantProfile
from clusterwerk.participation.queries import Digest, collect_digests
from clusterwerk.participation.services.notifications import ensure_system

logger = logging.getLogger(__name__)


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
