"""Tickets: the secret code of a registration and its QR code.

A confirmed registration has a ticket: its QR code encodes the address of the check-in page
for this ticket (`events:checkin-ticket`, /veranstaltungen/<slug>/einlass/<code>/). An
organiser scans it with the phone's camera and lands on the page with the person and a big
"Einlass" button; anybody else who opens the address learns only whether the ticket is valid.
The code is the ticket's secret (pretix calls it so): 24 random bytes, URL-safe (32
characters), so it cannot be guessed, and unique in the database.
"""

import io
import secrets

import segno
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.core.tenancy import cluster_url, reverse_for_cluster
from clusterwerk.events.models import (
    ACTIVE_STATUSES,
    VISIBLE_STATUSES,
    Registration,
    RegistrationStatus,
)

TICKET_CODE_BYTES = 24  # → 32 URL-safe characters
QR_SCALE = 4
QR_ERROR_LEVEL = "m"  # survives a crease in a printed ticket or a scratched phone screen


def new_ticket_code() -> str:
    """A fresh, unguessable ticket code (URL-safe, 32 characters)."""
    return secrets.token_urlsafe(TICKET_CODE_BYTES)


def has_ticket(registration: Registration) -> bool:
    """Only a confirmed registration gets a ticket (pending, waiting and cancelled ones have
    no seat to enter with)."""
    return registration.status == RegistrationStatus.CONFIRMED and bool(registration.ticket_code)


def ticket_path(registration: Registration) -> str:
    """The path of the ticket's check-in page, in the registration's cluster."""
    event = registration.event
    return reverse_for_cluster(
        event.cluster, "events:checkin-ticket", args=[event.slug, registration.ticket_code]
    )


def ticket_url(registration: Registration, *, request=None) -> str:
    """The absolute address the QR code encodes: with the request's host when there is one,
    else the platform's `SITE_URL` (e-mails, exports)."""
    path = ticket_path(registration)
    if request is not None:
        return request.build_absolute_uri(path)
    return cluster_url(registration.event.cluster, path)


def ticket_qr(registration: Registration, *, request=None) -> segno.QRCode:
    if not has_ticket(registration):
        raise ValueError("Only a confirmed registration has a ticket.")
    return segno.make(ticket_url(registration, request=request), error=QR_ERROR_LEVEL, micro=False)


def ticket_qr_svg(registration: Registration, *, request=None) -> str:
    """The ticket's QR code as an SVG document with a title (read by screen readers); only
    for a confirmed registration (ValueError otherwise)."""
    code = ticket_qr(registration, request=request)
    title = _("QR-Code: Ticket für %(event)s, %(name)s") % {
        "event": registration.event.title,
        "name": registration.full_name,
    }
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        scale=QR_SCALE,
        title=title,
        xmldecl=False,
        nl=False,
        svgclass="ticket-qr",
        lineclass=None,
    )
    return out.getvalue().decode("utf-8")


def upcoming_tickets(user, cluster, *, limit: int = 50) -> list[Registration]:
    """The user's registrations for events of `cluster` that have not ended yet (those still
    holding or waiting for a seat), soonest first, with event and contingent – for "Mein
    Bereich". One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Registration.objects.filter(
            user=user,
            event__cluster=cluster,
            event__status__in=VISIBLE_STATUSES,
            event__ends_at__gte=timezone.now(),
            status__in=ACTIVE_STATUSES,
        )
        .select_related("event", "event__cluster", "ticket_type")
        .order_by("event__starts_at", "event_id")[:limit]
    )
