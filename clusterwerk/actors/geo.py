"""Geometry for the district map: simplifying boundaries, centroids, projecting to SVG.

Pure Python, no GIS libraries. Coordinates are GeoJSON order (longitude, latitude) in WGS84.
Brandenburg spans about 2.5 degrees of latitude, so an equirectangular projection scaled by
the cosine of the middle latitude draws it without visible distortion.

- `douglas_peucker` / `simplify_geometry`: the shipped boundaries are a simplified copy of the
  BKG file (see the management command `simplify_district_shapes`).
- `geometry_centroid`: the area-weighted centroid of a (multi)polygon, holes subtracted.
- `district_shapes()`: the shipped boundaries projected to SVG paths, read once per process.
- `locator_for()`: what `actors/includes/locator_map.html` needs to show one position.
"""

import itertools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent / "reference_data"
SHAPES_FILE = REFERENCE_DIR / "brandenburg_districts.geojson"
ATTRIBUTION = "© GeoBasis-DE / BKG (2017)"
# Places named on the map for orientation (not districts of Brandenburg): name, lat, lon.
LANDMARKS = (("Berlin", 52.5020, 13.4040),)

Point = tuple[float, float]
Ring = list[Point]

MAP_WIDTH = 1000.0
MAP_PADDING = 10.0
SVG_DECIMALS = 1
MIN_RING_POINTS = 4  # a closed ring: three corners and the repeated first point


# --- Simplification ------------------------------------------------------------------------


def perpendicular_distance(point: Point, start: Point, end: Point) -> float:
    """Distance from `point` to the segment start–end (to `start` when the segment is a point)."""
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    length_squared = dx * dx + dy * dy
    if length_squared == 0:
        return math.hypot(x - x1, y - y1)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length_squared))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Ramer–Douglas–Peucker: drop points closer than `tolerance` to the simplified line.

    Keeps the first and the last point; iterative, so long rings do not hit the recursion
    limit. A closed ring (first point == last point) stays closed."""
    points = list(points)
    if len(points) < 3 or tolerance <= 0:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, max_distance = first, -1.0
        for index in range(first + 1, last):
            distance = perpendicular_distance(points[index], points[first], points[last])
            if distance > max_distance:
                farthest, max_distance = index, distance
        if farthest != first and max_distance > tolerance:
            keep[farthest] = True
            stack.append((first, farthest))
            stack.append((farthest, last))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def round_point(point: Sequence[float], decimals: int) -> Point:
    return (round(point[0], decimals), round(point[1], decimals))


def simplify_ring(ring: Sequence[Sequence[float]], tolerance: float, decimals: int) -> Ring:
    """The simplified, rounded ring without repeated points; [] when it collapses."""
    simplified = douglas_peucker([tuple(point) for point in ring], tolerance)
    rounded: Ring = []
    for point in simplified:
        point = round_point(point, decimals)
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if rounded and rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded if len(rounded) >= MIN_RING_POINTS else []


def polygons_of(geometry: dict) -> list[list]:
    """The polygons (lists of rings) of a Polygon or MultiPolygon geometry."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"unsupported geometry type: {geometry['type']}")


def simplify_geometry(geometry: dict, tolerance: float, decimals: int = 4) -> dict:
    """A simplified copy of a (multi)polygon. Holes and parts that collapse are dropped; the
    largest part always survives (unsimplified if need be)."""
    polygons = []
    for polygon in polygons_of(geometry):
        outer = simplify_ring(polygon[0], tolerance, decimals)
        if not outer:
            continue
        holes = [simplify_ring(hole, tolerance, decimals) for hole in polygon[1:]]
        polygons.append([outer, *[hole for hole in holes if hole]])
    if not polygons:
        largest = max(polygons_of(geometry), key=lambda polygon: abs(ring_area(polygon[0])))
        polygons = [[[round_point(point, decimals) for point in largest[0]]]]
    coordinates = [[[list(point) for point in ring] for ring in polygon] for polygon in polygons]
    if len(coordinates) == 1:
        return {"type": "Polygon", "coordinates": coordinates[0]}
    return {"type": "MultiPolygon", "coordinates": coordinates}


def count_points(geometry: dict) -> int:
    return sum(len(ring) for polygon in polygons_of(geometry) for ring in polygon)


# --- Areas and centroids -------------------------------------------------------------------


