"""From listings and search forms to the matching engine and back: a listing as a `Need`,
its matching actors and complementary listings, and free-text needs.

Anonymity: a complementary listing whose owner the user may not know is returned without its
owner and without the distance (a distance to a known place would narrow the owner down).
"""

import re
from dataclasses import dataclass

from clusterwerk.matchmaking import engine
from clusterwerk.matchmaking.models import Listing, RegionScope
from clusterwerk.matchmaking.queries import open_listings, owner_is_visible, owner_label

DEFAULT_LIMIT = 10
MAX_LIMIT = 50


def region_of(listing: Listing) -> engine.Region:
    return engine.Region(
        scope=listing.region_scope,
        radius_km=listing.radius_km if listing.region_scope == RegionScope.RADIUS else None,
        district_ags=frozenset(district.ags for district in listing.districts.all()),
    )


def need_for_listing(listing: Listing) -> engine.Need:
    owner = listing.owner_actor
    return engine.Need(
        text=listing.match_text,
        listing_kind=listing.kind,
        topic_lineages=tuple(sorted(str(topic.lineage) for topic in listing.topics.all())),
        partner_kinds=tuple(listing.partner_kinds or ()),
        origin=owner.position,
        origin_kind=owner.kind,
        region=region_of(listing),
        cross_cluster=listing.cross_cluster,
        cluster_id=listing.cluster_id,
        exclude_actor_ids=frozenset({owner.pk}),
        origin_activities=tuple(
            sorted(owner.activity_links.values_list("activity__code", flat=True))
        ),
    )


def actor_matches_for_listing(listing: Listing, *, limit: int = DEFAULT_LIMIT):
    return engine.match_actors(need_for_listing(listing), limit=limit)


@dataclass(frozen=True)
class ListingHit:
    listing: Listing
    owner: str
    score: float
    reasons: list[str]
    distance_km: int | None = None  # None also while the owner is hidden from the user

    @property
    def explanation(self) -> str:
        return " · ".join(self.reasons)


def _candidate(listing: Listing) -> engine.ListingCandidate:
    owner = listing.owner_actor
    return engine.ListingCandidate(
        listing_id=listing.pk,
        kind=listing.kind,
        text=listing.match_text,
        topic_lineages=tuple(str(topic.lineage) for topic in listing.topics.all()),
        position=owner.position,
        owner_kind=owner.kind,
        district_ags=owner.district.ags if owner.district_id else "",
    )


def listing_matches_for_listing(
    user, listing: Listing, *, limit: int = DEFAULT_LIMIT
) -> list[ListingHit]:
    """Open listings of complementary kinds in the listing's cluster (a request meets offers
    and vice versa)."""
    kinds = engine.complementary_kinds(listing.kind)
    if not kinds:
        return []
    candidates = list(
        open_listings(listing.cluster_id)
        .filter(kind__in=kinds)
        .exclude(pk=listing.pk)
        .exclude(owner_actor_id=listing.owner_actor_id)
        .select_related("owner_actor", "owner_actor__district")
        .prefetch_related("topics")
    )
    by_id = {candidate.pk: candidate for candidate in candidates}
    ranked = engine.rank_listings(
        need_for_listing(listing), [_candidate(c) for c in candidates], limit=limit
    )
    return [_hit(user, by_id[match.listing_id], match) for match in ranked]


def names_distance(reason: str, kilometres: int | None) -> bool:
    """Whether a reason names the distance ("12 km", "ca. 12 km entfernt")."""
    if kilometres is None:
        return False
    return re.search(rf"(?<![\d.,]){kilometres}\s*km\b", str(reason)) is not None


def _hit(user, listing: Listing, match) -> ListingHit:
    reasons = list(match.reasons)
    if not owner_is_visible(user, listing):
        reasons = [reason for reason in reasons if not names_distance(reason, match.distance_km)]
        return ListingHit(listing, owner_label(user, listing), match.score, reasons)
    return ListingHit(
        listing, owner_label(user, listing), match.score, reasons, distance_km=match.distance_km
    )


def free_text_need(
    text: str,
    *,
    cluster,
    partner_kinds=(),
    listing_kind: str = "",
    region_scope: str = "",
    cross_cluster: bool = False,
    origin=None,
) -> engine.Need:
    """A need in one's own words, asked in `cluster` (its topic areas, its cross-cluster),
    for the organisation `origin` when given (an Actor: distances from its position; itself
    is not suggested)."""
    return engine.Need(
        text=text,
        origin=origin.position if origin is not None else None,
        exclude_actor_ids=frozenset({origin.pk}) if origin is not None else frozenset(),
        listing_kind=listing_kind,
        partner_kinds=tuple(partner_kinds),
        region=engine.Region(scope=region_scope),
        cross_cluster=cross_cluster,
        cluster_id=cluster.pk if cluster else None,
    )
