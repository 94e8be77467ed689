"""The brokerage pipeline (Vermittlung): what the Kooperationsbörse brought about in the
request's cluster, per month.

Only the cluster's management sees it (403 for everybody else, the login page for visitors).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.matchmaking.pipeline_report import build_pipeline_report


@login_required
def brokerage_pipeline(request: HttpRequest) -> HttpResponse:
    report = build_pipeline_report(request.user, request_cluster(request), request.GET)
    return render(request, "matchmaking/pipeline.html", {"report": report})
