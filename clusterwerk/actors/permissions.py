"""Who may see and change actors and their contact persons.

- Published actors are public; drafts and archived actors only for cluster managers.
- A cluster manager (of any cluster the actor belongs to; of any cluster for an actor in none)
  creates, edits directly, reviews, merges and archives.
- A representative of an actor (a user linked to it) proposes changes to that actor only;
  they go to review.
- Contact persons: the cluster management sees all; the actor's representatives and the person
  themself see theirs; everybody else only with consent and as the visibility allows
  (members = users with a role in some cluster or representing some actor).
"""

from clusterwerk.accounts.models import Role, RoleAssignment


def is_authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def managed_cluster_ids(user) -> set[int]:
    """Ids of the clusters the user manages (superusers: all, as None is not a set)."""
    if not is_authenticated(user):
        return set()
    cached = getattr(user, "_managed_cluster_ids", None)
    if cached is None:
        cached = set(
            RoleAssignment.objects.filter(user=user, role=Role.CLUSTER_MANAGER).values_list(
                "cluster_id", flat=True
            )
        )
        user._managed_cluster_ids = cached
    return cached


def is_cluster_manager(user) -> bool:
    """Manages at least one cluster (or is a superuser)."""
    return is_authenticated(user) and (user.is_superuser or bool(managed_cluster_ids(user)))


def is_cluster_member(user) -> bool:
    """Sees members-only contacts: any role in a cluster, or representing an actor."""
    if not is_authenticated(user):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_cluster_member", None)
    if cached is None:
        cached = (
            RoleAssignment.objects.filter(user=user).exists() or user.represented_actors.exists()
        )
        user._is_cluster_member = cached
    return cached


def represented_actor_ids(user) -> set[int]:
    if not is_authenticated(user):
        return set()
    cached = getattr(user, "_represented_actor_ids", None)
    if cached is None:
        cached = set(user.represented_actors.values_list("actor_id", flat=True))
        user._represented_actor_ids = cached
    return cached


def can_manage_actor(user, actor) -> bool:
    if not is_authenticated(user):
        return False
    if user.is_superuser:
        return True
    managed = managed_cluster_ids(user)
    if not managed:
        return False
    actor_clusters = set(actor.memberships.values_list("cluster_id", flat=True))
    return not actor_clusters or bool(actor_clusters & managed)


def represents(user, actor) -> bool:
    return actor.pk in represented_actor_ids(user)


def can_edit_actor(user, actor) -> bool:
    """May open the edit form: managers save directly, representatives propose."""
    return can_manage_actor(user, actor) or represents(user, actor)


def forget_cached_permissions(user) -> None:
    for name in ("_managed_cluster_ids", "_is_cluster_member", "_represented_actor_ids"):
        if hasattr(user, name):
            delattr(user, name)
