"""Ranking actors for a need (`match_actors`): candidates from the database, re-ranked in
Python.

Only actors that meet at least one word of the need are candidates (`candidates`: one SQL
query with the need's filters; when more than `CANDIDATE_CAP` meet the words, a cheap rank in
SQL preselects them); when none does (or the need has no words, only topic areas), actors
tagged with one of the need's topic areas are. The region, the partner kinds and the
excluded actors are filters. Words that nine in ten actors have are not searched while other
words meet someone. Ties break by name.

The candidates' rows (index columns, kind, place, and where needed clusters and topic tags)
are loaded in a few queries and scored as before: the text part is BM25 over the three
stored index columns as fields (a hit in the competences counts 3, in the name 2, elsewhere
in the document 1; binary: the columns are de-duplicated), lengths normalised by the number
of competence terms, divided by the best candidate's text score, so the best text match has
1. The global figures BM25 needs come from `statistics` (counted in SQL, cached per data
version): no copy of all actors is kept.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from clusterwerk.actors.models import ClusterMembership, CompetenceTopicArea
from clusterwerk.core.models import Cluster
from clusterwerk.core.text import QueryTerm
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue
from clusterwerk.matchmaking.engine import statistics
from clusterwerk.matchmaking.engine import weights as tuned
from clusterwerk.matchmaking.engine.bm25 import (
    BM25_B,
    TermHits,
    field_match,
    idf,
    joined_terms,
    saturated,
)
from clusterwerk.matchmaking.engine.candidates import (
    CANDIDATE_CAP,
    FIELD_COLUMNS,
    CandidateRow,
    best_tagged,
    candidate_rows,
    filtered_actors,
    kind_rank,
    published_actors,
    text_rank,
    words_condition,
)
from clusterwerk.matchmaking.engine.complementary import (
    COMPETITOR_SHARE,
    Complements,
    competence_share,
    complements,
    is_offer,
    same_trade,
)
from clusterwerk.matchmaking.engine.diversity import diversify
from clusterwerk.matchmaking.engine.explanations import (
    BUSINESS_GROUP,
    GROUP_BY_KIND,
    RESEARCH_GROUP,
    actor_group,
    actor_kind_label,
    distance_reason,
    downstream_reason,
    matched_words,
    overlap_numbers,
    request_reason,
    similar_offer_reason,
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
    expanded_terms,
    is_generic_name_word,
    is_subject,
    kind_preference,
    need_terms,
    term_weight,
)
from clusterwerk.matchmaking.engine.topics import need_cluster, topic_weights
from clusterwerk.matchmaking.engine.weights import (
    COMPETITOR_FACTOR,
    CROSS_CLUSTER_WEIGHT,
    DISTANCE_WEIGHT,
    DOWNSTREAM_WEIGHT,
    MEMBER_OF_BOTH_CLUSTERS,
    PARTNER_WEIGHT,
    REQUEST_WEIGHT,
    TEXT_WEIGHT,
)
from clusterwerk.matchmaking.models import RegionScope

# A word in nine of ten actors (idf below this) is not searched.
MIN_IDF = 0.1
# When the cap cuts the candidates, up to this many of each group join them (`_group_candidates`).
GROUP_CANDIDATES = 40
SMALL_GROUP = 200
GROUP_KINDS = {
    group: sorted(kind for kind, of in GROUP_BY_KIND.items() if of == group)
    for group in (RESEARCH_GROUP, BUSINESS_GROUP)
}
# The cheap rank in SQL counts the need's words of the largest weighted idf only: each word
# costs three index lookups per row, and a long need with the thesaurus' terms has ~50.
RANK_TERMS = 6


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
    # For an offer: the actor offers the same (a competitor), shown apart as "ähnliche Anbieter".
    similar_offer: bool = False
    # "research" (universities, research institutes, competence centres, transfer offices),
    # "business" (companies, craft businesses) or "" (others): for grouping the results.
    group: str = ""

    @property
    def explanation(self) -> str:
        return " · ".join(self.reasons)


@dataclass
class _ActorScoring:
    need: Need
    rows: list[CandidateRow]
    hits: list[TermHits]  # contributions per candidate pk
    text: dict[int, float]  # raw BM25 per candidate pk
    topic_weights: dict[str, float]
    kinds: dict[str, float]
    partners: dict[str, float]
    catalogue: TopicCatalogue | None
    own_cluster: int | None
    clusters: dict[int, frozenset[int]] = field(default_factory=dict)
    lineages: dict[int, frozenset[str]] = field(default_factory=dict)
    cluster_names: dict[int, str] = field(default_factory=dict)
    complements: Complements = field(default_factory=Complements)
    expanded: dict[tuple, Expanded] = field(default_factory=dict)  # thesaurus terms
    similar: set[int] = field(default_factory=set)  # competitors of an offer


@dataclass(frozen=True)
class SearchedTerms:
    """The words that are searched, with their idf, and the corpus figures."""

    terms: list[QueryTerm]
    idfs: list[float]  # weighted: the term's idf times its weight (damped words less)
    frequencies: list[int]  # document frequencies
    corpus: statistics.CorpusStatistics
    subjects: list[bool] = field(default_factory=list)  # per term: `needs.is_subject`

    def weightiest(self, count: int) -> tuple[list[QueryTerm], list[float]]:
        """The `count` terms of the largest weighted idf (in need order), with it."""
        order = sorted(range(len(self.terms)), key=lambda index: (-self.idfs[index], index))
        chosen = sorted(order[:count])
        return [self.terms[index] for index in chosen], [self.idfs[index] for index in chosen]

    def selective(self) -> list[QueryTerm]:
        """The rarest terms that together meet at least `CANDIDATE_CAP` actors."""
        order = sorted(range(len(self.terms)), key=lambda index: self.frequencies[index])
        chosen, met = [], 0
        for index in order:
            chosen.append(index)
            met += self.frequencies[index]
            if met >= CANDIDATE_CAP:
                break
        return [self.terms[index] for index in sorted(chosen)]


def searched_terms(
    terms: Sequence[QueryTerm],
    weights: Sequence[float] | None = None,
    subjects: Sequence[bool] | None = None,
) -> SearchedTerms:
    """The need's words that meet someone, without those that nearly every actor has, unless
    only such words meet anyone (they say little about who fits). `weights` (default: each
    word's `needs.term_weight`) scale the words' idf; `subjects` (default:
    `needs.is_subject`) say which words tell what the need is about."""
    version = statistics.data_version()
    corpus = statistics.corpus_statistics(version)
    if not terms or not corpus.total:
        return SearchedTerms([], [], [], corpus)
    if weights is None:
        weights = [term_weight(term) for term in terms]
    if subjects is None:
        subjects = [is_subject(term) for term in terms]
    frequencies = statistics.document_frequencies(list(terms), version)
    met = [
        (term, idf(frequency, corpus.total), frequency, weight, subject)
        for term, frequency, weight, subject in zip(
            terms, frequencies, weights, subjects, strict=True
        )
        if frequency and weight > 0
    ]
    telling = [item for item in met if item[1] >= MIN_IDF]
    chosen = telling or met
    return SearchedTerms(
        [item[0] for item in chosen],
        [item[1] * item[3] for item in chosen],
        [item[2] for item in chosen],
        corpus,
        [item[4] for item in chosen],
    )


def text_scores(
    rows: Sequence[CandidateRow], searched: SearchedTerms
) -> tuple[list[TermHits], dict[int, float]]:
    """BM25 per candidate pk, and per term its contributions (`FIELD_COLUMNS`' weights)."""
    average = searched.corpus.average_competence_length or 1.0
    hits = [TermHits(term, {}) for term in searched.terms]
    totals: dict[int, float] = {}
    generic = [is_generic_name_word(hit.term) for hit in hits]
    # A need with words that say what it is about: a candidate must meet one of them.
    needs_subject = any(searched.subjects)
    for row in rows:
        length = len(row.fields["competences"])
        norm = 1 - BM25_B + BM25_B * length / average if length else 1.0
        joined: dict[str, str] = {}
        found: list[tuple[TermHits, float]] = []
        subject = False
        for hit, value, name_word, is_subject_term in zip(
            hits, searched.idfs, generic, searched.subjects, strict=True
        ):
            frequency = 0.0
            matches = {}
            for name, _column, weight in FIELD_COLUMNS:
                terms = row.fields[name]
                if name not in joined:
                    joined[name] = joined_terms(row.columns[name])
                match = matches[name] = field_match(hit.term, terms, joined[name])
                if not match and name == "document":
                    break  # the document holds every term of the other fields
                frequency += weight * match
            if name_word and matches.get("name") and not matches.get("competences"):
                frequency = 0.0  # "Institut" in "Institut für …" is a name, not a competence
            if frequency:
                found.append((hit, value * saturated(frequency, norm)))
                subject = subject or is_subject_term
        if not found or (needs_subject and not subject):
            continue  # "dünner" or "Institut" alone is no evidence of what the need is about
        for hit, contribution in found:
            hit.contributions[row.pk] = contribution
        totals[row.pk] = sum(contribution for _hit, contribution in found)
    return [hit for hit in hits if hit.contributions], totals


def _others_preferences(scoring: _ActorScoring) -> dict[str, float]:
    kinds = set(scoring.kinds) | set(scoring.partners)
    return {
        kind: tuned.KIND_WEIGHT * scoring.kinds.get(kind, 0.0)
        + PARTNER_WEIGHT * scoring.partners.get(kind, 0.0)
        for kind in kinds
    }


def _ranked(actors, order_by: Sequence[str], annotations: dict) -> list[CandidateRow]:
    return candidate_rows(actors.annotate(**annotations).order_by(*order_by), limit=CANDIDATE_CAP)


def _text_candidates(
    scoring: _ActorScoring, searched: SearchedTerms, limit: int
) -> list[CandidateRow]:
    """The actors within the filters that meet a searched word: all of them when the words
    meet no more than `CANDIDATE_CAP` actors in all; else the best `CANDIDATE_CAP` by the cheap
    rank among those that meet one of the rarest words (which together meet at least the cap):
    a scan with fewer conditions, fewer rows to rank. When the filters leave fewer than
    `limit` of those, all words are searched."""
    if sum(searched.frequencies) <= CANDIDATE_CAP:
        actors = filtered_actors(scoring.need).filter(words_condition(searched.terms))
        return candidate_rows(actors, limit=None)
    # Ties of the text rank go to the preferred kinds (the topic tags would cost a subquery
    # per row: more than the rest of the query).
    order = ("-text_rank", "-others_rank", "name", "pk")
    annotations = {
        "text_rank": text_rank(*searched.weightiest(RANK_TERMS)),
        "others_rank": kind_rank(_others_preferences(scoring)),
    }
    selective = searched.selective()
    actors = filtered_actors(scoring.need)
    rows = _ranked(actors.filter(words_condition(selective)), order, annotations)
    if len(rows) < limit and len(selective) < len(searched.terms):
        rows = _ranked(actors.filter(words_condition(searched.terms)), order, annotations)
    return rows + _group_candidates(actors, searched, rows, order, annotations)


def _group_candidates(actors, searched: SearchedTerms, rows, order, annotations) -> list:
    """When the cap cut the candidates, the best `GROUP_CANDIDATES` of a group (research or
    business, `diversity`) that the cut left with fewer (a group of at most `SMALL_GROUP`
    actors whole, else those that meet one of the `RANK_TERMS` weightiest words): thousands
    of near-identical firms must not push every institute out before the score sees them."""
    if len(rows) < CANDIDATE_CAP:
        return []
    known = {row.pk for row in rows}
    extra = []
    for group, kinds in GROUP_KINDS.items():
        if sum(actor_group(row.kind) == group for row in rows) >= GROUP_CANDIDATES:
            continue
        members = actors.filter(kind__in=kinds)
        # A small group (the institutions among thousands of firms) is loaded whole: the
        # score drops those that meet no word. A large one is ranked in SQL.
        found = candidate_rows(members.order_by("pk"), limit=SMALL_GROUP + 1)
        if len(found) > SMALL_GROUP:
            weightiest, _idfs = searched.weightiest(RANK_TERMS)  # the words that count most
            found = _ranked(members.filter(words_condition(weightiest)), order, annotations)[
                :GROUP_CANDIDATES
            ]
        extra += [row for row in found if row.pk not in known]
    return extra


def _topic_candidates(scoring: _ActorScoring) -> list[CandidateRow]:
    """The actors within the filters tagged with one of the need's topic areas: the best
    `CANDIDATE_CAP` by their share of the areas, then by the preferred kinds."""
    actors = filtered_actors(scoring.need)
    ids = best_tagged(
        actors, scoring.topic_weights, _others_preferences(scoring), limit=CANDIDATE_CAP
    )
    return candidate_rows(published_actors().filter(pk__in=ids), limit=None)


def _load_relations(scoring: _ActorScoring) -> None:
    """Topic tags and cluster memberships of the candidates, where the score needs them."""
    ids = [row.pk for row in scoring.rows]
    if scoring.topic_weights:
        lineages: dict[int, set[str]] = defaultdict(set)
        tags = CompetenceTopicArea.objects.filter(
            competence__actor_id__in=ids, lineage__in=sorted(scoring.topic_weights)
        ).values_list("competence__actor_id", "lineage")
        for actor_id, lineage in tags:
            lineages[actor_id].add(str(lineage))
        scoring.lineages = {pk: frozenset(values) for pk, values in lineages.items()}
    if scoring.need.cross_cluster and scoring.own_cluster is not None:
        clusters: dict[int, set[int]] = defaultdict(set)
        memberships = ClusterMembership.objects.filter(actor_id__in=ids).values_list(
            "actor_id", "cluster_id"
        )
        for actor_id, cluster_id in memberships:
            clusters[actor_id].add(cluster_id)
        scoring.clusters = {pk: frozenset(values) for pk, values in clusters.items()}
        scoring.cluster_names = {
            pk: short_name or name
            for pk, name, short_name in Cluster.objects.values_list("pk", "name", "short_name")
        }


def _cluster_part(scoring: _ActorScoring, row: CandidateRow) -> float:
    clusters = scoring.clusters.get(row.pk, frozenset())
    own = scoring.own_cluster
    if not scoring.need.cross_cluster or own is None or not clusters - {own}:
        return 0.0
    return MEMBER_OF_BOTH_CLUSTERS if own in clusters else 1.0


def _topic_part(scoring: _ActorScoring, row: CandidateRow) -> float:
    lineages = scoring.lineages.get(row.pk, frozenset())
    return sum(weight for lineage, weight in scoring.topic_weights.items() if lineage in lineages)


def _other_parts(scoring: _ActorScoring, row: CandidateRow) -> float:
    """Everything but the text part of an actor's score."""
    need = scoring.need
    score = tuned.KIND_WEIGHT * scoring.kinds.get(row.kind, 0.0) + PARTNER_WEIGHT * (
        scoring.partners.get(row.kind, 0.0)
    )
    if scoring.topic_weights:
        score += tuned.TOPIC_WEIGHT * _topic_part(scoring, row)
    if need.origin is not None and row.position is not None:
        score += DISTANCE_WEIGHT * closeness(distance_km(need.origin, row.position))
    if need.cross_cluster:
        score += CROSS_CLUSTER_WEIGHT * _cluster_part(scoring, row)
    return score


def _actor_match(scoring: _ActorScoring, row: CandidateRow, score: float) -> ActorMatch:
    need = scoring.need
    contributions, expanded = [], []
    for order, hit in enumerate(scoring.hits):
        if row.pk not in hit.contributions:
            continue
        item = scoring.expanded.get(hit.term.alternatives)
        value = hit.contributions[row.pk]
        if item is None:
            contributions.append((value, order, hit.term.text))
        else:
            expanded.append((value, order, item.problem, item.target))
    kilometres = None
    if need.origin is not None and row.position is not None:
        kilometres = round(distance_km(need.origin, row.position))
    numbers = (
        overlap_numbers(
            scoring.topic_weights, scoring.lineages.get(row.pk, frozenset()), scoring.catalogue
        )
        if scoring.topic_weights
        else []
    )
    reasons = words_reason(matched_words(contributions))
    reasons += thesaurus_reasons(expanded)
    if row.pk in scoring.complements.request_titles:
        reasons += request_reason(scoring.complements.request_titles[row.pk])
    if row.pk in scoring.complements.downstream:
        reasons += downstream_reason()
    if row.pk in scoring.similar:
        reasons += similar_offer_reason()
    reasons.append(actor_kind_label(row.kind))
    reasons += distance_reason(kilometres)
    reasons += topic_reason(numbers, scoring.catalogue)
    if _cluster_part(scoring, row):
        others = sorted(
            scoring.cluster_names.get(pk, "")
            for pk in scoring.clusters.get(row.pk, frozenset()) - {scoring.own_cluster}
        )
        reasons.append(_("Cross-Cluster: %(clusters)s") % {"clusters": ", ".join(others)})
    return ActorMatch(
        actor_id=row.pk,
        name=row.name,
        kind=row.kind,
        kind_label=actor_kind_label(row.kind),
        score=round(min(1.0, score), 3),
        reasons=reasons,
        distance_km=kilometres,
        topic_numbers=numbers,
        is_demo=row.is_demo,
        similar_offer=row.pk in scoring.similar,
        group=actor_group(row.kind),
    )


def _complement_part(scoring: _ActorScoring, row: CandidateRow) -> float:
    """For an offer: a matching request of the actor, a downstream stage (`complementary`)."""
    found = scoring.complements
    part = REQUEST_WEIGHT * found.requests.get(row.pk, 0.0)
    if row.pk in found.downstream:
        part += DOWNSTREAM_WEIGHT
    return part


def _add_complements(scoring: _ActorScoring, searched: SearchedTerms, terms) -> None:
    """For an offer: the actors with requests for it and of downstream stages join the
    candidates; the actors whose competences meet it are its competitors."""
    need = scoring.need
    actors = filtered_actors(need)
    known = {row.pk for row in scoring.rows}
    scoring.complements = complements(need, terms, actors, sorted(known))
    missing = scoring.complements.actor_ids - known
    if missing:
        extra = candidate_rows(actors.filter(pk__in=sorted(missing)), limit=None)
        scoring.rows += [row for row in extra if _in_radius(need, row)]
    owner_group = actor_group(need.origin_kind)
    for row in scoring.rows:
        if row.pk in scoring.complements.requests or not same_trade(owner_group, row.kind):
            continue
        competences = row.fields["competences"]
        joined = joined_terms(row.columns["competences"])
        share = competence_share(searched.terms, searched.idfs, competences, joined)
        if share >= COMPETITOR_SHARE:
            scoring.similar.add(row.pk)


def _in_radius(need: Need, row: CandidateRow) -> bool:
    """The exact radius (the SQL filter is a box around it)."""
    if need.region.scope != RegionScope.RADIUS:
        return True
    return in_region(need.region, need.origin, position=row.position, district_ags=row.district_ags)


def _best(scoring: _ActorScoring, limit: int, *, by_text: bool) -> list[tuple[float, CandidateRow]]:
    """The `limit` best (score, row), best first, ties by name, near-identical profiles
    spread out (`diversity`)."""
    scale = max(scoring.text.values(), default=0.0) if by_text else 0.0
    scored = []
    for row in scoring.rows:
        score = _other_parts(scoring, row)
        if by_text:
            value = scoring.text.get(row.pk, 0.0)
            complement = _complement_part(scoring, row)
            if not value and not complement:
                continue
            score += (TEXT_WEIGHT * value / scale if scale else 0.0) + complement
        if row.pk in scoring.similar:
            score *= COMPETITOR_FACTOR
        if score <= 0:
            continue
        scored.append((round(score, 9), row))
    scored.sort(key=lambda item: (-item[0], item[1].name.casefold(), item[1].pk))
    return diversify(scored, limit, tuned.MMR_LAMBDA)


def match_actors(need: Need, *, limit: int = 10) -> list[ActorMatch]:
    """The published actors that fit the need best, with German explanations.

    Raises `EmptyNeed` when the need has neither a searchable word nor a topic area."""
    terms = need_terms(need.text)
    if not terms and not need.topic_lineages:
        raise EmptyNeed
    if limit <= 0:
        return []
    cluster = need_cluster(need)
    weights = topic_weights(need, cluster)
    scoring = _ActorScoring(
        need=need,
        rows=[],
        hits=[],
        text={},
        topic_weights=weights,
        kinds=kind_preference(need, terms),
        partners=PARTNER_PREFERENCES.get(need.origin_kind, {}),
        catalogue=topic_catalogue(cluster) if weights else None,
        own_cluster=cluster.pk if cluster else None,
    )
    searched = _searched_with_thesaurus(need.text, terms, scoring)
    if searched.terms:
        rows = [row for row in _text_candidates(scoring, searched, limit) if _in_radius(need, row)]
        scoring.hits, scoring.text = text_scores(rows, searched)
        scoring.rows = [row for row in rows if row.pk in scoring.text]
    if is_offer(need):
        _add_complements(scoring, searched, terms)
    by_text = bool(scoring.rows)
    if not by_text:  # no word meets an actor within the filters
        scoring.hits, scoring.text = [], {}
        if not weights:
            return []
        scoring.rows = [row for row in _topic_candidates(scoring) if _in_radius(need, row)]
    _load_relations(scoring)
    best = _best(scoring, limit, by_text=by_text)
    return [_actor_match(scoring, row, score) for score, row in best]


def _searched_with_thesaurus(
    text: str, terms: list[QueryTerm], scoring: _ActorScoring | None = None
) -> SearchedTerms:
    """The need's words and the competences the thesaurus adds for its problems (at
    `weights.THESAURUS_WEIGHT`), as searched terms; remembered in `scoring` for the reasons."""
    expanded = expanded_terms(text, terms)
    if scoring is not None:
        scoring.expanded = {item.term.alternatives: item for item in expanded}
    weights = [term_weight(term) for term in terms]
    weights += [tuned.THESAURUS_WEIGHT] * len(expanded)
    subjects = [is_subject(term) for term in terms] + [True] * len(expanded)
    return searched_terms([*terms, *(item.term for item in expanded)], weights, subjects)


def rank_by_text(text: str, *, limit: int = 10) -> list[int]:
    """Actor ids by the text part alone (no topic, kind or place): for the quality benchmark."""
    searched = _searched_with_thesaurus(text, need_terms(text))
    if not searched.terms:
        return []
    rows = candidate_rows(
        filtered_actors(Need(text=text)).filter(words_condition(searched.terms)),
        limit=None,
    )
    _hits, scores = text_scores(rows, searched)
    names = {row.pk: row.name.casefold() for row in rows}
    return sorted(scores, key=lambda pk: (-scores[pk], names[pk], pk))[:limit]
