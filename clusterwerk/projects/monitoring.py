"""The yearly Ergebnis- und Wirkungsmonitoring of a cluster (`MonitoringReport`).

`build_report(cluster=…, year=…, user=…)` counts over the projects of the cluster that the
user may see (`visible_projects`); the command and other management uses pass
`full_access=True` and get the cluster management's view (all projects of the cluster). Every
indicator is given for the report year and the two years before it (`report.years`), computed
with a constant number of aggregate queries (about a dozen, whatever the number of projects).

Definitions
-----------
Carried out (durchgeführt) in year Y
    The phase is one of `ACTIVE_PHASES` (Initiierung … abgeschlossen; not Idee, not abgebrochen)
    and the project's period overlaps Y. The period begins with the earlier of `start_date` and
    1 January of `year_initiated` (so a project initiated in Y counts as carried out in Y even
    when its funded runtime begins later; a project with neither is never counted). It ends
    with `end_date`; without one it is open, except for completed projects: they end on the date
    of their last phase change to "abgeschlossen", and without such a dated change they count in
    their first year only.
Newly initiated (neu initiiert) in Y
    `year_initiated == Y`, and the project is not an idea and was not cancelled before starting:
    the phase is one of `ACTIVE_PHASES`, or it is "abgebrochen" with a `start_date`.
R&D&I (FuEuI)
    `is_rdi` of the projects above.
Project volume, funding volume
    Sums of `total_volume` and `funding_amount` of the newly initiated projects. The share
    staying in Berlin-Brandenburg is Σ `regional_volume` / Σ `total_volume` over the newly
    initiated projects for which both amounts are known.
Actors in new projects
    Distinct actors taking part (any role) in the newly initiated projects of Y, by kind;
    companies (Unternehmen and Handwerksbetriebe) by size class 1–9, 10–49, 50–249, 250+
    (and "ohne Angabe").
Funding sources
    Newly initiated projects by funding programme and by its level (EU, Bund, Land, privat,
    sonstige; "ohne Förderprogramm" when none is recorded), counted and with their funding sums.
Consortium structure (newly initiated)
    Single company: exactly one partner, a company. Companies only: at least one company, no
    university or research institute, more than one partner. Companies with science: at least
    one company and at least one university or research institute. Science only: universities
    or institutes, no company. Other: everything else (no partners, only networks …).
Thematic structure (newly initiated)
    By the primary topic area (`ProjectTopicArea.is_primary`), matched by lineage to the
    cluster's published masterplan edition, summed up to key points and action fields. Projects
    without a primary topic area, or with one not in the published edition, are listed apart.
Districts (newly initiated)
    By the district of the lead partner (Konsortialführung); "ohne Angabe" when there is no lead
    partner or it has no district.
Cross-cluster share
    `is_cross_cluster` projects as a percentage of the newly initiated and of the carried-out
    projects.
Results and success stories
    `ProjectResults` are attributed to the year of `reported_on` (Stand), or, when that is
    empty, to the year of the project's `end_date`. Success stories are the non-empty
    `success_story` texts of the report year; users who do not manage the cluster see only
    those of public projects.
Kooperationsbörse (brokerage)
    The cluster's listings published in Y (by `published_at`), the expressions of interest sent
    on them in Y (by `created_at`, whatever became of them) and those accepted in Y (by
    `decided_at`): `clusterwerk.matchmaking.queries.brokerage_totals`, computed for the three
    years at once with `brokerage_pipeline` (three aggregate queries instead of nine). Counts
    only, no names, so every reader of the report sees them.
Coverage
    Topic areas of the published edition to which no project carried out in Y is assigned
    (primary or secondary), with their counts of carried-out projects in the three years.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    F,
    FilteredRelation,
    Max,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.actors.models import BUSINESS_KINDS, SCIENCE_KINDS, ActorKind, SizeClass
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.models import TopicArea, number_sort_key
from clusterwerk.masterplan.queries import get_published_edition
from clusterwerk.matchmaking.queries import brokerage_pipeline
from clusterwerk.projects.models import (
    ACTIVE_PHASES,
    FundingLevel,
    PartnerRole,
    Project,
    ProjectPartner,
    ProjectPhase,
    ProjectResults,
)
from clusterwerk.projects.permissions import can_manage_projects
from clusterwerk.projects.queries import visible_projects

YEARS_IN_SERIES = 3
MIN_REPORT_YEAR = 2000

COUNT = "count"
EURO = "eur"
PERCENT = "percent"


def max_report_year() -> int:
    """The latest year a report may be asked for: next year (for planning figures)."""
    return timezone.localdate().year + 1


def is_valid_report_year(year: int) -> bool:
    return MIN_REPORT_YEAR <= year <= max_report_year()


# --- The report as plain data ---------------------------------------------------------------


@dataclass
class Indicator:
    """One row of a section: a label and one value per year of `MonitoringReport.years`."""

    key: str
    label: str
    values: list[float | int | None]
    unit: str = COUNT

    def __post_init__(self):
        self.label = str(self.label)

    @property
    def latest(self):
        return self.values[-1]

    @property
    def is_empty(self) -> bool:
        return not any(self.values)


@dataclass
class Section:
    key: str
    title: str
    description: str
    rows: list[Indicator]
    chart: bool = True

    @property
    def chart_unit(self) -> str:
        return self.rows[0].unit if self.rows else COUNT

    @property
    def chart_rows(self) -> list[Indicator]:
        """The rows drawn in the chart: those in the section's first unit."""
        if not self.chart:
            return []
        return [row for row in self.rows if row.unit == self.chart_unit]

    @property
    def has_data(self) -> bool:
        return any(not row.is_empty for row in self.rows)

    def row(self, key: str) -> Indicator:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)


