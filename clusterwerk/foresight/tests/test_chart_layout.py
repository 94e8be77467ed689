"""The impact × uncertainty chart: items at one median point form a cluster around it, and no
blip, number or axis label overlaps another."""

import itertools
import math
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from clusterwerk.foresight import chart
from clusterwerk.foresight.chart import ChartInput

FIVE = ["sehr gering", "gering", "mittel", "hoch", "sehr hoch"]
EPS = 1e-6


def build(points, x_labels=FIVE, y_labels=FIVE):
    return chart.layout(
        points,
        x_labels=x_labels,
        y_labels=y_labels,
        x_title="Unsicherheit (Median)",
        y_title="Wirkung auf das Cluster (Median)",
    )


def assert_valid(layout):
    plot = layout.plot
    for blip in layout.blips:
        r = blip.radius
        assert plot.x + r - EPS <= blip.x <= plot.x + plot.width - r + EPS
        assert plot.y + r - EPS <= blip.y <= plot.y + plot.height - r + EPS
        for x, y in blip.label.corners():
            assert math.hypot(x - blip.x, y - blip.y) <= r + EPS
    for one, other in itertools.combinations(layout.blips, 2):
        assert math.hypot(one.x - other.x, one.y - other.y) >= one.radius + other.radius - EPS
        assert not one.label.overlaps(other.label)
    for ticks in (layout.x_ticks, layout.y_ticks):
        for one, other in itertools.combinations(ticks, 2):
            assert not one.box.overlaps(other.box)
        for tick in ticks:
            assert not tick.box.overlaps(plot)
            view = layout.view_box
            assert view.x <= tick.box.x and tick.box.x + tick.box.width <= view.x + view.width


def points_at(x, y, count, start=1):
    return [
        ChartInput(number, f"W-{number}", f"Item {number}", Decimal(x), Decimal(y))
        for number in range(start, start + count)
    ]


def test_sixty_items_at_one_median_form_a_cluster_around_it():
    layout = build(points_at("3", "3", 60))
    assert len(layout.blips) == 60
    assert_valid(layout)
    first = layout.blips[0]
    # the cluster is centred on the medians' point: the first blip sits on it
    assert (first.x, first.y) == (first.anchor_x, first.anchor_y)
    farthest = max(math.hypot(b.x - b.anchor_x, b.y - b.anchor_y) for b in layout.blips)
    assert farthest < 6 * (2 + chart.GAP) * layout.blip_radius


def test_sixty_items_in_a_corner_and_neighbouring_half_steps():
    points = (
        points_at("1", "5", 30)
        + points_at("1.5", "5", 15, start=31)
        + points_at("1", "4.5", 15, start=46)
    )
    layout = build(points)
    assert len(layout.blips) == 60
    assert_valid(layout)


def test_sixty_items_spread_out_keep_full_size():
    values = ["1", "1.5", "2", "2.5", "3", "3.5", "4", "4.5", "5"]
    points = [
        ChartInput(
            number,
            f"W-{number}",
            "",
            Decimal(values[number % 9]),
            Decimal(values[(number * 4) % 9]),
        )
        for number in range(1, 61)
    ]
    layout = build(points)
    assert_valid(layout)
    assert layout.blip_radius == chart.MAX_BLIP


def test_too_many_for_the_plot_shrinks_every_blip():
    layout = build([*points_at("3", "3", 450), *points_at("5", "1", 1, start=451)])
    assert_valid(layout)
    assert layout.blip_radius < chart.MAX_BLIP
    assert len({blip.radius for blip in layout.blips}) == 1


def test_long_and_many_step_labels_do_not_overlap():
    long_labels = [f"eine sehr ausführliche Beschriftung der Stufe {n}" for n in range(1, 11)]
    layout = build(points_at("7", "2", 5), x_labels=long_labels, y_labels=long_labels)
    assert_valid(layout)


def test_single_step_scales():
    layout = build(points_at("1", "1", 10), x_labels=["einzig"], y_labels=["einzig"])
    assert_valid(layout)


def test_points_outside_the_scales_are_refused():
    with pytest.raises(ValueError):
        build(points_at("6", "1", 1))
    with pytest.raises(ValueError):
        build([], x_labels=[])


def test_svg_is_accessible_and_escaped():
    points = [ChartInput(1, "<A>", "Titel <b>fett</b> & so", Decimal("2"), Decimal("4"))]
    layout = build(points, x_labels=["<gering>", "hoch"], y_labels=FIVE)
    svg = chart.render_svg(layout, title="Wirkung & Unsicherheit", description="<Beschreibung>")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.find(f"{ns}title").text == "Wirkung & Unsicherheit"
    assert root.find(f"{ns}desc").text == "<Beschreibung>"
    texts = "".join(root.itertext())
    assert "<gering>" in texts and "sehr hoch" in texts
    assert "Titel <b>fett</b> & so" in texts
    assert "<b>" not in svg
