"""The value-chain view (Wertschöpfungsanalyse): for a topic area of the masterplan and/or a
keyword, which competences Brandenburg has – actors by kind, by stage of the value chain and by
district –, where it has none, and which actors in Berlin and the neighbouring states could
close the gap (masterplan 5.1.3: know the region's strengths as a value-creation system, so
that the gaps regional partners cannot close become visible).

Reads only, and only published actors: it is the public directory's data, so every visitor
may see the page, including the coverage table of all topic areas. It composes the directory
(search rules, map shapes and colours) with the masterplan of the request's cluster, whose
published edition gives the topic areas (none without one: the keyword still works), so it
lives on the portal floor.

Rules
-----
Has the competence
    One of the actor's competences is tagged with the topic area (by lineage, so the tags of
    earlier editions count), and/or the index terms of its competences (`search_competences`,
    see `clusterwerk.actors.indexing`) meet every word of the keyword by the directory's rules
    (`clusterwerk.actors.search.term_condition`: word forms, compound parts, synonyms). With
    both, an actor must meet both.
Where
    The state is the first two digits of the actor's district (AGS): Brandenburg "12";
    candidates come from Berlin "11", Mecklenburg-Vorpommern "13", Sachsen "14",
    Sachsen-Anhalt "15" and Niedersachsen "03". Actors without a district are not placed.
Gap
    A Brandenburg district (all 18 are listed), a stage of the value chain or a topic area
    without any such actor. Demo actors (`is_demo`) are synthetic: their share is shown, and a
    topic area covered only by demo actors is marked as such.

A fixed number of queries whatever the amount of data: the published edition and its topic
areas, Brandenburg's districts, one aggregate of the hits (by state, kind, district and demo
flag), one page of Brandenburg hits and one of candidates, their competences, and one aggregate
for the coverage table.
"""

from __future__ import annotations

import functools
import operator
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

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
    prefetch_related_objects,
)
from django.db.models.functions import Substr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.actors.geo import district_shapes
from clusterwerk.actors.map_data import LegendClass, colour_class, legend_classes
from clusterwerk.actors.models import (
    BRANDENBURG_STATE_CODE,
    SCIENCE_KINDS,
    Actor,
    ActorKind,
    ActorStatus,
    Competence,
    CompetenceTopicArea,
    District,
)
from clusterwerk.actors.search import (
    MAX_QUERY_LENGTH,
    MAX_QUERY_TERMS,
    TopicGroup,
    term_condition,
    topic_groups,
)
from clusterwerk.core.text import QueryTerm, highlight, index_terms, parse_query
from clusterwerk.masterplan.models import TopicArea
from clusterwerk.masterplan.queries import TopicCatalogue, get_published_edition

TOPIC_PATTERN = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}$")
BRANDENBURG_DISTRICTS = 18  # 14 Landkreise and 4 kreisfreie Städte
SHOWN_HITS = 30  # Brandenburg actors listed on the page (all are counted)
SHOWN_CANDIDATES = 30  # candidates outside Brandenburg listed on the page
SHOWN_COMPETENCES = 3  # matching competences per listed actor

# Berlin and the states around Brandenburg, in the order the page lists them.
NEIGHBOUR_STATES = (
    ("11", gettext_lazy("Berlin")),
    ("14", gettext_lazy("Sachsen")),
    ("15", gettext_lazy("Sachsen-Anhalt")),
    ("13", gettext_lazy("Mecklenburg-Vorpommern")),
    ("03", gettext_lazy("Niedersachsen")),
)
STATE_NAMES = {BRANDENBURG_STATE_CODE: gettext_lazy("Brandenburg"), **dict(NEIGHBOUR_STATES)}


@dataclass(frozen=True)
class Stage:
    """A stage (or role) of the regional value-creation system, by actor kind."""

    key: str
    label: str
    kinds: tuple[str, ...]


