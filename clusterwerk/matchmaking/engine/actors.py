"""Ranking actors for a need (`match_actors`).

Only actors that meet at least one word of the need are candidates; when none does (or the
need has no words, only topic areas), actors tagged with one of the need's topic areas are.
The region, the partner kinds and the excluded actors are filters. Words that nine in ten
actors have are not searched while other words meet someone. Ties break by name.

The text part is BM25 over the three stored index columns as fields (a hit in the
competences counts 3, in the name 2, elsewhere in the document 1; binary: the columns are
de-duplicated), lengths normalised by the number of competence terms, divided by the best
candidate's text score, so the best text match has 1.
"""

import heapq
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

from django.utils.translation import gettext as _

from clusterwerk.core.text import QueryTerm
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue
from clusterwerk.matchmaking.engine.bm25 import NeedleSets, TermHits, saturated
from clusterwerk.matchmaking.engine.explanations import (
    actor_kind_label,
    distance_reason,
    matched_words,
    overlap_numbers,
    topic_reason,
    words_reason,
)
from clusterwerk.matchmaking.engine.geography import (
    WIDE_SCOPES,
    closeness,
    distance_km,
    in_region,
)
from clusterwerk.matchmaking.engine.index import ActorIndex, actor_index
from clusterwerk.matchmaking.engine.needs import (
    PARTNER_PREFERENCES,
    EmptyNeed,
    Need,
    kind_preference,
    need_terms,
)
from clusterwerk.matchmaking.engine.topics import need_cluster, topic_weights
from clusterwerk.matchmaking.engine.weights import (
    CROSS_CLUSTER_WEIGHT,
    DISTANCE_WEIGHT,
    KIND_WEIGHT,
    MEMBER_OF_BOTH_CLUSTERS,
    PARTNER_WEIGHT,
    SCORE_EPSILON,
    TEXT_WEIGHT,
    TOPIC_WEIGHT,
)


@dataclass(frozen=True)
class ActorMatch:
    actor_id: int
    name: str
    kind: str
    kind_label: str
    score: float
    reasons: list[str]
    distance_km: int | None
    topic_numbers: list[str]  # the need's topic areas the actor is tagged with
    is_demo: bool

    @property
    def explanation(self) -> str:
        return " · ".join(self.reasons)


@dataclass
class _ActorScoring:
    need: Need
    index: ActorIndex
    hits: list[TermHits]
    text: dict[int, float]  # raw BM25 per candidate position
    topic_weights: dict[str, float]
    kinds: dict[str, float]
    partners: dict[str, float]
    catalogue: TopicCatalogue


def text_scores(
    index: ActorIndex, terms: Sequence[QueryTerm]
) -> tuple[list[TermHits], dict[int, float]]:
    """BM25 per candidate position, and per term its contributions. Words that nearly every
    actor has count only when the need has no other word that meets an actor."""
    known: dict[str, NeedleSets] = {}
    hits, totals = _add_terms(index, terms, known, skip_common=True)
    if not totals:
        hits, totals = _add_terms(index, terms, known, skip_common=False)
    return hits, totals


def _add_terms(
    index: ActorIndex, terms: Sequence[QueryTerm], known: dict, *, skip_common: bool
) -> tuple[list[TermHits], dict[int, float]]:
    hits = []
    totals: dict[int, float] = defaultdict(float)
    norms = index.norms
    for term in terms:
        frequency, idf = index.term_hits(term, known, skip_common=skip_common)
        if not frequency:
            continue
        contributions = {}
        for position, value in frequency.items():
            contribution = idf * saturated(value, norms[position])
            contributions[position] = contribution
            totals[position] += contribution
        hits.append(TermHits(term, contributions))
    return hits, totals


def _has_filters(need: Need) -> bool:
    wide = need.region.scope in WIDE_SCOPES
    return bool(need.partner_kinds or need.exclude_actor_ids) or not wide


def _allowed(scoring: _ActorScoring, position: int) -> bool:
    need, index = scoring.need, scoring.index
    if need.partner_kinds and index.kinds[position] not in need.partner_kinds:
        return False
    if need.exclude_actor_ids and index.ids[position] in need.exclude_actor_ids:
        return False
    if need.region.scope in WIDE_SCOPES:
        return True
    return in_region(
        need.region,
        need.origin,
        position=index.positions[position],
        district_ags=index.district_ags[position],
    )


def _cluster_part(scoring: _ActorScoring, position: int, own_cluster: int | None) -> float:
    clusters = scoring.index.clusters[position]
    if not scoring.need.cross_cluster or own_cluster is None or not clusters - {own_cluster}:
        return 0.0
    return MEMBER_OF_BOTH_CLUSTERS if own_cluster in clusters else 1.0


def _topic_part(scoring: _ActorScoring, lineages: frozenset[str]) -> float:
    return sum(weight for lineage, weight in scoring.topic_weights.items() if lineage in lineages)


def _other_parts(scoring: _ActorScoring, position: int, own_cluster: int | None) -> float:
    """Everything but the text part of an actor's score."""
    index, need = scoring.index, scoring.need
    kind = index.kinds[position]
    score = KIND_WEIGHT * scoring.kinds.get(kind, 0.0) + PARTNER_WEIGHT * scoring.partners.get(
        kind, 0.0
    )
    if scoring.topic_weights:
        score += TOPIC_WEIGHT * _topic_part(scoring, index.lineages[position])
    place = index.positions[position]
    if need.origin is not None and place is not None:
        score += DISTANCE_WEIGHT * closeness(distance_km(need.origin, place))
    if need.cross_cluster:
        score += CROSS_CLUSTER_WEIGHT * _cluster_part(scoring, position, own_cluster)
    return score