@dataclass
class SuccessStory:
    project_id: int
    title: str
    acronym: str
    text: str
    year: int
    reported_on: str | None


@dataclass
class MonitoringReport:
    cluster_slug: str
    cluster_name: str
    year: int
    years: list[int]
    edition_label: str | None
    full_view: bool  # True: the cluster management's view (all projects of the cluster)
    sections: list[Section]
    success_stories: list[SuccessStory] = field(default_factory=list)
    topic_area_total: int = 0

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def value(self, section: str, indicator: str, year: int | None = None):
        row = self.section(section).row(indicator)
        return row.values[self.years.index(year or self.year)]

    @property
    def summary(self) -> dict:
        """The headline figures of the report year."""
        overview = self.section("overview")
        volume = self.section("volume")
        return {
            "projects_carried_out": overview.row("carried_out").latest,
            "projects_new": overview.row("new").latest,
            "projects_new_rdi": overview.row("new_rdi").latest,
            "projects_new_joint": overview.row("new_joint").latest,
            "projects_new_with_science": overview.row("new_with_science").latest,
            "projects_carried_out_joint": overview.row("carried_out_joint").latest,
            "projects_carried_out_with_science": overview.row("carried_out_with_science").latest,
            "project_volume_eur": volume.row("total_volume").latest,
            "funding_volume_eur": volume.row("funding_amount").latest,
            "regional_share_percent": volume.row("regional_share").latest,
            "cross_cluster_share_percent": self.section("cross_cluster").row("new_share").latest,
            "topic_areas_without_projects": len(self.section("coverage").rows),
            "topic_areas_total": self.topic_area_total,
            "success_stories": len(self.success_stories),
            "brokerage_listings": self.section("brokerage").row("listings").latest,
            "brokerage_interests": self.section("brokerage").row("interests").latest,
            "brokerage_contacts": self.section("brokerage").row("accepted").latest,
        }

    def as_dict(self) -> dict:
        """JSON-safe: numbers are int or float (euros rounded to cents), years as strings."""
        return {
            "cluster": {"slug": self.cluster_slug, "name": self.cluster_name},
            "year": self.year,
            "years": self.years,
            "masterplan_edition": self.edition_label,
            "view": "cluster_management" if self.full_view else "visible_projects",
            "summary": self.summary,
            "sections": [
                {
                    "key": section.key,
                    "title": section.title,
                    "description": section.description,
                    "rows": [
                        {
                            "key": row.key,
                            "label": row.label,
                            "unit": row.unit,
                            "values": {
                                str(year): value
                                for year, value in zip(self.years, row.values, strict=True)
                            },
                        }
                        for row in section.rows
                    ],
                }
                for section in self.sections
            ],
            "success_stories": [asdict(story) for story in self.success_stories],
        }


# --- Conditions -----------------------------------------------------------------------------


def new_condition(year: int) -> Q:
    """Newly initiated in `year` (see the module docstring)."""
    return Q(year_initiated=year) & (
        Q(phase__in=ACTIVE_PHASES) | Q(phase=ProjectPhase.CANCELLED, start_date__isnull=False)
    )


