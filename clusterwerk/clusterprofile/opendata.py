"""The cluster's open data: public aggregates as CSV and JSON under stable addresses
(`/offene-daten/<dataset>.csv|json`, `GET /api/v1/profile/open-data/<dataset>`, the command
`export_open_data`), under the licence `OPEN_DATA_LICENCE` (dl-de/by-2-0).

The datasets (counts and sums only – no names, no personal data):

kennzahlen
    The cluster's key figures (`core.ClusterFigure`) with year, comparison and source.
themenbereiche
    Per topic area of the published masterplan edition: number, title, the published
    organisations of the cluster's directory with a competence tagged with it (as the topic
    area's page counts them), the cluster's projects in an active phase (Initiierung …
    abgeschlossen, every year; ideas and cancelled projects do not count) tagged with it, and
    the open listings of the Kooperationsbörse tagged with it.
monitoring
    Per year the headline figures of the Ergebnis- und Wirkungsmonitoring, taken from
    `projects.monitoring.build_report` (every project of the cluster counts, as in the
    published report): the same numbers as the report's overview, volume and cross-cluster
    sections. From the first year with a project to the current year.
veranstaltungen
    Per year the figures of the report's events section (`events.reporting.
    events_year_figures`): held events, cross-cluster events, participants, organisations and
    craft businesses reached, B2B meetings held, follow-ups. From the first year with a held
    event to the current year.

The rows are computed from aggregate queries and cached per data version of the areas they
come from and per day (`dataset_rows`), so a change shows at once and a reader never waits for
the reports behind `monitoring` twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Min
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import ActorStatus, CompetenceTopicArea
from clusterwerk.actors.queries import visible_actors
from clusterwerk.clusterprofile.models import OPEN_DATA_LICENCE
from clusterwerk.core import versions
from clusterwerk.core.exports import csv_bytes
from clusterwerk.core.models import Cluster, ClusterFigure
from clusterwerk.events.reporting import REPORT_ZONE, events_year_figures, held_events
from clusterwerk.masterplan.models import TopicArea, number_sort_key
from clusterwerk.masterplan.queries import get_published_edition
from clusterwerk.matchmaking.models import ListingTopicArea
from clusterwerk.matchmaking.queries import open_listings
from clusterwerk.projects.models import ACTIVE_PHASES, Project, ProjectTopicArea
from clusterwerk.projects.monitoring import MIN_REPORT_YEAR, YEARS_IN_SERIES, build_report

# At most this many years back (a dataset stays small and quick).
MAX_YEARS = 15


@dataclass(frozen=True)
class Dataset:
    name: str
    title: object
    description: object
    source: object
    columns: tuple[str, ...]
    rows: Callable[[Cluster], list[dict]]


def _number(value):
    """Decimals as int when whole, else float (JSON and CSV keep them as numbers)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# --- kennzahlen --------------------------------------------------------------------------------


def figure_rows(cluster: Cluster) -> list[dict]:
    return [
        {
            "schluessel": figure.key,
            "bezeichnung": figure.label,
            "wert": _number(figure.value),
            "einheit": figure.unit,
            "jahr": figure.year,
            "vergleichswert": _number(figure.comparison_value),
            "vergleichsjahr": figure.comparison_year,
            "erlaeuterung": figure.note,
            "quelle": figure.source,
        }
        for figure in ClusterFigure.objects.filter(cluster=cluster).order_by("order", "key")
    ]


# --- themenbereiche ----------------------------------------------------------------------------


def topic_rows(cluster: Cluster) -> list[dict]:
    """Four aggregate queries and the edition's topic areas."""
    edition = get_published_edition(cluster)
    if edition is None:
        return []
    topics = list(
        TopicArea.objects.filter(edition=edition).values_list("number", "title", "lineage")
    )
    lineages = [lineage for _number, _title, lineage in topics]
    actors = visible_actors(AnonymousUser(), cluster).filter(status=ActorStatus.PUBLISHED)
    actor_counts = {
        str(row["lineage"]): row["n"]
        for row in CompetenceTopicArea.objects.filter(
            lineage__in=lineages, competence__actor__in=actors.values("pk")
        )
        .values("lineage")
        .annotate(n=Count("competence__actor", distinct=True))
        .order_by()
    }
    project_counts = {
        str(row["lineage"]): row["n"]
        for row in ProjectTopicArea.objects.filter(
            lineage__in=lineages, project__cluster=cluster, project__phase__in=ACTIVE_PHASES
        )
        .values("lineage")
        .annotate(n=Count("project", distinct=True))
        .order_by()
    }
    listing_counts = {
        str(row["lineage"]): row["n"]
        for row in ListingTopicArea.objects.filter(
            lineage__in=lineages, listing__in=open_listings(cluster).values("pk")
        )
        .values("lineage")
        .annotate(n=Count("listing", distinct=True))
        .order_by()
    }
    rows = []
    for number, title, lineage in sorted(topics, key=lambda row: number_sort_key(row[0])):
        key = str(lineage)
        rows.append(
            {
                "nummer": number,
                "titel": title,
                "akteure": actor_counts.get(key, 0),
                "projekte": project_counts.get(key, 0),
                "offene_inserate": listing_counts.get(key, 0),
            }
        )
    return rows


