"""Reads of the Kooperationsbörse that follow rules: which listings a user sees, whether the
owner of an anonymous listing may be shown, whose contact a user may see, the review queue,
saved-search hits and the brokerage pipeline.

Everything is read for one cluster, given explicitly (the request's): a listing of another
cluster is not found through the funnel of this one, whoever asks.

The anonymity rule lives in `owner_is_visible` only; pages, API, e-mails and exports ask it
(or use `owner_label`) before they name an owner.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import (
    is_authenticated,
    is_cluster_member,
    manages_cluster,
    represented_actor_ids,
)
from clusterwerk.actors.models import Actor, ActorStatus, Visibility
from clusterwerk.core.dates import iter_months
from clusterwerk.core.text import document_matches, index_terms, parse_query
from clusterwerk.matchmaking.models import (
    ContactOutcome,
    ConversationRead,
    Interest,
    InterestStatus,
    Listing,
    ListingKind,
    ListingStatus,
    MeetingProposal,
    Message,
    ReportStatus,
    SavedSearch,
)
from clusterwerk.matchmaking.permissions import (
    can_edit_listing,
    can_read_conversation,
    is_listing_owner,
    represented_member_ids,
)

LISTING_PAGE_SIZE = 20


def open_listings(cluster) -> QuerySet[Listing]:
    """The cluster's listings that are published and not past their expiry date: what
    everybody sees and what is matched."""
    return Listing.objects.filter(
        cluster=cluster, status=ListingStatus.PUBLISHED, expires_on__gte=timezone.localdate()
    )


def listing_visibility_condition(user, cluster) -> Q:
    """Which listings of `cluster` the user sees: the open ones; the own organisations' and
    those they answered in any status; every one for the cluster's management."""
    condition = Q(status=ListingStatus.PUBLISHED, expires_on__gte=timezone.localdate())
    if manages_cluster(user, cluster):
        condition = Q()
    else:
        actor_ids = represented_actor_ids(user)
        if actor_ids:
            # Whoever answered a listing keeps its page (and, once accepted, the contact)
            # after it expires or closes.
            answered = Interest.objects.filter(actor_id__in=actor_ids).values("listing_id")
            condition |= Q(owner_actor_id__in=actor_ids) | Q(pk__in=answered)
    return Q(cluster=cluster) & condition


def visible_listings(user, cluster) -> QuerySet[Listing]:
    return Listing.objects.filter(listing_visibility_condition(user, cluster))


def get_listing_for_user(user, cluster, pk: int, *, write: bool = False) -> Listing:
    """The access funnel for one listing of `cluster`: 404 when the user may not see it (or it
    belongs to another cluster), 403 when `write` and the user may not edit it."""
    from django.core.exceptions import PermissionDenied

    try:
        listing = (
            visible_listings(user, cluster)
            .select_related("owner_actor", "owner_actor__district", "cluster", "created_by")
            .get(pk=pk)
        )
    except (Listing.DoesNotExist, ValueError, OverflowError):
        raise Http404(_("Dieses Inserat gibt es nicht oder es ist nicht mehr sichtbar.")) from None
    if write and not can_edit_listing(user, listing):
        raise PermissionDenied(_("Nur der Anbieter und das Clustermanagement ändern Inserate."))
    return listing


def shared_listings(user, cluster, *, clusters=None) -> QuerySet[Listing]:
    """The open listings of the OTHER clusters of the instance whose owners share them with
    the other clusters (`shared_with_other_clusters`): for the members of `cluster` only (a
    role in it, representing one of its member organisations, or managing it); nothing for
    anybody else, anonymous visitors included. `clusters` narrows them to these clusters
    (ids or objects). Name owners with `owner_label` – anonymity holds across clusters."""
    if not is_cluster_member(user, cluster):
        return Listing.objects.none()
    cluster_id = cluster if isinstance(cluster, int) else cluster.pk
    listings = Listing.objects.filter(
        shared_with_other_clusters=True,
        status=ListingStatus.PUBLISHED,
        expires_on__gte=timezone.localdate(),
    ).exclude(cluster_id=cluster_id)
    if clusters is not None:
        ids = [c if isinstance(c, int) else c.pk for c in clusters]
        listings = listings.filter(cluster_id__in=ids)
    return listings.select_related("cluster", "owner_actor", "owner_actor__district").order_by(
        "cluster__name", "-published_at", "-pk"
    )


# --- Anonymity -----------------------------------------------------------------------------


