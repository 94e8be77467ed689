"""The matching engine of the Kooperationsbörse: who fits a need, and which listings meet it.

A need (a listing, or a free text) is ranked against published actors (`match_actors`) or
against listings of complementary kinds (`rank_listings`). The score of a candidate is a
weighted sum of parts that each lie between 0 and 1:

    score = 0.55 · text + 0.20 · topic + 0.12 · kind + 0.03 · partner
            + 0.05 · closeness + 0.05 · cross-cluster

- text: BM25 over the index terms of `clusterwerk.core.text` (stems, compound parts, synonym
  keys; a needle of four or more characters also meets longer terms, at half weight). For
  actors the three stored index columns are fields: a hit in the competences counts 3, in
  the name 2, elsewhere in the document 1 (binary: the columns are de-duplicated); lengths
  are normalised by the number of competence terms. Divided by the best candidate's text
  score, so the best text match has 1.
- topic: the share of the need's topic areas (lineages) the candidate is tagged with; when the
  need names none, the areas `projects.classify` suggests for its text, each weighted by its
  suggestion's share.
- kind: the preference of the listing kind for kinds of partners (an F&E-Kooperationsgesuch
  and a Technologie-Gesuch rank universities and research institutes up, competence centres
  and transfer offices a bit; business listings companies and craft businesses; training
  cooperations also chambers and networks). Free text without a listing kind counts as a
  research need when it uses research words (see `RESEARCH_PREFIXES`).
- partner: a craft business meets industry (companies) and vice versa.
- closeness: 1 / (1 + km / 50) between the owner's position and the candidate's (own
  coordinates, else the district centroid), when both are known.
- cross-cluster: when asked for, actors that belong to another cluster than the need's (half
  for those that belong to both).

Only actors that meet at least one word of the need are candidates; when none does (or the
need has no words, only topic areas), actors tagged with one of the need's topic areas are.
The region is a filter. Words of need phrasing ("suchen", "Partner", "Firma" …, see
`FILLER_WORDS`) are not searched, nor words that nine in ten actors have while others meet
someone. Ties break by name. Everything is deterministic and local: no network, no model.

The actor index lives in memory, one per process (about 75 MB and 1.5 s to build for 25,000
actors), built from the stored index columns, the topic tags and the cluster memberships. A
fingerprint query on primary keys (see `_fingerprint`) runs before every match; when it
changed, the index is rebuilt, so an edited, added or archived actor is seen at once.
"""

import heapq
import math
import threading
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.actors.models import (
    Actor,
    ActorHistory,
    ActorKind,
    ActorStatus,
    ClusterMembership,
    CompetenceTopicArea,
    District,
)
from clusterwerk.core.models import Cluster
from clusterwerk.core.text import (
    SUBSTRING_HIT,
    QueryTerm,
    index_terms,
    is_synonym_key,
    matches_as_substring,
    parse_query,
    stem,
)

# --- Listing kinds (the values of matchmaking.models.ListingKind) --------------------------

TECHNOLOGY_OFFER = "technology_offer"
TECHNOLOGY_REQUEST = "technology_request"
BUSINESS_OFFER = "business_offer"
BUSINESS_REQUEST = "business_request"
RDI_REQUEST = "rdi_request"
EQUIPMENT_SHARING = "equipment_sharing"
TRAINING_COOPERATION = "training_cooperation"

LISTING_KIND_LABELS = {
    TECHNOLOGY_OFFER: gettext_lazy("Technologie-Angebot"),
    TECHNOLOGY_REQUEST: gettext_lazy("Technologie-Gesuch"),
    BUSINESS_OFFER: gettext_lazy("Geschäfts-Angebot"),
    BUSINESS_REQUEST: gettext_lazy("Geschäfts-Gesuch"),
    RDI_REQUEST: gettext_lazy("F&E-Kooperationsgesuch"),
    EQUIPMENT_SHARING: gettext_lazy("Maschinen-/Laborteilung"),
    TRAINING_COOPERATION: gettext_lazy("Ausbildungskooperation"),
}

