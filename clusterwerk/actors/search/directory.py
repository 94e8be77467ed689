"""The directory search of one cluster (`queries.visible_actors`): matching, ranking, facets
and the matched competences of one page.

Matching is the database's (`matching.term_condition`, on the term index of `index.py`): AND
across the query's terms, OR across a term's alternatives, with the rules of
`clusterwerk.core.text`, so SQLite and PostgreSQL find the same actors.

The total and the facet counts (kind, size class, district) come from one aggregate query
without any ranking (`count_with_facets`). Ranking happens in SQL only to pick the page: per
query term 3 points when the term meets the name (`search_name`), 2 when it meets the
competences (`search_competences`), 1 otherwise (it met the rest of the document:
description, place, district), summed over the terms; ties by name. Without a query the
directory is alphabetical. The highlighted competences are computed in Python for the shown
page only. A page costs four queries however many actors there are (count and facets, page,
competences, their topics).
"""

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from clusterwerk.actors.models import (
    Actor,
    ActorActivity,
    ActorKind,
    ActorStatus,
    ClusterMembership,
    Competence,
    CompetenceTopicArea,
    SizeClass,
)
from clusterwerk.actors.queries import visible_actors
from clusterwerk.actors.search.filters import (
    FACETS,
    PAGE_SIZE,
    DirectoryFilters,
    DirectoryOptions,
)
from clusterwerk.actors.search.matching import rank_expression, term_condition
from clusterwerk.core.models import Cluster
from clusterwerk.core.text import QueryTerm, highlight, index_terms, snippet

# Competences shown on a result card; the rest is counted ("+ 3 weitere").
SHOWN_COMPETENCES = 3
DETAIL_SNIPPET_WIDTH = 120


def directory_queryset(
    user, cluster: Cluster, filters: DirectoryFilters, *, without: Collection[str] = ()
) -> QuerySet[Actor]:
    """The actors of `cluster`'s directory the user may see that meet the filters (unordered).
    `without` leaves out these facets' filters ("kind", "size", "district"), to count them."""
    actors = visible_actors(user, cluster).exclude(status=ActorStatus.ARCHIVED)
    for term in filters.terms:
        actors = actors.filter(term_condition(term, "search_document"))
    if filters.kinds and "kind" not in without:
        actors = actors.filter(kind__in=filters.kinds)
    if filters.districts and "district" not in without:
        actors = actors.filter(district__ags__in=filters.districts)
    if filters.growth_core is not None:
        actors = actors.filter(growth_core__number=filters.growth_core)
    if filters.topic_lineage:
        tagged = CompetenceTopicArea.objects.filter(
            competence__actor=OuterRef("pk"), lineage=filters.topic_lineage
        )
        actors = actors.filter(Exists(tagged))
    if filters.wz:
        # "25" meets 25, 25.6 and 25.62 of either scheme: codes are "dd" or "dd.…".
        classified = ActorActivity.objects.filter(
            actor=OuterRef("pk"), activity__code__startswith=filters.wz
        )
        actors = actors.filter(Exists(classified))
    if filters.size and "size" not in without:
        actors = actors.filter(size_class=filters.size)
    if filters.cluster:
        member = ClusterMembership.objects.filter(
            actor=OuterRef("pk"), cluster__slug=filters.cluster
        )
        actors = actors.filter(Exists(member))
    if filters.hide_demo:
        actors = actors.filter(is_demo=False)
    return actors


def ranked(actors: QuerySet[Actor], filters: DirectoryFilters) -> QuerySet[Actor]:
    """Best first (by `rank_expression`), then by name; alphabetical without a query."""
    if filters.terms:
        return actors.annotate(search_rank=rank_expression(filters.terms)).order_by(
            "-search_rank", "name", "pk"
        )
    return actors.order_by("name", "pk")


def ranked_page(
    actors: QuerySet[Actor], filters: DirectoryFilters, offset: int, limit: int
) -> list[Actor]:
    """One page of the ranked actors with their relations, in one statement: the ranking
    sorts only ids (and names) of all hits; the full rows are read for the page alone."""
    page_ids = ranked(actors, filters).values("pk")[offset : offset + limit]
    page = Actor.objects.filter(pk__in=Subquery(page_ids))
    return list(with_page_relations(ranked(page, filters)))


