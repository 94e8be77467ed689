"""Aggregation against hand-computed numbers, and properties that hold for any answers."""

import statistics
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterwerk.foresight.aggregation import (
    STABLE_SHARE,
    Stats,
    has_consensus,
    is_outside,
    is_stable,
    stability,
    summarise,
    summarise_weighted,
    weighted_quantile,
)

D = Decimal


def test_summarise_odd_number_of_answers():
    # Sorted: 1 2 3 4 5 5 5 (n = 7). Median: the 4th value = 4.
    # Inclusive quartiles: position h = (n - 1) * p = 6 * 0.25 = 1.5 (0-based)
    #   → q1 = x[1] + 0.5 * (x[2] - x[1]) = 2 + 0.5 = 2.5;
    #   q3 at h = 6 * 0.75 = 4.5 → x[4] + 0.5 * (x[5] - x[4]) = 5 + 0 = 5. IQR = 2.5.
    # Mean: 25 / 7 = 3.5714… → 3.57.
    stats = summarise([5, 1, 4, 5, 2, 3, 5], 5, cannot_judge=2)
    assert stats == Stats(
        n=7,
        cannot_judge=2,
        median=D("4.00"),
        q1=D("2.50"),
        q3=D("5.00"),
        iqr=D("2.50"),
        mean=D("3.57"),
        distribution={1: 1, 2: 1, 3: 1, 4: 1, 5: 3},
    )


def test_summarise_even_number_of_answers():
    # Sorted: 2 3 3 4 (n = 4). Median: (3 + 3) / 2 = 3.
    # q1 at h = 3 * 0.25 = 0.75 → 2 + 0.75 * (3 - 2) = 2.75;
    # q3 at h = 3 * 0.75 = 2.25 → 3 + 0.25 * (4 - 3) = 3.25. IQR = 0.5. Mean 12 / 4 = 3.
    stats = summarise([4, 3, 2, 3], 5)
    assert (stats.median, stats.q1, stats.q3, stats.iqr, stats.mean) == (
        D("3.00"),
        D("2.75"),
        D("3.25"),
        D("0.50"),
        D("3.00"),
    )
    assert stats.distribution == {1: 0, 2: 1, 3: 2, 4: 1, 5: 0}


def test_summarise_two_answers_and_one_answer():
    # 1 and 4: median 2.5; q1 at h = 0.25 → 1 + 0.25 * 3 = 1.75; q3 at h = 0.75 → 3.25.
    two = summarise([4, 1], 5)
    assert (two.median, two.q1, two.q3, two.iqr) == (D("2.50"), D("1.75"), D("3.25"), D("1.50"))
    # A single answer is its own median and both quartiles.
    one = summarise([3], 4)
    assert (one.n, one.median, one.q1, one.q3, one.iqr, one.mean) == (
        1,
        D("3.00"),
        D("3.00"),
        D("3.00"),
        D("0.00"),
        D("3.00"),
    )


def test_summarise_without_answers():
    stats = summarise([], 4, cannot_judge=3)
    assert stats.n == 0 and stats.cannot_judge == 3
    assert stats.median is None and stats.iqr is None and stats.mean is None
    assert stats.distribution == {1: 0, 2: 0, 3: 0, 4: 0}


def test_mean_rounds_half_up():
    # 1 + 2 + 2 + 2 + 2 + 2 + 2 + 2 = 15 over 8 = 1.875 → 1.88 (half up).
    assert summarise([1, 2, 2, 2, 2, 2, 2, 2], 5).mean == D("1.88")


def test_summarise_rejects_values_outside_the_scale():
    with pytest.raises(ValueError):
        summarise([1, 6], 5)
    with pytest.raises(ValueError):
        summarise([0], 5)


def test_weighted_by_expertise():
    # Pairs (value, weight), sorted by value: (2, 1) (3, 5) (4, 1) (5, 3); total weight 10.
    # Cumulative shares: 2 → 0.1, 3 → 0.6, 4 → 0.7, 5 → 1.0.
    # q1 (0.25): first share ≥ 0.25 is at 3; median (0.5): 3; q3 (0.75): 5. IQR = 2.
    # Weighted mean: (2·1 + 3·5 + 4·1 + 5·3) / 10 = 36 / 10 = 3.6.
    # (Plain: 2 3 4 5 → median 3.5, q1 2.75, q3 4.25, mean 3.5.)
    stats = summarise_weighted([(5, 3), (2, 1), (4, 1), (3, 5)], 5, cannot_judge=1)
    assert stats == Stats(
        n=4,
        cannot_judge=1,
        median=D("3.00"),
        q1=D("3.00"),
        q3=D("5.00"),
        iqr=D("2.00"),
        mean=D("3.60"),
        distribution={1: 0, 2: 1, 3: 1, 4: 1, 5: 1},
    )


def test_weighted_share_exactly_reached_takes_the_lower_value():
    # Equal weights, values 1 2 3 4: cumulative shares 0.25, 0.5, 0.75, 1.
    # q1: 0.25 is reached at 1; median: 0.5 at 2; q3: 0.75 at 3 (plain median would be 2.5).
    stats = summarise_weighted([(1, 2), (2, 2), (3, 2), (4, 2)], 5)
    assert (stats.q1, stats.median, stats.q3, stats.iqr) == (
        D("1.00"),
        D("2.00"),
        D("3.00"),
        D("2.00"),
    )