def accepted_listing_ids(user) -> set[int]:
    """Listings on which one of the user's organisations has an accepted interest."""
    actor_ids = represented_actor_ids(user)
    if not actor_ids:
        return set()
    cached = getattr(user, "_accepted_listing_ids", None)
    if cached is None:
        cached = set(
            Interest.objects.filter(
                actor_id__in=actor_ids, status=InterestStatus.ACCEPTED
            ).values_list("listing_id", flat=True)
        )
        user._accepted_listing_ids = cached
    return cached


def owner_is_visible(user, listing: Listing) -> bool:
    """Whether the user may learn which organisation stands behind the listing."""
    if not listing.is_anonymous:
        return True
    if not is_authenticated(user):
        return False
    return (
        is_listing_owner(user, listing)
        or manages_cluster(user, listing.cluster_id)
        or listing.pk in accepted_listing_ids(user)
    )


def owner_label(user, listing: Listing) -> str:
    """The owner's name, or a neutral label that gives nothing away."""
    if owner_is_visible(user, listing):
        return listing.owner_actor.name
    return _("Anonymer Anbieter (%(kind)s)") % {"kind": listing.owner_actor.get_kind_display()}


# --- Browsing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListingFilters:
    query: str = ""
    kinds: tuple[str, ...] = ()
    topic_lineage: str = ""
    mine: bool = False

    @classmethod
    def from_params(cls, params, catalogue) -> "ListingFilters":
        kinds = tuple(k for k in params.getlist("kind") if k in ListingKind.values)
        topic = params.get("topic", "").strip()
        return cls(
            query=params.get("q", "").strip()[:300],
            kinds=kinds,
            topic_lineage=catalogue.lineage_by_number.get(topic, ""),
            mine=params.get("mine") == "1",
        )


def listing_matches_filters(listing: Listing, filters: ListingFilters) -> bool:
    """Text (all words, German word forms and synonyms), kind and topic area."""
    if filters.kinds and listing.kind not in filters.kinds:
        return False
    if filters.topic_lineage and filters.topic_lineage not in topic_lineages(listing):
        return False
    if filters.query:
        return listing_matches_terms(listing, parse_query(filters.query))
    return True


def listing_matches_terms(listing: Listing, terms: list) -> bool:
    """All words of a parsed query (`core.text.parse_query`) in the listing's text, with
    German word forms and synonyms; no words match everything."""
    return not terms or document_matches(terms, index_terms(listing.match_text))


def topic_lineages(listing: Listing) -> set[str]:
    # Uses the prefetched topics when the caller prefetched them.
    return {str(topic.lineage) for topic in listing.topics.all()}


def filtered_listings(user, cluster, filters: ListingFilters) -> list[Listing]:
    listings = visible_listings(user, cluster)
    if filters.mine:
        listings = listings.filter(owner_actor_id__in=represented_actor_ids(user))
    if filters.kinds:
        listings = listings.filter(kind__in=filters.kinds)
    listings = listings.select_related("owner_actor", "owner_actor__district").prefetch_related(
        "topics"
    )
    return [listing for listing in listings if listing_matches_filters(listing, filters)]


def listings_in_review(user, cluster) -> QuerySet[Listing]:
    """The cluster's listings waiting for review: for its management only."""
    if not manages_cluster(user, cluster):
        return Listing.objects.none()
    return (
        Listing.objects.filter(cluster=cluster, status=ListingStatus.IN_REVIEW)
        .select_related("owner_actor", "created_by")
        .order_by("submitted_at", "pk")
    )


def review_count(user, cluster) -> int | None:
    """How many listings of the cluster wait for review; None for all but its management."""
    if not manages_cluster(user, cluster):
        return None
    return listings_in_review(user, cluster).count()


def owner_actor_choices(user, cluster) -> QuerySet[Actor]:
    """The organisations of `cluster` the user may create listings for there: those they
    represent, and for the cluster's management all of them (never archived ones)."""
    if not is_authenticated(user):
        return Actor.objects.none()
    actors = Actor.objects.filter(memberships__cluster=cluster).exclude(status=ActorStatus.ARCHIVED)
    if manages_cluster(user, cluster):
        return actors
    return actors.filter(pk__in=represented_member_ids(user, cluster))


# --- Interests and contacts ----------------------------------------------------------------


def interests_for_owner(user, listing: Listing) -> QuerySet[Interest]:
    """The interests the owner (and the cluster management) see on a listing."""
    if not (is_listing_owner(user, listing) or manages_cluster(user, listing.cluster_id)):
        return Interest.objects.none()
    return listing.interests.select_related("actor", "sender").order_by("-created_at")


