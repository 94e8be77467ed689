"""The bodies' API: meetings, decisions, action items (mounted at /api/v1/governance/).

- `GET /bodies/{slug}/meetings` – the body's meetings (members and management; 404 else).
- `GET /meetings/{id}` – a meeting with agenda, decisions, action items, attendance counts.
- `POST /meetings/{id}/response` – the member's Zusage/Absage.
- `GET /decisions` – the published decisions of the cluster's public bodies.
- `GET /action-items` – open action items the caller sees (management: all of the cluster;
  members: those of their bodies); `?mine=true` only their own, `?overdue=true` only overdue.
- `PATCH /action-items/{id}` – the status (owner or management), with `version`.

The same funnels and services as the pages: a meeting, decision or action item of another
cluster, or of a body the caller is no member of, is 404; 422 with the German reasons."""

from django.urls import reverse
from django.utils import timezone
from ninja import Path, Query, Router

from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.governance import queries
from clusterwerk.governance.linked import LINKED, linked
from clusterwerk.governance.models import ActionItem, Decision, Meeting, Response
from clusterwerk.governance.permissions import membership
from clusterwerk.governance.schemas_meetings import (
    GovernanceActionItemConflictOut,
    GovernanceActionItemOut,
    GovernanceActionItemPatchIn,
    GovernanceDecisionOut,
    GovernanceMeetingDetailOut,
    GovernanceMeetingOut,
    GovernanceResponseIn,
    GovernanceResponseOut,
)
from clusterwerk.governance.services import actions as action_services
from clusterwerk.governance.services import meetings as meeting_services
from clusterwerk.masterplan.queries import get_published_edition, topic_catalogue

router = Router(tags=["Gremien: Sitzungen"])

Slug = Path(..., max_length=80, description="Kürzel des Gremiums.")
Id = Path(..., ge=1, le=2**31 - 1, description="Kennung.")
READ_ERRORS = error_responses(401, 404, 422)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 422)


def meeting_dict(meeting: Meeting) -> dict:
    args = [meeting.body.slug, meeting.pk]
    return {
        "id": meeting.pk,
        "body": meeting.body.slug,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "online_url": meeting.online_url,
        "status": meeting.status,
        "status_label": str(meeting.get_status_display()),
        "invitations_sent_at": meeting.invitations_sent_at,
        "version": meeting.version,
        "url": reverse("governance:meeting", args=args),
        "ics_url": reverse("governance:meeting-ics", args=args),
    }


def _links(obj, catalogue, edition) -> list[dict]:
    return [
        {"kind": link["key"], "label": link["label"], "url": link["url"]}
        for link in linked(obj, catalogue, edition)
    ]


def decision_dict(decision: Decision, catalogue, edition) -> dict:
    meeting = decision.meeting
    return {
        "id": decision.pk,
        "meeting": meeting.pk,
        "body": meeting.body.slug,
        "date": queries.meeting_day(meeting),
        "kind": decision.kind,
        "kind_label": str(decision.get_kind_display()),
        "text": decision.text,
        "mode": decision.mode,
        "votes_yes": decision.votes_yes,
        "votes_no": decision.votes_no,
        "votes_abstain": decision.votes_abstain,
        "is_published": decision.is_published,
        "published_at": decision.published_at,
        "agenda_item": decision.agenda_item.order if decision.agenda_item_id else None,
        "resulting_proposal": decision.resulting_proposal_id,
        "links": _links(decision, catalogue, edition),
        "url": reverse("governance:decision", args=[decision.pk]),
    }


def action_dict(item: ActionItem, user, today) -> dict:
    return {
        "id": item.pk,
        "meeting": item.meeting_id,
        "body": item.meeting.body.slug,
        "title": item.title,
        "description": item.description,
        "owner_name": item.owner_name,
        "is_mine": bool(user.is_authenticated and item.owner_id == user.pk),
        "due_on": item.due_on,
        "status": item.status,
        "status_label": str(item.get_status_display()),
        "overdue": item.is_overdue(today),
        "done_at": item.done_at,
        "version": item.version,
    }


@router.get(
    "/bodies/{slug}/meetings",
    auth=session_auth,
    response={200: list[GovernanceMeetingOut], **READ_ERRORS},
    summary="Sitzungen eines Gremiums",
    description="Nur für Mitglieder des Gremiums und das Clustermanagement (sonst 404).",
)
def list_meetings(request, slug: str = Slug):
    body = queries.get_body_for_user(request.user, request_cluster(request), slug, space=True)
    return [meeting_dict(meeting) for meeting in body.meetings.select_related("body")]


