"""Reads of contributions with their rules: the scope tree with counts, the data of an
element page (thread, ratings, proposals), and the funnels for comments and proposals.

A comment or proposal is reached only through a consultation of the request's cluster: one of
another cluster is a 404, also for the management of that other cluster.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.masterplan.models import CHANGE_LABELS, ElementKind, SuccessFactor
from clusterwerk.masterplan.queries import ELEMENT_MODELS, find_by_lineage, load_tree
from clusterwerk.participation.badges import attach_badges
from clusterwerk.participation.models import (
    AMENDABLE_FIELDS,
    ELEMENT_KINDS,
    Comment,
    Consultation,
    ConsultationScope,
    Priority,
    Proposal,
    ProposalKind,
    Rating,
)
from clusterwerk.participation.permissions import EDIT_WINDOW, can_manage_consultations
from clusterwerk.participation.queries.consultations import (
    ParticipationState,
    affiliation_label,
    display_name,
    element_label,
    participation_state,
)

# --- Scope tree with counts ------------------------------------------------------------------


@dataclass
class Counts:
    comments: int = 0
    ratings: int = 0
    proposals: int = 0


def _counts_by_lineage(consultation) -> dict[str, Counts]:
    """Visible comments (also those on the element's proposals, as in the results),
    ratings and visible proposals per element lineage."""
    counts: dict[str, Counts] = {}
    visible = Q(hidden_at__isnull=True)
    for row in (
        Comment.objects.filter(visible, consultation=consultation, deleted_at__isnull=True)
        .values("element_lineage")
        .annotate(n=Count("id"))
    ):
        counts.setdefault(str(row["element_lineage"]), Counts()).comments = row["n"]
    for row in (
        Rating.objects.filter(consultation=consultation)
        .values("element_lineage")
        .annotate(n=Count("id"))
    ):
        counts.setdefault(str(row["element_lineage"]), Counts()).ratings = row["n"]
    for row in (
        Proposal.objects.filter(visible, consultation=consultation)
        .values("element_lineage")
        .annotate(n=Count("id"))
    ):
        counts.setdefault(str(row["element_lineage"]), Counts()).proposals = row["n"]
    return counts


def scope_lineages(consultation) -> set[str]:
    return {
        str(lineage)
        for lineage in ConsultationScope.objects.filter(consultation=consultation).values_list(
            "lineage", flat=True
        )
    }


def is_in_scope(consultation, element) -> bool:
    """Is the plan element (of the consultation's edition) under discussion? An action field
    or key point in the scope covers everything below it."""
    if consultation.whole_plan:
        return True
    lineages = scope_lineages(consultation)
    chain = [element]
    if element.kind == ElementKind.TOPIC_AREA:
        chain += [element.key_point, element.key_point.action_field]
    elif element.kind == ElementKind.KEY_POINT:
        chain.append(element.action_field)
    return any(str(item.lineage) in lineages for item in chain)


def scope_tree(consultation) -> list:
    """The action fields of the edition that the consultation covers (with their key points
    and topic areas), each element with `in_scope` and `counts`. An action field or key point
    in the scope covers everything below it; elements above a chosen one are shown for
    orientation only (`in_scope` False)."""
    tree = load_tree(consultation.edition)
    counts = _counts_by_lineage(consultation)
    chosen = None if consultation.whole_plan else scope_lineages(consultation)
    result = []
    for action_field in tree.action_fields:
        af_in = chosen is None or str(action_field.lineage) in chosen
        key_points = []
        for key_point in action_field.key_point_list:
            kp_in = af_in or str(key_point.lineage) in chosen
            topic_areas = []
            for topic_area in key_point.topic_area_list:
                ta_in = kp_in or str(topic_area.lineage) in chosen
                if ta_in:
                    topic_area.in_scope = True
                    topic_area.counts = counts.get(str(topic_area.lineage), Counts())
                    topic_areas.append(topic_area)
            if kp_in or topic_areas:
                key_point.in_scope = kp_in
                key_point.counts = counts.get(str(key_point.lineage), Counts())
                key_point.scope_topic_areas = topic_areas
                key_points.append(key_point)
        if af_in or key_points:
            action_field.in_scope = af_in
            action_field.counts = counts.get(str(action_field.lineage), Counts())
            action_field.scope_key_points = key_points
            result.append(action_field)
    return result


def scope_key_points(consultation) -> list:
    """Key points that take new topic areas (in scope), for the proposal form."""
    return [
        key_point
        for action_field in scope_tree(consultation)
        for key_point in action_field.scope_key_points
        if key_point.in_scope
    ]


# --- Element pages ---------------------------------------------------------------------------


def get_element_for_consultation(consultation, kind: str, lineage):
    """The element of the consultation's edition by kind and lineage (404 when unknown or
    not under discussion)."""
    if kind not in ELEMENT_KINDS:
        raise Http404(_("Unbekannte Elementart."))
    element = find_by_lineage(consultation.edition, kind, str(lineage))
    if element is None or not is_in_scope(consultation, element):
        raise Http404(_("Dieses Element ist nicht Gegenstand der Beteiligung."))
    return element


def element_parents(element) -> list:
    if element.kind == ElementKind.TOPIC_AREA:
        return [element.key_point.action_field, element.key_point]
    if element.kind == ElementKind.KEY_POINT:
        return [element.action_field]
    return []


def field_label(name: str) -> str:
    return str(CHANGE_LABELS.get(name, name))


def element_texts(element) -> list[tuple[str, str]]:
    return [
        (field_label(name), getattr(element, name))
        for name in ("intro", "goal", "description", "relevance", "potential")
        if getattr(element, name, "")
    ]


def comment_thread(
    user, consultation, lineage, *, can_comment: bool = False, proposal=None
) -> list[Comment]:
    """The top-level comments of an element (without the comments on its proposals), or
    with `proposal` those of that proposal, each with `reply_list` (any depth), the author's
    `author_name`, and `can_edit`/`can_delete` for the person looking."""
    if proposal is not None:
        comments = Comment.objects.filter(consultation=consultation, proposal=proposal)
    else:
        comments = Comment.objects.filter(
            consultation=consultation, element_lineage=lineage, proposal__isnull=True
        )
    comments = list(
        comments.select_related("author", "author__participant_profile").order_by(
            "created_at", "id"
        )
    )
    now = timezone.now()
    by_id = {}
    for comment in comments:
        comment.reply_list = []
        comment.author_name = display_name(comment.author)
        comment.author_affiliation = affiliation_label(comment.author)
        own = user.is_authenticated and comment.author_id == user.pk
        comment.can_delete = own and not comment.is_deleted
        comment.can_edit = (
            comment.can_delete
            and can_comment
            and not comment.is_hidden
            and now - comment.created_at <= EDIT_WINDOW
        )
        comment.edit_until = comment.created_at + EDIT_WINDOW
        by_id[comment.pk] = comment
    roots = []
    for comment in comments:
        parent = by_id.get(comment.parent_id)
        if parent is None:
            roots.append(comment)
        else:
            parent.reply_list.append(comment)
    return roots


def thread_comments(roots) -> list[Comment]:
    """Every comment of a thread (roots and replies at any depth), for the badges."""
    found = []
    stack = list(reversed(roots))
    while stack:
        comment = stack.pop()
        found.append(comment)
        stack.extend(reversed(comment.reply_list))
    return found


@dataclass
class RatingSummary:
    count: int
    average_relevance: float | None
    priorities: list[tuple[str, int]]


def rating_summary(consultation, lineage) -> RatingSummary:
    ratings = Rating.objects.filter(consultation=consultation, element_lineage=lineage)
    aggregate = ratings.aggregate(n=Count("id"), avg=Avg("relevance"))
    by_priority = dict(
        ratings.values_list("priority").annotate(n=Count("id")).values_list("priority", "n")
    )
    return RatingSummary(
        count=aggregate["n"],
        average_relevance=round(aggregate["avg"], 1) if aggregate["avg"] is not None else None,
        priorities=[(str(choice.label), by_priority.get(choice.value, 0)) for choice in Priority],
    )


def user_rating(user, consultation, lineage) -> Rating | None:
    if not user.is_authenticated:
        return None
    return Rating.objects.filter(
        consultation=consultation, element_lineage=lineage, user=user
    ).first()


def attach_elements(proposals, element=None) -> None:
    """Sets each proposal's plan `element` (for a new topic area: its key point) from the
    consultation's edition, or None when the edition has no such element: `element` when the
    caller knows it (all proposals of one element), else one query per element kind."""
    if element is not None:
        for proposal in proposals:
            proposal.element = element
        return
    wanted = defaultdict(set)
    for proposal in proposals:
        wanted[(proposal.consultation.edition_id, proposal.element_kind)].add(
            proposal.element_lineage
        )
    found = {}
    for (edition_id, kind), lineages in wanted.items():
        model = ELEMENT_MODELS.get(kind)
        if model is None or model is SuccessFactor:
            continue
        for item in model.objects.filter(edition_id=edition_id, lineage__in=lineages):
            found[(edition_id, kind, item.lineage)] = item
    for proposal in proposals:
        key = (proposal.consultation.edition_id, proposal.element_kind, proposal.element_lineage)
        proposal.element = found.get(key)


def proposals_with_supports(user, queryset, *, element=None) -> list[Proposal]:
    """The proposals with `support_count`, `comment_count`, `supported_by_user`,
    `author_name`, `field_label`, their plan `element` and so their `headline` (`element`:
    when all are of that element), newest first."""
    proposals = list(
        queryset.select_related("author", "author__participant_profile", "consultation")
        .annotate(support_count=Count("supports"))
        .order_by("-created_at", "-id")
    )
    # The comment counts in a grouped query of their own: as a correlated subquery beside
    # Count("supports") the database repeats it in the GROUP BY, and with outdated planner
    # statistics SQLite then reads every comment once per proposal.
    comment_counts = dict(
        Comment.objects.filter(
            proposal__in=[p.pk for p in proposals], hidden_at__isnull=True, deleted_at__isnull=True
        )
        .order_by()
        .values("proposal")
        .annotate(n=Count("id"))
        .values_list("proposal", "n")
        if proposals
        else ()
    )
    for proposal in proposals:
        proposal.comment_count = comment_counts.get(proposal.pk, 0)
    supported = set()
    if user.is_authenticated and proposals:
        supported = set(
            Proposal.objects.filter(
                pk__in=[p.pk for p in proposals], supports__user=user
            ).values_list("pk", flat=True)
        )
    for proposal in proposals:
        proposal.author_name = display_name(proposal.author)
        proposal.supported_by_user = proposal.pk in supported
        proposal.field_label = field_label(proposal.field) if proposal.field else ""
    attach_elements(proposals, element)
    return proposals


@dataclass
class ElementPage:
    consultation: Consultation
    element: object
    label: str
    parents: list
    texts: list
    state: ParticipationState
    comments: list
    comment_count: int
    rating: Rating | None
    ratings: RatingSummary
    proposals: list
    amendable_fields: list[tuple[str, str, str]]  # (name, label, current text)


def element_page_data(user, consultation, kind: str, lineage) -> ElementPage:
    """The element page: its own comment thread (comments on its proposals are on the
    proposals' pages; each proposal carries its `comment_count`), ratings and proposals, the
    authors' badges loaded once for all of them."""
    element = get_element_for_consultation(consultation, kind, lineage)
    state = participation_state(user, consultation)
    comments = comment_thread(user, consultation, element.lineage, can_comment=state.can_comment)
    proposals = proposals_with_supports(
        user,
        Proposal.objects.filter(consultation=consultation, element_lineage=element.lineage),
        element=element,
    )
    attach_badges(consultation.cluster, [*thread_comments(comments), *proposals])
    return ElementPage(
        consultation=consultation,
        element=element,
        label=element_label(element),
        parents=element_parents(element),
        texts=element_texts(element),
        state=state,
        comments=comments,
        comment_count=Comment.objects.filter(
            consultation=consultation,
            element_lineage=element.lineage,
            proposal__isnull=True,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
        ).count(),
        rating=user_rating(user, consultation, element.lineage),
        ratings=rating_summary(consultation, element.lineage),
        proposals=proposals,
        amendable_fields=[
            (name, field_label(name), getattr(element, name) or "")
            for name in AMENDABLE_FIELDS[element.kind]
        ],
    )


def get_comment_for_user(user, cluster, pk: int, *, consultation=None) -> Comment:
    """The funnel of comments: one of a consultation of `cluster` (and of `consultation` when
    given), else 404. Everybody reads comments; the services decide who may change them."""
    if not cluster:
        raise Http404(_("Diesen Kommentar gibt es nicht."))
    comments = Comment.objects.filter(pk=pk, consultation__cluster=cluster)
    if consultation is not None:
        comments = comments.filter(consultation=consultation)
    comment = comments.select_related(
        "consultation", "consultation__cluster", "consultation__edition"
    ).first()
    if comment is None:
        raise Http404(_("Diesen Kommentar gibt es nicht."))
    return comment


def get_proposal_for_user(
    user, cluster, consultation: Consultation | None, pk: int, *, write: bool = False
) -> Proposal:
    """The funnel of proposals: one of a consultation of `cluster` (and of `consultation`
    when given), else 404; with `write` (deciding, applying) 403 unless the user runs the
    consultations of that cluster. The proposal comes with `support_count`,
    `supported_by_user`, `author_name`, its plan `element` and `is_new_topic_area`."""
    if not cluster or (consultation is not None and consultation.cluster_id != cluster.pk):
        raise Http404(_("Diesen Vorschlag gibt es nicht."))
    proposals = Proposal.objects.filter(pk=pk, consultation__cluster=cluster)
    if consultation is not None:
        proposals = proposals.filter(consultation=consultation)
    found = proposals_with_supports(
        user, proposals.select_related("consultation__cluster", "consultation__edition")
    )
    if not found:
        raise Http404(_("Diesen Vorschlag gibt es nicht."))
    proposal = found[0]
    if consultation is not None:
        proposal.consultation = consultation
    if write and not can_manage_consultations(user, cluster):
        raise PermissionDenied(_("Über Vorschläge entscheidet das Clustermanagement."))
    if proposal.element is not None:
        proposal.element.edition = proposal.consultation.edition
    proposal.is_new_topic_area = proposal.kind == ProposalKind.NEW_TOPIC_AREA
    return proposal
