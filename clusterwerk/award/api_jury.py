"""The innovation prize's API: jury (mounted at /api/v1/award/, see api.py).

- `GET /editions/{year}/jury`: the jurors (management).
- `GET /editions/{year}/conflicts`: the conflicts with source, kind, evidence (management;
  without those of applications hidden from the caller by a conflict of their own).
- `POST /conflicts/{id}/decide`: pin or dismiss with a reason (management).
- `POST /editions/{year}/assignment`: run the solver (management).
- `GET /editions/{year}/my-assignments`: the caller's reviews as a juror – only applications
  they may see (from the scoring phase on, never a conflicted one), nothing before the
  confidentiality declaration.
"""

import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema

from clusterwerk.award import queries
from clusterwerk.award.models import Conflict, JuryMember
from clusterwerk.award.services import assignment as assignment_services
from clusterwerk.award.services import jury as services
from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster

router = Router()

MAX_ID = 2**63 - 1
Year = Path(..., ge=2000, le=2100, description="Jahr des Preisjahrgangs.")
ConflictId = Path(..., ge=1, le=MAX_ID, description="Kennung der Befangenheit.")
READ_ERRORS = error_responses(401, 403, 404, 422)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 422)


class JurorOut(Schema):
    id: int
    name: str
    email: str
    affiliation_id: int | None
    affiliation: str
    function: str
    is_chair: bool
    confidentiality_accepted_at: datetime.datetime | None


class JuryConflictOut(Schema):
    id: int
    jury_member_id: int
    juror: str
    application_id: int
    application_title: str
    kind: str
    kind_label: str
    source: str
    source_label: str
    evidence: str
    status: str
    status_label: str
    reason: str
    decided_at: datetime.datetime | None


class DecideIn(Schema):
    pin: bool = Field(..., description="true: bestätigen; false: verwerfen.")
    reason: str = Field(..., max_length=2000, description="Begründung (Pflicht).")


class AssignmentOut(Schema):
    created: int
    removed: int
    kept: int
    warnings: list[str]
    loads: dict[int, int] = Field(..., description="Bewertungen je Jurymitglied (Kennung).")


class MyAssignmentOut(Schema):
    review_id: int
    application_id: int
    application_uid: str
    title: str
    status: str
    status_label: str


def _juror_dict(member: JuryMember) -> dict:
    return {
        "id": member.pk,
        "name": str(member.user),
        "email": member.user.email,
        "affiliation_id": member.affiliation_id,
        "affiliation": member.affiliation.name if member.affiliation else "",
        "function": member.function,
        "is_chair": member.is_chair,
        "confidentiality_accepted_at": member.confidentiality_accepted_at,
    }


def _conflict_dict(conflict) -> dict:
    return {
        "id": conflict.pk,
        "jury_member_id": conflict.jury_member_id,
        "juror": str(conflict.jury_member.user),
        "application_id": conflict.application_id,
        "application_title": conflict.application.title,
        "kind": conflict.kind,
        "kind_label": str(conflict.get_kind_display()),
        "source": conflict.source,
        "source_label": str(conflict.get_source_display()),
        "evidence": conflict.evidence,
        "status": conflict.status,
        "status_label": str(conflict.get_status_display()),
        "reason": conflict.reason,
        "decided_at": conflict.decided_at,
    }


def _managed(request, year):
    return queries.get_edition_for_user(request.user, request_cluster(request), year, manage=True)


@router.get(
    "/editions/{int:year}/jury",
    auth=session_auth,
    response={200: list[JurorOut], **READ_ERRORS},
    summary="Jury eines Jahrgangs (Clustermanagement)",
)
def jury(request, year: int = Year):
    edition = _managed(request, year)
    members = (
        JuryMember.objects.filter(edition=edition)
        .select_related("user", "affiliation")
        .order_by("-is_chair", "pk")
    )
    return [_juror_dict(member) for member in members]


@router.get(
    "/editions/{int:year}/conflicts",
    auth=session_auth,
    response={200: list[JuryConflictOut], **READ_ERRORS},
    summary="Befangenheiten eines Jahrgangs (Clustermanagement)",
)
def conflicts(request, year: int = Year):
    edition = _managed(request, year)
    return [_conflict_dict(c) for c in queries.conflicts_for_management(request.user, edition)]


@router.post(
    "/conflicts/{int:conflict_id}/decide",
    auth=session_auth,
    response={200: JuryConflictOut, **WRITE_ERRORS},
    summary="Befangenheit bestätigen oder verwerfen (Clustermanagement)",
    description="Mit Begründung (sonst 422). Bestätigen nimmt die Bewertung des "
    "Jurymitglieds für diese Bewerbung heraus.",
)
def decide(request, payload: DecideIn, conflict_id: int = ConflictId):
    cluster = request_cluster(request)
    edition_year = (
        Conflict.objects.filter(pk=conflict_id, jury_member__edition__cluster=cluster)
        .values_list("jury_member__edition__year", flat=True)
        .first()
    )
    if edition_year is None:
        raise Http404(_("Diese Befangenheit gibt es nicht."))
    edition = _managed(request, edition_year)
    conflict = (
        queries.conflicts_for_management(request.user, edition).filter(pk=conflict_id).first()
    )
    if conflict is None:
        raise Http404(_("Diese Befangenheit gibt es nicht."))
    decided = services.decide_conflict(
        user=request.user,
        cluster=cluster,
        conflict=conflict,
        pin=payload.pin,
        reason=payload.reason,
    )
    return _conflict_dict(decided)


@router.post(
    "/editions/{int:year}/assignment",
    auth=session_auth,
    response={200: AssignmentOut, **WRITE_ERRORS},
    summary="Bewertungen automatisch verteilen (Clustermanagement)",
    description="Behält begonnene, abgegebene und von Hand zugewiesene Bewertungen; Warnungen "
    "nennen Bewerbungen, die nicht genug Jurymitglieder ohne Befangenheit haben.",
)
def assign(request, year: int = Year):
    edition = _managed(request, year)
    result = assignment_services.assign_reviews(
        user=request.user, cluster=request_cluster(request), edition=edition
    )
    return {
        "created": result.created,
        "removed": result.removed,
        "kept": result.kept,
        "warnings": result.warnings,
        "loads": result.loads,
    }


@router.get(
    "/editions/{int:year}/my-assignments",
    auth=session_auth,
    response={200: list[MyAssignmentOut], **READ_ERRORS},
    summary="Meine Zuweisungen (Jury)",
    description="Ihre Bewertungen in diesem Jahrgang – ab der Bewertungsphase, ohne "
    "Bewerbungen, bei denen Sie befangen sind; leer, solange Sie die "
    "Vertraulichkeitserklärung nicht angenommen haben.",
)
def my_assignments(request, year: int = Year):
    edition = queries.get_edition_for_user(request.user, request_cluster(request), year)
    return [
        {
            "review_id": review.pk,
            "application_id": review.application_id,
            "application_uid": str(review.application.uid),
            "title": review.application.title,
            "status": review.status,
            "status_label": str(review.get_status_display()),
        }
        for review in queries.my_reviews(request.user, edition)
    ]