def carried_out_condition(year: int, completed_on: str = "completed_on") -> Q:
    """Carried out in `year`. `completed_on` names the date of the completing phase change
    (an annotation of `_project_figures`, or the `completion` join of `with_completion`)."""
    first_day = datetime.date(year, 1, 1)
    last_day = datetime.date(year, 12, 31)
    begins_by_end_of_year = Q(start_date__lte=last_day) | Q(year_initiated__lte=year)
    begins_in_year = (
        Q(start_date__gte=first_day, start_date__lte=last_day)
        & (Q(year_initiated__isnull=True) | Q(year_initiated__gte=year))
    ) | (Q(year_initiated=year) & (Q(start_date__isnull=True) | Q(start_date__gte=first_day)))
    completed_without_end = Q(end_date__isnull=True, phase=ProjectPhase.COMPLETED)
    still_going = (
        Q(end_date__gte=first_day)
        | (Q(end_date__isnull=True) & ~Q(phase=ProjectPhase.COMPLETED))
        | (completed_without_end & Q(**{f"{completed_on}__gte": first_day}))
        | (completed_without_end & Q(**{f"{completed_on}__isnull": True}) & begins_in_year)
    )
    return Q(phase__in=ACTIVE_PHASES) & begins_by_end_of_year & still_going


