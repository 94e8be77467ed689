"""Reads of registrations with their rules: the access funnel for one registration, a
person's registrations ("Meine Veranstaltungen") and the organisers' overview per contingent.

A registration is seen by the person registered (its `user`) and by those who manage its
event; to everybody else – the managers of another cluster included – it does not exist (404).
The waiting list is never public: a person sees only their own position.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import is_authenticated
from clusterwerk.events.models import Event, Registration, RegistrationStatus, TicketType
from clusterwerk.events.permissions import can_manage_event
from clusterwerk.events.services.registration import (
    cancellation_deadline,
    waiting_list,
    waitlist_position,
)


def get_registration_for_user(user, cluster, pk: int, *, manage: bool = False) -> Registration:
    """The registration `pk` of an event of `cluster` for its registrant or the event's
    managers (404 for everybody else); with `manage` only for the managers (403 for the
    registrant)."""
    registration = (
        Registration.objects.filter(event__cluster=cluster, pk=pk)
        .select_related("event", "event__cluster", "ticket_type", "actor", "user")
        .first()
    )
    if registration is None or not is_authenticated(user):
        raise Http404(_("Diese Anmeldung gibt es nicht."))
    is_registrant = registration.user_id == user.pk
    manager = can_manage_event(user, registration.event)
    if not (is_registrant or manager):
        raise Http404(_("Diese Anmeldung gibt es nicht."))
    if manage and not manager:
        raise PermissionDenied(_("Nur die Veranstalter entscheiden über Anmeldungen."))
    return registration


def my_registrations(user, cluster) -> QuerySet[Registration]:
    if not is_authenticated(user):
        return Registration.objects.none()
    return (
        Registration.objects.filter(user=user, event__cluster=cluster)
        .select_related("event", "ticket_type", "actor")
        .order_by("event__starts_at", "id")
    )


@dataclass
class RegistrationRow:
    """A registration as its registrant sees it."""

    registration: Registration
    position: int | None
    can_cancel: bool
    qr_url: str | None

    @property
    def is_offer_open(self) -> bool:
        r = self.registration
        return r.status == RegistrationStatus.OFFERED and (
            r.offer_expires_at is None or timezone.now() < r.offer_expires_at
        )


def ticket_qr_url(registration: Registration) -> str | None:
    """The ticket's QR image, for a confirmed registration."""
    if registration.status != RegistrationStatus.CONFIRMED:
        return None
    return reverse("events:ticket-qr", args=[registration.pk])


def registration_row(registration: Registration, user) -> RegistrationRow:
    now = timezone.now()
    event = registration.event
    can_cancel = registration.is_active and (
        now < cancellation_deadline(event) or can_manage_event(user, event)
    )
    return RegistrationRow(
        registration=registration,
        position=waitlist_position(registration),
        can_cancel=can_cancel,
        qr_url=ticket_qr_url(registration),
    )


def my_registration_rows(user, cluster) -> tuple[list[RegistrationRow], list[RegistrationRow]]:
    """(upcoming, past) – upcoming until the event's end, soonest first; past latest first."""
    now = timezone.now()
    upcoming, past = [], []
    for registration in my_registrations(user, cluster):
        row = registration_row(registration, user)
        (upcoming if registration.event.ends_at >= now else past).append(row)
    past.reverse()
    return upcoming, past


@dataclass
class ContingentOverview:
    ticket_type: TicketType
    taken: int
    pending: list[Registration] = field(default_factory=list)
    confirmed: list[Registration] = field(default_factory=list)
    offered: list[Registration] = field(default_factory=list)
    waiting: list[Registration] = field(default_factory=list)

    @property
    def free(self) -> int:
        return max(self.ticket_type.capacity - self.taken, 0)


def contingent_overview(event: Event) -> list[ContingentOverview]:
    """Per contingent: seats taken of the capacity, pending approvals, offers running, the
    waiting list in its order, the confirmed. For the organisers only."""
    overview = []
    for ticket_type in event.ticket_types.all():
        active = list(
            ticket_type.registrations.filter(
                status__in=[
                    RegistrationStatus.PENDING,
                    RegistrationStatus.CONFIRMED,
                    RegistrationStatus.OFFERED,
                ]
            )
            .select_related("actor")
            .order_by("created_at", "id")
        )
        item = ContingentOverview(
            ticket_type=ticket_type,
            taken=len(active),
            pending=[r for r in active if r.status == RegistrationStatus.PENDING],
            confirmed=[r for r in active if r.status == RegistrationStatus.CONFIRMED],
            offered=[r for r in active if r.status == RegistrationStatus.OFFERED],
            waiting=list(waiting_list(ticket_type).select_related("actor")),
        )
        overview.append(item)
    return overview
