"""Check-in at the door: entry and exit scans, and the late registration at the door.

Who and when: only the event's organisers (`permissions.can_manage_event`: the cluster
management or a co-organiser's representative) check people in, and only while the event
runs – from two hours before its start to the end of its (last) day in the event's time
zone – and only for a published (or held) event.

What a scan checks, with a German reason for every refusal (`ValidationError` → a form
error on the pages, 422 in the API):
- the code must be a ticket (a forged or mistyped code: "Dieses Ticket ist ungültig."),
  of this event (another event's ticket: "… gehört zu einer anderen Veranstaltung."), of a
  confirmed registration (cancelled, waiting, pending: "… ist nicht bestätigt");
- an entry while the person is inside (the last scan is an entry) is a reused ticket:
  "bereits eingelassen um HH:MM"; an exit needs an entry before it.

Two scanners scanning the same ticket at the same moment must not let it in twice: the
registration row is locked (`select_for_update` on PostgreSQL; SQLite serialises writers,
its transactions start IMMEDIATE), so the second scan sees the first one's entry.
"""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from clusterwerk.actors.models import Actor
from clusterwerk.core import versions
from clusterwerk.core.versions import changes
from clusterwerk.events.models import (
    ACTIVE_STATUSES,
    CheckIn,
    CheckInKind,
    CheckInMethod,
    Event,
    EventStatus,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    TicketType,
)
from clusterwerk.events.permissions import can_manage_event
from clusterwerk.events.services.registration import register

CHECK_IN_OPENS_BEFORE = datetime.timedelta(hours=2)
CHECK_IN_STATUSES = (EventStatus.PUBLISHED, EventStatus.HELD)
MAX_CODE_LENGTH = 64
MAX_NAME = 100
MAX_ORGANISATION = 300
# A scanner app may send what the QR code holds – the whole address – instead of the code.
CODE_IN_ADDRESS = re.compile(r"/einlass/([A-Za-z0-9_-]{1,64})/?(?:[?#].*)?$")


# --- the frame: who and when -------------------------------------------------------------------


def check_in_window(event: Event) -> tuple[datetime.datetime, datetime.datetime]:
    """From two hours before the start to the end of the event's last day (exclusive: the
    midnight after it), in the event's time zone."""
    zone = event.zone
    last_day = timezone.localtime(event.ends_at, zone).date()
    closes = datetime.datetime.combine(
        last_day + datetime.timedelta(days=1), datetime.time(0, 0), tzinfo=zone
    )
    return event.starts_at - CHECK_IN_OPENS_BEFORE, closes


def local_time(event: Event, moment: datetime.datetime) -> str:
    return timezone.localtime(moment, event.zone).strftime("%H:%M")


def check_in_refusal(event: Event, now: datetime.datetime | None = None) -> str:
    """Why there is no check-in for `event` now; "" while it is open."""
    if event.status == EventStatus.CANCELLED:
        return _("Die Veranstaltung ist abgesagt; es gibt keinen Einlass.")
    if event.status not in CHECK_IN_STATUSES:
        return _("Der Einlass ist nur für veröffentlichte Veranstaltungen möglich.")
    now = now or timezone.now()
    opens, closes = check_in_window(event)
    if now < opens:
        local_opens = timezone.localtime(opens, event.zone)
        return _(
            "Der Einlass beginnt zwei Stunden vor der Veranstaltung, am %(date)s um %(time)s Uhr."
        ) % {
            "date": formats.date_format(local_opens.date(), "SHORT_DATE_FORMAT"),
            "time": local_opens.strftime("%H:%M"),
        }
    if now >= closes:
        return _("Die Veranstaltung ist vorbei; der Einlass ist geschlossen.")
    return ""


def _require_check_in(by, event: Event) -> None:
    if not can_manage_event(by, event):
        raise PermissionDenied(
            _("Nur das Clustermanagement und die Mitveranstalter lassen Teilnehmende ein.")
        )
    refusal = check_in_refusal(event)
    if refusal:
        raise ValidationError(refusal, code="closed")


def _valid_choice(value: str, choices, field: str, message: str) -> str:
    value = str(value or "")
    if value not in choices.values:
        raise ValidationError({field: message}, code="invalid")
    return value


# --- one scan ------------------------------------------------------------------------------


def clean_code(code: str) -> str:
    """The ticket code in `code` – also when it is the whole address from the QR code."""
    code = (code or "").strip()
    match = CODE_IN_ADDRESS.search(code)
    if match:
        code = match.group(1)
    return code


def _locked_registration(**lookup) -> Registration | None:
    # `of=("self",)`: PostgreSQL locks the registration only, not the nullable joined rows.
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("actor", "ticket_type")
        .filter(**lookup)
        .first()
    )


def last_scan(registration: Registration) -> CheckIn | None:
    return registration.check_ins.order_by("-scanned_at", "-id").first()


def _record(*, event: Event, registration: Registration, kind: str, by, method: str) -> CheckIn:
    """Checks the (locked) registration against its last scan and records the new one."""
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(
            {
                "code": _("Diese Anmeldung ist nicht bestätigt (Status: %(status)s).")
                % {"status": registration.get_status_display()}
            },
            code="not_confirmed",
        )
    previous = last_scan(registration)
    inside = previous is not None and previous.kind == CheckInKind.ENTRY
    if kind == CheckInKind.ENTRY and inside:
        raise ValidationError(
            {
                "code": _(
                    "Dieses Ticket wurde schon benutzt: %(name)s ist bereits eingelassen um "
                    "%(time)s Uhr."
                )
                % {"name": registration.full_name, "time": local_time(event, previous.scanned_at)}
            },
            code="reused",
        )
    if kind == CheckInKind.EXIT and not inside:
        raise ValidationError(
            {
                "kind": _(
                    "%(name)s ist nicht eingelassen; ein Ausgang ist erst nach dem Einlass möglich."
                )
                % {"name": registration.full_name}
            },
            code="not_inside",
        )
    check_in = CheckIn(
        registration=registration,
        kind=kind,
        method=method,
        scanned_at=timezone.now(),
        scanned_by=by,
    )
    check_in.full_clean()
    check_in.save()
    return check_in


