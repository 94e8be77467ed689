"""Pages of the Fachkräftematrix: occupations (KldB 2010) and the official verdicts of the
Engpassanalyse.

- `occupations` (public): the shipped occupations with search and filters (Berufsgruppe,
  apprenticeship, chamber) and the latest official verdict in the request's cluster.
- `occupation` (public): one occupation with its verdict per year and the indicator scores.
  The block `demand` shows the cluster's demand and supply per district from the matrix's
  published cells (`matrix.occupation_demand`, k-anonymous), with a total of those cells only.
- `indicator_import` (cluster management): upload a file, see the dry run (rows, warnings,
  errors by line), confirm. The uploaded bytes wait in the cache under a random token bound to
  the user and cluster for `PREVIEW_SECONDS`; confirming imports exactly the previewed file.
"""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from clusterwerk.core.tenancy import request_cluster
from clusterwerk.skills.indicators import MAX_BYTES
from clusterwerk.skills.matrix import default_year, occupation_demand
from clusterwerk.skills.models import Chamber, IndicatorImport, Occupation, OccupationLevel
from clusterwerk.skills.permissions import manages_skills
from clusterwerk.skills.services import indicators as services

PREVIEW_SECONDS = 30 * 60
DEFAULT_SOURCE = "Bundesagentur für Arbeit, Engpassanalyse"


# --- occupations -------------------------------------------------------------------------------


def occupations(request):
    cluster = request_cluster(request)
    filters = {
        "q": request.GET.get("q", "").strip()[:100],
        "gruppe": request.GET.get("gruppe", "").strip(),
        "ausbildung": request.GET.get("ausbildung", "").strip(),
        "kammer": request.GET.get("kammer", "").strip(),
    }
    rows = Occupation.objects.all()
    if filters["q"]:
        rows = rows.filter(
            Q(code__startswith=filters["q"])
            | Q(title__icontains=filters["q"])
            | Q(short_title__icontains=filters["q"])
        )
    if filters["gruppe"]:
        rows = rows.filter(code__startswith=filters["gruppe"][:3])
    if filters["ausbildung"] in ("ja", "nein"):
        rows = rows.filter(is_apprenticeship=filters["ausbildung"] == "ja")
    if filters["kammer"] in Chamber.values and filters["kammer"]:
        rows = rows.filter(chamber=filters["kammer"])
    latest = services.latest_assessments(cluster)
    rows = list(rows)
    for occupation in rows:
        occupation.assessment = latest.get(occupation.pk)
    groups = Occupation.objects.filter(level=OccupationLevel.GROUP).values_list("code", "title")
    context = {
        "occupations": rows,
        "filters": filters,
        "group_options": list(groups),
        "chamber_options": [(value, label) for value, label in Chamber.choices if value],
        "can_manage": manages_skills(request.user, cluster),
    }
    return render(request, "skills/occupation_list.html", context)


def occupation(request, code):
    cluster = request_cluster(request)
    occupation = get_object_or_404(Occupation, code=code)
    group = None
    if occupation.level == OccupationLevel.TYPE:
        group = Occupation.objects.filter(code=occupation.group_code).first()
    types = []
    if occupation.level == OccupationLevel.GROUP:
        types = Occupation.objects.filter(
            level=OccupationLevel.TYPE, code__startswith=occupation.code
        )
    context = {
        "occupation": occupation,
        "group": group,
        "types": types,
        "history": services.assessment_history(cluster, occupation),
        "demand": _demand(cluster, occupation),
        "can_manage": manages_skills(request.user, cluster),
    }
    return render(request, "skills/occupation_detail.html", context)


def _demand(cluster, occupation) -> dict | None:
    """The occupation's published matrix cells of the latest survey year, or None without a
    survey (the template then leaves the block out)."""
    if occupation.level != OccupationLevel.TYPE:
        return None
    cells = occupation_demand(cluster, occupation)
    year = default_year(cluster)
    if year is None:
        return None
    total = {
        name: sum(getattr(cell, name) for cell in cells)
        for name in ("companies", "openings_36", "retirements", "supply")
    }
    return {
        "template": "skills/_occupation_demand.html",
        "year": year,
        "cells": cells,
        "total": total,
        "matrix_url": reverse("skills:matrix") + f"?jahr={year}",
    }


