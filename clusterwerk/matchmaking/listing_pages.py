"""Reads for the Kooperationsbörse pages: listing cards, everything the listing page shows to
whom, the interests with the contacts each side may see, "Meine Inserate", the access funnel
for one expression of interest, and the partner search.

The rules themselves live in `permissions.py` and `queries.py` (anonymity: only
`queries.owner_is_visible` / `owner_label`); this module puts them together per page, so that
views stay short and templates only show what they are given.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import (
    is_authenticated,
    manages_cluster,
    represented_actor_ids,
)
from clusterwerk.actors.models import Actor, ActorKind, ActorStatus
from clusterwerk.actors.queries import district_choice_groups, represented_actors_in
from clusterwerk.core.tenancy import reverse_for_cluster
from clusterwerk.masterplan.models import number_sort_key
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue
from clusterwerk.matchmaking import engine, matches, presentation, queries
from clusterwerk.matchmaking.models import (
    Interest,
    InterestStatus,
    Listing,
    ListingStatus,
    RegionScope,
)
from clusterwerk.matchmaking.permissions import (
    can_decide_interests,
    can_edit_listing,
    can_review_listing,
    can_send_interest,
    is_listing_owner,
)
from clusterwerk.matchmaking.queries import (
    Contact,
    ListingFilters,
    interests_for_owner,
    listing_matches_filters,
    listings_in_review,
    open_listings,
    own_interests,
    owner_is_visible,
    owner_label,
    visible_contacts_for_interest,
)

PARTNER_SEARCH_LIMIT = 20
OPEN_INTEREST_STATES = (InterestStatus.PENDING, InterestStatus.ACCEPTED)
EDITABLE_STATES = (ListingStatus.DRAFT, ListingStatus.IN_REVIEW, ListingStatus.PUBLISHED)
PREPARING_STATES = (ListingStatus.DRAFT, ListingStatus.IN_REVIEW)


# --- Small facts ---------------------------------------------------------------------------


def topic_numbers(listing: Listing, catalogue: TopicCatalogue) -> list[str]:
    """The listing's topic areas as numbers of the published edition (prefetched topics)."""
    numbers = (
        catalogue.number_by_lineage.get(str(topic.lineage)) for topic in listing.topics.all()
    )
    return sorted(filter(None, numbers), key=number_sort_key)


def status_label(listing: Listing) -> str:
    """The status as people read it: a published listing past its date is "abgelaufen" even
    before the nightly job has marked it."""
    if listing.is_published and not listing.is_open:
        return str(ListingStatus.EXPIRED.label)
    return listing.get_status_display()


def region_text(listing: Listing, districts=None) -> str:
    """Where partners are sought, in words (never the owner's place)."""
    if listing.region_scope == RegionScope.RADIUS and listing.radius_km:
        return _("im Umkreis von %(km)d km um den Standort des Anbieters") % {
            "km": listing.radius_km
        }
    if listing.region_scope == RegionScope.DISTRICTS:
        names = [district.name for district in (districts or listing.districts.all())]
        return ", ".join(sorted(names)) or listing.get_region_scope_display()
    return listing.get_region_scope_display()


def partner_kind_labels(listing: Listing) -> list[str]:
    labels = dict(ActorKind.choices)
    return [str(labels.get(kind, kind)) for kind in listing.partner_kinds or ()]


# --- The list ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListingCard:
    listing: Listing
    owner: str
    topic_numbers: list[str]
    place: str = ""  # the owner's town and district, only where the owner may be known
    topics: list[presentation.Topic] = field(default_factory=list)


def listing_cards(user, listings, catalogue: TopicCatalogue) -> list[ListingCard]:
    cards = []
    for listing in listings:
        numbers = topic_numbers(listing, catalogue)
        cards.append(
            ListingCard(
                listing,
                owner_label(user, listing),
                numbers,
                place=presentation.place_text(presentation.owner_place(user, listing)),
                topics=presentation.topics_of(numbers, catalogue),
            )
        )
    return cards


def open_listings_for(cluster, filters: ListingFilters) -> list[Listing]:
    """The Börse shows the cluster's open listings only (drafts and reviews have their own
    pages): the filters' kinds in SQL, text and topic area in Python (German word forms and
    synonyms)."""
    listings = open_listings(cluster)
    if filters.kinds:
        listings = listings.filter(kind__in=filters.kinds)
    listings = listings.select_related("owner_actor__district").prefetch_related("topics")
    return [listing for listing in listings if listing_matches_filters(listing, filters)]


@dataclass(frozen=True)
class SharedListingCard:
    """A listing another cluster shares with this one, as its members see it in the Börse."""

    listing: Listing
    owner: str
    cluster_name: str
    url: str  # the listing's page in its own cluster


def shared_listing_cards(user, cluster, filters: ListingFilters) -> list[SharedListingCard]:
    """The section "Aus anderen Clustern": `queries.shared_listings` (members of `cluster`
    only) with the filters' kinds and words; a topic area of this cluster's masterplan says
    nothing about another cluster's listings, so it does not narrow them."""
    text_filters = ListingFilters(query=filters.query, kinds=filters.kinds)
    return [
        SharedListingCard(
            listing,
            owner_label(user, listing),
            listing.cluster.name,
            reverse_for_cluster(listing.cluster, "matchmaking:listing-detail", args=[listing.pk]),
        )
        for listing in queries.shared_listings(user, cluster).prefetch_related("topics")
        if listing_matches_filters(listing, text_filters)
    ]


