"""The jury's arithmetic, pure (no database): what a jury can check by hand.

Formulas (n = number of values):

- **Weighted total of a review** – the weighted mean of the scored criteria on the 0–5 scale:
  `total = Σ w_c · v_c / Σ w_c`, summed over the criteria with a value (a criterion without a
  value, `None` or missing, is "not scored" and counts neither in the numerator nor in the
  denominator; the weights need not add up to 1). Required criteria must have a value.
  Rounded to three decimals (half up), as stored on the review.
- **Mean** `x̄ = Σ x / n`; **median** the middle value of the sorted values (the mean of the
  two middle ones when n is even).
- **Standard deviation** – the *population* SD `σ = √(Σ (x − x̄)² / n)` by default (a juror's
  scored applications are all of that juror's scores, not a sample of them); the *sample* SD
  `s = √(Σ (x − x̄)² / (n − 1))` with `sample=True`.
- **Per-juror z-score** – each juror's totals standardised by that juror's own mean and
  population SD over the applications the juror scored: `z = (x − x̄_j) / σ_j`. A juror with a
  single review or with the same total everywhere (σ_j = 0) gets z = 0: no information about
  that juror's scale. An application's z-value is the mean of its reviews' z-scores.
- **Spread** `max − min` of an application's totals; **disagreement** when the spread exceeds
  the edition's threshold (strictly greater).
- **Krippendorff's alpha, ordinal** – reliability of the per-criterion scores (integers 0–5 as
  ordinal values); a unit is one (application, criterion), the coders are the jurors, missing
  values allowed. With the coincidence matrix `o_ck = Σ_u Σ_{i≠j in u} [v_i=c][v_j=k]/(m_u − 1)`
  over the units with m_u ≥ 2 values, `n_c = Σ_k o_ck`, `n = Σ n_c` and the ordinal metric
  `δ²(c, k) = (Σ_{g=c}^{k} n_g − (n_c + n_k)/2)²`:
  `α = 1 − (n − 1) · Σ o_ck δ²(c, k) / Σ n_c n_k δ²(c, k)`.
  `None` when fewer than two pairable values exist, or when all pairable values are the same
  (no variation: the expected disagreement is 0 and alpha is undefined).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

THREE_PLACES = Decimal("0.001")


class MissingRequired(ValueError):
    """A required criterion has no value; `keys` names them."""

    def __init__(self, keys: list[str]):
        super().__init__(f"missing required criteria: {', '.join(keys)}")
        self.keys = keys


def weighted_total(
    values: Mapping[str, int | None],
    weights: Mapping[str, Decimal | float | int],
    required: Iterable[str] = (),
) -> Decimal | None:
    """`Σ w·v / Σ w` over the criteria of `weights` that have a value in `values`, rounded to
    three decimals; None when no criterion with a positive weight is scored. Raises
    `MissingRequired` when a key of `required` has no value."""
    missing = [key for key in required if values.get(key) is None]
    if missing:
        raise MissingRequired(missing)
    numerator = Decimal(0)
    denominator = Decimal(0)
    for key, weight in weights.items():
        value = values.get(key)
        if value is None:
            continue
        weight = Decimal(str(weight))
        numerator += weight * Decimal(value)
        denominator += weight
    if denominator <= 0:
        return None
    return (numerator / denominator).quantize(THREE_PLACES, rounding=ROUND_HALF_UP)


def _numbers(values: Iterable) -> list[float]:
    return [float(value) for value in values if value is not None]


def mean(values: Iterable) -> float | None:
    numbers = _numbers(values)
    return sum(numbers) / len(numbers) if numbers else None


def median(values: Iterable) -> float | None:
    numbers = sorted(_numbers(values))
    if not numbers:
        return None
    middle = len(numbers) // 2
    if len(numbers) % 2:
        return numbers[middle]
    return (numbers[middle - 1] + numbers[middle]) / 2


def standard_deviation(values: Iterable, *, sample: bool = False) -> float | None:
    """Population SD (divide by n) unless `sample` (divide by n − 1); None when undefined
    (no value, or a single value for the sample SD)."""
    numbers = _numbers(values)
    count = len(numbers)
    if count == 0 or (sample and count < 2):
        return None
    average = sum(numbers) / count
    squares = sum((number - average) ** 2 for number in numbers)
    return math.sqrt(squares / (count - 1 if sample else count))


def z_scores(
    totals: Iterable[tuple[Hashable, Hashable, float | Decimal]],
) -> dict[tuple[Hashable, Hashable], float]:
    """Per-juror standardisation. `totals` are (juror, application, total) triples; the result
    maps (juror, application) to `(total − juror's mean) / juror's population SD`, 0 when the
    juror has a single review or an SD of 0."""
    by_juror: dict[Hashable, list[tuple[Hashable, float]]] = defaultdict(list)
    for juror, application, total in totals:
        if total is not None:
            by_juror[juror].append((application, float(total)))
    result: dict[tuple[Hashable, Hashable], float] = {}
    for juror, entries in by_juror.items():
        values = [value for _application, value in entries]
        average = sum(values) / len(values)
        deviation = standard_deviation(values) or 0.0
        for application, value in entries:
            if len(values) < 2 or deviation < 1e-12:
                result[(juror, application)] = 0.0
            else:
                result[(juror, application)] = (value - average) / deviation
    return result


def spread(values: Iterable) -> float | None:
    numbers = _numbers(values)
    return max(numbers) - min(numbers) if numbers else None


def disagreement(values: Iterable, threshold: Decimal | float) -> bool:
    """True when the spread of the totals is strictly above `threshold`."""
    width = spread(values)
    return width is not None and width > float(threshold) + 1e-9


def coincidences(units: Iterable[Sequence[int | None]]) -> dict[tuple[int, int], float]:
    """Krippendorff's coincidence matrix o_ck from units of coder values (None = missing)."""
    matrix: dict[tuple[int, int], float] = defaultdict(float)
    for unit in units:
        values = [value for value in unit if value is not None]
        pairable = len(values)
        if pairable < 2:
            continue
        for i, first in enumerate(values):
            for j, second in enumerate(values):
                if i != j:
                    matrix[(first, second)] += 1 / (pairable - 1)
    return dict(matrix)


def ordinal_delta_squared(c: int, k: int, totals: Mapping[int, float]) -> float:
    """δ²(c, k) = (Σ_{g=c}^{k} n_g − (n_c + n_k)/2)², with g over the values between c and k
    (inclusive, whichever is lower first); `totals` are the marginals n_g."""
    low, high = min(c, k), max(c, k)
    between = sum(count for value, count in totals.items() if low <= value <= high)
    return (between - (totals.get(c, 0) + totals.get(k, 0)) / 2) ** 2


def krippendorff_alpha_ordinal(units: Iterable[Sequence[int | None]]) -> float | None:
    """Krippendorff's alpha with the ordinal metric. `units` are sequences of the coders'
    values for one unit (None for a coder who gave none). None when undefined (fewer than two
    pairable values, or no variation among them)."""
    matrix = coincidences(units)
    totals: dict[int, float] = defaultdict(float)
    for (c, _k), count in matrix.items():
        totals[c] += count
    n = sum(totals.values())
    if n < 2 - 1e-9:
        return None
    categories = sorted(totals)
    observed = sum(count * ordinal_delta_squared(c, k, totals) for (c, k), count in matrix.items())
    expected = sum(
        totals[c] * totals[k] * ordinal_delta_squared(c, k, totals)
        for c in categories
        for k in categories
    )
    if expected <= 1e-12:
        return None
    return 1 - (n - 1) * observed / expected
