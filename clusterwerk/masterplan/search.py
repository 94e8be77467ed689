"""Full-text search in one edition of the masterplan (action fields, key points, topic areas).

Every element stores its index terms in `search_document` (see `search_document_for`; the
services call it on every write). A search finds candidates in the database by that column,
which works the same on SQLite and PostgreSQL; on PostgreSQL the `german` full-text search
adds its rank and catches stemmed hits the column might miss. The Python text module
(`clusterwerk.core.text`) is the reference: it decides what matches, scores each field and
builds the highlighted snippet.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.utils.safestring import SafeString, mark_safe

from clusterwerk.core.text import (
    QueryTerm,
    build_search_document,
    document_matches,
    highlight,
    like_pattern,
    parse_query,
    score_counts,
    snippet,
    term_counts,
)
from clusterwerk.masterplan.models import (
    ActionField,
    Edition,
    KeyPoint,
    PlanElement,
    SuccessFactor,
    TopicArea,
    number_sort_key,
)

# Tiers: a hit in a higher tier always ranks above hits that only reach lower tiers.
TITLE_TIER = 3
SUMMARY_TIER = 2
BODY_TIER = 1
POSTGRES_WEIGHT_BY_TIER = {TITLE_TIER: "A", SUMMARY_TIER: "B", BODY_TIER: "C"}
SNIPPET_WIDTH = 200
# Words beyond this are ignored: a pasted paragraph must not build an unbounded SQL condition.
MAX_QUERY_TERMS = 16


@dataclass(frozen=True)
class SearchField:
    name: str
    tier: int
    weight: float


_HEAD_FIELDS = (SearchField("number", TITLE_TIER, 3.0), SearchField("title", TITLE_TIER, 3.0))

SEARCH_FIELDS: dict[type[PlanElement], tuple[SearchField, ...]] = {
    ActionField: (*_HEAD_FIELDS, SearchField("intro", BODY_TIER, 1.0)),
    KeyPoint: (*_HEAD_FIELDS, SearchField("intro", BODY_TIER, 1.0)),
    TopicArea: (
        *_HEAD_FIELDS,
        SearchField("keywords", SUMMARY_TIER, 2.0),
        SearchField("goal", SUMMARY_TIER, 2.0),
        SearchField("description", BODY_TIER, 1.0),
        SearchField("relevance", BODY_TIER, 1.0),
        SearchField("potential", BODY_TIER, 1.0),
    ),
    SuccessFactor: (*_HEAD_FIELDS, SearchField("description", BODY_TIER, 1.0)),
}

# What a search looks through, in the order used to break ties between equal numbers.
SEARCHED_KINDS: tuple[tuple[str, type[PlanElement]], ...] = (
    ("action_field", ActionField),
    ("key_point", KeyPoint),
    ("topic_area", TopicArea),
)
_KIND_ORDER = {kind: position for position, (kind, _model) in enumerate(SEARCHED_KINDS)}


@dataclass(frozen=True)
class SearchHit:
    """One found element with its score and the best-matching field, highlighted."""

    element: PlanElement
    kind: str  # "action_field" | "key_point" | "topic_area"
    score: float
    field: str  # German label of the best-matching field ("Titel", "Ziel", …)
    snippet_html: SafeString
    field_name: str = ""  # model field name of `field` ("title", "goal", …)


def field_text(element: PlanElement, name: str) -> str:
    value = getattr(element, name)
    if isinstance(value, list):  # TopicArea.keywords
        return ", ".join(str(keyword) for keyword in value)
    return value or ""


def search_document_for(element: PlanElement) -> str:
    """The value for `element.search_document`: index terms of all its searchable fields.

    Call it whenever an element's number, title or texts change, before saving.
    """
    fields = SEARCH_FIELDS[type(element)]
    return build_search_document(*(field_text(element, field.name) for field in fields))


def search_edition(edition: Edition, query: str, *, limit: int = 50) -> list[SearchHit]:
    """Action fields, key points and topic areas of the edition that match the query, best
    first (title hits, then keyword/goal hits, then body hits; ties in number order)."""
    terms = parse_query(query)[:MAX_QUERY_TERMS]
    if not terms or limit <= 0:
        return []
    hits = []
    for kind, model in SEARCHED_KINDS:
        for element in _candidates(model, edition, terms):
            hit = _hit_for(element, kind, terms)
            if hit is not None:
                hits.append(hit)
    hits.sort(key=_rank_key)
    return hits[:limit]


# --- Database ------------------------------------------------------------------------------


def _document_condition(terms: list[QueryTerm]) -> Q:
    """AND across terms, OR across alternatives, AND across an alternative's needles."""
    condition = Q()
    for term in terms:
        term_condition = Q()
        for alternative in term.alternatives:
            alternative_condition = Q()
            for needle in alternative:
                alternative_condition &= Q(search_document__contains=like_pattern(needle))
            term_condition |= alternative_condition
        condition &= term_condition
    return condition


