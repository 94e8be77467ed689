"""Complementary matching (issue 14): an offer meets those who need it, not those who offer
the same.

The rule per listing kind of the need (`match_actors`, the listing page's "Passende
Partner"):

=====================  ====================================  ===================================
need's listing kind    ranks up                              ranks down, `similar_offer = True`
=====================  ====================================  ===================================
technology_offer       owners of open, named technology and  actors whose competences meet the
                       F&E requests that meet the offer;     offer's subject (they can do the
                       actors of a downstream stage of the   same: competitors)
                       offer owner's value chain
business_offer         owners of open, named business        as for technology_offer
                       requests that meet the offer;
                       downstream actors
equipment_sharing      owners of open, named technology      as for technology_offer
                       requests that meet the offer;
                       downstream actors
technology_request,    actors whose competences meet the     nobody: a capable actor is what a
rdi_request,           request (capable partners), by the    request looks for
business_request,      words, topic areas and kinds
training_cooperation   (the ordinary score)
free text              as for a request                      nobody
=====================  ====================================  ===================================

- A request meets an offer when the request listing's text meets the offer's words: its
  share is the weight of the offer's words it meets over the weight of all (damped words
  less, `needs.term_weight`); at least `MIN_REQUEST_SHARE`. Anonymous listings are never
  used: ranking their owner up would name them.
- Downstream: the offer owner's economic activities (WZ 2008 codes, `Need.origin_activities`)
  say which stage of the metal value chain it is (`DOWNSTREAM`: a foundry or a sheet-metal
  shop supplies machine and vehicle builders, a testing laboratory every manufacturer …);
  actors with an activity of a downstream stage are customers of the offer.
- A competitor: an actor of the owner's group (businesses, or research and transfer; networks,
  chambers and associations never) whose competences (not its name or description) meet at
  least `COMPETITOR_SHARE` of the offer's idf-weighted words; unless it also has a matching
  request, its score is multiplied by `weights.COMPETITOR_FACTOR` and it is flagged, so the
  page can show it apart as "Ähnliche Anbieter".
"""

import functools
import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils import timezone

from clusterwerk.actors.models import ActorActivity
from clusterwerk.core.text import QueryTerm, index_terms
from clusterwerk.matchmaking.engine.bm25 import field_match
from clusterwerk.matchmaking.engine.explanations import actor_group
from clusterwerk.matchmaking.engine.needs import Need, term_weight
from clusterwerk.matchmaking.models import Listing, ListingKind, ListingStatus

OFFER_KINDS = (
    ListingKind.TECHNOLOGY_OFFER,
    ListingKind.BUSINESS_OFFER,
    ListingKind.EQUIPMENT_SHARING,
)
# The requests an offer meets (the request kinds among `needs.COMPLEMENTARY_KINDS`).
REQUESTS_FOR_OFFER = {
    ListingKind.TECHNOLOGY_OFFER: (ListingKind.TECHNOLOGY_REQUEST, ListingKind.RDI_REQUEST),
    ListingKind.BUSINESS_OFFER: (ListingKind.BUSINESS_REQUEST,),
    ListingKind.EQUIPMENT_SHARING: (ListingKind.TECHNOLOGY_REQUEST,),
}
# A request meets the offer when it meets at least this share of the offer's word weight.
MIN_REQUEST_SHARE = 0.2
# An actor whose competences meet this share of the offer's word weight offers the same.
COMPETITOR_SHARE = 0.5
# At most this many downstream actors that meet none of the offer's words are added.
DOWNSTREAM_CAP = 100

# Stages of the metal value chain by WZ 2008 code prefix → the prefixes of their customers.
DOWNSTREAM = {
    # Metal production and foundries (profiles, wire, castings) → processing and builders
    "24": ("25", "27", "28", "29", "30"),
    # Forging, pressing, stamping → machine and vehicle builders, repair
    "25.5": ("25.1", "25.2", "27", "28", "29", "30", "33"),
    # Surface treatment, heat treatment, machining → builders and repair
    "25.6": ("25.1", "25.2", "27", "28", "29", "30", "33"),
    # Other metal products (sheet-metal work, wire goods) → builders
    "25.9": ("25.1", "25.2", "27", "28", "29", "30"),
    # Structural metal work → construction and plant engineering
    "25.1": ("28", "41", "42", "43"),
    # Testing laboratories and engineering offices → every manufacturing stage
    "71": ("24", "25", "27", "28", "29", "30", "33"),
    # Research and development → every manufacturing stage
    "72": ("24", "25", "27", "28", "29", "30", "33"),
    # Machine building → repair and installation, vehicle building
    "28": ("29", "30", "33"),
}


def is_offer(need: Need) -> bool:
    return need.listing_kind in OFFER_KINDS


