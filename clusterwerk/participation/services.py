"""Every write of a participant: comments, ratings, proposals, supports. Keyword-only, in a
transaction, permission- and phase-checked on the server; German errors.

Before any contribution `ensure_allowed` asks three things: does the person belong to the
consultation's audience and is not blocked, does the current phase allow the action, and is
the person posting too fast (comments and proposals only).
"""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.masterplan.models import ElementKind
from clusterwerk.masterplan.queries import find_by_lineage
from clusterwerk.participation import markdown
from clusterwerk.participation.models import (
    AMENDABLE_FIELDS,
    ELEMENT_KINDS,
    Action,
    Comment,
    ConsultationScope,
    Phase,
    Priority,
    Proposal,
    ProposalKind,
    ProposalStatus,
    Rating,
    Support,
)
from clusterwerk.participation.permissions import belongs_to_audience, is_blocked

MAX_COMMENT = 5000
MAX_PROPOSAL = 10000
MAX_RATIONALE = 3000
EDIT_WINDOW = datetime.timedelta(minutes=15)
# Posting limit: at most this many comments and proposals per person in the window.
POSTING_LIMIT = 10
POSTING_WINDOW = datetime.timedelta(minutes=10)


class ContributionNotAllowed(PermissionDenied):
    """The person, the phase or the posting rate does not allow this contribution now."""


class PostingTooFast(ContributionNotAllowed):
    pass


PHASE_REASONS = {
    Action.COMMENT: gettext_lazy("In der aktuellen Phase sind keine Kommentare möglich."),
    Action.RATE: gettext_lazy("In der aktuellen Phase sind keine Bewertungen möglich."),
    Action.PROPOSE: gettext_lazy("In der aktuellen Phase sind keine Vorschläge möglich."),
    Action.SUPPORT: gettext_lazy(
        "In der aktuellen Phase können Vorschläge nicht unterstützt werden."
    ),
}


def current_phase(consultation, now=None) -> Phase | None:
    now = now or timezone.now()
    return consultation.phases.filter(starts_at__lte=now, ends_at__gt=now).first()


def ensure_allowed(user, consultation, action: str) -> None:
    if not belongs_to_audience(user, consultation):
        raise ContributionNotAllowed(
            _("An dieser Beteiligung können Sie nicht teilnehmen.")
            if user.is_authenticated
            else _("Bitte melden Sie sich an, um sich zu beteiligen.")
        )
    if is_blocked(user, consultation.cluster):
        raise ContributionNotAllowed(
            _("Ihr Konto ist für Beiträge zu den Beteiligungen dieses Clusters gesperrt.")
        )
    phase = current_phase(consultation)
    if phase is None or not phase.allows(action):
        reason = str(PHASE_REASONS[action])
        if phase is not None:
            reason = f"{reason} " + _("Aktuelle Phase: %(phase)s.") % {
                "phase": phase.get_kind_display()
            }
        raise ContributionNotAllowed(reason)
    if action in (Action.COMMENT, Action.PROPOSE):
        _ensure_not_too_fast(user, consultation)


def _ensure_not_too_fast(user, consultation) -> None:
    since = timezone.now() - POSTING_WINDOW
    recent = (
        Comment.objects.filter(author=user, created_at__gte=since).count()
        + Proposal.objects.filter(author=user, created_at__gte=since).count()
    )
    if recent >= POSTING_LIMIT:
        raise PostingTooFast(
            _(
                "Sie haben in kurzer Zeit viele Beiträge geschrieben. Bitte warten Sie einige "
                "Minuten, bevor Sie weiterschreiben."
            )
        )


def element_in_scope(consultation, element_kind: str, lineage):
    """The element of the consultation's edition, or a German ValidationError."""
    if element_kind not in ELEMENT_KINDS:
        raise ValidationError({"element": [_("Unbekannte Elementart.")]})
    element = find_by_lineage(consultation.edition, element_kind, str(lineage))
    if element is None:
        raise ValidationError({"element": [_("Dieses Element gibt es in der Ausgabe nicht.")]})
    if not consultation.whole_plan and not is_in_scope(consultation, element):
        raise ValidationError(
            {"element": [_("Dieses Element ist nicht Gegenstand der Beteiligung.")]}
        )
    return element


def is_in_scope(consultation, element) -> bool:
    lineages = {
        str(lineage)
        for lineage in ConsultationScope.objects.filter(consultation=consultation).values_list(
            "lineage", flat=True
        )
    }
    chain = [element]
    if element.kind == ElementKind.TOPIC_AREA:
        chain += [element.key_point, element.key_point.action_field]
    elif element.kind == ElementKind.KEY_POINT:
        chain.append(element.action_field)
    return any(str(item.lineage) in lineages for item in chain)


def _clean_text(value, key: str, *, max_length: int, required: bool = True) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if required and not value:
        raise ValidationError({key: [_("Dieses Feld ist erforderlich.")]})
    if len(value) > max_length:
        raise ValidationError(
            {
                key: [
                    _("Höchstens %(max)d Zeichen (jetzt %(n)d).")
                    % {"max": max_length, "n": len(value)}
                ]
            }
        )
    return value


# --- Comments ------------------------------------------------------------------------------


