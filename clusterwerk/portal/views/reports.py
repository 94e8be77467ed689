"""The monitoring report of the request's cluster as a web page with SVG charts, and its
downloads (`/monitoring/`, `/c/<slug>/monitoring/2019/`, …).

Everybody may open the report; its figures count all projects of the cluster whoever looks,
its success stories name only the projects the user may see (the cluster management: all).
The addresses with the cluster in the path (`/monitoring/<slug>/…`, before the tenant came
from the request) redirect permanently to the cluster's own addresses.
"""

import dataclasses
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from clusterwerk.core import versions
from clusterwerk.core.page_cache import cache_public_page
from clusterwerk.core.ratelimit import limit_anonymous_exports
from clusterwerk.core.tenancy import cluster_by_slug, request_cluster, reverse_for_cluster
from clusterwerk.portal.reports import build_monitoring_report
from clusterwerk.projects.monitoring import (
    MIN_REPORT_YEAR,
    MonitoringReport,
    Section,
    is_valid_report_year,
    max_report_year,
    new_projects_per_year,
)
from clusterwerk.projects.monitoring.results import success_stories
from clusterwerk.projects.permissions import can_manage_projects
from clusterwerk.projects.queries import cluster_projects
from clusterwerk.projects.report_export import (
    EXPORT_FORMATS,
    YEAR_COLOURS,
    display_value,
    export_report,
    view_note,
)

# SVG geometry of the horizontal grouped bar charts (in drawing units).
CHART_WIDTH = 760
LABEL_WIDTH = 290
VALUE_SPACE = 110
BAR_HEIGHT = 14
BAR_GAP = 2
GROUP_GAP = 16
LEGEND_HEIGHT = 34
LABEL_CHARACTERS = 42


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour_index: int
    year: int
    text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class ChartGroup:
    label: str
    short_label: str
    label_y: float
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    plot_top: int
    plot_bottom: float
    groups: list[ChartGroup]
    legend: list[tuple[int, float, int]]  # (colour index, x, year)
    aria_label: str


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: list[str]


@dataclass(frozen=True)
class SectionView:
    section: Section
    chart: Chart | None
    rows: list[TableRow]


def _shorten(text: str) -> str:
    return text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1] + "…"


def build_chart(report: MonitoringReport, section: Section) -> Chart | None:
    """Geometry of a horizontal bar chart: one group per indicator, one bar per year."""
    rows = [row for row in section.chart_rows if not row.is_empty]
    if not rows:
        return None
    years = report.years
    unit = section.chart_unit
    largest = max((value or 0) for row in rows for value in row.values) or 1
    plot_width = CHART_WIDTH - LABEL_WIDTH - VALUE_SPACE
    group_height = len(years) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    groups = []
    y = LEGEND_HEIGHT
    for row in rows:
        bars = []
        for index, (year, value) in enumerate(zip(years, row.values, strict=True)):
            bar_y = y + index * (BAR_HEIGHT + BAR_GAP)
            width = round((value or 0) / largest * plot_width, 1)
            bars.append(
                Bar(
                    x=LABEL_WIDTH,
                    y=bar_y,
                    width=width,
                    height=BAR_HEIGHT,
                    colour_index=index,
                    year=year,
                    text=display_value(value, unit),
                    text_x=LABEL_WIDTH + width + 5,
                    text_y=bar_y + BAR_HEIGHT / 2,
                )
            )
        groups.append(
            ChartGroup(
                label=row.label,
                short_label=_shorten(row.label),
                label_y=y + group_height / 2,
                bars=bars,
            )
        )
        y += group_height + GROUP_GAP
    legend = [(index, LABEL_WIDTH + index * 90, year) for index, year in enumerate(years)]
    aria_label = _(
        "Balkendiagramm: %(title)s, %(first)s bis %(last)s. Die Werte stehen in der Tabelle "
        "unter dem Diagramm."
    ) % {"title": section.title, "first": years[0], "last": years[-1]}
    return Chart(
        width=CHART_WIDTH,
        height=int(y - GROUP_GAP + 8),
        label_width=LABEL_WIDTH,
        plot_top=LEGEND_HEIGHT - 6,
        plot_bottom=y - GROUP_GAP + 4,
        groups=groups,
        legend=legend,
        aria_label=aria_label,
    )


def section_views(report: MonitoringReport) -> list[SectionView]:
    return [
        SectionView(
            section=section,
            chart=build_chart(report, section),
            rows=[
                TableRow(row.label, [display_value(value, row.unit) for value in row.values])
                for row in section.rows
            ],
        )
        for section in report.sections
    ]


def _checked_year(year: int) -> int:
    if not is_valid_report_year(year):
        raise Http404(
            _("Berichte gibt es für die Jahre %(first)s bis %(last)s.")
            % {"first": MIN_REPORT_YEAR, "last": max_report_year()}
        )
    return year


