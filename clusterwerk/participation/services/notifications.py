"""In-app notifications of participants (the e-mail digest sends the unsent ones), and the
notices of phase changes.

Created by the services: a reply to one's comment, a decision on one's proposal, the
moderation of one's contribution, and the phase changes of consultations one follows
(`notify_phase_changes`, run by `manage.py notify_phase_changes` as the system user, e.g.
hourly).

Every phase that is running now gets one `Notification` of kind "phase" for each person who
followed the consultation before the phase began. The unique constraint on (user, phase) makes
the run idempotent: a second run, or two runs at once, add nothing. People who start following
during a phase are told about the next one, not about the phase they already saw.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import has_all_rights, is_authenticated
from clusterwerk.masterplan.queries import find_by_lineage
from clusterwerk.participation.models import (
    Action,
    Follow,
    Notification,
    NotificationKind,
    Phase,
)
from clusterwerk.participation.queries import comment_url, consultation_address


def ensure_system(user) -> None:
    """Jobs that write for everybody (phase notices, digests) run as the system user."""
    if not has_all_rights(user):
        raise PermissionDenied(_("Das erledigt das System."))


def notify(user, kind: str, text: str, url: str = "", phase=None) -> Notification | None:
    if user is None or not user.is_active:
        return None
    return Notification.objects.create(user=user, kind=kind, text=text[:500], url=url, phase=phase)


def notify_reply(comment) -> None:
    consultation = comment.consultation
    text = _("Neue Antwort auf Ihren Kommentar in „%(title)s“.") % {"title": consultation.title}
    notify(
        comment.parent.author,
        NotificationKind.REPLY,
        text,
        comment_url(consultation, comment),
    )


def notify_decision(proposal) -> None:
    element = find_by_lineage(
        proposal.consultation.edition, proposal.element_kind, str(proposal.element_lineage)
    )
    text = _("Über Ihren Vorschlag #%(id)d (%(headline)s) wurde entschieden: %(status)s.") % {
        "id": proposal.pk,
        "headline": proposal.headline_for(element),
        "status": proposal.get_status_display(),
    }
    notify(proposal.author, NotificationKind.DECISION, text, proposal.get_absolute_url())


def notify_moderation(author, consultation, reason: str, url: str) -> None:
    text = _("Ein Beitrag von Ihnen in „%(title)s“ wurde ausgeblendet: %(reason)s") % {
        "title": consultation.title,
        "reason": reason,
    }
    notify(author, NotificationKind.MODERATION, text, url)


@transaction.atomic
def mark_notifications_read(*, user, notification_id: int | None = None) -> int:
    """Mark the user's unread notifications (or just one of them) as read."""
    if not is_authenticated(user):
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


# --- Phase changes ---------------------------------------------------------------------------


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


def notify_phase_changes(*, user, now: datetime.datetime | None = None) -> int:
    """Create the missing phase notices (of every cluster); returns how many were created."""
    ensure_system(user)
    now = now or timezone.now()
    created = 0
    phases = Phase.objects.filter(starts_at__lte=now, ends_at__gt=now).select_related(
        "consultation__cluster"
    )
    for phase in phases:
        already = set(Notification.objects.filter(phase=phase).values_list("user_id", flat=True))
        follows = (
            Follow.objects.filter(consultation=phase.consultation, created_at__lte=phase.starts_at)
            .exclude(user_id__in=already)
            .select_related("user")
        )
        text = phase_text(phase)
        url = consultation_address(phase.consultation)
        for follow in follows:
            try:
                with transaction.atomic():
                    if notify(follow.user, NotificationKind.PHASE, text, url, phase=phase):
                        created += 1
            except IntegrityError:
                continue  # a concurrent run was faster
    return created
