"""All demo projects as plain data: same arguments, same plans (`random.Random(seed)`, drawn
in a fixed order)."""

import random
from collections.abc import Sequence

from clusterwerk.projects.demo.consortia import cross_cluster, partners, programme, volumes
from clusterwerk.projects.demo.shape import VISIBILITY_WEIGHTS
from clusterwerk.projects.demo.skeleton import (
    ActorRef,
    ProjectPlan,
    assign_consortia,
    history,
    skeleton,
    weighted,
)
from clusterwerk.projects.demo.texts import description, results, titles, topics


def plan_demo_projects(
    seed: int,
    *,
    companies: Sequence[ActorRef],
    science: Sequence[ActorRef],
    clusters: dict[str, str] | None = None,
    topic_numbers: set[str] | frozenset[str] = frozenset(),
) -> list[ProjectPlan]:
    """The demo projects as plain data: same arguments, same plans. `clusters` are the other
    clusters (slug → name) that cross-cluster projects may involve."""
    if len(companies) < 4:
        raise ValueError("Für die Demo-Projekte werden mindestens vier Demo-Unternehmen gebraucht.")
    if not science:
        raise ValueError(
            "Für die Demo-Projekte fehlen Hochschulen und Forschungseinrichtungen: zuerst die "
            "Referenzdaten laden (python manage.py load_reference_data)."
        )
    clusters = clusters or {}
    rng = random.Random(seed)
    plans = skeleton(rng)
    assign_consortia(rng, plans)
    titles(rng, plans)
    slugs = sorted(clusters)
    for plan in plans:
        programme(rng, plan)
        partners(rng, plan, companies, science)
        cross_cluster(rng, plan, slugs)
        volumes(rng, plan)
        topics(rng, plan, set(topic_numbers))
        description(rng, plan, clusters)
        plan.visibility = weighted(rng, VISIBILITY_WEIGHTS)
        history(rng, plan)
        results(rng, plan)
    return plans