def with_completion(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Alias `completion`: a LEFT JOIN to the project's phase changes to "abgeschlossen".

    A join (not a correlated subquery), so that PostgreSQL does not run a subplan for every
    mention in the many conditions of one aggregate query."""
    return projects.alias(
        completion=FilteredRelation(
            "phase_changes", condition=Q(phase_changes__to_phase=ProjectPhase.COMPLETED)
        )
    )


def in_window(years: list[int]) -> Q:
    """A cheap pre-filter on plain columns: every project that may be new or carried out in
    one of the years passes (and few others), so the costly conditions run on fewer rows."""
    first_day = datetime.date(years[0], 1, 1)
    last_day = datetime.date(years[-1], 12, 31)
    return (
        Q(phase__in=[*ACTIVE_PHASES, ProjectPhase.CANCELLED])
        & (Q(year_initiated__lte=years[-1]) | Q(start_date__lte=last_day))
        & (Q(end_date__isnull=True) | Q(end_date__gte=first_day) | Q(year_initiated__gte=years[0]))
    )


# --- Building -------------------------------------------------------------------------------


def build_report(
    *, cluster: Cluster, year: int, user, full_access: bool = False
) -> MonitoringReport:
    """The monitoring report of `cluster` for `year` as `user` may see it.

    `full_access=True` (the command, exports for the management): all projects of the cluster.
    """
    years = list(range(year - YEARS_IN_SERIES + 1, year + 1))
    if full_access:
        projects = Project.objects.filter(cluster=cluster)
        is_manager = True
    else:
        projects = visible_projects(user).filter(cluster=cluster)
        is_manager = user is not None and can_manage_projects(user, cluster)

    figures = _project_figures(projects, years)
    edition = get_published_edition(cluster)
    topic_areas = (
        list(
            TopicArea.objects.filter(edition=edition)
            .select_related("key_point__action_field")
            .order_by("key_point__action_field__order", "key_point__order", "order")
        )
        if edition
        else []
    )
    topic_counts = _topic_counts(projects, years)

    sections = [
        _overview_section(figures, years),
        _volume_section(figures, years),
        *_actor_sections(projects, years),
        *_funding_sections(projects, years),
        _consortium_section(figures, years),
        *_thematic_sections(topic_areas, topic_counts, figures, years),
        _district_section(projects, years),
        _cross_cluster_section(figures, years),
        _brokerage_section(cluster, years),
        _results_section(projects, years),
        _coverage_section(topic_areas, topic_counts, years),
    ]
    stories = _success_stories(projects, year, public_only=not is_manager)
    results = next(section for section in sections if section.key == "results")
    results.rows.append(
        Indicator(
            "success_stories",
            _("Erfolgsgeschichten"),
            _story_counts(projects, years, public_only=not is_manager),
        )
    )
    return MonitoringReport(
        cluster_slug=cluster.slug,
        cluster_name=cluster.name,
        year=year,
        years=years,
        edition_label=edition.label if edition else None,
        full_view=is_manager,
        sections=sections,
        success_stories=stories,
        topic_area_total=len(topic_areas),
    )


def _euros(value) -> float:
    return float(round(Decimal(value or 0), 2))


def _percent(part, whole) -> float | None:
    if not whole:
        return None
    return round(float(part or 0) * 100 / float(whole), 1)


CONSORTIUM_KINDS = (
    ("single_company", gettext_lazy("Einzelprojekt eines Unternehmens")),
    ("companies_only", gettext_lazy("nur Unternehmen")),
    ("companies_with_science", gettext_lazy("Unternehmen mit Wissenschaft")),
    ("science_only", gettext_lazy("nur Wissenschaft")),
    ("other", gettext_lazy("sonstige Zusammensetzung")),
)


def _consortium_conditions() -> dict[str, Q]:
    has_company = Q(business_partners__gt=0)
    has_science = Q(science_partners__gt=0)
    return {
        "single_company": Q(all_partners=1, business_partners=1),
        "companies_only": has_company & Q(science_partners=0, all_partners__gt=1),
        "companies_with_science": has_company & has_science,
        "science_only": Q(business_partners=0) & has_science,
        "other": Q(business_partners=0, science_partners=0),
    }


def _project_figures(projects: QuerySet[Project], years: list[int]) -> dict:
    """One aggregate query for every per-project count and sum of the three years."""
    # Inner query: one row per project (GROUP BY), with the date of its completion and the
    # numbers of its partners; the outer query counts and sums these rows per year.
    annotated = with_completion(projects.filter(in_window(years))).annotate(
        completed_on=Max("completion__changed_on"),
        all_partners=Count("partners", distinct=True),
        business_partners=Count(
            "partners", distinct=True, filter=Q(partners__actor__kind__in=BUSINESS_KINDS)
        ),
        science_partners=Count(
            "partners", distinct=True, filter=Q(partners__actor__kind__in=SCIENCE_KINDS)
        ),
    )
    consortium = _consortium_conditions()
    aggregates = {}
    for year in years:
        new = new_condition(year)
        carried = carried_out_condition(year)
        both_amounts = Q(total_volume__isnull=False, regional_volume__isnull=False)
        aggregates |= {
            f"carried_out_{year}": Count("pk", filter=carried),
            f"carried_out_rdi_{year}": Count("pk", filter=carried & Q(is_rdi=True)),
            f"carried_out_joint_{year}": Count("pk", filter=carried & Q(is_joint=True)),
            f"carried_out_with_science_{year}": Count("pk", filter=carried & Q(with_science=True)),
            f"carried_out_cross_cluster_{year}": Count(
                "pk", filter=carried & Q(is_cross_cluster=True)
            ),
            f"new_{year}": Count("pk", filter=new),
            f"new_rdi_{year}": Count("pk", filter=new & Q(is_rdi=True)),
            f"new_joint_{year}": Count("pk", filter=new & Q(is_joint=True)),
            f"new_with_science_{year}": Count("pk", filter=new & Q(with_science=True)),
            f"new_cross_cluster_{year}": Count("pk", filter=new & Q(is_cross_cluster=True)),
            f"total_volume_{year}": Sum("total_volume", filter=new),
            f"funding_amount_{year}": Sum("funding_amount", filter=new),
            f"regional_volume_{year}": Sum("regional_volume", filter=new & both_amounts),
            f"regional_base_{year}": Sum("total_volume", filter=new & both_amounts),
        }
        for key, condition in consortium.items():
            aggregates[f"consortium_{key}_{year}"] = Count("pk", filter=new & condition)
    return annotated.aggregate(**aggregates)


def _series(figures: dict, key: str, years: list[int]) -> list:
    return [figures[f"{key}_{year}"] for year in years]


def _overview_section(figures: dict, years: list[int]) -> Section:
    rows = [
        ("carried_out", _("Durchgeführte Projekte")),
        ("carried_out_rdi", _("davon FuEuI-Projekte")),
        ("carried_out_joint", _("davon Verbundprojekte")),
        ("carried_out_with_science", _("davon mit Wissenschaft")),
        ("new", _("Neu initiierte Projekte")),
        ("new_rdi", _("davon FuEuI-Projekte")),
        ("new_joint", _("davon Verbundprojekte")),
        ("new_with_science", _("davon mit Wissenschaft")),
    ]
    return Section(
        "overview",
        _("Projekte im Überblick"),
        _(
            "Durchgeführt: Projekte in einer aktiven Phase, deren Zeitraum das Jahr berührt. "
            "Neu initiiert: Projekte mit diesem Jahr der Initiierung."
        ),
        [Indicator(key, label, _series(figures, key, years)) for key, label in rows],
    )


def _volume_section(figures: dict, years: list[int]) -> Section:
    regional_share = [
        _percent(figures[f"regional_volume_{year}"], figures[f"regional_base_{year}"])
        for year in years
    ]
    return Section(
        "volume",
        _("Projekt- und Fördervolumen der neu initiierten Projekte"),
        _(
            "Summen in Euro. Der Anteil in Berlin-Brandenburg bezieht sich auf die Projekte, "
            "für die beide Beträge erfasst sind."
        ),
        [
            Indicator(
                "total_volume",
                _("Projektvolumen (€)"),
                [_euros(v) for v in _series(figures, "total_volume", years)],
                EURO,
            ),
            Indicator(
                "funding_amount",
                _("Fördervolumen (€)"),
                [_euros(v) for v in _series(figures, "funding_amount", years)],
                EURO,
            ),
            Indicator(
                "regional_volume",
                _("davon in Berlin-Brandenburg (€)"),
                [_euros(v) for v in _series(figures, "regional_volume", years)],
                EURO,
            ),
            Indicator(
                "regional_share", _("Anteil in Berlin-Brandenburg (%)"), regional_share, PERCENT
            ),
        ],
    )


def _new_projects_in(projects: QuerySet[Project], years: list[int]) -> QuerySet[Project]:
    condition = Q()
    for year in years:
        condition |= new_condition(year)
    return projects.filter(condition)


def _actor_sections(projects: QuerySet[Project], years: list[int]) -> list[Section]:
    """Distinct actors in new projects by kind, companies by size class: one query."""
    new_ids = _new_projects_in(projects, years).values("pk")
    rows = (
        ProjectPartner.objects.filter(project__in=new_ids)
        .values("project__year_initiated", "actor__kind", "actor__size_class")
        .annotate(actors=Count("actor", distinct=True))
        .order_by()
    )
    by_kind: dict[str, dict[int, int]] = {}
    by_size: dict[str, dict[int, int]] = {}
    totals: dict[int, int] = {}
    for row in rows:
        year = row["project__year_initiated"]
        kind = row["actor__kind"]
        by_kind.setdefault(kind, {}).setdefault(year, 0)
        by_kind[kind][year] += row["actors"]
        totals[year] = totals.get(year, 0) + row["actors"]
        if kind in BUSINESS_KINDS:
            size = row["actor__size_class"] or ""
            by_size.setdefault(size, {}).setdefault(year, 0)
            by_size[size][year] += row["actors"]
    kind_rows = [Indicator("all", _("Akteure insgesamt"), [totals.get(y, 0) for y in years])]
    always = {*BUSINESS_KINDS, *SCIENCE_KINDS}
    for kind in ActorKind:
        if kind in by_kind or kind in always:
            counts = by_kind.get(kind, {})
            kind_rows.append(Indicator(kind.value, kind.label, [counts.get(y, 0) for y in years]))
    size_rows = [
        Indicator(size.value, size.label, [by_size.get(size.value, {}).get(y, 0) for y in years])
        for size in SizeClass
    ]
    size_rows.append(
        Indicator("unknown", _("ohne Angabe"), [by_size.get("", {}).get(y, 0) for y in years])
    )
    return [
        Section(
            "actors",
            _("Akteure in neu initiierten Projekten nach Art"),
            _("Jeder Akteur zählt je Jahr einmal, gleich in wie vielen Projekten er mitwirkt."),
            kind_rows,
        ),
        Section(
            "company_sizes",
            _("Unternehmen in neu initiierten Projekten nach Größenklasse"),
            _("Unternehmen und Handwerksbetriebe nach Beschäftigten."),
            size_rows,
        ),
    ]


def _funding_sections(projects: QuerySet[Project], years: list[int]) -> list[Section]:
    """New projects by funding programme (and so by level): one query."""
    rows = (
        _new_projects_in(projects, years)
        .values(
            "year_initiated",
            "funding_programme_id",
            "funding_programme__short_name",
            "funding_programme__level",
            "funding_programme__order",
        )
        .annotate(projects=Count("pk"), funding=Sum("funding_amount"))
        .order_by()
    )
    programmes: dict[object, dict] = {}
    levels: dict[str, dict[int, list]] = {}
    for row in rows:
        key = row["funding_programme_id"]
        entry = programmes.setdefault(
            key,
            {
                "label": row["funding_programme__short_name"] or _("ohne Förderprogramm"),
                "order": (
                    key is None,
                    row["funding_programme__order"] or 0,
                    row["funding_programme__short_name"] or "",
                ),
                "counts": {},
            },
        )
        year = row["year_initiated"]
        entry["counts"][year] = entry["counts"].get(year, 0) + row["projects"]
        level = row["funding_programme__level"] or "none"
        per_year = levels.setdefault(level, {}).setdefault(year, [0, Decimal(0)])
        per_year[0] += row["projects"]
        per_year[1] += row["funding"] or 0
    programme_rows = [
        Indicator(
            f"programme_{key}" if key is not None else "none",
            entry["label"],
            [entry["counts"].get(y, 0) for y in years],
        )
        for key, entry in sorted(programmes.items(), key=lambda item: item[1]["order"])
    ]
    level_labels = [(level.value, level.label) for level in FundingLevel]
    level_labels.append(("none", _("ohne Förderprogramm")))
    level_rows = [
        Indicator(key, label, [levels.get(key, {}).get(y, [0, 0])[0] for y in years], COUNT)
        for key, label in level_labels
    ] + [
        Indicator(
            f"{key}_funding",
            _("Fördervolumen %(level)s (€)") % {"level": label},
            [_euros(levels.get(key, {}).get(y, [0, 0])[1]) for y in years],
            EURO,
        )
        for key, label in level_labels
        if key in levels
    ]
    return [
        Section(
            "funding_programmes",
            _("Finanzierungsquellen: Förderprogramme der neu initiierten Projekte"),
            _("Anzahl der neu initiierten Projekte je Förderprogramm."),
            programme_rows,
        ),
        Section(
            "funding_levels",
            _("Finanzierungsquellen nach Ebene"),
            _("Anzahl der neu initiierten Projekte und ihr Fördervolumen nach Förderebene."),
            level_rows,
        ),
    ]


def _consortium_section(figures: dict, years: list[int]) -> Section:
    return Section(
        "consortium",
        _("Konsortialstruktur der neu initiierten Projekte"),
        _(
            "Unternehmen: Unternehmen und Handwerksbetriebe; Wissenschaft: Hochschulen und "
            "Forschungseinrichtungen."
        ),
        [
            Indicator(key, label, _series(figures, f"consortium_{key}", years))
            for key, label in CONSORTIUM_KINDS
        ],
    )


def _topic_counts(projects: QuerySet[Project], years: list[int]) -> dict:
    """Per (lineage, is_primary): new and carried-out projects per year: one query.

    The lineage `None` row counts the projects without any topic area. Distinct counts,
    as the completion join may repeat a project (completed twice)."""
    aggregates = {}
    for year in years:
        aggregates[f"new_{year}"] = Count("pk", distinct=True, filter=new_condition(year))
        aggregates[f"carried_out_{year}"] = Count(
            "pk",
            distinct=True,
            filter=carried_out_condition(year, completed_on="completion__changed_on"),
        )
    rows = (
        with_completion(projects.filter(in_window(years)))
        .values(lineage=F("topics__lineage"), is_primary=F("topics__is_primary"))
        .annotate(**aggregates)
        .order_by()
    )
    return {(row["lineage"], row["is_primary"]): row for row in rows}


def _thematic_sections(
    topic_areas: list, topic_counts: dict, figures: dict, years: list[int]
) -> list[Section]:
    def primary_new(lineage, year):
        row = topic_counts.get((lineage, True))
        return row[f"new_{year}"] if row else 0

    action_fields: dict[int, tuple[object, list[int]]] = {}
    key_points: dict[int, tuple[object, list[int]]] = {}
    topic_rows = []
    known = set()
    for topic_area in topic_areas:
        known.add(topic_area.lineage)
        values = [primary_new(topic_area.lineage, y) for y in years]
        key_point = topic_area.key_point
        action_field = key_point.action_field
        for bucket, element in ((key_points, key_point), (action_fields, action_field)):
            entry = bucket.setdefault(element.pk, (element, [0] * len(years)))
            for index, value in enumerate(values):
                entry[1][index] += value
        if any(values):
            topic_rows.append(
                Indicator(topic_area.number, f"{topic_area.number} {topic_area.title}", values)
            )

    elsewhere = [0] * len(years)
    with_primary = [0] * len(years)
    for (lineage, is_primary), row in topic_counts.items():
        if not is_primary:
            continue
        for index, year in enumerate(years):
            with_primary[index] += row[f"new_{year}"]
            if lineage not in known:
                elsewhere[index] += row[f"new_{year}"]
    all_new = _series(figures, "new", years)
    without = [total - counted for total, counted in zip(all_new, with_primary, strict=True)]
    extra = []
    if any(elsewhere):
        extra.append(
            Indicator("other_edition", _("Themenbereich nicht in der gültigen Ausgabe"), elsewhere)
        )
    extra.append(Indicator("none", _("ohne Themenbereich (Schwerpunkt)"), without))

    def element_rows(bucket):
        return [
            Indicator(element.number, f"{element.number} {element.title}", values)
            for element, values in sorted(
                bucket.values(), key=lambda item: number_sort_key(item[0].number)
            )
        ]

    explanation = _("Neu initiierte Projekte nach ihrem Schwerpunkt-Themenbereich im Masterplan.")
    return [
        Section(
            "action_fields",
            _("Thematische Struktur nach Handlungsfeld"),
            explanation,
            element_rows(action_fields) + extra,
        ),
        Section(
            "key_points",
            _("Thematische Struktur nach Eckpunkt"),
            explanation,
            element_rows(key_points) + extra,
        ),
        Section(
            "topic_areas",
            _("Thematische Struktur nach Themenbereich"),
            explanation + " " + _("Themenbereiche ohne neues Projekt sind nicht aufgeführt."),
            topic_rows + extra,
        ),
    ]


def _district_section(projects: QuerySet[Project], years: list[int]) -> Section:
    """New projects by the district of the lead partner: one query."""
    rows = (
        _new_projects_in(projects, years)
        .alias(lead=FilteredRelation("partners", condition=Q(partners__role=PartnerRole.LEAD)))
        .values("year_initiated", lead_district=F("lead__actor__district__name"))
        .annotate(projects=Count("pk"))
        .order_by()
    )
    counts: dict[str | None, dict[int, int]] = {}
    for row in rows:
        counts.setdefault(row["lead_district"], {})[row["year_initiated"]] = row["projects"]
    named = sorted(name for name in counts if name)
    indicators = [Indicator(name, name, [counts[name].get(y, 0) for y in years]) for name in named]
    indicators.append(
        Indicator("unknown", _("ohne Angabe"), [counts.get(None, {}).get(y, 0) for y in years])
    )
    return Section(
        "districts",
        _("Neu initiierte Projekte nach Landkreis"),
        _("Nach dem Sitz der Konsortialführung (Landkreis oder kreisfreie Stadt)."),
        indicators,
    )


def _cross_cluster_section(figures: dict, years: list[int]) -> Section:
    return Section(
        "cross_cluster",
        _("Cross-Cluster-Projekte"),
        _("Projekte mit Partnern oder Themen aus anderen Clustern."),
        [
            Indicator(
                "new_share",
                _("Anteil an den neu initiierten Projekten (%)"),
                [_percent(figures[f"new_cross_cluster_{y}"], figures[f"new_{y}"]) for y in years],
                PERCENT,
            ),
            Indicator(
                "carried_out_share",
                _("Anteil an den durchgeführten Projekten (%)"),
                [
                    _percent(figures[f"carried_out_cross_cluster_{y}"], figures[f"carried_out_{y}"])
                    for y in years
                ],
                PERCENT,
            ),
            Indicator(
                "new",
                _("neu initiierte Cross-Cluster-Projekte"),
                _series(figures, "new_cross_cluster", years),
            ),
            Indicator(
                "carried_out",
                _("durchgeführte Cross-Cluster-Projekte"),
                _series(figures, "carried_out_cross_cluster", years),
            ),
        ],
    )


def _brokerage_section(cluster: Cluster, years: list[int]) -> Section:
    """Listings, interests and accepted contacts of the Kooperationsbörse per year: the figures
    of `brokerage_totals`, for all years from one call of `brokerage_pipeline` (three queries)."""
    months = brokerage_pipeline(
        [cluster.pk], datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31)
    )
    totals = {year: {"listings": 0, "interests": 0, "accepted": 0} for year in years}
    for month in months:
        entry = totals[month.month.year]
        entry["listings"] += month.listings
        entry["interests"] += month.interests
        entry["accepted"] += month.accepted
    rows = [
        ("listings", _("Veröffentlichte Inserate")),
        ("interests", _("Interessensbekundungen")),
        ("accepted", _("Angenommene Kontakte")),
    ]
    return Section(
        "brokerage",
        _("Kooperationsbörse"),
        _(
            "Inserate im Jahr ihrer Veröffentlichung, Interessensbekundungen im Jahr ihres "
            "Eingangs, angenommene Kontakte im Jahr der Annahme; alle Inserate des Clusters."
        ),
        [Indicator(key, label, [totals[y][key] for y in years]) for key, label in rows],
    )


def _results_in(projects: QuerySet[Project], years: list[int]) -> QuerySet[ProjectResults]:
    return (
        ProjectResults.objects.filter(project__in=projects.values("pk"))
        .annotate(
            result_year=Coalesce(ExtractYear("reported_on"), ExtractYear("project__end_date"))
        )
        .filter(result_year__in=years)
    )


RESULT_FIELDS = (
    ("new_products", gettext_lazy("neue Produkte")),
    ("new_processes", gettext_lazy("neue Verfahren")),
    ("patents", gettext_lazy("Patente")),
    ("jobs_created", gettext_lazy("neue Arbeitsplätze")),
    ("follow_up_projects", gettext_lazy("Folgeprojekte")),
)


def _results_section(projects: QuerySet[Project], years: list[int]) -> Section:
    rows = (
        _results_in(projects, years)
        .values("result_year")
        .annotate(reports=Count("pk"), **{name: Sum(name) for name, _label in RESULT_FIELDS})
        .order_by()
    )
    by_year = {row["result_year"]: row for row in rows}

    def values(name):
        return [(by_year.get(y) or {}).get(name) or 0 for y in years]

    return Section(
        "results",
        _("Ergebnisse und Wirkungen"),
        _(
            "Nach dem Jahr des Ergebnisstands, ersatzweise des Projektendes. "
            "Erfolgsgeschichten zählen nur, wo Sie das Projekt sehen dürfen."
        ),
        [Indicator("reports", _("Projekte mit Ergebnisbericht"), values("reports"))]
        + [Indicator(name, label, values(name)) for name, label in RESULT_FIELDS],
    )


def _stories(projects: QuerySet[Project], years: list[int], *, public_only: bool):
    results = _results_in(projects, years).exclude(success_story="")
    if public_only:
        results = results.filter(project__visibility="public")
    return results


def _story_counts(projects, years, *, public_only: bool) -> list[int]:
    rows = (
        _stories(projects, years, public_only=public_only)
        .values("result_year")
        .annotate(stories=Count("pk"))
        .order_by()
    )
    by_year = {row["result_year"]: row["stories"] for row in rows}
    return [by_year.get(y, 0) for y in years]


def _success_stories(projects, year: int, *, public_only: bool) -> list[SuccessStory]:
    results = (
        _stories(projects, [year], public_only=public_only)
        .select_related("project")
        .order_by("project__title")
    )
    return [
        SuccessStory(
            project_id=result.project_id,
            title=result.project.title,
            acronym=result.project.acronym,
            text=result.success_story,
            year=year,
            reported_on=result.reported_on.isoformat() if result.reported_on else None,
        )
        for result in results
    ]


def _coverage_section(topic_areas: list, topic_counts: dict, years: list[int]) -> Section:
    def carried(lineage, year):
        return sum(
            (topic_counts.get((lineage, primary)) or {}).get(f"carried_out_{year}", 0)
            for primary in (True, False)
        )

    rows = []
    for topic_area in topic_areas:
        values = [carried(topic_area.lineage, y) for y in years]
        if not values[-1]:
            rows.append(
                Indicator(topic_area.number, f"{topic_area.number} {topic_area.title}", values)
            )
    return Section(
        "coverage",
        _("Abdeckung des Masterplans: Themenbereiche ohne Projekt"),
        _(
            "Themenbereiche der gültigen Masterplan-Ausgabe, denen im Berichtsjahr kein "
            "durchgeführtes Projekt zugeordnet ist (Schwerpunkt oder weiterer Themenbereich), "
            "mit den durchgeführten Projekten der drei Jahre."
        ),
        rows,
        chart=False,
    )
