"""k-fold cross-validation of the engine's constants over evaluation needs.

The constants (a `Setting`: name → value) are chosen from a grid. Every need is scored once
per setting (`score_table`: setting → need id → nDCG@5); then, for each fold, the setting
with the best mean on the other folds is chosen and the fold's needs are scored with it. The
cross-validated figure is the mean over all needs of these held-out scores: no need is ever
scored with constants chosen by looking at it. The final constants are those with the best
mean on all needs. Folds are fixed by a hash of the need's id (stable, independent of the
order of the files); ties between settings go to the earlier one in the grid.
"""

import hashlib
import itertools
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

Setting = tuple[tuple[str, float], ...]


def grid(values: dict[str, Sequence[float]]) -> list[Setting]:
    """Every combination of the values, in a fixed order (names sorted, values as given)."""
    names = sorted(values)
    return [
        tuple(zip(names, combination, strict=True))
        for combination in itertools.product(*(values[name] for name in names))
    ]


def fold_of(need_id: str, k: int) -> int:
    digest = hashlib.sha256(need_id.encode()).hexdigest()
    return int(digest, 16) % k


def folds(need_ids: Iterable[str], k: int) -> list[list[str]]:
    """The needs split into k folds by a hash of their ids."""
    parts: list[list[str]] = [[] for _ in range(k)]
    for need_id in sorted(need_ids):
        parts[fold_of(need_id, k)].append(need_id)
    return parts


def _mean(table: dict[str, float], ids: Sequence[str]) -> float:
    return statistics.fmean(table[need_id] for need_id in ids) if ids else 0.0


def best_setting(
    table: dict[Setting, dict[str, float]], ids: Sequence[str], settings: Sequence[Setting]
) -> Setting:
    """The setting with the best mean over the needs (the first in grid order on ties)."""
    return max(
        settings,
        key=lambda setting: (round(_mean(table[setting], ids), 9), -settings.index(setting)),
    )


@dataclass(frozen=True)
class CrossValidation:
    held_out: dict[str, float]  # need id → its score with constants chosen on other folds
    chosen: list[Setting]  # per fold
    final: Setting  # chosen on all needs
    final_score: float  # the final setting's mean on all needs (not a held-out figure)

    def mean(self, ids: Sequence[str] | None = None) -> float:
        ids = list(self.held_out) if ids is None else list(ids)
        return _mean(self.held_out, ids)


def cross_validate(
    table: dict[Setting, dict[str, float]], need_ids: Sequence[str], k: int
) -> CrossValidation:
    settings = list(table)
    held_out: dict[str, float] = {}
    chosen = []
    for fold in folds(need_ids, k):
        training = [need_id for need_id in need_ids if need_id not in set(fold)]
        setting = best_setting(table, training, settings)
        chosen.append(setting)
        for need_id in fold:
            held_out[need_id] = table[setting][need_id]
    final = best_setting(table, list(need_ids), settings)
    return CrossValidation(held_out, chosen, final, _mean(table[final], list(need_ids)))


def score_table(
    settings: Sequence[Setting], score: Callable[[Setting], dict[str, float]]
) -> dict[Setting, dict[str, float]]:
    """Per setting the per-need scores (`score` applies the setting and ranks every need)."""
    return {setting: score(setting) for setting in settings}


def coordinate_search(
    values: dict[str, Sequence[float]],
    start: dict[str, float],
    score: Callable[[Setting], dict[str, float]],
    ids: Sequence[str],
    *,
    rounds: int = 3,
) -> Setting:
    """The setting found by coordinate ascent on the mean over `ids`: from `start`, each
    constant in turn takes its best value with the others fixed, until a round changes
    nothing (at most `rounds`). Ties keep the current value, then the earlier one."""
    current = dict(start)
    names = sorted(values)

    def mean_of(candidate: dict[str, float]) -> float:
        return round(_mean(score(_setting(candidate)), ids), 9)

    for _round in range(rounds):
        changed = False
        for name in names:
            best_value, best_mean = current[name], mean_of(current)
            for value in values[name]:
                trial = {**current, name: value}
                trial_mean = mean_of(trial)
                if trial_mean > best_mean:
                    best_value, best_mean = value, trial_mean
            if best_value != current[name]:
                current[name] = best_value
                changed = True
        if not changed:
            break
    return _setting(current)


def _setting(values: dict[str, float]) -> Setting:
    return tuple(sorted(values.items()))


def cross_validate_search(
    values: dict[str, Sequence[float]],
    start: dict[str, float],
    score: Callable[[Setting], dict[str, float]],
    need_ids: Sequence[str],
    k: int,
) -> CrossValidation:
    """Like `cross_validate`, with `coordinate_search` as the choice on the training folds
    (each fold's search sees only the other folds' needs); `score` should remember what it
    computed (the folds' searches share most settings)."""
    held_out: dict[str, float] = {}
    chosen = []
    for fold in folds(need_ids, k):
        excluded = set(fold)
        training = [need_id for need_id in need_ids if need_id not in excluded]
        setting = coordinate_search(values, start, score, training)
        chosen.append(setting)
        scores = score(setting)
        for need_id in fold:
            held_out[need_id] = scores[need_id]
    final = coordinate_search(values, start, score, list(need_ids))
    return CrossValidation(held_out, chosen, final, _mean(score(final), list(need_ids)))
