"""The topic model: BM25 over the topic texts, a vote of labelled projects, thesaurus hints.

Pure Python, no Django: `clusterwerk.masterplan.classify` builds it from the database. Every
constant is a field of `Params`; `DEFAULT_PARAMS` holds the values chosen by cross-validation
(see `clusterwerk.projects.evaluation.tuning` and docs/benchmarks.md).
"""

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from clusterwerk.core.text import stem, term_counts
from clusterwerk.masterplan.classify.hints import Hint, thesaurus_hints
from clusterwerk.masterplan.classify.reasons import WORD_RE, query_surfaces, readable

# Vote of a labelled project for its primary and for each secondary topic area.
PRIMARY_VOTE = 1.0
SECONDARY_VOTE = 0.5

# Field weights of a topic area's texts. "key_point_intro" and "action_field" are the
# Eckpunkt's introduction and the Handlungsfeld's title and introduction: context shared by
# the sibling topic areas; "vocabulary" the words projects use (`vocabulary`).
FIELD_WEIGHTS = {
    "title": 1.0,
    "keywords": 4.0,
    "goal": 2.0,
    "key_point": 1.0,
    "description": 0.7,
    "relevance": 0.3,
    "potential": 0.3,
    "key_point_intro": 0.0,
    "action_field": 0.0,
    "vocabulary": 0.5,
}


@dataclass(frozen=True)
class Params:
    """The model's constants (defaults: see DEFAULT_PARAMS)."""

    field_weights: dict[str, float] = field(default_factory=lambda: dict(FIELD_WEIGHTS))
    # Weight of a labelled project's words in its topic area's text (times its vote).
    project_field_weight: float = 0.1
    bm25_k1: float = 1.6
    bm25_b: float = 0.9
    # Nearest labelled projects that vote, and the least similarity for a vote.
    neighbours: int = 5
    min_similarity: float = 0.25
    # The vote's share of the combined score grows with the similarity of the nearest
    # labelled project and with their number n: min(max_vote_share, vote_weight * sim) *
    # n / (n + 1).
    vote_weight: float = 1.5
    max_vote_share: float = 0.75
    # Share of the mean text score of the sibling topic areas (same Eckpunkt).
    key_point_weight: float = 0.2
    # Share of the thesaurus hints (topic areas named in a matched entry's grounding) and the
    # weight of the entry's target competences added to the description's terms.
    hint_weight: float = 0.05
    expansion_weight: float = 0.0
    # Share of the mean similarity to each topic area's labelled projects (all of them, not
    # only the nearest), and how much the terms common in labelled projects ("Projekt",
    # "Unternehmen") are damped: weight * (idf among the projects / its maximum) ** damping.
    centroid_weight: float = 0.1
    generic_damping: float = 0.0
    # Extra weight of the terms of the description's lead (its title or first sentence).
    lead_weight: float = 0.0
    # Softmax temperature that turns combined scores (0..1) into shares.
    temperature: float = 0.2

    def replace(self, **changes) -> "Params":
        return replace(self, **changes)

    def with_field(self, name: str, weight: float) -> "Params":
        return replace(self, field_weights={**self.field_weights, name: weight})


DEFAULT_PARAMS = Params()

# A term is given as a reason when it carries at least this share of a topic's text score.
MIN_REASON_SHARE = 0.08
MAX_TERM_REASONS = 5
# Where a description's lead ends: a sentence end followed by a blank, or a line break.
_LEAD_RE = re.compile(r"(?<=[.!?])\s+|\n")
# Weight of the first topic area a thesaurus entry names, and of each further one.
FIRST_HINT = 1.0
FURTHER_HINT = 0.5


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


@lru_cache(maxsize=4096)
def _cached_counts(text: str) -> Counter[str]:
    # Shared between models (tuning builds many over the same texts): never mutate the result.
    return term_counts(text)


def _parent(number: str) -> str:
    return number.rsplit(".", 1)[0]


