"""The district map: a choropleth of visible actors per Landkreis / kreisfreie Stadt.

Anonymous visitors get the whole page from the cache (`cache_public_page`); everybody else
the map and its table as a fragment cached per data version of the directory and visibility
class (the cluster's management counts drafts too). The map is only built on a miss."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.actors.map_data import build_district_map, parse_kind
from clusterwerk.actors.models import ActorKind
from clusterwerk.core import versions
from clusterwerk.core.page_cache import cache_public_page
from clusterwerk.core.tenancy import request_cluster


@cache_public_page(versions.ACTORS, params=("kind",), daily=False)
def district_map(request: HttpRequest) -> HttpResponse:
    cluster = request_cluster(request)
    kind = parse_kind(request.GET.get("kind", ""))
    visibility = "management" if manages_cluster(request.user, cluster) else "published"
    return render(
        request,
        "actors/district_map.html",
        {
            "map": SimpleLazyObject(lambda: build_district_map(request.user, cluster, kind=kind)),
            "kind": kind,
            "kind_choices": ActorKind.choices,
            "fragment_key": versions.cache_key(
                "district-map", cluster, [versions.ACTORS], kind, visibility, daily=False
            ),
            "fragment_max_age": versions.MAX_AGE,
        },
    )
