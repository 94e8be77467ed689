"""The actor index: every published actor's index terms, place, kind, clusters and topic
tags, in memory, one per process (about 75 MB and 1.5 s to build for 25,000 actors).

Built from the stored index columns of the directory (`search_name`, `search_competences`,
`search_document`), the topic tags and the cluster memberships. A fingerprint query on primary
keys (`index_fingerprint`) runs before every match; when it changed, the index is rebuilt, so
an edited, added or archived actor is seen at once.
"""

import threading
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection

from clusterwerk.actors.models import (
    Actor,
    ActorHistory,
    ActorStatus,
    ClusterMembership,
    CompetenceTopicArea,
    District,
)
from clusterwerk.core.models import Cluster
from clusterwerk.core.text import SUBSTRING_HIT, QueryTerm
from clusterwerk.matchmaking.engine import bm25

# Fields of an actor's index, the document first: a hit in the competences counts 1 + 2, in
# the name 1 + 1, in the rest of the document 1 (the document holds name and competences too).
FIELD_WEIGHTS = (("document", 1.0), ("competences", 2.0), ("name", 1.0))
# A word in nine of ten actors (idf below this) is not searched.
MIN_IDF = 0.1


@dataclass
class ActorIndex:
    fingerprint: tuple
    ids: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    demo: list[bool] = field(default_factory=list)
    positions: list[tuple[float, float] | None] = field(default_factory=list)
    district_ags: list[str] = field(default_factory=list)
    clusters: list[frozenset[int]] = field(default_factory=list)
    lineages: list[frozenset[str]] = field(default_factory=list)
    norms: list[float] = field(default_factory=list)  # BM25 length normalisation
    name_rank: list[int] = field(default_factory=list)  # position in name order, for ties
    postings: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    vocabulary: bm25.Vocabulary | None = None
    by_lineage: dict[str, list[int]] = field(default_factory=dict)
    position_of: dict[int, int] = field(default_factory=dict)
    cluster_names: dict[int, str] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.ids)

    def term_hits(
        self, term: QueryTerm, known: dict[str, bm25.NeedleSets], *, skip_common: bool = True
    ) -> tuple[dict[int, float], float]:
        """Field-weighted frequency per actor position, and the term's idf. `known` holds the
        needles' positions per field, shared by the words of one query. With `skip_common`,
        a word that nearly every actor has (idf below `MIN_IDF`) comes back without
        frequencies: it says little about who fits, and costs a pass over every actor."""
        frequency: dict[int, float] = {}
        idf = 0.0
        for name, weight in FIELD_WEIGHTS:
            full, partial = bm25.field_hits(
                term, self.postings[name], self.vocabulary, known.setdefault(name, {})
            )
            if name == "document":
                if not (full or partial):
                    return {}, 0.0
                idf = bm25.idf(len(full) + len(partial), self.size)
                if skip_common and idf < MIN_IDF:
                    return {}, idf
                # The document holds every term of the other fields: it sets the base.
                frequency = dict.fromkeys(partial, weight * SUBSTRING_HIT)
                frequency.update(dict.fromkeys(full, weight))
                continue
            for position in full:
                frequency[position] = frequency.get(position, 0.0) + weight
            for position in partial:
                frequency[position] = frequency.get(position, 0.0) + weight * SUBSTRING_HIT
        return frequency, idf


def published_actors():
    """The actors the engine ranks: published, never drafts, archived or merged ones."""
    return Actor.objects.filter(status=ActorStatus.PUBLISHED, merged_into__isnull=True)


def index_fingerprint() -> tuple:
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


def _length_norms(lengths: list[int]) -> list[float]:
    """BM25 length normalisation by the breadth of the competences (not of the whole
    document: the name of a district must not move an actor). Without competences: 1."""
    known = [length for length in lengths if length]
    average = (sum(known) / len(known)) if known else 1.0
    return [
        1 - bm25.BM25_B + bm25.BM25_B * length / average if length else 1.0 for length in lengths
    ]