def directory_actors(user, cluster: Cluster, filters: DirectoryFilters) -> QuerySet[Actor]:
    """All actors of the filtered directory in result order (for exports and the API)."""
    return ranked(directory_queryset(user, cluster, filters), filters)


def with_page_relations(actors: QuerySet[Actor]) -> QuerySet[Actor]:
    """District, growth core and competences with their topics: three queries for a page."""
    competences = Prefetch(
        "competences",
        queryset=Competence.objects.order_by("order", "id").prefetch_related("topics"),
    )
    return actors.select_related("district", "growth_core").prefetch_related(competences)


def count_with_facets(
    user, cluster: Cluster, filters: DirectoryFilters
) -> tuple[int, dict[str, dict[str, int]]]:
    """The number of matching actors and the facet counts, from one aggregate query.

    The query counts the actors that meet the search and every filter but the facets' own,
    per (kind, size class, district). The total sums the groups that meet all facet filters;
    each facet sums, per option, the groups that meet the two other facets' filters, so that
    its other options show what choosing them as well would add. One scan of the matching
    actors instead of one per facet and one for the count."""
    groups = (
        directory_queryset(user, cluster, filters, without=FACETS)
        .order_by()
        .values_list("kind", "size_class", "district__ags")
        .annotate(count=Count("pk"))
    )
    total = 0
    counters: dict[str, Counter] = {facet: Counter() for facet in FACETS}
    for kind, size, ags, count in groups:
        values = {"kind": kind, "size": size or "", "district": ags or ""}
        meets = {facet: _meets_facet_filter(filters, facet, values[facet]) for facet in FACETS}
        if all(meets.values()):
            total += count
        for facet in FACETS:
            if all(meets[other] for other in FACETS if other != facet):
                counters[facet][values[facet]] += count
    return total, {facet: dict(counter) for facet, counter in counters.items()}


def _meets_facet_filter(filters: DirectoryFilters, facet: str, value: str) -> bool:
    if facet == "kind":
        return not filters.kinds or value in filters.kinds
    if facet == "size":
        return not filters.size or value == filters.size
    return not filters.districts or value in filters.districts


# --- Results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompetenceMatch:
    """A competence on a result card, with the query's words marked."""

    competence: Competence
    text_html: SafeString
    detail_html: SafeString  # where the hit is in the description or keywords; else ""
    matched: bool


@dataclass
class DirectoryHit:
    actor: Actor
    competences: list[CompetenceMatch]
    more_competences: int  # matched (or, without matches, all) competences not shown
    score: int | None = None


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: a gap ("…")
    querystring: str
    current: bool


@dataclass
class DirectoryResult:
    filters: DirectoryFilters
    hits: list[DirectoryHit]
    total: int
    page: int
    page_size: int
    facets: dict[str, dict[str, int]]
    notices: list[str] = field(default_factory=list)

    @cached_property
    def paginator(self) -> Paginator:
        # A range stands in for the rows: the count is known, so no query.
        return Paginator(range(self.total), self.page_size)

    @property
    def num_pages(self) -> int:
        return self.paginator.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.total else 0

    @property
    def end_index(self) -> int:
        return min(self.page * self.page_size, self.total)

    @property
    def page_links(self) -> list["PageLink"]:
        """Links to pages with gaps: 1 … 4 5 6 … 20 (a gap has no number)."""
        links = []
        for number in self.paginator.get_elided_page_range(self.page, on_each_side=1, on_ends=1):
            if isinstance(number, int):
                links.append(
                    PageLink(number, self.filters.querystring(page=number), number == self.page)
                )
            else:
                links.append(PageLink(None, "", False))
        return links

    @property
    def previous_querystring(self) -> str:
        return self.filters.querystring(page=self.page - 1)

    @property
    def next_querystring(self) -> str:
        return self.filters.querystring(page=self.page + 1)

    @property
    def has_demo_actors(self) -> bool:
        return any(hit.actor.is_demo for hit in self.hits)


