"""The participation REST API (mounted at /api/v1/participation, documented at /api/docs).

- Every operation works for the request's cluster (`/api/…` the default one, `/c/<slug>/api/…`
  that cluster): consultations, comments and proposals of another cluster are a 404 there.
- Reads are open to everybody (every consultation is public; `queries.get_consultation_for_user`
  is the funnel, 404 for an unknown slug). Hidden comments and proposals keep their place
  without their text but with the moderator's public reason; deleted comments without text.
- Writes need the session (`session_auth`, which also checks the CSRF token) and go only through
  `services`, which ask again who may do what in which phase. A closed
  phase, a block or a missing audience membership is a `ContributionNotAllowed` (403 with the
  German reason), posting too fast a `PostingTooFast` (429, handled in `config/api.py`), bad
  input a `ValidationError` (422).
- Comments on a proposal (`/proposals/{id}/comments`) follow the rules of the comments on
  elements (same phase rule, rate limit, reports, moderation, editing); they carry the
  proposal's element and their `proposal_id`. The consultation's comment list holds only the
  comments on elements.
- Authors come with `author_badges`, their functions in the cluster's bodies as they chose to
  show them (`participation.badges`, one look-up per response).
"""

import uuid
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.masterplan.models import ElementKind
from clusterwerk.participation import queries, services
from clusterwerk.participation.badges import attach_badges
from clusterwerk.participation.models import Action, Comment, Proposal, ProposalKind, Support
from clusterwerk.participation.schemas import (
    CommentIn,
    CommentOut,
    CommentPatchIn,
    ConsultationDetailOut,
    ConsultationOut,
    ProposalCommentIn,
    ProposalIn,
    ProposalOut,
    RatingIn,
    RatingOut,
    ReportIn,
    ReportOut,
    SupportOut,
)

router = Router(tags=["Beteiligung"])

MAX_ID = 2**63 - 1  # the largest id the databases store
CommentId = Path(..., ge=1, le=MAX_ID, description="Kennung des Kommentars.")
ProposalId = Path(..., ge=1, le=MAX_ID, description="Kennung des Vorschlags.")
SlugPath = Path(..., max_length=100, description="Kürzel der Beteiligung.")
ElementQuery = Query(None, description="Nur zu diesem Element (Kennung/lineage).")
SortQuery = Query(
    "newest",
    description="Reihenfolge: newest (neueste zuerst), support (meiste Unterstützung zuerst) "
    "oder element (nach Element in der Reihenfolge des Masterplans).",
)

READ_ERRORS = error_responses(404, 422)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)
CONTRIBUTION_ERRORS = error_responses(400, 401, 403, 404, 409, 422, 429)


# --- helpers -------------------------------------------------------------------------------


def phase_dict(row: queries.PhaseRow) -> dict:
    phase = row.phase
    return {
        "id": phase.pk,
        "kind": phase.kind,
        "label": phase.get_kind_display(),
        "starts_at": phase.starts_at,
        "ends_at": phase.ends_at,
        "state": row.state,
        "allowed_actions": [action.value for action in Action if phase.allows(action)],
    }


def consultation_dict(consultation) -> dict:
    timeline = queries.phase_timeline(consultation)
    current = next((row for row in timeline if row.state == "current"), None)
    return {
        "slug": consultation.slug,
        "title": consultation.title,
        "description": consultation.description,
        "audience": consultation.audience,
        "cluster": consultation.cluster.slug,
        "edition": consultation.edition.label,
        "whole_plan": consultation.whole_plan,
        "current_phase": phase_dict(current) if current else None,
        "url": consultation.get_absolute_url(),
        "phases": [phase_dict(row) for row in timeline],
    }


def comment_dict(comment: Comment) -> dict:
    visible = not (comment.is_hidden or comment.is_deleted)
    return {
        "id": comment.pk,
        "element_kind": comment.element_kind,
        "element_lineage": comment.element_lineage,
        "parent_id": comment.parent_id,
        "proposal_id": comment.proposal_id,
        "author_name": queries.display_name(comment.author) if visible else None,
        "author_badges": getattr(comment, "author_badges", []) if visible else [],
        "body": comment.body if visible else None,
        "body_html": comment.body_html if visible else None,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "is_deleted": comment.is_deleted,
        "is_hidden": comment.is_hidden,
        "hidden_reason": comment.hidden_reason if comment.is_hidden else None,
    }


