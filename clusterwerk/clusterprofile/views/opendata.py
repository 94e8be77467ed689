"""The open data of the request's cluster: the page `/offene-daten/` listing the datasets, and
each dataset under a stable address as CSV and JSON (`/offene-daten/<dataset>.csv|json`).
The licence travels with every file: in the JSON (`licence`), and as the HTTP header
`Link: <…>; rel="license"` (the CSV stays plain data for parsers)."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from clusterwerk.clusterprofile.models import OPEN_DATA_LICENCE
from clusterwerk.clusterprofile.opendata import (
    DATASETS,
    attribution,
    dataset_csv,
    dataset_document,
)
from clusterwerk.core.exports import CSV_CONTENT_TYPE
from clusterwerk.core.tenancy import request_cluster


def open_data(request):
    cluster = request_cluster(request)
    rows = [
        {
            "dataset": dataset,
            "csv": reverse("clusterprofile:open-data-file", args=[name, "csv"]),
            "json": reverse("clusterprofile:open-data-file", args=[name, "json"]),
        }
        for name, dataset in DATASETS.items()
    ]
    context = {
        "cluster": cluster,
        "rows": rows,
        "licence": OPEN_DATA_LICENCE,
        "attribution": attribution(cluster),
    }
    return render(request, "clusterprofile/open_data.html", context)


def _licensed(response: HttpResponse) -> HttpResponse:
    response["Link"] = f'<{OPEN_DATA_LICENCE["url"]}>; rel="license"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def open_data_file(request, dataset: str, file_format: str):
    cluster = request_cluster(request)
    if dataset not in DATASETS or file_format not in ("csv", "json"):
        raise Http404(_("Diesen Datensatz gibt es nicht."))
    filename = f"{cluster.slug}-{dataset}.{file_format}"
    if file_format == "csv":
        response = HttpResponse(dataset_csv(cluster, dataset), content_type=CSV_CONTENT_TYPE)
    else:
        document = dataset_document(cluster, dataset)
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _licensed(response)


urlpatterns = [
    path("offene-daten/", open_data, name="open-data"),
    path(
        "offene-daten/<slug:dataset>.<str:file_format>",
        open_data_file,
        name="open-data-file",
    ),
]
