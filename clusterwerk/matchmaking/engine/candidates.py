"""Candidates from the database: which published actors a need's words (or topic areas) meet,
the need's filters as SQL, and a cheap rank that preselects the best few hundred when more
meet the words.

`term_condition` is the one place where the engine says what "a word meets an actor" means
in SQL: the directory's rule (`core.text.like_pattern` on the stored `search_document`; a
needle of four or more characters also meets longer index terms). Swap it for an indexed
full-text condition and both the candidates and the document frequencies
(`statistics.document_frequencies`) follow.
"""

import functools
import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from clusterwerk.actors.models import Actor, ActorStatus, CompetenceTopicArea
from clusterwerk.actors.queries import term_condition as actor_term_condition
from clusterwerk.core.text import QueryTerm
from clusterwerk.matchmaking.engine.geography import (
    BERLIN_BRANDENBURG_BOX,
    BERLIN_BRANDENBURG_STATE_CODES,
    EARTH_RADIUS_KM,
    GERMANY_BOX,
    WIDE_SCOPES,
)
from clusterwerk.matchmaking.engine.needs import Need
from clusterwerk.matchmaking.models import RegionScope

# At most this many candidates are loaded and re-ranked in Python per need; when more actors
# meet the words, the cheap rank (`text_rank`, then `others_rank`) preselects them in SQL.
CANDIDATE_CAP = 400

# The stored index columns of an actor, as fields of the text score with their extra weight:
# a hit counts 1 in the document (which holds every term of the other two), + 2 in the
# competences, + 1 in the name.
FIELD_COLUMNS = (
    ("document", "search_document", 1.0),
    ("competences", "search_competences", 2.0),
    ("name", "search_name", 1.0),
)

# The columns the re-ranking needs of a candidate.
CANDIDATE_COLUMNS = (
    "pk",
    "name",
    "kind",
    "is_demo",
    "latitude",
    "longitude",
    "district__ags",
    "district__centroid_latitude",
    "district__centroid_longitude",
    "search_name",
    "search_competences",
    "search_document",
)


def published_actors() -> QuerySet[Actor]:
    """The actors the engine ranks: published, never drafts, archived or merged ones."""
    return Actor.objects.filter(status=ActorStatus.PUBLISHED, merged_into__isnull=True)


def term_condition(term: QueryTerm, column: str = "search_document") -> Q:
    """The term meets the column: the directory's rule, answered by the database's term index
    (FTS5 on SQLite, tsvector/GIN with a trigram-indexed vocabulary on PostgreSQL), so that
    the engine, the directory and the Python scoring (`core.text.QueryTerm.matches`) agree."""
    return actor_term_condition(term, column)


def words_condition(terms: Sequence[QueryTerm]) -> Q:
    """The actor meets at least one of the terms.

    On PostgreSQL the ids are looked up first, by a union of one query per term: the planner
    then uses the trigram index of `search_document` for each term (for an OR of many LIKE
    conditions it prices the index scans above a scan of the whole table, which is many
    times slower), and the rows are then fetched by primary key."""
    if connection.vendor != "postgresql" or len(terms) < 2:
        return functools.reduce(operator.or_, (term_condition(term) for term in terms), Q())
    parts, params = [], []
    for term in terms:
        sql, part_params = term_query(term).query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS term_{len(parts)}")
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ".join(parts), params)
        ids = [pk for (pk,) in cursor.fetchall()]
    # One array parameter, however many ids (a list would be one parameter per id).
    column = ".".join(connection.ops.quote_name(name) for name in (Actor._meta.db_table, "id"))
    return Q(RawSQL(f"{column} = ANY(%s)", (ids,), output_field=BooleanField()))


def term_query(term: QueryTerm) -> QuerySet:
    """The ids of the published actors that meet the term (unordered)."""
    return published_actors().filter(term_condition(term)).order_by().values("pk")


# --- The need's filters ----------------------------------------------------------------------

_PLACED = Q(latitude__isnull=False, longitude__isnull=False)


def _place_expressions():
    """An actor's place as SQL: its own coordinates, else its district's centroid."""
    latitude = Case(
        When(_PLACED, then=F("latitude")),
        default=F("district__centroid_latitude"),
        output_field=FloatField(),
    )
    longitude = Case(
        When(_PLACED, then=F("longitude")),
        default=F("district__centroid_longitude"),
        output_field=FloatField(),
    )
    return latitude, longitude


def _box_condition(box: tuple[float, float, float, float]) -> Q:
    return Q(
        latitude__gte=box[0], latitude__lte=box[1], longitude__gte=box[2], longitude__lte=box[3]
    )


def region_condition(need: Need) -> Q:
    """The region as SQL, by the rules of `geography.in_region`; a radius is a bounding box
    here (a superset), the exact distance is checked in Python."""
    region = need.region
    scope = region.scope
    if scope in WIDE_SCOPES:
        return Q()
    if scope == RegionScope.RADIUS:
        if need.origin is None or region.radius_km is None:
            return Q()
        latitude, longitude = need.origin
        delta_lat = math.degrees(region.radius_km / EARTH_RADIUS_KM)
        cos = max(0.01, math.cos(math.radians(min(89.0, abs(latitude) + delta_lat))))
        delta_lon = min(180.0, delta_lat / cos)
        return Q(
            place_latitude__gte=latitude - delta_lat,
            place_latitude__lte=latitude + delta_lat,
            place_longitude__gte=longitude - delta_lon,
            place_longitude__lte=longitude + delta_lon,
        )
    if scope == RegionScope.DISTRICTS:
        return Q(district__ags__in=sorted(region.district_ags))
    unplaced = Q(latitude__isnull=True) | Q(longitude__isnull=True)
    if scope == RegionScope.BERLIN_BRANDENBURG:
        in_state = functools.reduce(
            operator.or_,
            (Q(district__ags__startswith=code) for code in sorted(BERLIN_BRANDENBURG_STATE_CODES)),
        )
        return in_state | Q(district__isnull=True) & (
            unplaced | _box_condition(BERLIN_BRANDENBURG_BOX)
        )
    if scope == RegionScope.GERMANY:
        return Q(district__isnull=False) | unplaced | _box_condition(GERMANY_BOX)
    return Q()


