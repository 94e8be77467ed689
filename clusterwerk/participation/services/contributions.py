"""Every write of a participant: comments, ratings, proposals, supports. Keyword-only, in a
transaction, permission- and phase-checked on the server; German errors.

Before any contribution `ensure_allowed` asks three things: does the person belong to the
consultation's audience and is not blocked (`permissions.person_refusal`), does the current
phase allow the action (`permissions.phase_refusal`), and is the person posting too fast
(comments and proposals only).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.core import markdown, validation, versions
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.masterplan.models import ElementKind
from clusterwerk.masterplan.queries import find_by_lineage
from clusterwerk.participation.models import (
    AMENDABLE_FIELDS,
    ELEMENT_KINDS,
    Action,
    Comment,
    Priority,
    Proposal,
    ProposalKind,
    ProposalStatus,
    Rating,
    Support,
)
from clusterwerk.participation.permissions import EDIT_WINDOW, person_refusal, phase_refusal
from clusterwerk.participation.queries import current_phase, is_in_scope
from clusterwerk.participation.services.notifications import notify_reply

MAX_COMMENT = 5000
MAX_PROPOSAL = 10000
MAX_RATIONALE = 3000
# Posting limit: at most this many comments and proposals per person in the window.
POSTING_LIMIT = 10
POSTING_WINDOW = datetime.timedelta(minutes=10)


class ContributionNotAllowed(PermissionDenied):
    """The person, the phase or the posting rate does not allow this contribution now."""


class PostingTooFast(ContributionNotAllowed):
    pass


def ensure_allowed(user, consultation, action: str) -> None:
    reason = person_refusal(user, consultation) or phase_refusal(
        current_phase(consultation), action
    )
    if reason:
        raise ContributionNotAllowed(reason)
    if action in (Action.COMMENT, Action.PROPOSE):
        _ensure_not_too_fast(user)


def _ensure_not_too_fast(user) -> None:
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
    if not is_in_scope(consultation, element):
        raise ValidationError(
            {"element": [_("Dieses Element ist nicht Gegenstand der Beteiligung.")]}
        )
    return element


def _checked_text(value, key: str, *, max_length: int, required: bool = True) -> str:
    errors = PayloadErrors()
    cleaned = validation.text(value, key, errors, max_length=max_length, required=required)
    errors.raise_if_any()
    return cleaned


# --- Comments ------------------------------------------------------------------------------


@changes(versions.PARTICIPATION)
@transaction.atomic
def add_comment(
    *,
    user,
    consultation,
    element_kind: str = "",
    lineage=None,
    body: str,
    parent: Comment | None = None,
    proposal: Proposal | None = None,
) -> Comment:
    """A comment on a plan element, or with `proposal` on that proposal (it keeps the
    element of the proposal, so `element_kind`/`lineage` may be left out). The same rules
    for both: audience, block, phase (`allows_comment`) and posting rate; a reply stays in
    the thread of its parent (the same element and the same proposal, or none)."""
    ensure_allowed(user, consultation, Action.COMMENT)
    if proposal is not None:
        element = _proposal_element(consultation, proposal, element_kind, lineage)
    else:
        element = element_in_scope(consultation, element_kind, lineage)
    body = _checked_text(body, "body", max_length=MAX_COMMENT)
    if parent is not None and (
        parent.consultation_id != consultation.pk
        or str(parent.element_lineage) != str(element.lineage)
        or parent.proposal_id != (proposal.pk if proposal is not None else None)
    ):
        raise ValidationError({"parent": [_("Die Antwort gehört nicht zu diesem Kommentar.")]})
    comment = Comment.objects.create(
        consultation=consultation,
        element_kind=element.kind,
        element_lineage=element.lineage,
        parent=parent,
        proposal=proposal,
        author=user,
        body=body,
        body_html=markdown.render(body),
    )
    if parent is not None and parent.author_id and parent.author_id != user.pk:
        notify_reply(comment)
    return comment


def _proposal_element(consultation, proposal: Proposal, element_kind: str, lineage):
    """The plan element of the proposal a comment answers (German errors: a proposal of
    another consultation, another element than the one given, a hidden proposal)."""
    if proposal.consultation_id != consultation.pk:
        raise ValidationError(
            {"proposal": [_("Dieser Vorschlag gehört nicht zu dieser Beteiligung.")]}
        )
    if proposal.is_hidden:
        raise ValidationError(
            {"proposal": [_("Ein ausgeblendeter Vorschlag kann nicht kommentiert werden.")]}
        )
    if lineage is not None and str(lineage) != str(proposal.element_lineage):
        raise ValidationError({"element": [_("Der Vorschlag gehört zu einem anderen Element.")]})
    return element_in_scope(consultation, proposal.element_kind, proposal.element_lineage)


def _own_comment(user, comment: Comment) -> None:
    if not user.is_authenticated or comment.author_id != user.pk:
        raise PermissionDenied(_("Nur die Autorin oder der Autor ändert einen Kommentar."))
    if comment.is_deleted:
        raise ValidationError(_("Der Kommentar ist gelöscht."))


@changes(versions.PARTICIPATION)
@transaction.atomic
def edit_comment(*, user, comment: Comment, body: str) -> Comment:
    _own_comment(user, comment)
    if comment.is_hidden:
        raise ValidationError(_("Ein ausgeblendeter Kommentar kann nicht bearbeitet werden."))
    if timezone.now() - comment.created_at > EDIT_WINDOW:
        raise ValidationError(_("Kommentare lassen sich nur in den ersten 15 Minuten bearbeiten."))
    ensure_allowed(user, comment.consultation, Action.COMMENT)
    comment.body = _checked_text(body, "body", max_length=MAX_COMMENT)
    comment.body_html = markdown.render(comment.body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


@changes(versions.PARTICIPATION)
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


def rating_values(relevance, priority, errors: PayloadErrors) -> dict:
    """Relevance 1–5 and priority 1–3, both required."""
    values = {
        "relevance": validation.integer(relevance, "relevance", errors, minimum=1, maximum=5),
        "priority": validation.integer(
            priority, "priority", errors, minimum=Priority.LOW, maximum=Priority.HIGH
        ),
    }
    for key, value in values.items():
        if value is None and key not in errors:
            errors.add(key, _("Dieses Feld ist erforderlich."))
    return values


@changes(versions.PARTICIPATION)
@transaction.atomic
def rate(*, user, consultation, element_kind: str, lineage, relevance, priority) -> Rating:
    """One rating per person and element; a second rating changes the first. Concurrent
    requests meet the unique constraint, and `update_or_create` retries as an update."""
    ensure_allowed(user, consultation, Action.RATE)
    element = element_in_scope(consultation, element_kind, lineage)
    errors = PayloadErrors()
    values = rating_values(relevance, priority, errors)
    errors.raise_if_any()
    rating, _created = Rating.objects.update_or_create(
        consultation=consultation,
        element_lineage=element.lineage,
        user=user,
        defaults={**values, "element_kind": element.kind},
    )
    return rating


# --- Proposals and supports ----------------------------------------------------------------


@changes(versions.PARTICIPATION)
@transaction.atomic
def propose_amendment(
    *, user, consultation, element_kind: str, lineage, field: str, text: str, rationale: str = ""
) -> Proposal:
    ensure_allowed(user, consultation, Action.PROPOSE)
    element = element_in_scope(consultation, element_kind, lineage)
    if field not in AMENDABLE_FIELDS[element.kind]:
        raise ValidationError({"field": [_("Dieses Textfeld kann nicht geändert werden.")]})
    original = getattr(element, field) or ""
    errors = PayloadErrors()
    text = validation.text(text, "text", errors, max_length=MAX_PROPOSAL, required=True)
    rationale = validation.text(rationale, "rationale", errors, max_length=MAX_RATIONALE)
    if text and text == original.strip():
        errors.add("text", _("Der Vorschlag gleicht dem bisherigen Text."))
    errors.raise_if_any()
    return Proposal.objects.create(
        consultation=consultation,
        kind=ProposalKind.AMENDMENT,
        element_kind=element.kind,
        element_lineage=element.lineage,
        field=field,
        original_text=original,
        proposed_text=text,
        title=element.title[:300],
        rationale=rationale,
        author=user,
    )


@changes(versions.PARTICIPATION)
@transaction.atomic
def propose_topic_area(
    *, user, consultation, key_point_lineage, title: str, goal: str, rationale: str = ""
) -> Proposal:
    ensure_allowed(user, consultation, Action.PROPOSE)
    key_point = element_in_scope(consultation, ElementKind.KEY_POINT, key_point_lineage)
    errors = PayloadErrors()
    values = {
        "title": validation.text(title, "title", errors, max_length=300, required=True),
        "proposed_text": validation.text(
            goal, "text", errors, max_length=MAX_PROPOSAL, required=True
        ),
        "rationale": validation.text(rationale, "rationale", errors, max_length=MAX_RATIONALE),
    }
    errors.raise_if_any()
    return Proposal.objects.create(
        consultation=consultation,
        kind=ProposalKind.NEW_TOPIC_AREA,
        element_kind=ElementKind.KEY_POINT,
        element_lineage=key_point.lineage,
        author=user,
        **values,
    )


@changes(versions.PARTICIPATION)
@transaction.atomic
def support_proposal(*, user, proposal: Proposal) -> Support:
    ensure_allowed(user, proposal.consultation, Action.SUPPORT)
    if proposal.is_hidden or proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError(_("Dieser Vorschlag kann nicht mehr unterstützt werden."))
    if proposal.author_id == user.pk:
        raise ValidationError(_("Eigene Vorschläge können Sie nicht unterstützen."))
    support, _created = Support.objects.get_or_create(proposal=proposal, user=user)
    return support


@changes(versions.PARTICIPATION)
@transaction.atomic
def withdraw_support(*, user, proposal: Proposal) -> None:
    ensure_allowed(user, proposal.consultation, Action.SUPPORT)
    Support.objects.filter(proposal=proposal, user=user).delete()