def test_weighted_one_heavy_expert_moves_the_median():
    # (1, 1) (1, 1) (5, 5): cumulative shares 1/7, 2/7, 1 → median and q3 = 5, q1 = 5
    # (2/7 ≈ 0.29 ≥ 0.25 → q1 = 1). Mean (1 + 1 + 25) / 7 = 3.857… → 3.86.
    stats = summarise_weighted([(1, 1), (1, 1), (5, 5)], 5)
    assert (stats.q1, stats.median, stats.q3, stats.mean) == (
        D("1.00"),
        D("5.00"),
        D("5.00"),
        D("3.86"),
    )


def test_weighted_without_answers_and_bad_weights():
    assert summarise_weighted([], 5).median is None
    with pytest.raises(ValueError):
        summarise_weighted([(3, 0)], 5)


def test_weighted_quantiles_match_numpy_inverted_cdf():
    numpy = pytest.importorskip("numpy")
    values = [1, 2, 2, 3, 4, 5, 5]
    weights = [3, 1, 4, 1, 5, 2, 2]
    for p in (0.25, 0.5, 0.75):
        expected = numpy.quantile(values, p, weights=weights, method="inverted_cdf")
        assert weighted_quantile(list(zip(values, weights, strict=True)), Fraction(p)) == expected


def test_consensus_by_the_declared_rule():
    narrow = summarise([3, 3, 4, 4], 5)  # q1 3, q3 4 → IQR 1
    assert narrow.iqr == D("1.00")
    assert has_consensus(narrow, D("1.0"), 3)
    assert not has_consensus(narrow, D("0.5"), 3)
    assert not has_consensus(narrow, D("1.0"), 5)  # too few answers
    assert not has_consensus(summarise([], 5), D("1.0"), 0)


def test_is_outside_the_iqr():
    stats = summarise([1, 3, 3, 3, 5], 5)  # q1 = 3, q3 = 3
    assert is_outside(1, stats) and is_outside(5, stats)
    assert not is_outside(3, stats)
    assert not is_outside(None, stats)
    assert not is_outside(1, summarise([], 5))


def test_stability_is_the_share_of_unchanged_answers():
    # 6 pairs with values on both sides, 5 unchanged → 5/6 = 0.833… → 0.83 (not stable);
    # (None, 4) and (2, None) do not count.
    pairs = [(3, 3), (4, 4), (2, 2), (5, 5), (1, 1), (2, 3), (None, 4), (2, None)]
    share = stability(pairs)
    assert share == D("0.83")
    assert not is_stable(share)
    # 7 of 8 unchanged → 0.875 → 0.88 ≥ 0.85: stable (less than 15 % changed).
    assert is_stable(stability([(1, 1)] * 7 + [(1, 2)]))
    assert stability([(None, 1), (None, None)]) is None
    assert not is_stable(None)
    assert D("0.85") == STABLE_SHARE


values_strategy = st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=40)


@settings(deadline=None)  # pure arithmetic; a busy CI machine must not fail it
@given(values_strategy, st.randoms(use_true_random=False))
def test_properties_of_plain_statistics(values, random):
    stats = summarise(values, 7)
    assert stats.q1 <= stats.median <= stats.q3
    assert stats.iqr >= 0
    assert min(values) <= stats.mean <= max(values)
    assert sum(stats.distribution.values()) == stats.n == len(values)
    shuffled = list(values)
    random.shuffle(shuffled)
    assert summarise(shuffled, 7) == stats


pairs_strategy = st.lists(
    st.tuples(st.integers(min_value=1, max_value=5), st.integers(min_value=1, max_value=5)),
    min_size=1,
    max_size=40,
)


@settings(deadline=None)  # pure arithmetic; a busy CI machine must not fail it
@given(pairs_strategy, st.randoms(use_true_random=False))
def test_properties_of_weighted_statistics(pairs, random):
    stats = summarise_weighted(pairs, 5)
    assert stats.q1 <= stats.median <= stats.q3
    assert stats.iqr >= 0
    assert min(v for v, _ in pairs) <= stats.mean <= max(v for v, _ in pairs)
    # Weighted quantiles are steps of the scale.
    assert stats.median == stats.median.to_integral_value()
    shuffled = list(pairs)
    random.shuffle(shuffled)
    assert summarise_weighted(shuffled, 5) == stats


@settings(deadline=None)  # pure arithmetic; a busy CI machine must not fail it
@given(values_strategy)
def test_equal_weights_give_the_low_median_and_the_plain_mean(values):
    # Definition 1 with equal weights: the median is the lower of the two middle values.
    plain = summarise(values, 7)
    weighted = summarise_weighted([(value, 2) for value in values], 7)
    assert weighted.median == statistics.median_low(values)
    assert weighted.mean == plain.mean


@settings(deadline=None)  # pure arithmetic; a busy CI machine must not fail it
@given(st.lists(st.tuples(st.none() | st.integers(1, 5), st.none() | st.integers(1, 5))))
def test_stability_is_a_share(pairs):
    share = stability(pairs)
    assert share is None or D("0") <= share <= D("1")
