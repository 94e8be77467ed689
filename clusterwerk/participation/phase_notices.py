"""Notices of phase changes to the followers of a consultation (`manage.py
notify_phase_changes`, run by cron e.g. hourly).

Every phase that is running now gets one `Notification` of kind "phase" for each person who
followed the consultation before the phase began. The unique constraint on (user, phase) makes
the run idempotent: a second run, or two runs at once, add nothing. People who start following
during a phase are told about the next one, not about the phase they already saw.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clusterwerk.participation.models import (
    Action,
    Follow,
    Notification,
    NotificationKind,
    Phase,
)
from clusterwerk.participation.notifications import notify


def phase_text(phase: Phase) -> str:
    allowed = [str(label) for value, label in Action.choices if phase.allows(value)]
    text = _("„%(title)s“: Die Phase „%(phase)s“ hat begonnen (bis %(end)s).") % {
        "title": phase.consultation.title,
        "phase": phase.get_kind_display(),
        "end": date_format(timezone.localtime(phase.ends_at), "SHORT_DATE_FORMAT"),
    }
    if allowed:
        text += " " + _("Jetzt möglich: %(actions)s.") % {"actions": ", ".join(allowed)}
    return text


def notify_phase_changes(*, now: datetime.datetime | None = None) -> int:
    """Create the missing phase notices; returns how many were created."""
    now = now or timezone.now()
    created = 0
    phases = Phase.objects.filter(starts_at__lte=now, ends_at__gt=now).select_related(
        "consultation"
    )
    for phase in phases:
        already = set(Notification.objects.filter(phase=phase).values_list("user_id", flat=True))
        follows = (
            Follow.objects.filter(consultation=phase.consultation, created_at__lte=phase.starts_at)
            .exclude(user_id__in=already)
            .select_related("user")
        )
        text = phase_text(phase)
        url = phase.consultation.get_absolute_url()
        for follow in follows:
            try:
                with transaction.atomic():
                    if notify(follow.user, NotificationKind.PHASE, text, url, phase=phase):
                        created += 1
            except IntegrityError:
                continue  # a concurrent run was faster
    return created
