"""The front door's REST API, mounted below the actors API at /api/actors/claims.

A logged-in person claims an organisation of the request's cluster and lists their claims; the
cluster's management lists what is pending and approves or rejects. Everything goes through
`services.joining` (which checks the permission for the request's cluster again); errors leave
as `{"detail": …}` (`config/api.py`).
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.actors.models import Actor, Claim
from clusterwerk.actors.queries import claims_of_user, get_claim_for_manager, pending_claims
from clusterwerk.actors.services import joining
from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster

router = Router(tags=["Zuordnung"])

ClaimId = Path(..., description="Kennung des Zuordnungsantrags.")


class ClaimIn(Schema):
    actor: int = Field(description="Kennung der Organisation im Akteursverzeichnis.")
    message: str = Field("", max_length=2000, description="Nachricht an das Clustermanagement.")


class ClaimDecisionIn(Schema):
    reason: str = Field("", max_length=2000, description="Begründung (bei Ablehnung nötig).")


class ClaimOut(Schema):
    id: int
    actor: int = Field(description="Kennung der Organisation.")
    actor_name: str
    kind: str = Field(description="existing: bestehende Organisation; new: neu angemeldet.")
    status: str = Field(description="pending, approved, rejected oder withdrawn.")
    message: str
    reason: str
    created_at: datetime
    decided_at: datetime | None


class ManagerClaimOut(ClaimOut):
    email: str = Field(description="E-Mail-Adresse der Person.")
    domain_matches: bool = Field(
        description="Hinweis: eine bestätigte E-Mail-Domain der Person ist die Domain der "
        "Website der Organisation (keine Prüfung, keine automatische Freigabe)."
    )


def claim_out(claim: Claim, *, manager: bool = False) -> dict:
    body = {
        "id": claim.pk,
        "actor": claim.actor_id,
        "actor_name": claim.actor.name,
        "kind": claim.kind,
        "status": claim.status,
        "message": claim.message,
        "reason": claim.reason,
        "created_at": claim.created_at,
        "decided_at": claim.decided_at,
    }
    if manager:
        body.update(email=claim.user.email, domain_matches=claim.domain_matches)
    return body


@router.post(
    "",
    auth=session_auth,
    response={201: ClaimOut, **error_responses(400, 401, 403, 409, 422)},
    summary="Zuordnung beantragen",
    description="Beantragt, eine Organisation des Verzeichnisses zu vertreten. 422, wenn Sie "
    "sie schon vertreten, schon einen offenen Antrag haben oder sie archiviert ist.",
)
def create_claim(request, payload: ClaimIn):
    cluster = request_cluster(request)
    claim = joining.submit_claim(
        user=request.user, cluster=cluster, actor=Actor(pk=payload.actor), message=payload.message
    )
    return Status(201, claim_out(claim))


@router.get(
    "/mine",
    auth=session_auth,
    response={200: list[ClaimOut], **error_responses(401)},
    summary="Meine Zuordnungsanträge",
)
def my_claims(request):
    cluster = request_cluster(request)
    return [claim_out(claim) for claim in claims_of_user(request.user, cluster)]


@router.get(
    "/pending",
    auth=session_auth,
    response={200: list[ManagerClaimOut], **error_responses(401, 403)},
    summary="Offene Zuordnungsanträge",
    description="Für das Clustermanagement: die offenen Anträge des Clusters, älteste zuerst.",
)
def list_pending(request):
    cluster = request_cluster(request)
    if not manages_cluster(request.user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement sieht die Zuordnungsanträge."))
    return [claim_out(claim, manager=True) for claim in pending_claims(cluster)]


@router.post(
    "/{int:claim_id}/approve",
    auth=session_auth,
    response={200: ManagerClaimOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Zuordnungsantrag annehmen",
)
def approve(request, payload: ClaimDecisionIn | None = None, claim_id: int = ClaimId):
    cluster = request_cluster(request)
    claim = get_claim_for_manager(request.user, cluster, claim_id)
    claim = joining.approve_claim(
        claim=claim, user=request.user, cluster=cluster, reason=payload.reason if payload else ""
    )
    return claim_out(claim, manager=True)


@router.post(
    "/{int:claim_id}/reject",
    auth=session_auth,
    response={200: ManagerClaimOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Zuordnungsantrag ablehnen",
    description="Lehnt ab; `reason` ist nötig und geht per E-Mail an die Person.",
)
def reject(request, payload: ClaimDecisionIn, claim_id: int = ClaimId):
    cluster = request_cluster(request)
    claim = get_claim_for_manager(request.user, cluster, claim_id)
    claim = joining.reject_claim(
        claim=claim, user=request.user, cluster=cluster, reason=payload.reason
    )
    return claim_out(claim, manager=True)
