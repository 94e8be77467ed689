"""The matrix as an SVG heat map: occupations (rows) × districts (columns), each cell filled
with its traffic light's colour AND marked with its symbol (! red, ? amber, ✓ green, – grey),
so no information depends on colour alone. The SVG is `role="img"` with a title and a
description; the page shows the same figures in a data table next to it.

Every text is escaped; the SVG takes only published values (the light and the symbol of a
suppressed cell come from the official verdict alone, see matrix.light_for)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from clusterwerk.skills.matrix import LIGHTS, Matrix, light_label, light_letter

COLOURS = {  # fill, text – contrast of the symbol ≥ 4.5:1 on its fill
    "red": ("#b3261e", "#ffffff"),
    "amber": ("#f2c94c", "#1f1f1f"),
    "green": ("#2e7d32", "#ffffff"),
    "grey": ("#e0e0e0", "#1f1f1f"),
}
CELL = 44
LABEL_WIDTH = 190
HEADER_HEIGHT = 120
LEGEND_HEIGHT = 34


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def heatmap_svg(matrix: Matrix, *, element_id: str = "heatmap") -> str:
    """The heat map of `matrix` as SVG markup (safe string); "" when it has no cells."""
    if not matrix.cells:
        return ""
    columns, rows = len(matrix.districts), len(matrix.occupations)
    width = LABEL_WIDTH + columns * CELL + 10
    height = HEADER_HEIGHT + rows * CELL + LEGEND_HEIGHT + 10
    title = _("Ampel der Fachkräftematrix %(year)s") % {"year": matrix.year}
    desc = _(
        "Berufe in Zeilen, Kreise in Spalten; jede Zelle zeigt die Ampel als Farbe und "
        "Zeichen: ! rot (Engpass), ? gelb (beobachten), ✓ grün (kein Engpass), – grau (keine "
        "Daten). Die Zahlen stehen in der Tabelle unter der Grafik."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="skills-heatmap" role="img" aria-labelledby="{element_id}-title '
        f'{element_id}-desc" width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{element_id}-title">{escape(title)}</title>',
        f'<desc id="{element_id}-desc">{escape(desc)}</desc>',
    ]
    for index, district in enumerate(matrix.districts):
        x = LABEL_WIDTH + index * CELL + CELL / 2
        parts.append(
            f'<text x="{x}" y="{HEADER_HEIGHT - 6}" font-size="12" '
            f'transform="rotate(-50 {x} {HEADER_HEIGHT - 6})">{escape(_short(district.name, 22))}'
            "</text>"
        )
    for row, (occupation, cells, _total) in enumerate(matrix.rows()):
        y = HEADER_HEIGHT + row * CELL
        parts.append(
            f'<text x="4" y="{y + CELL / 2 + 4}" font-size="12">'
            f"{escape(_short(occupation.label, 28))}</text>"
        )
        for column, cell in enumerate(cells):
            x = LABEL_WIDTH + column * CELL
            fill, ink = COLOURS[cell.light]
            label = f"{occupation.label}, {cell.district.name}: {light_label(cell.light)}"
            parts.append(
                f"<g><title>{escape(label)}</title>"
                f'<rect x="{x + 1}" y="{y + 1}" width="{CELL - 2}" height="{CELL - 2}" '
                f'fill="{fill}" stroke="#ffffff"/>'
                f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 6}" font-size="18" '
                f'text-anchor="middle" fill="{ink}">{escape(light_letter(cell.light))}</text></g>'
            )
    legend_y = HEADER_HEIGHT + rows * CELL + 12
    for index, light in enumerate(LIGHTS):
        x = 4 + index * 150
        fill, ink = COLOURS[light]
        parts.append(
            f'<rect x="{x}" y="{legend_y}" width="20" height="20" fill="{fill}"/>'
            f'<text x="{x + 10}" y="{legend_y + 15}" font-size="13" text-anchor="middle" '
            f'fill="{ink}">{escape(light_letter(light))}</text>'
            f'<text x="{x + 26}" y="{legend_y + 15}" font-size="12">'
            f"{escape(light_label(light))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
