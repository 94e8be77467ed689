"""The directory search of one cluster (`queries.visible_actors`): filters from GET parameters,
matching, ranking, facets and the matched competences of one page. Matching works on the stored
index columns of `clusterwerk.actors.indexing` with the rules of `clusterwerk.core.text`: AND
across the query's terms, OR across a term's alternatives, every needle a `like_pattern` on
`search_document`. That is a plain LIKE, so SQLite and PostgreSQL find the same actors.

Ranking happens in SQL, so that paging works: per query term 3 points when the term meets the
name (`search_name`), 2 when it meets the competences (`search_competences`), 1 otherwise (it
met the rest of the document: description, place, district), summed over the terms; ties by
name. Without a query the directory is alphabetical.

The total and the facet counts (kind, size class, district) come from one aggregate query
(`count_with_facets`); the highlighted competences are computed in Python for the shown page
only. A page therefore costs four queries however many actors there are.
"""

import functools
import operator
import re
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Length
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
    District,
    EconomicActivity,
    GrowthCore,
    SizeClass,
)
from clusterwerk.actors.queries import visible_actors
from clusterwerk.core.models import Cluster
from clusterwerk.core.text import (
    QueryTerm,
    highlight,
    index_terms,
    like_pattern,
    parse_query,
    snippet,
)
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200
# Words beyond this are ignored: a pasted paragraph must not build an unbounded SQL condition.
MAX_QUERY_TERMS = 16
MAX_PAGE = 10_000
# Points of one query term by where it meets the actor (see the module docstring).
NAME_POINTS = 3
COMPETENCE_POINTS = 2
DOCUMENT_POINTS = 1
# Competences shown on a result card; the rest is counted ("+ 3 weitere").
SHOWN_COMPETENCES = 3
DETAIL_SNIPPET_WIDTH = 120

AGS_PATTERN = re.compile(r"^\d{5}$")
WZ_PATTERN = re.compile(r"^\d{2}(\.\d{1,2}(\.\d)?)?$")
TOPIC_PATTERN = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}$")
SLUG_PATTERN = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")

# The GET parameters of the directory; other pages link to them, so the names are fixed.
FILTER_PARAMETERS = (
    "q",
    "kind",
    "district",
    "growth_core",
    "topic",
    "wz",
    "size",
    "cluster",
    "demo",
)
FACETS = ("kind", "size", "district")


# --- Options of the filter form --------------------------------------------------------------


@dataclass(frozen=True)
class TopicChoice:
    number: str
    title: str


@dataclass(frozen=True)
class TopicGroup:
    """The topic areas of one action field (an <optgroup> of the form)."""

    number: str
    title: str
    topics: tuple[TopicChoice, ...]


@dataclass(frozen=True)
class ActivityChoice:
    code: str
    title: str
    is_cluster_core: bool


@dataclass(frozen=True)
class DirectoryOptions:
    """What the filters can be set to; loaded once per request (a fixed number of queries)."""

    districts: tuple[District, ...]
    growth_cores: tuple[GrowthCore, ...]
    clusters: tuple[Cluster, ...]
    catalogue: TopicCatalogue
    topic_groups: tuple[TopicGroup, ...]
    activities: tuple[ActivityChoice, ...]

    @cached_property
    def district_by_ags(self) -> dict[str, District]:
        return {district.ags: district for district in self.districts}

    @cached_property
    def growth_core_by_number(self) -> dict[int, GrowthCore]:
        return {core.number: core for core in self.growth_cores}

    @cached_property
    def cluster_by_slug(self) -> dict[str, Cluster]:
        return {cluster.slug: cluster for cluster in self.clusters}

    @property
    def core_activities(self) -> list[ActivityChoice]:
        return [activity for activity in self.activities if activity.is_cluster_core]

    @property
    def other_activities(self) -> list[ActivityChoice]:
        return [activity for activity in self.activities if not activity.is_cluster_core]


def load_directory_options(cluster: Cluster) -> DirectoryOptions:
    """The filter form of `cluster`'s directory: topic areas of its published plan."""
    from clusterwerk.masterplan.models import ActionField, EditionStatus

    catalogue = topic_catalogue(cluster)
    action_fields = dict(
        ActionField.objects.filter(
            edition__cluster=cluster, edition__status=EditionStatus.PUBLISHED
        ).values_list("number", "title")
    )
    return DirectoryOptions(
        districts=tuple(District.objects.order_by("name")),
        growth_cores=tuple(GrowthCore.objects.order_by("name")),
        clusters=tuple(Cluster.objects.order_by("name")),
        catalogue=catalogue,
        topic_groups=topic_groups(catalogue, action_fields),
        activities=activity_divisions(),
    )


