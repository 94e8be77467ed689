"""The foresight radar: a pure layout of numbered blips for any number of segments (sectors)
and rings (concentric bands, innermost first), and its rendering as an inline SVG.

Geometry (SVG user units, y downwards): the circle's centre is (CX, CY), its radius RADIUS.
Segment `i` of `n` covers the angles [-90° + i·360°/n, -90° + (i+1)·360°/n] (clockwise from
the top). The innermost ring is a disc a little wider than the other bands.

Placement rules, each checked by tests:

- Every blip is drawn inside a circle of radius `blip_radius` around its centre, its number
  inside a box that fits in that circle. Blips keep `GAP` × radius apart, so neither blips
  nor numbers overlap.
- A blip stays inside its segment × ring cell, `PAD` × radius away from every boundary (also
  from the ring labels, which lie on the top axis inside their ring).
- The places of a cell are rows of arcs, filled spread out; when one cell has more blips than
  places, every blip of the radar shrinks by `SHRINK` and the layout starts again (so the
  radar stays uniform and the result depends on the input only).
- Segment names stand outside the circle, wrapped, pushed apart vertically on each side.

Markers are shown by shape (and in the data table by text, never by colour alone): a circle
(unchanged), a square (new), a triangle pointing up (moved in) or down (moved out).
"""

from __future__ import annotations

import itertools
import math
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _

CX = 0.0
CY = 0.0
RADIUS = 300.0
MAX_BLIP = 11.0  # radius of a blip when there is room
MIN_BLIP = 0.75
SHRINK = 0.9
GAP = 0.3  # extra space between two blips, times the blip radius
PAD = 0.25  # space between a blip and a cell boundary, times the blip radius (+ line width)
LINE = 1.0  # stroke width of ring and segment lines
INNER_WEIGHT = 1.4  # the inner disc is this many bands wide
CHAR_WIDTH = 0.7  # width of a character, times the font size (bold digits of DejaVu Sans: 0.7)
SEGMENT_FONT = 13.0
SEGMENT_LINE = 1.25  # line height of segment names, times the font size
SEGMENT_OFFSET = 14.0  # distance of segment names from the circle
SEGMENT_WRAP = 22  # characters per line of a segment name
RING_FONT = 10.0
LEGEND_FONT = 12.0


class Marker:
    NONE = ""
    NEW = "new"
    MOVED_IN = "in"
    MOVED_OUT = "out"


def marker_text(marker: str) -> str:
    return {
        Marker.NEW: _("neu"),
        Marker.MOVED_IN: _("nach innen gerückt"),
        Marker.MOVED_OUT: _("nach außen gerückt"),
    }.get(marker, "")


def marker_shape_text(marker: str) -> str:
    return {
        Marker.NONE: _("Kreis: unverändert"),
        Marker.NEW: _("Quadrat: neu"),
        Marker.MOVED_IN: _("Dreieck nach oben: nach innen gerückt"),
        Marker.MOVED_OUT: _("Dreieck nach unten: nach außen gerückt"),
    }[marker]


MARKERS = [Marker.NONE, Marker.NEW, Marker.MOVED_IN, Marker.MOVED_OUT]


def ring_index(median: Decimal | None, uppers: list[Decimal]) -> int | None:
    """The first ring whose upper bound the median does not exceed (beyond the last: the
    last ring); None without a median or without rings."""
    if median is None or not uppers:
        return None
    for index, upper in enumerate(uppers):
        if median <= upper:
            return index
    return len(uppers) - 1


def marker_for(*, is_new: bool, ring: int | None, previous_ring: int | None) -> str:
    if is_new:
        return Marker.NEW
    if ring is None or previous_ring is None or ring == previous_ring:
        return Marker.NONE
    return Marker.MOVED_IN if ring < previous_ring else Marker.MOVED_OUT


@dataclass(frozen=True)
class BlipInput:
    number: int
    key: str
    title: str
    segment_index: int
    ring_index: int
    marker: str = Marker.NONE


@dataclass(frozen=True)
class Box:
    x: float  # left
    y: float  # top
    width: float
    height: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.x + other.width
            and other.x < self.x + self.width
            and self.y < other.y + other.height
            and other.y < self.y + self.height
        )

    def corners(self) -> list[tuple[float, float]]:
        right, bottom = self.x + self.width, self.y + self.height
        return [(self.x, self.y), (right, self.y), (self.x, bottom), (right, bottom)]


