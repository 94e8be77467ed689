"""The group's feedback a panellist sees while rating (Real-Time Delphi, Gordon & Pease 2006).

- Real time: the group's answers of round 1 as they come in – median, quartiles, the
  distribution – with the panellist's own position against them.
- Classic rounds: nothing in round 1; from round 2 on the previous round's feedback.
- Nothing below `cycle.min_answers` answers: a group of two would give its members away.
- Reasons of the others come without names or pseudonyms; the viewer's own answer is never
  among "the others".

The statistics come from `aggregation.summarise` (quartiles by
`statistics.quantiles(method="inclusive")`); `group_stats` is also what `services.rating`
checks the reason rule against (over the OTHER panellists' answers).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from clusterwerk.foresight import aggregation
from clusterwerk.foresight.models import Criterion, Cycle, Item, Panellist, Rating


def answer_round(cycle: Cycle) -> int:
    """The round panellists answer now: 1 in real time, the current round in classic mode."""
    return 1 if cycle.is_realtime else cycle.current_round


def feedback_round(cycle: Cycle) -> int | None:
    """The round whose group feedback panellists see: real time the live round 1; classic
    mode the previous round from round 2 on, nothing in round 1."""
    if cycle.is_realtime:
        return 1
    return cycle.current_round - 1 if cycle.current_round >= 2 else None


def group_stats(
    item: Item, criterion: Criterion, *, round: int, exclude: Panellist | None = None
) -> aggregation.Stats:
    """The answers of one round on one criterion of one item (without `exclude`'s)."""
    ratings = Rating.objects.filter(item=item, criterion=criterion, round=round)
    if exclude is not None:
        ratings = ratings.exclude(panellist=exclude)
    rows = list(ratings.values_list("value", "cannot_judge"))
    values = [value for value, cannot in rows if not cannot and value is not None]
    cannot_judge = sum(1 for _value, cannot in rows if cannot)
    return aggregation.summarise(values, criterion.steps, cannot_judge=cannot_judge)


def shows(stats: aggregation.Stats, cycle: Cycle) -> bool:
    """Whether the statistics may be shown (and the reason rule applies): enough answers."""
    return stats.n >= cycle.min_answers and stats.q1 is not None


@dataclass
class OtherReason:
    value: int | None
    label: str
    reason: str


@dataclass
class CriterionFeedback:
    criterion: Criterion
    own: int | None = None  # the viewer's current answer (None: none, or cannot judge)
    own_cannot_judge: bool = False
    own_reason: str = ""
    round: int | None = None  # the round the statistics are from
    stats: aggregation.Stats | None = None  # None: not (yet) shown
    outside: bool = False  # own answer outside the group's IQR
    reasons: list[OtherReason] = field(default_factory=list)
    steps: list[dict] = field(default_factory=list)  # the scale for the display

    @property
    def shown(self) -> bool:
        return self.stats is not None

    @property
    def numbers(self) -> dict[str, str]:
        """Median, quartiles, IQR and mean as short German numbers ("2,5", "3")."""
        if self.stats is None:
            return {}
        names = ("median", "q1", "q3", "iqr", "mean")
        return {name: german_number(getattr(self.stats, name)) for name in names}


def german_number(value) -> str:
    """A Decimal without trailing zeros and with a decimal comma: 2.50 → "2,5", 3.00 → "3"."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


def _scale(criterion: Criterion, stats, own) -> list[dict]:
    """Each step of the scale with what lies on it: inside the IQR, the median, the own
    answer, the number of answers – for a display that needs no colour to be read."""
    rows = []
    for step in range(1, criterion.steps + 1):
        row = {"value": step, "label": criterion.label(step), "own": own == step}
        if stats is not None:
            row["count"] = stats.distribution.get(step, 0)
            row["in_iqr"] = stats.q1 <= step <= stats.q3
            row["median"] = stats.median == step
        rows.append(row)
    return rows


def criterion_feedback(
    item: Item,
    criterion: Criterion,
    seat: Panellist | None,
    *,
    own_rating: Rating | None = None,
    value_override=None,
) -> CriterionFeedback:
    """The feedback on one criterion for the viewer's seat (None: the management's view,
    without an own answer). `value_override` = (value, cannot_judge) shows the position of an
    answer not saved yet (the rating page asks while the person chooses)."""
    cycle = item.cycle
    result = CriterionFeedback(criterion=criterion)
    if own_rating is not None:
        result.own = own_rating.value
        result.own_cannot_judge = own_rating.cannot_judge
        result.own_reason = own_rating.reason
    if value_override is not None:
        result.own, result.own_cannot_judge = value_override
    round_number = feedback_round(cycle)
    if round_number is not None:
        stats = group_stats(item, criterion, round=round_number)
        if shows(stats, cycle):
            result.round = round_number
            result.stats = stats
            result.outside = aggregation.is_outside(result.own, stats)
            others = Rating.objects.filter(
                item=item, criterion=criterion, round=round_number
            ).exclude(reason="")
            if seat is not None:
                others = others.exclude(panellist=seat)
            result.reasons = [
                OtherReason(value=r.value, label=criterion.label(r.value), reason=r.reason)
                for r in others.order_by("value", "updated_at", "id")
            ]
    result.steps = _scale(criterion, result.stats, result.own)
    return result


def item_feedback(item: Item, seat: Panellist | None, *, overrides=None) -> dict:
    """criterion id → `CriterionFeedback` for every criterion of the item's cycle."""
    overrides = overrides or {}
    own = {}
    if seat is not None:
        own = {
            rating.criterion_id: rating
            for rating in Rating.objects.filter(
                item=item, panellist=seat, round=answer_round(item.cycle)
            )
        }
    return {
        criterion.pk: criterion_feedback(
            item,
            criterion,
            seat,
            own_rating=own.get(criterion.pk),
            value_override=overrides.get(criterion.pk),
        )
        for criterion in item.cycle.criteria.all()
    }


def reason_needed(item: Item, criterion: Criterion, seat: Panellist, value: int | None) -> bool:
    """Whether an answer `value` needs a reason under the cycle's rule: outside the IQR of
    the other panellists' answers (real time) or of the previous round (classic, round ≥ 2),
    and only once that group has `min_answers` answers."""
    cycle = item.cycle
    if not cycle.reason_outside_iqr or value is None:
        return False
    if cycle.is_realtime:
        stats = group_stats(item, criterion, round=1, exclude=seat)
    elif cycle.current_round >= 2:
        stats = group_stats(item, criterion, round=cycle.current_round - 1)
    else:
        return False
    return shows(stats, cycle) and aggregation.is_outside(value, stats)
