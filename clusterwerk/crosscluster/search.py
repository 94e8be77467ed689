"""The cross-cluster partner search: a need in one's own words → organisations of the chosen
other clusters that fit it (the matching engine of the Kooperationsbörse), and the listings
those clusters share with the other clusters.

Who may search: the members of the request's cluster (a role in it, representing one of its
member organisations, or managing it) – the same people who see the other clusters' shared
listings in their Börse (`matchmaking.queries.shared_listings`). Everybody else gets a clear
message (pages) or 401/403 (API).

The engine ranks the published actors of the whole directory for the need, asked in the
request's cluster with the cross-cluster preference (`matches.free_text_need(…,
cross_cluster=True)`); of its best `ENGINE_LIMIT` those that are members of a chosen cluster
are shown, at most `RESULT_LIMIT`, in the engine's order. Listings: the shared open listings
of the chosen clusters whose text holds a word of the need (`core.text.score_text`), best
first.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import is_authenticated, is_cluster_member
from clusterwerk.actors.models import Actor, ClusterMembership
from clusterwerk.core.models import Cluster
from clusterwerk.core.tenancy import reverse_for_cluster
from clusterwerk.core.text import parse_query, score_text
from clusterwerk.matchmaking import engine, matches
from clusterwerk.matchmaking.queries import owner_label, shared_listings

ENGINE_LIMIT = 200
RESULT_LIMIT = 20
LISTING_LIMIT = 20


@dataclass(frozen=True)
class ActorHit:
    name: str
    url: str
    clusters: list[str]
    kind: str
    explanation: str
    score: float
    is_demo: bool


@dataclass(frozen=True)
class ListingHit:
    title: str
    url: str
    cluster: str
    owner: str
    kind: str
    is_demo: bool


@dataclass
class PartnerSearchResult:
    actors: list[ActorHit] = field(default_factory=list)
    listings: list[ListingHit] = field(default_factory=list)


def may_search(user, cluster: Cluster) -> bool:
    return is_cluster_member(user, cluster)


def refusal(user, cluster: Cluster) -> str:
    """Why the user may not search here (German), "" when they may."""
    if may_search(user, cluster):
        return ""
    if not is_authenticated(user):
        return _(
            "Die clusterübergreifende Partnersuche steht den Mitgliedern des Clusters offen. "
            "Bitte melden Sie sich an."
        )
    return _(
        "Die clusterübergreifende Partnersuche steht den Mitgliedern von %(cluster)s offen. "
        "Ihr Konto gehört zu keiner Organisation und hat keine Rolle in diesem Cluster."
    ) % {"cluster": cluster.name}


def partner_search(user, cluster: Cluster, text: str, clusters) -> PartnerSearchResult:
    """Actors and shared listings of `clusters` (other clusters than `cluster`) for the need
    `text`; raises `engine.EmptyNeed` when the text has nothing to search for. The caller has
    checked `may_search`."""
    chosen = {c.pk: c for c in clusters if c.pk != cluster.pk}
    result = PartnerSearchResult()
    if not chosen:
        return result
    need = matches.free_text_need(text, cluster=cluster, cross_cluster=True)
    found = engine.match_actors(need, limit=ENGINE_LIMIT)
    member_of: dict[int, list[int]] = {}
    for actor_id, cluster_id in ClusterMembership.objects.filter(
        actor_id__in=[match.actor_id for match in found], cluster_id__in=chosen
    ).values_list("actor_id", "cluster_id"):
        member_of.setdefault(actor_id, []).append(cluster_id)
    hits = [match for match in found if match.actor_id in member_of][:RESULT_LIMIT]
    slugs = dict(
        Actor.objects.filter(pk__in=[hit.actor_id for hit in hits]).values_list("pk", "slug")
    )
    for match in hits:
        homes = sorted((chosen[pk] for pk in member_of[match.actor_id]), key=lambda c: c.name)
        result.actors.append(
            ActorHit(
                name=match.name,
                url=reverse_for_cluster(
                    homes[0], "portal:actor-profile", args=[match.actor_id, slugs[match.actor_id]]
                ),
                clusters=[home.name for home in homes],
                kind=match.kind_label,
                explanation=match.explanation,
                score=match.score,
                is_demo=match.is_demo,
            )
        )
    terms = parse_query(text)
    scored = []
    for listing in shared_listings(user, cluster, clusters=list(chosen)):
        score = score_text(listing.match_text, terms)
        if score > 0:
            scored.append((-score, listing.cluster.name, listing.pk, listing))
    for _score, _name, _pk, listing in sorted(scored, key=lambda row: row[:3])[:LISTING_LIMIT]:
        result.listings.append(
            ListingHit(
                title=listing.title,
                url=reverse_for_cluster(
                    listing.cluster, "matchmaking:listing-detail", args=[listing.pk]
                ),
                cluster=listing.cluster.name,
                owner=owner_label(user, listing),
                kind=str(listing.get_kind_display()),
                is_demo=listing.is_demo,
            )
        )
    return result