def own_interests(user, cluster, listing: Listing | None = None) -> QuerySet[Interest]:
    """Interests the user's organisations sent to listings of `cluster` (on one listing, or
    all)."""
    interests = Interest.objects.filter(
        actor_id__in=represented_actor_ids(user), listing__cluster=cluster
    )
    if listing is not None:
        interests = interests.filter(listing=listing)
    return interests.select_related("listing", "listing__owner_actor", "actor").order_by(
        "-created_at"
    )


@dataclass(frozen=True)
class Contact:
    organisation: str
    organisation_url: str
    person: str
    email: str


def contact_of_interested(interest: Interest) -> Contact:
    sender = interest.sender
    return Contact(
        organisation=interest.actor.name,
        organisation_url=interest.actor.get_absolute_url(),
        person=(sender.get_full_name() or sender.email) if sender else "",
        email=sender.email if sender else interest.actor.email,
    )


def contact_of_owner(listing: Listing) -> Contact:
    person = listing.created_by
    return Contact(
        organisation=listing.owner_actor.name,
        organisation_url=listing.owner_actor.get_absolute_url(),
        person=(person.get_full_name() or person.email) if person else "",
        email=person.email if person else listing.owner_actor.email,
    )


def visible_contacts_for_interest(user, interest: Interest) -> list[Contact]:
    """After acceptance, the owner sees the interested party's contact and vice versa."""
    if not interest.is_accepted:
        return []
    listing = interest.listing
    contacts = []
    if is_listing_owner(user, listing) or manages_cluster(user, listing.cluster_id):
        contacts.append(contact_of_interested(interest))
    if interest.actor_id in represented_actor_ids(user) or manages_cluster(
        user, listing.cluster_id
    ):
        contacts.append(contact_of_owner(listing))
    return contacts


# --- Saved searches ------------------------------------------------------------------------


def saved_search_filters(search: SavedSearch) -> ListingFilters:
    return ListingFilters(
        query=search.query,
        kinds=tuple(search.kinds or ()),
        topic_lineage=str(search.topic_lineage) if search.topic_lineage else "",
    )


def new_hits(search: SavedSearch, since: datetime.datetime) -> list[Listing]:
    """Open listings of the search's cluster published after `since` that meet the saved
    search (not the user's own)."""
    listings = (
        open_listings(search.cluster_id)
        .filter(published_at__gt=since)
        .exclude(owner_actor_id__in=represented_actor_ids(search.user))
        .select_related("owner_actor__district", "cluster")
        .prefetch_related("topics")
        .order_by("-published_at", "-pk")
    )
    filters = saved_search_filters(search)
    return [listing for listing in listings if listing_matches_filters(listing, filters)]


def new_hit_count(user, cluster) -> int:
    """The in-app "neue Treffer" count: unseen hits over the user's saved searches in
    `cluster` (each listing counts once); three queries however many searches there are."""
    return len({pk for _search, hits in _unseen_hits(user, cluster) for pk in hits})


def _unseen_hits(user, cluster) -> list[tuple[SavedSearch, list[int]]]:
    """The user's saved searches in `cluster`, each with the ids of the listings `new_hits`
    finds for it since it was last seen; read in one go for all searches."""
    if not is_authenticated(user):
        return []
    searches = list(user.saved_searches.filter(cluster=cluster).order_by("name", "pk"))
    if not searches:
        return []
    since = min(search.last_seen_at for search in searches)
    candidates = list(
        open_listings(cluster)
        .filter(published_at__gt=since)
        .exclude(owner_actor_id__in=represented_actor_ids(user))
        .prefetch_related("topics")
    )
    hits = []
    for search in searches:
        filters = saved_search_filters(search)
        hits.append(
            (
                search,
                [
                    listing.pk
                    for listing in candidates
                    if listing.published_at > search.last_seen_at
                    and listing_matches_filters(listing, filters)
                ],
            )
        )
    return hits


def new_hits_by_search(user, cluster) -> list[tuple[SavedSearch, int]]:
    """The user's saved searches in `cluster` with the number of their unseen hits each (as
    `new_hits` counts them), in three queries however many searches there are."""
    return [(search, len(hits)) for search, hits in _unseen_hits(user, cluster)]


# --- The representative's own listings and interests ("Mein Bereich") ------------------------


def listings_of_user(user, cluster) -> QuerySet[Listing]:
    """The listings of `cluster` that the user's organisations offer (not the closed ones),
    recently changed first, with `pending_interests` (open interests to answer) and
    `interest_total`."""
    actor_ids = represented_actor_ids(user)
    if not actor_ids:
        return Listing.objects.none()
    return (
        Listing.objects.filter(cluster=cluster, owner_actor_id__in=actor_ids)
        .exclude(status=ListingStatus.CLOSED)
        .select_related("owner_actor")
        .annotate(
            pending_interests=Count(
                "interests", filter=Q(interests__status=InterestStatus.PENDING)
            ),
            interest_total=Count("interests"),
        )
        .order_by("-updated_at", "-pk")
    )