@dataclass(frozen=True)
class Blip:
    blip: BlipInput
    x: float
    y: float
    radius: float
    font_size: float
    label: Box  # the number's box


@dataclass(frozen=True)
class TextLabel:
    lines: list[str]
    x: float
    y: float  # baseline of the first line
    anchor: str  # start | end | middle
    font_size: float
    box: Box
    full_text: str = ""


@dataclass
class RadarLayout:
    segments: list[str]
    rings: list[str]
    radii: list[float]  # outer radius of each ring
    blip_radius: float
    blips: list[Blip]
    segment_labels: list[TextLabel]
    ring_labels: list[TextLabel]
    view_box: Box
    angles: list[tuple[float, float]] = field(default_factory=list)  # per segment, radians


# --- geometry ----------------------------------------------------------------------------------


def ring_radii(count: int, radius: float = RADIUS) -> list[float]:
    total = INNER_WEIGHT + count - 1
    return [radius * (INNER_WEIGHT + index) / total for index in range(count)]


def segment_angles(count: int) -> list[tuple[float, float]]:
    step = 2 * math.pi / count
    return [
        (-math.pi / 2 + index * step, -math.pi / 2 + (index + 1) * step) for index in range(count)
    ]


def text_width(text: str, font_size: float) -> float:
    return len(text) * CHAR_WIDTH * font_size


def number_font(number: int, radius: float) -> float:
    """The largest font (at most the radius) whose number box fits into the blip's circle."""
    digits = len(str(number))
    half_width = digits * CHAR_WIDTH / 2
    return min(radius, 0.97 * radius / math.hypot(half_width, 0.5))


def _number_box(x: float, y: float, number: int, font_size: float) -> Box:
    width = text_width(str(number), font_size)
    return Box(x - width / 2, y - font_size / 2, width, font_size)


def distance_to_ray(x: float, y: float, angle: float) -> float:
    """Distance of a point from the ray from the centre at `angle` (to RADIUS)."""
    dx, dy = x - CX, y - CY
    ux, uy = math.cos(angle), math.sin(angle)
    along = dx * ux + dy * uy
    if along <= 0:
        return math.hypot(dx, dy)
    return abs(dx * uy - dy * ux)


def _box_clear_of_circle(box: Box, x: float, y: float, radius: float) -> bool:
    nearest_x = min(max(x, box.x), box.x + box.width)
    nearest_y = min(max(y, box.y), box.y + box.height)
    return math.hypot(nearest_x - x, nearest_y - y) >= radius


# --- ring labels (on the top axis, inside their ring) ------------------------------------------


def _ring_labels(rings: list[str], radii: list[float]) -> list[TextLabel]:
    labels = []
    for index, name in enumerate(rings):
        inner = radii[index - 1] if index else 0.0
        outer = radii[index]
        font = min(RING_FONT, (outer - inner) * 0.5)
        if font < 5:
            continue
        margin = 2.0
        centre = inner + margin + font * 0.75 if index else outer / 2
        top = centre + font / 2 + margin
        if top >= outer:
            continue
        half = math.sqrt(outer**2 - top**2) * 0.9
        if index:
            half = min(half, centre * 0.9)  # keep clear of the neighbouring ring below
        fitting = int((2 * half - 2 * margin) / (CHAR_WIDTH * font))
        if fitting < 1:
            continue
        text = name if len(name) <= fitting else name[: max(fitting - 1, 0)].rstrip() + "…"
        width = text_width(text, font) + 2 * margin
        y = CY - centre
        box = Box(CX - width / 2, y - font / 2 - margin / 2, width, font + margin)
        labels.append(TextLabel([text], CX, y + font * 0.35, "middle", font, box, full_text=name))
    return labels


# --- places of a cell ---------------------------------------------------------------------------


