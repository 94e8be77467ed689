"""Who is who, per cluster: the role primitives every app's rules are built from.

A person's rights are always asked for one cluster (the request's, `request.cluster`):

- **manages** the cluster: the role `cluster_manager` in it (superusers and the system user
  manage every cluster);
- **member** of the cluster: any role in it, or representing an organisation that belongs to
  it (the directory's `ActorRepresentative` and `ClusterMembership`, reached through their
  reverse relations `represented_actors` and `memberships`, so this floor imports no app
  above it);
- a role in one cluster says nothing about another.

The answers are cached on the user object for the request (one query each);
`forget_cached_permissions` drops them after a write that changes them.
"""

from clusterwerk.accounts.models import Role, RoleAssignment

CACHE_ATTRIBUTES = ("_roles_by_cluster", "_represented_actor_ids", "_member_cluster_ids")


def is_authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_system(user) -> bool:
    """The system user that background jobs and commands write as (`accounts.services`)."""
    return bool(getattr(user, "is_system", False))


def has_all_rights(user) -> bool:
    return is_authenticated(user) and (user.is_superuser or is_system(user))


def _cluster_id(cluster) -> int | None:
    return cluster if isinstance(cluster, int) or cluster is None else cluster.pk


def roles_by_cluster(user) -> dict[int, set[str]]:
    """The user's roles, by cluster id."""
    if not is_authenticated(user):
        return {}
    cached = getattr(user, "_roles_by_cluster", None)
    if cached is None:
        cached = {}
        for cluster_id, role in RoleAssignment.objects.filter(user=user).values_list(
            "cluster_id", "role"
        ):
            cached.setdefault(cluster_id, set()).add(role)
        user._roles_by_cluster = cached
    return cached


def has_role(user, cluster, *roles: str) -> bool:
    """Holds one of `roles` in `cluster` (superusers and the system user hold every role)."""
    if not is_authenticated(user):
        return False
    if has_all_rights(user):
        return True
    return bool(roles_by_cluster(user).get(_cluster_id(cluster), set()) & set(roles))


def managed_cluster_ids(user) -> set[int]:
    """Ids of the clusters in which the user holds the role `cluster_manager` (superusers and
    the system user manage every cluster, but are not listed here: ask `manages_cluster`)."""
    return {
        cluster_id
        for cluster_id, roles in roles_by_cluster(user).items()
        if Role.CLUSTER_MANAGER in roles
    }


def manages_cluster(user, cluster) -> bool:
    return has_role(user, cluster, Role.CLUSTER_MANAGER)


def is_cluster_manager(user) -> bool:
    """Manages at least one cluster (or is a superuser): for navigation, never for rights."""
    return has_all_rights(user) or bool(managed_cluster_ids(user))


def represented_actor_ids(user) -> set[int]:
    """The organisations the user represents (may propose changes for, act for)."""
    if not is_authenticated(user):
        return set()
    cached = getattr(user, "_represented_actor_ids", None)
    if cached is None:
        cached = set(user.represented_actors.values_list("actor_id", flat=True))
        user._represented_actor_ids = cached
    return cached


def member_cluster_ids(user) -> set[int]:
    """Clusters the user belongs to: a role in them, or representing one of their members."""
    if not is_authenticated(user):
        return set()
    cached = getattr(user, "_member_cluster_ids", None)
    if cached is None:
        cached = set(roles_by_cluster(user))
        cached.update(
            cluster_id
            for cluster_id in user.represented_actors.values_list(
                "actor__memberships__cluster_id", flat=True
            )
            if cluster_id is not None
        )
        user._member_cluster_ids = cached
    return cached


def is_cluster_member(user, cluster) -> bool:
    """Sees what is for the members of `cluster` (members-only contacts, projects, …)."""
    if not is_authenticated(user):
        return False
    return has_all_rights(user) or _cluster_id(cluster) in member_cluster_ids(user)


def can_manage_masterplan(user, cluster) -> bool:
    return has_role(user, cluster, Role.CLUSTER_MANAGER)


def can_read_drafts(user, cluster) -> bool:
    return has_role(user, cluster, Role.CLUSTER_MANAGER, Role.ADVISORY_BOARD)


def forget_cached_permissions(user) -> None:
    for name in CACHE_ATTRIBUTES:
        if hasattr(user, name):
            delattr(user, name)