COMPLEMENTARY_KINDS = {
    TECHNOLOGY_OFFER: (TECHNOLOGY_REQUEST, RDI_REQUEST),
    TECHNOLOGY_REQUEST: (TECHNOLOGY_OFFER, EQUIPMENT_SHARING),
    RDI_REQUEST: (TECHNOLOGY_OFFER,),
    BUSINESS_OFFER: (BUSINESS_REQUEST,),
    BUSINESS_REQUEST: (BUSINESS_OFFER,),
    EQUIPMENT_SHARING: (EQUIPMENT_SHARING, TECHNOLOGY_REQUEST),
    TRAINING_COOPERATION: (TRAINING_COOPERATION,),
}

# --- Region scopes -------------------------------------------------------------------------

SCOPE_ANYWHERE = ""
SCOPE_RADIUS = "radius"
SCOPE_DISTRICTS = "districts"
SCOPE_BERLIN_BRANDENBURG = "berlin_brandenburg"
SCOPE_GERMANY = "germany"
SCOPE_EU = "eu"
BERLIN_BRANDENBURG_STATE_CODES = frozenset({"11", "12"})
# For actors with own coordinates but no district: rough boxes (lat_min, lat_max, lon_min,
# lon_max); every district row is German, so a district decides wherever there is one.
BERLIN_BRANDENBURG_BOX = (51.35, 53.56, 11.26, 14.77)
GERMANY_BOX = (47.27, 55.06, 5.87, 15.04)
EARTH_RADIUS_KM = 6371.0

# --- Score ---------------------------------------------------------------------------------

TEXT_WEIGHT = 0.55
TOPIC_WEIGHT = 0.20
KIND_WEIGHT = 0.12
PARTNER_WEIGHT = 0.03
DISTANCE_WEIGHT = 0.05
CROSS_CLUSTER_WEIGHT = 0.05
# Fields of an actor's index, the document first: a hit in the competences counts 1 + 2, in
# the name 1 + 1, in the rest of the document 1 (the document holds name and competences too).
FIELD_WEIGHTS = (("document", 1.0), ("competences", 2.0), ("name", 1.0))
BM25_K1 = 1.2
BM25_B = 0.25
# A word in nine of ten actors (idf below this) is not searched.
MIN_IDF = 0.1
DISTANCE_SCALE_KM = 50.0
MEMBER_OF_BOTH_CLUSTERS = 0.5
# A long listing text is cut to this many distinct words (each costs a pass over postings).
MAX_QUERY_TERMS = 40
SCORE_EPSILON = 1e-9
MAX_REASON_WORDS = 3
# A word is named as a reason when it adds at least this share of the strongest word's part.
MIN_REASON_SHARE = 0.25
MAX_REASON_TOPICS = 3
SUGGESTED_TOPICS = 3

SCIENCE_PREFERENCE = {
    ActorKind.UNIVERSITY: 1.0,
    ActorKind.RESEARCH_INSTITUTE: 1.0,
    ActorKind.COMPETENCE_CENTRE: 0.5,
    ActorKind.TRANSFER_OFFICE: 0.5,
}
BUSINESS_PREFERENCE = {ActorKind.COMPANY: 1.0, ActorKind.CRAFT_BUSINESS: 1.0}
TRAINING_PREFERENCE = {
    ActorKind.COMPANY: 1.0,
    ActorKind.CRAFT_BUSINESS: 1.0,
    ActorKind.CHAMBER: 1.0,
    ActorKind.NETWORK: 1.0,
}
KIND_PREFERENCES = {
    RDI_REQUEST: SCIENCE_PREFERENCE,
    TECHNOLOGY_REQUEST: SCIENCE_PREFERENCE,
    BUSINESS_OFFER: BUSINESS_PREFERENCE,
    BUSINESS_REQUEST: BUSINESS_PREFERENCE,
    TRAINING_COOPERATION: TRAINING_PREFERENCE,
}
# Craft businesses meet industry and vice versa (the owner's kind → the partner's kind).
PARTNER_PREFERENCES = {
    ActorKind.CRAFT_BUSINESS: {ActorKind.COMPANY: 1.0},
    ActorKind.COMPANY: {ActorKind.CRAFT_BUSINESS: 1.0},
}

