"""The monitoring report as a published, tagged PDF, typeset with Typst (`typst` on PyPI).

`write_pdf(report)` turns a `MonitoringReport` into one JSON document and compiles
`report_pdf.typ` with it: a cover (cluster, year, "Stand" date, publisher), contents, a
one-page summary of the key figures against the two previous years, the method ("So wird
gezählt"), every section with its bar charts and tables, and the success stories. Typst writes
a tagged PDF (structure tree with headings, tables with header cells, figures with alternative
text, `/Lang`), the document title in its metadata, and page numbers; it is written as
PDF/UA-1, so Typst refuses a document that breaks the standard's rules (a figure without
alternative text, a missing title).

Safety: every text from the data (project titles, districts, programmes, topic areas) reaches
Typst inside the JSON document and is shown as a string there, never parsed as markup, so
`#`, `*`, `$`, `]`, `\\` and `<` print as written. Typst runs without network, packages or
system fonts: it uses the fonts it embeds (Libertinus Serif).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from clusterwerk.projects.monitoring import COUNT, EURO, PERCENT, MonitoringReport, Section
from clusterwerk.projects.report_export import (
    YEAR_COLOURS,
    display_value,
    report_title,
    view_note,
)

TEMPLATE = Path(__file__).with_name("report_pdf.typ")
CHART_GROUPS = 10  # indicators per chart; longer sections get several charts on one scale

# The key figures of the summary page: (section, indicator); rows of a missing section are
# left out (a cluster without the Kooperationsbörse section, say).
SUMMARY_ROWS = (
    ("overview", "carried_out"),
    ("overview", "carried_out_rdi"),
    ("overview", "carried_out_joint"),
    ("overview", "carried_out_with_science"),
    ("overview", "new"),
    ("overview", "new_rdi"),
    ("overview", "new_joint"),
    ("overview", "new_with_science"),
    ("volume", "total_volume"),
    ("volume", "funding_amount"),
    ("volume", "regional_share"),
    ("actors", "all"),
    ("cross_cluster", "new_share"),
    ("brokerage", "listings"),
    ("brokerage", "interests"),
    ("brokerage", "accepted"),
    ("events", "held"),
    ("events", "participants"),
    ("events", "craft_businesses"),
    ("results", "reports"),
    ("results", "success_stories"),
)
SUMMARY_CHART = (
    ("overview", "carried_out"),
    ("overview", "carried_out_joint"),
    ("overview", "new"),
    ("overview", "new_rdi"),
    ("overview", "new_with_science"),
)
SUMMARY_TILES = (
    ("overview", "carried_out"),
    ("overview", "new"),
    ("volume", "total_volume"),
    ("volume", "funding_amount"),
)


def signed_change(previous, current, unit: str) -> str:
    """The change against the year before: percent for counts and euros, percentage points
    for shares; "–" when there is nothing to compare with."""
    if previous is None or current is None:
        return "–"
    if unit == PERCENT:
        change = current - previous
    elif previous:
        change = (current - previous) * 100 / previous
    else:
        return "–"
    # A typographic minus, as printed numbers have; "±0" when nothing changed.
    number = formats.number_format(abs(change), 1)
    signed = ("+" if change > 0 else "\u2212" if change < 0 else "\u00b1") + number
    if unit == PERCENT:
        return _("%(value)s Pp.") % {"value": signed}
    return f"{signed} %"


def _row_label(section: Section, indicator) -> str:
    """Labels like "davon FuEuI-Projekte" name their parent in the summary table."""
    if indicator.label.startswith(_("davon")) and section.key == "overview":
        parent = _("durchgeführt") if indicator.key.startswith("carried_out") else _("neu")
        return f"{indicator.label} ({parent})"
    if section.key == "actors":
        return _("Akteure in neu initiierten Projekten")
    if section.key == "cross_cluster":
        return _("Cross-Cluster-Anteil der neu initiierten Projekte (%)")
    if section.key == "brokerage":
        return f"{_('Kooperationsbörse')}: {indicator.label}"
    if section.key == "events" and indicator.key != "held":
        return f"{_('Veranstaltungen')}: {indicator.label}"
    return indicator.label


def _summary(report: MonitoringReport) -> dict:
    keys = {section.key: section for section in report.sections}
    rows = []
    for section_key, indicator_key in SUMMARY_ROWS:
        section = keys.get(section_key)
        if section is None:
            continue
        try:
            indicator = section.row(indicator_key)
        except KeyError:
            continue
        rows.append(
            {
                "label": _row_label(section, indicator),
                "cells": [display_value(value, indicator.unit) for value in indicator.values]
                + [signed_change(indicator.values[-2], indicator.values[-1], indicator.unit)],
            }
        )
    tiles = [
        {
            "value": display_value(report.value(section, indicator), unit),
            "label": label,
        }
        for (section, indicator), unit, label in zip(
            SUMMARY_TILES,
            (COUNT, COUNT, EURO, EURO),
            (
                _("durchgeführte Projekte"),
                _("neu initiierte Projekte"),
                _("Projektvolumen der neuen Projekte"),
                _("Fördervolumen der neuen Projekte"),
            ),
            strict=True,
        )
    ]
    summary = report.summary
    chart_section = Section(
        "summary",
        _("Projekte"),  # the chart's caption adds the years
        "",
        [
            replace(indicator, label=_row_label(report.section(section), indicator))
            for section, key in SUMMARY_CHART
            for indicator in [report.section(section).row(key)]
        ],
    )
    return {
        "title": _("Das Jahr %(year)s in Zahlen") % {"year": report.year},
        "lead": _(
            "%(cluster)s: %(carried)s Projekte wurden %(year)s durchgeführt, %(new)s davon neu "
            "initiiert. %(uncovered)s von %(total)s Themenbereichen des Masterplans ist im "
            "Berichtsjahr kein Projekt zugeordnet."
        )
        % {
            "cluster": report.cluster_name,
            "carried": display_value(summary["projects_carried_out"], COUNT),
            "new": display_value(summary["projects_new"], COUNT),
            "year": report.year,
            "uncovered": summary["topic_areas_without_projects"],
            "total": summary["topic_areas_total"],
        },
        "tiles": tiles,
        "table_title": _("Kennzahlen im Vergleich mit den beiden Vorjahren"),
        "table_caption": _("Die wichtigsten Kennzahlen %(first)s bis %(last)s")
        % {"first": report.years[0], "last": report.year},
        "header": [
            _("Kennzahl"),
            *[str(year) for year in report.years],
            _("Veränderung zum Vorjahr"),
        ],
        "rows": rows,
        "chart": next(iter(_charts(report, chart_section)), None),
    }


def _charts(report: MonitoringReport, section: Section) -> list[dict]:
    """The section's chart rows in pieces of `CHART_GROUPS`, all on one scale."""
    rows = [row for row in section.chart_rows if not row.is_empty]
    if not rows:
        return []
    unit = section.chart_unit
    largest = max((value or 0) for row in rows for value in row.values) or 1
    pieces = [rows[start : start + CHART_GROUPS] for start in range(0, len(rows), CHART_GROUPS)]
    charts = []
    for number, piece in enumerate(pieces, start=1):
        caption = _("%(title)s, %(first)s bis %(last)s") % {
            "title": section.title,
            "first": report.years[0],
            "last": report.year,
        }
        if len(pieces) > 1:
            caption += " " + _("(Teil %(number)s von %(count)s)") % {
                "number": number,
                "count": len(pieces),
            }
        charts.append(
            {
                "caption": caption,
                "alt": _(
                    "Balkendiagramm: %(title)s, je Kennzahl ein Balken für %(years)s. "
                    "Die Werte stehen in der folgenden Tabelle."
                )
                % {
                    "title": caption,
                    "years": ", ".join(str(year) for year in report.years),
                },
                "groups": [
                    {
                        "label": row.label,
                        "bars": [
                            {
                                "ratio": round((value or 0) / largest, 4),
                                "text": display_value(value, unit),
                            }
                            for value in row.values
                        ],
                    }
                    for row in piece
                ],
            }
        )
    return charts