def _cell_places(
    segment: int, ring: int, layout_angles, radii, blip: float, obstacles: list[Box]
) -> list[tuple[float, float]]:
    """Deterministic candidate centres in one cell, row by row from the inside."""
    inner = radii[ring - 1] if ring else 0.0
    outer = radii[ring]
    clearance = blip + PAD * blip + LINE / 2
    distance = 2 * blip + GAP * blip
    start, end = layout_angles[segment]
    whole = len(layout_angles) == 1
    places = []
    rho = inner + clearance
    if whole and ring == 0:
        rho = 0.0
    while rho <= outer - clearance + 1e-9:
        if rho < 1e-9:
            row = [(CX, CY)]
        else:
            step = 2 * math.asin(min(1.0, distance / (2 * rho)))
            if whole:
                count = max(1, int(2 * math.pi / step + 1e-9))
                if count * step > 2 * math.pi + 1e-9:
                    count -= 1
                count = max(count, 1)
                angles = [start + index * 2 * math.pi / count for index in range(count)]
            else:
                margin = math.asin(clearance / rho) if clearance < rho else None
                if margin is None or start + margin > end - margin:
                    angles = []
                else:
                    span = end - start - 2 * margin
                    count = int(span / step + 1e-9) + 1
                    used = (count - 1) * step
                    first = start + margin + (span - used) / 2
                    angles = [first + index * step for index in range(count)]
            row = [(CX + rho * math.cos(a), CY + rho * math.sin(a)) for a in angles]
        for x, y in row:
            square = Box(x - blip, y - blip, 2 * blip, 2 * blip)
            if any(square.overlaps(obstacle) for obstacle in obstacles):
                continue
            if not whole and (
                distance_to_ray(x, y, start) < clearance or distance_to_ray(x, y, end) < clearance
            ):
                continue
            places.append((x, y))
        rho += distance
    return places


def _spread(places: list, count: int) -> list:
    """`count` of the places, spread evenly over the list (the first when all are needed)."""
    if count >= len(places):
        return places[:count]
    return [places[int((index + 0.5) * len(places) / count)] for index in range(count)]


def _place_blips(blips, angles, radii, obstacles) -> tuple[float, list[Blip]]:
    cells: dict[tuple[int, int], list[BlipInput]] = {}
    for blip in sorted(blips, key=lambda b: (b.segment_index, b.ring_index, b.number)):
        cells.setdefault((blip.segment_index, blip.ring_index), []).append(blip)
    radius = MAX_BLIP
    while radius >= MIN_BLIP:
        placed = []
        for (segment, ring), members in cells.items():
            places = _cell_places(segment, ring, angles, radii, radius, obstacles)
            if len(places) < len(members):
                break
            for blip, (x, y) in zip(members, _spread(places, len(members)), strict=True):
                font = number_font(blip.number, radius)
                placed.append(Blip(blip, x, y, radius, font, _number_box(x, y, blip.number, font)))
        else:
            placed.sort(key=lambda b: b.blip.number)
            return radius, placed
        radius *= SHRINK
    raise ValueError("Too many items in one radar cell.")


# --- segment names -------------------------------------------------------------------------------


def _segment_labels(segments: list[str], angles) -> list[TextLabel]:
    font = SEGMENT_FONT
    line = font * SEGMENT_LINE
    reach = RADIUS + SEGMENT_OFFSET
    sides: dict[str, list[dict]] = {"left": [], "right": []}
    for (start, end), name in zip(angles, segments, strict=True):
        middle = (start + end) / 2 if len(segments) > 1 else -math.pi / 2
        lines = textwrap.wrap(name, SEGMENT_WRAP, break_long_words=True) or [""]
        x = CX + reach * math.cos(middle)
        y = CY + reach * math.sin(middle)
        height = line * len(lines)
        width = max(text_width(text, font) for text in lines)
        side = "right" if math.cos(middle) >= -1e-9 else "left"
        sides[side].append(
            {
                "name": name,
                "lines": lines,
                "x": x,
                "top": y - height / 2,
                "height": height,
                "width": width,
            }
        )
    labels = []
    for side, entries in sides.items():
        entries.sort(key=lambda entry: entry["top"])
        # Push down what overlaps the label above (the view box grows to hold them).
        for above, below in itertools.pairwise(entries):
            below["top"] = max(below["top"], above["top"] + above["height"] + 2)
        for entry in entries:
            left = entry["x"] if side == "right" else entry["x"] - entry["width"]
            box = Box(left, entry["top"], entry["width"], entry["height"])
            # Clear of the circle: move outwards until the box keeps SEGMENT_OFFSET / 2 off.
            shift = 0.0
            while not _box_clear_of_circle(box, CX, CY, RADIUS + SEGMENT_OFFSET / 2):
                shift += 2.0
                dx = shift if side == "right" else -shift
                box = Box(left + dx, entry["top"], entry["width"], entry["height"])
            anchor_x = box.x if side == "right" else box.x + box.width
            labels.append(
                TextLabel(
                    entry["lines"],
                    anchor_x,
                    entry["top"] + font * 0.95,
                    "start" if side == "right" else "end",
                    font,
                    box,
                    full_text=entry["name"],
                )
            )
    order = {name: index for index, name in enumerate(segments)}
    labels.sort(key=lambda label: order.get(label.full_text, 0))
    return labels


