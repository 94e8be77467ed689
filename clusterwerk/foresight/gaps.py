"""Gap signals: what the panel expects soon and strongly, and the cluster does not cover yet.

An item is a gap signal when the median of its impact criterion is at least `GAP_MIN_IMPACT`
and the median of its horizon criterion at most `GAP_MAX_HORIZON` (defaults.py), and the
cluster has nothing for it: no topic area assigned (in the current published masterplan
edition), or none of its topic areas has a project or an actor competence in the cluster's
directory. Each gap says in German why ("kein Themenbereich zugeordnet", "keine Projekte in
4.2.4", "keine Kompetenzen im Verzeichnis") and carries what the management already decided
on it (`GapDecision`).

`gap_signals` takes a constant number of queries whatever the number of items: the results
(unless given), the items' topic areas, the topic catalogue, the topic areas with projects,
those with competences, and the decisions.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from clusterwerk.actors.models import ActorStatus, ClusterMembership, CompetenceTopicArea
from clusterwerk.foresight.defaults import GAP_MAX_HORIZON, GAP_MIN_IMPACT
from clusterwerk.foresight.models import CriterionRole, Cycle, GapDecision, Item, ItemTopicArea
from clusterwerk.foresight.results import cycle_results
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.projects.models import IdeaStatus, ProjectTopicArea


@dataclass
class Gap:
    """One gap signal: the item, its median impact and horizon, why it is a gap (German
    sentences) and the management's decisions on it so far. `topics` are the numbers of its
    topic areas in the current published edition."""

    item: Item
    impact: Decimal | None
    horizon: Decimal | None
    reasons: list[str] = field(default_factory=list)
    decisions: list[GapDecision] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)

    @property
    def actions(self) -> set[str]:
        return {decision.action for decision in self.decisions}


def _median(result, role: str) -> Decimal | None:
    criterion_result = result.by_role.get(role)
    if criterion_result is None:
        return None
    return criterion_result.plain.median


def is_urgent(impact: Decimal | None, horizon: Decimal | None) -> bool:
    """High impact and a near horizon by the thresholds in defaults.py."""
    return (
        impact is not None
        and horizon is not None
        and impact >= GAP_MIN_IMPACT
        and horizon <= GAP_MAX_HORIZON
    )


def covered_topics(cluster, lineages: set[str]) -> tuple[set[str], set[str]]:
    """Of `lineages`, those with a project of the cluster (not a mere proposed or declined
    idea) and those with a competence of a published actor in the cluster's directory. Two
    queries."""
    if not lineages:
        return set(), set()
    with_projects = {
        str(lineage)
        for lineage in ProjectTopicArea.objects.filter(
            lineage__in=lineages, project__cluster=cluster
        )
        .exclude(project__idea_status__in=[IdeaStatus.PROPOSED, IdeaStatus.DECLINED])
        .values_list("lineage", flat=True)
        .distinct()
    }
    memberships = ClusterMembership.objects.filter(actor_id=OuterRef("competence__actor_id"))
    with_competences = {
        str(lineage)
        for lineage in CompetenceTopicArea.objects.filter(
            lineage__in=lineages, competence__actor__status=ActorStatus.PUBLISHED
        )
        .filter(Exists(memberships.filter(cluster=cluster)) | ~Exists(memberships))
        .values_list("lineage", flat=True)
        .distinct()
    }
    return with_projects, with_competences


def gap_signals(cycle: Cycle, results=None) -> list[Gap]:
    """The cycle's gap signals in the order of the results (by key). `results` are
    `results.cycle_results(cycle)` when the caller has them already; their `gap` flags are
    set on the way."""
    if results is None:
        results = cycle_results(cycle)
    urgent = []
    for result in results:
        impact = _median(result, CriterionRole.IMPACT)
        horizon = _median(result, CriterionRole.HORIZON)
        result.gap = False
        if is_urgent(impact, horizon):
            urgent.append((result, impact, horizon))
    if not urgent:
        return []
    item_ids = [result.item.pk for result, _impact, _horizon in urgent]
    topics_of: dict[int, set[str]] = {}
    for item_id, lineage in ItemTopicArea.objects.filter(item_id__in=item_ids).values_list(
        "item_id", "topic_lineage"
    ):
        topics_of.setdefault(item_id, set()).add(str(lineage))
    catalogue = topic_catalogue(cycle.cluster_id)
    current = {
        lineage
        for lineages in topics_of.values()
        for lineage in lineages
        if lineage in catalogue.number_by_lineage
    }
    with_projects, with_competences = covered_topics(cycle.cluster, current)
    gaps = []
    for result, impact, horizon in urgent:
        lineages = topics_of.get(result.item.pk, set()) & current
        numbers = catalogue.numbers_of(lineages)
        if not lineages:
            reasons = [_("kein Themenbereich zugeordnet")]
        elif lineages & (with_projects | with_competences):
            continue
        else:
            reasons = [
                _("keine Projekte in %(numbers)s") % {"numbers": ", ".join(numbers)},
                _("keine Kompetenzen im Verzeichnis"),
            ]
        result.gap = True
        gaps.append(
            Gap(item=result.item, impact=impact, horizon=horizon, reasons=reasons, topics=numbers)
        )
    decisions: dict[int, list[GapDecision]] = {}
    for decision in GapDecision.objects.filter(item_id__in=[gap.item.pk for gap in gaps]):
        decisions.setdefault(decision.item_id, []).append(decision)
    for gap in gaps:
        gap.decisions = decisions.get(gap.item.pk, [])
    return gaps
