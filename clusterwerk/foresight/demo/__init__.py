"""Demo of the Markt- und Technologievorausschau (development and demonstrations).

`seed_foresight_demo(cluster)` writes two published cycles in classic Delphi mode with the
default criteria, segments and rings (`defaults.py`):

- "Markt- und Technologievorausschau 2019" (`foresight-2019`): 14 items, one round, twelve
  panellists;
- "Markt- und Technologievorausschau 2021" (`foresight-2021`, previous: 2019): 25 items, two
  rounds, 20 panellists. Twelve items are carried from 2019 (same key and lineage,
  `carried_from`), so the radar has new and moved items; two 2019 items were not carried on.

Items (texts in `data.py`, written for the demo) have kind, STEEP category, segment, tags,
links to stable public sources where there are any, and topic areas by lineage from the
cluster's published masterplan edition (numbers the edition lacks are left out). The panel:
20 demo logins (`foresight-panel-NN@example.org`, the demo password, no role), four per
stakeholder group, in the cluster's districts, pseudonyms "Expert/in NN", accepted seats
marked `is_demo`. Answers are drawn with `random.Random(seed)` (`answers.py`): self-rated
expertise 1–5, some "kann ich nicht beurteilen", round 2 closer to round 1's median, reasons
for answers outside round 1's interquartile range. Item W-16 (CO2-Fußabdruck als
Lieferbedingung) has no topic area and a high impact in the near term: a gap signal, which the
cluster management turns into a proposal of a new topic area in the demo consultation through
`services.gaps.propose_from_gap` (`gap.py`).

Idempotent: when both demo cycles are complete (items, topic areas, panel, answers), nothing
is written except a missing proposal; otherwise the cluster's demo cycles are deleted and
written again. A real (not demo) cycle with a demo slug stops the demo (ValueError).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from clusterwerk.core.models import Cluster
from clusterwerk.foresight.defaults import DEFAULT_CRITERIA
from clusterwerk.foresight.demo.data import CYCLE_2019, CYCLE_2021, PANEL, PANEL_2019
from clusterwerk.foresight.demo.gap import delete_demo_proposals, propose_gap
from clusterwerk.foresight.demo.writing import Writer, items_of
from clusterwerk.foresight.models import Comment, Cycle, ItemTopicArea, Panellist, Rating, Status
from clusterwerk.masterplan.queries import get_published_edition

# The demo logins' password; the same as `portal.cluster_demo.DEMO_PASSWORD` (foresight may not
# import portal).
DEMO_PASSWORD = "clusterwerk-demo"
DEMO_SLUGS = (CYCLE_2019["slug"], CYCLE_2021["slug"])
DEFAULT_SEED = 2021


@dataclass
class DemoForesightReport:
    skipped: bool = False  # both demo cycles were complete: nothing written
    deleted: int = 0  # demo cycles deleted before writing
    cycles: int = 0
    items: int = 0
    panellists: int = 0
    ratings: int = 0
    reasons: int = 0
    comments: int = 0
    proposal: object = None  # the gap's participation Proposal, if any
    proposal_note: str = ""  # German: why there is no proposal


def demo_cycles(cluster: Cluster | None = None) -> QuerySet[Cycle]:
    cycles = Cycle.objects.filter(is_demo=True, slug__in=DEMO_SLUGS)
    return cycles.filter(cluster=cluster) if cluster is not None else cycles


def delete_demo_foresight(cluster: Cluster | None = None) -> int:
    """Delete the demo cycles (of `cluster`; of every cluster: None) with everything in them,
    and the undecided proposals made from their gaps. The panel logins stay."""
    cycles = demo_cycles(cluster)
    delete_demo_proposals(cycles)
    count = cycles.count()
    cycles.update(previous=None)
    cycles.delete()
    return count


def topic_lineages(cluster: Cluster, plan_edition=None) -> dict[str, object]:
    """Topic-area number -> lineage in `plan_edition` (default: the published edition)."""
    edition = plan_edition or get_published_edition(cluster)
    if edition is None:
        return {}
    return dict(edition.topic_areas.values_list("number", "lineage"))


def expected_topics(topics: dict[str, object], year: int) -> set[tuple[str, object]]:
    return {
        (spec.key, topics[number])
        for spec, _profile in items_of(year)
        for number in spec.topics
        if number in topics
    }


def _is_complete(cluster: Cluster, topics: dict[str, object]) -> bool:
    cycles = {cycle.slug: cycle for cycle in demo_cycles(cluster)}
    if set(cycles) != set(DEMO_SLUGS):
        return False
    later = cycles[CYCLE_2021["slug"]]
    if later.previous_id != cycles[CYCLE_2019["slug"]].pk:
        return False
    criteria = len(DEFAULT_CRITERIA)
    for spec, seats in ((CYCLE_2019, PANEL_2019), (CYCLE_2021, len(PANEL))):
        cycle = cycles[spec["slug"]]
        if cycle.status != Status.PUBLISHED:
            return False
        keys = {spec_.key for spec_, _profile in items_of(spec["year"])}
        if set(cycle.items.values_list("key", flat=True)) != keys:
            return False
        if Panellist.objects.filter(cycle=cycle, is_demo=True).count() != seats:
            return False
        expected = len(keys) * seats * criteria * len(spec["rounds"])
        if Rating.objects.filter(item__cycle=cycle).count() != expected:
            return False
        stored = set(
            ItemTopicArea.objects.filter(item__cycle=cycle).values_list(
                "item__key", "topic_lineage"
            )
        )
        if stored != expected_topics(topics, spec["year"]):
            return False
    return True


def _refuse_real_cycles(cluster: Cluster) -> None:
    real = Cycle.objects.filter(cluster=cluster, slug__in=DEMO_SLUGS, is_demo=False)
    if real.exists():
        slugs = ", ".join(sorted(real.values_list("slug", flat=True)))
        raise ValueError(
            f"Der Cluster hat schon einen echten Foresight-Zyklus „{slugs}“: "
            "die Demo der Markt- und Technologievorausschau wird nicht angelegt."
        )


def seed_foresight_demo(
    cluster: Cluster,
    *,
    plan_edition=None,
    manager=None,
    seed: int = DEFAULT_SEED,
    password: str = DEMO_PASSWORD,
) -> DemoForesightReport:
    """Write the cluster's foresight demo (see the module docstring). `plan_edition`: the
    masterplan edition whose topic areas the items link to (default: the published one);
    `manager`: who makes the gap's proposal (default: the cluster's demo management).
    ValueError (German) when the cluster has a real cycle with a demo slug."""
    report = DemoForesightReport()
    topics = topic_lineages(cluster, plan_edition)
    with transaction.atomic():
        if _is_complete(cluster, topics):
            report.skipped = True
        else:
            _refuse_real_cycles(cluster)
            report.deleted = delete_demo_foresight(cluster)
            rng = random.Random(seed)
            Writer(cluster, topics=topics, rng=rng, manager=manager, password=password).write()
        later = demo_cycles(cluster).get(slug=CYCLE_2021["slug"])
        report.proposal, report.proposal_note = propose_gap(cluster, later, manager=manager)
    _summarise(cluster, report)
    return report


def _summarise(cluster: Cluster, report: DemoForesightReport) -> None:
    cycles = demo_cycles(cluster)
    report.cycles = cycles.count()
    report.items = sum(cycle.items.count() for cycle in cycles)
    report.panellists = Panellist.objects.filter(cycle__in=cycles).count()
    ratings = Rating.objects.filter(item__cycle__in=cycles)
    report.ratings = ratings.count()
    report.reasons = ratings.exclude(reason="").count()
    report.comments = Comment.objects.filter(item__cycle__in=cycles).count()


__all__ = [
    "DEMO_PASSWORD",
    "DEMO_SLUGS",
    "DemoForesightReport",
    "delete_demo_foresight",
    "demo_cycles",
    "seed_foresight_demo",
]