STAGES = (
    Stage(
        "science",
        gettext_lazy("Forschung und Lehre"),
        (ActorKind.UNIVERSITY, ActorKind.RESEARCH_INSTITUTE),
    ),
    Stage(
        "transfer",
        gettext_lazy("Transfer und Netzwerke"),
        (
            ActorKind.COMPETENCE_CENTRE,
            ActorKind.TRANSFER_OFFICE,
            ActorKind.NETWORK,
            ActorKind.CLUSTER_ORGANISATION,
            ActorKind.ASSOCIATION,
            ActorKind.CHAMBER,
            ActorKind.SOCIAL_PARTNER,
            ActorKind.ECONOMIC_DEVELOPMENT,
        ),
    ),
    Stage("industry", gettext_lazy("Industrie"), (ActorKind.COMPANY,)),
    Stage("craft", gettext_lazy("Handwerk"), (ActorKind.CRAFT_BUSINESS,)),
)
STAGE_BY_KIND = {kind: stage for stage in STAGES for kind in stage.kinds}


def stage_of(kind: str) -> Stage:
    return STAGE_BY_KIND.get(kind, STAGES[1])


def _stage_rank() -> Case:
    """Science first, then transfer, industry, craft (for ordering in SQL)."""
    return Case(
        *[
            When(kind__in=stage.kinds, then=Value(position))
            for position, stage in enumerate(STAGES)
        ],
        default=Value(len(STAGES)),
        output_field=IntegerField(),
    )


def _in_states(codes, prefix: str = "district__ags") -> Q:
    """The district's AGS begins with one of the state codes."""
    return functools.reduce(operator.or_, (Q(**{f"{prefix}__startswith": code}) for code in codes))


NEIGHBOUR_CODES = tuple(code for code, _label in NEIGHBOUR_STATES)


# --- The masterplan's topic areas -----------------------------------------------------------


@dataclass(frozen=True)
class TopicAreaInfo:
    number: str
    title: str
    lineage: str
    action_field_number: str
    action_field_title: str
    url: str


@dataclass(frozen=True)
class PlanTopics:
    """The topic areas of the published edition (empty without one)."""

    edition_label: str
    topic_areas: tuple[TopicAreaInfo, ...]
    groups: tuple[TopicGroup, ...]

    @cached_property
    def by_number(self) -> dict[str, TopicAreaInfo]:
        return {topic.number: topic for topic in self.topic_areas}


def load_plan_topics(cluster) -> PlanTopics:
    """Two queries: the published edition of the cluster, its topic areas with their action
    fields (in the plan's order)."""
    edition = get_published_edition(cluster)
    if edition is None:
        return PlanTopics("", (), ())
    rows = list(
        TopicArea.objects.filter(edition=edition)
        .select_related("key_point__action_field")
        .order_by("key_point__action_field__order", "key_point__order", "order")
    )
    topics = []
    for row in rows:
        row.edition = edition  # for get_absolute_url without another query
        action_field = row.key_point.action_field
        topics.append(
            TopicAreaInfo(
                number=row.number,
                title=row.title,
                lineage=str(row.lineage),
                action_field_number=action_field.number,
                action_field_title=action_field.title,
                url=row.get_absolute_url(),
            )
        )
    catalogue = TopicCatalogue(
        lineage_by_number={topic.number: topic.lineage for topic in topics},
        number_by_lineage={topic.lineage: topic.number for topic in topics},
        title_by_number={topic.number: topic.title for topic in topics},
    )
    action_fields = {topic.action_field_number: topic.action_field_title for topic in topics}
    return PlanTopics(edition.label, tuple(topics), topic_groups(catalogue, action_fields))


