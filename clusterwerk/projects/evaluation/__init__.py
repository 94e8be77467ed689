"""The evaluation sets of the topic-area suggestion and the helpers that score it.

`topic_projects.json` holds project descriptions written for this purpose, each with its
correct primary topic area of the 2020 masterplan and optionally acceptable secondary ones.
`topic_projects_fresh.json` (frozen) holds real Brandenburg/Berlin project descriptions of
others, paraphrased, labelled the same way. `tuning` cross-validates the model on them.
"""

import json
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

EVALUATION_FILE = Path(__file__).resolve().parent / "topic_projects.json"
FRESH_FILE = EVALUATION_FILE.with_name("topic_projects_fresh.json")


@dataclass(frozen=True)
class EvaluationItem:
    id: str
    title: str
    text: str
    primary: str
    secondary: tuple[str, ...]

    @property
    def full_text(self) -> str:
        return f"{self.title}. {self.text}"


def load_evaluation_set(path: Path = EVALUATION_FILE) -> list[EvaluationItem]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        EvaluationItem(
            id=item["id"],
            title=item["title"],
            text=item["text"],
            primary=item["primary"],
            secondary=tuple(item.get("secondary", ())),
        )
        for item in data["items"]
    ]


@dataclass
class EvaluationResult:
    total: int
    top1: int
    top3: int
    durations: list[float]
    misses: list[tuple[str, str, list[str]]]  # id, expected, suggested numbers

    @property
    def top1_accuracy(self) -> float:
        return self.top1 / self.total if self.total else 0.0

    @property
    def top3_accuracy(self) -> float:
        return self.top3 / self.total if self.total else 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.durations) * 1000 if self.durations else 0.0

    @property
    def p95_ms(self) -> float:
        if not self.durations:
            return 0.0
        ordered = sorted(self.durations)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


def evaluate(
    items: Sequence[EvaluationItem], suggest: Callable[[EvaluationItem], list[str]]
) -> EvaluationResult:
    """Top-1 and top-3 hits of the primary number; `suggest` returns numbers, best first."""
    top1 = top3 = 0
    durations = []
    misses = []
    for item in items:
        start = time.perf_counter()
        numbers = suggest(item)
        durations.append(time.perf_counter() - start)
        if numbers[:1] == [item.primary]:
            top1 += 1
        if item.primary in numbers[:3]:
            top3 += 1
        else:
            misses.append((item.id, item.primary, numbers[:3]))
    return EvaluationResult(len(items), top1, top3, durations, misses)