def filtered_actors(need: Need) -> QuerySet[Actor]:
    """Published actors within the need's filters: partner kinds, excluded actors, region."""
    actors = published_actors()
    if need.partner_kinds:
        actors = actors.filter(kind__in=need.partner_kinds)
    if need.exclude_actor_ids:
        actors = actors.exclude(pk__in=sorted(need.exclude_actor_ids))
    if need.region.scope == RegionScope.RADIUS:
        latitude, longitude = _place_expressions()
        actors = actors.annotate(place_latitude=latitude, place_longitude=longitude)
    return actors.filter(region_condition(need))


# --- The cheap rank --------------------------------------------------------------------------


def text_rank(terms: Sequence[QueryTerm], idfs: Sequence[float]):
    """Per term its idf times the field weights it meets (document 1, competences + 2,
    name + 1): the text score without saturation and length normalisation."""
    parts = []
    for term, idf in zip(terms, idfs, strict=True):
        for _field, column, weight in FIELD_COLUMNS:
            parts.append(
                Case(
                    When(term_condition(term, column), then=Value(idf * weight)),
                    default=Value(0.0),
                    output_field=FloatField(),
                )
            )
    return balanced_sum(parts) if parts else Value(0.0, output_field=FloatField())


def balanced_sum(parts: Sequence):
    """The sum of the expressions as a balanced tree: a long need (with the thesaurus' terms
    up to ~55 words × 3 fields) nested to the left overflows SQLite's parser stack."""
    if len(parts) == 1:
        return parts[0]
    middle = len(parts) // 2
    return balanced_sum(parts[:middle]) + balanced_sum(parts[middle:])


def kind_rank(preferences: dict[str, float]):
    """A value per actor kind (the kind and partner parts of the score)."""
    whens = [
        When(kind=kind, then=Value(value)) for kind, value in sorted(preferences.items()) if value
    ]
    if not whens:
        return Value(0.0, output_field=FloatField())
    return Case(*whens, default=Value(0.0), output_field=FloatField())


def best_tagged(
    actors: QuerySet[Actor],
    weights: dict[str, float],
    preferences: dict[str, float],
    *,
    limit: int,
) -> list[int]:
    """Ids of the `limit` actors of the queryset with the largest share of the topic areas
    (then by the kind's preference, then by id): one query over the topic tags of these
    areas (their index), the shares summed here – cheaper than a subquery per actor."""
    lineages = sorted(weights)
    number = Case(
        *(When(lineage=lineage, then=Value(index)) for index, lineage in enumerate(lineages)),
        output_field=IntegerField(),
    )
    pairs = (
        CompetenceTopicArea.objects.filter(
            lineage__in=lineages, competence__actor__in=actors.order_by().values("pk")
        )
        .annotate(number=number)
        .values_list("competence__actor_id", "competence__actor__kind", "number")
        .distinct()
    )
    shares: dict[int, float] = {}
    kinds: dict[int, str] = {}
    for actor_id, kind, index in pairs:
        shares[actor_id] = shares.get(actor_id, 0.0) + weights[lineages[index]]
        kinds[actor_id] = kind
    order = sorted(shares, key=lambda pk: (-shares[pk], -preferences.get(kinds[pk], 0.0), pk))
    return order[:limit]


@dataclass(frozen=True)
class CandidateRow:
    """What the re-ranking needs of a candidate (the `CANDIDATE_COLUMNS`)."""

    pk: int
    name: str
    kind: str
    is_demo: bool
    position: tuple[float, float] | None
    district_ags: str
    fields: dict[str, frozenset[str]]  # document/competences/name → index terms
    columns: dict[str, str]  # document/competences/name → the stored column


def candidate_rows(actors: QuerySet[Actor], *, limit: int | None) -> list[CandidateRow]:
    """The first `limit` (None: all) actors of the queryset as `CandidateRow`s, one query."""
    rows = []
    values_list = actors.values_list(*CANDIDATE_COLUMNS)
    for values in values_list if limit is None else values_list[:limit]:
        (pk, name, kind, is_demo, latitude, longitude, ags, centroid_lat, centroid_lon) = values[:9]
        if latitude is not None and longitude is not None:
            position = (latitude, longitude)
        elif centroid_lat is not None and centroid_lon is not None:
            position = (centroid_lat, centroid_lon)
        else:
            position = None
        search_name, search_competences, search_document = values[9:]
        rows.append(
            CandidateRow(
                pk=pk,
                name=name,
                kind=kind,
                is_demo=is_demo,
                position=position,
                district_ags=ags or "",
                fields={
                    "document": frozenset(search_document.split()),
                    "competences": frozenset(search_competences.split()),
                    "name": frozenset(search_name.split()),
                },
                columns={
                    "document": search_document,
                    "competences": search_competences,
                    "name": search_name,
                },
            )
        )
    return rows
