"""Diversity (issue 14): near-identical profiles do not fill the top ranks.

The best candidates by score are re-ranked by maximal marginal relevance: one at a time, the
candidate with the largest

    λ · score / best score − (1 − λ) · max similarity to the candidates already chosen

is taken (λ = `weights.MMR_LAMBDA`, chosen by cross-validation; λ = 1 is the plain order).
On top, near-identical profiles (similarity at least `TWIN_SIMILARITY`, e.g. demo firms of
one trade) are capped: a candidate that is a twin of `MAX_TWINS` already chosen ones waits
until every other candidate of the pool is placed. The evaluation sets (51 distinct
institutions) cannot measure twins, so the cap is a rule, set so that the three chambers of
a kind (identical profiles, all right for their needs) still stand together.

Groups: when candidates of both groups ("research" and "business", `explanations.actor_group`)
fit the need, each has at least `GROUP_SHARE` of the places (the best of the smaller group
take the last places of the larger one), so that a list of near-identical firms cannot hide
every institute and the page can show both groups.
The similarity of two candidates is the overlap of their competences' index terms (Jaccard)
with a share for the same actor kind (`KIND_SIMILARITY`). Only the first `POOL_SIZE` (at
least three times the limit) are re-ranked; ties keep the score order (by name). A
candidate's score stays its own: the order may place a lower score before a higher one.
"""

from collections.abc import Sequence

from clusterwerk.matchmaking.engine.candidates import CandidateRow
from clusterwerk.matchmaking.engine.explanations import BUSINESS_GROUP, RESEARCH_GROUP, actor_group

POOL_SIZE = 100
# The similarity of two candidates: (1 − KIND_SIMILARITY) · Jaccard of the competence terms
# + KIND_SIMILARITY when they are of the same kind.
KIND_SIMILARITY = 0.2
# Near-identical: at least this similar. At most MAX_TWINS of them before the others.
TWIN_SIMILARITY = 0.5
MAX_TWINS = 3
# Each group that fits has at least this share of the places (at least one).
GROUP_SHARE = 0.25


def similarity(first: CandidateRow, second: CandidateRow) -> float:
    """How alike two candidates are (0–1): shared competence terms and the same kind."""
    left, right = first.fields["competences"], second.fields["competences"]
    union = len(left | right)
    overlap = len(left & right) / union if union else 0.0
    same_kind = KIND_SIMILARITY if first.kind == second.kind else 0.0
    return (1 - KIND_SIMILARITY) * overlap + same_kind


def diversify(
    scored: Sequence[tuple[float, CandidateRow]], limit: int, mmr_lambda: float
) -> list[tuple[float, CandidateRow]]:
    """The `limit` candidates in the order of maximal marginal relevance (`scored` is sorted
    best first; see the module docstring)."""
    if len(scored) <= 1:
        return list(scored[:limit])
    pool = list(scored[: max(POOL_SIZE, 3 * limit)])
    best = pool[0][0] or 1.0
    redundancy = [0.0] * len(pool)
    twins = [0] * len(pool)  # of how many chosen candidates each one is a twin
    remaining = list(range(len(pool)))
    chosen: list[int] = []
    while remaining and len(chosen) < limit:
        pick = max(
            remaining,
            key=lambda index: (
                twins[index] < MAX_TWINS,
                round(mmr_lambda * pool[index][0] / best - (1 - mmr_lambda) * redundancy[index], 9),
                -index,
            ),
        )
        chosen.append(pick)
        remaining.remove(pick)
        for index in remaining:
            alike = similarity(pool[index][1], pool[pick][1])
            redundancy[index] = max(redundancy[index], alike)
            twins[index] += alike >= TWIN_SIMILARITY
    return with_both_groups([pool[index] for index in chosen], scored, limit)


def with_both_groups(
    chosen: list[tuple[float, CandidateRow]],
    scored: Sequence[tuple[float, CandidateRow]],
    limit: int,
) -> list[tuple[float, CandidateRow]]:
    """`chosen` with at least `GROUP_SHARE` of `limit` places for each of the two groups
    that has candidates in `scored` (the best of the smaller group, by score, replace the
    last of the larger one)."""
    if limit < 2:
        return chosen
    least = max(1, round(GROUP_SHARE * limit))
    taken = {id(item) for item in chosen}
    for group in (RESEARCH_GROUP, BUSINESS_GROUP):
        present = sum(actor_group(row.kind) == group for _score, row in chosen)
        if present >= least:
            continue
        missing = [
            item for item in scored if actor_group(item[1].kind) == group and id(item) not in taken
        ][: least - present]
        if not missing:
            continue
        other = BUSINESS_GROUP if group == RESEARCH_GROUP else RESEARCH_GROUP
        replaceable = [
            index for index, (_s, row) in enumerate(chosen) if actor_group(row.kind) == other
        ]
        if len(chosen) + len(missing) <= limit:
            chosen = chosen + missing
        else:
            drop = set(replaceable[len(replaceable) - len(missing) :])
            if len(drop) < len(missing):
                continue
            chosen = [item for index, item in enumerate(chosen) if index not in drop] + missing
        taken.update(id(item) for item in missing)
    return chosen
