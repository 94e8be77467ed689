"""results.py: the statistics of a cycle from the database, hand-computed, with a constant
number of queries."""

from decimal import Decimal

import pytest

from clusterwerk.foresight.models import CriterionRole, Mode, StakeholderGroup
from clusterwerk.foresight.results import DEFAULT_WEIGHT, cycle_results, item_result
from clusterwerk.foresight.tests.factories import make_item, make_panellist, rate

D = Decimal


@pytest.fixture
def rated(items, panellists):
    """W-01's impact, by five panellists (groups Wirtschaft ×2, Handwerk, Wissenschaft,
    Kammer/Verband), with expertise:
      p1 4 (expertise 5, first answer 3)   p2 5 (expertise 2)   p3 2 (expertise 2, a reason)
      p4 4 (expertise 4)                   p5 kann ich nicht beurteilen
    """
    w01 = items[0]
    p1, p2, p3, p4, p5 = panellists
    rate(p1, w01, {"impact": 4, "horizon": 2}, expertise=5, first_value=3)
    rate(p2, w01, {"impact": 5, "horizon": 2}, expertise=2)
    rate(p3, w01, {"impact": 2, "horizon": 3}, expertise=2, reason="Im Handwerk kaum Thema.")
    rate(p4, w01, {"impact": 4, "horizon": 2}, expertise=4)
    rate(p5, w01, {"impact": None, "horizon": 1})
    return w01


def test_item_result_by_hand(rated, cycle):
    result = item_result(rated)
    impact = result.by_role[CriterionRole.IMPACT]
    # Plain: 2 4 4 5 (n = 4, one "cannot judge"). Median (4 + 4) / 2 = 4.
    # q1 at h = 3 · 0.25 = 0.75 → 2 + 0.75 · (4 − 2) = 3.5; q3 at h = 2.25 → 4 + 0.25 · 1 = 4.25.
    # IQR 0.75; mean 15 / 4 = 3.75.
    plain = impact.plain
    assert (plain.n, plain.cannot_judge) == (4, 1)
    assert (plain.median, plain.q1, plain.q3, plain.iqr, plain.mean) == (
        D("4.00"),
        D("3.50"),
        D("4.25"),
        D("0.75"),
        D("3.75"),
    )
    assert plain.distribution == {1: 0, 2: 1, 3: 0, 4: 2, 5: 1}
    # Consensus: 4 answers ≥ min_answers 3 and IQR 0.75 ≤ 1.0.
    assert impact.consensus
    # Weighted (value, expertise): (2, 2) (4, 5) (4, 4) (5, 2), total 13; cumulative shares
    # 2/13 ≈ 0.15, 7/13 ≈ 0.54, 11/13 ≈ 0.85, 1 → q1 = median = q3 = 4, IQR 0.
    # Mean (4·5 + 5·2 + 2·2 + 4·4) / 13 = 50 / 13 = 3.846… → 3.85.
    weighted = impact.weighted
    assert (weighted.median, weighted.q1, weighted.q3, weighted.iqr, weighted.mean) == (
        D("4.00"),
        D("4.00"),
        D("4.00"),
        D("0.00"),
        D("3.85"),
    )
    # Per group: Wirtschaft 4 and 5 → median 4.5; Handwerk 2; Wissenschaft 4; Kammer/Verband
    # could not judge; Verwaltung has nobody.
    groups = impact.by_group
    assert groups[StakeholderGroup.BUSINESS].median == D("4.50")
    assert groups[StakeholderGroup.CRAFT].median == D("2.00")
    assert groups[StakeholderGroup.SCIENCE].n == 1
    assert (groups[StakeholderGroup.CHAMBER].n, groups[StakeholderGroup.CHAMBER].cannot_judge) == (
        0,
        1,
    )
    assert groups[StakeholderGroup.ADMINISTRATION].n == 0
    # Real-time stability: p1 went from 3 to 4, the other three kept theirs; p5 has no value
    # → 3 / 4 = 0.75, not stable.
    assert impact.stability == D("0.75")
    assert not impact.is_stable
    # Dissent: outside [3.5, 4.25] are p3's 2 (with the reason) and p2's 5, by value.
    assert [(d.pseudonym, d.value, d.label, d.reason) for d in impact.dissent] == [
        ("Expert/in 03", 2, "gering", "Im Handwerk kaum Thema."),
        ("Expert/in 02", 5, "sehr hoch", ""),
    ]


