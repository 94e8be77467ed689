"""Import of actors from CSV/XLSX files (cluster management), and the template file.

The import goes into the request's cluster (`core.tenancy.request_cluster`); only who manages
that cluster may open the page, download the template or post a file."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.actors import importing
from clusterwerk.actors.forms_transfer import ActorImportForm
from clusterwerk.core.exports import CSV_CONTENT_TYPE, csv_bytes
from clusterwerk.core.models import Cluster
from clusterwerk.core.tenancy import request_cluster

MAX_SHOWN_PROBLEMS = 300

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


@login_required
@require_http_methods(["GET", "POST"])
def import_actors(request):
    cluster = _managed_cluster(request)
    posted = request.method == "POST"
    form = ActorImportForm(request.POST if posted else None, request.FILES if posted else None)
    result, problems, status = None, [], 200
    if posted:
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = importing.import_actors(
                    source=upload,
                    filename=upload.name,
                    user=request.user,
                    cluster=cluster,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except importing.ActorImportError as error:
                problems = error.messages
            else:
                status = 200
    return render(
        request,
        "actors/actor_import.html",
        {
            "form": form,
            "cluster": cluster,
            "result": result,
            "problems": problems[:MAX_SHOWN_PROBLEMS],
            "problem_count": len(problems),
            "hidden_problem_count": max(0, len(problems) - MAX_SHOWN_PROBLEMS),
            "columns": importing.COLUMNS,
            "max_rows": importing.MAX_ROWS,
        },
        status=status,
    )


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