# --- layout --------------------------------------------------------------------------------------


def layout(segments: list[str], rings: list[str], blips: list[BlipInput]) -> RadarLayout:
    """Place every blip; `segments` and `rings` are names (at least one each)."""
    if not segments or not rings:
        raise ValueError("A radar needs at least one segment and one ring.")
    for blip in blips:
        if not (0 <= blip.segment_index < len(segments) and 0 <= blip.ring_index < len(rings)):
            raise ValueError(f"Blip {blip.number} lies outside the radar.")
    radii = ring_radii(len(rings))
    angles = segment_angles(len(segments))
    ring_labels = _ring_labels(rings, radii)
    blip_radius, placed = _place_blips(blips, angles, radii, [label.box for label in ring_labels])
    segment_labels = _segment_labels(segments, angles)
    boxes = [label.box for label in segment_labels] + [
        Box(CX - RADIUS, CY - RADIUS, 2 * RADIUS, 2 * RADIUS)
    ]
    left = min(box.x for box in boxes) - 8
    top = min(box.y for box in boxes) - 8
    right = max(box.x + box.width for box in boxes) + 8
    bottom = max(box.y + box.height for box in boxes) + 8
    return RadarLayout(
        segments=list(segments),
        rings=list(rings),
        radii=radii,
        blip_radius=blip_radius,
        blips=placed,
        segment_labels=segment_labels,
        ring_labels=ring_labels,
        view_box=Box(left, top, right - left, bottom - top),
        angles=angles,
    )


# --- SVG -----------------------------------------------------------------------------------------

INK = "#1d232c"
MUTED = "#4a5260"
LINE_COLOUR = "#8a93a0"
BANDS = ["#e6edf5", "#f3f6fa"]
SEGMENT_TINTS = ["#cfe0f1", "#f6dcc0", "#d7ecd3", "#eed5e6", "#e9e4c4", "#d9d5ef", "#cfeae8"]
SEGMENT_INKS = ["#0b3d66", "#8a4500", "#1f5e19", "#7a1f5c", "#5e5300", "#3b2f86", "#0d5b57"]
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"


def _f(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def shape_path(marker: str, x: float, y: float, radius: float) -> str:
    """The SVG element of a blip's shape, inside the circle of `radius` around (x, y)."""
    if marker == Marker.NEW:
        half = radius * 0.8
        side = _f(2 * half)
        return f'<rect x="{_f(x - half)}" y="{_f(y - half)}" width="{side}" height="{side}"'
    if marker in (Marker.MOVED_IN, Marker.MOVED_OUT):
        sign = -1 if marker == Marker.MOVED_IN else 1
        tip = (x, y + sign * radius)
        base_y = y - sign * radius * 0.5
        half = radius * math.sqrt(3) / 2
        points = [tip, (x - half, base_y), (x + half, base_y)]
        return '<polygon points="' + " ".join(f"{_f(px)},{_f(py)}" for px, py in points) + '"'
    return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(radius * 0.95)}"'