# Free text is a research need when one of its words starts with one of these stems (also a
# compound part: "Forschungspartner") …
RESEARCH_PREFIXES = ("forsch", "erforsch", "wissenschaft", "hochschul", "universitat", "institut")
# … or when a whole word starts with one of these ("Entwicklung", not "Personalentwicklung")
RESEARCH_WORD_PREFIXES = ("entwick", "weiterentwick", "labor")
# … or is one of these stems or synonym keys ("Studie", "Uni", "F&E").
RESEARCH_WORDS = frozenset({"studi", "uni", "syn:fu", "syn:hochschul"})

# How companies phrase a need without saying what they need: not searched.
FILLER_WORDS = (
    "suchen",
    "Suche",
    "gesucht",
    "brauchen",
    "benötigen",
    "Bedarf",
    "finden",
    "kennen",
    "helfen",
    "Hilfe",
    "unterstützen",
    "Unterstützung",
    "möchten",
    "gern",
    "gerne",
    "bitte",
    "Frage",
    "Thema",
    "Möglichkeit",
    "Idee",
    "jemand",
    "jemanden",
    "wer",
    "Partner",
    "Partnerin",
    "Partnern",
    "Kooperationspartner",
    "Ansprechpartner",
    "Kontakt",
    "Kooperation",
    "Zusammenarbeit",
    "zusammenarbeiten",
    "Firma",
    "Firmen",
    "Unternehmen",
    "Betrieb",
    "Anbieter",
    "Dienstleister",
)


