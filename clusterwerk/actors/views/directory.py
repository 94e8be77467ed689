"""The Akteursverzeichnis of the request's cluster: search with filters (live with htmx) and
its CSV/Excel export (CSV streams; a large Excel file is a background job)."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from clusterwerk.actors.export_jobs import start_directory_xlsx_job
from clusterwerk.actors.exporting import EXPORT_COLUMNS, count_actors, table_rows, write_xlsx
from clusterwerk.actors.queries import pending_claims, pending_review_count
from clusterwerk.actors.search import (
    DirectoryFilters,
    directory_actors,
    facet_choices,
    load_directory_options,
    search_directory,
)
from clusterwerk.core.export_jobs import refuse_large_xlsx, runs_as_job
from clusterwerk.core.exports import streaming_csv_response
from clusterwerk.core.ratelimit import limit_anonymous_exports
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


@limit_anonymous_exports
def directory_export(request, file_format):
    """The filtered directory as a file; contact persons as far as the user may see them.

    CSV streams at any size. XLSX of up to `XLSX_INLINE_ROWS` rows comes at once; a larger
    one is made in the background for a logged-in person (the browser goes to the job's page)
    and refused with an explanation for anonymous visitors."""
    if file_format not in EXPORT_TYPES:
        raise Http404
    cluster = request_cluster(request)
    filters = DirectoryFilters.from_params(request.GET, cluster=cluster)
    actors = directory_actors(request.user, cluster, filters)
    if file_format == "csv":
        return streaming_csv_response(
            table_rows(actors, user=request.user, cluster=cluster),
            header=EXPORT_COLUMNS,
            filename="akteure.csv",
        )
    rows = count_actors(actors, user=request.user, cluster=cluster)
    if runs_as_job(file_format, rows):
        if not request.user.is_authenticated:
            csv_url = reverse("actors:directory-export", args=["csv"])
            query = request.GET.urlencode()
            return refuse_large_xlsx(
                request, rows=rows, csv_url=f"{csv_url}?{query}" if query else csv_url
            )
        job = start_directory_xlsx_job(
            user=request.user, cluster=cluster, query=request.GET.urlencode(), rows=rows
        )
        return redirect("portal:job", job_id=job.pk)
    response = HttpResponse(content_type=EXPORT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="akteure.{file_format}"'
    write_xlsx(actors, user=request.user, cluster=cluster, stream=response)
    return response