# --- The question -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueChainQuery:
    """What the page was asked: a topic area number and/or a keyword, validated. `errors`
    holds German messages by parameter name; with errors nothing is analysed."""

    topic: str = ""
    topic_lineage: str = ""
    topic_title: str = ""
    q: str = ""
    errors: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_params(cls, params, plan: PlanTopics) -> ValueChainQuery:
        errors: list[tuple[str, str]] = []
        topic = str(params.get("topic", "") or "").strip()
        lineage = title = ""
        if topic:
            info = plan.by_number.get(topic) if TOPIC_PATTERN.match(topic) else None
            if info is None:
                errors.append(
                    (
                        "topic",
                        _(
                            "Einen Themenbereich „%(value)s“ gibt es in der gültigen "
                            "Masterplan-Ausgabe nicht. Bitte wählen Sie einen aus der Liste."
                        )
                        % {"value": topic[:20]},
                    )
                )
            else:
                lineage, title = info.lineage, info.title
        q = " ".join(str(params.get("q", "") or "").split())
        if len(q) > MAX_QUERY_LENGTH:
            errors.append(
                (
                    "q",
                    _("Der Suchbegriff ist zu lang (höchstens %(max)d Zeichen).")
                    % {"max": MAX_QUERY_LENGTH},
                )
            )
        elif q and not parse_query(q):
            errors.append(
                (
                    "q",
                    _(
                        "„%(value)s“ enthält kein Wort, nach dem sich suchen lässt. Bitte "
                        "geben Sie einen Fachbegriff ein, etwa „Laserschneiden“."
                    )
                    % {"value": q},
                )
            )
        return cls(topic, lineage, title, q, tuple(errors))

    @cached_property
    def terms(self) -> list[QueryTerm]:
        return parse_query(self.q)[:MAX_QUERY_TERMS] if not self.error_for("q") else []

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def has_criteria(self) -> bool:
        return bool(self.topic_lineage or self.terms)

    def error_for(self, name: str) -> str:
        return next((message for key, message in self.errors if key == name), "")

    @property
    def topic_error(self) -> str:
        return self.error_for("topic")

    @property
    def q_error(self) -> str:
        return self.error_for("q")

    @property
    def description(self) -> str:
        """The question in words, for headings."""
        topic = keyword = ""
        if self.topic_lineage:
            topic = _("Themenbereich %(number)s %(title)s") % {
                "number": self.topic,
                "title": self.topic_title,
            }
        if self.terms:
            keyword = _("Stichwort „%(q)s“") % {"q": self.q}
        if topic and keyword:
            return _("%(topic)s und %(keyword)s") % {"topic": topic, "keyword": keyword}
        return topic or keyword

    def directory_querystring(self, *, district: str = "", kinds=()) -> str:
        """GET parameters of the actor directory with the same topic and keyword."""
        params = []
        if self.q and self.terms:
            params.append(("q", self.q))
        if self.topic_lineage:
            params.append(("topic", self.topic))
        params += [("kind", kind) for kind in kinds]
        if district:
            params.append(("district", district))
        return urlencode(params)


def matching_actors(query: ValueChainQuery) -> QuerySet[Actor]:
    """Published actors with the competence (see the module docstring), unordered."""
    actors = Actor.objects.filter(status=ActorStatus.PUBLISHED)
    if query.topic_lineage:
        tagged = CompetenceTopicArea.objects.filter(
            competence__actor=OuterRef("pk"), lineage=query.topic_lineage
        )
        actors = actors.filter(Exists(tagged))
    for term in query.terms:
        actors = actors.filter(term_condition(term, "search_competences"))
    return actors


# --- The answer -------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    stage: str
    count: int
    demo: int


@dataclass(frozen=True)
class StageCount:
    key: str
    label: str
    kinds: tuple[str, ...]
    brandenburg: int
    neighbours: int
    demo: int

    @property
    def is_gap(self) -> bool:
        return self.brandenburg == 0

    @property
    def only_demo(self) -> bool:
        """Covered in Brandenburg by demo actors alone: a gap in reality."""
        return self.brandenburg > 0 and self.brandenburg == self.demo


@dataclass(frozen=True)
class DistrictCount:
    ags: str
    name: str
    kind_label: str
    count: int
    demo: int
    colour_class: int
    path: str = ""
    label_x: float = 0.0
    label_y: float = 0.0

    @property
    def is_gap(self) -> bool:
        return self.count == 0

    @property
    def title(self) -> str:
        if self.count == 0:
            return _("%(name)s: keine Akteure (Lücke)") % {"name": self.name}
        return _("%(name)s: %(count)d Akteure") % {"name": self.name, "count": self.count}


