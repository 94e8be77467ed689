"""The district map: a choropleth of visible actors per Landkreis / kreisfreie Stadt."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clusterwerk.actors.map_data import build_district_map
from clusterwerk.actors.models import ActorKind
from clusterwerk.core import versions
from clusterwerk.core.page_cache import cache_public_page
from clusterwerk.core.tenancy import request_cluster


@cache_public_page(versions.ACTORS, params=("kind",))
def district_map(request: HttpRequest) -> HttpResponse:
    district_map = build_district_map(
        request.user, request_cluster(request), kind=request.GET.get("kind", "")
    )
    return render(
        request,
        "actors/district_map.html",
        {"map": district_map, "kind_choices": ActorKind.choices},
    )
