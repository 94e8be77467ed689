"""The directory's filters: the options of the filter form (districts, growth cores, topic
areas, WZ divisions) and `DirectoryFilters`, the validated GET parameters of `/akteure/` and
`/api/actors`."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.db.models.functions import Length
from django.utils.translation import gettext as _

from clusterwerk.actors.models import (
    ActorKind,
    District,
    EconomicActivity,
    GrowthCore,
    SizeClass,
)
from clusterwerk.core.models import Cluster
from clusterwerk.core.text import QueryTerm, parse_query
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200
# Words beyond this are ignored: a pasted paragraph must not build an unbounded SQL condition.
MAX_QUERY_TERMS = 16
MAX_PAGE = 10_000
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