# --- monitoring --------------------------------------------------------------------------------

# (column, section, indicator) of the report.
MONITORING_COLUMNS = (
    ("durchgefuehrte_projekte", "overview", "carried_out"),
    ("durchgefuehrte_fueui_projekte", "overview", "carried_out_rdi"),
    ("durchgefuehrte_verbundprojekte", "overview", "carried_out_joint"),
    ("durchgefuehrte_projekte_mit_wissenschaft", "overview", "carried_out_with_science"),
    ("neu_initiierte_projekte", "overview", "new"),
    ("neu_initiierte_fueui_projekte", "overview", "new_rdi"),
    ("neu_initiierte_verbundprojekte", "overview", "new_joint"),
    ("neu_initiierte_projekte_mit_wissenschaft", "overview", "new_with_science"),
    ("projektvolumen_eur", "volume", "total_volume"),
    ("foerdervolumen_eur", "volume", "funding_amount"),
    ("davon_berlin_brandenburg_eur", "volume", "regional_volume"),
    ("anteil_berlin_brandenburg_prozent", "volume", "regional_share"),
    ("cross_cluster_anteil_neu_prozent", "cross_cluster", "new_share"),
    ("cross_cluster_anteil_durchgefuehrt_prozent", "cross_cluster", "carried_out_share"),
)


def _year_range(first: int | None) -> list[int]:
    last = timezone.localdate().year
    if first is None or first > last:
        return []
    first = max(first, MIN_REPORT_YEAR, last - MAX_YEARS + 1)
    return list(range(first, last + 1))


def monitoring_years(cluster: Cluster) -> list[int]:
    """From the first year a project of the cluster was initiated or started to this year."""
    found = Project.objects.filter(cluster=cluster, phase__in=ACTIVE_PHASES).aggregate(
        initiated=Min("year_initiated"), started=Min("start_date")
    )
    candidates = [found["initiated"], found["started"].year if found["started"] else None]
    candidates = [year for year in candidates if year]
    return _year_range(min(candidates) if candidates else None)


def monitoring_rows(cluster: Cluster) -> list[dict]:
    """The report's figures per year: `build_report` for every third year (each report holds
    three years), newest first, so every year comes from a report that shows it."""
    years = monitoring_years(cluster)
    if not years:
        return []
    values: dict[int, dict] = {}
    report_year = years[-1]
    while report_year >= years[0]:
        report = build_report(cluster=cluster, year=report_year, user=AnonymousUser())
        for year in report.years:
            if year in years and year not in values:
                values[year] = {
                    column: report.value(section, indicator, year)
                    for column, section, indicator in MONITORING_COLUMNS
                }
        report_year -= YEARS_IN_SERIES
    return [{"jahr": year, **values[year]} for year in years]


# --- veranstaltungen ---------------------------------------------------------------------------

EVENT_COLUMNS = (
    ("durchgefuehrte_veranstaltungen", "held"),
    ("cross_cluster_veranstaltungen", "cross_cluster"),
    ("teilnahmen", "participants"),
    ("erreichte_organisationen", "organisations"),
    ("erreichte_handwerksbetriebe", "craft_businesses"),
    ("b2b_gespraeche", "b2b_meetings_held"),
    ("ergebnisse", "follow_ups"),
)


def event_years(cluster: Cluster) -> list[int]:
    first = (
        held_events(cluster)
        .annotate(year=ExtractYear("starts_at", tzinfo=REPORT_ZONE))
        .aggregate(first=Min("year"))["first"]
    )
    return _year_range(first)


def event_rows(cluster: Cluster) -> list[dict]:
    """The figures of the report's events section, for every year at once (seven queries)."""
    years = event_years(cluster)
    if not years:
        return []
    figures = events_year_figures(cluster, years)
    return [
        {
            "jahr": year,
            **{column: getattr(figures, name).get(year, 0) for column, name in EVENT_COLUMNS},
        }
        for year in years
    ]


# --- the registry ------------------------------------------------------------------------------

DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in (
        Dataset(
            "kennzahlen",
            _("Kennzahlen des Clusters"),
            _("Das Cluster in Zahlen: Unternehmen, Beschäftigte, Umsatz – je mit Jahr und Quelle."),
            _("Kennzahlen des Clustermanagements mit den jeweils genannten Quellen"),
            (
                "schluessel",
                "bezeichnung",
                "wert",
                "einheit",
                "jahr",
                "vergleichswert",
                "vergleichsjahr",
                "erlaeuterung",
                "quelle",
            ),
            figure_rows,
        ),
        Dataset(
            "themenbereiche",
            _("Abdeckung der Themenbereiche"),
            _(
                "Je Themenbereich der gültigen Masterplan-Ausgabe: veröffentlichte Akteure mit "
                "einer passenden Kompetenz, Projekte (aktive Phasen, alle Jahre) und offene "
                "Inserate der Kooperationsbörse."
            ),
            _("Akteursverzeichnis, Projekte und Kooperationsbörse des Clusters"),
            ("nummer", "titel", "akteure", "projekte", "offene_inserate"),
            topic_rows,
        ),
        Dataset(
            "monitoring",
            _("Ergebnis- und Wirkungsmonitoring je Jahr"),
            _(
                "Durchgeführte und neu initiierte Projekte, Projekt- und Fördervolumen, "
                "Anteile in Berlin-Brandenburg und Cross-Cluster – die Summen des "
                "Monitoringberichts, alle Projekte des Clusters."
            ),
            _("Ergebnis- und Wirkungsmonitoring des Clusters (Projektdatenbank)"),
            ("jahr", *(column for column, _section, _indicator in MONITORING_COLUMNS)),
            monitoring_rows,
        ),
        Dataset(
            "veranstaltungen",
            _("Veranstaltungen je Jahr"),
            _(
                "Durchgeführte Veranstaltungen, Teilnahmen, erreichte Organisationen und "
                "Handwerksbetriebe, B2B-Gespräche und Ergebnisse – wie im Monitoringbericht."
            ),
            _("Veranstaltungen des Clusters (Anmeldungen und Einlass)"),
            ("jahr", *(column for column, _name in EVENT_COLUMNS)),
            event_rows,
        ),
    )
}


# What the datasets are computed from: a change in any of these areas makes them afresh.
DATA_AREAS = (
    versions.MASTERPLAN,
    versions.ACTORS,
    versions.PROJECTS,
    versions.MATCHMAKING,
    versions.EVENTS,
)


def dataset_rows(cluster: Cluster, name: str) -> list[dict]:
    """The rows of one dataset, cached per data version and day (the report behind
    `monitoring` costs a report per three years of history)."""
    dataset = DATASETS[name]
    return versions.get_or_set(
        f"opendata-{name}", cluster, DATA_AREAS, lambda: dataset.rows(cluster)
    )


def attribution(cluster: Cluster) -> str:
    return f"{cluster.name}, Clusterwerk ({OPEN_DATA_LICENCE['id']})"


def licence_for(cluster: Cluster) -> dict:
    return {**OPEN_DATA_LICENCE, "attribution": attribution(cluster)}


def dataset_document(cluster: Cluster, name: str, *, now: datetime.datetime | None = None):
    """The JSON form of one dataset (KeyError for an unknown name)."""
    dataset = DATASETS[name]
    return {
        "dataset": dataset.name,
        "title": str(dataset.title),
        "cluster": {"slug": cluster.slug, "name": cluster.name},
        "licence": licence_for(cluster),
        "source": f"{cluster.name}: {dataset.source}",
        "generated_at": (now or timezone.now()).isoformat(timespec="seconds"),
        "columns": list(dataset.columns),
        "rows": dataset_rows(cluster, name),
    }


def dataset_csv(cluster: Cluster, name: str, *, bom: bool = True) -> bytes:
    """One dataset as CSV (core.exports: UTF-8, `;`, header row, formula guard)."""
    dataset = DATASETS[name]
    rows = dataset_rows(cluster, name)
    return csv_bytes(
        ([row.get(column) for column in dataset.columns] for row in rows),
        header=dataset.columns,
        bom=bom,
    )


def all_datasets(cluster: Cluster) -> dict:
    """Every dataset, for the command: {"cluster", "licence", "generated_at", "datasets"}."""
    return {
        "cluster": {"slug": cluster.slug, "name": cluster.name},
        "licence": licence_for(cluster),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "datasets": {
            name: {"title": str(dataset.title), "rows": dataset_rows(cluster, name)}
            for name, dataset in DATASETS.items()
        },
    }


__all__ = ["DATASETS", "all_datasets", "dataset_csv", "dataset_document"]
