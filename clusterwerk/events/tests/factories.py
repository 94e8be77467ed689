"""Small builders for event tests (plain functions, no factory framework).

- `make_event(cluster, **overrides)` – a published public Werkstattgespräch in four weeks,
  10:00–13:00 Europe/Berlin, with one open contingent of 20 seats (`capacity=`), waiting list
  on; `ticket_types=[dict(name=…, audience=…, capacity=…), …]` replaces the contingent.
- `make_registration(event, **overrides)` – a confirmed registration in the event's first
  contingent (another `ticket_type=`, `status=`, `user=`, `actor=` as told), written straight
  to the database with a fresh ticket code.
"""

import datetime
import secrets
import uuid
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.text import slugify

from clusterwerk.events.models import (
    Audience,
    Event,
    EventFormat,
    EventStatus,
    Registration,
    RegistrationStatus,
    TicketType,
)

BERLIN = ZoneInfo("Europe/Berlin")


def make_event(cluster, **overrides) -> Event:
    capacity = overrides.pop("capacity", 20)
    ticket_types = overrides.pop("ticket_types", None) or [
        {"name": "Teilnahme", "audience": Audience.OPEN, "capacity": capacity}
    ]
    topics = overrides.pop("topics", [])
    organisers = overrides.pop("organisers", [])
    day = timezone.localdate() + datetime.timedelta(days=28)
    starts_at = overrides.pop(
        "starts_at", datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=BERLIN)
    )
    title = overrides.pop("title", "Werkstattgespräch Laserschweißen")
    values = {
        "cluster": cluster,
        "slug": overrides.pop("slug", f"{slugify(title)[:80]}-{uuid.uuid4().hex[:6]}"),
        "format": EventFormat.WORKSHOP_TALK,
        "title": title,
        "description": "Praxisnahes Gespräch in der Werkstatt.",
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=3),
        "venue_name": "Lehrwerkstatt",
        "street": "Musterstraße 1",
        "postal_code": "14467",
        "municipality": "Potsdam",
        "status": EventStatus.PUBLISHED,
        "published_at": timezone.now(),
    }
    values.update(overrides)
    event = Event.objects.create(**values)
    for order, ticket in enumerate(ticket_types):
        TicketType.objects.create(event=event, order=order, **ticket)
    for lineage in topics:
        event.topics.create(lineage=lineage)
    for actor in organisers:
        event.organisers.create(actor=actor)
    return event


def make_registration(event, **overrides) -> Registration:
    number = Registration.objects.count() + 1
    values = {
        "event": event,
        "ticket_type": overrides.pop("ticket_type", None) or event.ticket_types.first(),
        "first_name": "Erika",
        "last_name": f"Muster{number}",
        "email": f"teilnahme{number}@example.org",
        "status": RegistrationStatus.CONFIRMED,
        "ticket_code": secrets.token_urlsafe(24),
    }
    values.update(overrides)
    if values["status"] == RegistrationStatus.CONFIRMED and "confirmed_at" not in values:
        values["confirmed_at"] = timezone.now()
    if values["status"] == RegistrationStatus.WAITLISTED and "waitlisted_at" not in values:
        values["waitlisted_at"] = timezone.now()
    return Registration.objects.create(**values)
