"""The radar's layout: blips stay in their cell, never overlap, and no label overlaps another
– for spread-out items, a crowded cell and odd shapes of the radar."""

import itertools
import math
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from clusterwerk.foresight import radar
from clusterwerk.foresight.radar import BlipInput, Marker

SEGMENTS = ["Werkstoffe", "Fertigung", "Digitalisierung", "Energie & Mobilität", "Märkte"]
RINGS = ["Jetzt handeln", "Vorbereiten", "Beobachten", "Im Blick behalten"]
EPS = 1e-6


def spread(count, segments, rings):
    markers = radar.MARKERS
    return [
        BlipInput(
            number=number,
            key=f"W-{number:02d}",
            title=f"Item {number}",
            segment_index=number % segments,
            ring_index=(number // segments) % rings,
            marker=markers[number % len(markers)],
        )
        for number in range(1, count + 1)
    ]


def one_cell(count, segment=0, ring=0):
    return [
        BlipInput(number, f"K-{number}", f"Item {number}", segment, ring)
        for number in range(1, count + 1)
    ]


def in_sector(angle, start, end):
    turn = 2 * math.pi
    return (angle - start) % turn <= (end - start) + EPS


def assert_valid(layout):
    """Every rule of the module docstring."""
    segments = len(layout.segments)
    for placed in layout.blips:
        blip = placed.blip
        r = placed.radius
        inner = layout.radii[blip.ring_index - 1] if blip.ring_index else 0.0
        outer = layout.radii[blip.ring_index]
        rho = math.hypot(placed.x - radar.CX, placed.y - radar.CY)
        # inside its ring, the whole blip
        assert rho + r <= outer - radar.LINE / 2 + EPS, blip
        assert blip.ring_index == 0 or rho - r >= inner + radar.LINE / 2 - EPS, blip
        # inside its segment, clear of both boundary rays
        if segments > 1:
            start, end = layout.angles[blip.segment_index]
            angle = math.atan2(placed.y - radar.CY, placed.x - radar.CX)
            assert in_sector(angle, start, end), blip
            assert radar.distance_to_ray(placed.x, placed.y, start) >= r - EPS, blip
            assert radar.distance_to_ray(placed.x, placed.y, end) >= r - EPS, blip
        # the number's box lies inside the blip's circle
        for x, y in placed.label.corners():
            assert math.hypot(x - placed.x, y - placed.y) <= r + EPS, blip
        # clear of the ring labels
        for label in layout.ring_labels:
            assert not placed.label.overlaps(label.box)
            assert radar._box_clear_of_circle(label.box, placed.x, placed.y, r - EPS), blip
    for one, other in itertools.combinations(layout.blips, 2):
        distance = math.hypot(one.x - other.x, one.y - other.y)
        assert distance >= one.radius + other.radius - EPS, (one.blip, other.blip)
        assert not one.label.overlaps(other.label)
    # all blips share one size
    assert len({placed.radius for placed in layout.blips}) <= 1
    # ring labels inside their ring, not overlapping
    for label in layout.ring_labels:
        for x, y in label.box.corners():
            assert math.hypot(x - radar.CX, y - radar.CY) <= radar.RADIUS
    for one, other in itertools.combinations(layout.ring_labels, 2):
        assert not one.box.overlaps(other.box)
    # segment names outside the circle, not overlapping each other, inside the view box
    for label in layout.segment_labels:
        assert radar._box_clear_of_circle(label.box, radar.CX, radar.CY, radar.RADIUS)
        view = layout.view_box
        assert view.x <= label.box.x and label.box.x + label.box.width <= view.x + view.width
        assert view.y <= label.box.y and label.box.y + label.box.height <= view.y + view.height
    for one, other in itertools.combinations(layout.segment_labels, 2):
        assert not one.box.overlaps(other.box), (one.full_text, other.full_text)


def test_sixty_items_spread_out():
    layout = radar.layout(SEGMENTS, RINGS, spread(60, 5, 4))
    assert len(layout.blips) == 60
    assert [placed.blip.number for placed in layout.blips] == list(range(1, 61))
    assert_valid(layout)
    assert layout.blip_radius >= 0.8 * radar.MAX_BLIP  # three a cell: hardly shrunk


@pytest.mark.parametrize(("segment", "ring"), [(0, 0), (2, 0), (4, 3), (1, 1)])
def test_sixty_items_in_one_cell(segment, ring):
    layout = radar.layout(SEGMENTS, RINGS, one_cell(60, segment, ring))
    assert len(layout.blips) == 60
    assert_valid(layout)
    assert layout.blip_radius < radar.MAX_BLIP


def test_a_crowded_cell_shrinks_every_blip_of_the_radar():
    blips = [*one_cell(60), BlipInput(61, "X-1", "Allein", 3, 3)]
    layout = radar.layout(SEGMENTS, RINGS, blips)
    assert_valid(layout)
    lonely = next(placed for placed in layout.blips if placed.blip.number == 61)
    assert lonely.radius == layout.blips[0].radius < radar.MAX_BLIP


def test_the_layout_is_deterministic():
    blips = spread(60, 5, 4)
    first = radar.layout(SEGMENTS, RINGS, blips)
    second = radar.layout(SEGMENTS, RINGS, list(reversed(blips)))
    assert [(b.blip.number, b.x, b.y) for b in first.blips] == [
        (b.blip.number, b.x, b.y) for b in second.blips
    ]


@pytest.mark.parametrize(
    ("segments", "rings", "count"),
    [(1, 1, 1), (1, 1, 60), (1, 1, 0), (7, 6, 60), (2, 3, 40), (3, 1, 60), (12, 2, 60), (1, 5, 30)],
)
def test_odd_configurations(segments, rings, count):
    names = [f"Segment mit einem langen Namen Nummer {index + 1}" for index in range(segments)]
    ring_names = [f"Ring {index + 1}" for index in range(rings)]
    layout = radar.layout(names, ring_names, spread(count, segments, rings))
    assert len(layout.blips) == count
    assert_valid(layout)


def test_sixty_items_in_one_cell_of_seven_by_six():
    names = [f"S{index}" for index in range(7)]
    layout = radar.layout(names, [f"R{index}" for index in range(6)], one_cell(60, 6, 0))
    assert_valid(layout)


def test_three_digit_numbers_fit_their_blip():
    blips = [BlipInput(number, str(number), "", 0, 0) for number in range(95, 125)]
    layout = radar.layout(SEGMENTS, RINGS, blips)
    assert_valid(layout)


def test_a_blip_outside_the_radar_is_refused():
    with pytest.raises(ValueError):
        radar.layout(SEGMENTS, RINGS, [BlipInput(1, "A", "A", 5, 0)])
    with pytest.raises(ValueError):
        radar.layout([], RINGS, [])


def test_ring_index_follows_the_upper_bounds():
    uppers = [Decimal("1.5"), Decimal("2.5"), Decimal("3.5"), Decimal("4.0")]
    assert radar.ring_index(Decimal("1"), uppers) == 0
    assert radar.ring_index(Decimal("1.5"), uppers) == 0
    assert radar.ring_index(Decimal("2"), uppers) == 1
    assert radar.ring_index(Decimal("3.5"), uppers) == 2
    assert radar.ring_index(Decimal("5"), uppers) == 3
    assert radar.ring_index(None, uppers) is None
    assert radar.ring_index(Decimal("2"), []) is None


def test_markers():
    assert radar.marker_for(is_new=True, ring=1, previous_ring=None) == Marker.NEW
    assert radar.marker_for(is_new=False, ring=1, previous_ring=2) == Marker.MOVED_IN
    assert radar.marker_for(is_new=False, ring=3, previous_ring=2) == Marker.MOVED_OUT
    assert radar.marker_for(is_new=False, ring=2, previous_ring=2) == Marker.NONE
    assert radar.marker_for(is_new=False, ring=None, previous_ring=2) == Marker.NONE


def test_svg_is_well_formed_accessible_and_escaped():
    blips = [
        BlipInput(1, "<W-01>", 'Titel mit <script>alert("x")</script> & Co', 0, 0, Marker.NEW),
        BlipInput(2, "W-02", "Zwei", 1, 2, Marker.MOVED_IN),
        BlipInput(3, "W-03", "Drei", 2, 3, Marker.MOVED_OUT),
        BlipInput(4, "W-04", "Vier", 3, 1),
    ]
    segments = ["Werkstoffe & <Fertigung>", *SEGMENTS[1:]]
    layout = radar.layout(segments, RINGS, blips)
    svg = radar.render_svg(layout, title="Radar <2021>", description="Beschreibung & mehr")
    assert "<script>" not in svg
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.find(f"{ns}title").text == "Radar <2021>"
    assert root.find(f"{ns}desc").text == "Beschreibung & mehr"
    texts = "".join(root.itertext())
    assert "<Fertigung>" in texts
    assert "Quadrat: neu" in texts  # the legend
    assert "Dreieck nach oben: nach innen gerückt" in texts
    assert "1. Jetzt handeln" in texts
    # shapes by marker
    blip_groups = root.findall(f"{ns}g")
    assert len(blip_groups) == 4
    assert blip_groups[0].find(f"{ns}rect") is not None
    assert blip_groups[1].find(f"{ns}polygon") is not None
    assert blip_groups[3].find(f"{ns}circle") is not None
    assert "neu" in blip_groups[0].find(f"{ns}title").text


def test_svg_without_legend():
    layout = radar.layout(SEGMENTS, RINGS, spread(5, 5, 4))
    svg = radar.render_svg(layout, title="R", description="D", legend=False)
    assert "Quadrat: neu" not in svg
    ET.fromstring(svg)