def _empty_text(section: Section) -> str:
    if section.key == "coverage":
        return _("Jedem Themenbereich ist im Berichtsjahr mindestens ein Projekt zugeordnet.")
    return _("Keine Einträge.")


def report_document(report: MonitoringReport) -> dict:
    """Everything the Typst template prints, as JSON-safe data (texts translated, numbers
    formatted)."""
    language = (get_language() or "de").split("-")[0]
    publisher = _("Clustermanagement %(cluster)s") % {"cluster": report.cluster_name}
    stand = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    years = [str(year) for year in report.years]
    return {
        "lang": language,
        "region": "DE" if language == "de" else "GB",
        "title": f"{report_title(report)} – {report.cluster_name}",
        "heading": _("Ergebnis- und Wirkungsmonitoring"),
        "year": str(report.year),
        "years": years,
        "cluster": report.cluster_name,
        "publisher": publisher,
        "stand": stand,
        "keywords": [_("Monitoring"), report.cluster_name, str(report.year)],
        "subtitle": _("Berichtsjahr %(year)s mit den Vorjahren %(first)s und %(second)s")
        % {"year": report.year, "first": years[0], "second": years[1]},
        "cover_facts": [
            {"term": _("Herausgeber"), "text": publisher},
            {"term": _("Stand"), "text": stand},
            {"term": _("Masterplan-Ausgabe"), "text": report.edition_label or "–"},
        ],
        "note": view_note(report),
        "colours": list(YEAR_COLOURS),
        "labels": {
            "series": _("Bericht des Clustermanagements"),
            "contents": _("Inhalt"),
            "about": _("Zu diesem Bericht"),
            "indicator": _("Kennzahl"),
            "stand": _("Stand:"),
            "page": _("Seite"),
            "of": _("von"),
        },
        "about": [
            _(
                "Das Ergebnis- und Wirkungsmonitoring zeigt, was im Cluster %(year)s geschehen "
                "ist: welche Projekte liefen und neu begonnen wurden, wer daran mitwirkt, wie "
                "sie finanziert sind, welche Themen des Masterplans sie aufgreifen und was sie "
                "bewirkt haben. Jede Kennzahl steht neben den Werten der beiden Vorjahre."
            )
            % {"year": report.year},
            view_note(report),
            _(
                "Herausgeber ist das %(publisher)s; die Zahlen geben den Datenstand vom "
                "%(stand)s wieder. Dieselben Zahlen gibt es als Tabelle (XLSX, CSV) und als "
                "JSON."
            )
            % {"publisher": publisher, "stand": stand},
        ],
        "summary": _summary(report),
        "method_title": _("So wird gezählt"),
        "method": [{"term": term, "text": text} for term, text in report.method],
        "sections": [
            {
                "title": section.title,
                "description": section.description,
                "charts": _charts(report, section),
                "table_caption": _("Werte: %(title)s") % {"title": section.title},
                "rows": [
                    {
                        "label": row.label,
                        "cells": [display_value(value, row.unit) for value in row.values],
                    }
                    for row in section.rows
                ],
                "empty": _empty_text(section),
            }
            for section in report.sections
        ],
        "stories": {
            "title": _("Erfolgsgeschichten %(year)s") % {"year": report.year},
            "empty": _("Für das Berichtsjahr sind keine Erfolgsgeschichten erfasst."),
            "entries": [
                {
                    "title": f"{story.title} ({story.acronym})" if story.acronym else story.title,
                    "text": story.text,
                }
                for story in report.success_stories
            ],
        },
    }


def write_pdf(report: MonitoringReport) -> bytes:
    import typst

    document = json.dumps(report_document(report), ensure_ascii=False)
    compiler = typst.Compiler(ignore_system_fonts=True)
    return compiler.compile(
        TEMPLATE.read_bytes(),
        format="pdf",
        sys_inputs={"report": document},
        timestamp=int(timezone.now().timestamp()),
        pdf_standards=["ua-1"],
    )
