"""Who may see and change actors and their contact persons, always for one cluster (the
request's, `core.tenancy.request_cluster`).

- The directory of a cluster: the actors that belong to it (`ClusterMembership`) and those that
  belong to no cluster yet. Published actors are public; drafts and archived ones only for the
  managers of that cluster.
- A manager of the cluster creates (the new actor joins the cluster), edits directly, reviews,
  merges and archives the actors of its directory – and nothing outside it.
- A representative of an actor (a user linked to it) proposes changes to that actor only;
  they go to review.
- Contact persons: the cluster's management sees all of its directory; the actor's
  representatives and the person themself see theirs; everybody else only with consent and as
  the visibility allows (members = members of the cluster, `accounts.permissions`).
"""

from django.db.models import Exists, OuterRef, Q

from clusterwerk.accounts.permissions import (
    is_authenticated,
    manages_cluster,
    represented_actor_ids,
)
from clusterwerk.actors.models import ClusterMembership


def directory_condition(cluster, *, actor_field: str = "pk") -> Q:
    """The actors in `cluster`'s directory (members of it, or of no cluster), as a filter on
    Actor (`actor_field="pk"`) or on a model pointing to one (`actor_field="actor_id"`)."""
    memberships = ClusterMembership.objects.filter(actor_id=OuterRef(actor_field))
    return Q(Exists(memberships.filter(cluster=cluster))) | ~Q(Exists(memberships))


def in_directory(actor, cluster) -> bool:
    clusters = set(actor.memberships.values_list("cluster_id", flat=True))
    return not clusters or cluster.pk in clusters


def can_manage_actor(user, actor, cluster) -> bool:
    """Manages `cluster` and the actor is in its directory."""
    if not is_authenticated(user) or cluster is None:
        return False
    return manages_cluster(user, cluster) and in_directory(actor, cluster)


def represents(user, actor) -> bool:
    return actor.pk in represented_actor_ids(user)


def can_edit_actor(user, actor, cluster) -> bool:
    """May open the edit form: managers save directly, representatives propose."""
    return can_manage_actor(user, actor, cluster) or represents(user, actor)
