"""Who may do what in the Kooperationsbörse.

- Published, unexpired listings are public; the owner's identity of an anonymous listing is
  hidden (see `queries.owner_is_visible`).
- Representatives of an organisation create listings for it, edit them (a change to a
  published listing goes back to review), submit, close, and decide on interests.
- The cluster management of the listing's cluster sees every listing of its cluster, reviews
  (publishes or returns with a note), edits and closes, and sees the brokerage pipeline.
- Any user who represents an organisation may send an expression of interest for it.
"""

from clusterwerk.accounts.permissions import (
    is_authenticated,
    managed_cluster_ids,
    represented_actor_ids,
)


def manages_cluster(user, cluster_id: int) -> bool:
    if not is_authenticated(user):
        return False
    return user.is_superuser or cluster_id in managed_cluster_ids(user)


def is_listing_owner(user, listing) -> bool:
    """Represents the organisation the listing belongs to."""
    return listing.owner_actor_id in represented_actor_ids(user)


def can_create_listings(user) -> bool:
    if not is_authenticated(user):
        return False
    return bool(represented_actor_ids(user)) or user.is_superuser or bool(managed_cluster_ids(user))


def can_create_listing_for(user, actor) -> bool:
    if not is_authenticated(user):
        return False
    if actor.pk in represented_actor_ids(user) or user.is_superuser:
        return True
    return bool(managed_cluster_ids(user))


def can_edit_listing(user, listing) -> bool:
    return is_listing_owner(user, listing) or manages_cluster(user, listing.cluster_id)


def can_review_listing(user, listing) -> bool:
    return manages_cluster(user, listing.cluster_id)


def can_decide_interests(user, listing) -> bool:
    """Only the owner accepts or declines: the decision reveals the owner's contact."""
    return is_listing_owner(user, listing)


def can_send_interest(user) -> bool:
    return bool(represented_actor_ids(user))


def can_see_pipeline(user) -> bool:
    return is_authenticated(user) and (user.is_superuser or bool(managed_cluster_ids(user)))