def ring_area(ring: Sequence[Sequence[float]]) -> float:
    """Signed planar area (shoelace formula); positive when counter-clockwise."""
    area = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        area += x1 * y2 - x2 * y1
    if ring and tuple(ring[0]) != tuple(ring[-1]):
        (x1, y1), (x2, y2) = ring[-1], ring[0]
        area += x1 * y2 - x2 * y1
    return area / 2


def ring_moments(ring: Sequence[Sequence[float]]) -> tuple[float, float, float]:
    """(area, area·cx, area·cy) of a ring, with the area made positive."""
    area = cx = cy = 0.0
    closed = list(ring) if tuple(ring[0]) == tuple(ring[-1]) else [*ring, ring[0]]
    for (x1, y1), (x2, y2) in itertools.pairwise(closed):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area /= 2
    if area == 0:
        return 0.0, 0.0, 0.0
    sign = 1 if area > 0 else -1
    return abs(area), sign * cx / 6, sign * cy / 6


def geometry_centroid(geometry: dict) -> Point:
    """Area-weighted centroid (longitude, latitude) of a (multi)polygon; holes subtract."""
    total = weighted_x = weighted_y = 0.0
    for polygon in polygons_of(geometry):
        for index, ring in enumerate(polygon):
            area, moment_x, moment_y = ring_moments(ring)
            sign = 1 if index == 0 else -1
            total += sign * area
            weighted_x += sign * moment_x
            weighted_y += sign * moment_y
    if total == 0:
        raise ValueError("geometry without area")
    return (weighted_x / total, weighted_y / total)


