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
