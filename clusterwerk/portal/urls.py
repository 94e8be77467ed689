"""Pages composed from several apps. Each composed page keeps the URL people know; its view
lives here because it reads from more than one app."""

from django.urls import path

from clusterwerk.portal.views import reports

app_name = "portal"

urlpatterns = [
    # The monitoring report: the projects' figures with the Kooperationsbörse.
    path("monitoring/", reports.monitoring_index, name="report-index"),
    path("monitoring/<int:year>/", reports.monitoring_report, name="report"),
    path(
        "monitoring/<int:year>/export/<slug:file_format>/",
        reports.monitoring_report_download,
        name="report-export",
    ),
    # Before the request named the cluster, the path did: permanent redirects.
    path("monitoring/<slug:cluster_slug>/", reports.moved_index),
    path("monitoring/<slug:cluster_slug>/<int:year>/", reports.moved_report),
    path(
        "monitoring/<slug:cluster_slug>/<int:year>/export/<slug:file_format>/",
        reports.moved_download,
    ),
]
