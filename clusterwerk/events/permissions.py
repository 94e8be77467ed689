"""Who may do what with events – always in one cluster, the request's.

- Published (and held, documented, cancelled) public events are visible to everybody; a
  members-only event to the members of its cluster (`accounts.permissions.is_cluster_member`),
  its organisers and the cluster management. Drafts only to those who manage the event.
- The cluster management of the event's cluster manages every event of its cluster: creates,
  edits, publishes, cancels, documents, sees registrations, checks people in, plans B2B days.
- Representatives of a co-organising actor manage that event and only that one (not the
  cluster's other events, not new events).
- Anybody with an account registers for an event they can see, while registration is open.
Managing one cluster gives no right in another.
"""

from clusterwerk.accounts.permissions import (
    has_all_rights,
    is_authenticated,
    is_cluster_member,
    manages_cluster,
    represented_actor_ids,
)
from clusterwerk.events.models import VISIBLE_STATUSES, Event


def can_create_events(user, cluster) -> bool:
    return is_authenticated(user) and (has_all_rights(user) or manages_cluster(user, cluster))


def is_co_organiser(user, event: Event) -> bool:
    represented = represented_actor_ids(user)
    if not represented:
        return False
    return event.organisers.filter(actor_id__in=represented).exists()


def can_manage_event(user, event: Event) -> bool:
    """Edits, publishes, cancels and documents the event, sees and checks in its participants."""
    if not is_authenticated(user):
        return False
    if has_all_rights(user) or manages_cluster(user, event.cluster_id):
        return True
    return is_co_organiser(user, event)


def can_view_event(user, event: Event) -> bool:
    if event.status in VISIBLE_STATUSES:
        if event.is_public:
            return True
        if is_authenticated(user) and is_cluster_member(user, event.cluster_id):
            return True
    return can_manage_event(user, event)
