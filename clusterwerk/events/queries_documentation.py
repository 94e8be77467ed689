"""Reads for the documentation of an event: attendance from the check-ins, counted per
organisation of the directory; who may answer the feedback survey; its results; what came out
of the event (follow-ups) and which of the linked objects a reader may open.

Attendees are the registrations with an entry check-in (an exit scan alone does not count,
several scans count once). Their organisation is the directory actor of the registration; a
person without one is counted as "nicht im Verzeichnis" – counted, never listed by the free
text they typed.

The feedback survey is for those who were there: registrations with an entry check-in. An
event at which nobody was checked in (no door check-in was used) lets every confirmed
registration answer instead.
"""

from collections import Counter
from dataclasses import dataclass, field
from statistics import mean

from django.db.models import Count, Exists, OuterRef, QuerySet

from clusterwerk.actors.models import Actor, ActorKind
from clusterwerk.events.models import (
    CheckIn,
    CheckInKind,
    Event,
    EventStatus,
    Feedback,
    FollowUp,
    FollowUpKind,
    Registration,
    RegistrationStatus,
)
from clusterwerk.matchmaking.queries import owner_actor_choices, visible_listings
from clusterwerk.participation.queries.records import linkable_proposals
from clusterwerk.projects.queries import cluster_projects

FEEDBACK_STATUSES = (EventStatus.HELD, EventStatus.DOCUMENTED)
RATINGS = (1, 2, 3, 4, 5)


def attendee_registrations(event: Event) -> QuerySet[Registration]:
    entry = CheckIn.objects.filter(registration=OuterRef("pk"), kind=CheckInKind.ENTRY)
    return Registration.objects.filter(event=event).filter(Exists(entry))


@dataclass
class AttendanceRow:
    actor: Actor
    count: int

    @property
    def kind_label(self) -> str:
        return str(ActorKind(self.actor.kind).label) if self.actor.kind else ""

    @property
    def district_name(self) -> str:
        return self.actor.district.name if self.actor.district_id else ""


@dataclass
class Attendance:
    rows: list[AttendanceRow] = field(default_factory=list)
    not_in_directory: int = 0

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows) + self.not_in_directory

    @property
    def organisations(self) -> int:
        return len(self.rows)

    def by_kind(self) -> list[tuple[str, int]]:
        """People per kind of organisation, most first."""
        counts = Counter()
        for row in self.rows:
            counts[row.kind_label] += row.count
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def attendance_by_organisation(event: Event) -> Attendance:
    """Attendees per directory organisation (most first, then by name), with kind and
    district; people without a directory organisation counted apart."""
    grouped = (
        attendee_registrations(event).values("actor_id").annotate(people=Count("pk")).order_by()
    )
    counts = {row["actor_id"]: row["people"] for row in grouped}
    not_in_directory = counts.pop(None, 0)
    actors = Actor.objects.filter(pk__in=counts).select_related("district")
    rows = [AttendanceRow(actor=actor, count=counts[actor.pk]) for actor in actors]
    rows.sort(key=lambda row: (-row.count, row.actor.name.casefold()))
    return Attendance(rows=rows, not_in_directory=not_in_directory)


def attendee_organisations(event: Event) -> QuerySet[Actor]:
    return Actor.objects.filter(
        pk__in=attendee_registrations(event).exclude(actor=None).values("actor_id")
    ).order_by("name")


# --- Follow-ups ------------------------------------------------------------------------------


def listing_owner_choices(user, event: Event) -> QuerySet[Actor]:
    """Attendees' organisations the organiser may create a listing for."""
    return owner_actor_choices(user, event.cluster).filter(
        pk__in=attendee_organisations(event).values("pk")
    )


def linkable_listings(user, event: Event):
    """Listings of attendees' organisations the organiser sees, newest first."""
    return (
        visible_listings(user, event.cluster)
        .filter(owner_actor__in=attendee_organisations(event).values("pk"))
        .select_related("owner_actor")
        .order_by("-created_at", "-pk")
    )