def interests_to_answer(user, cluster) -> QuerySet[Interest]:
    """Open interests in the listings of `cluster` that the user's organisations offer,
    oldest first."""
    actor_ids = represented_actor_ids(user)
    if not actor_ids:
        return Interest.objects.none()
    return (
        Interest.objects.filter(
            listing__cluster=cluster,
            listing__owner_actor_id__in=actor_ids,
            status=InterestStatus.PENDING,
        )
        .select_related("listing", "actor")
        .order_by("created_at", "pk")
    )


# --- Brokerage pipeline --------------------------------------------------------------------


@dataclass(frozen=True)
class PipelineMonth:
    month: datetime.date
    listings: int
    interests: int
    accepted: int
    # Outcomes of accepted contacts, counted in the month of the outcome last recorded.
    cooperation: int = 0
    project_idea: int = 0
    no_need: int = 0


OUTCOME_KEYS = tuple(ContactOutcome.values)  # ("cooperation", "project_idea", "no_need")


def brokerage_pipeline(
    cluster_ids, start: datetime.date, end: datetime.date
) -> list[PipelineMonth]:
    """Per month: listings published, interests sent, interests accepted (contacts made), and
    the outcomes of the contacts (each contact once, by the outcome last recorded)."""
    listings = _monthly(
        Listing.objects.filter(cluster_id__in=cluster_ids, published_at__isnull=False),
        "published_at",
        start,
        end,
    )
    interests = Interest.objects.filter(listing__cluster_id__in=cluster_ids)
    sent = _monthly(interests, "created_at", start, end)
    accepted = _monthly(
        interests.filter(status=InterestStatus.ACCEPTED, decided_at__isnull=False),
        "decided_at",
        start,
        end,
    )
    outcomes = _monthly(
        interests.filter(status=InterestStatus.ACCEPTED, outcome_at__isnull=False).exclude(
            outcome=""
        ),
        "outcome_at",
        start,
        end,
        by="outcome",
    )
    return [
        PipelineMonth(
            month,
            listings[month],
            sent[month],
            accepted[month],
            **{key: outcomes[(month, key)] for key in OUTCOME_KEYS},
        )
        for month in iter_months(start, end)
    ]