class EmptyNeed(ValueError):
    """The need has no searchable word and no topic area."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Bitte beschreiben Sie, wonach Sie suchen."))


@dataclass(frozen=True)
class Region:
    scope: str = SCOPE_ANYWHERE
    radius_km: int | None = None  # for "radius": around Need.origin
    district_ags: frozenset[str] = frozenset()  # for "districts": 5-digit Kreisschlüssel


@dataclass(frozen=True)
class Need:
    text: str
    listing_kind: str = ""
    topic_lineages: tuple[str, ...] = ()
    partner_kinds: tuple[str, ...] = ()
    origin: tuple[float, float] | None = None
    origin_kind: str = ""
    region: Region = Region()
    cross_cluster: bool = False
    cluster_id: int | None = None
    exclude_actor_ids: frozenset[int] = frozenset()


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


def complementary_kinds(listing_kind: str) -> tuple[str, ...]:
    """The listing kinds that meet a listing of this kind (a request meets offers …)."""
    return COMPLEMENTARY_KINDS.get(listing_kind, ())


# --- The need's words ------------------------------------------------------------------------


@cache
def _filler_stems() -> frozenset[str]:
    return frozenset(stem(word) for word in FILLER_WORDS)


def _own_stem(term: QueryTerm) -> str:
    """The stem of the word as a whole (the first alternative of a one-word term)."""
    first = term.alternatives[0]
    return first[0] if len(first) == 1 else ""


def need_terms(text: str) -> list[QueryTerm]:
    """The searchable words of a need: no stopwords, no filler, each word once."""
    fillers = _filler_stems()
    terms: dict[tuple, QueryTerm] = {}
    for term in parse_query(text or ""):
        if _own_stem(term) in fillers:
            continue
        terms.setdefault(term.alternatives, term)
    return list(terms.values())[:MAX_QUERY_TERMS]


def has_research_intent(terms: Sequence[QueryTerm]) -> bool:
    """Whether free text asks for research (see `RESEARCH_PREFIXES` and its neighbours)."""
    for term in terms:
        own = _own_stem(term)
        if own in RESEARCH_WORDS or own.startswith(RESEARCH_WORD_PREFIXES):
            return True
        if any(needle.startswith(RESEARCH_PREFIXES) for needle in term.needles):
            return True
        if any(needle in RESEARCH_WORDS for needle in term.needles if is_synonym_key(needle)):
            return True
    return False


def kind_preference(need: Need, terms: Sequence[QueryTerm]) -> dict[str, float]:
    if need.listing_kind:
        return dict(KIND_PREFERENCES.get(need.listing_kind, {}))
    return dict(SCIENCE_PREFERENCE) if has_research_intent(terms) else {}


# --- Geography -----------------------------------------------------------------------------


def distance_km(first: tuple[float, float], second: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1 = map(math.radians, first)
    lat2, lon2 = map(math.radians, second)
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def closeness(kilometres: float) -> float:
    return 1.0 / (1.0 + kilometres / DISTANCE_SCALE_KM)


def _in_box(position: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    return box[0] <= position[0] <= box[1] and box[2] <= position[1] <= box[3]


def in_region(
    region: Region,
    origin: tuple[float, float] | None,
    *,
    position: tuple[float, float] | None,
    district_ags: str,
) -> bool:
    """Whether a place lies in the region. A place without position is outside a radius or a
    district list and inside the wider scopes (its location is unknown, not wrong). A radius
    without origin cannot be applied and restricts nothing."""
    scope = region.scope
    if scope == SCOPE_RADIUS:
        if origin is None or region.radius_km is None:
            return True
        return position is not None and distance_km(origin, position) <= region.radius_km
    if scope == SCOPE_DISTRICTS:
        return bool(district_ags) and district_ags in region.district_ags
    if scope == SCOPE_BERLIN_BRANDENBURG:
        if district_ags:
            return district_ags[:2] in BERLIN_BRANDENBURG_STATE_CODES
        return position is None or _in_box(position, BERLIN_BRANDENBURG_BOX)
    if scope == SCOPE_GERMANY:
        return bool(district_ags) or position is None or _in_box(position, GERMANY_BOX)
    return True


# --- Text scoring helpers ------------------------------------------------------------------


class _Vocabulary:
    """The index terms of a field, for finding the terms that contain a needle."""

    def __init__(self, terms: Iterable[str]):
        self.terms = sorted(term for term in terms if not is_synonym_key(term))
        self.starts = []
        offset = 0
        for term in self.terms:
            self.starts.append(offset)
            offset += len(term) + 1
        self.joined = "\n".join(self.terms)
        self._cache: dict[str, tuple[str, ...]] = {}

    def containing(self, needle: str) -> tuple[str, ...]:
        """Terms that hold the needle but are not it (`text.needle_in`'s substring rule)."""
        if not matches_as_substring(needle):
            return ()
        cached = self._cache.get(needle)
        if cached is not None:
            return cached
        found = []
        start = self.joined.find(needle)
        while start != -1:
            index = bisect_right(self.starts, start) - 1
            term = self.terms[index]
            if term != needle:
                found.append(term)
            start = self.joined.find(needle, self.starts[index] + len(term) + 1)
        result = tuple(found)
        if len(self._cache) > 20_000:  # bounded: queries are free text
            self._cache.clear()
        self._cache[needle] = result
        return result


def _idf(document_frequency: int, total: int) -> float:
    return math.log(1 + (total - document_frequency + 0.5) / (document_frequency + 0.5))


def _saturated(frequency: float, norm: float) -> float:
    return frequency * (BM25_K1 + 1) / (frequency + BM25_K1 * norm)


@dataclass
class _TermHits:
    """One query term's share of the text score, per candidate position."""

    term: QueryTerm
    contributions: dict[int, float]


NeedleSets = dict[str, tuple[frozenset[int], frozenset[int]]]


def _needle_sets(
    needle: str, postings: dict[str, list[int]], vocabulary: _Vocabulary, known: NeedleSets
) -> tuple[frozenset[int], frozenset[int]]:
    """Positions whose field holds the needle as a whole term, and as a whole term or inside
    a longer one; remembered in `known` (a query's words share needles)."""
    if needle not in known:
        exact = frozenset(postings.get(needle, ()))
        longer = vocabulary.containing(needle)
        if longer:
            around = set(exact)
            for term in longer:
                around.update(postings.get(term, ()))
            known[needle] = (exact, frozenset(around))
        else:
            known[needle] = (exact, exact)
    return known[needle]


def _field_hits(
    term: QueryTerm,
    postings: dict[str, list[int]],
    vocabulary: _Vocabulary,
    known: NeedleSets | None = None,
) -> tuple[set[int], set[int]]:
    """Positions where the term meets the field fully (all needles of an alternative as
    whole terms) and only partly (some needle only inside a longer term)."""
    known = {} if known is None else known
    full: set[int] = set()
    reached: set[int] = set()
    for alternative in term.alternatives:
        sets = [_needle_sets(needle, postings, vocabulary, known) for needle in alternative]
        if len(sets) == 1:
            full |= sets[0][0]
            reached |= sets[0][1]
            continue
        full |= frozenset.intersection(*(exact for exact, _around in sets))
        reached |= frozenset.intersection(*(around for _exact, around in sets))
    return full, reached - full


# --- The actor index -----------------------------------------------------------------------


@dataclass
class _ActorIndex:
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
    vocabulary: _Vocabulary | None = None
    by_lineage: dict[str, list[int]] = field(default_factory=dict)
    position_of: dict[int, int] = field(default_factory=dict)
    cluster_names: dict[int, str] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.ids)

    def term_hits(
        self, term: QueryTerm, known: dict[str, NeedleSets], *, skip_common: bool = True
    ) -> tuple[dict[int, float], float]:
        """Field-weighted frequency per actor position, and the term's idf. `known` holds the
        needles' positions per field, shared by the words of one query. With `skip_common`,
        a word that nearly every actor has (idf below `MIN_IDF`) comes back without
        frequencies: it says little about who fits, and costs a pass over every actor."""
        frequency: dict[int, float] = {}
        idf = 0.0
        for name, weight in FIELD_WEIGHTS:
            full, partial = _field_hits(
                term, self.postings[name], self.vocabulary, known.setdefault(name, {})
            )
            if name == "document":
                if not (full or partial):
                    return {}, 0.0
                idf = _idf(len(full) + len(partial), self.size)
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