class TopicModel:
    """BM25 over the topic texts plus a nearest-neighbour vote of labelled projects and the
    topic areas the thesaurus names for problems in the description."""

    def __init__(
        self,
        topics: Sequence[TopicText],
        examples: Sequence[LabelledExample] = (),
        *,
        params: Params = DEFAULT_PARAMS,
        hints: Callable[[str], list[Hint]] | None = thesaurus_hints,
    ):
        self.params = params
        self.hints = hints
        self.topics = sorted(topics, key=lambda topic: _number_key(topic.number))
        self.examples = [e for e in examples if e.text.strip() and e.votes]
        self.example_counts = [_cached_counts(example.text) for example in self.examples]
        self.position = {topic.number: index for index, topic in enumerate(self.topics)}
        groups: dict[str, list[int]] = defaultdict(list)
        for index, topic in enumerate(self.topics):
            groups[_parent(topic.number)].append(index)
        self.siblings = [groups[_parent(topic.number)] for topic in self.topics]
        self._build_topic_index()
        self._build_examples()

    # --- Building ----------------------------------------------------------------------

    def _build_topic_index(self) -> None:
        weights = self.params.field_weights
        topic_tf: list[Counter[str]] = []
        surfaces: dict[str, Counter] = defaultdict(Counter)
        for topic in self.topics:
            weighted: Counter[str] = Counter()
            for name, text in topic.fields.items():
                weight = weights.get(name, 1.0)
                if not text or weight <= 0:
                    continue
                for term, count in _cached_counts(text).items():
                    weighted[term] += weight * count
                if name not in ("key_point_intro", "action_field"):
                    for word, count in _surface_words(text).items():
                        surfaces[word[0]][word[1]] += count
            topic_tf.append(weighted)
        # Labelled projects add their words to their topic areas (the "projects" field).
        position = {topic.lineage: index for index, topic in enumerate(self.topics)}
        project_weight = self.params.project_field_weight
        self.example_deltas: list[dict[int, float]] = []
        for example, counts in zip(self.examples, self.example_counts, strict=True):
            deltas = {}
            for lineage, vote in example.votes.items():
                if lineage in position and project_weight > 0:
                    deltas[position[lineage]] = vote * project_weight
                    topic_tf[position[lineage]].update(
                        {term: vote * project_weight * count for term, count in counts.items()}
                    )
            self.example_deltas.append(deltas)
        self.topic_tf = [dict(tf) for tf in topic_tf]
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
        document_frequency: Counter[str] = Counter()
        for example_counts in self.example_counts:
            document_frequency.update(example_counts.keys())
        total = len(self.examples)
        self.example_df = document_frequency
        self.lineage_mass: dict[str, float] = defaultdict(float)
        for example in self.examples:
            for lineage, vote in example.votes.items():
                self.lineage_mass[lineage] += vote
        self.example_idf = {
            term: math.log(1 + total / df) for term, df in document_frequency.items()
        }
        self.example_vectors = [self._example_vector(c) for c in self.example_counts]
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
        if not excluded or not any(self.example_deltas[index] for index in excluded):
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
        self, query: dict[str, float], excluded: set[int]
    ) -> tuple[list[float], list[dict[str, float]]]:
        topic_tf, lengths, document_frequency = self._without(excluded)
        k1, b = self.params.bm25_k1, self.params.bm25_b
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
            norm = k1 * (1 - b + b * length / average_length)
            parts = {}
            for term, weight in query.items():
                frequency = tf.get(term)
                if not frequency:
                    continue
                saturation = frequency * (k1 + 1) / (frequency + norm)
                parts[term] = weight * idf[term] * saturation
            scores.append(sum(parts.values()))
            contributions.append(parts)
        return scores, contributions

    def _neighbour_votes(
        self, query: Counter[str], excluded: set[int]
    ) -> tuple[dict[str, float], dict[str, int], float, dict[str, float]]:
        """Votes of the nearest labelled projects per lineage, how many voted, the
        similarity of the nearest one, and the mean similarity per lineage."""
        if not self.examples:
            return {}, {}, 0.0, {}
        vector = self._example_vector(query)
        similarity: Counter[int] = Counter()
        for term, weight in vector.items():
            for index, example_weight in self.postings.get(term, ()):
                similarity[index] += weight * example_weight
        neighbours = sorted(
            (
                (value, index)
                for index, value in similarity.items()
                if value >= self.params.min_similarity and index not in excluded
            ),
            key=lambda item: (-item[0], item[1]),
        )[: self.params.neighbours]
        votes: dict[str, float] = defaultdict(float)
        voters: dict[str, int] = defaultdict(int)
        for value, index in neighbours:
            for lineage, weight in self.examples[index].votes.items():
                votes[lineage] += value * weight
                voters[lineage] += 1
        mean: dict[str, float] = defaultdict(float)
        if self.params.centroid_weight > 0:
            mass = dict(self.lineage_mass)
            for index in excluded:
                for lineage, weight in self.examples[index].votes.items():
                    mass[lineage] -= weight
            for index, value in similarity.items():
                if index not in excluded:
                    for lineage, weight in self.examples[index].votes.items():
                        mean[lineage] += value * weight / mass[lineage]
        return votes, voters, (neighbours[0][0] if neighbours else 0.0), mean

    def vote_share(self, similarity: float, excluded: int = 0) -> float:
        labelled = max(0, len(self.examples) - excluded)
        share = min(self.params.max_vote_share, self.params.vote_weight * similarity)
        return share * labelled / (labelled + 1)

    def _hint_scores(self, hints: list[Hint]) -> tuple[list[float], list[list[str]]]:
        """Per topic area: the weight of the thesaurus entries naming it, and their problems."""
        scores = [0.0] * len(self.topics)
        problems: list[list[str]] = [[] for _ in self.topics]
        for hint in hints:
            for rank, number in enumerate(hint.numbers):
                index = self.position.get(number)
                if index is None:
                    continue
                scores[index] += FIRST_HINT if rank == 0 else FURTHER_HINT
                if hint.problem not in problems[index]:
                    problems[index].append(hint.problem)
        return scores, problems

    def _query(
        self, text: str, counts: Counter[str], hints: list[Hint], excluded: set[int]
    ) -> dict[str, float]:
        """The description's terms (dampened counts; those of its lead – the title or first
        sentence – weigh more, those common in labelled projects less) plus the hints'
        target competences."""
        query = {term: _dampened(count) for term, count in counts.items()}
        damping = self.params.generic_damping
        labelled = len(self.examples) - len(excluded)
        if damping > 0 and labelled > 1:
            ceiling = math.log(1 + labelled)
            for term in query:
                df = self.example_df.get(term, 0)
                df -= sum(1 for index in excluded if term in self.example_counts[index])
                if df > 0:
                    query[term] *= (math.log(1 + labelled / df) / ceiling) ** damping
        if self.params.lead_weight > 0:
            lead = _LEAD_RE.split(text.strip(), maxsplit=1)[0]
            if len(lead) < len(text.strip()):
                for term in _cached_counts(lead):
                    if term in query:
                        query[term] *= 1 + self.params.lead_weight
        weight = self.params.expansion_weight
        if weight > 0:
            for hint in hints:
                for target in hint.targets:
                    for term in _cached_counts(target):
                        if term not in counts:
                            query[term] = query.get(term, 0.0) + weight
        return query

    def combined_scores(
        self, text: str, *, exclude: Iterable[object] = ()
    ) -> tuple[list[float], dict]:
        """The combined score (0..1) of every topic area, in the order of `self.topics`,
        and what the reasons need. All zeros when nothing matched."""
        params = self.params
        exclude = set(exclude)
        excluded = {i for i, example in enumerate(self.examples) if example.key in exclude}
        counts = _cached_counts(text)
        hints = self.hints(text) if self.hints is not None else []
        text_scores, contributions = self._text_scores(
            self._query(text, counts, hints, excluded), excluded
        )
        if params.key_point_weight > 0:
            own = text_scores
            text_scores = [
                (1 - params.key_point_weight) * own[index]
                + params.key_point_weight * sum(own[i] for i in group) / len(group)
                for index, group in enumerate(self.siblings)
            ]
        votes, voters, nearest, mean = self._neighbour_votes(counts, excluded)
        best_mean = max(mean.values(), default=0.0)
        hint_scores, problems = self._hint_scores(hints)
        best_text = max(text_scores, default=0.0)
        best_vote = max(votes.values(), default=0.0)
        best_hint = max(hint_scores, default=0.0)
        details = {
            "text": text_scores,
            "contributions": contributions,
            "voters": voters,
            "problems": problems,
            "terms": counts,
        }
        if best_text <= 0 and best_vote <= 0 and best_hint <= 0:
            return [0.0] * len(self.topics), details
        share = self.vote_share(nearest, len(excluded)) if best_vote > 0 else 0.0
        if best_text <= 0:
            share = 1.0 if best_vote > 0 else 0.0
        hint_share = params.hint_weight if best_hint > 0 else 0.0
        if best_text <= 0 and best_vote <= 0:
            hint_share = 1.0
        combined = []
        for index, topic in enumerate(self.topics):
            text_part = text_scores[index] / best_text if best_text > 0 else 0.0
            vote_part = votes.get(topic.lineage, 0.0) / best_vote if best_vote > 0 else 0.0
            hint_part = hint_scores[index] / best_hint if best_hint > 0 else 0.0
            value = (1 - share) * text_part + share * vote_part
            if best_mean > 0:
                mean_part = mean.get(topic.lineage, 0.0) / best_mean
                value = (1 - params.centroid_weight) * value + params.centroid_weight * mean_part
            combined.append((1 - hint_share) * value + hint_share * hint_part)
        return combined, details

    def ranking(self, text: str, *, exclude: Iterable[object] = ()) -> list[str]:
        """All topic numbers with a positive score, best first (for the evaluation)."""
        if not text or not text.strip() or not self.topics:
            return []
        combined, _ = self.combined_scores(text, exclude=exclude)
        order = sorted(
            range(len(self.topics)),
            key=lambda i: (-combined[i], _number_key(self.topics[i].number)),
        )
        return [self.topics[i].number for i in order if combined[i] > 0]

    def suggest(
        self, text: str, *, limit: int = 3, exclude: Iterable[object] = ()
    ) -> list[TopicSuggestion]:
        """The `limit` best topic areas for the text; labelled examples whose key is in
        `exclude` do not vote (leave-one-out, or the project being edited)."""
        if not text or not text.strip() or not self.topics or limit <= 0:
            return []
        combined, details = self.combined_scores(text, exclude=exclude)
        top = max(combined)
        if top <= 0:
            return []
        exponents = [math.exp((value - top) / self.params.temperature) for value in combined]
        total = sum(exponents)
        order = sorted(
            range(len(self.topics)),
            key=lambda i: (-combined[i], _number_key(self.topics[i].number)),
        )
        surfaces = query_surfaces(text)
        suggestions = []
        for index in order[:limit]:
            if combined[index] <= 0:
                break
            topic = self.topics[index]
            reasons = self._term_reasons(
                details["contributions"][index], details["terms"], surfaces
            )
            for problem in details["problems"][index]:
                if problem.casefold() not in {reason.casefold() for reason in reasons}:
                    reasons.append(problem)
            voter_count = details["voters"].get(topic.lineage, 0)
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

    def _term_reasons(
        self, parts: dict[str, float], terms: Counter[str], surfaces: dict[str, list[str]]
    ) -> list[str]:
        """The description's words that carried the text score (not the added competences)."""
        own = {term: value for term, value in parts.items() if term in terms}
        score = sum(parts.values())
        if score <= 0:
            return []
        reasons: list[str] = []
        seen: set[str] = set()
        for term, value in sorted(own.items(), key=lambda item: (-item[1], item[0])):
            if value < MIN_REASON_SHARE * score or len(reasons) >= MAX_TERM_REASONS:
                break
            label = readable(term, surfaces, self.topic_surface)
            if label and label.casefold() not in seen:
                seen.add(label.casefold())
                reasons.append(label)
        return reasons


@lru_cache(maxsize=1024)
def _surface_words(text: str) -> Counter[tuple[str, str]]:
    """(stem, word) → how often; cached like `_cached_counts`, never mutate the result."""
    return Counter((stem(word), word) for word in WORD_RE.findall(text))