@dataclass(frozen=True)
class ReviewCard:
    listing: Listing
    owner: str
    topic_numbers: list[str]


def review_cards(user, cluster) -> list[ReviewCard]:
    """The review queue: the cluster's listings waiting for its management, oldest first."""
    catalogue = topic_catalogue(cluster)
    return [
        ReviewCard(listing, owner_label(user, listing), topic_numbers(listing, catalogue))
        for listing in listings_in_review(user, cluster).prefetch_related("topics")
    ]


# --- Interests -----------------------------------------------------------------------------


@dataclass(frozen=True)
class InterestRow:
    interest: Interest
    contacts: list[Contact]
    owner: str = ""  # the listing's owner as this user may see it (on "Meine Inserate")
    unread: int = 0  # messages in the conversation of an accepted interest not read yet


def interest_rows_for_owner(user, listing: Listing) -> list[InterestRow]:
    interests = list(interests_for_owner(user, listing))
    unread = queries.unread_counts(user, [i.pk for i in interests if i.is_accepted])
    return [
        InterestRow(
            interest,
            visible_contacts_for_interest(user, interest),
            unread=unread.get(interest.pk, 0),
        )
        for interest in interests
    ]


def own_interest_rows(user, cluster, listing: Listing | None = None) -> list[InterestRow]:
    """The interests the user's organisations sent to listings of `cluster`, with the owner's
    contact once accepted."""
    rows = []
    for interest in own_interests(user, cluster, listing).select_related(
        "listing__created_by", "sender"
    ):
        if listing is not None:
            interest.listing = listing
        rows.append(
            InterestRow(
                interest,
                visible_contacts_for_interest(user, interest),
                owner_label(user, interest.listing),
            )
        )
    unread = queries.unread_counts(
        user, [row.interest.pk for row in rows if row.interest.is_accepted]
    )
    return [
        InterestRow(row.interest, row.contacts, row.owner, unread.get(row.interest.pk, 0))
        for row in rows
    ]


def interest_senders(user, listing: Listing) -> list[Actor]:
    """The organisations the user may send an interest for: represented, not archived, not
    the listing's owner (whether one already has an interest here, the services say)."""
    actor_ids = represented_actor_ids(user) - {listing.owner_actor_id}
    if not actor_ids:
        return []
    return list(
        Actor.objects.filter(pk__in=actor_ids).exclude(status=ActorStatus.ARCHIVED).order_by("name")
    )


def interest_actor_choices(user, listing: Listing) -> list[Actor]:
    """The organisations the form offers: the senders without an open or accepted interest
    on this listing already."""
    senders = interest_senders(user, listing)
    if not senders:
        return []
    taken = set(
        Interest.objects.filter(
            listing=listing, actor__in=senders, status__in=OPEN_INTEREST_STATES
        ).values_list("actor_id", flat=True)
    )
    return [actor for actor in senders if actor.pk not in taken]


def get_interest_for_user(user, cluster, pk: int) -> Interest:
    """The access funnel for one expression of interest on a listing of `cluster`: the
    listing's owner and the cluster's management, and the interested organisation's people
    see it; everybody else (and anybody asking in another cluster) gets 404."""
    if not is_authenticated(user):
        raise Http404
    actor_ids = represented_actor_ids(user)
    condition = (
        Q(actor_id__in=actor_ids) | Q(sender=user) | Q(listing__owner_actor_id__in=actor_ids)
    )
    if manages_cluster(user, cluster):
        condition = Q()
    try:
        return (
            Interest.objects.filter(condition, listing__cluster=cluster)
            .select_related("listing", "listing__owner_actor", "listing__created_by", "actor")
            .get(pk=pk)
        )
    except (Interest.DoesNotExist, ValueError, OverflowError):
        raise Http404(_("Diese Interessensbekundung gibt es nicht.")) from None


# --- The listing page ----------------------------------------------------------------------


@dataclass
class ListingPage:
    """What one user sees on one listing's page."""

    listing: Listing
    owner_visible: bool
    owner: str
    status: str
    topics: list[tuple[str, str]]
    partner_kinds: list[str]
    region: str
    is_owner: bool  # represents the owner organisation
    is_owner_side: bool  # the owner's people and the cluster management
    can_edit: bool
    can_submit: bool
    can_close: bool
    can_review: bool
    can_decide: bool
    can_send_interest: bool  # represents an organisation that is not the owner
    interests: list[InterestRow] = field(default_factory=list)
    own_interests: list[InterestRow] = field(default_factory=list)
    interest_choices: list[Actor] = field(default_factory=list)
    actor_matches: presentation.ActorResults = field(
        default_factory=lambda: presentation.ActorResults(groups=[], similar=[])
    )
    listing_matches: list[presentation.PresentedListingHit] = field(default_factory=list)
    shows_matches: bool = False

    @property
    def shows_interest_section(self) -> bool:
        """Everybody but the owner; the cluster management only when it can send one."""
        return not self.is_owner and (not self.is_owner_side or self.can_send_interest)


