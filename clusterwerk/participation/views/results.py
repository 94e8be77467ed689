"""The results page of a consultation and the exports of its contributions."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from clusterwerk.core.export_jobs import refuse_large_xlsx, runs_as_job
from clusterwerk.core.exports import streaming_csv_response
from clusterwerk.core.ratelimit import limit_anonymous_exports
from clusterwerk.participation import exporting
from clusterwerk.participation.export_jobs import start_results_xlsx_job
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


@limit_anonymous_exports
def results_export(request, slug, what, file_format):
    """A sheet of contributions: CSV streams; XLSX of more than `XLSX_INLINE_ROWS` rows is a
    background job (refused with an explanation for anonymous visitors)."""
    if what not in exporting.WHAT or file_format not in exporting.FILE_FORMATS:
        raise Http404
    consultation = get_consultation_for_user(request.user, request.cluster, slug)
    if not can_see_results(request.user, consultation):
        raise PermissionDenied(_("Die Ergebnisse werden in der Ergebnisphase veröffentlicht."))
    moderator = can_manage_consultations(request.user, consultation.cluster)
    table = exporting.contribution_table(consultation, what, moderator=moderator)
    filename = exporting.export_filename(consultation, what, file_format, moderator=moderator)
    if file_format == "csv":
        return streaming_csv_response(table.rows, header=table.columns, filename=filename)
    rows = table.count()
    if runs_as_job(file_format, rows):
        if not request.user.is_authenticated:
            csv_url = reverse("participation:export", args=[slug, what, "csv"])
            return refuse_large_xlsx(request, rows=rows, csv_url=csv_url)
        job = start_results_xlsx_job(
            user=request.user, consultation=consultation, what=what, title=table.title, rows=rows
        )
        return redirect("portal:job", job_id=job.pk)
    response = HttpResponse(exporting.write_xlsx(table), content_type=exporting.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