def _length_norms(lengths: list[int]) -> list[float]:
    """BM25 length normalisation by the breadth of the competences (not of the whole
    document: the name of a district must not move an actor). Without competences: 1."""
    known = [length for length in lengths if length]
    average = (sum(known) / len(known)) if known else 1.0
    return [1 - BM25_B + BM25_B * length / average if length else 1.0 for length in lengths]


def _build_index(fingerprint: tuple) -> _ActorIndex:
    index = _ActorIndex(fingerprint=fingerprint)
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
    index.vocabulary = _Vocabulary(index.postings["document"])
    index.norms = _length_norms(lengths)
    order = sorted(range(index.size), key=lambda p: (index.names[p].casefold(), index.ids[p]))
    index.name_rank = [0] * index.size
    for rank, position in enumerate(order):
        index.name_rank[position] = rank
    _load_relations(index)
    return index


def _shared(value: frozenset, known: dict[frozenset, frozenset]) -> frozenset:
    return known.setdefault(value, value)


def _load_relations(index: _ActorIndex) -> None:
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


_index: _ActorIndex | None = None
_index_lock = threading.Lock()


def actor_index() -> _ActorIndex:
    """The cached index of published actors, rebuilt when the fingerprint changed."""
    global _index
    fingerprint = _fingerprint()
    with _index_lock:
        if _index is not None and _index.fingerprint == fingerprint:
            return _index
        _index = _build_index(fingerprint)
        return _index


_catalogues: dict[int, tuple[tuple, dict[str, str]]] = {}


def _topic_numbers(cluster: Cluster | None) -> dict[str, str]:
    """Lineage → topic-area number in the cluster's published edition (cached per edition)."""
    from clusterwerk.masterplan.models import Edition, EditionStatus, TopicArea

    if cluster is None:
        return {}
    edition = (
        Edition.objects.filter(cluster=cluster, status=EditionStatus.PUBLISHED)
        .values_list("pk", "updated_at")
        .first()
    )
    if edition is None:
        return {}
    with _index_lock:
        cached = _catalogues.get(cluster.pk)
    if cached and cached[0] == edition:
        return cached[1]
    numbers = {
        str(lineage): number
        for lineage, number in TopicArea.objects.filter(edition_id=edition[0]).values_list(
            "lineage", "number"
        )
    }
    with _index_lock:
        _catalogues[cluster.pk] = (edition, numbers)
    return numbers


def clear_cache() -> None:
    global _index
    with _index_lock:
        _index = None
        _catalogues.clear()


# --- Shared parts of both rankings -----------------------------------------------------------


