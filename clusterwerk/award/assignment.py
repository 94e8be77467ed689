"""The reviewer assignment solver (pure: ids in, pairs out; no database).

Every application gets at least `reviews_per_application` reviews – fewer only where not
enough jurors are free of conflicts (then `short` names it) – never from a conflicted juror,
with the jurors' loads as even as possible. Reviews that are kept (started, submitted or made
by hand) count and stay.

The problem is a min-cost flow (OR-Tools): source → application (capacity: the reviews still
missing) → juror (capacity 1 where neither a conflict nor a kept review stands) → sink. A
juror's arcs to the sink cost the increase of the square of their load, 2·(load + k) − 1 for
the k-th new review, so the cheapest flow minimises the sum of squared loads. The load vectors
a bipartite assignment can reach form a polymatroid base, whose minimum of a separable convex
symmetric function is the lexicographically optimal one: it also minimises the largest load.
With the same input the result is the same (arcs are added in sorted order, the solver is
deterministic).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Solution:
    new: list[tuple[int, int]] = field(default_factory=list)  # (application, juror), sorted
    targets: dict[int, int] = field(default_factory=dict)  # reviews each application gets
    short: list[int] = field(default_factory=list)  # applications below the wanted number
    loads: dict[int, int] = field(default_factory=dict)  # reviews per juror, kept + new
    reviews: dict[int, int] = field(default_factory=dict)  # reviews per application


def solve(
    *,
    applications: Iterable[int],
    jurors: Iterable[int],
    reviews_per_application: int,
    conflicts: Iterable[tuple[int, int]] = (),
    kept: Iterable[tuple[int, int]] = (),
) -> Solution:
    """Assign reviews. `conflicts` and `kept` are (application, juror) pairs; a kept pair
    that is also conflicted does not count (the caller resolves it)."""
    from ortools.graph.python import min_cost_flow

    applications = sorted(set(applications))
    jurors = sorted(set(jurors))
    wanted = max(0, int(reviews_per_application))
    blocked = set(conflicts)
    app_set, juror_set = set(applications), set(jurors)
    kept_pairs = sorted(
        {(a, j) for a, j in kept if a in app_set and j in juror_set and (a, j) not in blocked}
    )
    loads = dict.fromkeys(jurors, 0)
    reviews = dict.fromkeys(applications, 0)
    for a, j in kept_pairs:
        loads[j] += 1
        reviews[a] += 1
    kept_set = set(kept_pairs)

    solution = Solution()
    free: dict[int, list[int]] = {}
    for a in applications:
        available = [j for j in jurors if (a, j) not in blocked]
        target = min(wanted, len(available))
        if target < wanted:
            solution.short.append(a)
        solution.targets[a] = max(target, reviews[a])
        free[a] = [j for j in available if (a, j) not in kept_set]

    missing = {a: max(0, solution.targets[a] - reviews[a]) for a in applications}
    total = sum(missing.values())
    if total:
        flow = min_cost_flow.SimpleMinCostFlow()
        source, sink = 0, 1
        app_node = {a: 2 + index for index, a in enumerate(applications)}
        juror_node = {j: 2 + len(applications) + index for index, j in enumerate(jurors)}
        pair_arcs: dict[int, tuple[int, int]] = {}
        for a in applications:
            if missing[a]:
                flow.add_arc_with_capacity_and_unit_cost(source, app_node[a], missing[a], 0)
                for j in free[a]:
                    arc = flow.add_arc_with_capacity_and_unit_cost(app_node[a], juror_node[j], 1, 0)
                    pair_arcs[arc] = (a, j)
        wanted_by = defaultdict_count(pair_arcs.values())
        for j in jurors:
            for k in range(1, wanted_by.get(j, 0) + 1):
                cost = 2 * (loads[j] + k) - 1
                flow.add_arc_with_capacity_and_unit_cost(juror_node[j], sink, 1, cost)
        flow.set_node_supply(source, total)
        flow.set_node_supply(sink, -total)
        status = flow.solve_max_flow_with_min_cost()
        if status != flow.OPTIMAL:  # pragma: no cover – the network is always feasible
            raise RuntimeError(f"min cost flow failed: {status}")
        for arc, pair in pair_arcs.items():
            if flow.flow(arc):
                solution.new.append(pair)
    solution.new.sort()
    for a, j in solution.new:
        loads[j] += 1
        reviews[a] += 1
    solution.loads = loads
    solution.reviews = reviews
    return solution


def defaultdict_count(pairs) -> dict[int, int]:
    """How many candidate pairs each juror has (the most reviews they could get)."""
    counts: dict[int, int] = {}
    for _application, juror in pairs:
        counts[juror] = counts.get(juror, 0) + 1
    return counts
