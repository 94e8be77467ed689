"""The brokerage pipeline (Vermittlung): what the Kooperationsbörse brought about, per month.

Only the cluster management sees it (403 for everybody else, the login page for visitors).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from clusterwerk.matchmaking.permissions import can_see_pipeline
from clusterwerk.matchmaking.pipeline_report import build_pipeline_report


@login_required
def brokerage_pipeline(request: HttpRequest) -> HttpResponse:
    if not can_see_pipeline(request.user):
        raise PermissionDenied(_("Die Vermittlungsübersicht sieht nur das Clustermanagement."))
    report = build_pipeline_report(request.user, request.GET)
    return render(request, "matchmaking/pipeline.html", {"report": report})
