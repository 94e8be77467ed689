"""The global statistics BM25 needs, without a per-process copy of the actors: the number of
published actors, the average breadth of their competences, and per query term the number of
actors it meets (its document frequency).

Why counted in SQL and not kept in a prebuilt structure: a term of a need is not an index
term but a set of needles, and a needle of four or more characters meets every index term
that contains it, so its document frequency is the size of a union that a term → count table
cannot give (only estimate). Counting the actors that meet the term is exact, uses the very
condition that finds the candidates (`candidates.term_condition`, so an indexed full-text
condition speeds up both), and costs one aggregate query for all the need's terms. The counts
are cached in the shared cache per data version and term, the corpus figures per data
version, so repeated and overlapping needs cost nothing; nothing is ever built ahead, so no
request waits for a build, there is nothing to rebuild on a task, and the quality is today's.

The data version is a cheap fingerprint (one query on primary keys, see `data_version`): an
edited, added, archived or merged actor changes it, and the next request counts afresh.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Length, Replace

from clusterwerk.actors.models import (
    Actor,
    ActorHistory,
    ClusterMembership,
    CompetenceTopicArea,
)
from clusterwerk.core.text import QueryTerm
from clusterwerk.matchmaking.engine.candidates import (
    published_actors,
    term_condition,
    term_query,
)

CACHE_PREFIX = "matchmaking:engine"
CACHE_TIMEOUT = 24 * 60 * 60  # a stale version's entries are never read again: just expire


@dataclass(frozen=True)
class CorpusStatistics:
    total: int  # published actors
    average_competence_length: float  # index terms in the competences, of those with any


def _fingerprint() -> tuple:
    """Cheap signs of change, answered from primary-key indexes in one query: every write to
    an actor goes through the actor services, which record an `ActorHistory` row (the admin
    is read-only); bulk creation and deletion of demo actors change the count and the last
    id; topic tags and memberships have their own ids. The last rows' timestamps tell a
    reused id (SQLite hands out the ids of rolled-back rows again) from the old row."""
    tables = {
        "actor": Actor._meta.db_table,
        "history": ActorHistory._meta.db_table,
        "tag": CompetenceTopicArea._meta.db_table,
        "membership": ClusterMembership._meta.db_table,
    }
    sql = (
        "SELECT (SELECT COUNT(*) FROM {actor}), (SELECT MAX(id) FROM {actor}), "
        "(SELECT updated_at FROM {actor} WHERE id = (SELECT MAX(id) FROM {actor})), "
        "(SELECT MAX(id) FROM {history}), "
        "(SELECT created_at FROM {history} WHERE id = (SELECT MAX(id) FROM {history})), "
        "(SELECT MAX(id) FROM {tag}), "
        "(SELECT MAX(id) FROM {membership})"
    ).format(**{name: connection.ops.quote_name(table) for name, table in tables.items()})
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def _digest(value) -> str:
    return hashlib.sha1(repr(value).encode(), usedforsecurity=False).hexdigest()[:20]


def data_version() -> str:
    """The version of the actors' data the cached statistics belong to."""
    generation = cache.get(f"{CACHE_PREFIX}:generation", 0)
    return _digest((generation, _fingerprint()))


def clear_cache() -> None:
    """Forget every cached statistic (tests and benchmarks; in production the data version
    makes this unnecessary)."""
    key = f"{CACHE_PREFIX}:generation"
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


def corpus_statistics(version: str) -> CorpusStatistics:
    """The number of published actors and their average competence breadth (cached)."""
    key = f"{CACHE_PREFIX}:corpus:{version}"
    cached = cache.get(key)
    if cached is not None:
        return CorpusStatistics(*cached)
    competences = "search_competences"
    spaces = Length(competences) - Length(Replace(competences, Value(" "), Value("")))
    figures = published_actors().aggregate(
        total=Count("pk"),
        spaces=Sum(spaces),
        with_competences=Count("pk", filter=~Q(**{competences: ""})),
    )
    described = figures["with_competences"] or 0
    # A stored column is " a b c ": one space more than terms.
    terms = (figures["spaces"] or 0) - described
    statistics = CorpusStatistics(
        total=figures["total"] or 0,
        average_competence_length=(terms / described) if described else 1.0,
    )
    cache.set(key, (statistics.total, statistics.average_competence_length), CACHE_TIMEOUT)
    return statistics


def document_frequencies(terms: list[QueryTerm], version: str) -> list[int]:
    """Per term the number of published actors it meets (cached per version and term); the
    terms not cached yet are counted in one aggregate query."""
    keys = [f"{CACHE_PREFIX}:df:{version}:{_digest(term.alternatives)}" for term in terms]
    cached = cache.get_many(keys)
    missing = [index for index, key in enumerate(keys) if key not in cached]
    if missing:
        counts = _count_terms([terms[index] for index in missing])
        fresh = {keys[index]: count for index, count in zip(missing, counts, strict=True)}
        cache.set_many(fresh, CACHE_TIMEOUT)
        cached.update(fresh)
    return [cached[key] for key in keys]


def _count_terms(terms: list[QueryTerm]) -> list[int]:
    """How many published actors each term meets, in one query: on PostgreSQL one count per
    term (so that each may use the trigram index), elsewhere one pass over the table."""
    if connection.vendor != "postgresql":
        counts = published_actors().aggregate(
            **{
                f"t{index}": Count("pk", filter=term_condition(term))
                for index, term in enumerate(terms)
            }
        )
        return [counts[f"t{index}"] or 0 for index in range(len(terms))]
    parts, params = [], []
    for term in terms:
        sql, part_params = term_query(term).query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS term_{len(parts)})")
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return [count or 0 for count in cursor.fetchone()]
