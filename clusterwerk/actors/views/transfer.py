"""Import of actors from CSV/XLSX files (cluster management), and the template file.

The import goes into the request's cluster (`core.tenancy.request_cluster`); only who manages
that cluster may open the page, download the template or post a file. An upload runs as a
background job (`actors.importing.jobs`): the page of the job shows its progress and then the
result in place."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.accounts.queries import get_job_for_user
from clusterwerk.actors import importing
from clusterwerk.actors.forms_transfer import ActorImportForm
from clusterwerk.actors.importing.jobs import KIND as IMPORT_JOB_KIND
from clusterwerk.actors.importing.jobs import job_outcome, start_import_job
from clusterwerk.core.exports import CSV_CONTENT_TYPE, csv_bytes
from clusterwerk.core.models import Cluster
from clusterwerk.core.tenancy import request_cluster

RESULT_TEMPLATE = "actors/_import_result.html"

TEMPLATE_ROW = (
    "HR-B-12345",
    "Muster Metallbau GmbH",
    "Unternehmen",
    "Muster Metallbau",
    "Stahl- und Metallbau für Industrie und Handwerk.",
    "https://www.muster-metallbau.example",
    "info@muster-metallbau.example",
    "03378 12345",
    "Industriestraße 5",
    "14974",
    "Ludwigsfelde",
    "12072",
    "",
    "",
    "45",
    "1991",
    "25.11; 28",
    "WZ2008",
    "Laserschneiden [Verfahren] (4.4.2) {Faserlaser, Blech}; Edelstahl [Werkstoff]",
    None,  # the request's cluster
    "52.3031",
    "13.2540",
)


def _managed_cluster(request) -> Cluster:
    """The request's cluster, when the user manages it (403 otherwise)."""
    cluster = request_cluster(request)
    if not manages_cluster(request.user, cluster):
        raise PermissionDenied
    return cluster


def _page(request, cluster, form, *, status=200, **context):
    return render(
        request,
        "actors/actor_import.html",
        {
            "form": form,
            "cluster": cluster,
            "columns": importing.COLUMNS,
            "max_rows": importing.MAX_ROWS,
            **context,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_actors(request):
    """The upload form; a valid upload becomes a background job (`importing.jobs`) and the
    browser goes to its page."""
    cluster = _managed_cluster(request)
    if request.method != "POST":
        return _page(request, cluster, ActorImportForm())
    form = ActorImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, cluster, form, status=400)
    upload = form.cleaned_data["file"]
    job = start_import_job(
        data=upload.read(),
        filename=upload.name,
        user=request.user,
        cluster=cluster,
        dry_run=form.cleaned_data["dry_run"],
    )
    return redirect("actors:import-job", job_id=job.pk)


@login_required
def import_job(request, job_id):
    """An import's progress (htmx polls the partial) and, when it has finished, its result in
    place: the summary, or the line-numbered problems. Who started it, or the cluster's
    management (`get_job_for_user`); anyone else 404."""
    job = get_job_for_user(request.user, request_cluster(request), job_id)
    cluster = _managed_cluster(request)
    if job.kind != IMPORT_JOB_KIND:
        raise Http404
    context = {"job": job, "poll_url": request.path, "result_template": RESULT_TEMPLATE}
    if job.is_finished:
        context.update(job_outcome(job))
    if request.htmx:
        return render(request, "core/_job_progress.html", context)
    return _page(request, cluster, ActorImportForm(), **context)


@login_required
def import_template(request):
    """A CSV file with all import columns and one example row (UTF-8 with BOM, ";")."""
    cluster = _managed_cluster(request)
    row = [cluster.slug if value is None else value for value in TEMPLATE_ROW]
    response = HttpResponse(
        csv_bytes([row], header=importing.COLUMNS), content_type=CSV_CONTENT_TYPE
    )
    response["Content-Disposition"] = 'attachment; filename="akteure-vorlage.csv"'
    return response
