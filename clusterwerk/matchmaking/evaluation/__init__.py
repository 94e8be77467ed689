"""The evaluation set of the matching engine and the texts it is scored against.

`needs.json` holds needs written for this purpose in the words of small metal and craft
businesses, each with the real institutions of the actor reference data
(`clusterwerk/actors/reference_data/institutions_metall_2020.json`, by `external_id`) that
fit it: 2 = the right partner, 1 = also fitting. The metrics are in `metrics.py`, the plain
BM25 baseline in `baseline.py`.
"""

import json
from dataclasses import dataclass
from pathlib import Path

EVALUATION_FILE = Path(__file__).resolve().parent / "needs.json"
# Written by others after the engine's first tuning, frozen (its hash in docs/benchmarks.md).
FRESH_EVALUATION_FILE = Path(__file__).resolve().parent / "needs_fresh.json"
EVALUATION_SETS = {"old": EVALUATION_FILE, "fresh": FRESH_EVALUATION_FILE}


@dataclass(frozen=True)
class EvaluationNeed:
    id: str
    text: str
    listing_kind: str
    relevant: dict[str, int]  # external_id → grade (2 the right partner, 1 also fitting)


def load_needs(path: Path = EVALUATION_FILE) -> list[EvaluationNeed]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        EvaluationNeed(
            id=item["id"],
            text=item["text"],
            listing_kind=item.get("listing_kind", ""),
            relevant={key: int(grade) for key, grade in item["relevant"].items()},
        )
        for item in data["needs"]
    ]


def actor_texts() -> dict[str, str]:
    """external_id → everything the engine indexes of a published actor with an external id
    (name, short name, description, place, district, competences): the baseline's documents."""
    from clusterwerk.matchmaking.engine import published_actors

    actors = (
        published_actors()
        .filter(external_id__isnull=False)
        .select_related("district")
        .prefetch_related("competences")
        .order_by("pk")
    )
    return {
        actor.external_id: " ".join(
            part
            for part in (
                actor.name,
                actor.short_name,
                actor.description,
                actor.municipality,
                actor.district.name if actor.district_id else "",
                *_competence_texts(actor.competences.all()),
            )
            if part
        )
        for actor in actors
    }


def _competence_texts(competences) -> list[str]:
    """Each competence's text, description and keywords (what the directory indexes of it)."""
    texts = []
    for competence in competences:
        texts += [competence.text, competence.description, ", ".join(competence.keywords or [])]
    return texts