def listing_page(user, listing: Listing, catalogue: TopicCatalogue) -> ListingPage:
    owner = is_listing_owner(user, listing)
    owner_side = owner or manages_cluster(user, listing.cluster_id)
    editable = can_edit_listing(user, listing)
    ended = listing.status in (ListingStatus.CLOSED, ListingStatus.EXPIRED)
    districts = list(listing.districts.order_by("name"))
    page = ListingPage(
        listing=listing,
        owner_visible=owner_is_visible(user, listing),
        owner=owner_label(user, listing),
        status=status_label(listing),
        topics=[
            (number, catalogue.title_by_number.get(number, ""))
            for number in topic_numbers(listing, catalogue)
        ],
        partner_kinds=partner_kind_labels(listing),
        region=region_text(listing, districts),
        is_owner=owner,
        is_owner_side=owner_side,
        can_edit=editable and listing.status in EDITABLE_STATES,
        can_submit=editable and listing.status == ListingStatus.DRAFT,
        can_close=editable and not ended,
        can_review=can_review_listing(user, listing) and listing.status == ListingStatus.IN_REVIEW,
        can_decide=can_decide_interests(user, listing),
        can_send_interest=can_send_interest(user) and not owner,
    )
    if owner_side:
        page.interests = interest_rows_for_owner(user, listing)
        page.shows_matches = listing.is_open or listing.status in PREPARING_STATES
        if page.shows_matches:
            page.actor_matches = presentation.present_actor_matches(
                _safe(lambda: matches.actor_matches_for_listing(listing)),
                user=user,
                cluster=listing.cluster_id,
            )
            page.listing_matches = presentation.present_listing_hits(
                _safe(lambda: matches.listing_matches_for_listing(user, listing)), user=user
            )
    if is_authenticated(user) and not owner:
        page.own_interests = own_interest_rows(user, listing.cluster_id, listing)
        if listing.is_open:
            page.interest_choices = interest_actor_choices(user, listing)
    return page


def _safe(find) -> list:
    """Matches of a listing whose text has no searchable word are simply none."""
    try:
        return find()
    except engine.EmptyNeed:
        return []


# --- "Meine Inserate" ----------------------------------------------------------------------


@dataclass(frozen=True)
class StatusGroup:
    status: str
    label: str
    listings: list[Listing]


MY_LISTING_ORDER = (
    ListingStatus.DRAFT,
    ListingStatus.IN_REVIEW,
    ListingStatus.PUBLISHED,
    ListingStatus.EXPIRED,
    ListingStatus.CLOSED,
)


def my_listing_groups(user, cluster) -> list[StatusGroup]:
    """The listings of the user's organisations in `cluster` by status, each with its open
    interests counted (`pending_interests`)."""
    listings = (
        Listing.objects.filter(cluster=cluster, owner_actor_id__in=represented_actor_ids(user))
        .select_related("owner_actor")
        .annotate(
            pending_interests=Count("interests", filter=Q(interests__status=InterestStatus.PENDING))
        )
        .order_by("-updated_at", "-pk")
    )
    grouped: dict[str, list[Listing]] = {status: [] for status in MY_LISTING_ORDER}
    for listing in listings:
        status = ListingStatus.EXPIRED if listing.is_published and not listing.is_open else None
        grouped[status or listing.status].append(listing)
    return [
        StatusGroup(status, str(ListingStatus(status).label), grouped[status])
        for status in MY_LISTING_ORDER
        if grouped[status]
    ]


# --- Partner search ------------------------------------------------------------------------


def search_origin(user, cluster) -> Actor | None:
    """Where the partner search measures distances from: the first organisation (by name) the
    user represents in `cluster` that has a position; None for everybody else."""
    for actor in represented_actors_in(user, cluster).select_related("district"):
        if actor.position is not None:
            return actor
    return None


@dataclass(frozen=True)
class PartnerSearch:
    results: presentation.ActorResults
    origin: Actor | None  # distances are measured from here


def partner_search(
    text: str,
    *,
    user,
    cluster,
    partner_kinds=(),
    listing_kind: str = "",
    region_scope: str = "",
) -> PartnerSearch:
    """Actors for a free-text need asked in `cluster`, grouped and placed for `user`, with
    distances from the user's organisation (`search_origin`) when there is one; raises
    `engine.EmptyNeed` when there is nothing to search."""
    origin = search_origin(user, cluster)
    need = matches.free_text_need(
        text,
        cluster=cluster,
        partner_kinds=partner_kinds,
        listing_kind=listing_kind,
        region_scope=region_scope,
        origin=origin,
    )
    found = engine.match_actors(need, limit=PARTNER_SEARCH_LIMIT)
    return PartnerSearch(
        results=presentation.present_actor_matches(found, user=user, cluster=cluster),
        origin=origin,
    )


def district_choices() -> list:
    """The districts for the listing form, grouped (`actors.queries.district_choice_groups`)."""
    return district_choice_groups()