def proposal_dict(proposal: Proposal) -> dict:
    """`proposal` comes from `queries.proposals_with_supports` (counts and own support)."""
    visible = not proposal.is_hidden
    return {
        "id": proposal.pk,
        "kind": proposal.kind,
        "element_kind": proposal.element_kind,
        "element_lineage": proposal.element_lineage,
        "field": proposal.field,
        "title": proposal.title if visible else None,
        "headline": proposal.headline if visible else None,
        "original_text": proposal.original_text if visible else None,
        "proposed_text": proposal.proposed_text if visible else None,
        "rationale": proposal.rationale if visible else None,
        "author_name": proposal.author_name if visible else None,
        "author_badges": getattr(proposal, "author_badges", []) if visible else [],
        "status": proposal.status,
        "status_label": proposal.get_status_display(),
        "decision_note": proposal.decision_note,
        "support_count": proposal.support_count,
        "comment_count": proposal.comment_count,
        "supported_by_me": proposal.supported_by_user,
        "created_at": proposal.created_at,
        "is_hidden": proposal.is_hidden,
        "hidden_reason": proposal.hidden_reason if proposal.is_hidden else None,
        "url": proposal.get_absolute_url(),
    }


def _consultation(request, slug: str):
    return queries.get_consultation_for_user(request.user, request.cluster, slug)


def get_comment(request, pk: int) -> Comment:
    return queries.get_comment_for_user(request.user, request.cluster, pk)


def get_proposal(request, pk: int) -> Proposal:
    return queries.get_proposal_for_user(request.user, request.cluster, None, pk)


def proposal_out(user, proposal: Proposal) -> dict:
    (loaded,) = queries.proposals_with_supports(user, Proposal.objects.filter(pk=proposal.pk))
    attach_badges(proposal.consultation.cluster, [loaded])
    return proposal_dict(loaded)


def comments_out(cluster, comments) -> list[dict]:
    """The comments as dicts, their authors' badges looked up once for all."""
    comments = list(comments)
    attach_badges(cluster, comments)
    return [comment_dict(comment) for comment in comments]


def comment_out(comment: Comment) -> dict:
    (loaded,) = comments_out(comment.consultation.cluster, [comment])
    return loaded


def support_out(user, proposal: Proposal) -> dict:
    return {
        "proposal_id": proposal.pk,
        "supported": Support.objects.filter(proposal=proposal, user=user).exists(),
        "support_count": Support.objects.filter(proposal=proposal).count(),
    }


def report_out(report) -> dict:
    return {
        "id": report.pk,
        "target": "comment" if report.comment_id else "proposal",
        "target_id": report.comment_id or report.proposal_id,
        "status": report.status,
        "created_at": report.created_at,
    }


# --- consultations -------------------------------------------------------------------------


@router.get(
    "/consultations",
    response=list[ConsultationOut],
    summary="Beteiligungen",
    description="Alle Beteiligungen des Clusters (unter /c/<Kürzel>/api/… die dieses Clusters), "
    "neueste zuerst, mit der laufenden Phase. Ohne Anmeldung.",
)
def list_consultations(request):
    if not request.cluster:
        return []
    return [consultation_dict(c) for c in queries.visible_consultations(request.cluster)]


@router.get(
    "/consultations/{slug}",
    response={200: ConsultationDetailOut, **READ_ERRORS},
    summary="Beteiligung",
    description="Eine Beteiligung mit ihren Phasen (was jede erlaubt), der laufenden Phase und "
    "– für Sie – was Sie jetzt nicht dürfen, mit deutscher Begründung.",
)
def get_consultation(request, slug: str = SlugPath):
    consultation = _consultation(request, slug)
    state = queries.participation_state(request.user, consultation)
    return {**consultation_dict(consultation), "closed_reasons": state.reasons}


# --- comments ------------------------------------------------------------------------------


@router.get(
    "/consultations/{slug}/comments",
    response={200: list[CommentOut], **READ_ERRORS},
    summary="Kommentare",
    description="Die Kommentare zu den Elementen einer Beteiligung (mit `element` nur die "
    "eines Elements), älteste zuerst; Antworten nennen ihren `parent_id`. Kommentare zu "
    "Vorschlägen: `/proposals/{id}/comments`. Ausgeblendete Kommentare kommen ohne Text, aber "
    "mit dem öffentlichen Grund; gelöschte ohne Text.",
)
def list_comments(request, slug: str = SlugPath, element: uuid.UUID | None = ElementQuery):
    consultation = _consultation(request, slug)
    comments = Comment.objects.filter(
        consultation=consultation, proposal__isnull=True
    ).select_related("author", "author__participant_profile")
    if element is not None:
        comments = comments.filter(element_lineage=element)
    return comments_out(consultation.cluster, comments.order_by("created_at", "id"))


