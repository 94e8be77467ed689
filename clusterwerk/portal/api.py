"""The composed parts of the REST API: the monitoring report with the Kooperationsbörse.

Mounted by `config/api.py` under `/api/projects` (where the report always was), for the
request's cluster: `/api/projects/report/2019`, `/c/<slug>/api/projects/report/2019`. The
address with the cluster in the path (`/api/projects/report/<slug>/2019`) redirects
permanently there.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponsePermanentRedirect
from django.utils.translation import gettext as _
from ninja import Path, Router

from clusterwerk.core.api import error_responses
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.portal.reports import build_monitoring_report
from clusterwerk.portal.views.reports import cluster_path
from clusterwerk.projects import monitoring

router = Router(tags=["Projekte"])

YearPath = Path(..., description="Berichtsjahr, z. B. 2019.")


def checked_year(year: int) -> int:
    if not monitoring.is_valid_report_year(year):
        raise ValidationError(
            {
                "year": _("Bitte ein Berichtsjahr zwischen %(first)d und %(last)d angeben.")
                % {"first": monitoring.MIN_REPORT_YEAR, "last": monitoring.max_report_year()}
            }
        )
    return year


@router.get(
    "/report/{int:year}",
    response={200: dict[str, Any], **error_responses(404, 422)},
    url_name="monitoring-report",
    summary="Ergebnis- und Wirkungsmonitoring",
    description="Der Monitoringbericht des Clusters der Anfrage (`/c/<kürzel>/api/…`, ohne "
    "Präfix das Standard-Cluster) für ein Jahr mit den beiden Vorjahren daneben: Kennzahlen je "
    "Abschnitt (auch die der Kooperationsbörse), Erfolgsgeschichten, Themenbereiche ohne "
    "Projekt. Die Kennzahlen zählen alle Projekte des Clusters, gleich wer fragt; die "
    "Erfolgsgeschichten nennen nur Projekte, die Sie sehen dürfen (das Clustermanagement: alle).",
)
def report(request, year: int = YearPath):
    cluster = request_cluster(request)
    return build_monitoring_report(
        cluster=cluster, year=checked_year(year), user=request.user
    ).as_dict()


@router.get(
    "/report/{cluster_slug}/{int:year}",
    response={301: None, **error_responses(404, 422)},
    url_name="monitoring-report-moved",
    summary="Ergebnis- und Wirkungsmonitoring (alte Adresse)",
    description="Leitet dauerhaft (301) auf den Bericht im genannten Cluster um: "
    "`/c/<kürzel>/api/projects/report/<jahr>`, für das Standard-Cluster ohne Präfix.",
)
def moved_report(
    request,
    cluster_slug: str = Path(..., description="Kürzel des Clusters, z. B. metall."),
    year: int = YearPath,
):
    return HttpResponsePermanentRedirect(
        cluster_path(request, cluster_slug, "api:monitoring-report", year)
    )
