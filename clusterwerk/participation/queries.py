"""Reads of consultations with their rules: the access funnel, display names, phase state,
the scope tree with counts and the data of an element page.

Everybody sees every consultation (there are no drafts); who may contribute is asked per
action (`participation_state`) for the forms, and again by the services before each write.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.masterplan.models import ElementKind
from clusterwerk.masterplan.queries import find_by_lineage, load_tree
from clusterwerk.participation.models import (
    ELEMENT_KINDS,
    Action,
    Comment,
    Consultation,
    ConsultationScope,
    Follow,
    Notification,
    ParticipantProfile,
    Phase,
    PhaseKind,
    Priority,
    Proposal,
    ProposalKind,
    Rating,
)
from clusterwerk.participation.permissions import (
    belongs_to_audience,
    can_manage_consultations,
    is_blocked,
)
from clusterwerk.participation.services import EDIT_WINDOW, PHASE_REASONS

# --- Names and labels ------------------------------------------------------------------------


def display_name(user) -> str:
    """How a person appears in consultations: the display name of the participant profile
    (a pseudonym is fine), else the account's public name."""
    if user is None:
        return _("gelöschtes Konto")
    try:
        profile = user.participant_profile
    except ParticipantProfile.DoesNotExist:
        profile = None
    if profile is not None and profile.display_name:
        return profile.display_name
    return user.public_name


def affiliation_label(user) -> str:
    if user is None:
        return ""
    try:
        return user.participant_profile.get_affiliation_type_display()
    except ParticipantProfile.DoesNotExist:
        return ""


def element_label(element) -> str:
    """ "Themenbereich 4.2.1 Produkte mit …" for a plan element."""
    return f"{ElementKind(element.kind).label} {element.number} {element.title}"


# --- Consultations ---------------------------------------------------------------------------


def visible_consultations(user=None):
    """Every consultation, newest first (there is no draft state)."""
    return Consultation.objects.select_related("cluster", "edition").prefetch_related("phases")


def get_consultation(slug: str) -> Consultation:
    consultation = visible_consultations().filter(slug=slug).first()
    if consultation is None:
        raise Http404(_("Diese Beteiligung gibt es nicht."))
    return consultation


def get_consultation_for_user(user, slug: str, *, manage: bool = False) -> Consultation:
    """The access funnel: 404 for an unknown slug, 403 when `manage` and the user does not run
    the consultations of its cluster."""
    consultation = get_consultation(slug)
    if manage and not can_manage_consultations(user, consultation.cluster):
        raise PermissionDenied(_("Nur das Clustermanagement leitet Beteiligungen."))
    return consultation


def phases_of(consultation) -> list[Phase]:
    return sorted(consultation.phases.all(), key=lambda phase: phase.starts_at)


def current_phase_of(consultation, now=None) -> Phase | None:
    now = now or timezone.now()
    return next((phase for phase in phases_of(consultation) if phase.is_current(now)), None)


def allowed_actions(phase: Phase | None) -> list[str]:
    """The German labels of what the phase allows."""
    if phase is None:
        return []
    return [str(action.label) for action in Action if phase.allows(action)]


@dataclass
class PhaseRow:
    phase: Phase
    state: str  # "past" | "current" | "future"
    allowed: list[str]


def phase_timeline(consultation, now=None) -> list[PhaseRow]:
    now = now or timezone.now()
    rows = []
    for phase in phases_of(consultation):
        if phase.ends_at <= now:
            state = "past"
        elif phase.starts_at <= now:
            state = "current"
        else:
            state = "future"
        rows.append(PhaseRow(phase=phase, state=state, allowed=allowed_actions(phase)))
    return rows


def is_following(user, consultation) -> bool:
    return bool(
        user.is_authenticated
        and Follow.objects.filter(consultation=consultation, user=user).exists()
    )


def in_result_phase(consultation) -> bool:
    phase = current_phase_of(consultation)
    return phase is not None and phase.kind == PhaseKind.RESULT


@dataclass
class ParticipationState:
    """What the person may do now, and, per action, the German reason when not."""

    phase: Phase | None
    reasons: dict[str, str] = field(default_factory=dict)

    def can(self, action: str) -> bool:
        return action not in self.reasons

    @property
    def can_comment(self):
        return self.can(Action.COMMENT)

    @property
    def can_rate(self):
        return self.can(Action.RATE)

    @property
    def can_propose(self):
        return self.can(Action.PROPOSE)

    @property
    def can_support(self):
        return self.can(Action.SUPPORT)

    @property
    def notice(self) -> str:
        """One notice for the page: why contributions are closed (the person, else the
        phase)."""
        return next(iter(self.reasons.values()), "")


