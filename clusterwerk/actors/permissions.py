"""Who may see and change actors and their contact persons.

- Published actors are public; drafts and archived actors only for cluster managers.
- A cluster manager (of any cluster the actor belongs to; of any cluster for an actor in none)
  creates, edits directly, reviews, merges and archives.
- A representative of an actor (a user linked to it) proposes changes to that actor only;
  they go to review.
- Contact persons: the cluster management sees all; the actor's representatives and the person
  themself see theirs; everybody else only with consent and as the visibility allows
  (members = members of a cluster the actor belongs to, `accounts.permissions`).
"""

from clusterwerk.accounts.permissions import (
    has_all_rights,
    is_authenticated,
    managed_cluster_ids,
    represented_actor_ids,
)


def can_manage_actor(user, actor) -> bool:
    if not is_authenticated(user):
        return False
    if has_all_rights(user):
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
