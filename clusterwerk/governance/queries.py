"""Reads with rules and the access funnels every page and API operation of the bodies goes
through. A body of another cluster is 404, like a missing one; the members-only space of a
body is 404 for everyone but its members and the cluster management (a non-member learns
nothing about meetings, documents or decisions), writes the user may not do are 403."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.governance.models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    Body,
    BodyMember,
    Decision,
    Document,
    Meeting,
    MeetingStatus,
    in_term,
)
from clusterwerk.governance.permissions import (
    active_memberships,
    can_enter_space,
    can_manage_body,
    can_see_body,
    manages_bodies,
)

NOT_FOUND = "Dieses Gremium gibt es nicht."
MEMBERS_ONLY = "Nur für Mitglieder des Gremiums und das Clustermanagement."
MANAGEMENT_ONLY = "Gremien verwaltet das Clustermanagement."


def visible_bodies(user, cluster) -> QuerySet[Body]:
    """The cluster's bodies the user sees: public ones, those the user is an active member of,
    all for the management."""
    bodies = Body.objects.filter(cluster=cluster)
    if manages_bodies(user, cluster):
        return bodies
    member_of = active_memberships(user, cluster).values("body_id")
    return bodies.filter(Q(is_public=True) | Q(pk__in=member_of))


def get_body_for_user(user, cluster, slug: str, *, space: bool = False, manage: bool = False):
    """The body by slug in `cluster`. `space`: the members-only space (404 for non-members);
    `manage`: a management write (403 for a member or a visitor who sees the body)."""
    body = Body.objects.filter(cluster=cluster, slug=slug).select_related("cluster").first()
    if body is None or not can_see_body(user, body):
        raise Http404(_(NOT_FOUND))
    if (space or manage) and not can_enter_space(user, body):
        if manage and body.is_public and user.is_authenticated:
            raise PermissionDenied(_(MANAGEMENT_ONLY))
        raise Http404(_(MEMBERS_ONLY))
    if manage and not can_manage_body(user, body):
        raise PermissionDenied(_(MANAGEMENT_ONLY))
    return body


def get_meeting_for_user(user, cluster, slug: str, pk: int, *, manage: bool = False) -> Meeting:
    """A meeting of a body of `cluster`: members and management only (404 otherwise)."""
    body = get_body_for_user(user, cluster, slug, space=True, manage=manage)
    meeting = Meeting.objects.filter(body=body, pk=pk).select_related("body__cluster").first()
    if meeting is None:
        raise Http404(_("Diese Sitzung gibt es nicht."))
    return meeting


def get_meeting_by_pk_for_user(user, cluster, pk: int, *, manage: bool = False) -> Meeting:
    """The same funnel for the API, which names meetings by id only."""
    slug = (
        Meeting.objects.filter(body__cluster=cluster, pk=pk)
        .values_list("body__slug", flat=True)
        .first()
    )
    if slug is None:
        raise Http404(_("Diese Sitzung gibt es nicht."))
    return get_meeting_for_user(user, cluster, slug, pk, manage=manage)


def get_document_for_user(user, cluster, slug: str, pk: int, *, meeting_pk=None) -> Document:
    """A document of the body (the space's or a meeting's): the one funnel of every download.
    `meeting_pk`: addressed under that meeting (404 unless it belongs to it)."""
    body = get_body_for_user(user, cluster, slug, space=True)
    documents = Document.objects.filter(body=body, pk=pk)
    if meeting_pk is not None:
        documents = documents.filter(meeting_id=meeting_pk)
    document = documents.first()
    if document is None:
        raise Http404(_("Dieses Dokument gibt es nicht."))
    return document


def get_decision_for_user(user, cluster, pk: int, *, manage: bool = False) -> Decision:
    """A decision of `cluster`: published ones of a visible body for everyone, the others
    for members and management only."""
    decision = (
        Decision.objects.filter(meeting__body__cluster=cluster, pk=pk)
        .select_related("meeting__body__cluster", "resulting_proposal")
        .first()
    )
    if decision is None:
        raise Http404(_("Diesen Beschluss gibt es nicht."))
    body = decision.meeting.body
    if manage or not decision.is_published:
        get_body_for_user(user, cluster, body.slug, space=True, manage=manage)
    elif not can_see_body(user, body):
        raise Http404(_("Diesen Beschluss gibt es nicht."))
    return decision


def get_action_item_for_user(user, cluster, pk: int) -> ActionItem:
    item = (
        ActionItem.objects.filter(meeting__body__cluster=cluster, pk=pk)
        .select_related("meeting__body__cluster", "owner")
        .first()
    )
    if item is None:
        raise Http404(_("Diese Aufgabe gibt es nicht."))
    get_body_for_user(user, cluster, item.meeting.body.slug, space=True)
    return item


def with_current_members(bodies: QuerySet[Body]) -> QuerySet[Body]:
    """`bodies` with `body.current`: the members whose term includes today, with their
    organisation – one query for all bodies (lists and the public profile)."""
    return bodies.prefetch_related(
        Prefetch(
            "members",
            queryset=BodyMember.objects.filter(in_term()).select_related("actor", "user"),
            to_attr="current",
        )
    )


def current_members(body: Body, day=None) -> QuerySet[BodyMember]:
    """The body's members whose term includes `day` (today), chair first."""
    return body.members.filter(in_term(day)).select_related("actor", "user")