def participation_state(user, consultation) -> ParticipationState:
    """The same questions as `services.ensure_allowed` (without the posting rate), asked once
    for all actions to decide which forms a page shows."""
    phase = current_phase_of(consultation)
    state = ParticipationState(phase=phase)
    person_reason = ""
    if not user.is_authenticated:
        person_reason = _("Bitte melden Sie sich an, um sich zu beteiligen.")
    elif not belongs_to_audience(user, consultation):
        person_reason = _("An dieser Beteiligung können Sie nicht teilnehmen.")
    elif is_blocked(user, consultation.cluster):
        person_reason = _(
            "Ihr Konto ist für Beiträge zu den Beteiligungen dieses Clusters gesperrt."
        )
    for action in Action:
        if phase is None or not phase.allows(action):
            reason = str(PHASE_REASONS[action])
            if phase is not None:
                reason += " " + _("Aktuelle Phase: %(phase)s.") % {
                    "phase": phase.get_kind_display()
                }
            state.reasons[action.value] = reason
        elif person_reason:
            state.reasons[action.value] = person_reason
    return state


# --- Scope tree with counts ------------------------------------------------------------------


@dataclass
class Counts:
    comments: int = 0
    ratings: int = 0
    proposals: int = 0


def _counts_by_lineage(consultation) -> dict[str, Counts]:
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
    from clusterwerk.participation.services import is_in_scope

    if kind not in ELEMENT_KINDS:
        raise Http404(_("Unbekannte Elementart."))
    element = find_by_lineage(consultation.edition, kind, str(lineage))
    if element is None or (not consultation.whole_plan and not is_in_scope(consultation, element)):
        raise Http404(_("Dieses Element ist nicht Gegenstand der Beteiligung."))
    return element


def element_parents(element) -> list:
    if element.kind == ElementKind.TOPIC_AREA:
        return [element.key_point.action_field, element.key_point]
    if element.kind == ElementKind.KEY_POINT:
        return [element.action_field]
    return []


def field_label(name: str) -> str:
    from clusterwerk.masterplan.models import CHANGE_LABELS

    return str(CHANGE_LABELS.get(name, name))


def element_texts(element) -> list[tuple[str, str]]:
    return [
        (field_label(name), getattr(element, name))
        for name in ("intro", "goal", "description", "relevance", "potential")
        if getattr(element, name, "")
    ]


def comment_thread(user, consultation, lineage, *, can_comment: bool = False) -> list[Comment]:
    """The top-level comments of an element, each with `reply_list` (any depth), the author's
    `author_name`, and `can_edit`/`can_delete` for the person looking."""
    comments = list(
        Comment.objects.filter(consultation=consultation, element_lineage=lineage)
        .select_related("author", "author__participant_profile")
        .order_by("created_at", "id")
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


def proposals_with_supports(user, queryset) -> list[Proposal]:
    proposals = list(
        queryset.select_related("author", "author__participant_profile", "consultation")
        .annotate(support_count=Count("supports"))
        .order_by("-created_at", "-id")
    )
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
    from clusterwerk.participation.models import AMENDABLE_FIELDS

    element = get_element_for_consultation(consultation, kind, lineage)
    state = participation_state(user, consultation)
    comments = comment_thread(user, consultation, element.lineage, can_comment=state.can_comment)
    proposals = proposals_with_supports(
        user, Proposal.objects.filter(consultation=consultation, element_lineage=element.lineage)
    )
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


def get_comment(consultation, pk: int) -> Comment:
    comment = (
        Comment.objects.filter(consultation=consultation, pk=pk)
        .select_related("consultation", "consultation__cluster", "consultation__edition")
        .first()
    )
    if comment is None:
        raise Http404(_("Diesen Kommentar gibt es nicht."))
    return comment


def get_proposal(user, consultation, pk: int) -> Proposal:
    proposals = proposals_with_supports(
        user, Proposal.objects.filter(consultation=consultation, pk=pk)
    )
    if not proposals:
        raise Http404(_("Diesen Vorschlag gibt es nicht."))
    proposal = proposals[0]
    proposal.consultation = consultation
    proposal.element = find_by_lineage(
        consultation.edition, proposal.element_kind, str(proposal.element_lineage)
    )
    proposal.is_new_topic_area = proposal.kind == ProposalKind.NEW_TOPIC_AREA
    return proposal


# --- Notifications ---------------------------------------------------------------------------


def notifications_of(user, limit: int = 100):
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")[:limit]


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
