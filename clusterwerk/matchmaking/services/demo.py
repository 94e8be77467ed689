"""The bulk writes of the demo listings (`matchmaking.demo`): replace a cluster's demo
listings with new ones, with their topic areas, districts and expressions of interest, in a
few bulk queries; delete demo listings. Written by the cluster's management or the system
(`system_user()`, as `seed_demo` does)."""

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import has_all_rights, manages_cluster
from clusterwerk.actors.models import District
from clusterwerk.core import versions
from clusterwerk.core.models import Cluster
from clusterwerk.core.versions import changes
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.matchmaking.models import (
    Interest,
    InterestStatus,
    Listing,
    ListingTopicArea,
    RegionScope,
)

# The owner's author decided these (withdrawn ones the sender did).
DECIDED_BY_OWNER = (InterestStatus.ACCEPTED, InterestStatus.DECLINED)


@dataclass(frozen=True)
class DemoInterest:
    actor_id: int
    status: str
    message: str
    sent_at: datetime.datetime
    decided_at: datetime.datetime | None
    decision_note: str = ""


@dataclass(frozen=True)
class DemoListing:
    """A demo listing as it is stored; `topics` are numbers of the cluster's published edition
    (unknown ones are left out), `districts` Kreisschlüssel (a district region without any
    known district becomes Berlin-Brandenburg)."""

    owner_id: int
    created_by: object | None
    kind: str
    title: str
    description: str
    keywords: tuple[str, ...]
    partner_kinds: tuple[str, ...]
    region_scope: str
    radius_km: int | None
    districts: tuple[str, ...]
    maturity: str
    expires_on: datetime.date
    is_anonymous: bool
    status: str
    cross_cluster: bool
    created_at: datetime.datetime
    submitted_at: datetime.datetime | None
    published_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    topics: tuple[str, ...] = ()
    interests: tuple[DemoInterest, ...] = ()


def demo_listings(cluster: Cluster | None = None):
    """The demo listings of a cluster (of every cluster for None)."""
    listings = Listing.objects.filter(is_demo=True)
    return listings.filter(cluster=cluster) if cluster is not None else listings


def _check(user, cluster: Cluster | None) -> None:
    allowed = has_all_rights(user) if cluster is None else manages_cluster(user, cluster)
    if not allowed:
        raise PermissionDenied(_("Demo-Inserate legt das Clustermanagement oder das System an."))


@changes(versions.MATCHMAKING)
@transaction.atomic
def delete_demo_listings(*, user, cluster: Cluster | None = None) -> int:
    """Delete the demo listings of `cluster` (of every cluster for None: the system only),
    with their interests and topic tags. Returns how many."""
    _check(user, cluster)
    listings = demo_listings(cluster)
    count = listings.count()
    if count:
        listings.delete()
    return count


@changes(versions.MATCHMAKING)
@transaction.atomic
def replace_demo_listings(*, user, cluster: Cluster, listings: list[DemoListing]) -> int:
    """Delete the cluster's demo listings and store `listings` instead (all `is_demo`).
    Returns how many were deleted."""
    _check(user, cluster)
    deleted = delete_demo_listings(user=user, cluster=cluster)
    lineages = topic_catalogue(cluster).lineage_by_number
    wanted = {ags for listing in listings for ags in listing.districts}
    districts = {d.ags: d for d in District.objects.filter(ags__in=wanted)}
    rows = [_listing_row(cluster, listing, districts) for listing in listings]
    Listing.objects.bulk_create(rows)
    for row, listing in zip(rows, listings, strict=True):
        row.created_at = listing.created_at  # auto_now_add set "now" on insert
    Listing.objects.bulk_update(rows, ["created_at"])

    topics, district_links, interests, sent = [], [], [], []
    through = Listing.districts.through
    for row, listing in zip(rows, listings, strict=True):
        topics += [
            ListingTopicArea(listing=row, lineage=uuid.UUID(lineages[number]))
            for number in listing.topics
            if number in lineages
        ]
        if row.region_scope == RegionScope.DISTRICTS:
            district_links += [
                through(listing_id=row.pk, district_id=districts[ags].pk)
                for ags in listing.districts
                if ags in districts
            ]
        for entry in listing.interests:
            interests.append(
                Interest(
                    listing=row,
                    actor_id=entry.actor_id,
                    message=entry.message,
                    status=entry.status,
                    decided_at=entry.decided_at,
                    decided_by=row.created_by if entry.status in DECIDED_BY_OWNER else None,
                    decision_note=entry.decision_note,
                )
            )
            sent.append(entry.sent_at)
    ListingTopicArea.objects.bulk_create(topics)
    through.objects.bulk_create(district_links)
    Interest.objects.bulk_create(interests)
    for interest, moment in zip(interests, sent, strict=True):
        interest.created_at = moment  # auto_now_add set "now" on insert
    Interest.objects.bulk_update(interests, ["created_at"])
    return deleted


