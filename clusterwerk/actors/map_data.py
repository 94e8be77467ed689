"""Reads for the district map: visible actors per Landkreis / kreisfreie Stadt.

Two queries whatever the number of actors: Brandenburg's districts, and one aggregate of the
visible actors grouped by district. The boundaries come from `geo.district_shapes()`.
"""

import math
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import ngettext

from clusterwerk.actors.geo import district_shapes
from clusterwerk.actors.models import BRANDENBURG_STATE_CODE, ActorKind, ActorStatus, District
from clusterwerk.actors.queries import visible_actors
from clusterwerk.core.models import Cluster

COLOUR_CLASSES = 5
PER_INHABITANTS = 100_000


@dataclass(frozen=True)
class LegendClass:
    index: int  # 0 … 4, used as CSS class "map-class-<index>"
    lower: int
    upper: int

    @property
    def label(self) -> str:
        if self.lower == self.upper:
            return str(self.lower)
        return f"{self.lower}–{self.upper}"


@dataclass(frozen=True)
class DistrictEntry:
    ags: str
    name: str
    kind_label: str
    population: int | None
    actor_count: int
    colour_class: int
    path: str
    label_x: float
    label_y: float

    @property
    def actors_per_100k(self) -> float | None:
        if not self.population:
            return None
        return self.actor_count * PER_INHABITANTS / self.population

    @property
    def title(self) -> str:
        count = ngettext("%(count)d Akteur", "%(count)d Akteure", self.actor_count) % {
            "count": self.actor_count
        }
        return f"{self.name}: {count}"


@dataclass(frozen=True)
class DistrictMap:
    view_box: str
    attribution: str
    landmarks: tuple[tuple[str, float, float], ...]
    districts: list[DistrictEntry]  # by name, for the table
    legend: list[LegendClass]
    kind: str
    total_in_brandenburg: int
    outside_brandenburg: int
    without_district: int

    @property
    def kind_label(self) -> str:
        return ActorKind(self.kind).label if self.kind else ""

    @property
    def total_population(self) -> int:
        return sum(entry.population or 0 for entry in self.districts)

    @property
    def total_per_100k(self) -> float | None:
        population = self.total_population
        return self.total_in_brandenburg * PER_INHABITANTS / population if population else None


def parse_kind(value: str | None) -> str:
    """The actor kind of a GET parameter, "" when missing or unknown."""
    return value if value in ActorKind.values else ""


def mappable_actors(user, cluster: Cluster, kind: str = ""):
    """Actors of `cluster`'s directory that count on the map: no archived ones, no merged
    duplicates."""
    actors = (
        visible_actors(user, cluster)
        .exclude(status=ActorStatus.ARCHIVED)
        .filter(merged_into__isnull=True)
    )
    return actors.filter(kind=kind) if kind else actors


def actor_counts_by_district(user, cluster: Cluster, kind: str = "") -> dict[int | None, int]:
    """District id (None: no district) → number of actors: one aggregate query."""
    rows = (
        mappable_actors(user, cluster, kind)
        .order_by()
        .values("district_id")
        .annotate(count=Count("id"))
        .values_list("district_id", "count")
    )
    return dict(rows)


def legend_classes(maximum: int) -> list[LegendClass]:
    """Five classes: nobody, and four equal steps up to the largest count."""
    step = max(1, math.ceil(maximum / (COLOUR_CLASSES - 1)))
    classes = [LegendClass(index=0, lower=0, upper=0)]
    for index in range(1, COLOUR_CLASSES):
        classes.append(LegendClass(index=index, lower=(index - 1) * step + 1, upper=index * step))
    return classes


def colour_class(count: int, legend: list[LegendClass]) -> int:
    for entry in legend:
        if count <= entry.upper:
            return entry.index
    return legend[-1].index


def build_district_map(user, cluster: Cluster, kind: str = "") -> DistrictMap:
    """The map of `cluster`'s directory (the request's cluster)."""
    kind = parse_kind(kind)
    counts = actor_counts_by_district(user, cluster, kind)
    districts = list(
        District.objects.filter(ags__startswith=BRANDENBURG_STATE_CODE)
        .only("id", "ags", "name", "kind", "population")
        .order_by("name")
    )
    shapes = district_shapes()
    by_ags = shapes.by_ags
    brandenburg_ids = {district.pk for district in districts}
    maximum = max((counts.get(district.pk, 0) for district in districts), default=0)
    legend = legend_classes(maximum)
    entries = []
    for district in districts:
        shape = by_ags.get(district.ags)
        if shape is None:
            continue
        count = counts.get(district.pk, 0)
        entries.append(
            DistrictEntry(
                ags=district.ags,
                name=district.name,
                kind_label=str(district.get_kind_display()),
                population=district.population,
                actor_count=count,
                colour_class=colour_class(count, legend),
                path=shape.path,
                label_x=shape.label_x,
                label_y=shape.label_y,
            )
        )
    return DistrictMap(
        view_box=shapes.view_box,
        attribution=shapes.attribution,
        landmarks=shapes.landmarks,
        districts=entries,
        legend=legend,
        kind=kind,
        total_in_brandenburg=sum(entry.actor_count for entry in entries),
        outside_brandenburg=sum(
            count
            for district_id, count in counts.items()
            if district_id is not None and district_id not in brandenburg_ids
        ),
        without_district=counts.get(None, 0),
    )
