"""Topic-area suggestions for project descriptions.

A small, explainable model per published edition (`model.TopicModel`):

- Every topic area is a weighted bag of index terms (`clusterwerk.core.text`: stems, compound
  parts, synonym keys) from its title and keywords (weighted highest), its goal, its key point
  and its longer texts (Erläuterung, Relevanz, Potenzial), and the context it shares with its
  siblings (the Eckpunkt's introduction, the Handlungsfeld). A description is scored against
  them with BM25; a share of the mean score of the Eckpunkt's topic areas smooths it.
- A project vocabulary per topic area (`vocabulary`, data/topic_terms_2020.txt): the words
  projects use and the masterplan lacks, weighed as one more field.
- The problem → competence thesaurus (`clusterwerk.core.thesaurus`) names topic areas for
  problems the description mentions (its grounding): they get a share of the score, and the
  entry's competences join the description's terms (`hints`).
- Labelled examples – the projects already assigned to topic areas, which the projects app
  hands in through `register_label_source` – vote: the description's nearest labelled
  examples (TF-IDF cosine) vote for their topic areas, the primary one with full weight. The
  more examples are labelled, the more the vote counts.
- The parts are combined per topic area and turned into a share (softmax) as the score.

Every constant is a field of `model.Params`; the defaults were chosen by cross-validation on
the evaluation sets (`clusterwerk.projects.evaluation.tuning`, docs/benchmarks.md).

Reasons name the description's words that carried the match, the thesaurus problems and,
when labelled projects voted, "aus N ähnlichen Projekten". Everything is deterministic; ties
break by number. The model is cached per cluster and rebuilt when the edition's topic areas
or the labelled examples change (cheap fingerprint queries decide).
"""

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from clusterwerk.masterplan.classify.hints import Hint, grounding_numbers, thesaurus_hints
from clusterwerk.masterplan.classify.model import (
    DEFAULT_PARAMS,
    FIELD_WEIGHTS,
    PRIMARY_VOTE,
    SECONDARY_VOTE,
    LabelledExample,
    Params,
    TopicModel,
    TopicSuggestion,
    TopicText,
    _number_key,
)
from clusterwerk.masterplan.classify.vocabulary import vocabulary_text

__all__ = [
    "DEFAULT_PARAMS",
    "FIELD_WEIGHTS",
    "PRIMARY_VOTE",
    "SECONDARY_VOTE",
    "Hint",
    "LabelSource",
    "LabelledExample",
    "NoPublishedEdition",
    "Params",
    "TopicModel",
    "TopicSuggestion",
    "TopicText",
    "_number_key",
    "clear_cache",
    "get_topic_model",
    "grounding_numbers",
    "labelled_examples",
    "register_label_source",
    "suggest_topic_areas",
    "thesaurus_hints",
    "topic_texts",
]


class NoPublishedEdition(Exception):
    """The cluster has no published masterplan edition to classify against."""

    def __init__(self, cluster=None):
        name = getattr(cluster, "name", None) or "Dieses Cluster"
        super().__init__(
            f"{name} hat keine veröffentlichte Masterplan-Ausgabe; "
            "Themenbereiche können nicht vorgeschlagen werden."
        )


@dataclass(frozen=True)
class LabelSource:
    """Where labelled examples come from: an app above this floor (the projects) registers
    one in its `AppConfig.ready`, so the classifier learns from what the cluster has tagged
    without this floor importing that app. `fingerprint` is one cheap query that changes
    whenever the labels change; `examples` returns them for the given topic lineages."""

    name: str
    fingerprint: Callable[[object], tuple]
    examples: Callable[[object, set[str]], list[LabelledExample]]


_label_sources: dict[str, LabelSource] = {}
_cache: dict[object, tuple[tuple, TopicModel]] = {}
_cache_lock = threading.Lock()


def register_label_source(source: LabelSource) -> None:
    with _cache_lock:
        _label_sources[source.name] = source
        _cache.clear()


def topic_texts(edition) -> list[TopicText]:
    from clusterwerk.masterplan.models import TopicArea

    areas = TopicArea.objects.filter(edition=edition).select_related(
        "key_point", "key_point__action_field"
    )
    return [
        TopicText(
            number=area.number,
            title=area.title,
            lineage=str(area.lineage),
            fields={
                "title": area.title,
                "keywords": ", ".join(area.keywords or []),
                "goal": area.goal,
                "key_point": area.key_point.title,
                "description": area.description,
                "relevance": area.relevance,
                "potential": area.potential,
                "key_point_intro": area.key_point.intro,
                "action_field": (
                    f"{area.key_point.action_field.title}. {area.key_point.action_field.intro}"
                ),
                "vocabulary": vocabulary_text(area.number),
            },
        )
        for area in areas
    ]


def labelled_examples(cluster, lineages: Iterable[str]) -> list[LabelledExample]:
    """The labelled examples of every registered source for the given topic lineages."""
    known = set(lineages)
    examples: list[LabelledExample] = []
    for name in sorted(_label_sources):
        examples.extend(_label_sources[name].examples(cluster, known))
    return examples


def _fingerprint(cluster, edition) -> tuple:
    from django.db.models import Count, Max

    from clusterwerk.masterplan.models import TopicArea

    topics = TopicArea.objects.filter(edition=edition).aggregate(
        count=Count("id"), changed=Max("updated_at")
    )
    labels = tuple(
        (name, _label_sources[name].fingerprint(cluster)) for name in sorted(_label_sources)
    )
    return (edition.pk, edition.updated_at, topics["count"], topics["changed"], labels)


def get_topic_model(cluster, edition=None) -> TopicModel:
    """The cached model of the cluster's published edition (rebuilt when it changed)."""
    from clusterwerk.masterplan.queries import get_published_edition

    edition = edition or get_published_edition(cluster)
    if edition is None:
        raise NoPublishedEdition(cluster)
    fingerprint = _fingerprint(cluster, edition)
    with _cache_lock:
        cached = _cache.get(cluster.pk)
        if cached and cached[0] == fingerprint:
            return cached[1]
    topics = topic_texts(edition)
    model = TopicModel(topics, labelled_examples(cluster, (t.lineage for t in topics)))
    with _cache_lock:
        _cache[cluster.pk] = (fingerprint, model)
    return model


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def suggest_topic_areas(
    text: str, *, cluster, limit: int = 3, exclude_project: int | None = None
) -> list[TopicSuggestion]:
    """Up to `limit` topic areas of the cluster's published edition for a project
    description, best first. [] for an empty text; `NoPublishedEdition` without an edition.
    `exclude_project` keeps a labelled project (the one being edited) from voting."""
    if not text or not text.strip():
        return []
    model = get_topic_model(cluster)
    exclude = [exclude_project] if exclude_project is not None else []
    return model.suggest(text, limit=limit, exclude=exclude)