def _actor_match(
    scoring: _ActorScoring, position: int, score: float, own_cluster: int | None
) -> ActorMatch:
    index, need = scoring.index, scoring.need
    contributions = [
        (hit.contributions[position], order, hit.term.text)
        for order, hit in enumerate(scoring.hits)
        if position in hit.contributions
    ]
    place = index.positions[position]
    kilometres = None
    if need.origin is not None and place is not None:
        kilometres = round(distance_km(need.origin, place))
    numbers = overlap_numbers(scoring.topic_weights, index.lineages[position], scoring.catalogue)
    kind = index.kinds[position]
    reasons = words_reason(matched_words(contributions))
    reasons.append(actor_kind_label(kind))
    reasons += distance_reason(kilometres)
    reasons += topic_reason(numbers)
    if _cluster_part(scoring, position, own_cluster):
        others = sorted(
            index.cluster_names.get(pk, "") for pk in index.clusters[position] - {own_cluster}
        )
        reasons.append(_("Cross-Cluster: %(clusters)s") % {"clusters": ", ".join(others)})
    return ActorMatch(
        actor_id=index.ids[position],
        name=index.names[position],
        kind=kind,
        kind_label=actor_kind_label(kind),
        score=round(min(1.0, score), 3),
        reasons=reasons,
        distance_km=kilometres,
        topic_numbers=numbers,
        is_demo=index.demo[position],
    )


def match_actors(need: Need, *, limit: int = 10) -> list[ActorMatch]:
    """The published actors that fit the need best, with German explanations.

    Raises `EmptyNeed` when the need has neither a searchable word nor a topic area."""
    terms = need_terms(need.text)
    if not terms and not need.topic_lineages:
        raise EmptyNeed
    if limit <= 0:
        return []
    index = actor_index()
    cluster = need_cluster(need)
    weights = topic_weights(need, cluster)
    hits, text = text_scores(index, terms)
    scoring = _ActorScoring(
        need=need,
        index=index,
        hits=hits,
        text=text,
        topic_weights=weights,
        kinds=kind_preference(need, terms),
        partners=PARTNER_PREFERENCES.get(need.origin_kind, {}),
        catalogue=topic_catalogue(cluster),
    )
    own_cluster = cluster.pk if cluster else None
    best = _best_positions(scoring, limit, own_cluster, by_text=bool(text))
    if not best and text:  # the words only meet actors outside the filters
        best = _best_positions(scoring, limit, own_cluster, by_text=False)
    return [_actor_match(scoring, position, score, own_cluster) for score, position in best]


def _other_parts_function(scoring: _ActorScoring, own_cluster: int | None):
    """`_other_parts` for one need; without distance and cross-cluster it depends only on
    kind and topic tags, which thousands of demo actors share: remembered."""
    if scoring.need.origin is not None or scoring.need.cross_cluster:
        return lambda position: _other_parts(scoring, position, own_cluster)
    index = scoring.index
    known: dict[tuple[str, frozenset[str]], float] = {}

    def others(position: int) -> float:
        key = (index.kinds[position], index.lineages[position])
        if key not in known:
            known[key] = _other_parts(scoring, position, own_cluster)
        return known[key]

    return others


def _rest_bound(scoring: _ActorScoring, *, with_topic: bool) -> float:
    """The most that the parts other than the text (and the topic) can add."""
    bound = KIND_WEIGHT * max(scoring.kinds.values(), default=0.0)
    bound += PARTNER_WEIGHT * max(scoring.partners.values(), default=0.0)
    if scoring.need.origin is not None:
        bound += DISTANCE_WEIGHT
    if scoring.need.cross_cluster:
        bound += CROSS_CLUSTER_WEIGHT
    if with_topic:
        bound += TOPIC_WEIGHT * sum(scoring.topic_weights.values())
    return bound


def _best_positions(
    scoring: _ActorScoring, limit: int, own_cluster: int | None, *, by_text: bool
) -> list[tuple[float, int]]:
    """The `limit` best (score, position), best first, ties by name.

    Candidates are the actors that meet a word of the need, else those tagged with one of its
    topic areas. They are walked by their text (or topic) part, best first; the walk stops
    when even the most the other parts can add cannot reach the `limit`-th score, so a
    common word among 25,000 actors costs a sort, not 25,000 scores."""
    index = scoring.index
    text = scoring.text if by_text else {}
    if text:
        order = sorted(text.items(), key=itemgetter(1), reverse=True)
        weight = TEXT_WEIGHT
        rest = _rest_bound(scoring, with_topic=True)
    else:
        tagged = {p for lineage in scoring.topic_weights for p in index.by_lineage.get(lineage, ())}
        primary = {p: _topic_part(scoring, index.lineages[p]) for p in tagged}
        order = sorted(primary.items(), key=itemgetter(1), reverse=True)
        weight = TOPIC_WEIGHT
        rest = _rest_bound(scoring, with_topic=False)
    others = _other_parts_function(scoring, own_cluster)
    heap: list[tuple[tuple[float, int], int]] = []
    scale = 0.0  # the best allowed candidate's text score: its text part is 1
    filtered = _has_filters(scoring.need)
    for position, value in order:
        if filtered and not _allowed(scoring, position):
            continue
        if not scale:
            scale = value if text else 1.0
        first_part = weight * value / scale
        # Ties on the text part are walked in full: a later one may win on the other parts.
        if len(heap) == limit and first_part + rest < heap[0][0][0] - SCORE_EPSILON:
            break
        score = (first_part if text else 0.0) + others(position)
        if score <= 0:
            continue
        entry = ((round(score, 9), -index.name_rank[position]), position)
        if len(heap) < limit:
            heapq.heappush(heap, entry)
        elif entry > heap[0]:
            heapq.heapreplace(heap, entry)
    return [(key[0], position) for key, position in sorted(heap, reverse=True)]
