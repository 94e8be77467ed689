"""The cross-cluster dashboard of a cluster's management: joint projects per pair of
clusters, shares, events and shared listings per year – the figures of
`reporting.crosscluster_figures`, the same the monitoring report's section shows."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.crosscluster.reporting import CROSSCLUSTER_DEFINITION, crosscluster_figures
from clusterwerk.projects.monitoring.report import YEARS_IN_SERIES, is_valid_report_year


def _year(request) -> int:
    value = request.GET.get("jahr", "")
    if value.isdigit() and is_valid_report_year(int(value)):
        return int(value)
    return timezone.localdate().year


def dashboard(request):
    cluster = request_cluster(request)
    if not manages_cluster(request.user, cluster):
        raise PermissionDenied(_("Die Cross-Cluster-Kennzahlen sieht das Clustermanagement."))
    year = _year(request)
    years = list(range(year - YEARS_IN_SERIES + 1, year + 1))
    figures = crosscluster_figures(cluster, years)
    context = {
        "cluster": cluster,
        "year": year,
        "figures": figures,
        "definition": CROSSCLUSTER_DEFINITION,
        "can_see_dashboard": True,
    }
    return render(request, "crosscluster/dashboard.html", context)


urlpatterns = [path("cross-cluster/dashboard/", dashboard, name="dashboard")]
