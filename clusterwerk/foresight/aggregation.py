"""The panel's answers in numbers – pure functions, no database.

Every criterion is an ordinal scale `1..steps`. For one item and criterion the panel's answers
become a `Stats`: how many answered with a value (`n`) and how many could not judge, the
median, the quartiles and the interquartile range, the mean and the distribution over the
steps.

- Plain statistics (`summarise`): the median is `statistics.median`; the quartiles are
  `statistics.quantiles(values, n=4, method="inclusive")` – Hyndman & Fan (1996) definition 7,
  the default of R, NumPy and spreadsheet QUARTILE.INC – for two or more answers; a single
  answer is its own median and both quartiles.
- Expertise-weighted statistics (`summarise_weighted`): each answer counts with its weight
  (the panellist's self-rated expertise on the item). The weighted quantile at p is the
  smallest value whose cumulative weight share reaches p – the inverse of the weighted
  empirical distribution function, Hyndman & Fan (1996) definition 1, the only method NumPy
  (≥ 2.0) allows with weights: `numpy.quantile(values, p, weights=w, method="inverted_cdf")`.
  Weighted medians and quartiles are therefore always steps of the scale; with equal weights
  they are definition 1's quantiles, not the interpolated plain ones (answers 1, 2, 3, 4: plain
  median 2.5, weighted median 2).
- Consensus (`has_consensus`) is the rule the management declared before rating started: at
  least `min_answers` answers and an IQR of at most the criterion's `consensus_iqr`.
- Stability (`stability`) between two rounds – or, in real time, between a panellist's first
  and current answer – is the share of unchanged answers. Following Scheibe, Skutsch & Schofer
  (1975, "Experiments in Delphi methodology", in Linstone & Turoff, The Delphi Method), who took
  a change of less than 15 % between rounds as the sign of stable responses, answers count as
  stable when at least `STABLE_SHARE` (85 %) are unchanged.

Hyndman, R. J. & Fan, Y. (1996): Sample quantiles in statistical packages. The American
Statistician 50 (4), 361–365.
"""

import functools
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

STABLE_SHARE = Decimal("0.85")
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Stats:
    """Aggregates of one criterion's answers. The numbers are None when nobody answered with
    a value; `distribution` has every step `1..steps` (answers per step, also when weighted)."""

    n: int
    cannot_judge: int
    median: Decimal | None
    q1: Decimal | None
    q3: Decimal | None
    iqr: Decimal | None
    mean: Decimal | None
    distribution: dict[int, int] = field(default_factory=dict)


@functools.lru_cache(maxsize=4096)
def _decimal(number: Fraction | int) -> Decimal:
    """`number` as a Decimal rounded half up to two places."""
    number = Fraction(number)
    exact = Decimal(number.numerator) / Decimal(number.denominator)
    return exact.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _distribution(values: list[int], steps: int) -> dict[int, int]:
    counts = dict.fromkeys(range(1, steps + 1), 0)
    for value in values:
        if value not in counts:
            raise ValueError(f"value {value!r} is not a step of the scale 1..{steps}")
        counts[value] += 1
    return counts


def _empty(steps: int, cannot_judge: int) -> Stats:
    return Stats(
        n=0,
        cannot_judge=cannot_judge,
        median=None,
        q1=None,
        q3=None,
        iqr=None,
        mean=None,
        distribution=_distribution([], steps),
    )


def summarise(values: list[int], steps: int, *, cannot_judge: int = 0) -> Stats:
    """Plain statistics of the answers `values` (steps of the scale `1..steps`);
    `cannot_judge` counts the answers "kann ich nicht beurteilen"."""
    distribution = _distribution(values, steps)
    if not values:
        return _empty(steps, cannot_judge)
    ordered = sorted(values)
    count = len(ordered)
    median = _inclusive_quantile(ordered, 2)
    if count >= 2:
        q1, q3 = _inclusive_quantile(ordered, 1), _inclusive_quantile(ordered, 3)
    else:
        q1 = q3 = Fraction(ordered[0])
    return Stats(
        n=count,
        cannot_judge=cannot_judge,
        median=_decimal(median),
        q1=_decimal(q1),
        q3=_decimal(q3),
        iqr=_decimal(q3 - q1),
        mean=_decimal(Fraction(sum(ordered), count)),
        distribution=distribution,
    )