def ring_contains(ring: Sequence[Sequence[float]], x: float, y: float) -> bool:
    """Even-odd ray casting."""
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise([*ring, ring[0]]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def geometry_contains(geometry: dict, longitude: float, latitude: float) -> bool:
    """Whether the point lies inside one of the polygons (and not in one of its holes)."""
    for polygon in polygons_of(geometry):
        if ring_contains(polygon[0], longitude, latitude) and not any(
            ring_contains(hole, longitude, latitude) for hole in polygon[1:]
        ):
            return True
    return False


# --- Projection and SVG --------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection of a lon/lat box onto an SVG canvas `width` units wide."""

    west: float
    south: float
    east: float
    north: float
    width: float = MAP_WIDTH
    padding: float = MAP_PADDING

    @property
    def x_factor(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def scale(self) -> float:
        return (self.width - 2 * self.padding) / ((self.east - self.west) * self.x_factor)

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.scale + 2 * self.padding

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {round(self.height, SVG_DECIMALS):g}"

    def project(self, longitude: float, latitude: float) -> Point:
        x = self.padding + (longitude - self.west) * self.x_factor * self.scale
        y = self.padding + (self.north - latitude) * self.scale
        return (round(x, SVG_DECIMALS), round(y, SVG_DECIMALS))

    def contains(self, x: float, y: float) -> bool:
        return 0 <= x <= self.width and 0 <= y <= self.height


def bounds_of(geometries: Sequence[dict]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of all points."""
    longitudes, latitudes = [], []
    for geometry in geometries:
        for polygon in polygons_of(geometry):
            for ring in polygon:
                for longitude, latitude in ring:
                    longitudes.append(longitude)
                    latitudes.append(latitude)
    return min(longitudes), min(latitudes), max(longitudes), max(latitudes)


def format_number(value: float) -> str:
    return f"{value:.{SVG_DECIMALS}f}".rstrip("0").rstrip(".")


def svg_path(geometry: dict, projection: Projection) -> str:
    """The SVG path data of a (multi)polygon: one closed subpath per ring (draw it with
    fill-rule="evenodd" so that holes stay open)."""
    parts = []
    for polygon in polygons_of(geometry):
        for ring in polygon:
            points = [projection.project(longitude, latitude) for longitude, latitude in ring]
            if len(points) > 1 and points[0] == points[-1]:
                points = points[:-1]
            commands = [
                f"{'M' if index == 0 else 'L'}{format_number(x)} {format_number(y)}"
                for index, (x, y) in enumerate(points)
            ]
            parts.append("".join(commands) + "Z")
    return "".join(parts)


def label_point(rings: Sequence[Sequence[Point]], near_y: float) -> Point:
    """A point inside the projected polygon rings for a text label: the middle of the widest
    inside stretch of a few horizontal lines around `near_y` (the centroid's height)."""
    ys = [y for ring in rings for _, y in ring]
    top, bottom = min(ys), max(ys)
    span = bottom - top
    best: tuple[float, Point] | None = None
    for offset in (0, -0.1, 0.1, -0.2, 0.2, -0.3, 0.3):
        y = near_y + offset * span
        if not top < y < bottom:
            continue
        crossings = []
        for ring in rings:
            for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
                if (y1 <= y < y2) or (y2 <= y < y1):
                    crossings.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
        crossings.sort()
        for start, end in zip(crossings[::2], crossings[1::2], strict=False):
            width = end - start
            # Prefer the centroid line: a stretch elsewhere must be clearly wider.
            score = width * (1 - abs(offset))
            if best is None or score > best[0]:
                best = (score, (round((start + end) / 2, SVG_DECIMALS), round(y, SVG_DECIMALS)))
    if best is None:
        xs = [x for ring in rings for x, _ in ring]
        return (round((min(xs) + max(xs)) / 2, SVG_DECIMALS), round(near_y, SVG_DECIMALS))
    return best[1]


@dataclass(frozen=True)
class DistrictShape:
    ags: str
    name: str
    path: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class DistrictShapes:
    """The shipped district boundaries, projected: what the map templates draw."""

    projection: Projection
    shapes: tuple[DistrictShape, ...]
    attribution: str
    landmarks: tuple[tuple[str, float, float], ...] = ()  # name, x, y

    @property
    def view_box(self) -> str:
        return self.projection.view_box

    @property
    def by_ags(self) -> dict[str, DistrictShape]:
        return {shape.ags: shape for shape in self.shapes}

    def point(self, latitude: float | None, longitude: float | None) -> Point | None:
        """Where a position lies on the map; None when unknown or outside the drawing."""
        if latitude is None or longitude is None:
            return None
        x, y = self.projection.project(longitude, latitude)
        return (x, y) if self.projection.contains(x, y) else None


def read_shapes(path: Path = SHAPES_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def project_shapes(collection: dict, width: float = MAP_WIDTH) -> DistrictShapes:
    features = collection["features"]
    west, south, east, north = bounds_of([feature["geometry"] for feature in features])
    projection = Projection(west=west, south=south, east=east, north=north, width=width)
    shapes = []
    for feature in features:
        geometry = feature["geometry"]
        properties = feature["properties"]
        largest = max(polygons_of(geometry), key=lambda polygon: abs(ring_area(polygon[0])))
        rings = [
            [projection.project(longitude, latitude) for longitude, latitude in ring]
            for ring in largest
        ]
        _, centroid_y = projection.project(*geometry_centroid(geometry))
        label_x, label_y = label_point(rings, centroid_y)
        shapes.append(
            DistrictShape(
                ags=properties["ags"],
                name=properties["name"],
                path=svg_path(geometry, projection),
                label_x=label_x,
                label_y=label_y,
            )
        )
    shapes.sort(key=lambda shape: shape.ags)
    landmarks = tuple(
        (name, *projection.project(longitude, latitude)) for name, latitude, longitude in LANDMARKS
    )
    return DistrictShapes(
        projection=projection,
        shapes=tuple(shapes),
        attribution=collection.get("attribution", ATTRIBUTION),
        landmarks=landmarks,
    )


@lru_cache(maxsize=1)
def district_shapes() -> DistrictShapes:
    """The shipped boundaries as SVG paths; computed once per process."""
    return project_shapes(read_shapes())


# --- One actor's position ------------------------------------------------------------------


@dataclass(frozen=True)
class Locator:
    """Context of `actors/includes/locator_map.html`: Brandenburg's outline and one dot."""

    view_box: str
    district_paths: tuple[str, ...]
    point: Point | None
    label: str
    attribution: str = ATTRIBUTION


def locator_for(latitude: float | None, longitude: float | None, label: str) -> Locator:
    """A small map of Brandenburg with a dot at the position (None outside the drawing)."""
    shapes = district_shapes()
    return Locator(
        view_box=shapes.view_box,
        district_paths=tuple(shape.path for shape in shapes.shapes),
        point=shapes.point(latitude, longitude),
        label=label,
        attribution=shapes.attribution,
    )


def locator_for_actor(actor) -> Locator:
    """The locator of an actor: its own coordinates, else its district's centre."""
    position = actor.position
    latitude, longitude = position if position else (None, None)
    return locator_for(latitude, longitude, actor.display_short_name)
