"""Topic-area suggestions for project descriptions.

A small, explainable model per published edition:

- Every topic area is a weighted bag of index terms (`clusterwerk.core.text`: stems, compound
  parts, synonym keys) from its title and keywords (weighted highest), its goal, its key point
  and its longer texts. A description is scored against them with BM25 (inverse document
  frequency over the topic areas, saturated and length-normalised term frequency).
- Labelled examples – the projects already assigned to topic areas, which the projects app
  hands in through `register_label_source` – vote: the description's nearest labelled
  examples (TF-IDF cosine) vote for their topic areas, the primary one with full weight. The
  more examples are labelled, the more the vote counts.
- The two parts are combined per topic area and turned into a share (softmax) as the score.

Reasons name the description's words that carried the match and, when labelled projects
voted, "aus N ähnlichen Projekten". Everything is deterministic; ties break by number.
The model is cached per cluster and rebuilt when the edition's topic areas or the labelled
examples change (cheap fingerprint queries decide).
"""

import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from clusterwerk.core.text import (
    index_terms,
    is_synonym_key,
    normalize_token,
    split_compound,
    stem,
    term_counts,
)

# Field weights of a topic area's texts.
FIELD_WEIGHTS = {
    "title": 3.0,
    "keywords": 3.0,
    "goal": 2.0,
    "key_point": 1.0,
    "description": 1.0,
    "relevance": 0.7,
    "potential": 0.7,
}
# Weight of a labelled project's words in its topic area (primary; secondary by its vote).
PROJECT_FIELD_WEIGHT = 0.1
BM25_K1 = 1.2
BM25_B = 0.5
# Nearest labelled projects that vote, and the least similarity for a vote.
NEIGHBOURS = 5
MIN_SIMILARITY = 0.25
PRIMARY_VOTE = 1.0
SECONDARY_VOTE = 0.5
# The vote's share of the combined score grows with the similarity of the nearest labelled
# project and with the number of labelled projects:
# min(MAX_VOTE_SHARE, VOTE_WEIGHT * similarity) * n / (n + 1).
VOTE_WEIGHT = 1.5
MAX_VOTE_SHARE = 0.75
# Softmax temperature that turns combined scores (0..1) into shares.
TEMPERATURE = 0.2
# A term is given as a reason when it carries at least this share of a topic's text score.
MIN_REASON_SHARE = 0.08
MAX_TERM_REASONS = 5

_WORD_RE = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*")


class NoPublishedEdition(Exception):
    """The cluster has no published masterplan edition to classify against."""

    def __init__(self, cluster=None):
        name = getattr(cluster, "name", None) or "Dieses Cluster"
        super().__init__(
            f"{name} hat keine veröffentlichte Masterplan-Ausgabe; "
            "Themenbereiche können nicht vorgeschlagen werden."
        )


@dataclass(frozen=True)
class TopicSuggestion:
    number: str
    title: str
    lineage: str
    score: float
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "score": self.score,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class TopicText:
    """One topic area's texts, as the model reads them."""

    number: str
    title: str
    lineage: str
    fields: dict[str, str]  # field name (see FIELD_WEIGHTS) → text


@dataclass(frozen=True)
class LabelledExample:
    """A project assigned to topic areas: its text and lineage → vote weight."""

    key: object  # project id (or evaluation index)
    text: str
    votes: dict[str, float]


def _number_key(number: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in number.split("."))


def _dampened(count: float) -> float:
    return 1 + math.log(count) if count >= 1 else count


