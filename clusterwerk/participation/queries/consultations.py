"""Reads of consultations with their rules: the access funnel (per cluster), display names,
phase state, and what a person may do now.

Everybody sees every consultation of the request's cluster (there are no drafts); a
consultation of another cluster is a 404 there. Who may contribute is asked per action
(`participation_state`) for the forms, and again by the services before each write.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.core.tenancy import cluster_path
from clusterwerk.masterplan.models import Edition, EditionStatus, ElementKind
from clusterwerk.participation.models import (
    Action,
    Consultation,
    Follow,
    ParticipantProfile,
    Phase,
    PhaseKind,
)
from clusterwerk.participation.permissions import (
    can_manage_consultations,
    person_refusal,
    phase_refusal,
)

# --- Names, labels and addresses -------------------------------------------------------------


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


def element_url(consultation, element, anchor: str = "") -> str:
    """The page of a plan element in the consultation; `element` is a plan element or a
    contribution (anything with `element_kind`/`kind` and `element_lineage`/`lineage`)."""
    kind = getattr(element, "element_kind", None) or element.kind
    lineage = getattr(element, "element_lineage", None) or element.lineage
    url = reverse("participation:element", args=[consultation.slug, kind, lineage])
    return f"{url}#{anchor}" if anchor else url


def comment_url(consultation, comment) -> str:
    """Where a comment is shown: on its proposal's page when it answers a proposal, else on
    its element's page (with the comment's anchor)."""
    anchor = f"kommentar-{comment.pk}"
    if comment.proposal_id:
        url = reverse("participation:proposal", args=[consultation.slug, comment.proposal_id])
        return f"{url}#{anchor}"
    return element_url(consultation, comment, anchor)


def consultation_address(consultation) -> str:
    """The consultation's address inside its cluster's tenant, for links written outside a
    request (phase notices)."""
    return cluster_path(consultation.cluster, consultation.get_absolute_url())


# --- Consultations ---------------------------------------------------------------------------


def visible_consultations(cluster):
    """Every consultation of the cluster, newest first (there is no draft state)."""
    return (
        Consultation.objects.filter(cluster=cluster)
        .select_related("cluster", "edition")
        .prefetch_related("phases")
    )


def followed_consultations(user, cluster):
    """The consultations of `cluster` the user follows (newest first, phases prefetched)."""
    if not user.is_authenticated:
        return Consultation.objects.none()
    return visible_consultations(cluster).filter(follows__user=user)


def get_consultation_for_user(user, cluster, slug: str, *, write: bool = False) -> Consultation:
    """The access funnel: 404 for a slug that is not a consultation of `cluster` (the
    request's), 403 when `write` and the user does not run the consultations of the cluster."""
    consultation = visible_consultations(cluster).filter(slug=slug).first() if cluster else None
    if consultation is None:
        raise Http404(_("Diese Beteiligung gibt es nicht."))
    if write and not can_manage_consultations(user, consultation.cluster):
        raise PermissionDenied(_("Nur das Clustermanagement leitet Beteiligungen."))
    return consultation


def current_phase(consultation, now=None) -> Phase | None:
    """The running phase, asked from the database (for the services)."""
    now = now or timezone.now()
    return consultation.phases.filter(starts_at__lte=now, ends_at__gt=now).first()


def phases_of(consultation) -> list[Phase]:
    return sorted(consultation.phases.all(), key=lambda phase: phase.starts_at)


def current_phase_of(consultation, now=None) -> Phase | None:
    """The running phase from the (prefetched) phases, for the pages."""
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


def decisions_open(consultation, now=None) -> bool:
    """True once every information and participation phase has ended: then the cluster
    management decides on proposals."""
    now = now or timezone.now()
    collecting = (PhaseKind.INFORMATION, PhaseKind.PARTICIPATION)
    return not consultation.phases.filter(kind__in=collecting, ends_at__gt=now).exists()


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
    """The questions of `services.ensure_allowed` (without the posting rate), asked once for
    all actions to decide which forms a page shows: the phase first, then the person."""
    phase = current_phase_of(consultation)
    state = ParticipationState(phase=phase)
    person_reason = person_refusal(user, consultation)
    for action in Action:
        reason = phase_refusal(phase, action) or person_reason
        if reason:
            state.reasons[action.value] = reason
    return state


def draft_editions(consultation):
    """The drafts of the consultation's cluster that its accepted proposals can be applied
    to, newest first."""
    return Edition.objects.filter(
        cluster_id=consultation.cluster_id, status=EditionStatus.DRAFT
    ).order_by("-created_at", "-id")