@router.post(
    "/consultations/{slug}/comments",
    auth=session_auth,
    response={201: CommentOut, **CONTRIBUTION_ERRORS},
    summary="Kommentieren",
    description="Kommentiert ein Element der Beteiligung oder antwortet (`parent`) auf einen "
    "Kommentar zum selben Element. Nur in einer Phase, die Kommentare erlaubt (sonst 403 mit "
    "Begründung); zu viele Beiträge in kurzer Zeit ergeben 429.",
)
def create_comment(request, payload: CommentIn, slug: str = SlugPath):
    consultation = _consultation(request, slug)
    parent = None
    if payload.parent is not None:
        try:
            parent = queries.get_comment_for_user(
                request.user, request.cluster, payload.parent, consultation=consultation
            )
        except Http404:
            raise ValidationError({"parent": [_("Diesen Kommentar gibt es nicht.")]}) from None
    comment = services.add_comment(
        user=request.user,
        consultation=consultation,
        element_kind=payload.element_kind,
        lineage=payload.lineage,
        body=payload.body,
        parent=parent,
    )
    return Status(201, comment_out(comment))


@router.patch(
    "/comments/{comment_id}",
    auth=session_auth,
    response={200: CommentOut, **CONTRIBUTION_ERRORS},
    summary="Kommentar bearbeiten",
    description="Nur die Autorin oder der Autor, in den ersten 15 Minuten und solange die Phase "
    "Kommentare erlaubt.",
)
def edit_comment(request, payload: CommentPatchIn, comment_id: int = CommentId):
    comment = services.edit_comment(
        user=request.user, comment=get_comment(request, comment_id), body=payload.body
    )
    return comment_out(comment)


@router.delete(
    "/comments/{comment_id}",
    auth=session_auth,
    response={204: None, **WRITE_ERRORS},
    summary="Kommentar löschen",
    description="Nur die Autorin oder der Autor; der Text verschwindet, der Platz im Gespräch "
    "bleibt (Antworten behalten ihren Zusammenhang).",
)
def delete_comment(request, comment_id: int = CommentId):
    services.delete_comment(user=request.user, comment=get_comment(request, comment_id))
    return Status(204, None)


@router.post(
    "/comments/{comment_id}/report",
    auth=session_auth,
    response={201: ReportOut, **WRITE_ERRORS},
    summary="Kommentar melden",
    description="Meldet einen Kommentar mit Begründung an die Moderation (einmal je Person, "
    "solange die Meldung offen ist).",
)
def report_comment(request, payload: ReportIn, comment_id: int = CommentId):
    report = services.report_content(
        user=request.user, item=get_comment(request, comment_id), reason=payload.reason
    )
    return Status(201, report_out(report))


# --- ratings -------------------------------------------------------------------------------


@router.put(
    "/consultations/{slug}/ratings",
    auth=session_auth,
    response={200: RatingOut, **WRITE_ERRORS},
    summary="Bewerten",
    description="Bewertet ein Element nach Relevanz (1–5) und Priorität (1–3). Eine Person hat "
    "je Element genau eine Bewertung; eine weitere ändert sie. Nur in einer Phase, die "
    "Bewertungen erlaubt (sonst 403 mit Begründung).",
)
def rate(request, payload: RatingIn, slug: str = SlugPath):
    consultation = _consultation(request, slug)
    rating = services.rate(
        user=request.user,
        consultation=consultation,
        element_kind=payload.element_kind,
        lineage=payload.lineage,
        relevance=payload.relevance,
        priority=payload.priority,
    )
    return {
        "element_kind": rating.element_kind,
        "element_lineage": rating.element_lineage,
        "relevance": rating.relevance,
        "priority": rating.priority,
        "updated_at": rating.updated_at,
    }


# --- proposals -----------------------------------------------------------------------------


@router.get(
    "/consultations/{slug}/proposals",
    response={200: list[ProposalOut], **READ_ERRORS},
    summary="Vorschläge",
    description="Die Vorschläge einer Beteiligung (mit `element` nur die zu einem Element), "
    "sortiert nach `sort` (newest, support, element; sonst 422), mit Zahl der Unterstützungen "
    "und Kommentare. Ausgeblendete ohne Texte, mit Grund.",
)
def list_proposals(
    request,
    slug: str = SlugPath,
    element: uuid.UUID | None = ElementQuery,
    sort: Literal["newest", "support", "element"] = SortQuery,
):
    consultation = _consultation(request, slug)
    proposals = Proposal.objects.filter(consultation=consultation)
    if element is not None:
        proposals = proposals.filter(element_lineage=element)
    found = queries.sort_proposals(queries.proposals_with_supports(request.user, proposals), sort)
    attach_badges(consultation.cluster, found)
    return [proposal_dict(proposal) for proposal in found]