class TopicModel:
    """BM25 over the topic texts plus a nearest-neighbour vote of labelled projects."""

    def __init__(self, topics: Sequence[TopicText], examples: Sequence[LabelledExample] = ()):
        self.topics = sorted(topics, key=lambda topic: _number_key(topic.number))
        self.examples = [e for e in examples if e.text.strip() and e.votes]
        self.example_counts = [term_counts(example.text) for example in self.examples]
        self._build_topic_index()
        self._build_examples()

    # --- Building ----------------------------------------------------------------------

    def _build_topic_index(self) -> None:
        self.topic_tf: list[dict[str, float]] = []
        self.topic_length: list[float] = []
        surfaces: dict[str, Counter] = defaultdict(Counter)
        for topic in self.topics:
            weighted: Counter[str] = Counter()
            for name, text in topic.fields.items():
                if not text:
                    continue
                weight = FIELD_WEIGHTS.get(name, 1.0)
                for term, count in term_counts(text).items():
                    weighted[term] += weight * count
                for word in _WORD_RE.findall(text):
                    surfaces[stem(word)][word] += 1
            self.topic_tf.append(weighted)
        # Labelled projects add their words to their topic areas (the "projects" field).
        position = {topic.lineage: index for index, topic in enumerate(self.topics)}
        self.example_deltas: list[dict[int, float]] = []
        for example, counts in zip(self.examples, self.example_counts, strict=True):
            deltas = {}
            for lineage, vote in example.votes.items():
                if lineage in position:
                    deltas[position[lineage]] = vote * PROJECT_FIELD_WEIGHT
                    self.topic_tf[position[lineage]].update(
                        {
                            term: vote * PROJECT_FIELD_WEIGHT * count
                            for term, count in counts.items()
                        }
                    )
            self.example_deltas.append(deltas)
        self.topic_tf = [dict(tf) for tf in self.topic_tf]
        self.topic_length = [sum(tf.values()) for tf in self.topic_tf]
        self.document_frequency: Counter[str] = Counter()
        for tf in self.topic_tf:
            self.document_frequency.update(tf.keys())
        # The readable word for a stem: its most frequent spelling, the shortest on a tie.
        self.topic_surface = {
            term: min(words.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0]
            for term, words in surfaces.items()
        }

    def _build_examples(self) -> None:
        counts = self.example_counts
        document_frequency: Counter[str] = Counter()
        for example_counts in counts:
            document_frequency.update(example_counts.keys())
        total = len(self.examples)
        self.example_idf = {
            term: math.log(1 + total / df) for term, df in document_frequency.items()
        }
        self.example_vectors = [self._example_vector(c) for c in counts]
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, vector in enumerate(self.example_vectors):
            for term, weight in vector.items():
                self.postings[term].append((index, weight))

    def _example_vector(self, counts: Counter[str]) -> dict[str, float]:
        vector = {
            term: _dampened(count) * self.example_idf[term]
            for term, count in counts.items()
            if term in self.example_idf
        }
        norm = math.sqrt(sum(weight * weight for weight in vector.values())) or 1.0
        return {term: weight / norm for term, weight in vector.items()}

    # --- Scoring -----------------------------------------------------------------------

    def _without(self, excluded: set[int]) -> tuple[list[dict[str, float]], list[float], Counter]:
        """Topic term frequencies, lengths and document frequencies without the words of
        the excluded labelled examples (exactly as if they had never been labelled)."""
        if not excluded:
            return self.topic_tf, self.topic_length, self.document_frequency
        topic_tf = list(self.topic_tf)
        document_frequency = Counter(self.document_frequency)
        changed: dict[int, dict[str, float]] = {}
        for index in excluded:
            for position, weight in self.example_deltas[index].items():
                tf = changed.setdefault(position, dict(topic_tf[position]))
                for term, count in self.example_counts[index].items():
                    tf[term] -= weight * count
        for position, tf in changed.items():
            for term in [term for term, value in tf.items() if value <= 1e-9]:
                del tf[term]
                document_frequency[term] -= 1
            topic_tf[position] = tf
        lengths = list(self.topic_length)
        for position, tf in changed.items():
            lengths[position] = sum(tf.values())
        return topic_tf, lengths, document_frequency

    def _text_scores(
        self, query: Counter[str], excluded: set[int]
    ) -> tuple[list[float], list[dict[str, float]]]:
        topic_tf, lengths, document_frequency = self._without(excluded)
        count = len(self.topics)
        average_length = (sum(lengths) / count) or 1.0
        idf = {
            term: math.log(1 + (count - df + 0.5) / (df + 0.5))
            for term in query
            if (df := document_frequency.get(term, 0)) > 0
        }
        scores = []
        contributions = []
        for tf, length in zip(topic_tf, lengths, strict=True):
            norm = BM25_K1 * (1 - BM25_B + BM25_B * length / average_length)
            parts = {}
            for term, count in query.items():
                frequency = tf.get(term)
                if not frequency:
                    continue
                saturation = frequency * (BM25_K1 + 1) / (frequency + norm)
                parts[term] = _dampened(count) * idf[term] * saturation
            scores.append(sum(parts.values()))
            contributions.append(parts)
        return scores, contributions

    def _neighbour_votes(
        self, query: Counter[str], excluded: set[int]
    ) -> tuple[dict[str, float], dict[str, int], float]:
        """Votes of the nearest labelled projects per lineage, how many voted, and the
        similarity of the nearest one."""
        if not self.examples:
            return {}, {}, 0.0
        vector = self._example_vector(query)
        similarity: Counter[int] = Counter()
        for term, weight in vector.items():
            for index, example_weight in self.postings.get(term, ()):
                similarity[index] += weight * example_weight
        neighbours = sorted(
            (
                (value, index)
                for index, value in similarity.items()
                if value >= MIN_SIMILARITY and index not in excluded
            ),
            key=lambda item: (-item[0], item[1]),
        )[:NEIGHBOURS]
        votes: dict[str, float] = defaultdict(float)
        voters: dict[str, int] = defaultdict(int)
        for value, index in neighbours:
            for lineage, weight in self.examples[index].votes.items():
                votes[lineage] += value * weight
                voters[lineage] += 1
        return votes, voters, (neighbours[0][0] if neighbours else 0.0)

    def vote_share(self, similarity: float, excluded: int = 0) -> float:
        labelled = max(0, len(self.examples) - excluded)
        return min(MAX_VOTE_SHARE, VOTE_WEIGHT * similarity) * labelled / (labelled + 1)

    def suggest(
        self, text: str, *, limit: int = 3, exclude: Iterable[object] = ()
    ) -> list[TopicSuggestion]:
        """The `limit` best topic areas for the text; labelled examples whose key is in
        `exclude` do not vote (leave-one-out, or the project being edited)."""
        if not text or not text.strip() or not self.topics or limit <= 0:
            return []
        exclude = set(exclude)
        excluded = {i for i, example in enumerate(self.examples) if example.key in exclude}
        query = term_counts(text)
        text_scores, contributions = self._text_scores(query, excluded)
        votes, voters, nearest = self._neighbour_votes(query, excluded)
        best_text = max(text_scores)
        best_vote = max(votes.values(), default=0.0)
        if best_text <= 0 and best_vote <= 0:
            return []
        share = self.vote_share(nearest, len(excluded)) if best_vote > 0 else 0.0
        if best_text <= 0:
            share = 1.0
        combined = []
        for index, topic in enumerate(self.topics):
            text_part = text_scores[index] / best_text if best_text > 0 else 0.0
            vote_part = votes.get(topic.lineage, 0.0) / best_vote if best_vote > 0 else 0.0
            combined.append((1 - share) * text_part + share * vote_part)
        top = max(combined)
        exponents = [math.exp((value - top) / TEMPERATURE) for value in combined]
        total = sum(exponents)
        order = sorted(
            range(len(self.topics)),
            key=lambda i: (-combined[i], _number_key(self.topics[i].number)),
        )
        surfaces = _query_surfaces(text)
        suggestions = []
        for index in order[:limit]:
            if combined[index] <= 0:
                break
            topic = self.topics[index]
            reasons = self._term_reasons(contributions[index], text_scores[index], surfaces)
            voter_count = voters.get(topic.lineage, 0)
            if voter_count:
                noun = "ähnlichen Projekt" if voter_count == 1 else "ähnlichen Projekten"
                reasons.append(f"aus {voter_count} {noun}")
            suggestions.append(
                TopicSuggestion(
                    number=topic.number,
                    title=topic.title,
                    lineage=topic.lineage,
                    score=round(exponents[index] / total, 2),
                    reasons=reasons,
                )
            )
        return suggestions

    # --- Reasons -----------------------------------------------------------------------

    def _term_reasons(
        self, parts: dict[str, float], score: float, surfaces: dict[str, list[str]]
    ) -> list[str]:
        if score <= 0:
            return []
        reasons: list[str] = []
        seen: set[str] = set()
        for term, value in sorted(parts.items(), key=lambda item: (-item[1], item[0])):
            if value < MIN_REASON_SHARE * score or len(reasons) >= MAX_TERM_REASONS:
                break
            label = self._readable(term, surfaces)
            if label and label.casefold() not in seen:
                seen.add(label.casefold())
                reasons.append(label)
        return reasons

    def _readable(self, term: str, surfaces: dict[str, list[str]]) -> str | None:
        """The description's own word when it stems to the term, else the masterplan's word
        for it (a compound part), else the description's shortest word holding it."""
        candidates = surfaces.get(term, [])
        if is_synonym_key(term):
            return min(candidates, key=len) if candidates else None
        for word in candidates:
            if stem(word) == term:
                return word
        for word in candidates:
            part = _compound_part(word, term)
            if part:
                return part
        if term in self.topic_surface:
            return self.topic_surface[term]
        return min(candidates, key=len) if candidates else None


