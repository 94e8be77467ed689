"""The brokerage pipeline (Vermittlung) at the Kooperationsbörse's address, with the outcomes
of the B2B meeting days beside it.

The Kooperationsbörse's figures are `matchmaking.pipeline_report`'s, unchanged. B2B meetings
are no expressions of interest in a listing, so they are not counted as interests or contacts:
the page adds their own figures for the same period (meetings held, no-shows and the outcomes
recorded: Kooperation vereinbart, Projektidee, kein Bedarf), from
`events.b2b_queries.b2b_outcome_counts`. The events app lies above the Kooperationsbörse, so the
page is composed here.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.events.b2b_queries import b2b_outcome_counts
from clusterwerk.matchmaking.pipeline_report import build_pipeline_report


@login_required
def brokerage_pipeline(request: HttpRequest) -> HttpResponse:
    cluster = request_cluster(request)
    report = build_pipeline_report(request.user, cluster, request.GET)
    b2b = b2b_outcome_counts([cluster.pk], report.period.start, report.period.end)
    return render(request, "portal/pipeline.html", {"report": report, "b2b": b2b})