def _need_cluster(need: Need) -> Cluster | None:
    if need.cluster_id is not None:
        return Cluster.objects.filter(pk=need.cluster_id).first()
    return Cluster.objects.filter(slug=settings.DEFAULT_CLUSTER_SLUG).first()


def _topic_weights(need: Need, cluster: Cluster | None) -> dict[str, float]:
    """The need's topic areas with their weights: explicit ones share the weight 1; without
    them the areas suggested for the text, each weighing its suggestion's share."""
    if need.topic_lineages:
        lineages = {str(lineage) for lineage in need.topic_lineages}
        return {lineage: 1.0 / len(lineages) for lineage in lineages}
    if cluster is None or not need.text.strip():
        return {}
    from clusterwerk.masterplan.classify import NoPublishedEdition, suggest_topic_areas

    try:
        suggestions = suggest_topic_areas(need.text, cluster=cluster, limit=SUGGESTED_TOPICS)
    except NoPublishedEdition:
        return {}
    return {suggestion.lineage: suggestion.score for suggestion in suggestions}


def _number_key(number: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in number.split("."))


def _overlap_numbers(
    weights: dict[str, float], lineages: frozenset[str], numbers: dict[str, str]
) -> list[str]:
    """Numbers of the need's topic areas that the candidate is tagged with, in plan order."""
    shared = [numbers[lineage] for lineage in weights if lineage in lineages and lineage in numbers]
    return sorted(shared, key=_number_key)[:MAX_REASON_TOPICS]


def _topic_reason(numbers: list[str]) -> list[str]:
    if not numbers:
        return []
    if len(numbers) == 1:
        return [_("Themenbereich %(number)s") % {"number": numbers[0]}]
    return [_("Themenbereiche %(numbers)s") % {"numbers": ", ".join(numbers)}]


def _words_reason(words: list[str]) -> list[str]:
    return [_("Treffer: %(words)s") % {"words": ", ".join(words)}] if words else []


def _distance_reason(kilometres: int | None) -> list[str]:
    return [_("%(km)d km") % {"km": kilometres}] if kilometres is not None else []


def _matched_words(contributions: list[tuple[float, int, str]]) -> list[str]:
    """The need's own words that carried the match, strongest first; a word that added
    little (a short needle inside some longer word) is left out."""
    strongest = max((value for value, _order, _word in contributions), default=0.0)
    words: list[str] = []
    for value, _order, word in sorted(contributions, key=lambda item: (-item[0], item[1])):
        if value < MIN_REASON_SHARE * strongest or len(words) == MAX_REASON_WORDS:
            break
        if word.casefold() not in {known.casefold() for known in words}:
            words.append(word)
    return words


def _kind_label(kind: str) -> str:
    labels = dict(ActorKind.choices)
    return str(labels.get(kind, kind))


# --- Actors --------------------------------------------------------------------------------


@dataclass
class _ActorScoring:
    need: Need
    index: _ActorIndex
    hits: list[_TermHits]
    text: dict[int, float]  # raw BM25 per candidate position
    topic_weights: dict[str, float]
    kinds: dict[str, float]
    partners: dict[str, float]
    numbers: dict[str, str]


def _text_scores(
    index: _ActorIndex, terms: Sequence[QueryTerm]
) -> tuple[list[_TermHits], dict[int, float]]:
    """BM25 per candidate position, and per term its contributions. Words that nearly every
    actor has count only when the need has no other word that meets an actor."""
    known: dict[str, NeedleSets] = {}
    hits, totals = _add_terms(index, terms, known, skip_common=True)
    if not totals:
        hits, totals = _add_terms(index, terms, known, skip_common=False)
    return hits, totals


def _add_terms(
    index: _ActorIndex, terms: Sequence[QueryTerm], known: dict, *, skip_common: bool
) -> tuple[list[_TermHits], dict[int, float]]:
    hits = []
    totals: dict[int, float] = defaultdict(float)
    norms = index.norms
    for term in terms:
        frequency, idf = index.term_hits(term, known, skip_common=skip_common)
        if not frequency:
            continue
        contributions = {}
        for position, value in frequency.items():
            contribution = idf * _saturated(value, norms[position])
            contributions[position] = contribution
            totals[position] += contribution
        hits.append(_TermHits(term, contributions))
    return hits, totals


