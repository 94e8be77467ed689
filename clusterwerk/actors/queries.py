"""Reads with rules: which actors and contact persons a user may see, the access funnel."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from clusterwerk.actors.models import Actor, ActorStatus, ContactPerson, Visibility
from clusterwerk.actors.permissions import (
    can_edit_actor,
    is_authenticated,
    is_cluster_manager,
    is_cluster_member,
    managed_cluster_ids,
    represented_actor_ids,
)


def visible_actors(user) -> QuerySet[Actor]:
    """Published actors for everyone; cluster managers also see drafts and archived ones."""
    if is_cluster_manager(user):
        return Actor.objects.all()
    return Actor.objects.filter(status=ActorStatus.PUBLISHED)


def get_actor_for_user(user, pk: int, *, write: bool = False) -> Actor:
    """The access funnel for one actor: 404 when the user may not see it, 403 when `write`
    and the user may neither edit it nor propose changes."""
    try:
        actor = visible_actors(user).select_related("district", "growth_core").get(pk=pk)
    except Actor.DoesNotExist:
        raise Http404 from None
    if write and not can_edit_actor(user, actor):
        raise PermissionDenied
    return actor


def contact_visibility_condition(user) -> Q:
    """Which contact persons the user may see, as a filter on ContactPerson."""
    if is_authenticated(user) and user.is_superuser:
        return Q()
    allowed = [Visibility.PUBLIC]
    if is_cluster_member(user):
        allowed.append(Visibility.MEMBERS)
    condition = Q(consent=True, visibility__in=allowed)
    if not is_authenticated(user):
        return condition
    condition |= Q(user=user)
    represented = represented_actor_ids(user)
    if represented:
        condition |= Q(actor_id__in=represented)
    managed = managed_cluster_ids(user)
    if managed:
        condition |= Q(actor__memberships__cluster_id__in=managed) | Q(
            actor__memberships__isnull=True
        )
    return condition


def visible_contacts(user, actors=None) -> QuerySet[ContactPerson]:
    """Contact persons the user may see, of the given actors (queryset or ids) or all."""
    contacts = ContactPerson.objects.filter(contact_visibility_condition(user))
    if actors is not None:
        contacts = contacts.filter(actor__in=actors)
    return contacts.distinct().order_by("actor_id", "order", "id")