def _compound_part(word: str, term: str) -> str | None:
    """The part of a compound as written ("Verbundausbildung", "verbund" → "Verbund")."""
    for part in split_compound(word):
        if stem(part) != term:
            continue
        # Normalised position → original position, character by character (ß → ss).
        folded, origin = "", []
        for position, char in enumerate(word):
            piece = normalize_token(char)
            folded += piece
            origin.extend([position] * len(piece))
        start = folded.find(part)
        if start < 0:
            return None
        end = start + len(part)
        written = word[origin[start] : origin[end - 1] + 1]
        return written[:1].upper() + written[1:]
    return None


def _query_surfaces(text: str) -> dict[str, list[str]]:
    """Index term → the words (and up to three-word phrases, for synonyms) that yield it."""
    surfaces: dict[str, list[str]] = defaultdict(list)
    words = _WORD_RE.findall(text)
    for word in words:
        for term in index_terms(word):
            if word not in surfaces[term]:
                surfaces[term].append(word)
    for size in (2, 3):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            for term in index_terms(phrase):
                if is_synonym_key(term) and phrase not in surfaces[term]:
                    surfaces[term].append(phrase)
    return surfaces


# --- Django side ------------------------------------------------------------------------


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

    areas = TopicArea.objects.filter(edition=edition).select_related("key_point")
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