def _inclusive_quantile(ordered: list[int], quarter: int) -> Fraction:
    """The `quarter`/4 quantile of sorted integers, exactly as
    `statistics.quantiles(…, n=4, method="inclusive")` (and, for quarter 2,
    `statistics.median`) compute it, but in integer arithmetic: the aggregation of a cycle
    calls this some ten thousand times, and `statistics` on Fractions took 0.2 ms a call."""
    if len(ordered) == 1:
        return Fraction(ordered[0])
    index, delta = divmod(quarter * (len(ordered) - 1), 4)
    if delta == 0:
        return Fraction(ordered[index])
    return Fraction(ordered[index] * (4 - delta) + ordered[index + 1] * delta, 4)


def weighted_quantile(pairs: list[tuple[int, int]], p: Fraction) -> int:
    """The smallest value whose cumulative weight share reaches `p` (0 < p ≤ 1)."""
    ordered = sorted(pairs)
    total = sum(weight for _value, weight in ordered)
    cumulative = 0
    for value, weight in ordered:
        cumulative += weight
        if cumulative * p.denominator >= p.numerator * total:  # share ≥ p, in integers
            return value
    return ordered[-1][0]  # pragma: no cover – the loop reaches p = 1 at the last value


def summarise_weighted(pairs: list[tuple[int, int]], steps: int, *, cannot_judge: int = 0) -> Stats:
    """Weighted statistics of `(value, weight)` pairs; weights are positive integers (the
    self-rated expertise). Quantiles as documented in the module; the mean is
    Σ weight·value / Σ weight; `n` and `distribution` count answers, not weights."""
    if any(weight <= 0 for _value, weight in pairs):
        raise ValueError("weights must be positive")
    distribution = _distribution([value for value, _weight in pairs], steps)
    if not pairs:
        return _empty(steps, cannot_judge)
    q1 = weighted_quantile(pairs, Fraction(1, 4))
    median = weighted_quantile(pairs, Fraction(1, 2))
    q3 = weighted_quantile(pairs, Fraction(3, 4))
    total = sum(weight for _value, weight in pairs)
    mean = Fraction(sum(value * weight for value, weight in pairs), total)
    return Stats(
        n=len(pairs),
        cannot_judge=cannot_judge,
        median=_decimal(median),
        q1=_decimal(q1),
        q3=_decimal(q3),
        iqr=_decimal(q3 - q1),
        mean=_decimal(mean),
        distribution=distribution,
    )


def has_consensus(stats: Stats, max_iqr, min_answers: int) -> bool:
    """The declared rule: at least `min_answers` answers with a value and IQR ≤ `max_iqr`."""
    if stats.n < min_answers or stats.iqr is None:
        return False
    return stats.iqr <= Decimal(str(max_iqr))


def is_outside(value, stats: Stats) -> bool:
    """Whether `value` lies outside the interquartile range (below Q1 or above Q3)."""
    if value is None or stats.q1 is None or stats.q3 is None:
        return False
    return value < stats.q1 or value > stats.q3


def stability(pairs: list[tuple[int | None, int | None]]) -> Decimal | None:
    """The share of unchanged answers among `(before, now)` pairs, rounded to two places.
    Only pairs with a value on both sides count (a change of opinion needs two opinions; an
    answer given only once or "kann ich nicht beurteilen" is left out); None without any."""
    counted = [(before, now) for before, now in pairs if before is not None and now is not None]
    if not counted:
        return None
    unchanged = sum(1 for before, now in counted if before == now)
    return _decimal(Fraction(unchanged, len(counted)))


def is_stable(share: Decimal | None) -> bool:
    """Whether a stability share meets `STABLE_SHARE` (False when there is none)."""
    return share is not None and share >= STABLE_SHARE
