"""Who may do what: the role rules every write path asks before it writes."""

from clusterwerk.accounts.models import Role, RoleAssignment


def has_role(user, cluster, *roles: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return RoleAssignment.objects.filter(user=user, cluster=cluster, role__in=roles).exists()


def can_manage_masterplan(user, cluster) -> bool:
    return has_role(user, cluster, Role.CLUSTER_MANAGER)


def can_read_drafts(user, cluster) -> bool:
    return has_role(user, cluster, Role.CLUSTER_MANAGER, Role.ADVISORY_BOARD)
