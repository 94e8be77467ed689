"""The Fachkräftematrix API: Nachfolgebörse (mounted at /api/v1/skills/).

- `GET /succession/cases` – released cases, anonymised (`succession_queries.public_case`:
  never the company, the owner or an address); filters district, size, kind, until.
- `GET /succession/cases/{uid}` – one case; `company` only for the owner side, the chamber and
  the management; `contact` only for a searcher whose interest the owner agreed to.
- `POST /succession/cases/{uid}/interest` – a searcher's interest (goes to the chamber).
- `POST /succession/cases/{uid}/release` – the case's chamber releases it.
- `POST /succession/interests/{id}/check` – the chamber forwards or declines (with a note).
- `POST /succession/interests/{id}/answer` – the owner agrees or declines.
- `GET /succession/radar` – the chambers' k-anonymous counts.
Writes need the session; the services' German errors become 403/422.
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.skills import succession_queries as queries
from clusterwerk.skills.services import succession as services

router = Router(tags=["Fachkräftematrix: Nachfolgebörse"])

READ_ERRORS = error_responses(404, 422)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 422)
InterestId = Path(..., ge=1, le=2**63 - 1, description="Kennung des Interesses.")


class SkillsSuccessionCaseOut(Schema):
    uid: str
    title: str
    listing_text: str
    sector: str
    size_class: str
    size_class_label: str
    district: str = Field(description="Kreisschlüssel (AGS).")
    district_name: str
    exit_year: int
    kind: str
    kind_label: str
    status: str
    status_label: str
    released_at: datetime.datetime | None
    is_demo: bool


class SkillsSuccessionContactOut(Schema):
    role: str
    name: str
    email: str
    organisation: str


class SkillsSuccessionCaseDetailOut(SkillsSuccessionCaseOut):
    company: str | None = Field(
        description="Nur für Inhaber/in, zuständige Kammer und Clustermanagement."
    )
    contact: SkillsSuccessionContactOut | None = Field(
        description="Der Kontakt der Inhaberin/des Inhabers – erst nach deren Zustimmung."
    )


class SkillsSuccessionFilterIn(Schema):
    district: str | None = Field(default=None, pattern=r"^\d{5}$")
    size: str | None = Field(default=None, max_length=10)
    kind: str | None = Field(default=None, max_length=10)
    until: int | None = Field(default=None, ge=2000, le=2100)


class SkillsSuccessionInterestIn(Schema):
    profile_id: int | None = Field(
        default=None, ge=1, le=2**63 - 1, description="Ihr Profil; ohne Angabe Ihr einziges."
    )
    message: str = Field(max_length=5000)


class SkillsSuccessionInterestOut(Schema):
    id: int
    case: str
    status: str
    status_label: str
    contact: SkillsSuccessionContactOut | None


class SkillsSuccessionCheckIn(Schema):
    forward: bool
    note: str = Field(default="", max_length=5000)


class SkillsSuccessionAnswerIn(Schema):
    agree: bool


class SkillsSuccessionRadarRowOut(Schema):
    district: str
    district_name: str
    cells: list[int | None] = Field(description="Je Zeitraum; null = weniger als k Fälle.")
    total: int = Field(description="Summe der gezeigten Zellen.")


class SkillsSuccessionRadarOut(Schema):
    year: int
    k: int
    bands: list[str]
    rows: list[SkillsSuccessionRadarRowOut]
    band_totals: list[int]
    total: int


def _contact(contact) -> dict | None:
    return None if contact is None else contact.__dict__


def _interest_out(user, interest) -> dict:
    return {
        "id": interest.pk,
        "case": str(interest.case.uid),
        "status": interest.status,
        "status_label": str(interest.get_status_display()),
        "contact": _contact(queries.contact_for(user, interest)),
    }


@router.get(
    "/succession/cases",
    response={200: list[SkillsSuccessionCaseOut], **READ_ERRORS},
    summary="Freigegebene Nachfolgefälle (anonym)",
)
def list_cases(request, filters: Query[SkillsSuccessionFilterIn]):
    cases = queries.released_cases(request_cluster(request))
    if filters.district:
        cases = cases.filter(district__ags=filters.district)
    if filters.size:
        cases = cases.filter(size_class=filters.size)
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    if filters.until:
        cases = cases.filter(exit_year__lte=filters.until)
    return [queries.public_case(case) for case in cases[:500]]


@router.get(
    "/succession/cases/{uid}",
    response={200: SkillsSuccessionCaseDetailOut, **READ_ERRORS},
    summary="Ein Nachfolgefall",
)
def get_case(request, uid: uuid.UUID):
    user = request.user
    case = queries.get_case_for_user(user, request_cluster(request), uid)
    agreed = queries.agreed_interest_of(user, case)
    return {
        **queries.public_case(case),
        "company": case.company.name if queries.knows_identity(user, case) else None,
        "contact": _contact(queries.contact_for(user, agreed)) if agreed else None,
    }


@router.post(
    "/succession/cases/{uid}/interest",
    auth=session_auth,
    response={201: SkillsSuccessionInterestOut, **WRITE_ERRORS},
    summary="Interesse bekunden (geht an die Kammer)",
)
def post_interest(request, uid: uuid.UUID, payload: SkillsSuccessionInterestIn):
    cluster = request_cluster(request)
    case = queries.get_case_for_user(request.user, cluster, uid)
    profiles = queries.profiles_of(request.user, cluster)
    if payload.profile_id is not None:
        profile = profiles.filter(pk=payload.profile_id).first()
    else:
        profile = profiles.first() if profiles.count() == 1 else None
    if profile is None:
        raise ValidationError({"profile_id": _("Bitte geben Sie eines Ihrer Profile an.")})
    interest = services.express_interest(
        user=request.user, case=case, profile=profile, message=payload.message
    )
    return Status(201, _interest_out(request.user, interest))


@router.post(
    "/succession/cases/{uid}/release",
    auth=session_auth,
    response={200: SkillsSuccessionCaseOut, **WRITE_ERRORS},
    summary="Nachfolgefall freigeben (Kammer)",
)
def release(request, uid: uuid.UUID):
    case = queries.get_case_for_user(request.user, request_cluster(request), uid)
    return queries.public_case(services.release_case(user=request.user, case=case))


@router.post(
    "/succession/interests/{interest_id}/check",
    auth=session_auth,
    response={200: SkillsSuccessionInterestOut, **WRITE_ERRORS},
    summary="Interesse prüfen: weiterleiten oder ablehnen (Kammer)",
)
def check(request, payload: SkillsSuccessionCheckIn, interest_id: int = InterestId):
    interest = queries.get_interest_for_user(request.user, request_cluster(request), interest_id)
    interest = services.check_interest(
        user=request.user, interest=interest, forward=payload.forward, note=payload.note
    )
    return _interest_out(request.user, interest)


@router.post(
    "/succession/interests/{interest_id}/answer",
    auth=session_auth,
    response={200: SkillsSuccessionInterestOut, **WRITE_ERRORS},
    summary="Kontakt zustimmen oder ablehnen (Inhaber/in)",
)
def answer(request, payload: SkillsSuccessionAnswerIn, interest_id: int = InterestId):
    interest = queries.get_interest_for_user(request.user, request_cluster(request), interest_id)
    interest = services.answer_interest(user=request.user, interest=interest, agree=payload.agree)
    return _interest_out(request.user, interest)


@router.get(
    "/succession/radar",
    auth=session_auth,
    response={200: SkillsSuccessionRadarOut, **error_responses(401, 404)},
    summary="Nachfolge-Radar (Kammern, Clustermanagement)",
)
def radar(request):
    result = queries.succession_radar(request.user, request_cluster(request))
    return {
        "year": result.year,
        "k": result.k,
        "bands": [band.label for band in result.bands],
        "rows": [
            {
                "district": row.district_ags,
                "district_name": row.district_name,
                "cells": row.cells,
                "total": row.total,
            }
            for row in result.rows
        ],
        "band_totals": result.band_totals,
        "total": result.total,
    }