def topic_groups(catalogue: TopicCatalogue, action_fields: dict[str, str]) -> tuple:
    """Topic areas grouped by their action field ("4.4.1" belongs to "4"), in number order."""
    grouped: dict[str, list[TopicChoice]] = {}
    for number in sorted(catalogue.title_by_number, key=_number_key):
        choice = TopicChoice(number, catalogue.title_by_number[number])
        grouped.setdefault(number.split(".")[0], []).append(choice)
    return tuple(
        TopicGroup(number, action_fields.get(number, ""), tuple(topics))
        for number, topics in sorted(grouped.items(), key=lambda item: _number_key(item[0]))
    )


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in number.split("."))


def activity_divisions() -> tuple[ActivityChoice, ...]:
    """WZ divisions (two-digit codes) of both schemes, one entry per code (WZ 2008 titles
    first: most actors are classified by it)."""
    rows = (
        EconomicActivity.objects.annotate(code_length=Length("code"))
        .filter(code_length=2)
        .values_list("code", "title", "is_cluster_core", "scheme")
        .order_by("code", "scheme")
    )
    choices: dict[str, ActivityChoice] = {}
    for code, title, is_core, _scheme in rows:
        known = choices.get(code)
        if known is None:
            choices[code] = ActivityChoice(code, title, is_core)
        elif is_core and not known.is_cluster_core:
            choices[code] = ActivityChoice(code, known.title, True)
    return tuple(choices.values())


# --- Filters ---------------------------------------------------------------------------------


def _values(params: Mapping, name: str) -> list[str]:
    """All values of a parameter, from a QueryDict, a dict of lists or a dict of strings."""
    if hasattr(params, "getlist"):
        raw = params.getlist(name)
    else:
        raw = params.get(name)
        if raw is None:
            raw = []
        elif not isinstance(raw, list | tuple):
            raw = [raw]
    return [str(value).strip() for value in raw if value is not None and str(value).strip()]


@dataclass(frozen=True)
class DirectoryFilters:
    """The directory's filters, validated. Values that make no sense are dropped and explained
    in `notices` (German); `problems` keeps them by parameter name for the API."""

    q: str = ""
    kinds: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()  # AGS
    growth_core: int | None = None  # RWK number
    topic: str = ""  # topic area number, e.g. "4.4.1"
    topic_lineage: str = ""
    wz: str = ""  # WZ code or its beginning, e.g. "25" or "25.62"
    size: str = ""
    cluster: str = ""
    hide_demo: bool = False
    page: int = 1
    problems: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_params(
        cls, params: Mapping, *, cluster: Cluster | None = None, options=None
    ) -> "DirectoryFilters":
        """Parse GET parameters. With `options` (the filter form's), values are checked
        against them; without, against the database (topic areas: of `cluster`'s plan)."""
        problems: list[tuple[str, str]] = []

        def problem(name: str, message: str) -> None:
            problems.append((name, message))

        query = " ".join(_values(params, "q"))
        if len(query) > MAX_QUERY_LENGTH:
            query = query[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0]
            problem(
                "q",
                _("Der Suchbegriff war sehr lang; gesucht wurde nach „%(query)s“.")
                % {"query": query},
            )
        kinds = []
        for value in _values(params, "kind"):
            if value in ActorKind.values:
                kinds.append(value)
            else:
                problem("kind", _("Die Art „%(value)s“ gibt es nicht.") % {"value": value})
        districts = _valid_districts(_values(params, "district"), options, problem)
        growth_core = _valid_growth_core(_values(params, "growth_core"), options, problem)
        topic, lineage = _valid_topic(_values(params, "topic"), options or cluster, problem)
        wz = ""
        for value in _values(params, "wz")[:1]:
            if WZ_PATTERN.match(value):
                wz = value
            else:
                problem(
                    "wz",
                    _("„%(value)s“ ist kein Wirtschaftszweig (Code wie 25 oder 25.62).")
                    % {"value": value},
                )
        size = ""
        for value in _values(params, "size")[:1]:
            if value in SizeClass.values:
                size = value
            else:
                problem("size", _("Die Größenklasse „%(value)s“ gibt es nicht.") % {"value": value})
        cluster = _valid_cluster(_values(params, "cluster"), options, problem)
        hide_demo = False
        for value in _values(params, "demo")[:1]:
            if value in ("0", "1"):
                hide_demo = value == "0"
            else:
                problem(
                    "demo",
                    _("„%(value)s“ ist für Demo-Datensätze nicht vorgesehen (0 blendet sie aus).")
                    % {"value": value},
                )
        page = 1
        for value in _values(params, "page")[:1]:
            if value.isdigit() and 1 <= int(value) <= MAX_PAGE:
                page = int(value)
            else:
                problem("page", _("Die Seite „%(value)s“ gibt es nicht.") % {"value": value})
        return cls(
            q=query,
            kinds=tuple(dict.fromkeys(kinds)),
            districts=districts,
            growth_core=growth_core,
            topic=topic,
            topic_lineage=lineage,
            wz=wz,
            size=size,
            cluster=cluster,
            hide_demo=hide_demo,
            page=page,
            problems=tuple(problems),
        )

    @property
    def notices(self) -> list[str]:
        """German explanations of what was ignored."""
        return [
            _("%(problem)s Der Filter wurde nicht angewendet.") % {"problem": message}
            if name not in ("q", "page")
            else message
            for name, message in self.problems
        ]

    @cached_property
    def terms(self) -> list[QueryTerm]:
        return parse_query(self.q)[:MAX_QUERY_TERMS]

    @property
    def has_query(self) -> bool:
        return bool(self.terms)

    @property
    def active_filter_count(self) -> int:
        """How many filters (not the query) are set."""
        return sum(
            bool(value)
            for value in (
                self.kinds,
                self.districts,
                self.growth_core is not None,
                self.topic,
                self.wz,
                self.size,
                self.cluster,
                self.hide_demo,
            )
        )

    def as_params(self) -> list[tuple[str, str]]:
        """The filters as GET parameters (without the page)."""
        params = [("q", self.q)] if self.q else []
        params += [("kind", kind) for kind in self.kinds]
        params += [("district", ags) for ags in self.districts]
        if self.growth_core is not None:
            params.append(("growth_core", str(self.growth_core)))
        for name in ("topic", "wz", "size", "cluster"):
            if getattr(self, name):
                params.append((name, getattr(self, name)))
        if self.hide_demo:
            params.append(("demo", "0"))
        return params

    def querystring(self, page: int | None = None) -> str:
        params = self.as_params()
        if page and page > 1:
            params.append(("page", str(page)))
        return urlencode(params)

    @property
    def querystring_hiding_demo(self) -> str:
        params = self.as_params()
        return urlencode(params if self.hide_demo else [*params, ("demo", "0")])


