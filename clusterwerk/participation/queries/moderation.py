"""Reads of the moderation: a reported or hidden contribution by its address, the queue of
open reports, the hidden contributions, the blocked people and the log of a consultation.
Only reached through a consultation the cluster management of its cluster runs (the views'
funnel asks `write=True`)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from clusterwerk.participation.models import (
    Comment,
    ContentReport,
    ModerationLogEntry,
    ParticipationBlock,
    Proposal,
    ReportStatus,
)
from clusterwerk.participation.queries.consultations import comment_url, display_name
from clusterwerk.participation.queries.contributions import attach_elements

TARGETS = {"comment": Comment, "proposal": Proposal}


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
        if item.proposal_id:
            return _("Kommentar #%(id)d zu Vorschlag #%(proposal)d") % {
                "id": item.pk,
                "proposal": item.proposal_id,
            }
        return _("Kommentar #%(id)d") % {"id": item.pk}
    return _("Vorschlag #%(id)d: %(headline)s") % {"id": item.pk, "headline": item.headline}


def item_url(item) -> str:
    """Where the contribution is shown (a comment on its element's or proposal's page)."""
    if isinstance(item, Comment):
        return comment_url(item.consultation, item)
    return item.get_absolute_url()


def person_label(user) -> str:
    """How a person appears in the queue and the log: the participant name, never the
    e-mail address."""
    return display_name(user)


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


def _name_proposals(entries) -> None:
    """The proposals' plan elements, for their headline ("Änderung von „Ziel“ in 4.2.1 …")."""
    attach_elements([entry.item for entry in entries if isinstance(entry.item, Proposal)])


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
    _name_proposals(entries)
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
    _name_proposals(entries)
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


def open_reports(cluster):
    """The open reports on contributions to any consultation of `cluster`, oldest first,
    with the contribution and its consultation (for the management's task list)."""
    return (
        ContentReport.objects.filter(status=ReportStatus.OPEN)
        .filter(
            Q(comment__consultation__cluster=cluster) | Q(proposal__consultation__cluster=cluster)
        )
        .select_related("comment__consultation", "proposal__consultation")
        .order_by("created_at", "pk")
    )
