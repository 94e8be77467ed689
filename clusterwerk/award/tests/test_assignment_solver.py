"""The pure assignment solver: coverage, conflicts, balance, kept reviews, determinism – and a
property test over generated juries."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from clusterwerk.award.assignment import solve


def test_every_application_gets_n_reviews_with_balanced_loads():
    solution = solve(applications=range(1, 8), jurors=[10, 11, 12, 13], reviews_per_application=3)
    assert set(Counter(a for a, _ in solution.new).values()) == {3}
    assert max(solution.loads.values()) - min(solution.loads.values()) <= 1
    assert solution.short == []


def test_conflicts_are_never_assigned_and_shortfalls_are_reported():
    conflicts = {(1, 10), (1, 11), (1, 12)}
    solution = solve(
        applications=[1, 2], jurors=[10, 11, 12, 13], reviews_per_application=2, conflicts=conflicts
    )
    assert not set(solution.new) & conflicts
    assert solution.short == [1]
    assert solution.reviews == {1: 1, 2: 2}


def test_kept_reviews_count_and_stay():
    solution = solve(
        applications=[1, 2],
        jurors=[10, 11, 12],
        reviews_per_application=2,
        kept=[(1, 10), (1, 11), (2, 10)],
    )
    assert solution.new == [(2, 12)] or solution.new == [(2, 11)]
    assert solution.loads[10] == 2
    assert solution.reviews == {1: 2, 2: 2}


def test_a_kept_but_conflicted_pair_does_not_count():
    solution = solve(
        applications=[1],
        jurors=[10, 11],
        reviews_per_application=1,
        conflicts=[(1, 10)],
        kept=[(1, 10)],
    )
    assert solution.new == [(1, 11)]


def test_the_result_is_deterministic():
    args = {
        "applications": range(1, 16),
        "jurors": range(20, 29),
        "reviews_per_application": 3,
        "conflicts": {(3, 21), (5, 22), (5, 23), (9, 20)},
    }
    assert solve(**args).new == solve(**args).new


def test_nothing_to_do():
    assert solve(applications=[], jurors=[1], reviews_per_application=3).new == []
    solution = solve(applications=[1], jurors=[], reviews_per_application=3)
    assert solution.new == [] and solution.short == [1]


@st.composite
def juries(draw):
    jurors = list(range(100, 100 + draw(st.integers(3, 9))))
    applications = list(range(1, 1 + draw(st.integers(1, 15))))
    pairs = [(a, j) for a in applications for j in jurors]
    conflicts = draw(st.sets(st.sampled_from(pairs), max_size=len(pairs) // 2))
    wanted = draw(st.integers(1, 4))
    return applications, jurors, conflicts, wanted


@settings(deadline=None, max_examples=40)
@given(juries())
def test_property_coverage_conflicts_and_balance(jury):
    applications, jurors, conflicts, wanted = jury
    solution = solve(
        applications=applications,
        jurors=jurors,
        reviews_per_application=wanted,
        conflicts=conflicts,
    )
    assert not set(solution.new) & conflicts
    assert len(set(solution.new)) == len(solution.new)
    counts = Counter(a for a, _ in solution.new)
    for a in applications:
        available = sum(1 for j in jurors if (a, j) not in conflicts)
        assert counts[a] >= min(wanted, available)
        assert (a in solution.short) == (available < wanted)
    if not conflicts:
        loads = Counter(j for _, j in solution.new)
        assert max(loads[j] for j in jurors) - min(loads[j] for j in jurors) <= 1
