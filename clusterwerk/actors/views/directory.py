"""The Akteursverzeichnis of the request's cluster: search with filters (live with htmx) and
its CSV/Excel export."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from clusterwerk.actors.exporting import write_csv, write_xlsx
from clusterwerk.actors.queries import pending_claims, pending_review_count
from clusterwerk.actors.search import (
    DirectoryFilters,
    directory_actors,
    facet_choices,
    load_directory_options,
    search_directory,
)
from clusterwerk.core.tenancy import request_cluster

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def is_partial_request(request) -> bool:
    """An htmx request for the results only (not the full page that htmx fetches to restore
    the history when its cache misses)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def actor_directory(request):
    cluster = request_cluster(request)
    options = load_directory_options(cluster)
    filters = DirectoryFilters.from_params(request.GET, options=options)
    result = search_directory(request.user, cluster, filters)
    context = {
        "filters": filters,
        "result": result,
        "options": options,
        "facets": facet_choices(result, options),
        "partial": is_partial_request(request),
    }
    if not context["partial"]:
        context["pending_reviews"] = pending_review_count(request.user, cluster)
        if context["pending_reviews"] is not None:
            context["pending_claims"] = pending_claims(cluster).count()
    template = (
        "actors/_directory_results.html" if context["partial"] else "actors/actor_directory.html"
    )
    response = render(request, template, context)
    # The same address answers with the page or the partial: caches must keep both apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def directory_export(request, file_format):
    """The filtered directory as a file; contact persons as far as the user may see them."""
    if file_format not in EXPORT_TYPES:
        raise Http404
    cluster = request_cluster(request)
    filters = DirectoryFilters.from_params(request.GET, cluster=cluster)
    actors = directory_actors(request.user, cluster, filters)
    response = HttpResponse(content_type=EXPORT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="akteure.{file_format}"'
    writer = write_csv if file_format == "csv" else write_xlsx
    writer(actors, user=request.user, cluster=cluster, stream=response)
    return response
