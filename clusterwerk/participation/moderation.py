"""Moderation of consultations: reports, hiding with a public reason, blocking, and the log.

- Any logged-in participant reports a comment or proposal with a reason; one open report per
  person and contribution (a second one is refused, so one person cannot pile up reports).
- Moderators (`permissions.can_moderate`: the cluster management of the consultation's
  cluster) hide a contribution with a reason that is shown publicly in its place, show it
  again, or dismiss the reports. Hiding resolves the open reports and notifies the author.
- Moderators block a person from contributing to the cluster's consultations
  (`ParticipationBlock`, asked by `services.ensure_allowed`) and unblock them.
- Every moderator action is written to the `ModerationLogEntry` log.

Services are keyword-only, run in a transaction and raise German `PermissionDenied` /
`ValidationError`; the queue and the log are read through the functions at the end.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.participation import notifications
from clusterwerk.participation.models import (
    Comment,
    ContentReport,
    ModerationAction,
    ModerationLogEntry,
    ParticipationBlock,
    Proposal,
    ReportStatus,
)
from clusterwerk.participation.permissions import can_moderate
from clusterwerk.participation.queries import display_name

MAX_REASON = 300
TARGETS = {"comment": Comment, "proposal": Proposal}


# --- helpers -------------------------------------------------------------------------------


def target_of(item) -> str:
    """ "comment" or "proposal" – the name used in addresses and the API."""
    if isinstance(item, Comment):
        return "comment"
    if isinstance(item, Proposal):
        return "proposal"
    raise TypeError(f"not a contribution: {item!r}")


def get_item(consultation, target: str, pk: int):
    """The comment or proposal of the consultation, or 404."""
    model = TARGETS.get(target)
    if model is None:
        raise Http404(_("Unbekannte Art von Beitrag."))
    item = model.objects.filter(consultation=consultation, pk=pk).first()
    if item is None:
        raise Http404(_("Diesen Beitrag gibt es nicht."))
    item.consultation = consultation
    return item


def item_label(item) -> str:
    if isinstance(item, Comment):
        return _("Kommentar #%(id)d") % {"id": item.pk}
    return _("Vorschlag #%(id)d") % {"id": item.pk}


def item_url(item) -> str:
    """Where the contribution is shown (a comment on its element page)."""
    if isinstance(item, Comment):
        return f"{notifications.element_url(item.consultation, item)}#kommentar-{item.pk}"
    return item.get_absolute_url()


def person_label(user) -> str:
    """How a person appears in the queue and the log: the participant name, never the
    e-mail address."""
    return display_name(user)


def _reason(value, *, required: bool = True) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if required and not value:
        raise ValidationError({"reason": [_("Bitte geben Sie einen Grund an.")]})
    if len(value) > MAX_REASON:
        raise ValidationError(
            {
                "reason": [
                    _("Höchstens %(max)d Zeichen (jetzt %(n)d).")
                    % {"max": MAX_REASON, "n": len(value)}
                ]
            }
        )
    return value


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
    if not user.is_authenticated:
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
        notifications.notify_moderation(item.author, item.consultation, reason, item_url(item))
    return item


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


# --- queue and log (reads) -----------------------------------------------------------------


@dataclass
class QueueItem:
    item: Comment | Proposal
    reports: list[ContentReport] = field(default_factory=list)

    @property
    def target(self) -> str:
        return target_of(self.item)

    @property
    def label(self) -> str:
        return item_label(self.item)

    @property
    def url(self) -> str:
        return item_url(self.item)

    @property
    def author_label(self) -> str:
        return person_label(self.item.author)


def _with_people(queryset):
    return queryset.select_related("author", "author__participant_profile")


def reported_items(consultation) -> list[QueueItem]:
    """Contributions with open reports, the longest-waiting first, reports grouped."""
    open_reports = Prefetch(
        "reports",
        queryset=ContentReport.objects.filter(status=ReportStatus.OPEN).order_by(
            "created_at", "pk"
        ),
        to_attr="open_reports",
    )
    entries = []
    for model in (Comment, Proposal):
        items = (
            _with_people(model.objects.filter(consultation=consultation))
            .filter(reports__status=ReportStatus.OPEN)
            .distinct()
            .prefetch_related(open_reports)
        )
        for item in items:
            item.consultation = consultation
            entries.append(QueueItem(item=item, reports=item.open_reports))
    entries.sort(key=lambda entry: (entry.reports[0].created_at, entry.target, entry.item.pk))
    return entries


def hidden_items(consultation) -> list[QueueItem]:
    """Hidden contributions, the most recently hidden first."""
    entries = []
    for model in (Comment, Proposal):
        for item in _with_people(
            model.objects.filter(consultation=consultation, hidden_at__isnull=False)
        ):
            item.consultation = consultation
            entries.append(QueueItem(item=item))
    entries.sort(key=lambda entry: entry.item.hidden_at, reverse=True)
    return entries


def blocked_people(consultation) -> list[ParticipationBlock]:
    return list(
        ParticipationBlock.objects.filter(cluster=consultation.cluster)
        .select_related("user", "user__participant_profile")
        .order_by("-created_at", "-pk")
    )


def blocked_user_ids(consultation) -> set[int]:
    return set(
        ParticipationBlock.objects.filter(cluster=consultation.cluster).values_list(
            "user_id", flat=True
        )
    )


def moderation_log(consultation, *, limit: int = 100) -> list[ModerationLogEntry]:
    return list(
        ModerationLogEntry.objects.filter(consultation=consultation)
        .select_related("moderator", "moderator__participant_profile")
        .order_by("-created_at", "-pk")[:limit]
    )


def open_report_count(consultation) -> int:
    return (
        ContentReport.objects.filter(status=ReportStatus.OPEN)
        .filter(comment__consultation=consultation)
        .count()
        + ContentReport.objects.filter(status=ReportStatus.OPEN)
        .filter(proposal__consultation=consultation)
        .count()
    )