@router.get(
    "/meetings/{meeting_id}",
    auth=session_auth,
    response={200: GovernanceMeetingDetailOut, **READ_ERRORS},
    summary="Sitzung",
    description="Tagesordnung (mit verknüpften Themenbereichen, Projekten, Vorschlägen, "
    "Foresight-Items, Veranstaltungen), Protokoll, Beschlüsse, Aufgaben und Zahlen der "
    "Rückmeldungen und der Anwesenheit.",
)
def get_meeting(request, meeting_id: int = Id):
    cluster = request_cluster(request)
    meeting = queries.get_meeting_by_pk_for_user(request.user, cluster, meeting_id)
    catalogue, edition = topic_catalogue(cluster), get_published_edition(cluster)
    attendance = list(meeting.attendance.all())
    me = membership(request.user, meeting.body)
    mine = next((row for row in attendance if me and row.member_id == me.pk), None)
    today = timezone.localdate()
    return {
        **meeting_dict(meeting),
        "minutes": meeting.minutes,
        "agenda": [
            {
                "id": item.pk,
                "order": item.order,
                "title": item.title,
                "description": item.description,
                "presenter": item.presenter,
                "links": _links(item, catalogue, edition),
            }
            for item in meeting.agenda.select_related(*LINKED)
        ],
        "decisions": [
            decision_dict(decision, catalogue, edition)
            for decision in meeting.decisions.select_related(
                *LINKED, "agenda_item", "meeting__body"
            )
        ],
        "action_items": [
            action_dict(item, request.user, today)
            for item in meeting.action_items.select_related("meeting__body")
        ],
        "attendance": {
            "invited": len(attendance),
            "accepted": sum(1 for row in attendance if row.response == Response.ACCEPTED),
            "declined": sum(1 for row in attendance if row.response == Response.DECLINED),
            "open": sum(1 for row in attendance if row.response == Response.OPEN),
            "present": sum(1 for row in attendance if row.present),
        },
        "my_response": (mine.response if mine else Response.OPEN) if me else None,
    }


@router.post(
    "/meetings/{meeting_id}/response",
    auth=session_auth,
    response={200: GovernanceResponseOut, **WRITE_ERRORS},
    summary="Zu- oder Absage zu einer Sitzung",
    description="Für Mitglieder des Gremiums, bis die Sitzung beginnt; 403 für andere, 422 "
    "mit dem Grund (z. B. Sitzung abgesagt oder begonnen).",
)
def respond(request, payload: GovernanceResponseIn, meeting_id: int = Id):
    cluster = request_cluster(request)
    meeting = queries.get_meeting_by_pk_for_user(request.user, cluster, meeting_id)
    row = meeting_services.respond(
        user=request.user, cluster=cluster, meeting=meeting, response=payload.response
    )
    return {
        "meeting": meeting.pk,
        "response": row.response,
        "response_label": str(row.get_response_display()),
    }


@router.get(
    "/decisions",
    response={200: list[GovernanceDecisionOut]},
    summary="Veröffentlichte Beschlüsse",
    description="Die veröffentlichten Beschlüsse und Empfehlungen der öffentlichen Gremien "
    "des Clusters, neueste zuerst.",
)
def list_decisions(request):
    cluster = request_cluster(request)
    catalogue, edition = topic_catalogue(cluster), get_published_edition(cluster)
    decisions = queries.published_decisions(cluster).select_related(*LINKED, "agenda_item")
    return [decision_dict(decision, catalogue, edition) for decision in decisions]


@router.get(
    "/action-items",
    auth=session_auth,
    response={200: list[GovernanceActionItemOut], **error_responses(401, 422)},
    summary="Offene Aufgaben",
    description="Die offenen Aufgaben, die Sie sehen (Clustermanagement: alle des Clusters; "
    "Mitglieder: die ihrer Gremien); überfällige zuerst.",
)
def list_action_items(request, overdue: bool = Query(False), mine: bool = Query(False)):
    cluster = request_cluster(request)
    today = timezone.localdate()
    if overdue:
        items = queries.overdue_action_items(request.user, cluster, today)
    else:
        items = queries.open_action_items(request.user, cluster)
    if mine:
        items = items.filter(owner=request.user)
    rows = [action_dict(item, request.user, today) for item in items.order_by("due_on", "id")]
    return sorted(rows, key=lambda row: not row["overdue"])


@router.patch(
    "/action-items/{item_id}",
    auth=session_auth,
    response={
        200: GovernanceActionItemOut,
        **error_responses(400, 401, 403, 404, 409, 422, conflict=GovernanceActionItemConflictOut),
    },
    summary="Stand einer Aufgabe ändern",
    description="Die verantwortliche Person oder das Clustermanagement; `version` wie zuletzt "
    "gelesen (409, wenn inzwischen geändert). `done` vermerkt, wann.",
)
def patch_action_item(request, payload: GovernanceActionItemPatchIn, item_id: int = Id):
    cluster = request_cluster(request)
    item = queries.get_action_item_for_user(request.user, cluster, item_id)
    item = action_services.set_action_status(
        user=request.user,
        cluster=cluster,
        item=item,
        status=payload.status,
        version=payload.version,
    )
    return action_dict(item, request.user, timezone.localdate())