@dataclass(frozen=True)
class StateCount:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class ActorHit:
    actor: Actor
    state_code: str
    state_name: str
    stage_label: str
    competences: list[SafeString]
    more_competences: int


@dataclass
class ValueChainResult:
    query: ValueChainQuery
    brandenburg_total: int
    brandenburg_demo: int
    by_kind: list[KindCount]
    by_stage: list[StageCount]
    districts: list[DistrictCount]
    brandenburg_hits: list[ActorHit]
    candidates: list[ActorHit]
    candidates_by_state: list[StateCount]
    unplaced: int  # matching actors elsewhere or without a district
    legend: list[LegendClass] = field(default_factory=list)
    view_box: str = ""
    attribution: str = ""

    @property
    def brandenburg_has_none(self) -> bool:
        return self.brandenburg_total == 0

    @property
    def only_demo_in_brandenburg(self) -> bool:
        return self.brandenburg_total > 0 and self.brandenburg_total == self.brandenburg_demo

    @property
    def candidate_total(self) -> int:
        return sum(state.count for state in self.candidates_by_state)

    @property
    def gap_districts(self) -> list[DistrictCount]:
        return [district for district in self.districts if district.is_gap]

    @property
    def gap_stages(self) -> list[StageCount]:
        return [stage for stage in self.by_stage if stage.is_gap]

    @property
    def has_map(self) -> bool:
        return bool(self.view_box) and any(district.path for district in self.districts)

    @property
    def more_hits(self) -> int:
        return max(0, self.brandenburg_total - len(self.brandenburg_hits))

    @property
    def more_candidates(self) -> int:
        return max(0, self.candidate_total - len(self.candidates))


def analyse(query: ValueChainQuery) -> ValueChainResult:
    """The value chain for a valid query with criteria (six queries)."""
    actors = matching_actors(query)
    groups = (
        actors.annotate(state=Substr("district__ags", 1, 2))
        .order_by()
        .values("state", "kind", "district_id", "is_demo")
        .annotate(count=Count("pk"))
    )
    by_kind: Counter = Counter()
    demo_by_kind: Counter = Counter()
    by_district: Counter = Counter()
    demo_by_district: Counter = Counter()
    by_state: Counter = Counter()
    neighbours_by_stage: Counter = Counter()
    unplaced = 0
    for row in groups:
        state, kind, count = row["state"], row["kind"], row["count"]
        if state == BRANDENBURG_STATE_CODE:
            by_kind[kind] += count
            by_district[row["district_id"]] += count
            if row["is_demo"]:
                demo_by_kind[kind] += count
                demo_by_district[row["district_id"]] += count
        elif state in NEIGHBOUR_CODES:
            by_state[state] += count
            neighbours_by_stage[stage_of(kind).key] += count
        else:
            unplaced += count

    kinds = [
        KindCount(
            kind.value, str(kind.label), stage_of(kind).key, by_kind[kind], demo_by_kind[kind]
        )
        for kind in ActorKind
        if by_kind[kind] or kind in (*SCIENCE_KINDS, ActorKind.COMPANY, ActorKind.CRAFT_BUSINESS)
    ]
    stages = [
        StageCount(
            key=stage.key,
            label=str(stage.label),
            kinds=tuple(str(kind) for kind in stage.kinds),
            brandenburg=sum(by_kind[kind] for kind in stage.kinds),
            neighbours=neighbours_by_stage[stage.key],
            demo=sum(demo_by_kind[kind] for kind in stage.kinds),
        )
        for stage in STAGES
    ]
    districts, legend, view_box, attribution = _district_counts(by_district, demo_by_district)

    stage_rank = _stage_rank()
    brandenburg = list(
        actors.filter(district__ags__startswith=BRANDENBURG_STATE_CODE)
        .select_related("district")
        .annotate(stage_rank=stage_rank)
        .order_by("stage_rank", "name", "pk")[:SHOWN_HITS]
    )
    state_rank = Case(
        *[
            When(district__ags__startswith=code, then=Value(position))
            for position, (code, _label) in enumerate(NEIGHBOUR_STATES)
        ],
        default=Value(len(NEIGHBOUR_STATES)),
        output_field=IntegerField(),
    )
    candidates = list(
        actors.filter(_in_states(NEIGHBOUR_CODES))
        .select_related("district")
        .annotate(state_rank=state_rank, stage_rank=stage_rank)
        .order_by("state_rank", "stage_rank", "name", "pk")[:SHOWN_CANDIDATES]
    )
    _prefetch_competences([*brandenburg, *candidates], query)
    return ValueChainResult(
        query=query,
        brandenburg_total=sum(by_kind.values()),
        brandenburg_demo=sum(demo_by_kind.values()),
        by_kind=kinds,
        by_stage=stages,
        districts=districts,
        brandenburg_hits=[actor_hit(actor, query) for actor in brandenburg],
        candidates=[actor_hit(actor, query) for actor in candidates],
        candidates_by_state=[
            StateCount(code, str(label), by_state[code]) for code, label in NEIGHBOUR_STATES
        ],
        unplaced=unplaced,
        legend=legend,
        view_box=view_box,
        attribution=attribution,
    )


