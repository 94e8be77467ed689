"""Cross-validation of the topic model and the choice of its constants (`Params`).

Protocols (never a test item in the data a constant is chosen on):

- `leave_one_out`: every item is scored by a model whose labelled projects are all the other
  items of the set (and `extra` examples, e.g. another set).
- `k_fold`: the set is split into k folds (deterministic); each fold is scored by a model whose
  labelled projects are the other folds (and `extra`).
- `tune`: coordinate search over a grid of candidate values per constant, maximising
  `objective(params)` (hits at 1 plus half the hits at 3, on the tuning data only, see
  `objective_for`); a candidate replaces the current value only when it is strictly better;
  every search starts from `START`.
- `nested_k_fold`: per outer fold, the constants are tuned on the other folds (with `extra`),
  then the outer fold is scored with them.

No Django here: topics and items come from the caller (bench/classify_topics.py, the tests).
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from clusterwerk.masterplan.classify import (
    PRIMARY_VOTE,
    SECONDARY_VOTE,
    LabelledExample,
    Params,
    TopicModel,
    TopicText,
)
from clusterwerk.projects.evaluation import EvaluationItem, EvaluationResult, evaluate

# The grid the coordinate search walks: constant → candidate values. "field:NAME" is the
# weight of a topic-area field.
GRID: dict[str, tuple] = {
    "field:title": (1.0, 2.0, 3.0, 4.0),
    "field:keywords": (1.0, 2.0, 3.0, 4.0),
    "field:goal": (0.5, 1.0, 2.0, 3.0),
    "field:key_point": (0.0, 0.5, 1.0, 2.0),
    "field:description": (0.3, 0.7, 1.0, 1.5),
    "field:relevance": (0.0, 0.3, 0.7, 1.0),
    "field:potential": (0.0, 0.3, 0.7, 1.0),
    "field:key_point_intro": (0.0, 0.1, 0.3, 0.6),
    "field:action_field": (0.0, 0.1, 0.3),
    "field:vocabulary": (0.0, 0.5, 1.0, 2.0, 3.0),
    "bm25_k1": (0.8, 1.2, 1.6, 2.0),
    "bm25_b": (0.3, 0.5, 0.7, 0.9),
    "key_point_weight": (0.0, 0.1, 0.2, 0.3),
    "centroid_weight": (0.0, 0.1, 0.2, 0.35, 0.5),
    "generic_damping": (0.0, 0.5, 1.0, 2.0),
    "lead_weight": (0.0, 0.5, 1.0, 2.0),
    "hint_weight": (0.0, 0.05, 0.1, 0.2, 0.3),
    "expansion_weight": (0.0, 0.2, 0.5),
    "project_field_weight": (0.0, 0.05, 0.1, 0.2, 0.4),
    "neighbours": (3, 5, 8),
    "min_similarity": (0.1, 0.15, 0.25, 0.35),
    "vote_weight": (0.75, 1.5, 2.5),
    "max_vote_share": (0.5, 0.75, 0.9),
}


# Where every search starts: the hand-set constants from before issue 14, the new parts off.
# (Never the tuned defaults: in a nested run they would carry the scored fold's influence.)
START = Params(
    field_weights={
        "title": 3.0,
        "keywords": 3.0,
        "goal": 2.0,
        "key_point": 1.0,
        "description": 1.0,
        "relevance": 0.7,
        "potential": 0.7,
        "key_point_intro": 0.0,
        "action_field": 0.0,
        "vocabulary": 0.0,
    },
    project_field_weight=0.1,
    bm25_k1=1.2,
    bm25_b=0.5,
    neighbours=5,
    min_similarity=0.25,
    vote_weight=1.5,
    max_vote_share=0.75,
    key_point_weight=0.0,
    hint_weight=0.0,
    expansion_weight=0.0,
    centroid_weight=0.0,
    generic_damping=0.0,
    lead_weight=0.0,
)


def set_value(params: Params, name: str, value) -> Params:
    if name.startswith("field:"):
        return params.with_field(name.removeprefix("field:"), value)
    return params.replace(**{name: value})


def get_value(params: Params, name: str):
    if name.startswith("field:"):
        return params.field_weights.get(name.removeprefix("field:"), 1.0)
    return getattr(params, name)


def labelled(items: Sequence[EvaluationItem], lineage: dict[str, str]) -> list[LabelledExample]:
    """The items as labelled projects: primary and secondary topic areas vote."""
    examples = []
    for item in items:
        votes = {lineage[item.primary]: PRIMARY_VOTE}
        for number in item.secondary:
            if number in lineage:
                votes.setdefault(lineage[number], SECONDARY_VOTE)
        examples.append(LabelledExample(key=item.id, text=item.full_text, votes=votes))
    return examples


def folds(items: Sequence[EvaluationItem], k: int, seed: int = 14) -> list[list[EvaluationItem]]:
    """k folds of (nearly) equal size: the items, sorted by id, shuffled with the seed."""
    ordered = sorted(items, key=lambda item: item.id)
    random.Random(seed).shuffle(ordered)
    return [ordered[index::k] for index in range(k)]


def _scored(model: TopicModel, items: Sequence[EvaluationItem], exclude_self: bool):
    def suggest(item: EvaluationItem) -> list[str]:
        exclude = [item.id] if exclude_self else []
        return model.ranking(item.full_text, exclude=exclude)[:3]

    return evaluate(items, suggest)


def texts_only(
    topics: Sequence[TopicText], items: Sequence[EvaluationItem], params: Params, **options
) -> EvaluationResult:
    return _scored(TopicModel(topics, params=params, **options), items, exclude_self=False)


def leave_one_out(
    topics: Sequence[TopicText],
    items: Sequence[EvaluationItem],
    params: Params,
    *,
    extra: Sequence[EvaluationItem] = (),
    **options,
) -> EvaluationResult:
    lineage = {topic.number: topic.lineage for topic in topics}
    model = TopicModel(topics, labelled([*items, *extra], lineage), params=params, **options)
    return _scored(model, items, exclude_self=True)


def k_fold(
    topics: Sequence[TopicText],
    items: Sequence[EvaluationItem],
    params: Params | Callable[[list[EvaluationItem]], Params],
    *,
    k: int = 5,
    extra: Sequence[EvaluationItem] = (),
    labels: bool = True,
    **options,
) -> EvaluationResult:
    """Each fold scored by a model trained on the others (plus `extra`) as labelled projects;
    `params` may be a function of the training items (nested tuning)."""
    lineage = {topic.number: topic.lineage for topic in topics}
    parts = folds(items, k)
    total = EvaluationResult(0, 0, 0, [], [])
    for index, test in enumerate(parts):
        train = [item for other, part in enumerate(parts) if other != index for item in part]
        chosen = params(train) if callable(params) else params
        examples = labelled([*train, *extra], lineage) if labels else []
        model = TopicModel(topics, examples, params=chosen, **options)
        result = _scored(model, test, exclude_self=False)
        total = EvaluationResult(
            total.total + result.total,
            total.top1 + result.top1,
            total.top3 + result.top3,
            total.durations + result.durations,
            total.misses + result.misses,
        )
    return total


def score(result: EvaluationResult) -> float:
    return result.top1 + 0.5 * result.top3


@dataclass
class TuningStep:
    name: str
    value: object
    score: float


def tune(
    objective: Callable[[Params], float],
    start: Params = START,
    grid: dict[str, tuple] = GRID,
    *,
    rounds: int = 2,
    log: Callable[[TuningStep], None] | None = None,
) -> Params:
    """Coordinate search: per constant, the candidate with the best objective (strictly
    better than the current value), for `rounds` passes or until nothing changes."""
    best = start
    best_score = objective(best)
    for _ in range(rounds):
        changed = False
        for name, values in grid.items():
            current = get_value(best, name)
            for value in values:
                if value == current:
                    continue
                candidate = set_value(best, name, value)
                value_score = objective(candidate)
                if value_score > best_score + 1e-9:
                    best, best_score, changed = candidate, value_score, True
                    if log:
                        log(TuningStep(name, value, value_score))
        if not changed:
            break
    return best


def objective_for(
    topics: Sequence[TopicText],
    old: Sequence[EvaluationItem],
    fresh: Sequence[EvaluationItem] = (),
    **options,
) -> Callable[[Params], float]:
    """What a search maximises on its tuning data: texts only and leave-one-out over both
    sets together and, when there is fresh data, leave-one-out on the old set alone (the
    model must not get worse where few and only self-written projects are labelled)."""
    both = [*old, *fresh]

    def objective(params: Params) -> float:
        value = score(texts_only(topics, both, params, **options))
        value += score(leave_one_out(topics, both, params, **options))
        if fresh:
            value += score(leave_one_out(topics, old, params, **options))
        return value

    return objective
