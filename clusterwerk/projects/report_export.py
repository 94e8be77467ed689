"""Writers for the monitoring report: PDF (Typst, in `report_pdf`), XLSX (openpyxl), CSV and
JSON.

Every writer takes a `MonitoringReport` and returns bytes; `export_report(report, fmt)` picks
the writer and gives the content type and a file name. All of them show the same figures (they
count every project of the cluster, whoever asks). The PDF is the published report: cover,
contents, summary, method, the sections with bar charts and tables, tagged for screen readers;
the XLSX one sheet per section (numbers stored as numbers);
the CSV one long table (section, indicator, year, value, unit, label). CSV and XLSX go through
`core.exports`, so that no label from the data (a district, a topic area, a programme) runs as
a formula in a spreadsheet; the CSV keeps its machine-readable form (comma, no byte-order
mark).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.core import exports
from clusterwerk.projects.monitoring import COUNT, EURO, PERCENT, MonitoringReport, Section

EXPORT_FORMATS = ("pdf", "xlsx", "csv", "json")

# Colours of the three years (oldest → report year); each has at least 3:1 contrast against
# white (WCAG 2.1 non-text contrast) and they differ in lightness; shared with report.css.
YEAR_COLOURS = ("#8c6d1f", "#3a78b5", "#0b3d66")


def display_value(value, unit: str) -> str:
    """A value for people: German number format, € and % signs, "–" for no value."""
    if value is None:
        return "–"
    if unit == EURO:
        return f"{formats.number_format(round(value), 0, force_grouping=True)} €"
    if unit == PERCENT:
        return f"{formats.number_format(value, 1)} %"
    return formats.number_format(value, 0, force_grouping=True)


@dataclass(frozen=True)
class Export:
    content: bytes
    content_type: str
    filename: str


def export_report(report: MonitoringReport, file_format: str) -> Export:
    writers = {
        "pdf": (write_pdf, "application/pdf"),
        "xlsx": (write_xlsx, exports.XLSX_CONTENT_TYPE),
        "csv": (write_csv, exports.CSV_CONTENT_TYPE),
        "json": (write_json, "application/json"),
    }
    if file_format not in writers:
        raise ValueError(file_format)
    writer, content_type = writers[file_format]
    filename = f"monitoring-{report.cluster_slug}-{report.year}.{file_format}"
    return Export(writer(report), content_type, filename)


def report_title(report: MonitoringReport) -> str:
    return _("Ergebnis- und Wirkungsmonitoring %(year)s") % {"year": report.year}


def view_note(report: MonitoringReport) -> str:
    """What the figures count and what the lists name (the figures never depend on the reader)."""
    if report.full_view:
        return _(
            "Alle Kennzahlen zählen sämtliche Projekte des Clusters. Die Erfolgsgeschichten "
            "nennen auch nicht öffentliche Projekte (Fassung des Clustermanagements)."
        )
    return _(
        "Alle Kennzahlen zählen sämtliche Projekte des Clusters, auch vertrauliche; "
        "namentlich aufgeführt sind nur freigegebene Projekte."
    )


# --- JSON and CSV ---------------------------------------------------------------------------


def write_json(report: MonitoringReport) -> bytes:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2).encode()


CSV_HEADER = ("section", "indicator", "year", "value", "unit", "label")


def csv_rows(report: MonitoringReport):
    for section in report.sections:
        for row in section.rows:
            for year, value in zip(report.years, row.values, strict=True):
                yield (section.key, row.key, year, value, row.unit, row.label)


def write_csv(report: MonitoringReport) -> bytes:
    return exports.csv_bytes(csv_rows(report), header=CSV_HEADER, delimiter=",", bom=False)


# --- XLSX -----------------------------------------------------------------------------------

XLSX_FORMATS = {COUNT: "#,##0", EURO: '#,##0 "€"', PERCENT: "0.0%"}


SHEET_TITLES = {
    "overview": gettext_lazy("Überblick"),
    "volume": gettext_lazy("Volumen"),
    "actors": gettext_lazy("Akteure nach Art"),
    "company_sizes": gettext_lazy("Unternehmen nach Größe"),
    "funding_programmes": gettext_lazy("Förderprogramme"),
    "funding_levels": gettext_lazy("Förderebenen"),
    "consortium": gettext_lazy("Konsortialstruktur"),
    "action_fields": gettext_lazy("Handlungsfelder"),
    "key_points": gettext_lazy("Eckpunkte"),
    "topic_areas": gettext_lazy("Themenbereiche"),
    "districts": gettext_lazy("Landkreise"),
    "cross_cluster": gettext_lazy("Cross-Cluster"),
    "results": gettext_lazy("Ergebnisse"),
    "coverage": gettext_lazy("Abdeckung"),
    # The events' sections (contributed by the portal).
    "events": gettext_lazy("Veranstaltungen"),
    "events_formats": gettext_lazy("Veranstaltungen nach Format"),
    "events_topics": gettext_lazy("Veranstaltungen nach Thema"),
    "events_participants": gettext_lazy("Teilnahmen nach Art"),
    "events_districts": gettext_lazy("Teilnahmen nach Landkreis"),
}


def sheet_title(section: Section, used: set[str]) -> str:
    """The sheet of a section: its short name (else its title), as `core.exports` allows."""
    return exports.sheet_title(str(SHEET_TITLES.get(section.key, section.title)), used)


def append(sheet, values: list) -> None:
    """Append a row: numbers as numbers, every text as text (`core.exports.xlsx_text`, and
    never a formula, whatever it starts with)."""
    sheet.append([exports.xlsx_text(v) if isinstance(v, str) else v for v in values])
    if not values:
        return
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def write_xlsx(report: MonitoringReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    bold = Font(bold=True)
    overview = workbook.active
    overview.title = _("Bericht")
    append(overview, [report_title(report)])
    overview["A1"].font = Font(bold=True, size=14)
    append(overview, [_("Cluster"), report.cluster_name])
    append(overview, [_("Berichtsjahr"), report.year])
    append(overview, [_("Masterplan-Ausgabe"), report.edition_label or "–"])
    append(overview, [_("Grundlage"), view_note(report)])
    append(overview, [])
    append(overview, [_("Abschnitt"), _("Tabellenblatt")])
    overview.column_dimensions["A"].width = 60
    overview.column_dimensions["B"].width = 40
    used = {overview.title}
    for section in report.sections:
        sheet = workbook.create_sheet(sheet_title(section, used))
        append(overview, [section.title, sheet.title])
        append(sheet, [section.title])
        sheet["A1"].font = Font(bold=True, size=12)
        append(sheet, [section.description])
        sheet["A2"].alignment = Alignment(wrap_text=False)
        append(sheet, [_("Indikator"), *report.years, _("Einheit")])
        for cell in sheet[3]:
            cell.font = bold
        for row in section.rows:
            values = [
                (value / 100 if row.unit == PERCENT and value is not None else value)
                for value in row.values
            ]
            append(sheet, [row.label, *values, unit_label(row.unit)])
            for cell in sheet[sheet.max_row][1 : 1 + len(values)]:
                cell.number_format = XLSX_FORMATS[row.unit]
        sheet.column_dimensions["A"].width = 60
        for letter in "BCD":
            sheet.column_dimensions[letter].width = 16
        sheet.freeze_panes = "B4"
    stories = workbook.create_sheet(sheet_title_text(_("Erfolgsgeschichten"), used))
    append(overview, [_("Erfolgsgeschichten"), stories.title])
    append(stories, [_("Projekt"), _("Akronym"), _("Erfolgsgeschichte"), _("Stand")])
    for cell in stories[1]:
        cell.font = bold
    for story in report.success_stories:
        append(stories, [story.title, story.acronym, story.text, story.reported_on or ""])
    stories.column_dimensions["A"].width = 40
    stories.column_dimensions["C"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title_text(title: str, used: set[str]) -> str:
    return sheet_title(Section(key="", title=title, description="", rows=[]), used)


def unit_label(unit: str) -> str:
    return {COUNT: _("Anzahl"), EURO: "€", PERCENT: "%"}[unit]


def write_pdf(report: MonitoringReport) -> bytes:
    """The published report (Typst, tagged PDF): `clusterwerk.projects.report_pdf`."""
    from clusterwerk.projects.report_pdf import write_pdf as typeset

    return typeset(report)