def _postgres_vector(model: type[PlanElement]) -> SearchVector:
    vector = None
    for tier, weight in POSTGRES_WEIGHT_BY_TIER.items():
        names = [field.name for field in SEARCH_FIELDS[model] if field.tier == tier]
        if names:
            part = SearchVector(*names, config="german", weight=weight)
            vector = part if vector is None else vector + part
    return vector


def _postgres_query_text(terms: list[QueryTerm]) -> str:
    """The parsed terms as quoted phrases, so PostgreSQL looks for all of them, like the text
    module, and ignores websearch operators a user may type ("or", "-word")."""
    return " ".join('"{}"'.format(term.text.replace('"', " ")) for term in terms)


def _candidates(model: type[PlanElement], edition: Edition, terms: list[QueryTerm]) -> QuerySet:
    # Ranked in Python; edition and cluster come along for the hits' URLs.
    queryset = model.objects.filter(edition=edition).select_related("edition__cluster").order_by()
    condition = _document_condition(terms)
    if connection.vendor != "postgresql":
        return queryset.filter(condition)
    search_query = SearchQuery(
        _postgres_query_text(terms), config="german", search_type="websearch"
    )
    return (
        queryset.alias(pg_vector=_postgres_vector(model))
        .filter(condition | Q(pg_vector=search_query))
        .annotate(
            pg_rank=SearchRank(F("pg_vector"), search_query),
            pg_hit=ExpressionWrapper(Q(pg_vector=search_query), output_field=BooleanField()),
        )
    )


# --- Scoring -------------------------------------------------------------------------------


def _hit_for(element: PlanElement, kind: str, terms: list[QueryTerm]) -> SearchHit | None:
    """Score a candidate; None when neither the text module nor PostgreSQL says it matches."""
    fields = SEARCH_FIELDS[type(element)]
    counts = {field.name: term_counts(field_text(element, field.name)) for field in fields}
    matched = document_matches(terms, set().union(*counts.values()))
    if not matched and not getattr(element, "pg_hit", False):
        return None
    complete = {field.name: score_counts(counts[field.name], terms) for field in fields}
    partial = {
        field.name: score_counts(counts[field.name], terms, partial=True) for field in fields
    }
    best = _best_field(fields, complete) or _best_field(fields, partial)
    # Found by PostgreSQL alone: below everything the text module found, shown by its title.
    tier = best.tier if matched and best else 0
    best = best or next(field for field in fields if field.name == "title")
    relevance = sum(field.weight * partial[field.name] for field in fields)
    relevance += getattr(element, "pg_rank", 0.0) or 0.0
    return SearchHit(
        element=element,
        kind=kind,
        score=tier + relevance / (1 + relevance),
        field=str(element._meta.get_field(best.name).verbose_name),
        snippet_html=_snippet_html(element, best, terms),
        field_name=best.name,
    )


def _best_field(fields: tuple[SearchField, ...], scores: dict[str, float]) -> SearchField | None:
    """The highest-tier field with a hit, the stronger one within a tier."""
    hit_fields = [field for field in fields if scores[field.name] > 0]
    if not hit_fields:
        return None
    return max(hit_fields, key=lambda field: (field.tier, field.weight * scores[field.name]))


def _snippet_html(element: PlanElement, field: SearchField, terms: list[QueryTerm]) -> SafeString:
    # highlight() and snippet() escape the text themselves; only their <mark> tags are HTML.
    text = field_text(element, field.name)
    if field.tier == TITLE_TIER:
        return mark_safe(highlight(text, terms))
    return mark_safe(snippet(text, terms, width=SNIPPET_WIDTH))


def _rank_key(hit: SearchHit) -> tuple:
    return (-hit.score, number_sort_key(hit.element.number), _KIND_ORDER[hit.kind])