def _valid_districts(values, options, problem) -> tuple[str, ...]:
    candidates = []
    for value in values:
        if AGS_PATTERN.match(value):
            candidates.append(value)
        else:
            problem(
                "district",
                _("„%(value)s“ ist kein Kreisschlüssel (fünf Ziffern, z. B. 12069).")
                % {"value": value},
            )
    if not candidates:
        return ()
    if options is not None:
        known = set(options.district_by_ags)
    else:
        known = set(District.objects.filter(ags__in=candidates).values_list("ags", flat=True))
    for value in candidates:
        if value not in known:
            problem(
                "district",
                _("Einen Landkreis mit dem Kreisschlüssel %(value)s gibt es nicht.")
                % {"value": value},
            )
    return tuple(dict.fromkeys(value for value in candidates if value in known))


def _valid_growth_core(values, options, problem) -> int | None:
    for value in values[:1]:
        if value.isdigit() and len(value) <= 4:
            number = int(value)
            if options is not None:
                known = number in options.growth_core_by_number
            else:
                known = GrowthCore.objects.filter(number=number).exists()
            if known:
                return number
        problem(
            "growth_core",
            _("Einen Regionalen Wachstumskern „%(value)s“ gibt es nicht.") % {"value": value},
        )
    return None


def _valid_topic(values, options_or_cluster, problem) -> tuple[str, str]:
    for value in values[:1]:
        if TOPIC_PATTERN.match(value):
            known = options_or_cluster
            is_options = isinstance(known, DirectoryOptions)
            catalogue = known.catalogue if is_options else topic_catalogue(known)
            lineage = catalogue.lineage_by_number.get(value)
            if lineage:
                return value, lineage
        problem(
            "topic",
            _("Einen Themenbereich „%(value)s“ gibt es im Masterplan nicht (Nummer wie 4.4.1).")
            % {"value": value},
        )
    return "", ""


def _valid_cluster(values, options, problem) -> str:
    for value in values[:1]:
        if SLUG_PATTERN.match(value):
            if options is not None:
                known = value in options.cluster_by_slug
            else:
                known = Cluster.objects.filter(slug=value).exists()
            if known:
                return value
        problem("cluster", _("Einen Cluster „%(value)s“ gibt es nicht.") % {"value": value})
    return ""


# --- Matching and ranking --------------------------------------------------------------------


def term_condition(term: QueryTerm, column: str) -> Q:
    """The term meets the column: OR across its alternatives, AND across their needles."""
    condition = Q()
    for alternative in term.alternatives:
        alternative_condition = Q()
        for needle in alternative:
            alternative_condition &= Q(**{f"{column}__contains": like_pattern(needle)})
        condition |= alternative_condition
    return condition


def rank_expression(terms: list[QueryTerm]):
    """Per term 3 points for a name hit, 2 for a competence hit, 1 otherwise; summed."""
    cases = [
        Case(
            When(term_condition(term, "search_name"), then=Value(NAME_POINTS)),
            When(term_condition(term, "search_competences"), then=Value(COMPETENCE_POINTS)),
            default=Value(DOCUMENT_POINTS),
            output_field=IntegerField(),
        )
        for term in terms
    ]
    return functools.reduce(operator.add, cases)


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
        rows = list(with_page_relations(ranked(actors, filters))[offset : offset + page_size])
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
