"""Pages of the Fachkräftematrix: matrix (part C).

- matrix (?jahr=): public – the year switch, the SVG heat map and the data table (figures of
  the survey only over at least five companies; totals over published cells only).
- district (ags, ?jahr=): public – the sentences, the district's cells and, for each gap, a
  link to the training offers (`skills:offers` filtered by occupation and district).
- matrix_gaps (?jahr=): the management – gaps with project idea / Werkstattgespräch / dismiss.
- matrix_gap_project, matrix_gap_workshop, matrix_gap_dismiss (year, code, ags): POST only;
  success → a message and back to the gaps page; errors → the page with the form (400).
- matrix_xlsx (?jahr=): the management – the matrix as XLSX (k rule applied).
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from clusterwerk.actors.models import District
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.events.models import Event
from clusterwerk.projects.models import Project
from clusterwerk.skills import exports
from clusterwerk.skills.heatmap import heatmap_svg
from clusterwerk.skills.matrix import (
    build_matrix,
    district_summary,
    matrix_gaps,
    survey_years,
)
from clusterwerk.skills.models import Occupation
from clusterwerk.skills.permissions import manages_skills
from clusterwerk.skills.services import matrix as services

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXTAREA = forms.Textarea(attrs={"rows": 4})


class GapProjectForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Titel der Projektidee"), max_length=300)
    description = forms.CharField(
        label=gettext_lazy("Beschreibung"), widget=TEXTAREA, max_length=10000, required=False
    )


class GapWorkshopForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=200)
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Beginn"),
        widget=DATETIME,
        error_messages={
            "required": gettext_lazy("Bitte Datum und Uhrzeit angeben."),
            "invalid": gettext_lazy("Bitte Datum und Uhrzeit im Format JJJJ-MM-TTTHH:MM angeben."),
        },
    )
    venue_name = forms.CharField(
        label=gettext_lazy("Veranstaltungsort"), max_length=200, required=False
    )
    description = forms.CharField(
        label=gettext_lazy("Beschreibung"), widget=TEXTAREA, max_length=10000, required=False
    )


class GapDismissForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Warum wird die Lücke verworfen?"),
        widget=TEXTAREA,
        max_length=3000,
        error_messages={
            "required": gettext_lazy("Bitte begründen Sie, warum die Lücke verworfen wird.")
        },
    )


FORMS = {"project": GapProjectForm, "workshop": GapWorkshopForm, "dismiss": GapDismissForm}


def _year(request, cluster) -> int | None:
    """?jahr= when it is a survey year of the cluster (404 otherwise), else the latest."""
    years = survey_years(cluster)
    raw = request.GET.get("jahr", "").strip()
    if not raw:
        return years[0] if years else None
    if not raw.isdigit() or int(raw) not in years:
        raise Http404(_("Für dieses Jahr gibt es keine Befragung."))
    return int(raw)


def offers_url(occupation, district) -> str | None:
    """The training offers of the occupation near the district (part D's search), or None
    while that page does not exist."""
    try:
        base = reverse("skills:offers")
    except NoReverseMatch:
        return None
    return f"{base}?{urlencode({'beruf': occupation.code, 'kreis': district.ags})}"


@require_GET
def matrix_page(request):
    cluster = request_cluster(request)
    year = _year(request, cluster)
    built = build_matrix(cluster, year)
    return render(
        request,
        "skills/matrix.html",
        {
            "matrix": built,
            "rows": built.rows(),
            "district_totals": [built.totals_by_district[d.pk] for d in built.districts],
            "years": survey_years(cluster),
            "heatmap": heatmap_svg(built),
            "is_manager": manages_skills(request.user, cluster),
        },
    )


@require_GET
def district_page(request, ags):
    cluster = request_cluster(request)
    district = get_object_or_404(District, ags=ags)
    year = _year(request, cluster)
    built = build_matrix(cluster, year)
    cells = [c for c in built.cells if c.district.pk == district.pk]
    gap_keys = {
        (g.cell.occupation.pk, g.cell.district.pk) for g in matrix_gaps(cluster, matrix=built)
    }
    rows = [
        {
            "cell": cell,
            "short": cell.light in ("red", "amber"),
            "gap": (cell.occupation.pk, district.pk) in gap_keys,
            "offers_url": offers_url(cell.occupation, district)
            if cell.light in ("red", "amber")
            else None,
        }
        for cell in cells
    ]
    return render(
        request,
        "skills/district.html",
        {
            "district": district,
            "matrix": built,
            "years": survey_years(cluster),
            "sentences": district_summary(cluster, district, matrix=built),
            "rows": rows,
            "total": built.totals_by_district.get(district.pk),
        },
    )


def _require_manager(request, cluster):
    if not manages_skills(request.user, cluster):
        raise PermissionDenied(_("Diese Seite sieht nur das Clustermanagement."))


def _prefix(name, cell) -> str:
    return f"{name}-{cell.occupation.code}-{cell.district.ags}"


def _initial(name, cell, year) -> dict:
    title = services.gap_title(cell.occupation, cell.district, year)
    if name == "project":
        return {"title": title}
    if name == "workshop":
        return {"title": (_("Werkstattgespräch: %(title)s") % {"title": title})[:200]}
    return {}


def _links(gaps) -> dict[int, str]:
    decisions = [d for gap in gaps for d in gap.decisions]
    events = {e.pk: e for e in Event.objects.filter(pk__in={d.event_id for d in decisions})}
    projects = {
        p.pk: p
        for p in Project.objects.filter(pk__in={d.project_id for d in decisions}).select_related(
            "cluster"
        )
    }
    links = {}
    for decision in decisions:
        target = events.get(decision.event_id) or projects.get(decision.project_id)
        if target is not None:
            links[decision.pk] = target.get_absolute_url()
    return links


def _render_gaps(request, cluster, year, *, bound=None, status=200):
    built = build_matrix(cluster, year)
    gaps = matrix_gaps(cluster, matrix=built)
    links = _links(gaps)
    rows = []
    for gap in gaps:
        key = (gap.cell.occupation.code, gap.cell.district.ags)
        gap_forms = {}
        for name, form_class in FORMS.items():
            if bound and bound[0] == key and bound[1] == name:
                gap_forms[name] = bound[2]
            else:
                gap_forms[name] = form_class(
                    prefix=_prefix(name, gap.cell), initial=_initial(name, gap.cell, built.year)
                )
        rows.append(
            {
                "gap": gap,
                "forms": gap_forms,
                "actions": gap.actions,
                "decided": [{"decision": d, "url": links.get(d.pk)} for d in gap.decisions],
                "offers_url": offers_url(gap.cell.occupation, gap.cell.district),
            }
        )
    return render(
        request,
        "skills/gaps.html",
        {
            "matrix": built,
            "years": survey_years(cluster),
            "rows": rows,
            "open_form": bound[:2] if bound else None,
        },
        status=status,
    )


@login_required
@require_GET
def gaps_page(request):
    cluster = request_cluster(request)
    _require_manager(request, cluster)
    return _render_gaps(request, cluster, _year(request, cluster))


def _add_errors(form, error):
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, found in error.message_dict.items():
        for message in found:
            form.add_error(key if key in form.fields else None, message)


def _handle(request, year, code, ags, name, act, success):
    cluster = request_cluster(request)
    _require_manager(request, cluster)
    if year not in survey_years(cluster):
        raise Http404(_("Für dieses Jahr gibt es keine Befragung."))
    occupation = get_object_or_404(Occupation, code=code)
    district = get_object_or_404(District, ags=ags)
    prefix = f"{name}-{code}-{ags}"
    form = FORMS[name](request.POST, prefix=prefix)
    if form.is_valid():
        try:
            act(cluster, occupation, district, form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(reverse("skills:matrix_gaps") + f"?jahr={year}#gap-{code}-{ags}")
    return _render_gaps(request, cluster, year, bound=((code, ags), name, form), status=400)


@login_required
@require_POST
def gap_project(request, year, code, ags):
    def act(cluster, occupation, district, data):
        return services.gap_to_project_idea(
            user=request.user, cluster=cluster, year=year, occupation=occupation,
            district=district, **data,
        )  # fmt: skip

    return _handle(request, year, code, ags, "project", act, _("Projektidee angelegt."))


@login_required
@require_POST
def gap_workshop(request, year, code, ags):
    def act(cluster, occupation, district, data):
        return services.gap_to_workshop(
            user=request.user, cluster=cluster, year=year, occupation=occupation,
            district=district, **data,
        )  # fmt: skip

    return _handle(
        request, year, code, ags, "workshop", act, _("Werkstattgespräch als Entwurf angelegt.")
    )


@login_required
@require_POST
def gap_dismiss(request, year, code, ags):
    def act(cluster, occupation, district, data):
        return services.dismiss_gap(
            user=request.user, cluster=cluster, year=year, occupation=occupation,
            district=district, note=data["note"],
        )  # fmt: skip

    return _handle(request, year, code, ags, "dismiss", act, _("Die Lücke ist verworfen."))


@login_required
@require_GET
def matrix_xlsx(request):
    cluster = request_cluster(request)
    _require_manager(request, cluster)
    built = build_matrix(cluster, _year(request, cluster))
    if built.year is None:
        raise Http404(_("Für dieses Cluster gibt es noch keine Befragung."))
    response = HttpResponse(
        exports.matrix_xlsx(built, cluster), content_type=exports.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = (
        f'attachment; filename="fachkraeftematrix-{cluster.slug}-{built.year}.xlsx"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


GAP = "fachkraefte/matrix/luecken/<int:year>/<str:code>/<str:ags>"

urlpatterns = [
    path("fachkraefte/matrix/", matrix_page, name="matrix"),
    path("fachkraefte/matrix/kreis/<str:ags>/", district_page, name="district"),
    path("fachkraefte/matrix/luecken/", gaps_page, name="matrix_gaps"),
    path(f"{GAP}/projektidee/", gap_project, name="matrix_gap_project"),
    path(f"{GAP}/werkstattgespraech/", gap_workshop, name="matrix_gap_workshop"),
    path(f"{GAP}/verwerfen/", gap_dismiss, name="matrix_gap_dismiss"),
    path("fachkraefte/matrix/fachkraeftematrix.xlsx", matrix_xlsx, name="matrix_xlsx"),
]
