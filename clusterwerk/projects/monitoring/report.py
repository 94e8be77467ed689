"""The monitoring report as plain data: indicators (one value per year of the series) in
sections, success stories, and the report with its headline figures and its JSON form. The web
page, the exports and the API all render these dataclasses."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils import timezone

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
    # Headline figures the section adds to `MonitoringReport.summary`: summary key → row key
    # (the row's value in the report year).
    summary: dict[str, str] = field(default_factory=dict)

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
    # The figures count every project of the cluster for every reader; `full_view` says whether
    # the lists (the success stories) name all projects (True: the cluster management's view)
    # or only those the reader may see.
    full_view: bool
    sections: list[Section]
    success_stories: list[SuccessStory] = field(default_factory=list)
    topic_area_total: int = 0
    # "So wird gezählt": (term, explanation) pairs, as the page and the PDF print them.
    method: list[tuple[str, str]] = field(default_factory=list)

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
            "success_stories": self.section("results").row("success_stories").latest,
            **{
                name: section.row(row).latest
                for section in self.sections
                for name, row in section.summary.items()
            },
        }

    def as_dict(self) -> dict:
        """JSON-safe: numbers are int or float (euros rounded to cents), years as strings."""
        return {
            "cluster": {"slug": self.cluster_slug, "name": self.cluster_name},
            "year": self.year,
            "years": self.years,
            "masterplan_edition": self.edition_label,
            "counted": "all_projects",
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
            "method": [{"term": term, "text": text} for term, text in self.method],
        }


def euros(value) -> float:
    return float(round(Decimal(value or 0), 2))


def percent(part, whole) -> float | None:
    if not whole:
        return None
    return round(float(part or 0) * 100 / float(whole), 1)
