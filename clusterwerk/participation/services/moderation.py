"""Moderation of consultations: reports, hiding with a public reason, blocking, and the log.

- Any logged-in participant reports a comment or proposal with a reason; one open report per
  person and contribution (a second one is refused, so one person cannot pile up reports).
- Moderators (`permissions.can_moderate`: the cluster management of the consultation's
  cluster, no other cluster's) hide a contribution with a reason that is shown publicly in its
  place, show it again, or dismiss the reports. Hiding resolves the open reports and notifies
  the author.
- Moderators block a person from contributing to the cluster's consultations
  (`ParticipationBlock`, asked by `services.ensure_allowed`) and unblock them.
- Every moderator action is written to the `ModerationLogEntry` log.

Services are keyword-only, run in a transaction and raise German `PermissionDenied` /
`ValidationError`; the queue and the log are read through `queries.moderation`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import is_authenticated
from clusterwerk.core import validation, versions
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.participation.models import (
    Comment,
    ContentReport,
    ModerationAction,
    ModerationLogEntry,
    ParticipationBlock,
    ReportStatus,
)
from clusterwerk.participation.permissions import can_moderate
from clusterwerk.participation.queries import item_label, item_url, person_label, target_of
from clusterwerk.participation.services.notifications import notify_moderation

MAX_REASON = 300


def _reason(value, *, required: bool = True) -> str:
    errors = PayloadErrors()
    reason = validation.text(value, "reason", errors, max_length=MAX_REASON)
    if required and not reason and "reason" not in errors:
        errors.add("reason", _("Bitte geben Sie einen Grund an."))
    errors.raise_if_any()
    return reason


def _ensure_moderator(user, consultation) -> None:
    if not can_moderate(user, consultation):
        raise PermissionDenied(_("Beiträge moderiert das Clustermanagement."))


def _reports_of(item):
    return ContentReport.objects.filter(**{target_of(item): item})


def _locked(item):
    """The item locked for the rest of the transaction (concurrent moderators wait)."""
    locked = type(item).objects.select_for_update().get(pk=item.pk)
    locked.consultation = item.consultation
    return locked


def _log(*, moderator, consultation, action: str, target: str, reason: str = "") -> None:
    ModerationLogEntry.objects.create(
        consultation=consultation,
        moderator=moderator,
        action=action,
        target=target[:200],
        reason=reason[:MAX_REASON],
    )


# --- reports -------------------------------------------------------------------------------


@transaction.atomic
def report_content(*, user, item, reason: str) -> ContentReport:
    if not is_authenticated(user):
        raise PermissionDenied(_("Bitte melden Sie sich an, um einen Beitrag zu melden."))
    reason = _reason(reason)
    item = _locked(item)
    if item.is_hidden:
        raise ValidationError(_("Dieser Beitrag ist bereits ausgeblendet."))
    if isinstance(item, Comment) and item.is_deleted:
        raise ValidationError(_("Dieser Kommentar ist gelöscht."))
    if item.author_id == user.pk:
        raise ValidationError(_("Eigene Beiträge können Sie nicht melden."))
    if _reports_of(item).filter(reporter=user, status=ReportStatus.OPEN).exists():
        raise ValidationError(
            _("Sie haben diesen Beitrag bereits gemeldet; die Moderation prüft ihn.")
        )
    return ContentReport.objects.create(
        **{target_of(item): item}, reporter=user, reason=reason, status=ReportStatus.OPEN
    )


@changes(versions.PARTICIPATION)
@transaction.atomic
def dismiss_reports(*, moderator, item, reason: str = "") -> int:
    """The reports were unfounded: they are closed, the contribution stays."""
    _ensure_moderator(moderator, item.consultation)
    reason = _reason(reason, required=False)
    count = _reports_of(item).filter(status=ReportStatus.OPEN).update(status=ReportStatus.RESOLVED)
    if not count:
        raise ValidationError(_("Zu diesem Beitrag gibt es keine offenen Meldungen."))
    _log(
        moderator=moderator,
        consultation=item.consultation,
        action=ModerationAction.DISMISS,
        target=item_label(item),
        reason=reason,
    )
    return count


# --- hiding --------------------------------------------------------------------------------


@changes(versions.PARTICIPATION)
@transaction.atomic
def hide(*, moderator, item, reason: str):
    """Hide a contribution; the reason is shown publicly in its place."""
    _ensure_moderator(moderator, item.consultation)
    reason = _reason(reason)
    item = _locked(item)
    if item.is_hidden:
        raise ValidationError(_("Dieser Beitrag ist bereits ausgeblendet."))
    item.hidden_at = timezone.now()
    item.hidden_reason = reason
    item.hidden_by = moderator
    item.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    _reports_of(item).filter(status=ReportStatus.OPEN).update(status=ReportStatus.RESOLVED)
    _log(
        moderator=moderator,
        consultation=item.consultation,
        action=ModerationAction.HIDE,
        target=item_label(item),
        reason=reason,
    )
    if item.author_id and item.author_id != moderator.pk:
        notify_moderation(item.author, item.consultation, reason, item_url(item))
    return item


@changes(versions.PARTICIPATION)
@transaction.atomic
def show(*, moderator, item, reason: str = ""):
    """Show a hidden contribution again."""
    _ensure_moderator(moderator, item.consultation)
    reason = _reason(reason, required=False)
    item = _locked(item)
    if not item.is_hidden:
        raise ValidationError(_("Dieser Beitrag ist nicht ausgeblendet."))
    item.hidden_at = None
    item.hidden_reason = ""
    item.hidden_by = None
    item.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    _log(
        moderator=moderator,
        consultation=item.consultation,
        action=ModerationAction.SHOW,
        target=item_label(item),
        reason=reason,
    )
    return item


# --- blocking ------------------------------------------------------------------------------


@changes(versions.PARTICIPATION)
@transaction.atomic
def block_user(*, moderator, consultation, user, reason: str) -> ParticipationBlock:
    """Block a person from contributing to every consultation of the cluster."""
    _ensure_moderator(moderator, consultation)
    reason = _reason(reason)
    if user.pk == moderator.pk or can_moderate(user, consultation):
        raise ValidationError(_("Moderatorinnen und Moderatoren können nicht gesperrt werden."))
    block, created = ParticipationBlock.objects.get_or_create(
        cluster=consultation.cluster,
        user=user,
        defaults={"reason": reason, "blocked_by": moderator},
    )
    if not created:
        raise ValidationError(_("Diese Person ist bereits gesperrt."))
    _log(
        moderator=moderator,
        consultation=consultation,
        action=ModerationAction.BLOCK,
        target=person_label(user),
        reason=reason,
    )
    return block


@changes(versions.PARTICIPATION)
@transaction.atomic
def unblock_user(*, moderator, consultation, user, reason: str = "") -> None:
    _ensure_moderator(moderator, consultation)
    reason = _reason(reason, required=False)
    deleted, _rows = ParticipationBlock.objects.filter(
        cluster=consultation.cluster, user=user
    ).delete()
    if not deleted:
        raise ValidationError(_("Diese Person ist nicht gesperrt."))
    _log(
        moderator=moderator,
        consultation=consultation,
        action=ModerationAction.UNBLOCK,
        target=person_label(user),
        reason=reason,
    )
