"""The demo's gap signal turned into a proposal for the next masterplan edition, through
`services.gaps.propose_from_gap`, as the cluster management.

The proposal goes into the cluster's demo consultation: one in evaluation or later when there
is one (the management brings in what the participation phase did not), else the newest demo
consultation. The step is idempotent: a recorded decision whose proposal still exists is kept;
a decision whose proposal is gone (the consultation demo was written anew) is replaced.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clusterwerk.accounts.models import Role, RoleAssignment
from clusterwerk.foresight.demo.data import GAP_KEY, GAP_PROPOSAL
from clusterwerk.foresight.models import Cycle, GapAction, GapDecision
from clusterwerk.foresight.services.gaps import propose_from_gap
from clusterwerk.participation.models import (
    Consultation,
    PhaseKind,
    Proposal,
    ProposalKind,
    ProposalStatus,
)

LATE_PHASES = (PhaseKind.EVALUATION, PhaseKind.RESULT)


def demo_manager(cluster):
    """The cluster's demo management login (example.org), else any manager of the cluster."""
    assignments = RoleAssignment.objects.filter(
        cluster=cluster, role=Role.CLUSTER_MANAGER
    ).select_related("user")
    demo = assignments.filter(user__email__iendswith="@example.org").order_by("pk").first()
    chosen = demo or assignments.order_by("pk").first()
    return chosen.user if chosen is not None else None


def is_late(consultation, now) -> bool:
    """In evaluation or later: the running phase is an evaluation or result phase, or every
    phase has ended."""
    phases = list(consultation.phases.all())
    if not phases:
        return False
    running = [phase for phase in phases if phase.starts_at <= now < phase.ends_at]
    if running:
        return any(phase.kind in LATE_PHASES for phase in running)
    return all(phase.ends_at <= now for phase in phases)


def pick_consultation(cluster) -> Consultation | None:
    consultations = list(
        Consultation.objects.filter(cluster=cluster, is_demo=True)
        .select_related("edition")
        .prefetch_related("phases")
        .order_by("-created_at", "-pk")
    )
    now = timezone.now()
    late = [consultation for consultation in consultations if is_late(consultation, now)]
    return (late or consultations or [None])[0]


def existing_proposal(item) -> Proposal | None:
    decision = GapDecision.objects.filter(item=item, action=GapAction.PROPOSAL).first()
    if decision is None:
        return None
    proposal = Proposal.objects.filter(pk=decision.proposal_id).first()
    if proposal is None:
        decision.delete()
    return proposal


def delete_demo_proposals(cycles) -> int:
    """The still undecided proposals the demo made from the gap items of `cycles` (before the
    cycles are written anew)."""
    ids = GapDecision.objects.filter(
        item__cycle__in=cycles, action=GapAction.PROPOSAL, proposal_id__isnull=False
    ).values_list("proposal_id", flat=True)
    deleted, _rows = Proposal.objects.filter(
        pk__in=list(ids), consultation__is_demo=True, status=ProposalStatus.SUBMITTED
    ).delete()
    return deleted


def propose_gap(cluster, cycle: Cycle, *, manager=None) -> tuple[Proposal | None, str]:
    """(proposal, note): the demo gap's proposal, made now if missing; `note` says in German
    why there is none."""
    item = cycle.items.filter(key=GAP_KEY).first()
    if item is None:
        return None, "Das Demo-Item der Lücke fehlt."
    proposal = existing_proposal(item)
    if proposal is not None:
        return proposal, ""
    manager = manager or demo_manager(cluster)
    if manager is None:
        return None, "Es gibt kein Clustermanagement, das den Vorschlag einreichen könnte."
    consultation = pick_consultation(cluster)
    if consultation is None:
        return None, "Es gibt keine Demo-Beteiligung, in die der Vorschlag gehört."
    key_points = consultation.edition.key_points.all()
    key_point = (
        key_points.filter(number=GAP_PROPOSAL["key_point"]).first()
        or key_points.order_by("pk").first()
    )
    if key_point is None:
        return None, "Die Ausgabe der Beteiligung hat keine Eckpunkte."
    try:
        proposal = propose_from_gap(
            user=manager,
            item=item,
            consultation=consultation,
            kind=ProposalKind.NEW_TOPIC_AREA,
            element_lineage=key_point.lineage,
            title=GAP_PROPOSAL["title"],
            text=GAP_PROPOSAL["text"],
            rationale=GAP_PROPOSAL["rationale"],
        )
    except (PermissionDenied, ValidationError) as error:
        return None, f"Vorschlag nicht eingereicht: {error}"
    GapDecision.objects.get_or_create(
        item=item,
        action=GapAction.PROPOSAL,
        defaults={"proposal_id": proposal.pk, "decided_by": manager},
    )
    return proposal, ""