def _district_counts(by_district: Counter, demo_by_district: Counter):
    """All 18 Brandenburg districts with their counts and map shapes (one query)."""
    districts = list(
        District.objects.filter(ags__startswith=BRANDENBURG_STATE_CODE)
        .only("id", "ags", "name", "kind")
        .order_by("name")
    )
    maximum = max((by_district[district.pk] for district in districts), default=0)
    legend = legend_classes(maximum)
    shapes = district_shapes()
    entries = []
    for district in districts:
        count = by_district[district.pk]
        shape = shapes.by_ags.get(district.ags)
        entries.append(
            DistrictCount(
                ags=district.ags,
                name=district.name,
                kind_label=str(district.get_kind_display()),
                count=count,
                demo=demo_by_district[district.pk],
                colour_class=colour_class(count, legend),
                path=shape.path if shape else "",
                label_x=shape.label_x if shape else 0.0,
                label_y=shape.label_y if shape else 0.0,
            )
        )
    return entries, legend, shapes.view_box, shapes.attribution


def _prefetch_competences(actors: list[Actor], query: ValueChainQuery) -> None:
    """The listed actors' competences, each marked whether it carries the topic (one query)."""
    competences = Competence.objects.order_by("order", "id")
    if query.topic_lineage:
        competences = competences.annotate(
            tagged=Exists(
                CompetenceTopicArea.objects.filter(
                    competence=OuterRef("pk"), lineage=query.topic_lineage
                )
            )
        )
    prefetch_related_objects(actors, Prefetch("competences", queryset=competences))


def actor_hit(actor: Actor, query: ValueChainQuery) -> ActorHit:
    """The actor with the competences that carry the topic and/or meet the keyword (best
    first: the topic and most words), the keyword's words marked."""
    scored = []
    for competence in actor.competences.all():
        score = 0
        if query.topic_lineage and getattr(competence, "tagged", False):
            score += len(query.terms) + 1
        if query.terms:
            words = index_terms(competence.text) | index_terms(competence.description)
            words |= index_terms(", ".join(competence.keywords or []))
            score += sum(1 for term in query.terms if term.matches(words))
        if score:
            scored.append((score, competence))
    scored.sort(key=lambda item: -item[0])  # stable: the profile's order among equals
    # highlight() escapes the text; only its <mark> tags are HTML.
    texts = [mark_safe(highlight(competence.text, query.terms)) for _score, competence in scored]
    state = actor.district.ags[:2] if actor.district_id else ""
    return ActorHit(
        actor=actor,
        state_code=state,
        state_name=str(STATE_NAMES.get(state, "")),
        stage_label=str(stage_of(actor.kind).label),
        competences=texts[:SHOWN_COMPETENCES],
        more_competences=max(0, len(texts) - SHOWN_COMPETENCES),
    )


