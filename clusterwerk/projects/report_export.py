"""Writers for the monitoring report: PDF (reportlab), XLSX (openpyxl), CSV and JSON.

Every writer takes a `MonitoringReport` and returns bytes; `export_report(report, fmt)` picks
the writer and gives the content type and a file name. The PDF has the same sections, tables
and bar charts as the web page; the XLSX one sheet per section (numbers stored as numbers);
the CSV one long table (section, indicator, year, value, unit, label). CSV and XLSX go through
`core.exports`, so that no label from the data (a district, a topic area, a programme) runs as
a formula in a spreadsheet; the CSV keeps its machine-readable form (comma, no byte-order
mark).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

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


# --- PDF ------------------------------------------------------------------------------------

FONT_DIRECTORY = Path("/usr/share/fonts/truetype/dejavu")


def _fonts() -> tuple[str, str]:
    """DejaVu Sans when the system has it (full Unicode), else the built-in Helvetica."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = FONT_DIRECTORY / "DejaVuSans.ttf", FONT_DIRECTORY / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        return "Helvetica", "Helvetica-Bold"
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
    return "DejaVuSans", "DejaVuSans-Bold"


PDF_CHART_ROWS = 12  # indicators per drawing; longer sections get several drawings


def _pdf_charts(report: MonitoringReport, section: Section, width: float, font: str) -> list:
    """Horizontal grouped bar charts of the section's chart rows, a page-sized piece each."""
    rows = [row for row in section.chart_rows if not row.is_empty]
    if not rows:
        return []
    # All pieces share one scale, so that bars compare across them.
    largest = max((value or 0) for row in rows for value in row.values) or 1
    return [
        _pdf_chart(report, section, rows[start : start + PDF_CHART_ROWS], largest, width, font)
        for start in range(0, len(rows), PDF_CHART_ROWS)
    ]


def _pdf_chart(report, section: Section, rows: list, largest, width: float, font: str):
    """A horizontal grouped bar chart (one bar per year) of `rows`."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    group_height = 9 * len(report.years) + 8
    plot_height = group_height * len(rows)
    label_width = min(200, width * 0.42)
    drawing = Drawing(width, plot_height + 40)
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = 10
    chart.width = width - label_width - 40
    chart.height = plot_height
    # reportlab draws the first category and the first series at the bottom; reverse both
    # so that the chart reads top-down like the table (oldest year first).
    year_indexes = list(reversed(range(len(report.years))))
    chart.data = [[row.values[index] or 0 for row in reversed(rows)] for index in year_indexes]
    chart.categoryAxis.categoryNames = [_shorten(row.label, 38) for row in reversed(rows)]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = largest * 1.1
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda value: display_value(value, section.chart_unit)
    chart.valueAxis.labels.angle = 0
    chart.barSpacing = 1
    chart.groupSpacing = 6
    chart.barLabelFormat = lambda value: display_value(value, section.chart_unit)
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    for series, index in enumerate(year_indexes):
        chart.bars[series].fillColor = colors.HexColor(YEAR_COLOURS[index])
        chart.bars[series].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x = label_width
    legend.y = plot_height + 32
    legend.fontName = font
    legend.fontSize = 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 60
    legend.colorNamePairs = [
        (colors.HexColor(colour), str(year))
        for colour, year in zip(YEAR_COLOURS, report.years, strict=True)
    ]
    drawing.add(legend)
    return drawing


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def write_pdf(report: MonitoringReport) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    font, bold_font = _fonts()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName=font, fontSize=9, leading=12)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=10)
    title = ParagraphStyle("title", parent=styles["Title"], fontName=bold_font, fontSize=18)
    heading = ParagraphStyle(
        "heading", parent=styles["Heading2"], fontName=bold_font, fontSize=12, spaceBefore=10
    )
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=report_title(report),
        author=report.cluster_name,
        lang="de-DE",
    )
    width = document.width - 12  # the frame's padding
    story = [
        Paragraph(escape(report_title(report)), title),
        Paragraph(escape(report.cluster_name), body),
        Paragraph(
            escape(
                _("Berichtsjahr %(year)s mit den beiden Vorjahren; Masterplan-Ausgabe %(edition)s.")
                % {"year": report.year, "edition": report.edition_label or "–"}
            ),
            body,
        ),
        Paragraph(escape(view_note(report)), small),
        Spacer(1, 6),
    ]
    for section in report.sections:
        table_rows = [[_("Indikator"), *[str(year) for year in report.years]]]
        cells = [
            [Paragraph(escape(row.label), small)]
            + [display_value(value, row.unit) for value in row.values]
            for row in section.rows
        ]
        if not cells:
            cells = [[Paragraph(escape(_("Keine Einträge.")), small), "", "", ""]]
        table = Table(
            table_rows + cells,
            colWidths=[width - 3 * 27 * mm, 27 * mm, 27 * mm, 27 * mm],
            repeatRows=1,
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), font),
                    ("FONTNAME", (0, 0), (-1, 0), bold_font),
                    ("FONTSIZE", (0, 0), (-1, -1), 8),
                    ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#4a5260")),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#c9ced6")),
                ]
            )
        )
        header = [
            Paragraph(escape(section.title), heading),
            Paragraph(escape(section.description), small),
            Spacer(1, 4),
        ]
        charts = _pdf_charts(report, section, width, font)
        if charts:
            story.append(KeepTogether([*header, charts[0]]))
            story.extend(charts[1:])
            story.append(Spacer(1, 4))
            story.append(table)
        else:
            story.append(KeepTogether([*header, table]))
    story.append(Paragraph(escape(_("Erfolgsgeschichten")), heading))
    if not report.success_stories:
        story.append(Paragraph(escape(_("Keine Erfolgsgeschichten im Berichtsjahr.")), body))
    for entry in report.success_stories:
        name = f"{entry.title} ({entry.acronym})" if entry.acronym else entry.title
        story.append(Paragraph(f"<b>{escape(name)}</b>", body))
        story.append(Paragraph(escape(entry.text), body))
        story.append(Spacer(1, 4))

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 7)
        canvas.drawString(
            doc.leftMargin,
            10 * mm,
            f"{report.cluster_name} · {report_title(report)} · {_('Seite')} {doc.page}",
        )
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
