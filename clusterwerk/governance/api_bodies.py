"""The bodies' API (mounted at /api/v1/governance/, see api.py): the visible bodies with
their current members and published decisions; for the body's members and the management the
documents and the discussion of the members-only space (404 for everyone else, like the
pages); the member's own badge choice.

Reads and writes go through `queries.get_body_for_user` and the services; refusals are 4xx
with German reasons, never 500."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Status

from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.governance import queries
from clusterwerk.governance.models import Body, BodyMember, MemberFunction, Post
from clusterwerk.governance.permissions import membership
from clusterwerk.governance.schemas_bodies import (
    GovernanceBadgeIn,
    GovernanceBadgeOut,
    GovernanceBodyDetailOut,
    GovernanceBodyOut,
    GovernanceDocumentOut,
    GovernancePostIn,
    GovernancePostOut,
)
from clusterwerk.governance.services import bodies as body_services
from clusterwerk.governance.services import space as space_services
from clusterwerk.governance.views.bodies import function_rank

router = Router(tags=["Gremien"])


def _member_dict(member: BodyMember) -> dict:
    return {
        "name": member.name,
        "function": member.function,
        "function_label": str(member.get_function_display()),
        "organisation": member.actor.name if member.actor_id else None,
        "actor_id": member.actor_id,
        "sector": member.sector,
        "sector_label": str(member.get_sector_display()) if member.sector else "",
        "term_start": member.term_start,
        "term_end": member.term_end,
    }


def _body_dict(body: Body, members: list[BodyMember]) -> dict:
    return {
        "slug": body.slug,
        "kind": body.kind,
        "kind_label": str(body.get_kind_display()),
        "name": body.name,
        "name_en": body.name_en,
        "description": body.description,
        "description_en": body.description_en,
        "is_public": body.is_public,
        "is_demo": body.is_demo,
        "chairs": [m.name for m in members if m.function == MemberFunction.CHAIR],
        "member_count": len(members),
        "url": body.get_absolute_url(),
    }


def _post_dict(post: Post) -> dict:
    return {
        "id": post.pk,
        "author": post.author.public_name if post.author_id else None,
        "text": post.text,
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "reply_to": post.reply_to_id,
    }


@router.get(
    "/bodies",
    response={200: list[GovernanceBodyOut]},
    summary="Gremien des Clusters",
    description="Die Gremien, die Sie sehen dürfen (öffentlich: die öffentlichen; Mitglieder "
    "zusätzlich ihre Gremien; Clustermanagement: alle), mit Vorsitz und Zahl der Mitglieder.",
)
def list_bodies(request):
    cluster = request_cluster(request)
    result = []
    for body in queries.with_current_members(queries.visible_bodies(request.user, cluster)):
        members = sorted(body.current, key=function_rank)
        result.append(_body_dict(body, members))
    return result


@router.get(
    "/bodies/{slug}",
    response={200: GovernanceBodyDetailOut, **error_responses(404, 422)},
    summary="Ein Gremium",
    description="Name, Aufgabe, aktuelle Mitglieder (Vorsitz zuerst) und veröffentlichte "
    "Beschlüsse. Ein Gremium, das Sie nicht sehen dürfen, gibt es für Sie nicht (404).",
)
def get_body(request, slug: str):
    cluster = request_cluster(request)
    body = queries.get_body_for_user(request.user, cluster, slug)
    members = sorted(queries.current_members(body), key=function_rank)
    decisions = queries.published_decisions(cluster).filter(meeting__body=body)
    return {
        **_body_dict(body, members),
        "members": [_member_dict(m) for m in members],
        "decisions": [
            {
                "id": d.pk,
                "kind": d.kind,
                "text": d.text,
                "mode": d.mode,
                "mode_label": str(d.get_mode_display()),
                "date": d.meeting.starts_at.date(),
                "published_at": d.published_at,
            }
            for d in decisions
        ],
    }


@router.get(
    "/bodies/{slug}/documents",
    response={200: list[GovernanceDocumentOut], **error_responses(404, 422)},
    summary="Dokumente eines Gremiums",
    description="Die Dokumente des internen Bereichs und der Sitzungen – nur für Mitglieder "
    "des Gremiums und das Clustermanagement (allen anderen: 404).",
)
def list_documents(request, slug: str):
    body = queries.get_body_for_user(request.user, request_cluster(request), slug, space=True)
    return [
        {
            "id": d.pk,
            "title": d.title,
            "filename": d.filename,
            "size": d.size,
            "meeting_id": d.meeting_id,
            "uploaded_at": d.uploaded_at,
            "url": reverse("governance:document", args=[body.slug, d.pk]),
        }
        for d in body.documents.defer("content")
    ]


@router.get(
    "/bodies/{slug}/posts",
    response={200: list[GovernancePostOut], **error_responses(404, 422)},
    summary="Diskussion eines Gremiums",
    description="Die Beiträge des internen Bereichs in zeitlicher Folge – nur für Mitglieder "
    "des Gremiums und das Clustermanagement (allen anderen: 404).",
)
def list_posts(request, slug: str):
    body = queries.get_body_for_user(request.user, request_cluster(request), slug, space=True)
    return [_post_dict(p) for p in body.posts.select_related("author")]


@router.post(
    "/bodies/{slug}/posts",
    auth=session_auth,
    response={201: GovernancePostOut, **error_responses(400, 401, 403, 404, 422)},
    summary="In der Diskussion schreiben",
    description="Ein Beitrag oder eine Antwort (`reply_to`) – Mitglieder des Gremiums und das "
    "Clustermanagement.",
)
def create_post(request, slug: str, payload: GovernancePostIn):
    cluster = request_cluster(request)
    body = queries.get_body_for_user(request.user, cluster, slug, space=True)
    reply_to = None
    if payload.reply_to is not None:
        reply_to = body.posts.filter(pk=payload.reply_to).first()
        if reply_to is None:
            raise Http404(_("Diesen Beitrag gibt es nicht."))
    created = space_services.post(
        user=request.user, cluster=cluster, body=body, text=payload.text, reply_to=reply_to
    )
    return Status(201, _post_dict(created))


@router.put(
    "/bodies/{slug}/members/me/badge",
    auth=session_auth,
    response={200: GovernanceBadgeOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Eigene Funktion in Beteiligungen zeigen",
    description="Ob bei Ihren Beiträgen in Beteiligungen Ihre Funktion im Gremium steht – nur "
    "für aktive Mitglieder, jede und jeder für sich.",
)
def set_badge(request, slug: str, payload: GovernanceBadgeIn):
    cluster = request_cluster(request)
    body = queries.get_body_for_user(request.user, cluster, slug, space=True)
    own = membership(request.user, body)
    if own is None:
        raise Http404(_("Sie sind kein Mitglied dieses Gremiums."))
    member = body_services.set_badge_choice(
        user=request.user, cluster=cluster, member=own, show=payload.show
    )
    return {"show": member.show_badge, "badge": member.badge}
