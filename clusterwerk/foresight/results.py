"""A cycle's results: per item and criterion the plain, the expertise-weighted and the
per-stakeholder-group statistics (`aggregation.py`), consensus by the declared rule, stability
and the dissent with its reasons.

- Round: classic cycles are evaluated on a round (default: the current, i.e. last, round);
  real-time cycles have round 1 only.
- Stability: classic – each panellist's answer in this round against the previous round
  (None in round 1); real time – each current answer against the panellist's first answer
  (`Rating.first_value`).
- Weights: the panellist's self-rated expertise on the item (1–5); without a statement the
  answer counts with `DEFAULT_WEIGHT` (3, "mittel").
- Dissent: the answers outside the (plain) interquartile range once at least
  `cycle.min_answers` panellists answered with a value – the same threshold from which
  panellists see the group's feedback – with the pseudonym, never the name.
- Queries: `cycle_results` reads the cycle's criteria, items, ratings (with panellists), the
  previous round and the expertise – a constant number of queries, whatever the number of
  items; `item_result` the same for one item.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from clusterwerk.foresight import aggregation
from clusterwerk.foresight.aggregation import Stats
from clusterwerk.foresight.models import (
    Criterion,
    CriterionRole,
    Cycle,
    Expertise,
    Item,
    Panellist,
    Rating,
    StakeholderGroup,
)

DEFAULT_WEIGHT = 3


@dataclass
class Dissent:
    pseudonym: str
    value: int
    label: str
    reason: str


@dataclass
class CriterionResult:
    criterion: Criterion
    plain: Stats
    weighted: Stats
    by_group: dict[str, Stats]
    consensus: bool
    stability: Decimal | None
    dissent: list[Dissent] = field(default_factory=list)

    @property
    def is_stable(self) -> bool:
        return aggregation.is_stable(self.stability)


@dataclass
class ItemResult:
    item: Item
    criteria: list[CriterionResult]
    by_role: dict[str, CriterionResult]
    consensus: bool
    gap: bool = False

    def median(self, role: str) -> Decimal | None:
        result = self.by_role.get(role)
        return result.plain.median if result else None


@dataclass(frozen=True, slots=True)
class _Seat:
    pseudonym: str
    stakeholder_group: str


@dataclass(frozen=True, slots=True)
class _Answer:
    """What the aggregation reads of a `Rating` (with its panellist)."""

    value: int | None
    first_value: int | None
    reason: str
    panellist_id: int
    panellist: _Seat


def evaluated_round(cycle: Cycle, round: int | None = None) -> int:
    """The round the results are about: real time 1; classic `round` or the current one."""
    if cycle.is_realtime:
        return 1
    if round is None:
        return cycle.current_round
    if not 1 <= round <= cycle.current_round:
        raise ValueError(f"round {round} is not between 1 and {cycle.current_round}")
    return round


def _criterion_result(
    cycle: Cycle,
    criterion: Criterion,
    ratings: list[_Answer],
    weights: dict[int, int],
    before: dict[int, int | None] | None,
) -> CriterionResult:
    steps = criterion.steps
    answered = [rating for rating in ratings if rating.value is not None]
    cannot_judge = len(ratings) - len(answered)
    plain = aggregation.summarise(
        [rating.value for rating in answered], steps, cannot_judge=cannot_judge
    )
    weighted = aggregation.summarise_weighted(
        [(rating.value, weights.get(rating.panellist_id, DEFAULT_WEIGHT)) for rating in answered],
        steps,
        cannot_judge=cannot_judge,
    )
    by_group = {}
    for group in StakeholderGroup.values:
        members = [rating for rating in ratings if rating.panellist.stakeholder_group == group]
        values = [rating.value for rating in members if rating.value is not None]
        by_group[group] = aggregation.summarise(
            values, steps, cannot_judge=len(members) - len(values)
        )
    if cycle.is_realtime:
        stability = aggregation.stability(
            [(rating.first_value, rating.value) for rating in ratings]
        )
    elif before is None:
        stability = None
    else:
        stability = aggregation.stability(
            [(before.get(rating.panellist_id), rating.value) for rating in ratings]
        )
    dissent = []
    if plain.n >= cycle.min_answers:
        dissent = [
            Dissent(
                pseudonym=rating.panellist.pseudonym,
                value=rating.value,
                label=criterion.label(rating.value),
                reason=rating.reason,
            )
            for rating in sorted(answered, key=lambda r: (r.value, r.panellist.pseudonym))
            if aggregation.is_outside(rating.value, plain)
        ]
    return CriterionResult(
        criterion=criterion,
        plain=plain,
        weighted=weighted,
        by_group=by_group,
        consensus=aggregation.has_consensus(plain, criterion.consensus_iqr, cycle.min_answers),
        stability=stability,
        dissent=dissent,
    )


def _results(cycle: Cycle, items: list[Item], round: int | None) -> list[ItemResult]:
    number = evaluated_round(cycle, round)
    criteria = list(Criterion.objects.filter(cycle=cycle).order_by("order", "id"))
    item_ids = [item.pk for item in items]
    # Plain rows, not model instances: 25,000 ratings with their panellists took two seconds
    # to instantiate (bench/foresight.py); the panel is read once.
    rows = list(
        Rating.objects.filter(item_id__in=item_ids, round=number)
        .order_by("id")
        .values_list("item_id", "criterion_id", "panellist_id", "value", "first_value", "reason")
    )
    panel = {
        pk: _Seat(pseudonym, group)
        for pk, pseudonym, group in Panellist.objects.filter(
            pk__in={row[2] for row in rows}
        ).values_list("pk", "pseudonym", "stakeholder_group")
    }
    ratings = defaultdict(list)  # (item, criterion) -> answers
    for item_id, criterion_id, panellist_id, value, first_value, reason in rows:
        ratings[(item_id, criterion_id)].append(
            _Answer(value, first_value, reason, panellist_id, panel[panellist_id])
        )
    before = None
    if not cycle.is_realtime and number > 1:
        before = defaultdict(dict)  # (item, criterion) -> {panellist: value}
        for item_id, criterion_id, panellist_id, value in Rating.objects.filter(
            item_id__in=item_ids, round=number - 1
        ).values_list("item_id", "criterion_id", "panellist_id", "value"):
            before[(item_id, criterion_id)][panellist_id] = value
    weights = defaultdict(dict)  # item -> {panellist: level}
    for item_id, panellist_id, level in Expertise.objects.filter(item_id__in=item_ids).values_list(
        "item_id", "panellist_id", "level"
    ):
        weights[item_id][panellist_id] = level
    results = []
    for item in items:
        criterion_results = [
            _criterion_result(
                cycle,
                criterion,
                ratings[(item.pk, criterion.pk)],
                weights[item.pk],
                before[(item.pk, criterion.pk)] if before is not None else None,
            )
            for criterion in criteria
        ]
        results.append(
            ItemResult(
                item=item,
                criteria=criterion_results,
                by_role={
                    result.criterion.role: result
                    for result in criterion_results
                    if result.criterion.role != CriterionRole.OTHER
                },
                consensus=bool(criterion_results)
                and all(result.consensus for result in criterion_results),
            )
        )
    return results


def cycle_results(cycle: Cycle, *, round: int | None = None) -> list[ItemResult]:
    """The results of every item of the cycle, in key order."""
    items = list(Item.objects.filter(cycle=cycle).select_related("segment").order_by("key", "id"))
    for item in items:
        item.cycle = cycle
    return _results(cycle, items, round)


def item_result(item: Item, *, round: int | None = None) -> ItemResult:
    """The results of one item."""
    return _results(item.cycle, [item], round)[0]