def _listing_row(cluster: Cluster, listing: DemoListing, districts: dict) -> Listing:
    region = listing.region_scope
    if region == RegionScope.DISTRICTS and not any(a in districts for a in listing.districts):
        region = RegionScope.BERLIN_BRANDENBURG
    return Listing(
        cluster=cluster,
        owner_actor_id=listing.owner_id,
        created_by=listing.created_by,
        kind=listing.kind,
        title=listing.title,
        description=listing.description,
        keywords=list(listing.keywords),
        partner_kinds=[str(kind) for kind in listing.partner_kinds],
        region_scope=region,
        radius_km=listing.radius_km if region == RegionScope.RADIUS else None,
        maturity=listing.maturity,
        expires_on=listing.expires_on,
        is_anonymous=listing.is_anonymous,
        status=listing.status,
        cross_cluster=listing.cross_cluster,
        submitted_at=listing.submitted_at,
        published_at=listing.published_at,
        closed_at=listing.closed_at,
        is_demo=True,
    )


# --- The demo conversation -----------------------------------------------------------------


@dataclass(frozen=True)
class DemoMessage:
    author: object  # a user
    actor_id: int
    body: str
    at: datetime.datetime


@dataclass(frozen=True)
class DemoMeeting:
    proposed_by: object
    proposer_actor_id: int
    at: datetime.datetime
    options: tuple[datetime.datetime, ...]
    duration_minutes: int
    place: str
    note: str
    chosen: int | None  # index into `options`; None: still open
    decided_by: object | None
    decided_at: datetime.datetime | None


@dataclass(frozen=True)
class DemoOutcome:
    value: str
    recorded_by: object
    actor_id: int
    at: datetime.datetime


@changes(versions.MATCHMAKING)
@transaction.atomic
def replace_demo_conversation(
    *,
    user,
    interest: Interest,
    messages: list[DemoMessage],
    meeting: DemoMeeting | None,
    outcome: DemoOutcome | None,
    read_up_to: dict,
) -> None:
    """Write the conversation of a demo listing's accepted interest (no e-mails): its old
    messages, meetings, outcomes and read state are replaced. `read_up_to` maps a user to the
    moment they have read the thread to."""
    from clusterwerk.matchmaking.models import (
        ConversationRead,
        InterestOutcome,
        MeetingOption,
        MeetingProposal,
        MeetingStatus,
        Message,
    )

    _check(user, interest.listing.cluster)
    if not (interest.listing.is_demo and interest.status == InterestStatus.ACCEPTED):
        raise PermissionDenied(_("Demo-Gespräche gibt es nur zu angenommenen Demo-Inseraten."))
    interest.messages.all().delete()
    interest.meetings.all().delete()
    interest.outcomes.all().delete()
    interest.reads.all().delete()
    Message.objects.bulk_create(
        Message(
            interest=interest,
            author=entry.author,
            author_actor_id=entry.actor_id,
            body=entry.body,
            created_at=entry.at,
        )
        for entry in messages
    )
    if meeting is not None:
        proposal = MeetingProposal.objects.create(
            interest=interest,
            proposed_by=meeting.proposed_by,
            proposer_actor_id=meeting.proposer_actor_id,
            duration_minutes=meeting.duration_minutes,
            place=meeting.place,
            note=meeting.note,
            created_at=meeting.at,
        )
        options = MeetingOption.objects.bulk_create(
            MeetingOption(proposal=proposal, starts_at=moment) for moment in meeting.options
        )
        if meeting.chosen is not None:
            proposal.status = MeetingStatus.CONFIRMED
            proposal.chosen = options[meeting.chosen]
            proposal.decided_by = meeting.decided_by
            proposal.decided_at = meeting.decided_at
            proposal.save(update_fields=["status", "chosen", "decided_by", "decided_at"])
    if outcome is not None:
        InterestOutcome.objects.create(
            interest=interest,
            outcome=outcome.value,
            recorded_by=outcome.recorded_by,
            recorded_for_id=outcome.actor_id,
            created_at=outcome.at,
        )
    interest.outcome = outcome.value if outcome else ""
    interest.outcome_at = outcome.at if outcome else None
    interest.outcome_by = outcome.recorded_by if outcome else None
    interest.save(update_fields=["outcome", "outcome_at", "outcome_by"])
    ConversationRead.objects.bulk_create(
        ConversationRead(interest=interest, user=reader, last_read_at=moment)
        for reader, moment in read_up_to.items()
        if reader is not None
    )