# --- Coverage of all topic areas ------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    topic: TopicAreaInfo
    brandenburg: int
    science: int
    demo: int
    neighbours: int

    @property
    def real(self) -> int:
        """Brandenburg actors that are not demo data."""
        return self.brandenburg - self.demo

    @property
    def is_gap(self) -> bool:
        return self.brandenburg == 0

    @property
    def only_demo(self) -> bool:
        return self.brandenburg > 0 and self.real == 0

    @property
    def demo_share(self) -> float | None:
        return self.demo * 100 / self.brandenburg if self.brandenburg else None


@dataclass
class CoverageTable:
    rows: list[CoverageRow]

    @property
    def gaps(self) -> list[CoverageRow]:
        return [row for row in self.rows if row.is_gap]

    @property
    def only_demo(self) -> list[CoverageRow]:
        return [row for row in self.rows if row.only_demo]

    @property
    def without_science(self) -> list[CoverageRow]:
        return [row for row in self.rows if row.science == 0]

    @property
    def has_demo(self) -> bool:
        return any(row.demo for row in self.rows)

    @property
    def groups(self) -> list[tuple[str, str, list[CoverageRow]]]:
        """Rows by action field: (number, title, rows)."""
        grouped: dict[str, tuple[str, str, list[CoverageRow]]] = {}
        for row in self.rows:
            key = row.topic.action_field_number
            grouped.setdefault(key, (key, row.topic.action_field_title, []))[2].append(row)
        return list(grouped.values())


def coverage_table(plan: PlanTopics) -> CoverageTable:
    """Per topic area: published Brandenburg actors with a tagged competence, of them science
    and demo actors, and candidates in the neighbouring states (one aggregate query)."""
    if not plan.topic_areas:
        return CoverageTable([])
    actor = "competence__actor"
    in_brandenburg = Q(**{f"{actor}__district__ags__startswith": BRANDENBURG_STATE_CODE})
    rows = (
        CompetenceTopicArea.objects.filter(
            **{f"{actor}__status": ActorStatus.PUBLISHED},
            lineage__in=[topic.lineage for topic in plan.topic_areas],
        )
        .values("lineage")
        .annotate(
            brandenburg=Count(actor, distinct=True, filter=in_brandenburg),
            science=Count(
                actor,
                distinct=True,
                filter=in_brandenburg & Q(**{f"{actor}__kind__in": SCIENCE_KINDS}),
            ),
            demo=Count(
                actor, distinct=True, filter=in_brandenburg & Q(**{f"{actor}__is_demo": True})
            ),
            neighbours=Count(
                actor, distinct=True, filter=_in_states(NEIGHBOUR_CODES, f"{actor}__district__ags")
            ),
        )
        .order_by()
    )
    counts = {str(row["lineage"]): row for row in rows}
    empty = {"brandenburg": 0, "science": 0, "demo": 0, "neighbours": 0}
    return CoverageTable(
        [
            CoverageRow(
                topic=topic,
                brandenburg=counts.get(topic.lineage, empty)["brandenburg"],
                science=counts.get(topic.lineage, empty)["science"],
                demo=counts.get(topic.lineage, empty)["demo"],
                neighbours=counts.get(topic.lineage, empty)["neighbours"],
            )
            for topic in plan.topic_areas
        ]
    )


# --- The page -------------------------------------------------------------------------------


@dataclass
class ValueChainPage:
    plan: PlanTopics
    query: ValueChainQuery
    result: ValueChainResult | None
    coverage: CoverageTable


def value_chain_page(cluster, params) -> ValueChainPage:
    """Everything the page shows for `cluster` (the request's), from its GET parameters."""
    plan = load_plan_topics(cluster)
    query = ValueChainQuery.from_params(params, plan)
    result = analyse(query) if query.is_valid and query.has_criteria else None
    return ValueChainPage(plan=plan, query=query, result=result, coverage=coverage_table(plan))
