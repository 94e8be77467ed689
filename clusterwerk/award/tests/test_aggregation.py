"""The jury's arithmetic against values computed by hand, and Krippendorff's alpha against
the textbook example and an independent brute-force computation."""

import itertools
import math
from decimal import Decimal

import pytest

from clusterwerk.award import aggregation

WEIGHTS = {
    "innovation": Decimal("0.35"),
    "market": Decimal("0.30"),
    "relevance": Decimal("0.25"),
    "social": Decimal("0.10"),
}


def test_weighted_total_is_the_weighted_mean_of_the_scored_criteria():
    values = {"innovation": 4, "market": 3, "relevance": 5, "social": 2}
    # 0.35·4 + 0.30·3 + 0.25·5 + 0.10·2 = 1.40 + 0.90 + 1.25 + 0.20 = 3.75 (weights sum to 1)
    assert aggregation.weighted_total(values, WEIGHTS) == Decimal("3.750")
    # Without "social": 3.55 / 0.90 = 3.9444…
    values["social"] = None
    assert aggregation.weighted_total(values, WEIGHTS) == Decimal("3.944")
    del values["social"]
    assert aggregation.weighted_total(values, WEIGHTS) == Decimal("3.944")


def test_weighted_total_needs_the_required_criteria_and_a_value():
    with pytest.raises(aggregation.MissingRequired) as error:
        aggregation.weighted_total({"market": 3}, WEIGHTS, required=["innovation", "market"])
    assert error.value.keys == ["innovation"]
    assert aggregation.weighted_total({}, WEIGHTS) is None
    assert aggregation.weighted_total({"a": 3}, {"a": 0}) is None
    # Weights need not add up to 1: (2·5 + 1·2) / 3 = 4
    assert aggregation.weighted_total({"a": 5, "b": 2}, {"a": 2, "b": 1}) == Decimal("4.000")


def test_mean_median_and_standard_deviations():
    assert aggregation.mean([1, 2, 3, 4]) == 2.5
    assert aggregation.mean([]) is None
    assert aggregation.median([3, 1, 2]) == 2
    assert aggregation.median([4, 1, 3, 2]) == 2.5
    assert aggregation.median([None, 5]) == 5
    assert aggregation.median([]) is None
    data = [2, 4, 4, 4, 5, 5, 7, 9]  # mean 5, Σ(x−5)² = 32
    assert aggregation.standard_deviation(data) == 2.0  # √(32/8)
    assert aggregation.standard_deviation(data, sample=True) == pytest.approx(math.sqrt(32 / 7))
    assert aggregation.standard_deviation([3]) == 0.0
    assert aggregation.standard_deviation([3], sample=True) is None


def test_z_scores_per_juror():
    totals = [
        ("A", "app1", Decimal("2.0")),
        ("A", "app2", Decimal("4.0")),  # A: mean 3, σ 1
        ("A", "app3", Decimal("3.0")),
        ("B", "app1", 4.5),  # B: a single review → 0
        ("C", "app1", 3),
        ("C", "app2", 3),  # C: σ 0 → 0
        ("D", "app1", None),  # not scored: left out
    ]
    z = aggregation.z_scores(totals)
    # A: σ = √((1 + 1 + 0)/3) = 0.8165 → z = ∓1/0.8165 = ∓1.2247
    assert z[("A", "app1")] == pytest.approx(-1.224745, abs=1e-6)
    assert z[("A", "app2")] == pytest.approx(1.224745, abs=1e-6)
    assert z[("A", "app3")] == 0
    assert z[("B", "app1")] == 0
    assert z[("C", "app1")] == z[("C", "app2")] == 0
    assert ("D", "app1") not in z


def test_spread_and_disagreement():
    assert aggregation.spread([1.5, 3.0, 4.25]) == 2.75
    assert aggregation.spread([]) is None
    assert aggregation.disagreement([1.5, 3.0, 4.25], Decimal("1.50"))
    assert not aggregation.disagreement([1.5, 3.0, 4.25], Decimal("2.75"))  # strictly above
    assert not aggregation.disagreement([3.0], Decimal("0"))
    assert not aggregation.disagreement([], Decimal("0"))


def test_alpha_by_hand():
    # Values 1,1 | 2,2 | 1,2: n₁ = n₂ = 3, n = 6; o₁₁ = o₂₂ = 2, o₁₂ = o₂₁ = 1.
    # δ²(1,2) = (n₁ + n₂ − (n₁ + n₂)/2)² = 3² = 9.
    # α = 1 − (n−1)·Σo·δ² / Σn·n·δ² = 1 − 5·(2·9) / (2·3·3·9) = 1 − 90/162 = 4/9
    assert aggregation.krippendorff_alpha_ordinal([(1, 1), (2, 2), (1, 2)]) == pytest.approx(4 / 9)
    assert aggregation.krippendorff_alpha_ordinal([(1, 1), (2, 2)]) == pytest.approx(1.0)


def test_alpha_is_undefined_without_pairable_values_or_variation():
    assert aggregation.krippendorff_alpha_ordinal([]) is None
    assert aggregation.krippendorff_alpha_ordinal([(3, None), (None, 4)]) is None
    assert aggregation.krippendorff_alpha_ordinal([(3, 3), (3, 3, None)]) is None


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", reliability data with
# four coders and twelve units; the paper gives α_ordinal = 0.815.
N = None
TEXTBOOK = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    "C": [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
}


def brute_force_alpha(units):
    """α = 1 − D_o / D_e straight from the definition: D_o the mean ordinal distance of the
    pairs within a unit (each unit's pairs weighted 1/(m_u − 1)), D_e the mean distance of all
    pairs of pairable values."""
    pairable = [[value for value in unit if value is not None] for unit in units]
    pairable = [values for values in pairable if len(values) >= 2]
    values = [value for unit in pairable for value in unit]
    counts = {value: values.count(value) for value in set(values)}

    def distance(c, k):
        low, high = sorted((c, k))
        between = sum(counts.get(g, 0) for g in range(low, high + 1))
        return (between - (counts[c] + counts[k]) / 2) ** 2

    n = len(values)
    observed = (
        sum(
            sum(distance(a, b) for a, b in itertools.permutations(unit, 2)) / (len(unit) - 1)
            for unit in pairable
        )
        / n
    )
    expected = sum(distance(a, b) for a, b in itertools.permutations(values, 2)) / (n * (n - 1))
    return 1 - observed / expected


def test_alpha_textbook_example():
    units = list(zip(*TEXTBOOK.values(), strict=True))
    alpha = aggregation.krippendorff_alpha_ordinal(units)
    assert round(alpha, 3) == 0.815
    assert alpha == pytest.approx(brute_force_alpha(units))


@pytest.mark.parametrize("seed", range(5))
def test_alpha_matches_the_brute_force_on_random_data(seed):
    import random

    generator = random.Random(seed)
    units = [
        [generator.choice([None, 0, 1, 2, 3, 4, 5]) for _coder in range(4)] for _unit in range(15)
    ]
    alpha = aggregation.krippendorff_alpha_ordinal(units)
    if alpha is not None:
        assert alpha == pytest.approx(brute_force_alpha(units))