def linkable_projects(user, event: Event):
    return cluster_projects(user, event.cluster).order_by("-created_at", "-pk")


def linkable_edition_proposals(event: Event):
    return linkable_proposals(event.cluster)


def follow_ups(event: Event) -> QuerySet[FollowUp]:
    return event.follow_ups.select_related(
        "listing", "listing__owner_actor", "project", "proposal", "proposal__consultation"
    )


@dataclass
class FollowUpItem:
    follow_up: FollowUp
    url: str = ""
    target: str = ""


def follow_up_items(user, event: Event) -> list[FollowUpItem]:
    """The event's follow-ups, each with the address of its linked object if `user` may
    open it (a listing the reader sees, a project the reader sees, a proposal not hidden)."""
    items = list(follow_ups(event))
    listing_ids = {item.listing_id for item in items if item.listing_id}
    project_ids = {item.project_id for item in items if item.project_id}
    open_listings = set(
        visible_listings(user, event.cluster)
        .filter(pk__in=listing_ids)
        .values_list("pk", flat=True)
    )
    open_projects = set(
        cluster_projects(user, event.cluster)
        .filter(pk__in=project_ids)
        .values_list("pk", flat=True)
    )
    result = []
    for item in items:
        entry = FollowUpItem(follow_up=item)
        if item.listing_id in open_listings:
            entry.url, entry.target = item.listing.get_absolute_url(), item.listing.title
        elif item.project_id in open_projects:
            entry.url, entry.target = item.project.get_absolute_url(), item.project.title
        elif item.proposal_id and not item.proposal.is_hidden:
            entry.url = item.proposal.get_absolute_url()
            entry.target = item.proposal.title or str(item.proposal.consultation)
        result.append(entry)
    return result


def follow_up_counts(event: Event) -> dict[str, int]:
    counts = dict(event.follow_ups.values_list("kind").annotate(n=Count("pk")).order_by())
    return {kind: counts.get(kind, 0) for kind in FollowUpKind.values}


# --- Feedback --------------------------------------------------------------------------------


def uses_check_in(event: Event) -> bool:
    return CheckIn.objects.filter(registration__event=event, kind=CheckInKind.ENTRY).exists()


def may_give_feedback(registration: Registration) -> bool:
    """Was the person there? An entry check-in; at an event without check-ins, a confirmed
    registration."""
    if registration.check_ins.filter(kind=CheckInKind.ENTRY).exists():
        return True
    if registration.status != RegistrationStatus.CONFIRMED:
        return False
    return not uses_check_in(registration.event)


def feedback_registration(user, event: Event) -> Registration | None:
    """The user's registration for `event` that may answer the survey (or None)."""
    if not (user and user.is_authenticated):
        return None
    for registration in event.registrations.filter(user=user).order_by("-created_at", "-pk"):
        if may_give_feedback(registration):
            return registration
    return None


@dataclass
class FeedbackResults:
    count: int
    mean: float | None
    distribution: dict[int, int]
    texts: list[str]

    @property
    def bars(self) -> list[tuple[int, int, int]]:
        """(rating, count, percent of answers) from 5 down to 1."""
        return [
            (rating, self.distribution[rating], round(100 * self.distribution[rating] / self.count))
            if self.count
            else (rating, 0, 0)
            for rating in reversed(RATINGS)
        ]


def feedback_results(event: Event) -> FeedbackResults:
    """n, the mean rating (one decimal), how many gave each rating, and the texts (newest
    first, without names)."""
    answers = list(
        Feedback.objects.filter(registration__event=event)
        .order_by("-created_at", "-pk")
        .values_list("rating", "text")
    )
    ratings = [rating for rating, _text in answers]
    counts = Counter(ratings)
    return FeedbackResults(
        count=len(answers),
        mean=round(mean(ratings), 1) if ratings else None,
        distribution={rating: counts.get(rating, 0) for rating in RATINGS},
        texts=[text.strip() for _rating, text in answers if text.strip()],
    )
