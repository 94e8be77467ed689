"""Where: distances between places and whether a place lies in a need's region.

A place is an actor's own coordinates, else its district's centroid. The region is a filter;
closeness is a part of the score.
"""

import math

from clusterwerk.matchmaking.engine.needs import SCOPE_ANYWHERE, Region
from clusterwerk.matchmaking.models import RegionScope

BERLIN_BRANDENBURG_STATE_CODES = frozenset({"11", "12"})
# For actors with own coordinates but no district: rough boxes (lat_min, lat_max, lon_min,
# lon_max); every district row is German, so a district decides wherever there is one.
BERLIN_BRANDENBURG_BOX = (51.35, 53.56, 11.26, 14.77)
GERMANY_BOX = (47.27, 55.06, 5.87, 15.04)
EARTH_RADIUS_KM = 6371.0
DISTANCE_SCALE_KM = 50.0
# Scopes that restrict nothing the engine knows of (every actor is in the EU or unplaced).
WIDE_SCOPES = (SCOPE_ANYWHERE, RegionScope.EU)


def distance_km(first: tuple[float, float], second: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1 = map(math.radians, first)
    lat2, lon2 = map(math.radians, second)
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def closeness(kilometres: float) -> float:
    return 1.0 / (1.0 + kilometres / DISTANCE_SCALE_KM)


def _in_box(position: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    return box[0] <= position[0] <= box[1] and box[2] <= position[1] <= box[3]


def in_region(
    region: Region,
    origin: tuple[float, float] | None,
    *,
    position: tuple[float, float] | None,
    district_ags: str,
) -> bool:
    """Whether a place lies in the region. A place without position is outside a radius or a
    district list and inside the wider scopes (its location is unknown, not wrong). A radius
    without origin cannot be applied and restricts nothing."""
    scope = region.scope
    if scope == RegionScope.RADIUS:
        if origin is None or region.radius_km is None:
            return True
        return position is not None and distance_km(origin, position) <= region.radius_km
    if scope == RegionScope.DISTRICTS:
        return bool(district_ags) and district_ags in region.district_ags
    if scope == RegionScope.BERLIN_BRANDENBURG:
        if district_ags:
            return district_ags[:2] in BERLIN_BRANDENBURG_STATE_CODES
        return position is None or _in_box(position, BERLIN_BRANDENBURG_BOX)
    if scope == RegionScope.GERMANY:
        return bool(district_ags) or position is None or _in_box(position, GERMANY_BOX)
    return True