def test_item_consensus_needs_every_criterion(rated):
    result = item_result(rated)
    # Horizon: 1 2 2 2 3 → q1 2, q3 2, IQR 0 → consensus; the three other criteria have no
    # answers → no consensus → not the item as a whole.
    assert result.by_role[CriterionRole.HORIZON].consensus
    assert not result.by_role[CriterionRole.UNCERTAINTY].consensus
    assert not result.consensus
    assert result.median(CriterionRole.HORIZON) == D("2.00")
    assert result.median(CriterionRole.UNCERTAINTY) is None
    assert result.gap is False


def test_no_dissent_below_the_minimum_of_answers(items, panellists):
    rate(panellists[0], items[1], {"impact": 1})
    rate(panellists[1], items[1], {"impact": 5})
    impact = item_result(items[1]).by_role[CriterionRole.IMPACT]
    assert impact.plain.n == 2
    assert impact.dissent == []
    assert not impact.consensus


def test_weight_without_expertise_statement(items, panellists):
    # No expertise stated: every answer counts DEFAULT_WEIGHT (3) → equal weights. Values
    # 1 3 5 5: cumulative shares 0.25 0.5 0.75 1 → q1 1, median 3, q3 5.
    for panellist, value in zip(panellists, [5, 1, 3, 5], strict=False):
        rate(panellist, items[2], {"impact": value})
    weighted = item_result(items[2]).by_role[CriterionRole.IMPACT].weighted
    assert DEFAULT_WEIGHT == 3
    assert (weighted.q1, weighted.median, weighted.q3, weighted.mean) == (
        D("1.00"),
        D("3.00"),
        D("5.00"),
        D("3.50"),
    )


def test_cycle_results_in_key_order_with_empty_items(rated, cycle, items):
    results = cycle_results(cycle)
    assert [row.item.key for row in results] == ["W-01", "W-02", "W-03"]
    assert [len(row.criteria) for row in results] == [5, 5, 5]
    empty = results[1].by_role[CriterionRole.IMPACT]
    assert empty.plain.n == 0 and empty.plain.median is None and empty.stability is None


def _fill(cycle, panellists, count, start=0):
    for number in range(start, start + count):
        item = make_item(cycle, f"X-{number:02d}")
        for index, panellist in enumerate(panellists):
            rate(
                panellist,
                item,
                {"impact": 1 + (number + index) % 5, "horizon": 1 + index % 4},
                expertise=1 + index,
            )


def test_constant_number_of_queries(cycle, panellists, django_assert_max_num_queries):
    _fill(cycle, panellists, 2)
    with django_assert_max_num_queries(5) as few:
        small = cycle_results(cycle)
    _fill(cycle, panellists, 20, start=2)
    with django_assert_max_num_queries(5) as many:
        large = cycle_results(cycle)
    assert len(small) == 2 and len(large) == 22
    assert len(few.captured_queries) == len(many.captured_queries)


def test_item_result_queries(items, panellists, django_assert_max_num_queries, cycle):
    rate(panellists[0], items[0], {"impact": 3}, expertise=2)
    item = items[0]
    item.cycle = cycle
    with django_assert_max_num_queries(4):
        item_result(item)


@pytest.fixture
def classic(cluster):
    from clusterwerk.foresight.tests.factories import make_cycle

    cycle = make_cycle(cluster, slug="klassisch", mode=Mode.ROUNDS, current_round=2)
    item = make_item(cycle, "K-01")
    seats = [make_panellist(cycle, f"k{number}@panel.example") for number in range(1, 5)]
    # Round 1: 2 3 3 5; round 2: 3 3 3 4 (two changed their answer).
    for seat, first, second in zip(seats, [2, 3, 3, 5], [3, 3, 3, 4], strict=True):
        rate(seat, item, {"impact": first}, round=1)
        rate(seat, item, {"impact": second}, round=2)
    return cycle, item


def test_classic_rounds_and_stability(classic, django_assert_max_num_queries):
    cycle, item = classic
    # Round 2 (the default, the current round): 3 3 3 4 → median 3, q1 3, q3 3.25.
    # Stability against round 1: 2 of 4 answers unchanged → 0.5.
    with django_assert_max_num_queries(6):
        latest = cycle_results(cycle)[0].by_role[CriterionRole.IMPACT]
    assert (latest.plain.median, latest.plain.q1, latest.plain.q3) == (
        D("3.00"),
        D("3.00"),
        D("3.25"),
    )
    assert latest.stability == D("0.50")
    # Round 1: 2 3 3 5 → median 3, q1 2.75, q3 3.5; no earlier round → no stability.
    first = item_result(item, round=1).by_role[CriterionRole.IMPACT]
    assert (first.plain.median, first.plain.q1, first.plain.q3) == (
        D("3.00"),
        D("2.75"),
        D("3.50"),
    )
    assert first.stability is None
    with pytest.raises(ValueError):
        cycle_results(cycle, round=3)
