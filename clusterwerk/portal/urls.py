"""Pages composed from several apps. Each composed page keeps the URL people know; its view
lives here because it reads from more than one app."""

from django.urls import path, re_path

from clusterwerk.masterplan.urls import EDITION, NUMBER
from clusterwerk.portal.views import (
    actors,
    dashboards,
    jobs,
    pipeline,
    reports,
    search,
    topic_areas,
    value_chain,
)

app_name = "portal"

urlpatterns: list = [
    # The actor's profile (directory) with its projects, at the directory's address.
    path("akteure/<int:pk>/<slug:slug>/", actors.actor_profile, name="actor-profile"),
    # The topic area of an edition of the request's cluster, with its actors and projects.
    re_path(
        EDITION + rf"themenbereich/{NUMBER}/$",
        topic_areas.topic_area_detail,
        name="topic-area",
    ),
    # The monitoring report of the request's cluster: the projects' figures with the
    # Kooperationsbörse.
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
    # The Kooperationsbörse's pipeline with the outcomes of the B2B meeting days (events).
    path("kooperation/vermittlung/", pipeline.brokerage_pipeline, name="pipeline"),
    # The one search: every section of the request's cluster for one query.
    path("suche/", search.search, name="search"),
    # The value-chain analysis: the directory's competences against the cluster's masterplan.
    path("kooperation/wertschoepfung/", value_chain.value_chain, name="value-chain"),
    # The dashboards: "Mein Bereich" (members), "Aufgaben" (the cluster's management), and
    # where the login leads.
    path("mein-bereich/", dashboards.my_area, name="my-area"),
    path("aufgaben/", dashboards.tasks, name="tasks"),
    path("start/", dashboards.start, name="start"),
    # Background jobs: the management's list, one job's progress and its file.
    path("auftraege/", jobs.job_list, name="jobs"),
    path("auftraege/<uuid:job_id>/", jobs.job_detail, name="job"),
    path("auftraege/<uuid:job_id>/datei/", jobs.job_file, name="job-file"),
]
