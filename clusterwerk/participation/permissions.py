"""Who may do what in consultations.

- Cluster managers of the consultation's cluster create and run consultations, moderate
  (hide, block), record interviews and workshops, and decide on proposals.
- Who contributes depends on the consultation's audience: members of the cluster (a role or
  an organisation they represent), invited people, or anyone with an account. A blocked
  person contributes nothing; what a phase allows is checked separately (`services`).
"""

from clusterwerk.accounts.models import Role
from clusterwerk.accounts.permissions import has_role, is_authenticated, is_cluster_member
from clusterwerk.participation.models import Audience, ParticipationBlock


def can_manage_consultations(user, cluster) -> bool:
    return has_role(user, cluster, Role.CLUSTER_MANAGER)


def can_moderate(user, consultation) -> bool:
    return can_manage_consultations(user, consultation.cluster)


def is_blocked(user, cluster) -> bool:
    return ParticipationBlock.objects.filter(cluster=cluster, user=user).exists()


def belongs_to_audience(user, consultation) -> bool:
    if not is_authenticated(user):
        return False
    if user.is_superuser or can_manage_consultations(user, consultation.cluster):
        return True
    if consultation.audience == Audience.REGISTERED:
        return True
    if consultation.audience == Audience.MEMBERS:
        return is_cluster_member(user, consultation.cluster)
    return consultation.invitations.filter(user=user).exists()
