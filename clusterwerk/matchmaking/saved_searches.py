"""Saved searches beyond `queries.py` and `services.py`: the access funnel for one search,
all current hits of a search, what the pages of saved searches
show (`saved_search_rows`, `search_hits`; owners only as `queries.owner_label` allows), and the
"neue Treffer" count with a short cache for the navigation (every page shows it).

The count itself is `queries.new_hit_count`; the cache only saves its queries while nothing it
depends on has changed (the user's searches and when they were last seen, the open listings).
A saved search belongs to one cluster: everything here is asked for the request's cluster.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import is_authenticated
from clusterwerk.masterplan.models import number_sort_key
from clusterwerk.masterplan.queries import TopicCatalogue
from clusterwerk.matchmaking.models import Listing, ListingKind, SavedSearch
from clusterwerk.matchmaking.presentation import Topic, owner_place, place_text, topics_of
from clusterwerk.matchmaking.queries import new_hit_count, new_hits, open_listings, owner_label

HIT_COUNT_TIMEOUT = 300  # seconds; also bounds staleness the key cannot see (new representations)
EVER = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def saved_searches_of(user, cluster):
    """The user's saved searches in `cluster`."""
    if not is_authenticated(user):
        return SavedSearch.objects.none()
    return user.saved_searches.filter(cluster=cluster)


def get_saved_search_for_user(user, cluster, pk) -> SavedSearch:
    """The access funnel for a saved search: only its owner sees it, in its cluster; everybody
    else (and the owner asking in another cluster) gets 404."""
    try:
        return saved_searches_of(user, cluster).select_related("user").get(pk=pk)
    except (SavedSearch.DoesNotExist, ValueError, OverflowError):
        raise Http404(_("Diese gespeicherte Suche gibt es nicht.")) from None


def all_hits(search: SavedSearch) -> list[Listing]:
    """Every open listing that meets the search now (not the user's own), newest first."""
    return new_hits(search, EVER)


def cached_new_hit_count(user, cluster) -> int:
    """`queries.new_hit_count` in `cluster`, cached briefly. Two queries when the count is
    cached or the user has no saved search there (then only one)."""
    if not is_authenticated(user):
        return 0
    searches = list(
        saved_searches_of(user, cluster).order_by("pk").values_list("pk", "last_seen_at")
    )
    if not searches:
        return 0
    listings = open_listings(cluster).aggregate(latest=Max("updated_at"), count=Count("pk"))
    signature = repr(
        (user.pk, cluster.pk, searches, listings["latest"], listings["count"], timezone.localdate())
    )
    key = "matchmaking:new-hits:" + hashlib.sha256(signature.encode()).hexdigest()
    count = cache.get(key)
    if count is None:
        count = new_hit_count(user, cluster)
        cache.set(key, count, HIT_COUNT_TIMEOUT)
    return count


# --- Pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchRow:
    """One saved search as the pages show it."""

    search: SavedSearch
    kind_labels: list[str]
    topic_number: str
    topic_title: str
    new_hits: int


def search_row(search: SavedSearch, catalogue: TopicCatalogue, new_hit_total: int) -> SearchRow:
    kinds = dict(ListingKind.choices)
    number = catalogue.number_by_lineage.get(str(search.topic_lineage), "")
    return SearchRow(
        search=search,
        kind_labels=[str(kinds.get(kind, kind)) for kind in search.kinds or ()],
        topic_number=number,
        topic_title=catalogue.title_by_number.get(number, ""),
        new_hits=new_hit_total,
    )


def saved_search_rows(user, cluster, catalogue: TopicCatalogue) -> list[SearchRow]:
    """The user's saved searches in `cluster` with their new hits (two queries per search)."""
    return [
        search_row(search, catalogue, len(new_hits(search, search.last_seen_at)))
        for search in saved_searches_of(user, cluster).select_related("user")
    ]


@dataclass(frozen=True)
class HitCard:
    listing: Listing
    owner: str  # `queries.owner_label`: anonymous owners stay anonymous
    topic_numbers: list[str]
    place: str = ""  # the owner's town and district, only where the owner may be known
    topics: list[Topic] = field(default_factory=list)


@dataclass(frozen=True)
class SearchHits:
    """The hits page of one saved search: what is new since the last visit, and the rest."""

    row: SearchRow
    new: list[HitCard]
    earlier: list[HitCard]


def _topic_numbers(listing: Listing, catalogue: TopicCatalogue) -> list[str]:
    numbers = (catalogue.number_by_lineage.get(str(t.lineage)) for t in listing.topics.all())
    return sorted(filter(None, numbers), key=number_sort_key)


def search_hits(user, search: SavedSearch, catalogue: TopicCatalogue) -> SearchHits:
    new, earlier = [], []
    for listing in all_hits(search):
        numbers = _topic_numbers(listing, catalogue)
        card = HitCard(
            listing,
            owner_label(user, listing),
            numbers,
            place=place_text(owner_place(user, listing)),
            topics=topics_of(numbers, catalogue),
        )
        (new if listing.published_at > search.last_seen_at else earlier).append(card)
    return SearchHits(row=search_row(search, catalogue, len(new)), new=new, earlier=earlier)
