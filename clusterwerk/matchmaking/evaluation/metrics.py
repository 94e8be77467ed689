"""Ranking metrics for the evaluation set: nDCG@k with graded relevance and the reciprocal
rank of the first relevant result, plus `evaluate`, which runs a ranking function over the
needs and collects both with the latency."""

import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from clusterwerk.matchmaking.evaluation import EvaluationNeed

DEFAULT_K = 5


def _gain(grade: int) -> float:
    return 2.0**grade - 1


def dcg(grades: Sequence[int]) -> float:
    return sum(_gain(grade) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def ndcg_at_k(ranked: Sequence[str], relevant: dict[str, int], k: int = DEFAULT_K) -> float:
    """DCG of the first k results (gain 2^grade − 1) over the DCG of the ideal order."""
    ideal = dcg(sorted(relevant.values(), reverse=True)[:k])
    if ideal <= 0:
        return 0.0
    return dcg([relevant.get(key, 0) for key in ranked[:k]]) / ideal


def reciprocal_rank(ranked: Sequence[str], relevant: dict[str, int]) -> float:
    """1 / rank of the first result of any grade; 0 when none is found."""
    for rank, key in enumerate(ranked, start=1):
        if relevant.get(key, 0) > 0:
            return 1.0 / rank
    return 0.0


@dataclass(frozen=True)
class NeedResult:
    id: str
    ndcg: float
    reciprocal_rank: float
    ranked: list[str]
    relevant: dict[str, int]

    @property
    def misses(self) -> list[str]:
        """Right partners (grade 2) not among the first k."""
        top = set(self.ranked[:DEFAULT_K])
        return [key for key, grade in self.relevant.items() if grade == 2 and key not in top]


@dataclass
class EvaluationResult:
    results: list[NeedResult] = field(default_factory=list)
    durations: list[float] = field(default_factory=list)

    @property
    def ndcg(self) -> float:
        return statistics.fmean(r.ndcg for r in self.results) if self.results else 0.0

    @property
    def mrr(self) -> float:
        return statistics.fmean(r.reciprocal_rank for r in self.results) if self.results else 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.durations) * 1000 if self.durations else 0.0

    @property
    def p95_ms(self) -> float:
        if not self.durations:
            return 0.0
        ordered = sorted(self.durations)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


def evaluate(
    needs: Sequence[EvaluationNeed],
    rank: Callable[[EvaluationNeed], list[str]],
    *,
    k: int = DEFAULT_K,
) -> EvaluationResult:
    """nDCG@k and reciprocal rank per need; `rank` returns external ids, best first."""
    result = EvaluationResult()
    for need in needs:
        start = time.perf_counter()
        ranked = rank(need)
        result.durations.append(time.perf_counter() - start)
        result.results.append(
            NeedResult(
                id=need.id,
                ndcg=ndcg_at_k(ranked, need.relevant, k),
                reciprocal_rank=reciprocal_rank(ranked, need.relevant),
                ranked=list(ranked),
                relevant=dict(need.relevant),
            )
        )
    return result
