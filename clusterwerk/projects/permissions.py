"""Who may see and change projects.

- Visibility `public`: everybody; `members`: users with a role in a cluster or representing an
  actor; `cluster_management`: only the managers of the project's cluster.
- Always: the managers of the project's cluster, the representatives of its partners, and the
  person who proposed it as an idea.
- Ideas that are proposed or declined are seen only by those "always" people.
- Writes (create, edit, phase, assessment criteria) only by the managers of the cluster;
  assessments by managers and advisory board members; ideas may be proposed by any member.
"""

from clusterwerk.accounts.models import Role
from clusterwerk.accounts.permissions import has_role, is_cluster_member


def can_manage_projects(user, cluster) -> bool:
    return has_role(user, cluster, Role.CLUSTER_MANAGER)


def can_assess_projects(user, cluster) -> bool:
    return has_role(user, cluster, Role.CLUSTER_MANAGER, Role.ADVISORY_BOARD)


def can_propose_ideas(user, cluster) -> bool:
    return is_cluster_member(user, cluster)
