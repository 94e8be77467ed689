"""The demo panel's answers, drawn deterministically (`random.Random`), before anything is
written: pure functions over the data of `data.py`.

Round 1: each answer scatters around the item's profile (experts with more self-rated
expertise scatter less); a panellist with little expertise says "kann ich nicht beurteilen"
more often. Round 2 (classic Delphi): everybody has seen the first round's median and
interquartile range; most answers move a step towards the median, some stay where they were,
and every answer outside the first round's interquartile range carries a short reason, as the
rule of the cycle asks.
"""

from __future__ import annotations

import random
import statistics
from dataclasses import dataclass

from clusterwerk.foresight.demo.data import GROUP_FOCUS, REASONS, ROLES, ItemSpec

STEPS = {"impact": 5, "uncertainty": 5, "horizon": 4, "relevance": 5, "readiness": 5}
MOVE_TOWARDS_MEDIAN = 0.6  # share of answers off the median that move a step towards it


@dataclass(frozen=True)
class Answer:
    key: str  # item key
    seat: int  # index into the cycle's panel
    role: str
    round: int
    value: int | None  # None: kann ich nicht beurteilen
    reason: str = ""


@dataclass
class Drawn:
    answers: list[Answer]
    expertise: dict[tuple[str, int], int]  # (item key, seat) -> 1..5


def quartiles(values: list[int]) -> tuple[float, float]:
    """First and third quartile as `aggregation.summarise` computes them (inclusive)."""
    if len(values) < 2:
        value = float(values[0]) if values else 0.0
        return value, value
    q1, _median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def draw(
    rng: random.Random,
    items: list[tuple[ItemSpec, tuple]],
    groups: list[str],
    *,
    rounds: int,
) -> Drawn:
    """Answers of the seats (`groups`: each seat's stakeholder group) on `items` ((spec,
    profile) pairs) for `rounds` rounds."""
    expertise = {}
    first: dict[tuple[str, int, str], int | None] = {}
    for spec, profile in items:
        for seat, group in enumerate(groups):
            level = 3 if spec.segment in GROUP_FOCUS[group] else 2
            level = max(1, min(5, level + rng.choice((-1, 0, 0, 1, 1, 2))))
            expertise[(spec.key, seat)] = level
            spread = 0.7 if level >= 4 else 1.0
            unsure = 0.12 if level <= 2 else 0.02
            for role, centre in zip(ROLES, profile, strict=True):
                if rng.random() < unsure:
                    first[(spec.key, seat, role)] = None
                    continue
                value = round(centre + rng.gauss(0, spread))
                first[(spec.key, seat, role)] = max(1, min(STEPS[role], value))
    answers = [Answer(key, seat, role, 1, value) for (key, seat, role), value in first.items()]
    if rounds >= 2:
        answers += _second_round(rng, items, len(groups), first)
    return Drawn(answers=answers, expertise=expertise)


def _second_round(rng, items, seats: int, first) -> list[Answer]:
    answers = []
    for spec, _profile in items:
        for role in ROLES:
            values = [
                first[(spec.key, seat, role)]
                for seat in range(seats)
                if first[(spec.key, seat, role)] is not None
            ]
            if not values:
                answers += [Answer(spec.key, seat, role, 2, None) for seat in range(seats)]
                continue
            median = statistics.median(values)
            q1, q3 = quartiles(values)
            for seat in range(seats):
                value = first[(spec.key, seat, role)]
                moves = value is not None and abs(value - median) >= 1
                if moves and rng.random() < MOVE_TOWARDS_MEDIAN:
                    value += 1 if value < median else -1
                reason = ""
                if value is not None and (value < q1 or value > q3):
                    direction = "high" if value > q3 else "low"
                    reason = rng.choice(REASONS[(role, direction)])
                answers.append(Answer(spec.key, seat, role, 2, value, reason))
    return answers