def meeting_day(meeting: Meeting) -> datetime.date:
    """The local day a meeting takes place on."""
    return timezone.localdate(meeting.starts_at)


def meeting_members(meeting: Meeting) -> QuerySet[BodyMember]:
    """The members of the meeting's body on the meeting's day (a body's terms follow each
    other: those invited, marked present or given an action item of a meeting are the
    members of that day, not of today)."""
    return current_members(meeting.body, meeting_day(meeting))


def published_decisions(cluster) -> QuerySet[Decision]:
    """Decisions made public, of the cluster's public bodies, newest first."""
    return (
        Decision.objects.filter(
            meeting__body__cluster=cluster, meeting__body__is_public=True, is_published=True
        )
        .select_related("meeting__body")
        .order_by("-meeting__starts_at", "-id")
    )


def open_action_items(user, cluster) -> QuerySet[ActionItem]:
    """Open action items the user sees: all of the cluster for the management, those of the
    user's bodies (and the user's own) for members."""
    items = ActionItem.objects.filter(
        meeting__body__cluster=cluster, status__in=OPEN_ACTION_STATUSES
    ).select_related("meeting__body__cluster", "owner")
    if manages_bodies(user, cluster):
        return items
    bodies = active_memberships(user, cluster).values("body_id")
    return items.filter(meeting__body_id__in=bodies)


def overdue_action_items(user, cluster, day=None) -> QuerySet[ActionItem]:
    day = day or timezone.localdate()
    return open_action_items(user, cluster).filter(due_on__lt=day).order_by("due_on", "id")


def upcoming_meetings_of(user, cluster, day=None) -> QuerySet[Meeting]:
    """Meetings of the user's bodies (active memberships in `cluster`) from `day` (today) on
    that are not cancelled, soonest first, with the body."""
    day = day or timezone.localdate()
    bodies = active_memberships(user, cluster).values("body_id")
    return (
        Meeting.objects.filter(body_id__in=bodies, starts_at__date__gte=day)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body")
        .order_by("starts_at", "id")
    )


def action_items_of(user, cluster) -> QuerySet[ActionItem]:
    """The user's own open action items in `cluster`, due first."""
    if not user.is_authenticated:
        return ActionItem.objects.none()
    return (
        ActionItem.objects.filter(
            meeting__body__cluster=cluster, owner=user, status__in=OPEN_ACTION_STATUSES
        )
        .select_related("meeting__body")
        .order_by("due_on", "id")
    )
