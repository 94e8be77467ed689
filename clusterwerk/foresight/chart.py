"""The impact × uncertainty chart: every rated item as a numbered blip at its medians
(uncertainty to the right, impact upwards), and its rendering as an inline SVG.

Many items share a median point (medians are whole or half steps). The items of one point
form a cluster: they take the free places of a hexagonal lattice around it, nearest first, so
no blip and no number overlaps another (also not those of a neighbouring point's cluster).
When a cluster does not fit into the plot, all blips shrink together and the layout starts
again. The axes carry the criteria's step labels, wrapped to the width of one step.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from clusterwerk.foresight.radar import CHAR_WIDTH, FONT, INK, LINE_COLOUR, MUTED, Box, number_font

PLOT_WIDTH = 520.0
PLOT_HEIGHT = 400.0
MAX_BLIP = 11.0
MIN_BLIP = 0.75
SHRINK = 0.9
GAP = 0.3
TICK_FONT = 11.0
TITLE_FONT = 12.0
LINE_HEIGHT = 1.25
Y_LABEL_CHARS = 16


@dataclass(frozen=True)
class ChartInput:
    number: int
    key: str
    title: str
    x: Decimal  # median on the x criterion (uncertainty)
    y: Decimal  # median on the y criterion (impact)


@dataclass(frozen=True)
class ChartBlip:
    point: ChartInput
    x: float
    y: float
    anchor_x: float  # where the medians lie
    anchor_y: float
    radius: float
    font_size: float
    label: Box


@dataclass(frozen=True)
class Tick:
    lines: list[str]
    x: float
    y: float  # baseline of the first line
    anchor: str
    box: Box


@dataclass
class ChartLayout:
    plot: Box
    x_steps: int
    y_steps: int
    blip_radius: float
    blips: list[ChartBlip]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    x_title: str
    y_title: str
    view_box: Box


def _scale(value: float, steps: int, length: float) -> float:
    """Position of a scale value (1..steps) along an axis of `length`, with half a step of
    room at both ends."""
    return (value - 0.5) / steps * length


def _lattice(distance: float, reach: float) -> list[tuple[float, float]]:
    """Offsets of a hexagonal lattice around (0, 0) within `reach`, nearest first."""
    count = int(reach / distance) + 1
    offsets = []
    for row in range(-count, count + 1):
        for column in range(-count - 1, count + 2):
            dx = (column + (row % 2) / 2) * distance
            dy = row * distance * math.sqrt(3) / 2
            length = math.hypot(dx, dy)
            if length <= reach:
                offsets.append((round(length, 6), math.atan2(dy, dx), dx, dy))
    offsets.sort(key=lambda entry: (entry[0], entry[1]))
    return [(dx, dy) for _, _, dx, dy in offsets]


def _place(points, plot: Box, x_steps, y_steps) -> tuple[float, list[ChartBlip]]:
    groups: dict[tuple[Decimal, Decimal], list[ChartInput]] = {}
    for point in sorted(points, key=lambda p: (p.y, p.x, p.number)):
        groups.setdefault((point.x, point.y), []).append(point)
    radius = MAX_BLIP
    while radius >= MIN_BLIP:
        distance = (2 + GAP) * radius
        offsets = _lattice(distance, math.hypot(plot.width, plot.height))
        placed: list[ChartBlip] = []
        taken: list[tuple[float, float]] = []
        fits = True
        for (x_value, y_value), members in groups.items():
            ax = plot.x + _scale(float(x_value), x_steps, plot.width)
            ay = plot.y + plot.height - _scale(float(y_value), y_steps, plot.height)
            offset_iter = iter(offsets)
            for point in members:
                for dx, dy in offset_iter:
                    x, y = ax + dx, ay + dy
                    inside = (
                        plot.x + radius <= x <= plot.x + plot.width - radius
                        and plot.y + radius <= y <= plot.y + plot.height - radius
                    )
                    if inside and all(
                        math.hypot(x - ox, y - oy) >= distance - 1e-9 for ox, oy in taken
                    ):
                        break
                else:
                    fits = False
                    break
                taken.append((x, y))
                font = number_font(point.number, radius)
                width = len(str(point.number)) * CHAR_WIDTH * font
                label = Box(x - width / 2, y - font / 2, width, font)
                placed.append(ChartBlip(point, x, y, ax, ay, radius, font, label))
            if not fits:
                break
        if fits:
            placed.sort(key=lambda blip: blip.point.number)
            return radius, placed
        radius *= SHRINK
    raise ValueError("Too many items for the chart.")


def _wrap(text: str, width_chars: int) -> list[str]:
    return textwrap.wrap(str(text), max(width_chars, 1), break_long_words=True) or [""]


def layout(
    points: list[ChartInput],
    *,
    x_labels: list[str],
    y_labels: list[str],
    x_title: str,
    y_title: str,
) -> ChartLayout:
    """Place the points; the labels are the criteria's step labels (at least one each)."""
    if not x_labels or not y_labels:
        raise ValueError("A chart needs two scales.")
    x_steps, y_steps = len(x_labels), len(y_labels)
    for point in points:
        if not (1 <= point.x <= x_steps and 1 <= point.y <= y_steps):
            raise ValueError(f"Point {point.number} lies outside the chart.")
    y_lines = [_wrap(label, Y_LABEL_CHARS) for label in y_labels]
    y_label_width = max(len(line) * CHAR_WIDTH * TICK_FONT for lines in y_lines for line in lines)
    left = TITLE_FONT * 2 + y_label_width + 10
    plot = Box(left, 10.0, PLOT_WIDTH, PLOT_HEIGHT)
    radius, blips = _place(points, plot, x_steps, y_steps)
    step_width = PLOT_WIDTH / x_steps
    x_ticks = []
    deepest = 0.0
    for index, label in enumerate(x_labels, start=1):
        lines = _wrap(label, int((step_width - 6) / (CHAR_WIDTH * TICK_FONT)))
        x = plot.x + _scale(index, x_steps, plot.width)
        width = max(len(line) for line in lines) * CHAR_WIDTH * TICK_FONT
        top = plot.y + plot.height + 6
        height = len(lines) * TICK_FONT * LINE_HEIGHT
        deepest = max(deepest, height)
        x_ticks.append(
            Tick(lines, x, top + TICK_FONT, "middle", Box(x - width / 2, top, width, height))
        )
    y_ticks = []
    step_height = PLOT_HEIGHT / y_steps
    for index, lines in enumerate(y_lines, start=1):
        y = plot.y + plot.height - _scale(index, y_steps, plot.height)
        height = len(lines) * TICK_FONT * LINE_HEIGHT
        if height > step_height - 4:  # too many lines for one step: keep the first
            lines = [lines[0] + ("…" if len(lines) > 1 else "")]
            height = TICK_FONT * LINE_HEIGHT
        width = max(len(line) for line in lines) * CHAR_WIDTH * TICK_FONT
        right = plot.x - 6
        top = y - height / 2
        y_ticks.append(
            Tick(lines, right, top + TICK_FONT, "end", Box(right - width, top, width, height))
        )
    bottom = plot.y + plot.height + 6 + deepest + TITLE_FONT * 2 + 8
    return ChartLayout(
        plot=plot,
        x_steps=x_steps,
        y_steps=y_steps,
        blip_radius=radius,
        blips=blips,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        x_title=x_title,
        y_title=y_title,
        view_box=Box(0.0, 0.0, plot.x + plot.width + 12, bottom),
    )


