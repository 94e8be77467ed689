"""The results page of a consultation and the exports of its contributions."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from clusterwerk.participation import exporting
from clusterwerk.participation.permissions import can_manage_consultations
from clusterwerk.participation.queries import (
    can_see_results,
    consultation_results,
    get_consultation_for_user,
    result_phase_started,
)


def results_page(request, slug):
    consultation = get_consultation_for_user(request.user, request.cluster, slug)
    if not can_see_results(request.user, consultation):
        raise PermissionDenied(_("Die Ergebnisse werden in der Ergebnisphase veröffentlicht."))
    return render(
        request,
        "participation/results.html",
        {
            "consultation": consultation,
            "results": consultation_results(consultation),
            "published": result_phase_started(consultation),
            "moderator": can_manage_consultations(request.user, consultation.cluster),
            "exports": exporting.WHAT,
        },
    )


def results_export(request, slug, what, file_format):
    if what not in exporting.WHAT or file_format not in exporting.FILE_FORMATS:
        raise Http404
    consultation = get_consultation_for_user(request.user, request.cluster, slug)
    if not can_see_results(request.user, consultation):
        raise PermissionDenied(_("Die Ergebnisse werden in der Ergebnisphase veröffentlicht."))
    export = exporting.export_contributions(
        consultation,
        what,
        file_format,
        moderator=can_manage_consultations(request.user, consultation.cluster),
    )
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