@changes(versions.EVENTS)
@transaction.atomic
def check_in(*, event: Event, code: str, kind: str, by, method: str = CheckInMethod.QR) -> CheckIn:
    """An entry or exit scan of the ticket `code` at `event`'s door."""
    _require_check_in(by, event)
    kind = _valid_choice(
        kind, CheckInKind, "kind", _("Bitte wählen Sie Einlass (entry) oder Ausgang (exit).")
    )
    method = _valid_choice(method, CheckInMethod, "method", _("Unbekannter Weg des Einlasses."))
    code = clean_code(code)
    registration = None
    if code and len(code) <= MAX_CODE_LENGTH:
        registration = _locked_registration(ticket_code=code)
    if registration is None:
        raise ValidationError({"code": _("Dieses Ticket ist ungültig.")}, code="invalid_ticket")
    if registration.event_id != event.pk:
        raise ValidationError(
            {"code": _("Dieses Ticket gehört zu einer anderen Veranstaltung.")},
            code="foreign_ticket",
        )
    return _record(event=event, registration=registration, kind=kind, by=by, method=method)


@changes(versions.EVENTS)
@transaction.atomic
def check_in_registration(
    *, registration: Registration, kind: str, by, method: str = CheckInMethod.SEARCH
) -> CheckIn:
    """An entry or exit of a registration found by name at the door (no ticket at hand)."""
    event = registration.event
    _require_check_in(by, event)
    kind = _valid_choice(
        kind, CheckInKind, "kind", _("Bitte wählen Sie Einlass (entry) oder Ausgang (exit).")
    )
    method = _valid_choice(method, CheckInMethod, "method", _("Unbekannter Weg des Einlasses."))
    locked = _locked_registration(pk=registration.pk, event=event)
    if locked is None:
        raise ValidationError(
            {"code": _("Diese Anmeldung gehört zu einer anderen Veranstaltung.")},
            code="foreign_ticket",
        )
    return _record(event=event, registration=locked, kind=kind, by=by, method=method)


# --- late registration at the door --------------------------------------------------------


def _door_ticket_type(event: Event, ticket_type: TicketType | None) -> TicketType:
    if ticket_type is None:
        ticket_type = event.ticket_types.order_by("order", "id").first()
        if ticket_type is None:
            raise ValidationError(
                {"ticket_type": _("Diese Veranstaltung hat kein Kontingent für Anmeldungen.")}
            )
    elif ticket_type.event_id != event.pk:
        raise ValidationError(
            {"ticket_type": _("Dieses Kontingent gehört zu einer anderen Veranstaltung.")}
        )
    return ticket_type


def _required_text(value: str, field: str, label: str, max_length: int, errors: dict) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = _("Bitte geben Sie %(label)s an.") % {"label": label}
    elif len(value) > max_length:
        errors[field] = _("Höchstens %(count)d Zeichen.") % {"count": max_length}
    return value


@changes(versions.EVENTS)
@transaction.atomic
def register_at_door(
    *,
    event: Event,
    by,
    first_name: str,
    last_name: str,
    email: str,
    actor: Actor | None = None,
    organisation_name: str = "",
    ticket_type: TicketType | None = None,
) -> CheckIn:
    """A person without a registration at the door: registered (source "an der Tür") and let
    in at once. Nothing is written when either step is refused (a full contingent, an e-mail
    address that is registered already, …)."""
    _require_check_in(by, event)
    errors: dict = {}
    first_name = _required_text(first_name, "first_name", _("den Vornamen"), MAX_NAME, errors)
    last_name = _required_text(last_name, "last_name", _("den Nachnamen"), MAX_NAME, errors)
    email = (email or "").strip()  # may stay blank at the door
    organisation_name = "" if actor is not None else (organisation_name or "").strip()
    if len(organisation_name) > MAX_ORGANISATION:
        errors["organisation_name"] = _("Höchstens %(count)d Zeichen.") % {
            "count": MAX_ORGANISATION
        }
    if errors:
        raise ValidationError(errors)
    ticket_type = _door_ticket_type(event, ticket_type)
    if (
        email
        and Registration.objects.filter(
            event=event, email__iexact=email, status__in=ACTIVE_STATUSES
        ).exists()
    ):
        raise ValidationError(
            {
                "email": _(
                    "Mit dieser E-Mail-Adresse gibt es schon eine Anmeldung. Bitte suchen Sie "
                    "die Person oben und lassen Sie sie dort ein."
                )
            }
        )
    registration = register(
        event=event,
        ticket_type=ticket_type,
        user=None,
        first_name=first_name,
        last_name=last_name,
        email=email,
        actor=actor,
        organisation_name=organisation_name,
        source=RegistrationSource.DOOR,
        by=by,
    )
    registration = _locked_registration(pk=registration.pk)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(
            _(
                "Die Nachmeldung ist nicht bestätigt (Status: %(status)s), etwa weil das "
                "Kontingent voll ist. Bitte wählen Sie ein anderes Kontingent."
            )
            % {"status": registration.get_status_display()}
        )
    return _record(
        event=event,
        registration=registration,
        kind=CheckInKind.ENTRY,
        by=by,
        method=CheckInMethod.DOOR,
    )
