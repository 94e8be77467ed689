"""Diversity (issue 14): near-identical profiles do not fill the top ranks.

The best candidates by score are re-ranked by maximal marginal relevance: one at a time, the
candidate with the largest

    λ · score / best score − (1 − λ) · max similarity to the candidates already chosen

is taken (λ = `weights.MMR_LAMBDA`, chosen by cross-validation; λ = 1 is the plain order).
The similarity of two candidates is the overlap of their competences' index terms (Jaccard)
with a share for the same actor kind (`KIND_SIMILARITY`). Only the first `POOL_SIZE` (at
least three times the limit) are re-ranked; ties keep the score order (by name). A
candidate's score stays its own: the order may place a lower score before a higher one.
"""

from collections.abc import Sequence

from clusterwerk.matchmaking.engine.candidates import CandidateRow

POOL_SIZE = 30
# The similarity of two candidates: (1 − KIND_SIMILARITY) · Jaccard of the competence terms
# + KIND_SIMILARITY when they are of the same kind.
KIND_SIMILARITY = 0.2


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
    if mmr_lambda >= 1 or len(scored) <= 1:
        return list(scored[:limit])
    pool = list(scored[: max(POOL_SIZE, 3 * limit)])
    best = pool[0][0] or 1.0
    redundancy = [0.0] * len(pool)
    remaining = list(range(len(pool)))
    chosen: list[int] = []
    while remaining and len(chosen) < limit:
        pick = max(
            remaining,
            key=lambda index: (
                round(mmr_lambda * pool[index][0] / best - (1 - mmr_lambda) * redundancy[index], 9),
                -index,
            ),
        )
        chosen.append(pick)
        remaining.remove(pick)
        for index in remaining:
            redundancy[index] = max(redundancy[index], similarity(pool[index][1], pool[pick][1]))
    return [pool[index] for index in chosen]
