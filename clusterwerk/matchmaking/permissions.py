"""Who may do what in the Kooperationsbörse – always in one cluster, the request's.

- Published, unexpired listings of a cluster are public; the owner's identity of an anonymous
  listing is hidden (see `queries.owner_is_visible`).
- Representatives of an organisation that belongs to the cluster create listings for it in
  that cluster, edit them (a change to a published listing goes back to review), submit,
  close, and decide on interests.
- The cluster management of the listing's cluster sees every listing of its cluster, creates
  listings for the cluster's organisations, reviews (publishes or returns with a note), edits
  and closes, and sees the brokerage pipeline of its cluster. Managing one cluster gives no
  right in another (`accounts.permissions`).
- Any user who represents an organisation may send an expression of interest for it (also to
  a listing of another cluster: partners from other clusters are welcome).
"""

from clusterwerk.accounts.permissions import (
    is_authenticated,
    manages_cluster,
    represented_actor_ids,
)
from clusterwerk.actors.models import ClusterMembership


def _cluster_id(cluster) -> int:
    return cluster if isinstance(cluster, int) else cluster.pk


def is_listing_owner(user, listing) -> bool:
    """Represents the organisation the listing belongs to."""
    return listing.owner_actor_id in represented_actor_ids(user)


def represented_member_ids(user, cluster) -> set[int]:
    """The organisations of `cluster` (members of it) that the user represents."""
    represented = represented_actor_ids(user)
    if not represented:
        return set()
    return set(
        ClusterMembership.objects.filter(
            cluster_id=_cluster_id(cluster), actor_id__in=represented
        ).values_list("actor_id", flat=True)
    )


def can_create_listings(user, cluster) -> bool:
    """May create listings in `cluster` for at least one organisation."""
    if not is_authenticated(user):
        return False
    return manages_cluster(user, cluster) or bool(represented_member_ids(user, cluster))


def can_create_listing_for(user, actor, cluster) -> bool:
    """May create a listing in `cluster` for `actor`: the actor belongs to the cluster, and the
    user represents it or manages the cluster."""
    if not is_authenticated(user):
        return False
    belongs = ClusterMembership.objects.filter(
        cluster_id=_cluster_id(cluster), actor_id=actor.pk
    ).exists()
    if not belongs:
        return False
    return actor.pk in represented_actor_ids(user) or manages_cluster(user, cluster)


def can_edit_listing(user, listing) -> bool:
    return is_listing_owner(user, listing) or manages_cluster(user, listing.cluster_id)


def can_review_listing(user, listing) -> bool:
    return manages_cluster(user, listing.cluster_id)


def can_decide_interests(user, listing) -> bool:
    """Only the owner accepts or declines: the decision reveals the owner's contact."""
    return is_listing_owner(user, listing)


def can_send_interest(user) -> bool:
    return bool(represented_actor_ids(user))


def can_see_pipeline(user, cluster) -> bool:
    """The brokerage pipeline of `cluster`: its management only."""
    return manages_cluster(user, cluster)


# --- The conversation of an accepted interest ------------------------------------------------
#
# Participants are the people who act for the two organisations: the listing owner's
# representatives and the interested organisation's representatives. They read and, while the
# interest stays accepted, write. The cluster management of the listing's cluster reads (for
# moderation) but does not take part.


def conversation_side(user, interest) -> int | None:
    """The organisation (id) the user speaks for in the interest's conversation, or None."""
    represented = represented_actor_ids(user)
    if interest.listing.owner_actor_id in represented:
        return interest.listing.owner_actor_id
    if interest.actor_id in represented:
        return interest.actor_id
    return None


def is_conversation_participant(user, interest) -> bool:
    return conversation_side(user, interest) is not None


def can_read_conversation(user, interest) -> bool:
    return is_conversation_participant(user, interest) or manages_cluster(
        user, interest.listing.cluster_id
    )


def can_write_conversation(user, interest) -> bool:
    return interest.is_accepted and is_conversation_participant(user, interest)


def can_moderate_messages(user, cluster) -> bool:
    """Reported messages of a cluster's conversations: its management only."""
    return manages_cluster(user, cluster)