@router.post(
    "/consultations/{slug}/proposals",
    auth=session_auth,
    response={201: ProposalOut, **CONTRIBUTION_ERRORS},
    summary="Vorschlag machen",
    description="Eine Änderung eines Textes (`amendment`: Element, Textfeld, neuer Text) oder "
    "ein neuer Themenbereich unter einem Eckpunkt (`new_topic_area`: Eckpunkt, Titel, Ziel als "
    "`text`). Nur in einer Phase, die Vorschläge erlaubt (sonst 403 mit Begründung).",
)
def create_proposal(request, payload: ProposalIn, slug: str = SlugPath):
    consultation = _consultation(request, slug)
    if payload.kind == ProposalKind.AMENDMENT:
        proposal = services.propose_amendment(
            user=request.user,
            consultation=consultation,
            element_kind=payload.element_kind,
            lineage=payload.lineage,
            field=payload.field,
            text=payload.text,
            rationale=payload.rationale,
        )
    else:
        if payload.element_kind != ElementKind.KEY_POINT:
            raise ValidationError(
                {"element_kind": [_("Ein neuer Themenbereich gehört unter einen Eckpunkt.")]}
            )
        proposal = services.propose_topic_area(
            user=request.user,
            consultation=consultation,
            key_point_lineage=payload.lineage,
            title=payload.title,
            goal=payload.text,
            rationale=payload.rationale,
        )
    return Status(201, proposal_out(request.user, proposal))


@router.get(
    "/proposals/{proposal_id}/comments",
    response={200: list[CommentOut], **READ_ERRORS},
    summary="Kommentare zu einem Vorschlag",
    description="Die Kommentare zu einem Vorschlag, älteste zuerst; Antworten nennen ihren "
    "`parent_id`. Ausgeblendete ohne Text, mit dem öffentlichen Grund; gelöschte ohne Text.",
)
def list_proposal_comments(request, proposal_id: int = ProposalId):
    proposal = get_proposal(request, proposal_id)
    comments = (
        Comment.objects.filter(proposal=proposal)
        .select_related("author", "author__participant_profile")
        .order_by("created_at", "id")
    )
    return comments_out(proposal.consultation.cluster, comments)


@router.post(
    "/proposals/{proposal_id}/comments",
    auth=session_auth,
    response={201: CommentOut, **CONTRIBUTION_ERRORS},
    summary="Vorschlag kommentieren",
    description="Kommentiert einen Vorschlag oder antwortet (`parent`) auf einen Kommentar zum "
    "selben Vorschlag. Dieselben Regeln wie für Kommentare zu Elementen: nur in einer Phase, "
    "die Kommentare erlaubt (sonst 403 mit Begründung), nicht zu ausgeblendeten Vorschlägen "
    "(422); zu viele Beiträge in kurzer Zeit ergeben 429.",
)
def create_proposal_comment(request, payload: ProposalCommentIn, proposal_id: int = ProposalId):
    proposal = get_proposal(request, proposal_id)
    consultation = proposal.consultation
    parent = None
    if payload.parent is not None:
        try:
            parent = queries.get_comment_for_user(
                request.user, request.cluster, payload.parent, consultation=consultation
            )
        except Http404:
            raise ValidationError({"parent": [_("Diesen Kommentar gibt es nicht.")]}) from None
    comment = services.add_comment(
        user=request.user,
        consultation=consultation,
        proposal=proposal,
        body=payload.body,
        parent=parent,
    )
    return Status(201, comment_out(comment))


@router.post(
    "/proposals/{proposal_id}/support",
    auth=session_auth,
    response={200: SupportOut, **WRITE_ERRORS},
    summary="Vorschlag unterstützen",
    description="Unterstützt einen Vorschlag (einmal je Person; eigene nicht). Nur in einer "
    "Phase, die das erlaubt (sonst 403 mit Begründung).",
)
def support(request, proposal_id: int = ProposalId):
    proposal = get_proposal(request, proposal_id)
    services.support_proposal(user=request.user, proposal=proposal)
    return support_out(request.user, proposal)


@router.delete(
    "/proposals/{proposal_id}/support",
    auth=session_auth,
    response={200: SupportOut, **WRITE_ERRORS},
    summary="Unterstützung zurückziehen",
    description="Zieht die eigene Unterstützung zurück (solange die Phase Unterstützen erlaubt).",
)
def withdraw_support(request, proposal_id: int = ProposalId):
    proposal = get_proposal(request, proposal_id)
    services.withdraw_support(user=request.user, proposal=proposal)
    return support_out(request.user, proposal)


@router.post(
    "/proposals/{proposal_id}/report",
    auth=session_auth,
    response={201: ReportOut, **WRITE_ERRORS},
    summary="Vorschlag melden",
    description="Meldet einen Vorschlag mit Begründung an die Moderation.",
)
def report_proposal(request, payload: ReportIn, proposal_id: int = ProposalId):
    report = services.report_content(
        user=request.user, item=get_proposal(request, proposal_id), reason=payload.reason
    )
    return Status(201, report_out(report))
