"""Simplifying, measuring and projecting the district boundaries (no database)."""

import csv
import json
import math
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from clusterwerk.actors import geo

SHIPPED = geo.SHAPES_FILE
DISTRICTS_CSV = Path("/work/shared/reference/districts.csv")
BRANDENBURG_AGS = {
    "12051", "12052", "12053", "12054", "12060", "12061", "12062", "12063", "12064",
    "12065", "12066", "12067", "12068", "12069", "12070", "12071", "12072", "12073",
}  # fmt: skip


def square(west, south, size):
    return [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
    ]


# --- Douglas–Peucker -----------------------------------------------------------------------


def test_simplifier_keeps_the_endpoints_and_drops_points_within_the_tolerance():
    wiggly = [(x / 10, 0.001 * math.sin(x)) for x in range(101)]
    simplified = geo.douglas_peucker(wiggly, tolerance=0.01)
    assert simplified[0] == wiggly[0] and simplified[-1] == wiggly[-1]
    assert len(simplified) == 2
    assert geo.douglas_peucker(wiggly, tolerance=0) == wiggly


def test_simplifier_keeps_corners_beyond_the_tolerance():
    line = [(0, 0), (1, 0.001), (2, 0), (3, 1), (4, 0)]
    assert geo.douglas_peucker(line, tolerance=0.01) == [(0, 0), (2, 0), (3, 1), (4, 0)]


def test_simplified_rings_stay_closed_and_collapsed_holes_are_dropped():
    outer = square(13.0, 52.0, 1.0)
    dense = [outer[0], [13.5, 52.0000001], *outer[1:]]
    tiny_hole = square(13.5, 52.5, 0.0001)
    geometry = {"type": "Polygon", "coordinates": [dense, tiny_hole]}
    simplified = geo.simplify_geometry(geometry, tolerance=0.001, decimals=4)
    assert simplified["type"] == "Polygon"
    (ring,) = simplified["coordinates"]
    assert ring[0] == ring[-1] and len(ring) == 5
    assert geo.count_points(simplified) < geo.count_points(geometry)


def test_the_largest_part_survives_even_a_coarse_tolerance():
    geometry = {"type": "MultiPolygon", "coordinates": [[square(13, 52, 0.01)]]}
    simplified = geo.simplify_geometry(geometry, tolerance=1.0)
    assert geo.count_points(simplified) >= geo.MIN_RING_POINTS


# --- centroids and containment -------------------------------------------------------------


def test_centroid_of_a_square_with_and_without_a_hole():
    plain = {"type": "Polygon", "coordinates": [square(0, 0, 2)]}
    assert geo.geometry_centroid(plain) == pytest.approx((1, 1))
    holed = {"type": "Polygon", "coordinates": [square(0, 0, 2), square(0, 0, 1)]}
    # three unit squares at (1.5, 0.5), (0.5, 1.5), (1.5, 1.5)
    assert geo.geometry_centroid(holed) == pytest.approx((7 / 6, 7 / 6))
    assert geo.geometry_contains(holed, 1.5, 1.5)
    assert not geo.geometry_contains(holed, 0.5, 0.5)
    assert not geo.geometry_contains(holed, 3, 3)


# --- projection ----------------------------------------------------------------------------


def test_projection_scales_longitude_by_the_cosine_of_the_latitude():
    projection = geo.Projection(west=12.0, south=52.0, east=14.0, north=53.0, width=1000)
    x_west, y_north = projection.project(12.0, 53.0)
    x_east, y_south = projection.project(14.0, 52.0)
    assert (x_west, y_north) == (projection.padding, projection.padding)
    width, height = x_east - x_west, y_south - y_north
    assert width / height == pytest.approx(2 * math.cos(math.radians(52.5)), rel=1e-3)
    assert projection.view_box == f"0 0 1000 {round(projection.height, 1):g}"


def test_every_projected_point_lies_inside_the_view_box():
    shapes = geo.district_shapes()
    _, _, width, height = (float(part) for part in shapes.view_box.split())
    for feature in geo.read_shapes()["features"]:
        for polygon in geo.polygons_of(feature["geometry"]):
            for longitude, latitude in polygon[0]:
                x, y = shapes.projection.project(longitude, latitude)
                assert 0 <= x <= width and 0 <= y <= height
    for shape in shapes.shapes:
        assert shape.path.startswith("M") and shape.path.endswith("Z")
        assert 0 < shape.label_x < width and 0 < shape.label_y < height


def test_count_labels_lie_inside_their_district():
    shapes = geo.district_shapes()
    features = {f["properties"]["ags"]: f["geometry"] for f in geo.read_shapes()["features"]}
    projection = shapes.projection
    for shape in shapes.shapes:
        longitude = projection.west + (shape.label_x - projection.padding) / (
            projection.x_factor * projection.scale
        )
        latitude = projection.north - (shape.label_y - projection.padding) / projection.scale
        assert geo.geometry_contains(features[shape.ags], longitude, latitude), shape.name


def test_locator_marks_a_position_in_brandenburg_only():
    cottbus = geo.locator_for(51.7674, 14.3265, "BTU")
    assert cottbus.point is not None and cottbus.label == "BTU"
    assert len(cottbus.district_paths) == 18
    assert cottbus.view_box == geo.district_shapes().view_box
    assert cottbus.attribution == geo.ATTRIBUTION
    assert geo.locator_for(51.0285, 13.7263, "TU Dresden").point is None
    assert geo.locator_for(None, None, "ohne Ort").point is None


# --- the shipped file ----------------------------------------------------------------------


def test_shipped_file_has_the_18_districts_with_valid_keys():
    data = geo.read_shapes()
    features = data["features"]
    assert len(features) == 18
    assert {feature["properties"]["ags"] for feature in features} == BRANDENBURG_AGS
    for feature in features:
        assert set(feature["properties"]) == {"ags", "name"}
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert data["attribution"] == "© GeoBasis-DE / BKG (2017)"
    assert SHIPPED.stat().st_size < 80_000
    text = SHIPPED.read_text(encoding="utf-8")
    assert not any(len(number.split(".")[1]) > 4 for number in _numbers(text))


@pytest.mark.skipif(not DISTRICTS_CSV.exists(), reason="shared reference files not at hand")
def test_shipped_names_match_the_district_list():
    with DISTRICTS_CSV.open(encoding="utf-8") as file:
        names = {row["ags"]: row["name"] for row in csv.DictReader(file)}
    shipped = {
        f["properties"]["ags"]: f["properties"]["name"] for f in geo.read_shapes()["features"]
    }
    assert shipped == names


def _numbers(text):
    return re.findall(r"\d+\.\d+", text)


# --- the management command ----------------------------------------------------------------


def test_command_writes_a_simplified_collection(tmp_path):
    ring = [[13.0 + i / 1000, 52.0 + 0.00001 * (i % 2)] for i in range(1001)]
    ring += [[14.0, 53.0], [13.0, 53.0], [13.0, 52.0]]
    source = tmp_path / "kreise.geo.json"
    source.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"AGS": "12052", "GEN": "Cottbus", "BEZ": "x"},
                        "geometry": {"type": "Polygon", "coordinates": [ring]},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out.geojson"
    call_command("simplify_district_shapes", str(source), str(out), "--tolerance", "0.001")
    data = json.loads(out.read_text(encoding="utf-8"))
    (feature,) = data["features"]
    assert feature["properties"] == {"ags": "12052", "name": "Cottbus"}
    assert len(feature["geometry"]["coordinates"][0]) == 5
    assert data["attribution"] == "© GeoBasis-DE / BKG (2017)"