@transaction.atomic
def add_comment(
    *, user, consultation, element_kind: str, lineage, body: str, parent: Comment | None = None
) -> Comment:
    ensure_allowed(user, consultation, Action.COMMENT)
    element = element_in_scope(consultation, element_kind, lineage)
    body = _clean_text(body, "body", max_length=MAX_COMMENT)
    if parent is not None and (
        parent.consultation_id != consultation.pk
        or str(parent.element_lineage) != str(element.lineage)
    ):
        raise ValidationError({"parent": [_("Die Antwort gehört nicht zu diesem Kommentar.")]})
    comment = Comment.objects.create(
        consultation=consultation,
        element_kind=element.kind,
        element_lineage=element.lineage,
        parent=parent,
        author=user,
        body=body,
        body_html=markdown.render(body),
    )
    if parent is not None and parent.author_id and parent.author_id != user.pk:
        from clusterwerk.participation.notifications import notify_reply

        notify_reply(comment)
    return comment


def _own_comment(user, comment: Comment) -> None:
    if comment.author_id != user.pk:
        raise PermissionDenied(_("Nur die Autorin oder der Autor ändert einen Kommentar."))
    if comment.is_deleted:
        raise ValidationError(_("Der Kommentar ist gelöscht."))


@transaction.atomic
def edit_comment(*, user, comment: Comment, body: str) -> Comment:
    _own_comment(user, comment)
    if comment.is_hidden:
        raise ValidationError(_("Ein ausgeblendeter Kommentar kann nicht bearbeitet werden."))
    if timezone.now() - comment.created_at > EDIT_WINDOW:
        raise ValidationError(_("Kommentare lassen sich nur in den ersten 15 Minuten bearbeiten."))
    ensure_allowed(user, comment.consultation, Action.COMMENT)
    comment.body = _clean_text(body, "body", max_length=MAX_COMMENT)
    comment.body_html = markdown.render(comment.body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


@transaction.atomic
def delete_comment(*, user, comment: Comment) -> Comment:
    """The text goes; the place in the thread stays, so replies keep their context."""
    _own_comment(user, comment)
    comment.body = ""
    comment.body_html = ""
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "deleted_at"])
    return comment


# --- Ratings -------------------------------------------------------------------------------


def _rating_value(value, key: str, choices: range) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number not in choices:
        raise ValidationError(
            {
                key: [
                    _("Bitte einen Wert von %(low)d bis %(high)d wählen.")
                    % {"low": choices.start, "high": choices.stop - 1}
                ]
            }
        )
    return number


@transaction.atomic
def rate(*, user, consultation, element_kind: str, lineage, relevance, priority) -> Rating:
    """One rating per person and element; a second rating changes the first. Concurrent
    requests meet the unique constraint, and `update_or_create` retries as an update."""
    ensure_allowed(user, consultation, Action.RATE)
    element = element_in_scope(consultation, element_kind, lineage)
    values = {
        "relevance": _rating_value(relevance, "relevance", range(1, 6)),
        "priority": _rating_value(priority, "priority", range(Priority.LOW, Priority.HIGH + 1)),
        "element_kind": element.kind,
    }
    rating, _created = Rating.objects.update_or_create(
        consultation=consultation, element_lineage=element.lineage, user=user, defaults=values
    )
    return rating


# --- Proposals and supports ----------------------------------------------------------------


@transaction.atomic
def propose_amendment(
    *, user, consultation, element_kind: str, lineage, field: str, text: str, rationale: str = ""
) -> Proposal:
    ensure_allowed(user, consultation, Action.PROPOSE)
    element = element_in_scope(consultation, element_kind, lineage)
    if field not in AMENDABLE_FIELDS[element.kind]:
        raise ValidationError({"field": [_("Dieses Textfeld kann nicht geändert werden.")]})
    original = getattr(element, field) or ""
    text = _clean_text(text, "text", max_length=MAX_PROPOSAL)
    if text == original.strip():
        raise ValidationError({"text": [_("Der Vorschlag gleicht dem bisherigen Text.")]})
    return Proposal.objects.create(
        consultation=consultation,
        kind=ProposalKind.AMENDMENT,
        element_kind=element.kind,
        element_lineage=element.lineage,
        field=field,
        original_text=original,
        proposed_text=text,
        title=element.title[:300],
        rationale=_clean_text(rationale, "rationale", max_length=MAX_RATIONALE, required=False),
        author=user,
    )


@transaction.atomic
def propose_topic_area(
    *, user, consultation, key_point_lineage, title: str, goal: str, rationale: str = ""
) -> Proposal:
    ensure_allowed(user, consultation, Action.PROPOSE)
    key_point = element_in_scope(consultation, ElementKind.KEY_POINT, key_point_lineage)
    return Proposal.objects.create(
        consultation=consultation,
        kind=ProposalKind.NEW_TOPIC_AREA,
        element_kind=ElementKind.KEY_POINT,
        element_lineage=key_point.lineage,
        title=_clean_text(title, "title", max_length=300),
        proposed_text=_clean_text(goal, "text", max_length=MAX_PROPOSAL),
        rationale=_clean_text(rationale, "rationale", max_length=MAX_RATIONALE, required=False),
        author=user,
    )


@transaction.atomic
def support_proposal(*, user, proposal: Proposal) -> Support:
    ensure_allowed(user, proposal.consultation, Action.SUPPORT)
    if proposal.is_hidden or proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError(_("Dieser Vorschlag kann nicht mehr unterstützt werden."))
    if proposal.author_id == user.pk:
        raise ValidationError(_("Eigene Vorschläge können Sie nicht unterstützen."))
    support, _created = Support.objects.get_or_create(proposal=proposal, user=user)
    return support


@transaction.atomic
def withdraw_support(*, user, proposal: Proposal) -> None:
    ensure_allowed(user, proposal.consultation, Action.SUPPORT)
    Support.objects.filter(proposal=proposal, user=user).delete()


def parse_lineage(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise ValidationError({"element": [_("Unbekanntes Element.")]}) from None
