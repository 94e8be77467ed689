"""Reads of events with their rules: which events a person sees in a cluster, the access
funnel for one event, and seat counts per contingent."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import (
    has_all_rights,
    is_authenticated,
    is_cluster_member,
    manages_cluster,
    represented_actor_ids,
)
from clusterwerk.events.models import (
    SEAT_STATUSES,
    VISIBLE_STATUSES,
    Event,
    RegistrationStatus,
    TicketType,
)
from clusterwerk.events.permissions import can_manage_event


def visible_events(user, cluster) -> QuerySet[Event]:
    """The events of `cluster` the user may see: published/held/documented/cancelled public
    ones for everybody, members-only ones for the cluster's members, and all events the user
    manages (the management: all of the cluster; co-organisers: theirs, drafts included)."""
    events = Event.objects.filter(cluster=cluster)
    if has_all_rights(user) or (is_authenticated(user) and manages_cluster(user, cluster)):
        return events
    shown = Q(status__in=VISIBLE_STATUSES)
    if not (is_authenticated(user) and is_cluster_member(user, cluster)):
        shown &= Q(is_public=True)
    represented = represented_actor_ids(user) if is_authenticated(user) else set()
    if represented:
        shown |= Q(organisers__actor_id__in=represented)
        return events.filter(pk__in=events.filter(shown).values("pk"))
    return events.filter(shown)


def get_event_for_user(user, cluster, slug: str, *, manage: bool = False) -> Event:
    """The access funnel for one event of `cluster`: 404 when the user may not see it (or it
    belongs to another cluster), 403 when `manage` and the user may not manage it."""
    try:
        event = (
            visible_events(user, cluster)
            .select_related("cluster", "series", "district")
            .get(slug=slug)
        )
    except (Event.DoesNotExist, ValueError):
        raise Http404(_("Diese Veranstaltung gibt es nicht oder sie ist nicht sichtbar.")) from None
    if manage and not can_manage_event(user, event):
        raise PermissionDenied(
            _("Nur das Clustermanagement und die Mitveranstalter verwalten diese Veranstaltung.")
        )
    return event


def get_event_by_pk_for_user(user, cluster, pk: int, *, manage: bool = False) -> Event:
    """The funnel by primary key (for the API)."""
    slug = Event.objects.filter(cluster=cluster, pk=pk).values_list("slug", flat=True).first()
    if slug is None:
        raise Http404(_("Diese Veranstaltung gibt es nicht oder sie ist nicht sichtbar."))
    return get_event_for_user(user, cluster, slug, manage=manage)


def ticket_types_with_counts(event: Event) -> QuerySet[TicketType]:
    """The event's contingents with `taken` (seats held: pending, confirmed, offered) and
    `waiting` (people on the waiting list)."""
    return event.ticket_types.annotate(
        taken=Count("registrations", filter=Q(registrations__status__in=SEAT_STATUSES)),
        waiting=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
    )