def search_directory(
    user,
    cluster: Cluster,
    filters: DirectoryFilters,
    *,
    page_size: int = PAGE_SIZE,
    with_facets: bool = True,
) -> DirectoryResult:
    """One page of the directory: count, ranked page, facets, matched competences.

    A fixed number of queries whatever the size: count and facets (one aggregate query),
    page, competences, their topics."""
    actors = directory_queryset(user, cluster, filters)
    if with_facets:
        total, facets = count_with_facets(user, cluster, filters)
    else:
        total, facets = actors.count(), {}
    notices = filters.notices
    num_pages = max(1, -(-total // page_size))
    page = filters.page
    if page > num_pages:
        notices.append(
            _("Die Seite %(page)d gibt es nicht; Sie sehen die letzte Seite (%(last)d).")
            % {"page": page, "last": num_pages}
        )
        page = num_pages
    rows = []
    if total:
        offset = (page - 1) * page_size
        rows = ranked_page(actors, filters, offset, page_size)
    return DirectoryResult(
        filters=filters,
        hits=[directory_hit(actor, filters) for actor in rows],
        total=total,
        page=page,
        page_size=page_size,
        facets=facets,
        notices=notices,
    )


def directory_hit(actor: Actor, filters: DirectoryFilters) -> DirectoryHit:
    """The actor with the competences to show: those the query (or the topic filter) meets,
    highlighted; without such matches the first ones, plain. Uses prefetched competences."""
    terms = filters.terms
    competences = list(actor.competences.all())
    matches = [
        match
        for match in (_competence_match(competence, terms, filters) for competence in competences)
        if match.matched
    ]
    if not matches:
        matches = [
            CompetenceMatch(competence, mark_safe(highlight(competence.text, [])), "", False)
            for competence in competences
        ]
    return DirectoryHit(
        actor=actor,
        competences=matches[:SHOWN_COMPETENCES],
        more_competences=max(0, len(matches) - SHOWN_COMPETENCES),
        score=getattr(actor, "search_rank", None),
    )


def _competence_match(
    competence: Competence, terms: list[QueryTerm], filters: DirectoryFilters
) -> CompetenceMatch:
    keywords = list(competence.keywords or [])
    tagged = bool(filters.topic_lineage) and any(
        str(tag.lineage) == filters.topic_lineage for tag in competence.topics.all()
    )
    met = False
    if terms:
        words = index_terms(competence.text) | index_terms(competence.description)
        words |= index_terms(", ".join(keywords))
        met = any(term.matches(words) for term in terms)
    # highlight() and snippet() escape the text; only their <mark> tags are HTML.
    text_html = highlight(competence.text, terms) if met else highlight(competence.text, [])
    detail_html = ""
    if met and "<mark>" not in text_html:
        description = snippet(competence.description, terms, width=DETAIL_SNIPPET_WIDTH)
        if "<mark>" in description:
            detail_html = description
        else:
            marked = [highlight(keyword, terms) for keyword in keywords]
            detail_html = ", ".join(keyword for keyword in marked if "<mark>" in keyword)
    return CompetenceMatch(
        competence=competence,
        text_html=mark_safe(text_html),
        detail_html=mark_safe(detail_html),
        matched=met or tagged,
    )


# --- Filter form -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetChoice:
    """One option of a facet in the filter form, with the number of actors it would show."""

    value: str
    label: str
    count: int
    selected: bool


def facet_choices(result: DirectoryResult, options: DirectoryOptions) -> dict[str, list]:
    filters, facets = result.filters, result.facets
    return {
        "kind": [
            FacetChoice(value, str(label), facets["kind"].get(value, 0), value in filters.kinds)
            for value, label in ActorKind.choices
        ],
        "size": [
            FacetChoice(value, str(label), facets["size"].get(value, 0), value == filters.size)
            for value, label in SizeClass.choices
        ],
        "district": [
            FacetChoice(
                district.ags,
                district.name,
                facets["district"].get(district.ags, 0),
                district.ags in filters.districts,
            )
            for district in options.districts
        ],
    }