def build_index(fingerprint: tuple) -> ActorIndex:
    index = ActorIndex(fingerprint=fingerprint)
    districts = {
        pk: (ags, (latitude, longitude))
        for pk, ags, latitude, longitude in District.objects.values_list(
            "pk", "ags", "centroid_latitude", "centroid_longitude"
        )
    }
    rows = (
        published_actors()
        .order_by("pk")
        .values_list(
            "pk",
            "name",
            "kind",
            "is_demo",
            "latitude",
            "longitude",
            "district_id",
            "search_name",
            "search_competences",
            "search_document",
        )
    )
    postings = {name: defaultdict(list) for name, _weight in FIELD_WEIGHTS}
    lengths = []
    for position, row in enumerate(rows.iterator(chunk_size=2000)):
        pk, name, kind, is_demo, latitude, longitude, district_id = row[:7]
        ags, centroid = districts.get(district_id, ("", None))
        own = (latitude, longitude) if latitude is not None and longitude is not None else None
        index.ids.append(pk)
        index.names.append(name)
        index.kinds.append(kind)
        index.demo.append(is_demo)
        index.positions.append(own or centroid)
        index.district_ags.append(ags)
        index.position_of[pk] = position
        search_name, search_competences, search_document = row[7:]
        for field_name, column in zip(
            ("name", "competences", "document"),
            (search_name, search_competences, search_document),
            strict=True,
        ):
            terms = column.split()
            for term in terms:
                postings[field_name][term].append(position)
            if field_name == "competences":
                lengths.append(len(terms))
    index.postings = {name: dict(terms) for name, terms in postings.items()}
    index.vocabulary = bm25.Vocabulary(index.postings["document"])
    index.norms = _length_norms(lengths)
    order = sorted(range(index.size), key=lambda p: (index.names[p].casefold(), index.ids[p]))
    index.name_rank = [0] * index.size
    for rank, position in enumerate(order):
        index.name_rank[position] = rank
    _load_relations(index)
    return index


def _shared(value: frozenset, known: dict[frozenset, frozenset]) -> frozenset:
    return known.setdefault(value, value)


def _load_relations(index: ActorIndex) -> None:
    clusters: dict[int, set[int]] = defaultdict(set)
    memberships = ClusterMembership.objects.values_list("actor_id", "cluster_id")
    for actor_id, cluster_id in memberships.iterator(chunk_size=5000):
        position = index.position_of.get(actor_id)
        if position is not None:
            clusters[position].add(cluster_id)
    shared: dict[frozenset, frozenset] = {}  # thousands of actors have the same sets
    index.clusters = [_shared(frozenset(clusters.get(p, ())), shared) for p in range(index.size)]
    lineages: dict[int, set[str]] = defaultdict(set)
    tags = CompetenceTopicArea.objects.values_list("competence__actor_id", "lineage")
    for actor_id, lineage in tags.iterator(chunk_size=5000):
        position = index.position_of.get(actor_id)
        if position is not None:
            lineages[position].add(str(lineage))
    index.lineages = [_shared(frozenset(lineages.get(p, ())), shared) for p in range(index.size)]
    by_lineage: dict[str, list[int]] = defaultdict(list)
    for position in sorted(lineages):
        for lineage in lineages[position]:
            by_lineage[lineage].append(position)
    index.by_lineage = dict(by_lineage)
    index.cluster_names = {
        pk: short_name or name
        for pk, name, short_name in Cluster.objects.values_list("pk", "name", "short_name")
    }


_index: ActorIndex | None = None
_index_lock = threading.Lock()


def actor_index() -> ActorIndex:
    """The cached index of published actors, rebuilt when the fingerprint changed."""
    global _index
    fingerprint = index_fingerprint()
    with _index_lock:
        if _index is not None and _index.fingerprint == fingerprint:
            return _index
        _index = build_index(fingerprint)
        return _index


def clear_cache() -> None:
    """Forget the index (tests; the fingerprint makes this unnecessary in production)."""
    global _index
    with _index_lock:
        _index = None