def _monthly(
    queryset, field: str, start: datetime.date, end: datetime.date, *, by: str = ""
) -> Counter:
    """Counts per month (the first of it), or per (month, value of `by`)."""
    groups = ["month", by] if by else ["month"]
    rows = (
        queryset.filter(**{f"{field}__date__gte": start, f"{field}__date__lte": end})
        .annotate(month=TruncMonth(field))
        .values(*groups)
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts: Counter = Counter()
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        month = month.replace(day=1)
        counts[(month, row[by]) if by else month] += row["count"]
    return counts


def brokerage_totals(cluster_ids, year: int) -> dict[str, int]:
    """The year's figures for the monitoring report."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    months = brokerage_pipeline(cluster_ids, start, end)
    return {
        "listings": sum(m.listings for m in months),
        "interests": sum(m.interests for m in months),
        "accepted": sum(m.accepted for m in months),
        **{key: sum(getattr(m, key) for m in months) for key in OUTCOME_KEYS},
    }


# --- Conversations of accepted interests -----------------------------------------------------


def get_conversation_for_user(user, cluster, pk: int) -> Interest:
    """The access funnel for the conversation of an interest on a listing of `cluster`: it
    exists once the interest is accepted; the participants and the cluster's management read
    it, everybody else (and anybody asking in another cluster) gets 404."""
    if not is_authenticated(user):
        raise Http404
    try:
        interest = (
            Interest.objects.filter(listing__cluster=cluster, status=InterestStatus.ACCEPTED)
            .select_related("listing", "listing__owner_actor", "listing__cluster", "actor")
            .get(pk=pk)
        )
    except (Interest.DoesNotExist, ValueError, OverflowError):
        raise Http404(_("Dieses Gespräch gibt es nicht.")) from None
    if not can_read_conversation(user, interest):
        raise Http404(_("Dieses Gespräch gibt es nicht."))
    return interest


def participant_users(actor_id: int) -> QuerySet:
    """The active accounts that act for the organisation in its conversations."""
    return (
        get_user_model()
        .objects.filter(represented_actors__actor_id=actor_id, is_active=True)
        .order_by("pk")
    )


def thread_messages(interest: Interest) -> QuerySet[Message]:
    return interest.messages.select_related("author", "author_actor").order_by("created_at", "pk")


def unread_counts(user, interest_ids) -> dict[int, int]:
    """Per conversation: the messages of others the user has not read yet (hidden ones not
    counted); two queries for any number of conversations."""
    interest_ids = list(interest_ids)
    if not interest_ids or not is_authenticated(user):
        return {}
    read_up_to = dict(
        ConversationRead.objects.filter(
            user=user, interest_id__in=interest_ids, last_read_at__isnull=False
        ).values_list("interest_id", "last_read_at")
    )
    condition = Q(interest_id__in=[pk for pk in interest_ids if pk not in read_up_to])
    for interest_id, moment in read_up_to.items():
        condition |= Q(interest_id=interest_id, created_at__gt=moment)
    rows = (
        Message.objects.filter(condition, hidden_at__isnull=True)
        .exclude(author=user)
        .values("interest_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["interest_id"]: row["count"] for row in rows}


def conversations_of_user(user, cluster) -> QuerySet[Interest]:
    """The accepted interests on listings of `cluster` whose conversation the user takes part
    in (for either side), most recent first."""
    actor_ids = represented_actor_ids(user)
    if not actor_ids:
        return Interest.objects.none()
    return (
        Interest.objects.filter(
            Q(actor_id__in=actor_ids) | Q(listing__owner_actor_id__in=actor_ids),
            listing__cluster=cluster,
            status=InterestStatus.ACCEPTED,
        )
        .select_related("listing", "actor", "listing__owner_actor")
        .order_by("-decided_at", "-pk")
    )


def unread_message_total(user, cluster) -> int:
    """All unread messages in the user's conversations of `cluster` (the dashboard's count)."""
    ids = conversations_of_user(user, cluster).values_list("pk", flat=True)
    return sum(unread_counts(user, ids).values())


@dataclass(frozen=True)
class NamedContact:
    name: str
    function: str
    phone: str
    email: str


@dataclass(frozen=True)
class SideContact:
    """The contact of one organisation as the other side of a conversation sees it."""

    organisation: str
    organisation_url: str
    persons: list[NamedContact]
    general_email: str
    general_phone: str

    @property
    def is_fallback(self) -> bool:
        """No named person may be shown: the organisation's general contact stands in."""
        return not self.persons


def side_contact(actor: Actor) -> SideContact:
    """The named contact persons of `actor` the partner of an accepted interest may see: those
    who consented to being shown to the public or to logged-in members (the accepted partner
    is treated as such a member, whichever cluster it belongs to); never the ones without
    consent nor those kept for the cluster management. With no such person, the
    organisation's general e-mail and phone stand in (`is_fallback`)."""
    persons = [
        NamedContact(person.name, person.function, person.phone, person.email)
        for person in actor.contacts.filter(
            consent=True, visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS]
        ).order_by("order", "pk")
    ]
    return SideContact(
        organisation=actor.name,
        organisation_url=actor.get_absolute_url(),
        persons=persons,
        general_email=actor.email if not persons else "",
        general_phone=actor.phone if not persons else "",
    )


def other_side(interest: Interest, side_actor_id: int | None) -> Actor:
    """The organisation across the table from `side_actor_id` (for the cluster management,
    who is on neither side: the interested organisation)."""
    if side_actor_id == interest.actor_id:
        return interest.listing.owner_actor
    return interest.actor


def meetings_of(interest: Interest) -> QuerySet[MeetingProposal]:
    return (
        interest.meetings.select_related("proposed_by", "proposer_actor", "chosen")
        .prefetch_related("options")
        .order_by("-created_at", "-pk")
    )


def reported_messages(cluster) -> QuerySet[Message]:
    """Messages of `cluster`'s conversations with open reports, for its management: the one
    reported first first, each with `open_reports` and `first_report_at`."""
    is_open = Q(reports__status=ReportStatus.OPEN)
    return (
        Message.objects.filter(interest__listing__cluster=cluster)
        .annotate(
            open_reports=Count("reports", filter=is_open),
            first_report_at=Min("reports__created_at", filter=is_open),
        )
        .filter(open_reports__gt=0)
        .select_related("author", "author_actor", "interest__listing", "interest__actor")
        .order_by("first_report_at", "pk")
    )


def get_message_in_cluster(cluster, pk: int) -> Message:
    try:
        return Message.objects.select_related(
            "interest__listing", "interest__actor", "interest__listing__owner_actor"
        ).get(pk=pk, interest__listing__cluster=cluster)
    except (Message.DoesNotExist, ValueError, OverflowError):
        raise Http404(_("Diese Nachricht gibt es nicht.")) from None
