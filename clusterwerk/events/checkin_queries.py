"""Reads for the door: the attendance counters, the search by name or organisation, the
last scans, a ticket by its code, and the directory's organisations for a late
registration. The pages and the API (`api_checkin`) read the same."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from clusterwerk.actors.models import Actor, ActorStatus, ClusterMembership
from clusterwerk.core.models import Cluster
from clusterwerk.events.models import (
    ACTIVE_STATUSES,
    CheckIn,
    CheckInKind,
    Event,
    Registration,
    RegistrationStatus,
)

MAX_RESULTS = 25
MAX_QUERY_LENGTH = 100
MAX_WORDS = 6
RECENT_SCANS = 10
MAX_ORGANISATIONS = 8


@dataclass(frozen=True)
class Attendance:
    registered: int  # confirmed registrations: the people expected at the door
    inside: int  # whose last scan is an entry
    left: int  # whose last scan is an exit

    def as_dict(self) -> dict:
        return {"registered": self.registered, "inside": self.inside, "left": self.left}


def _last_scan(field: str) -> Subquery:
    return Subquery(
        CheckIn.objects.filter(registration=OuterRef("pk"))
        .order_by("-scanned_at", "-id")
        .values(field)[:1]
    )


def with_last_scan(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """Annotates `last_kind` and `last_scanned_at` (None before the first scan)."""
    return registrations.annotate(
        last_kind=_last_scan("kind"), last_scanned_at=_last_scan("scanned_at")
    )


def attendance(event: Event) -> Attendance:
    """The counters of the door, in one query."""
    counts = with_last_scan(Registration.objects.filter(event=event)).aggregate(
        registered=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        inside=Count("pk", filter=Q(last_kind=CheckInKind.ENTRY)),
        left=Count("pk", filter=Q(last_kind=CheckInKind.EXIT)),
    )
    return Attendance(**counts)


def search_registrations(event: Event, query: str) -> list[Registration]:
    """The event's registrations (confirmed, and those still waiting, so that the door can
    say why somebody cannot enter) whose name or organisation holds every word of `query`,
    with their last scan."""
    words = (query or "").strip()[:MAX_QUERY_LENGTH].split()[:MAX_WORDS]
    if not words:
        return []
    registrations = Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES)
    for word in words:
        registrations = registrations.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(organisation_name__icontains=word)
            | Q(actor__name__icontains=word)
            | Q(actor__short_name__icontains=word)
        )
    return list(
        with_last_scan(registrations)
        .select_related("actor", "ticket_type")
        .order_by("last_name", "first_name", "id")[:MAX_RESULTS]
    )


def registration_for_door(event: Event, pk: int) -> Registration | None:
    return (
        with_last_scan(Registration.objects.filter(event=event, pk=pk))
        .select_related("actor", "ticket_type")
        .first()
    )


def recent_scans(event: Event, limit: int = RECENT_SCANS) -> list[CheckIn]:
    return list(
        CheckIn.objects.filter(registration__event=event)
        .select_related(
            "registration", "registration__actor", "registration__ticket_type", "scanned_by"
        )
        .order_by("-scanned_at", "-id")[:limit]
    )


def ticket_by_code(code: str) -> Registration | None:
    """The registration with this ticket code (of whatever event), with its last scan."""
    if not code:
        return None
    return (
        with_last_scan(Registration.objects.filter(ticket_code=code))
        .select_related("event", "actor", "ticket_type")
        .first()
    )


def _cluster_organisations(cluster: Cluster) -> QuerySet[Actor]:
    """Published organisations that are members of the cluster (those a registration may
    name, see `services.registration.register`)."""
    members = ClusterMembership.objects.filter(actor_id=OuterRef("pk"), cluster=cluster)
    return Actor.objects.filter(Exists(members), status=ActorStatus.PUBLISHED)


def directory_organisations(cluster: Cluster, query: str) -> list[Actor]:
    """The cluster's organisations whose name holds every word of `query`."""
    words = (query or "").strip()[:MAX_QUERY_LENGTH].split()[:MAX_WORDS]
    if not words:
        return []
    actors = _cluster_organisations(cluster)
    for word in words:
        actors = actors.filter(Q(name__icontains=word) | Q(short_name__icontains=word))
    return list(actors.order_by("name", "id")[:MAX_ORGANISATIONS])


def directory_organisation(cluster: Cluster, *, pk: int | None = None, name: str = ""):
    """One of the cluster's organisations: by id, or by its exact name (case ignored) when
    exactly one has it; else None."""
    actors = _cluster_organisations(cluster)
    if pk is not None:
        return actors.filter(pk=pk).first()
    name = (name or "").strip()
    if not name:
        return None
    found = list(actors.filter(Q(name__iexact=name) | Q(short_name__iexact=name))[:2])
    return found[0] if len(found) == 1 else None