def monitoring_index(request):
    """The years with projects, each with its newly initiated and carried-out projects."""
    cluster = request_cluster(request)
    per_year = new_projects_per_year(cluster)
    last = max_report_year() - 1
    first = min([*per_year, last])
    years = [
        {"year": year, "new_projects": per_year.get(year, 0)}
        for year in range(last, max(first, MIN_REPORT_YEAR) - 1, -1)
    ]
    return render(
        request,
        "portal/report_index.html",
        {"cluster": cluster, "years": years},
    )


# What the report shows: projects (figures, stories), the Kooperationsbörse (its section),
# the events (theirs), the masterplan (topic areas) and the directory (partners' kinds and
# districts).
REPORT_AREAS = (
    versions.PROJECTS,
    versions.MATCHMAKING,
    versions.EVENTS,
    versions.AWARD,
    versions.SKILLS,
    versions.MASTERPLAN,
    versions.ACTORS,
)


def public_report(cluster, year: int) -> tuple[MonitoringReport, list[SectionView]]:
    """The report as an anonymous reader sees it, with its charts: ~70 aggregates and the SVG
    geometry, computed once per data version (and day: the last year of reports moves)."""

    def build():
        report = build_monitoring_report(cluster=cluster, year=year, user=AnonymousUser())
        return report, section_views(report)

    return versions.get_or_set("monitoring-report", cluster, REPORT_AREAS, build, year)


def reader_report(user, cluster, year: int) -> tuple[MonitoringReport, list[SectionView]]:
    """The report for `user`: the figures never depend on the reader (`build_report`), the
    success stories and the management's view do – those two are the reader's own."""
    report, sections = public_report(cluster, year)
    if user.is_authenticated:
        report = dataclasses.replace(
            report,
            success_stories=success_stories(cluster_projects(user, cluster), year),
            full_view=can_manage_projects(user, cluster),
        )
    return report, sections


@cache_public_page(*REPORT_AREAS)
def monitoring_report(request, year: int):
    cluster = request_cluster(request)
    year = _checked_year(year)
    report, sections = reader_report(request.user, cluster, year)
    summary = report.summary
    figures = [
        (_("Durchgeführte Projekte"), display_value(summary["projects_carried_out"], "count")),
        (_("Neu initiierte Projekte"), display_value(summary["projects_new"], "count")),
        (_("davon FuEuI-Projekte"), display_value(summary["projects_new_rdi"], "count")),
        (_("Projektvolumen (neu)"), display_value(summary["project_volume_eur"], "eur")),
        (_("Fördervolumen (neu)"), display_value(summary["funding_volume_eur"], "eur")),
        (
            _("Themenbereiche ohne Projekt"),
            f"{summary['topic_areas_without_projects']} / {summary['topic_areas_total']}",
        ),
    ]
    return render(
        request,
        "portal/report.html",
        {
            "cluster": cluster,
            "report": report,
            "sections": sections,
            "fragment_key": versions.cache_key(
                "monitoring-sections", cluster, REPORT_AREAS, year, report.full_view
            ),
            "fragment_max_age": versions.MAX_AGE,
            "figures": figures,
            "view_note": view_note(report),
            "formats": EXPORT_FORMATS,
            "year_colours": YEAR_COLOURS,
            "previous_year": year - 1 if is_valid_report_year(year - 1) else None,
            "next_year": year + 1 if is_valid_report_year(year + 1) else None,
        },
    )


@limit_anonymous_exports
def monitoring_report_download(request, year: int, file_format: str):
    """The report as a file. It holds aggregates (a few hundred rows at most, whatever the
    number of actors and projects), so it is made in the request; anonymous downloads are
    rate-limited like every export."""
    cluster = request_cluster(request)
    year = _checked_year(year)
    if file_format not in EXPORT_FORMATS:
        raise Http404(_("Dieses Format gibt es nicht."))
    report = build_monitoring_report(cluster=cluster, year=year, user=request.user)
    export = export_report(report, file_format)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- The addresses with the cluster in the path -------------------------------------------------


def cluster_path(request, cluster_slug: str, viewname: str, *args) -> str:
    """The address of `viewname` in the cluster `cluster_slug` (404 for an unknown one), with
    the request's query string."""
    path = reverse_for_cluster(cluster_by_slug(cluster_slug), viewname, args=args)
    query = request.META.get("QUERY_STRING", "")
    return path + (f"?{query}" if query else "")


def moved_index(request, cluster_slug: str):
    return HttpResponsePermanentRedirect(cluster_path(request, cluster_slug, "portal:report-index"))


def moved_report(request, cluster_slug: str, year: int):
    return HttpResponsePermanentRedirect(cluster_path(request, cluster_slug, "portal:report", year))


def moved_download(request, cluster_slug: str, year: int, file_format: str):
    return HttpResponsePermanentRedirect(
        cluster_path(request, cluster_slug, "portal:report-export", year, file_format)
    )