def downstream_prefixes(codes: Sequence[str]) -> tuple[str, ...]:
    """The WZ code prefixes of the customers of actors with these activities."""
    prefixes: set[str] = set()
    for code in codes:
        for stage, customers in DOWNSTREAM.items():
            if code.startswith(stage):
                prefixes.update(customers)
    return tuple(sorted(prefixes))


@dataclass
class Complements:
    """What complementary matching knows about the candidates of an offer."""

    requests: dict[int, float] = field(default_factory=dict)  # actor → best request share
    request_titles: dict[int, str] = field(default_factory=dict)  # actor → that request's title
    downstream: frozenset[int] = frozenset()  # actors of a downstream stage

    @property
    def actor_ids(self) -> set[int]:
        return set(self.requests) | set(self.downstream)


def request_share(terms: Sequence[QueryTerm], document: frozenset[str]) -> float:
    """The share of the offer's word weight that a request's index terms meet."""
    weights = [term_weight(term) for term in terms]
    total = sum(weights)
    if not total:
        return 0.0
    met = sum(weight for term, weight in zip(terms, weights, strict=True) if term.matches(document))
    return met / total


def matching_requests(need: Need, terms: Sequence[QueryTerm]) -> tuple[dict, dict]:
    """Per actor the best share of its open, named requests that meet the offer (and that
    request's title)."""
    kinds = REQUESTS_FOR_OFFER.get(need.listing_kind, ())
    if not kinds or not terms:
        return {}, {}
    listings = Listing.objects.filter(
        kind__in=kinds,
        status=ListingStatus.PUBLISHED,
        expires_on__gte=timezone.localdate(),
        is_anonymous=False,
    ).exclude(owner_actor_id__in=sorted(need.exclude_actor_ids))
    if need.cluster_id is not None:
        listings = listings.filter(cluster_id=need.cluster_id)
    shares: dict[int, float] = {}
    titles: dict[int, str] = {}
    rows = listings.order_by("pk").values_list("owner_actor_id", "title", "description", "keywords")
    for owner, title, description, keywords in rows:
        text = "\n".join([title, description, ", ".join(keywords or [])])
        share = request_share(terms, frozenset(index_terms(text)))
        if share >= MIN_REQUEST_SHARE and share > shares.get(owner, 0.0):
            shares[owner] = share
            titles[owner] = title
    return shares, titles


def _downstream_condition(prefixes: Sequence[str]) -> Q:
    return functools.reduce(
        operator.or_,
        (Q(activity_links__activity__code__startswith=prefix) for prefix in prefixes),
    )


def downstream_actor_ids(need: Need, actors, candidate_ids: Sequence[int]) -> frozenset[int]:
    """Ids of actors with an activity downstream of the offer owner's: those among the
    candidates, and up to `DOWNSTREAM_CAP` more of the queryset (the nearest when the owner
    has a place, else by name)."""
    prefixes = downstream_prefixes(need.origin_activities)
    if not prefixes:
        return frozenset()
    links = ActorActivity.objects.filter(actor_id__in=sorted(candidate_ids))
    ids = {
        actor_id
        for actor_id, code in links.values_list("actor_id", "activity__code")
        if code and code.startswith(tuple(prefixes))
    }
    more = actors.filter(_downstream_condition(prefixes)).exclude(pk__in=sorted(ids))
    if need.origin is not None:
        latitude, longitude = need.origin
        scale = math.cos(math.radians(latitude)) ** 2
        more = more.annotate(
            nearness=(F("district__centroid_latitude") - latitude) ** 2
            + scale * (F("district__centroid_longitude") - longitude) ** 2
        ).order_by(F("nearness").asc(nulls_last=True), "name", "pk")
    else:
        more = more.order_by("name", "pk")
    ids.update(more.values_list("pk", flat=True).distinct()[:DOWNSTREAM_CAP])
    return frozenset(ids)


def complements(
    need: Need, terms: Sequence[QueryTerm], actors, candidate_ids: Sequence[int]
) -> Complements:
    """Requests and downstream stages for an offer (nothing for other needs); `actors` is
    the queryset of actors within the need's filters."""
    if not is_offer(need):
        return Complements()
    shares, titles = matching_requests(need, terms)
    return Complements(shares, titles, downstream_actor_ids(need, actors, candidate_ids))


def same_trade(owner_group: str, kind: str) -> bool:
    """Whether an actor of this kind can be a competitor of the offer's owner: both
    businesses, or both research and transfer (`explanations.actor_group`); a network, a
    chamber or an association offers no capacity of its own. An owner of unknown kind has
    competitors in both groups."""
    group = actor_group(kind)
    return bool(group) and (not owner_group or group == owner_group)


def competence_share(
    terms: Sequence[QueryTerm], weights: Sequence[float], competences: frozenset[str], joined: str
) -> float:
    """The share of the offer's word weight that an actor's competences meet."""
    total = sum(weights)
    if not total:
        return 0.0
    met = sum(
        weight
        for term, weight in zip(terms, weights, strict=True)
        if field_match(term, competences, joined)
    )
    return met / total