def _f(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _tick_text(tick: Tick) -> str:
    spans = "".join(
        f'<tspan x="{_f(tick.x)}" y="{_f(tick.y + index * TICK_FONT * LINE_HEIGHT)}">'
        f"{escape(line)}</tspan>"
        for index, line in enumerate(tick.lines)
    )
    return f'<text font-size="{_f(TICK_FONT)}" text-anchor="{tick.anchor}">{spans}</text>'


def render_svg(
    chart: ChartLayout, *, title: str, description: str, id_prefix="chart", width: str = ""
) -> str:
    """The chart as an inline SVG (role="img", title and desc; all text escaped)."""
    box, plot = chart.view_box, chart.plot
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(box.width)} {_f(box.height)}" '
        f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'class="foresight-chart" font-family="{FONT}" fill="{INK}"'
        + (f' width="{escape(width)}"' if width else "")
        + ">",
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
        f'<rect width="{_f(box.width)}" height="{_f(box.height)}" fill="#ffffff"/>',
        f'<rect x="{_f(plot.x)}" y="{_f(plot.y)}" width="{_f(plot.width)}" '
        f'height="{_f(plot.height)}" fill="#f3f6fa" stroke="{LINE_COLOUR}"/>',
    ]
    for tick in chart.x_ticks:
        out.append(
            f'<line x1="{_f(tick.x)}" y1="{_f(plot.y)}" x2="{_f(tick.x)}" '
            f'y2="{_f(plot.y + plot.height)}" stroke="#dde2e8"/>'
        )
        out.append(_tick_text(tick))
    for tick in chart.y_ticks:
        y = tick.box.y + tick.box.height / 2
        out.append(
            f'<line x1="{_f(plot.x)}" y1="{_f(y)}" x2="{_f(plot.x + plot.width)}" '
            f'y2="{_f(y)}" stroke="#dde2e8"/>'
        )
        out.append(_tick_text(tick))
    out.append(
        f'<text x="{_f(plot.x + plot.width / 2)}" y="{_f(box.height - TITLE_FONT * 0.8)}" '
        f'font-size="{_f(TITLE_FONT)}" font-weight="bold" text-anchor="middle" '
        f'fill="{MUTED}">{escape(chart.x_title)} →</text>'
    )
    cy = plot.y + plot.height / 2
    out.append(
        f'<text transform="translate({_f(TITLE_FONT * 1.2)} {_f(cy)}) rotate(-90)" '
        f'font-size="{_f(TITLE_FONT)}" font-weight="bold" text-anchor="middle" '
        f'fill="{MUTED}">{escape(chart.y_title)} →</text>'
    )
    for blip in chart.blips:
        point = blip.point
        tip = f"{point.number}. {point.key} {point.title}"
        out.append(
            f'<g class="foresight-blip"><title>{escape(tip)}</title>'
            f'<circle cx="{_f(blip.x)}" cy="{_f(blip.y)}" r="{_f(blip.radius * 0.95)}" '
            f'fill="#cfe0f1" stroke="#0b3d66" stroke-width="{_f(max(blip.radius * 0.12, 0.3))}"/>'
            f'<text x="{_f(blip.x)}" y="{_f(blip.y + blip.font_size * 0.35)}" '
            f'font-size="{_f(blip.font_size)}" font-weight="bold" text-anchor="middle">'
            f"{point.number}</text></g>"
        )
    out.append("</svg>")
    return "".join(out)
