"""Who may do what with the cluster's bodies – always in one cluster, the request's.

- The cluster management runs the bodies: configures them, keeps their members, prepares and
  documents meetings (agenda, documents, invitations, attendance, minutes), records decisions
  and action items, publishes decisions, turns recommendations into proposals.
- A member (an active `BodyMember` with the user's account) opens the body's members-only
  space: meetings, documents, minutes, decisions, action items, the discussion. Members post
  in the discussion, upload documents to the space, answer invitations, update their own
  action items and choose whether their function shows in consultations.
- Everyone (also without an account) sees a public body's name, task, members and chair and
  its published decisions – never meetings, documents, the discussion or action items.
A role in another cluster gives nothing here; a body of another cluster is 404.
"""

from clusterwerk.accounts.permissions import has_all_rights, is_authenticated, manages_cluster
from clusterwerk.governance.models import ActionItem, Body, BodyMember, in_term


def manages_bodies(user, cluster) -> bool:
    return is_authenticated(user) and (has_all_rights(user) or manages_cluster(user, cluster))


def active_memberships(user, cluster=None):
    """The user's memberships whose term includes today (of one cluster's bodies, or all)."""
    if not is_authenticated(user):
        return BodyMember.objects.none()
    members = BodyMember.objects.filter(in_term(), user=user)
    if cluster is not None:
        members = members.filter(body__cluster=cluster)
    return members


def membership(user, body: Body) -> BodyMember | None:
    """The user's active membership in the body, or None. Cached on the user per request."""
    if not is_authenticated(user):
        return None
    cache = getattr(user, "_body_memberships", None)
    if cache is None:
        cache = user._body_memberships = {}
    if body.pk not in cache:
        cache[body.pk] = active_memberships(user).filter(body=body).select_related("body").first()
    return cache[body.pk]


def forget_membership_cache(user) -> None:
    if hasattr(user, "_body_memberships"):
        del user._body_memberships


def can_enter_space(user, body: Body) -> bool:
    """The members-only space: the body's active members and the cluster management."""
    return manages_bodies(user, body.cluster) or membership(user, body) is not None


def can_manage_body(user, body: Body) -> bool:
    return manages_bodies(user, body.cluster)


def can_see_body(user, body: Body) -> bool:
    """The body's public page (name, task, members, published decisions)."""
    return body.is_public or can_enter_space(user, body)


def can_update_action_item(user, item: ActionItem) -> bool:
    """Status of an action item: its owner and the management."""
    if manages_bodies(user, item.meeting.body.cluster):
        return True
    return is_authenticated(user) and item.owner_id == user.pk