# --- indicator import -------------------------------------------------------------------------


class IndicatorImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Datei der Engpassanalyse (XLSX oder CSV)"),
        help_text=gettext_lazy(
            "Eine Zeile je Beruf mit den Spalten „KldB 2010“, „Beruf“, je Indikator "
            "„<Indikator> Punkte“ (und „<Indikator> Wert“) und „Bewertung“ – oder eine Zeile "
            "je Beruf und Indikator mit „KldB 2010“, „Indikator“, „Wert“, „Punkte“."
        ),
        error_messages={"required": gettext_lazy("Bitte wählen Sie eine Datei.")},
    )
    source = forms.CharField(label=gettext_lazy("Quelle"), max_length=300, initial=DEFAULT_SOURCE)
    region = forms.CharField(
        label=gettext_lazy("Region"),
        max_length=80,
        help_text=gettext_lazy("z. B. Brandenburg"),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Jahr"),
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": gettext_lazy("Bitte ein Jahr angeben, z. B. 2024.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("Die Datei ist größer als %(size)s MB.") % {"size": MAX_BYTES // 1024 // 1024}
            )
        return upload


def _preview_key(token: str) -> str:
    return f"skills:indicator-preview:{token}"


@login_required
@require_http_methods(["GET", "POST"])
def indicator_import(request):
    cluster = request_cluster(request)
    if not manages_skills(request.user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement kann Indikatoren importieren."))
    context = {"imports": IndicatorImport.objects.filter(cluster=cluster)[:20]}
    if request.method == "POST" and request.POST.get("token"):
        return _confirm(request, cluster, request.POST["token"], context)
    form = IndicatorImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        filename = form.cleaned_data["file"].name
        params = {
            "source": form.cleaned_data["source"],
            "region": form.cleaned_data["region"],
            "year": form.cleaned_data["year"],
        }
        try:
            result = services.import_indicators(
                user=request.user,
                cluster=cluster,
                data=data,
                filename=filename,
                dry_run=True,
                **params,
            )
        except ValidationError as error:
            context["file_errors"] = services.file_messages(error)
        else:
            token = uuid.uuid4().hex
            cache.set(
                _preview_key(token),
                {
                    "user": request.user.pk,
                    "cluster": cluster.pk,
                    "data": data,
                    "filename": filename,
                    **params,
                },
                PREVIEW_SECONDS,
            )
            context.update({"result": result, "token": token, "params": params})
    context["form"] = form
    return render(request, "skills/indicator_import.html", context)


def _confirm(request, cluster, token, context):
    key = _preview_key(token)
    stored = cache.get(key)
    if not stored or stored["user"] != request.user.pk or stored["cluster"] != cluster.pk:
        messages.error(
            request, _("Die Vorschau ist abgelaufen. Bitte laden Sie die Datei erneut hoch.")
        )
        return redirect("skills:indicator_import")
    try:
        result = services.import_indicators(
            user=request.user,
            cluster=cluster,
            data=stored["data"],
            filename=stored["filename"],
            source=stored["source"],
            region=stored["region"],
            year=stored["year"],
        )
    except ValidationError as error:
        context.update(
            {"form": IndicatorImportForm(), "file_errors": services.file_messages(error)}
        )
        return render(request, "skills/indicator_import.html", context)
    cache.delete(key)
    messages.success(
        request,
        _(
            "Importiert: %(occupations)s Berufe mit %(indicators)s Indikatoren "
            "(%(region)s %(year)s)."
        )
        % {
            "occupations": result.occupation_count,
            "indicators": result.indicator_count,
            "region": stored["region"],
            "year": stored["year"],
        },
    )
    return redirect("skills:indicator_import")


urlpatterns = [
    path("fachkraefte/berufe/", occupations, name="occupations"),
    path("fachkraefte/berufe/<str:code>/", occupation, name="occupation"),
    path("fachkraefte/indikatoren/import/", indicator_import, name="indicator_import"),
]
