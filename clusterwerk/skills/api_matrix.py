"""The Fachkräftematrix API: the matrix (mounted at /api/v1/skills/, see api.py).

- `GET /matrix?year=` – every cell of the year's matrix (default: the latest survey) with the
  totals per occupation, per district and overall.
- `GET /districts/{ags}?year=` – one district: its cells, its total and the sentences.

Public, like the pages: the survey's figures appear only for cells over at least five
companies (null otherwise), and every total is the sum of the published cells (anonymity.py).
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from pydantic import Field

from clusterwerk.actors.models import District
from clusterwerk.core.api import error_responses
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.skills.anonymity import Total
from clusterwerk.skills.exports import cell_record, total_record
from clusterwerk.skills.matrix import build_matrix, district_summary

router = Router(tags=["Fachkräftematrix: Matrix"])

READ_ERRORS = error_responses(404, 422)


class SkillsYearIn(Schema):
    year: int | None = Field(
        default=None, ge=2000, le=2100, description="Jahr der Befragung (Standard: die letzte)."
    )


class SkillsMatrixCellOut(Schema):
    occupation: str = Field(description="KldB-2010-Schlüssel.")
    occupation_title: str
    district: str = Field(description="Kreisschlüssel (AGS).")
    district_name: str
    official_verdict: str | None = Field(
        description="Engpassanalyse: shortage, watch, none (oder null ohne Bewertung)."
    )
    companies: int | None = Field(description="Antwortende Betriebe; null unter fünf.")
    employees: int | None
    openings_12: int | None
    openings: int | None = Field(description="Offene Stellen in 36 Monaten.")
    retirements: int | None = Field(description="Ruhestand in fünf Jahren.")
    supply: int = Field(description="Auszubildende/Studierende und Absolvent/innen.")
    light: str = Field(description="Ampel: red, amber, green, grey.")
    trend: str | None = Field(description="Bedarf gegenüber der vorigen Befragung: up, down, same.")


class SkillsMatrixTotalOut(Schema):
    cells: int = Field(description="Veröffentlichte Zellen, über die summiert ist.")
    companies: int
    employees: int
    openings_12: int
    openings: int
    retirements: int
    supply: int


class SkillsMatrixKeyedTotalOut(SkillsMatrixTotalOut):
    key: str = Field(description="KldB-Schlüssel oder AGS.")


class SkillsMatrixOut(Schema):
    year: int | None
    previous_year: int | None
    cells: list[SkillsMatrixCellOut]
    by_occupation: list[SkillsMatrixKeyedTotalOut]
    by_district: list[SkillsMatrixKeyedTotalOut]
    total: SkillsMatrixTotalOut


class SkillsDistrictOut(Schema):
    ags: str
    name: str
    year: int | None
    sentences: list[str]
    cells: list[SkillsMatrixCellOut]
    total: SkillsMatrixTotalOut


@router.get("/matrix", response={200: SkillsMatrixOut, **READ_ERRORS})
def matrix(request, params: Query[SkillsYearIn]):
    built = build_matrix(request_cluster(request), params.year)
    return {
        "year": built.year,
        "previous_year": built.previous_year,
        "cells": [cell_record(c) for c in built.cells],
        "by_occupation": [
            {"key": o.code, **total_record(built.totals_by_occupation[o.pk])}
            for o in built.occupations
        ],
        "by_district": [
            {"key": d.ags, **total_record(built.totals_by_district[d.pk])} for d in built.districts
        ],
        "total": total_record(built.total),
    }


@router.get("/districts/{ags}", response={200: SkillsDistrictOut, **READ_ERRORS})
def district(
    request,
    params: Query[SkillsYearIn],
    ags: str = Path(..., pattern=r"^\d{5}$", description="Kreisschlüssel (AGS)."),
):
    cluster = request_cluster(request)
    found = District.objects.filter(ags=ags).first()
    if found is None:
        raise Http404(_("Diesen Kreis gibt es nicht."))
    built = build_matrix(cluster, params.year)
    total = built.totals_by_district.get(found.pk)
    return {
        "ags": found.ags,
        "name": found.name,
        "year": built.year,
        "sentences": district_summary(cluster, found, built.year, matrix=built),
        "cells": [cell_record(c) for c in built.cells if c.district.pk == found.pk],
        "total": total_record(total or Total()),
    }
