"""The masterplan in the report: new projects by their primary topic area (summed up to key
points and action fields), and the topic areas without a project carried out."""

from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext as _

from clusterwerk.masterplan.models import number_sort_key
from clusterwerk.projects.models import Project
from clusterwerk.projects.monitoring.conditions import (
    carried_out_condition,
    in_window,
    new_condition,
    with_completion,
)
from clusterwerk.projects.monitoring.figures import series
from clusterwerk.projects.monitoring.report import Indicator, Section


def topic_counts(projects: QuerySet[Project], years: list[int]) -> dict:
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


def thematic_sections(
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
    all_new = series(figures, "new", years)
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


def coverage_section(topic_areas: list, topic_counts: dict, years: list[int]) -> Section:
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