def legend_shape_svg(marker: str, size: float = 16) -> str:
    """A marker's shape as a small decorative SVG (for the HTML legend beside its text)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(size)}" height="{_f(size)}" '
        f'viewBox="0 0 {_f(size)} {_f(size)}" aria-hidden="true" focusable="false">'
        + shape_path(marker, size / 2, size / 2, size / 2 - 1)
        + f' fill="#ffffff" stroke="{INK}" stroke-width="1.5"/></svg>'
    )


def _sector_path(start: float, end: float, radius: float) -> str:
    x1, y1 = CX + radius * math.cos(start), CY + radius * math.sin(start)
    return f'<line x1="{_f(CX)}" y1="{_f(CY)}" x2="{_f(x1)}" y2="{_f(y1)}"'


def _legend(top: float, left: float, rings: list[str]) -> tuple[list[str], float]:
    parts = []
    y = top
    size = LEGEND_FONT
    for marker in MARKERS:
        parts.append(
            shape_path(marker, left + size / 2, y + size / 2, size / 2)
            + f' fill="#ffffff" stroke="{INK}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{_f(left + size * 1.6)}" y="{_f(y + size * 0.85)}" font-size="{_f(size)}">'
            f"{escape(marker_shape_text(marker))}</text>"
        )
        y += size * 1.6
    parts.append(
        f'<text x="{_f(left)}" y="{_f(y + size * 0.85)}" font-size="{_f(size)}" font-weight="bold">'
        f"{escape(_('Ringe von innen nach außen'))}</text>"
    )
    y += size * 1.6
    for number, name in enumerate(rings, start=1):
        parts.append(
            f'<text x="{_f(left)}" y="{_f(y + size * 0.85)}" font-size="{_f(size)}">'
            f"{number}. {escape(name)}</text>"
        )
        y += size * 1.5
    return parts, y


def render_svg(
    radar: RadarLayout,
    *,
    title: str,
    description: str,
    legend: bool = True,
    id_prefix: str = "radar",
    width: str = "",
) -> str:
    """The radar as an inline SVG (role="img", title and desc; all text escaped)."""
    box = radar.view_box
    legend_parts: list[str] = []
    height = box.height
    if legend:
        legend_parts, bottom = _legend(box.y + box.height + 4, box.x + 8, radar.rings)
        height = bottom - box.y + 8
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_f(box.x)} {_f(box.y)} '
        f'{_f(box.width)} {_f(height)}" role="img" aria-labelledby="{id_prefix}-title '
        f'{id_prefix}-desc" class="foresight-radar" font-family="{FONT}" fill="{INK}"'
        + (f' width="{escape(width)}"' if width else "")
        + ">",
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
        f'<rect x="{_f(box.x)}" y="{_f(box.y)}" width="{_f(box.width)}" '
        f'height="{_f(height)}" fill="#ffffff"/>',
    ]
    for index in reversed(range(len(radar.radii))):
        out.append(
            f'<circle cx="{_f(CX)}" cy="{_f(CY)}" r="{_f(radar.radii[index])}" '
            f'fill="{BANDS[index % 2]}" stroke="{LINE_COLOUR}" stroke-width="{_f(LINE)}"/>'
        )
    if len(radar.segments) > 1:
        for start, end in radar.angles:
            out.append(
                _sector_path(start, end, RADIUS)
                + f' stroke="{LINE_COLOUR}" stroke-width="{_f(LINE)}"/>'
            )
    for label in radar.ring_labels:
        b = label.box
        out.append(
            f'<rect x="{_f(b.x)}" y="{_f(b.y)}" width="{_f(b.width)}" height="{_f(b.height)}" '
            f'rx="2" fill="#ffffff" fill-opacity="0.85"/>'
        )
        out.append(
            f'<text x="{_f(label.x)}" y="{_f(label.y)}" font-size="{_f(label.font_size)}" '
            f'text-anchor="middle" fill="{MUTED}">{escape(label.lines[0])}</text>'
        )
    for index, label in enumerate(radar.segment_labels):
        colour = SEGMENT_INKS[index % len(SEGMENT_INKS)]
        spans = "".join(
            f'<tspan x="{_f(label.x)}" y="{_f(label.y + number * label.font_size * SEGMENT_LINE)}">'
            f"{escape(text)}</tspan>"
            for number, text in enumerate(label.lines)
        )
        out.append(
            f'<text font-size="{_f(label.font_size)}" font-weight="bold" fill="{colour}" '
            f'text-anchor="{label.anchor}">{spans}</text>'
        )
    for placed in radar.blips:
        blip = placed.blip
        segment = blip.segment_index
        tip = f"{blip.number}. {blip.key} {blip.title}"
        if blip.marker:
            tip += f" ({marker_text(blip.marker)})"
        out.append(
            f'<g class="foresight-blip"><title>{escape(tip)}</title>'
            + shape_path(blip.marker, placed.x, placed.y, placed.radius)
            + f' fill="{SEGMENT_TINTS[segment % len(SEGMENT_TINTS)]}" '
            f'stroke="{SEGMENT_INKS[segment % len(SEGMENT_INKS)]}" '
            f'stroke-width="{_f(max(placed.radius * 0.12, 0.3))}"/>'
            f'<text x="{_f(placed.x)}" y="{_f(placed.y + placed.font_size * 0.35)}" '
            f'font-size="{_f(placed.font_size)}" font-weight="bold" text-anchor="middle">'
            f"{blip.number}</text></g>"
        )
    out.extend(legend_parts)
    out.append("</svg>")
    return "".join(out)
