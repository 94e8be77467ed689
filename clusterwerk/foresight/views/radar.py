"""Pages of the foresight: the radar of a cycle (radar, legend, data table, the impact ×
uncertainty chart and its table) and the cycle report as PDF and XLSX.

Who may see them: the management of the cycle's cluster at any time, everyone after
publication (`permissions.can_see_results`); a cycle the user may not open is 404, one whose
results are not out yet is 403 (a panellist during the rating, say).

URL names: radar (slug), report_pdf (slug), report_xlsx (slug).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from clusterwerk.core import versions
from clusterwerk.core.exports import XLSX_CONTENT_TYPE
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.foresight import exports, queries, radar
from clusterwerk.foresight.models import Cycle
from clusterwerk.foresight.permissions import can_see_results, manages_foresight


def _cycle_with_results(request, slug) -> Cycle:
    cycle = queries.get_cycle_for_user(request.user, request_cluster(request), slug)
    if not can_see_results(request.user, cycle):
        raise PermissionDenied(_("Die Ergebnisse dieses Zyklus sind noch nicht veröffentlicht."))
    return cycle


def _private(response, cycle: Cycle):
    if not cycle.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


def radar_page(request, slug):
    cycle = _cycle_with_results(request, slug)
    report = exports.cycle_report(cycle)
    context = {
        "cycle": cycle,
        "report": report,
        "radar_svg": report.radar_svg(legend=False, width="100%"),
        "chart_svg": report.chart_svg(width="100%"),
        "markers": [
            {
                "marker": marker,
                "text": radar.marker_shape_text(marker),
                "svg": radar.legend_shape_svg(marker),
            }
            for marker in radar.MARKERS
        ],
        "can_manage": manages_foresight(request.user, cycle.cluster),
    }
    return _private(render(request, "foresight/radar.html", context), cycle)


# The report's content is the same for everyone who may see it (no names): computed once per
# foresight and plan data version, language and day (250 items: 26 s for the PDF).
REPORT_AREAS = (versions.FORESIGHT, versions.MASTERPLAN)


def _cached_report(cycle, kind: str, render) -> bytes:
    return versions.get_or_set(
        f"foresight-report-{kind}",
        cycle.cluster,
        REPORT_AREAS,
        lambda: render(exports.cycle_report(cycle)),
        cycle.pk,
    )


def report_pdf(request, slug):
    cycle = _cycle_with_results(request, slug)
    content = _cached_report(cycle, "pdf", exports.report_pdf)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{exports.report_file_name(cycle, "pdf")}"'
    return _private(response, cycle)


def report_xlsx(request, slug):
    cycle = _cycle_with_results(request, slug)
    content = _cached_report(cycle, "xlsx", exports.report_xlsx)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.report_file_name(cycle, "xlsx")}"'
    )
    return _private(response, cycle)


urlpatterns = [
    path("foresight/<slug:slug>/radar/", radar_page, name="radar"),
    path("foresight/<slug:slug>/bericht.pdf", report_pdf, name="report_pdf"),
    path("foresight/<slug:slug>/bericht.xlsx", report_xlsx, name="report_xlsx"),
]