def _has_filters(need: Need) -> bool:
    wide = need.region.scope in (SCOPE_ANYWHERE, SCOPE_EU)
    return bool(need.partner_kinds or need.exclude_actor_ids) or not wide


def _allowed(scoring: _ActorScoring, position: int) -> bool:
    need, index = scoring.need, scoring.index
    if need.partner_kinds and index.kinds[position] not in need.partner_kinds:
        return False
    if need.exclude_actor_ids and index.ids[position] in need.exclude_actor_ids:
        return False
    if need.region.scope in (SCOPE_ANYWHERE, SCOPE_EU):
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
    numbers = _overlap_numbers(scoring.topic_weights, index.lineages[position], scoring.numbers)
    kind = index.kinds[position]
    reasons = _words_reason(_matched_words(contributions))
    reasons.append(_kind_label(kind))
    reasons += _distance_reason(kilometres)
    reasons += _topic_reason(numbers)
    if _cluster_part(scoring, position, own_cluster):
        others = sorted(
            index.cluster_names.get(pk, "") for pk in index.clusters[position] - {own_cluster}
        )
        reasons.append(_("Cross-Cluster: %(clusters)s") % {"clusters": ", ".join(others)})
    return ActorMatch(
        actor_id=index.ids[position],
        name=index.names[position],
        kind=kind,
        kind_label=_kind_label(kind),
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
    cluster = _need_cluster(need)
    topic_weights = _topic_weights(need, cluster)
    hits, text = _text_scores(index, terms)
    scoring = _ActorScoring(
        need=need,
        index=index,
        hits=hits,
        text=text,
        topic_weights=topic_weights,
        kinds=kind_preference(need, terms),
        partners=PARTNER_PREFERENCES.get(need.origin_kind, {}),
        numbers=_topic_numbers(cluster),
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


# --- Listings ------------------------------------------------------------------------------


def _listing_text_scores(
    terms: Sequence[QueryTerm], documents: Sequence[frozenset[str]]
) -> tuple[list[dict[int, float]], list[float]]:
    """BM25 over the candidates' index terms (one field): per term the contribution of each
    candidate, and the total per candidate."""
    lengths = [len(document) for document in documents]
    average = (sum(lengths) / len(lengths)) if lengths else 1.0
    norms = [1 - BM25_B + BM25_B * length / (average or 1.0) for length in lengths]
    vocabulary = _Vocabulary(set().union(*documents) if documents else ())
    postings: dict[str, list[int]] = defaultdict(list)
    for position, document in enumerate(documents):
        for term in document:
            postings[term].append(position)
    per_term = []
    totals = [0.0] * len(documents)
    for term in terms:
        full, partial = _field_hits(term, postings, vocabulary)
        document_frequency = len(full) + len(partial)
        contributions: dict[int, float] = {}
        if document_frequency:
            idf = _idf(document_frequency, len(documents))
            for position in full | partial:
                frequency = 1.0 if position in full else SUBSTRING_HIT
                contributions[position] = idf * _saturated(frequency, norms[position])
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
    cluster = _need_cluster(need)
    documents = [frozenset(index_terms(candidate.text)) for candidate in pool]
    per_term, totals = _listing_text_scores(terms, documents)
    context = _ListingContext(
        need=need,
        terms=terms,
        per_term=per_term,
        best_text=max(totals, default=0.0),
        topic_weights=_topic_weights(need, cluster),
        numbers=_topic_numbers(cluster),
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
    per_term: list[dict[int, float]]
    best_text: float
    topic_weights: dict[str, float]
    numbers: dict[str, str]
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
    words = _matched_words(
        [
            (contributions[position], order, context.terms[order].text)
            for order, contributions in enumerate(context.per_term)
            if position in contributions
        ]
    )
    reasons = _words_reason(words)
    reasons.append(str(LISTING_KIND_LABELS.get(candidate.kind, candidate.kind)))
    reasons += _distance_reason(kilometres)
    reasons += _topic_reason(_overlap_numbers(context.topic_weights, lineages, context.numbers))
    match = ListingMatch(
        listing_id=candidate.listing_id,
        score=round(min(1.0, score), 3),
        reasons=reasons,
        distance_km=kilometres,
    )
    return score, match
