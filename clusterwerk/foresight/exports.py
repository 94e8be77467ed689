"""What the radar page and the cycle's exports show, built once from the cycle's results
(`results.cycle_results`): numbered rows (the same number on the radar, in the chart and in
every table), the radar and the chart as SVG, and the cycle report as PDF (Typst,
`report.typ`) and XLSX (`core.exports`).

- Numbers follow the radar: segment by segment, ring by ring from the inside, then by key;
  items without a segment or without a median on the ring criterion come last and stay off
  the radar (the table says why).
- An item's ring is the first ring whose upper bound its median on the ring criterion
  (`Cycle.ring_basis`) does not exceed.
- Markers compare with `cycle.previous`: "neu" when no item of the previous cycle has the
  item's lineage, "nach innen/außen gerückt" when its ring there (by the previous cycle's own
  rings and results) was another one. Without a previous cycle nothing is marked.
- Dissent is shown with value and reason, never with a name or pseudonym.

Every text reaches Typst inside one JSON document and is shown as a string, never parsed as
markup; Typst runs without network or system fonts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from clusterwerk.core.exports import XlsxWorkbook
from clusterwerk.foresight import chart, radar
from clusterwerk.foresight.models import Criterion, CriterionRole, Cycle, Item
from clusterwerk.foresight.results import cycle_results

TEMPLATE = Path(__file__).with_name("report.typ")


def number_text(value) -> str:
    """A median or IQR in German notation: "3", "3,5", "–" when there is none."""
    if value is None:
        return "–"
    value = Decimal(value)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _float(value):
    return None if value is None else float(value)


@dataclass
class ReportRow:
    number: int
    item: Item
    result: object  # results.ItemResult
    segment: str
    segment_index: int | None
    ring: str
    ring_index: int | None
    marker: str
    medians: list[Decimal | None]  # per criterion, in the cycle's order
    impact: Decimal | None = None
    uncertainty: Decimal | None = None

    @property
    def marker_text(self) -> str:
        return radar.marker_text(self.marker)

    @property
    def off_radar(self) -> str:
        """Why the item is not on the radar ("" when it is)."""
        if self.segment_index is None:
            return _("kein Segment")
        if self.ring_index is None:
            return _("noch kein Median")
        return ""

    @property
    def median_texts(self) -> list[str]:
        return [number_text(median) for median in self.medians]


@dataclass
class CycleReport:
    cycle: Cycle
    criteria: list[Criterion]
    segments: list[str]
    rings: list[str]
    rows: list[ReportRow]
    impact: Criterion | None
    uncertainty: Criterion | None
    has_previous: bool
    radar_layout: radar.RadarLayout | None = None
    chart_layout: chart.ChartLayout | None = None
    chart_rows: list[ReportRow] = field(default_factory=list)

    def radar_svg(self, *, legend: bool = True, width: str = "") -> str:
        if self.radar_layout is None:
            return ""
        return radar.render_svg(
            self.radar_layout,
            title=_("Radar: %(title)s") % {"title": self.cycle.title},
            description=radar_description(self),
            legend=legend,
            width=width,
        )

    def chart_svg(self, *, width: str = "") -> str:
        if self.chart_layout is None:
            return ""
        return chart.render_svg(
            self.chart_layout,
            title=_("Wirkung und Unsicherheit: %(title)s") % {"title": self.cycle.title},
            description=_(
                "Jedes Item als nummerierter Punkt am Median der Unsicherheit (waagerecht) "
                "und der Wirkung (senkrecht); Items mit gleichem Median liegen als Gruppe um "
                "den Punkt. Die Werte stehen in der Tabelle darunter."
            ),
            width=width,
        )


def radar_description(report: CycleReport) -> str:
    on_radar = sum(1 for row in report.rows if not row.off_radar)
    return _(
        "%(items)s Items in %(segments)s Segmenten und %(rings)s Ringen (von innen nach außen: "
        "%(ring_names)s). Jedes Item ist ein nummerierter Punkt in seinem Segment und Ring; "
        "Kreis unverändert, Quadrat neu, Dreieck nach oben nach innen gerückt, Dreieck nach "
        "unten nach außen gerückt. Die Nummern stehen in der Tabelle darunter."
    ) % {
        "items": on_radar,
        "segments": len(report.segments),
        "rings": len(report.rings),
        "ring_names": ", ".join(report.rings),
    }


def _median(result, role: str) -> Decimal | None:
    criterion_result = result.by_role.get(role) if result is not None else None
    return criterion_result.plain.median if criterion_result is not None else None


def _criterion(criteria: list[Criterion], role: str) -> Criterion | None:
    return next((criterion for criterion in criteria if criterion.role == role), None)


def _rings_by_lineage(cycle: Cycle) -> dict:
    """lineage → ring index in `cycle` (by its own rings and results)."""
    uppers = [ring.upper for ring in cycle.rings.all()]
    rings = {}
    for result in cycle_results(cycle):
        rings[result.item.lineage] = radar.ring_index(_median(result, cycle.ring_basis), uppers)
    return rings


def cycle_report(cycle: Cycle, results=None) -> CycleReport:
    """Everything the radar page, the PDF and the XLSX show. `results`: the cycle's
    `cycle_results` when the caller has them already."""
    results = cycle_results(cycle) if results is None else results
    criteria = list(cycle.criteria.all())
    segments = list(cycle.segments.all())
    rings = list(cycle.rings.all())
    segment_index = {segment.pk: index for index, segment in enumerate(segments)}
    uppers = [ring.upper for ring in rings]
    previous = cycle.previous
    previous_rings = _rings_by_lineage(previous) if previous is not None else {}

    unsorted = []
    for result in results:
        item = result.item
        ring = radar.ring_index(_median(result, cycle.ring_basis), uppers)
        segment = segment_index.get(item.segment_id)
        if previous is None:
            marker = radar.Marker.NONE
        else:
            marker = radar.marker_for(
                is_new=item.lineage not in previous_rings,
                ring=ring,
                previous_ring=previous_rings.get(item.lineage),
            )
        by_id = {entry.criterion.pk: entry for entry in result.criteria}
        medians = [
            by_id[criterion.pk].plain.median if criterion.pk in by_id else None
            for criterion in criteria
        ]
        unsorted.append(
            ReportRow(
                number=0,
                item=item,
                result=result,
                segment=segments[segment].name if segment is not None else "",
                segment_index=segment,
                ring=rings[ring].name if ring is not None else "",
                ring_index=ring,
                marker=marker,
                medians=medians,
                impact=_median(result, CriterionRole.IMPACT),
                uncertainty=_median(result, CriterionRole.UNCERTAINTY),
            )
        )
    big = 10**6
    unsorted.sort(
        key=lambda row: (
            big if row.segment_index is None or row.ring_index is None else row.segment_index,
            big if row.ring_index is None else row.ring_index,
            row.item.key,
        )
    )
    for number, row in enumerate(unsorted, start=1):
        row.number = number
    report = CycleReport(
        cycle=cycle,
        criteria=criteria,
        segments=[segment.name for segment in segments],
        rings=[ring.name for ring in rings],
        rows=unsorted,
        impact=_criterion(criteria, CriterionRole.IMPACT),
        uncertainty=_criterion(criteria, CriterionRole.UNCERTAINTY),
        has_previous=previous is not None,
    )
    if segments and rings:
        report.radar_layout = radar.layout(
            report.segments,
            report.rings,
            [
                radar.BlipInput(
                    row.number,
                    row.item.key,
                    row.item.title,
                    row.segment_index,
                    row.ring_index,
                    row.marker,
                )
                for row in unsorted
                if not row.off_radar
            ],
        )
    if report.impact is not None and report.uncertainty is not None:
        report.chart_rows = [
            row for row in unsorted if row.impact is not None and row.uncertainty is not None
        ]
        if report.impact.steps and report.uncertainty.steps:
            report.chart_layout = chart.layout(
                [
                    chart.ChartInput(
                        row.number, row.item.key, row.item.title, row.uncertainty, row.impact
                    )
                    for row in report.chart_rows
                ],
                x_labels=list(report.uncertainty.labels),
                y_labels=list(report.impact.labels),
                x_title=_("%(name)s (Median)") % {"name": report.uncertainty.name},
                y_title=_("%(name)s (Median)") % {"name": report.impact.name},
            )
    return report


def dissent_rows(report: CycleReport) -> list[dict]:
    """Every dissenting answer with its reason, without who gave it."""
    rows = []
    for row in report.rows:
        for entry in row.result.criteria:
            for dissent in entry.dissent:
                rows.append(
                    {
                        "number": row.number,
                        "key": row.item.key,
                        "title": row.item.title,
                        "criterion": entry.criterion.name,
                        "value": dissent.value,
                        "label": dissent.label or entry.criterion.label(dissent.value),
                        "reason": dissent.reason,
                    }
                )
    return rows


def consensus_rows(report: CycleReport) -> list[dict]:
    rows = []
    for row in report.rows:
        for entry in row.result.criteria:
            stats = entry.plain
            rows.append(
                {
                    "number": row.number,
                    "key": row.item.key,
                    "title": row.item.title,
                    "criterion": entry.criterion.name,
                    "n": stats.n,
                    "cannot_judge": stats.cannot_judge,
                    "median": stats.median,
                    "q1": stats.q1,
                    "q3": stats.q3,
                    "iqr": stats.iqr,
                    "mean": stats.mean,
                    "weighted_median": entry.weighted.median,
                    "consensus": entry.consensus,
                    "stability": entry.stability,
                }
            )
    return rows


def _yes_no(value) -> str:
    return _("ja") if value else _("nein")


# --- XLSX ------------------------------------------------------------------------------------


def report_xlsx(report: CycleReport) -> bytes:
    book = XlsxWorkbook()
    book.add_sheet(
        _("Items"),
        heading=report.cycle.title,
        header=[
            _("Nr."),
            _("Kennung"),
            _("Titel"),
            _("Art"),
            _("STEEP-Kategorie"),
            _("Segment"),
            _("Ring"),
            _("Markierung"),
            *[_("Median: %(name)s") % {"name": criterion.name} for criterion in report.criteria],
            _("Konsens (alle Kriterien)"),
        ],
        rows=(
            [
                row.number,
                row.item.key,
                row.item.title,
                row.item.get_kind_display(),
                row.item.get_steep_display(),
                row.segment,
                row.ring or row.off_radar,
                row.marker_text,
                *[_float(median) for median in row.medians],
                _yes_no(row.result.consensus),
            ]
            for row in report.rows
        ),
    )
    book.add_sheet(
        _("Ergebnisse"),
        heading=report.cycle.title,
        header=[
            _("Nr."),
            _("Kennung"),
            _("Titel"),
            _("Kriterium"),
            _("Antworten"),
            _("kann ich nicht beurteilen"),
            _("Median"),
            _("1. Quartil"),
            _("3. Quartil"),
            _("Quartilsabstand"),
            _("Mittelwert"),
            _("Median nach Expertise gewichtet"),
            _("Konsens"),
            _("Stabilität"),
        ],
        rows=(
            [
                entry["number"],
                entry["key"],
                entry["title"],
                entry["criterion"],
                entry["n"],
                entry["cannot_judge"],
                _float(entry["median"]),
                _float(entry["q1"]),
                _float(entry["q3"]),
                _float(entry["iqr"]),
                _float(entry["mean"]),
                _float(entry["weighted_median"]),
                _yes_no(entry["consensus"]),
                _float(entry["stability"]),
            ]
            for entry in consensus_rows(report)
        ),
    )
    book.add_sheet(
        _("Dissens"),
        heading=report.cycle.title,
        header=[
            _("Nr."),
            _("Kennung"),
            _("Titel"),
            _("Kriterium"),
            _("Wert"),
            _("Stufe"),
            _("Begründung"),
        ],
        rows=(
            [
                entry["number"],
                entry["key"],
                entry["title"],
                entry["criterion"],
                entry["value"],
                entry["label"],
                entry["reason"],
            ]
            for entry in dissent_rows(report)
        ),
    )
    return book.to_bytes()


# --- PDF -------------------------------------------------------------------------------------


def report_document(report: CycleReport) -> dict:
    cycle = report.cycle
    return {
        "title": _("Foresight-Bericht: %(title)s") % {"title": cycle.title},
        "cycle": cycle.title,
        "publisher": cycle.cluster.name,
        "year": str(cycle.year),
        "lang": (get_language() or "de")[:2],
        "description": cycle.description,
        "status": str(cycle.get_status_display()),
        "radar_svg": report.radar_svg(legend=True),
        "radar_alt": radar_description(report),
        "chart_svg": report.chart_svg(),
        "chart_alt": _(
            "Streudiagramm: Median der Wirkung über dem Median der Unsicherheit je Item; "
            "die Werte stehen in der Tabelle."
        ),
        "items": [
            {
                "number": str(row.number),
                "key": row.item.key,
                "title": row.item.title,
                "segment": row.segment or "–",
                "ring": row.ring or row.off_radar,
                "marker": row.marker_text or "–",
            }
            for row in report.rows
        ],
        "chart_items": [
            {
                "number": str(row.number),
                "key": row.item.key,
                "title": row.item.title,
                "impact": _step_text(report.impact, row.impact),
                "uncertainty": _step_text(report.uncertainty, row.uncertainty),
            }
            for row in report.chart_rows
        ],
        "consensus": [
            {
                "number": str(entry["number"]),
                "key": entry["key"],
                "criterion": entry["criterion"],
                "n": str(entry["n"]),
                "median": number_text(entry["median"]),
                "iqr": number_text(entry["iqr"]),
                "consensus": _yes_no(entry["consensus"]),
            }
            for entry in consensus_rows(report)
        ],
        "dissent": [
            {
                "number": str(entry["number"]),
                "key": entry["key"],
                "criterion": entry["criterion"],
                "value": f"{entry['value']} ({entry['label']})"
                if entry["label"]
                else str(entry["value"]),
                "reason": entry["reason"] or "–",
            }
            for entry in dissent_rows(report)
        ],
        "labels": {
            "radar": _("Radar"),
            "chart": _("Wirkung und Unsicherheit"),
            "items": _("Items im Radar"),
            "chart_table": _("Items im Diagramm"),
            "consensus": _("Ergebnisse und Konsens je Kriterium"),
            "dissent": _("Abweichende Einschätzungen mit Begründung"),
            "no_dissent": _("Keine abweichende Einschätzung mit Begründung."),
            "no_items": _("Keine Items."),
            "number": _("Nr."),
            "key": _("Kennung"),
            "title": _("Titel"),
            "segment": _("Segment"),
            "ring": _("Ring"),
            "marker": _("Markierung"),
            "criterion": _("Kriterium"),
            "n": _("Antworten"),
            "median": _("Median"),
            "iqr": _("Quartilsabstand"),
            "has_consensus": _("Konsens"),
            "value": _("Wert"),
            "reason": _("Begründung"),
            "impact": report.impact.name if report.impact else "",
            "uncertainty": report.uncertainty.name if report.uncertainty else "",
            "medians": _("Median je Kriterium"),
            "anonymous": _(
                "Die Einschätzungen sind anonym: Der Bericht nennt keine Namen und keine "
                "Pseudonyme."
            ),
        },
    }


def _step_text(criterion: Criterion | None, median) -> str:
    if median is None or criterion is None:
        return "–"
    label = criterion.label(median) if Decimal(median) == int(median) else ""
    return f"{number_text(median)} ({label})" if label else number_text(median)


def report_pdf(report: CycleReport) -> bytes:
    import typst

    document = json.dumps(report_document(report), ensure_ascii=False)
    compiler = typst.Compiler(ignore_system_fonts=True)
    return compiler.compile(
        TEMPLATE.read_bytes(),
        format="pdf",
        sys_inputs={"data": document},
        timestamp=int(timezone.now().timestamp()),
    )


def report_file_name(cycle: Cycle, extension: str) -> str:
    return f"foresight-{cycle.year}-{slugify(cycle.slug)[:60] or 'zyklus'}.{extension}"
