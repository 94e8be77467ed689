"""Ranking listings for a need (`rank_listings`): the candidates of complementary kinds within
the need's region, by the same parts as actors (BM25 over the candidates' own texts as one
field; damped words less, the thesaurus' competences for the need's problems at
`weights.THESAURUS_WEIGHT`). The owner's kind counts but is not named: listings may be
anonymous."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from clusterwerk.core.text import SUBSTRING_HIT, QueryTerm, index_terms
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue
from clusterwerk.matchmaking.engine import weights as tuned
from clusterwerk.matchmaking.engine.bm25 import (
    BM25_B,
    Vocabulary,
    field_hits,
    idf,
    saturated,
)
from clusterwerk.matchmaking.engine.explanations import (
    distance_reason,
    listing_kind_label,
    matched_words,
    overlap_numbers,
    thesaurus_reasons,
    topic_reason,
    words_reason,
)
from clusterwerk.matchmaking.engine.geography import closeness, distance_km, in_region
from clusterwerk.matchmaking.engine.needs import (
    PARTNER_PREFERENCES,
    EmptyNeed,
    Expanded,
    Need,
    complementary_kinds,
    expanded_terms,
    kind_preference,
    need_terms,
    term_weight,
)
from clusterwerk.matchmaking.engine.topics import need_cluster, topic_weights
from clusterwerk.matchmaking.engine.weights import (
    DISTANCE_WEIGHT,
    KIND_WEIGHT,
    PARTNER_WEIGHT,
    TEXT_WEIGHT,
    TOPIC_WEIGHT,
)


@dataclass(frozen=True)
class ListingCandidate:
    listing_id: int
    kind: str
    text: str
    topic_lineages: tuple[str, ...]
    position: tuple[float, float] | None
    owner_kind: str
    district_ags: str = ""


@dataclass(frozen=True)
class ListingMatch:
    listing_id: int
    score: float
    reasons: list[str]
    distance_km: int | None

    @property
    def explanation(self) -> str:
        return " · ".join(self.reasons)


def _listing_text_scores(
    terms: Sequence[QueryTerm],
    documents: Sequence[frozenset[str]],
    weights: Sequence[float] | None = None,
) -> tuple[list[dict[int, float]], list[float]]:
    """BM25 over the candidates' index terms (one field): per term the contribution of each
    candidate (times the term's weight, default 1), and the total per candidate."""
    weights = [1.0] * len(terms) if weights is None else weights
    lengths = [len(document) for document in documents]
    average = (sum(lengths) / len(lengths)) if lengths else 1.0
    norms = [1 - BM25_B + BM25_B * length / (average or 1.0) for length in lengths]
    vocabulary = Vocabulary(set().union(*documents) if documents else ())
    postings: dict[str, list[int]] = defaultdict(list)
    for position, document in enumerate(documents):
        for term in document:
            postings[term].append(position)
    per_term = []
    totals = [0.0] * len(documents)
    for term, weight in zip(terms, weights, strict=True):
        full, partial = field_hits(term, postings, vocabulary)
        document_frequency = len(full) + len(partial)
        contributions: dict[int, float] = {}
        if document_frequency and weight > 0:
            term_idf = weight * idf(document_frequency, len(documents))
            for position in full | partial:
                frequency = 1.0 if position in full else SUBSTRING_HIT
                contributions[position] = term_idf * saturated(frequency, norms[position])
                totals[position] += contributions[position]
        per_term.append(contributions)
    return per_term, totals


def _listing_pool(need: Need, candidates: Sequence[ListingCandidate]) -> list[ListingCandidate]:
    kinds = complementary_kinds(need.listing_kind) if need.listing_kind else None
    return [
        candidate
        for candidate in candidates
        if (kinds is None or candidate.kind in kinds)
        and in_region(
            need.region,
            need.origin,
            position=candidate.position,
            district_ags=candidate.district_ags,
        )
    ]


def rank_listings(
    need: Need, candidates: Sequence[ListingCandidate], *, limit: int = 10
) -> list[ListingMatch]:
    """The candidates of complementary kinds within the need's region that fit it best.

    Free text (no listing kind) meets listings of every kind. Raises `EmptyNeed` like
    `match_actors`."""
    terms = need_terms(need.text)
    if not terms and not need.topic_lineages:
        raise EmptyNeed
    pool = _listing_pool(need, candidates)
    if not pool or limit <= 0:
        return []
    cluster = need_cluster(need)
    documents = [frozenset(index_terms(candidate.text)) for candidate in pool]
    expanded = expanded_terms(need.text, terms)
    weights = [term_weight(term) for term in terms]
    weights += [tuned.THESAURUS_WEIGHT] * len(expanded)
    searched = [*terms, *(item.term for item in expanded)]
    per_term, totals = _listing_text_scores(searched, documents, weights)
    context = _ListingContext(
        need=need,
        terms=terms,
        expanded=expanded,
        per_term=per_term,
        best_text=max(totals, default=0.0),
        topic_weights=topic_weights(need, cluster),
        catalogue=topic_catalogue(cluster),
        kinds=kind_preference(need, terms),
        partners=PARTNER_PREFERENCES.get(need.origin_kind, {}),
    )
    scored = [
        match
        for position, candidate in enumerate(pool)
        if (match := _listing_match(context, position, candidate, totals[position]))
    ]
    scored.sort(key=lambda match: (-round(match[0], 9), match[1].listing_id))
    return [match for _score, match in scored[:limit]]


@dataclass(frozen=True)
class _ListingContext:
    need: Need
    terms: list[QueryTerm]
    expanded: list[Expanded]  # the thesaurus' terms, after `terms` in `per_term`
    per_term: list[dict[int, float]]
    best_text: float
    topic_weights: dict[str, float]
    catalogue: TopicCatalogue
    kinds: dict[str, float]
    partners: dict[str, float]


def _listing_match(
    context: _ListingContext, position: int, candidate: ListingCandidate, text: float
) -> tuple[float, ListingMatch] | None:
    """The candidate's score and match; None when neither its text nor its topic areas meet
    the need. The owner's kind counts but is not named (listings may be anonymous)."""
    need = context.need
    lineages = frozenset(candidate.topic_lineages)
    topic = sum(weight for lineage, weight in context.topic_weights.items() if lineage in lineages)
    if text <= 0 and topic <= 0:
        return None
    score = TEXT_WEIGHT * (text / context.best_text if context.best_text else 0.0)
    score += TOPIC_WEIGHT * topic
    score += KIND_WEIGHT * context.kinds.get(candidate.owner_kind, 0.0)
    score += PARTNER_WEIGHT * context.partners.get(candidate.owner_kind, 0.0)
    kilometres = None
    if need.origin is not None and candidate.position is not None:
        exact = distance_km(need.origin, candidate.position)
        score += DISTANCE_WEIGHT * closeness(exact)
        kilometres = round(exact)
    own = len(context.terms)
    words = matched_words(
        [
            (contributions[position], order, context.terms[order].text)
            for order, contributions in enumerate(context.per_term[:own])
            if position in contributions
        ]
    )
    reasons = words_reason(words)
    reasons += thesaurus_reasons(
        [
            (contributions[position], order, item.problem, item.target)
            for order, (item, contributions) in enumerate(
                zip(context.expanded, context.per_term[own:], strict=True)
            )
            if position in contributions
        ]
    )
    reasons.append(listing_kind_label(candidate.kind))
    reasons += distance_reason(kilometres)
    numbers = overlap_numbers(context.topic_weights, lineages, context.catalogue)
    reasons += topic_reason(numbers, context.catalogue)
    match = ListingMatch(
        listing_id=candidate.listing_id,
        score=round(min(1.0, score), 3),
        reasons=reasons,
        distance_km=kilometres,
    )
    return score, match
