"""Reads for the brokerage pipeline page (Vermittlung) of the cluster management.

Per month of a period – the last twelve months by default, or a calendar year – the listings
published, the expressions of interest sent and the interests accepted (contacts made), as
`queries.brokerage_pipeline` counts them for one cluster (the request's, which the user
manages), and the outcomes the two sides recorded for their contacts; beside them the
current listings by kind and status and the interests by status. The page draws the months as
a grouped bar chart (SVG geometry computed here, like the monitoring report's charts) above a
table with the same numbers.

A fixed number of queries whatever the amount of data: the first year with listings, the four
monthly aggregates, listings by kind and status, interests by status.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.core.dates import last_months
from clusterwerk.matchmaking.models import (
    ContactOutcome,
    Interest,
    InterestStatus,
    Listing,
    ListingKind,
    ListingStatus,
)
from clusterwerk.matchmaking.permissions import can_see_pipeline
from clusterwerk.matchmaking.queries import PipelineMonth, brokerage_pipeline

MONTHS_BY_DEFAULT = 12

# The three series, in the order of the table's columns (and the chart's bars).
SERIES = (
    ("listings", gettext_lazy("Veröffentlichte Inserate")),
    ("interests", gettext_lazy("Interessensbekundungen")),
    ("accepted", gettext_lazy("Angenommene Kontakte")),
)

# SVG geometry of the grouped vertical bar chart (drawing units).
CHART_WIDTH = 760
CHART_HEIGHT = 300
PLOT_LEFT = 44
PLOT_RIGHT = 12
PLOT_TOP = 40
PLOT_BOTTOM = 44
BAR_GAP = 1
GROUP_PADDING = 0.18  # share of a month's width left empty around its bars
GRID_STEPS = 4
LEGEND_SPACING = 230


def series_labels() -> list[str]:
    return [str(label) for _key, label in SERIES]


# --- When ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    year: int | None  # None: the last twelve months

    @property
    def label(self) -> str:
        if self.year is None:
            return _("die letzten 12 Monate (%(start)s bis %(end)s)") % {
                "start": formats.date_format(self.start, "F Y"),
                "end": formats.date_format(self.end, "F Y"),
            }
        return str(self.year)


def last_twelve_months(today: datetime.date) -> Period:
    return Period(last_months(today, MONTHS_BY_DEFAULT)[0], today, None)


def year_period(year: int, today: datetime.date) -> Period:
    """A calendar year; the current one ends today (no empty future months)."""
    end = datetime.date(year, 12, 31)
    return Period(datetime.date(year, 1, 1), min(end, today), year)


def available_years(cluster_ids, today: datetime.date) -> list[int]:
    """From the year of the first listing of the clusters to this year, newest first."""
    first = Listing.objects.filter(cluster_id__in=cluster_ids).aggregate(first=Min("created_at"))[
        "first"
    ]
    first_year = timezone.localtime(first).year if first else today.year
    return list(range(today.year, min(first_year, today.year) - 1, -1))


def parse_period(params, years: list[int], today: datetime.date) -> tuple[Period, str]:
    """The period of the GET parameter `year` ("" = last twelve months) and a German notice
    when the value was unusable."""
    value = str(params.get("year", "") or "").strip()
    if not value:
        return last_twelve_months(today), ""
    if value.isdigit() and int(value) in years:
        return year_period(int(value), today), ""
    notice = _(
        "Für „%(value)s“ gibt es keine Zahlen (Jahre %(first)s bis %(last)s); Sie sehen die "
        "letzten 12 Monate."
    ) % {"value": value[:10], "first": years[-1], "last": years[0]}
    return last_twelve_months(today), notice


# --- Counts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    listings: int
    interests: int
    accepted: int

    @property
    def label(self) -> str:
        return formats.date_format(self.month, "F Y")

    @property
    def short_label(self) -> str:
        return formats.date_format(self.month, "M y")

    @property
    def values(self) -> list[int]:
        return [self.listings, self.interests, self.accepted]


@dataclass(frozen=True)
class KindStatusRow:
    kind: str
    label: str
    counts: list[int]  # in the order of `ListingStatus`

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


def listings_by_kind_and_status(cluster_ids) -> tuple[list[KindStatusRow], list[int], int]:
    """Current listings per kind and status, the status totals and the number of demo
    listings (one query)."""
    rows = (
        Listing.objects.filter(cluster_id__in=cluster_ids)
        .values("kind", "status", "is_demo")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts: dict[tuple[str, str], int] = {}
    demo = 0
    for row in rows:
        key = (row["kind"], row["status"])
        counts[key] = counts.get(key, 0) + row["count"]
        if row["is_demo"]:
            demo += row["count"]
    statuses = ListingStatus.values
    kind_rows = [
        KindStatusRow(kind.value, str(kind.label), [counts.get((kind, s), 0) for s in statuses])
        for kind in ListingKind
    ]
    totals = [sum(row.counts[index] for row in kind_rows) for index in range(len(statuses))]
    return kind_rows, totals, demo


def interests_by_status(cluster_ids) -> list[StatusCount]:
    """Expressions of interest on the clusters' listings by status (one query)."""
    counts = dict(
        Interest.objects.filter(listing__cluster_id__in=cluster_ids)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return [
        StatusCount(status.value, str(status.label), counts.get(status.value, 0))
        for status in InterestStatus
    ]


# --- Chart geometry -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartBar:
    x: float
    y: float
    width: float
    height: float
    series: int
    value: int
    text_x: float
    text_y: float


@dataclass(frozen=True)
class ChartMonth:
    label: str
    label_x: float
    bars: list[ChartBar]


@dataclass(frozen=True)
class GridLine:
    y: float
    value: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    months: list[ChartMonth]
    grid: list[GridLine]
    legend: list[tuple[int, float, str]]  # (series index, x, label)
    aria_label: str


def nice_maximum(largest: int) -> int:
    """A round upper end of the value axis that splits into `GRID_STEPS` whole steps: the
    step is rounded up to a multiple of its leading power of ten (6, 30, 300 …)."""
    if largest <= GRID_STEPS:
        return GRID_STEPS
    step = -(-largest // GRID_STEPS)
    magnitude = 10 ** (len(str(step)) - 1)
    return -(-step // magnitude) * magnitude * GRID_STEPS


def build_chart(months: list[MonthRow], period: Period) -> BarChart | None:
    """A grouped vertical bar chart: one group per month, one bar per series."""
    if not months:
        return None
    maximum = nice_maximum(max((max(month.values) for month in months), default=0))
    plot_width = CHART_WIDTH - PLOT_LEFT - PLOT_RIGHT
    plot_height = CHART_HEIGHT - PLOT_TOP - PLOT_BOTTOM
    baseline = PLOT_TOP + plot_height
    group_width = plot_width / len(months)
    bar_width = (group_width * (1 - 2 * GROUP_PADDING) - BAR_GAP * (len(SERIES) - 1)) / len(SERIES)
    chart_months = []
    for index, month in enumerate(months):
        left = PLOT_LEFT + index * group_width + group_width * GROUP_PADDING
        bars = []
        for series, value in enumerate(month.values):
            height = round(value / maximum * plot_height, 1)
            bars.append(
                ChartBar(
                    x=round(left + series * (bar_width + BAR_GAP), 1),
                    y=round(baseline - height, 1),
                    width=round(bar_width, 1),
                    height=height,
                    series=series,
                    value=value,
                    text_x=round(left + series * (bar_width + BAR_GAP) + bar_width / 2, 1),
                    text_y=round(baseline - height - 4, 1),
                )
            )
        chart_months.append(
            ChartMonth(
                label=month.short_label,
                label_x=round(PLOT_LEFT + (index + 0.5) * group_width, 1),
                bars=bars,
            )
        )
    grid = [
        GridLine(
            y=round(baseline - step * plot_height / GRID_STEPS, 1),
            value=step * maximum // GRID_STEPS,
        )
        for step in range(GRID_STEPS + 1)
    ]
    legend = [
        (index, PLOT_LEFT + index * LEGEND_SPACING, label)
        for index, label in enumerate(series_labels())
    ]
    aria_label = _(
        "Säulendiagramm: veröffentlichte Inserate, Interessensbekundungen und angenommene "
        "Kontakte je Monat, %(period)s. Die Werte stehen in der Tabelle unter dem Diagramm."
    ) % {"period": period.label}
    return BarChart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        plot_left=PLOT_LEFT,
        plot_right=CHART_WIDTH - PLOT_RIGHT,
        plot_top=PLOT_TOP,
        plot_bottom=baseline,
        months=chart_months,
        grid=grid,
        legend=legend,
        aria_label=aria_label,
    )


# --- The page -------------------------------------------------------------------------------


@dataclass
class PipelineReport:
    period: Period
    years: list[int]
    months: list[MonthRow]
    chart: BarChart | None
    kind_rows: list[KindStatusRow]
    status_labels: list[str]
    status_totals: list[int]
    interest_statuses: list[StatusCount]
    demo_listings: int
    outcomes: list[StatusCount] = field(default_factory=list)  # in the period
    notice: str = ""
    series: list[str] = field(default_factory=series_labels)

    @property
    def totals(self) -> MonthRow:
        return MonthRow(
            self.period.start,
            sum(month.listings for month in self.months),
            sum(month.interests for month in self.months),
            sum(month.accepted for month in self.months),
        )

    @property
    def acceptance_percent(self) -> float | None:
        """Accepted interests as a share of those the owners decided on (all time)."""
        counts = {entry.status: entry.count for entry in self.interest_statuses}
        decided = counts[InterestStatus.ACCEPTED] + counts[InterestStatus.DECLINED]
        if not decided:
            return None
        return counts[InterestStatus.ACCEPTED] * 100 / decided

    @property
    def listing_total(self) -> int:
        return sum(self.status_totals)


def build_pipeline_report(
    user, cluster, params, *, today: datetime.date | None = None
) -> PipelineReport:
    """The pipeline of `cluster` for its management (403 for everybody else)."""
    if not can_see_pipeline(user, cluster):
        raise PermissionDenied(_("Die Vermittlungsübersicht sieht nur das Clustermanagement."))
    today = today or timezone.localdate()
    cluster_ids = [cluster.pk]
    years = available_years(cluster_ids, today)
    period, notice = parse_period(params, years, today)
    pipeline: list[PipelineMonth] = brokerage_pipeline(cluster_ids, period.start, period.end)
    months = [MonthRow(m.month, m.listings, m.interests, m.accepted) for m in pipeline]
    kind_rows, status_totals, demo = listings_by_kind_and_status(cluster_ids)
    return PipelineReport(
        period=period,
        years=years,
        months=months,
        chart=build_chart(months, period),
        kind_rows=kind_rows,
        status_labels=[str(label) for label in ListingStatus.labels],
        status_totals=status_totals,
        interest_statuses=interests_by_status(cluster_ids),
        demo_listings=demo,
        outcomes=[
            StatusCount(
                outcome.value,
                str(outcome.label),
                sum(getattr(month, outcome.value) for month in pipeline),
            )
            for outcome in ContactOutcome
        ],
        notice=notice,
    )
