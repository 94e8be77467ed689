"""Registration for events: seat contingents, approval, the waiting list with time-limited
offers, cancellation.

Seats are counted per contingent (`TicketType`); pending, confirmed and offered registrations
hold a seat (`models.SEAT_STATUSES`). When a contingent is full a newcomer joins its waiting
list (first come, first served by `waitlisted_at`, then id); a freed seat is offered to the
first person waiting for `event.offer_hours` (never past the event's start). Who does not
accept in time loses the offer (`expire_offers`, hourly) and the next person gets it.

Race safety – every write that counts seats runs in one transaction that first takes the
contingent's lock (`_lock_contingent`):

- PostgreSQL: `SELECT … FOR UPDATE` on the contingent's row. Concurrent registrations for the
  same contingent queue up behind the lock; each one counts the seats only after the one
  before it committed (READ COMMITTED reads the newest committed rows per statement), so no
  seat is given twice and the waiting list's `waitlisted_at` follows the order of the lock.
- SQLite: `FOR UPDATE` does not exist (Django leaves it out), but the settings open every
  transaction with `BEGIN IMMEDIATE` (`transaction_mode`), which takes the database's single
  write lock at the start of the transaction; other writers wait for it (`timeout`). The
  whole count-and-write therefore runs alone. `_lock_contingent` additionally makes a write
  its first statement when the connection is SQLite and the transaction was opened otherwise
  (a deferred `BEGIN` in a test or another setting), so that the read never runs on a shared
  lock that a later write would have to upgrade ("database is locked").

Double registration by the same person is refused with a German message; the partial unique
constraint `one_active_registration_per_user` catches a double click across two contingents
(the `IntegrityError` becomes the same message).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import is_authenticated, represented_actor_ids
from clusterwerk.actors.models import Actor
from clusterwerk.core import versions
from clusterwerk.core.versions import changes
from clusterwerk.events import registration_mail as mail
from clusterwerk.events.models import (
    ACTIVE_STATUSES,
    AUDIENCE_KINDS,
    SEAT_STATUSES,
    Audience,
    Event,
    EventStatus,
    QuestionKind,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    TicketType,
)
from clusterwerk.events.permissions import can_manage_event, can_view_event
from clusterwerk.events.tickets import new_ticket_code

MAX_ANSWER = 2000
YES_VALUES = {"yes", "ja", "true", "1", "on"}
NO_VALUES = {"no", "nein", "false", "0", "off", ""}


# --- Rules (also used by the forms and pages) ------------------------------------------------


def registration_closed_reason(event: Event, now: datetime.datetime | None = None) -> str:
    """Why one cannot register online for `event` now, in German; "" when one can."""
    now = now or timezone.now()
    if event.status == EventStatus.CANCELLED:
        return _("Die Veranstaltung ist abgesagt.")
    if event.status != EventStatus.PUBLISHED:
        return _("Für diese Veranstaltung ist keine Anmeldung möglich.")
    if not event.registration_enabled:
        return _("Für diese Veranstaltung gibt es keine Anmeldung über die Plattform.")
    if now >= event.starts_at:
        return _("Die Veranstaltung hat bereits begonnen; eine Anmeldung ist nicht mehr möglich.")
    if event.registration_opens_at and now < event.registration_opens_at:
        when = timezone.localtime(event.registration_opens_at).strftime("%d.%m.%Y %H:%M")
        return _("Die Anmeldung beginnt am %(when)s Uhr.") % {"when": when}
    if event.registration_closes_at and now >= event.registration_closes_at:
        return _("Der Anmeldeschluss ist vorbei.")
    return ""


def cancellation_deadline(event: Event) -> datetime.datetime:
    return event.cancellation_deadline or event.starts_at


def fits_audience(ticket_type: TicketType, *, user, actor: Actor | None) -> bool:
    """Whether a person (for `actor`) may take a seat of this contingent."""
    if ticket_type.audience == Audience.OPEN:
        return True
    if ticket_type.audience == Audience.CO_ORGANISERS:
        represented = represented_actor_ids(user) if is_authenticated(user) else set()
        return (
            bool(represented)
            and ticket_type.event.organisers.filter(actor_id__in=represented).exists()
        )
    kinds = AUDIENCE_KINDS.get(ticket_type.audience, ())
    return actor is not None and actor.kind in kinds


def audience_refusal(ticket_type: TicketType) -> str:
    if ticket_type.audience == Audience.CO_ORGANISERS:
        return _("Diese Plätze sind für die Mitveranstalter reserviert.")
    return _(
        "Dieses Kontingent ist für „%(audience)s“. Wählen Sie eine passende Organisation aus "
        "dem Verzeichnis oder ein anderes Kontingent."
    ) % {"audience": ticket_type.get_audience_display()}


def seats_taken(ticket_type: TicketType) -> int:
    return ticket_type.registrations.filter(status__in=SEAT_STATUSES).count()


def waiting_list(ticket_type: TicketType) -> QuerySet[Registration]:
    """The contingent's waiting list, first come first served (only for its organisers)."""
    return ticket_type.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
        "waitlisted_at", "id"
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person waiting, …; None when not on the waiting list. Shown only to
    the person themself and to the organisers."""
    if registration.status != RegistrationStatus.WAITLISTED or registration.waitlisted_at is None:
        return None
    ahead = (
        waiting_list(registration.ticket_type)
        .filter(waitlisted_at__lte=registration.waitlisted_at)
        .exclude(waitlisted_at=registration.waitlisted_at, id__gt=registration.id)
        .count()
    )
    return ahead


def active_registration(event: Event, user) -> Registration | None:
    if not is_authenticated(user):
        return None
    return event.registrations.filter(user=user, status__in=ACTIVE_STATUSES).first()


def clean_answers(event: Event, answers: dict | None) -> dict:
    """The answers to the event's questions, keyed by the question's id (as text), checked:
    required ones given, choices among the choices, yes/no as a boolean. Unknown keys are
    dropped. Raises ValidationError with the field `question_<id>` per wrong answer."""
    answers = {str(key): value for key, value in (answers or {}).items()}
    cleaned: dict[str, object] = {}
    errors: dict[str, list[str]] = {}
    for question in event.questions.all():
        key = str(question.pk)
        field = f"question_{question.pk}"
        value = answers.get(key)
        if question.kind == QuestionKind.YES_NO:
            if isinstance(value, bool):
                answer = value
            elif value is None or str(value).strip().lower() in NO_VALUES:
                answer = None if value is None or str(value).strip() == "" else False
            elif str(value).strip().lower() in YES_VALUES:
                answer = True
            else:
                errors[field] = [_("Bitte „ja“ oder „nein“ angeben.")]
                continue
            if answer is None:
                if question.required:
                    errors[field] = [_("Bitte beantworten Sie diese Frage.")]
                    continue
                answer = False
            cleaned[key] = answer
            continue
        text = "" if value is None else str(value).strip()
        if not text:
            if question.required:
                errors[field] = [_("Bitte beantworten Sie diese Frage.")]
            continue
        if question.kind == QuestionKind.CHOICE and text not in [str(c) for c in question.choices]:
            errors[field] = [_("Bitte wählen Sie eine der angebotenen Möglichkeiten.")]
            continue
        if len(text) > MAX_ANSWER:
            errors[field] = [_("Höchstens %(max)d Zeichen.") % {"max": MAX_ANSWER}]
            continue
        cleaned[key] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


# --- Locks and seats -------------------------------------------------------------------------


def _lock_contingent(ticket_type: TicketType) -> TicketType:
    """Take the contingent's lock for the rest of the transaction (see the module's note) and
    return its fresh row with the event."""
    if (
        connection.vendor == "sqlite"
        and getattr(connection, "transaction_mode", None) != "IMMEDIATE"
    ):
        # A deferred BEGIN: a no-op write takes the write lock before any count is read.
        TicketType.objects.filter(pk=ticket_type.pk).update(order=F("order"))
    return (
        TicketType.objects.select_for_update(of=("self",))
        .select_related("event", "event__cluster")
        .get(pk=ticket_type.pk)
    )


def _lock_registration(registration: Registration) -> tuple[TicketType, Registration]:
    ticket_type = _lock_contingent(registration.ticket_type)
    fresh = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "event__cluster", "ticket_type", "user")
        .get(pk=registration.pk)
    )
    return ticket_type, fresh


def _seat_status(event: Event) -> str:
    return RegistrationStatus.PENDING if event.requires_approval else RegistrationStatus.CONFIRMED


def _offer_free_seats(ticket_type: TicketType, now: datetime.datetime) -> list[Registration]:
    """Offer every free seat of the (locked) contingent to the next people waiting."""
    event = ticket_type.event
    if event.status != EventStatus.PUBLISHED or now >= event.starts_at:
        return []
    offered = []
    free = ticket_type.capacity - seats_taken(ticket_type)
    if free <= 0:
        return []
    expires = min(now + datetime.timedelta(hours=event.offer_hours), event.starts_at)
    for registration in waiting_list(ticket_type).select_related("event", "ticket_type")[:free]:
        registration.status = RegistrationStatus.OFFERED
        registration.offered_at = now
        registration.offer_expires_at = expires
        registration.full_clean()
        registration.save(update_fields=["status", "offered_at", "offer_expires_at", "updated_at"])
        mail.offer(registration)
        offered.append(registration)
    return offered


# --- Writes ----------------------------------------------------------------------------------


@changes(versions.EVENTS)
@transaction.atomic
def register(
    *,
    event: Event,
    ticket_type: TicketType,
    user,
    first_name: str,
    last_name: str,
    email: str,
    actor: Actor | None = None,
    organisation_name: str = "",
    answers: dict | None = None,
    consent_participant_list: bool = False,
    source: str = RegistrationSource.ONLINE,
    by=None,
) -> Registration:
    """Register a person for a contingent of `event`.

    Online (`source` ONLINE, `by` None or the user): the user registers themself while
    registration is open, for a contingent whose audience fits; with approval the
    registration waits (and holds a seat), else it is confirmed; a full contingent puts the
    person on its waiting list (or refuses when it has none).

    By the organisers (`by` manages the event; `source` DOOR or ORGANISER; `user` may be
    None for a person without an account): also after registration closed and during the
    event, any contingent, always confirmed – the organisers decide at the door whether
    there is room, so the seat is given even above the capacity.
    """
    now = timezone.now()
    if ticket_type.event_id != event.pk:
        raise ValidationError(
            {"ticket_type": [_("Dieses Kontingent gehört zu einer anderen Veranstaltung.")]}
        )
    by_organiser = by is not None and (user is None or by.pk != getattr(user, "pk", None))
    by_organiser = by_organiser or source != RegistrationSource.ONLINE
    if by_organiser:
        if by is None or not can_manage_event(by, event):
            raise PermissionDenied(_("Nur die Veranstalter melden andere Personen an."))
        if event.status not in (EventStatus.PUBLISHED, EventStatus.HELD):
            raise ValidationError(_("Für diese Veranstaltung ist keine Anmeldung möglich."))
    else:
        if not is_authenticated(user):
            raise PermissionDenied(_("Bitte melden Sie sich an, um sich zu registrieren."))
        if not can_view_event(user, event):
            raise PermissionDenied(_("Diese Veranstaltung ist nicht sichtbar."))
        reason = registration_closed_reason(event, now)
        if reason:
            raise ValidationError(reason)
    if (
        actor is not None
        and not Actor.objects.filter(pk=actor.pk, memberships__cluster_id=event.cluster_id).exists()
    ):
        raise ValidationError(
            {"actor": [_("Diese Organisation steht nicht im Verzeichnis des Clusters.")]}
        )
    if not by_organiser and not fits_audience(ticket_type, user=user, actor=actor):
        raise ValidationError({"ticket_type": [audience_refusal(ticket_type)]})
    cleaned_answers = (
        clean_answers(event, answers) if not by_organiser else clean_answers_loosely(event, answers)
    )

    ticket_type = _lock_contingent(ticket_type)
    event = ticket_type.event
    # The moment counts from the lock on: the waiting list's order is the order of the lock.
    now = timezone.now()
    already = (
        _("Diese Person ist für die Veranstaltung bereits angemeldet.")
        if by_organiser
        else _("Sie sind für diese Veranstaltung bereits angemeldet.")
    )
    if user is not None and active_registration(event, user) is not None:
        raise ValidationError(already)

    registration = Registration(
        event=event,
        ticket_type=ticket_type,
        user=user,
        actor=actor,
        organisation_name="" if actor is not None else (organisation_name or "").strip(),
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        email=(email or "").strip(),
        source=source,
        answers=cleaned_answers,
        consent_participant_list=bool(consent_participant_list),
        ticket_code=new_ticket_code(),
    )
    if by_organiser:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.decided_by = by
    else:
        missing = {}
        if not registration.first_name:
            missing["first_name"] = [_("Bitte geben Sie Ihren Vornamen an.")]
        if not registration.last_name:
            missing["last_name"] = [_("Bitte geben Sie Ihren Nachnamen an.")]
        if not registration.email:
            missing["email"] = [_("Bitte geben Sie Ihre E-Mail-Adresse an.")]
        if missing:
            raise ValidationError(missing)
        # Seats freed earlier (or added by the organisers) go to those waiting first.
        _offer_free_seats(ticket_type, now)
        if seats_taken(ticket_type) < ticket_type.capacity:
            registration.status = _seat_status(event)
            if registration.status == RegistrationStatus.CONFIRMED:
                registration.confirmed_at = now
        elif ticket_type.waitlist_enabled:
            registration.status = RegistrationStatus.WAITLISTED
            registration.waitlisted_at = now
        else:
            raise ValidationError(
                {"ticket_type": [_("Dieses Kontingent ist ausgebucht; es gibt keine Warteliste.")]}
            )
    # The one-active-registration constraint is left to the database (its IntegrityError
    # becomes the German message below): a check here could not see a parallel transaction.
    registration.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise ValidationError(already) from None
    mail.registered(registration)
    return registration


def clean_answers_loosely(event: Event, answers: dict | None) -> dict:
    """At the door the organisers may leave required questions open; given answers are
    still checked."""
    try:
        return clean_answers(event, answers)
    except ValidationError as error:
        messages = error.message_dict
        wrong = {
            key: value
            for key, value in messages.items()
            if value != [_("Bitte beantworten Sie diese Frage.")]
        }
        if wrong:
            raise ValidationError(wrong) from None
        given = {str(k): v for k, v in (answers or {}).items() if v not in (None, "")}
        return clean_answers(event, given) if given else {}


EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "actor",
    "organisation_name",
    "answers",
    "consent_participant_list",
)


@changes(versions.EVENTS)
@transaction.atomic
def update_registration(*, registration: Registration, by, changes: dict) -> Registration:
    """Change the person's details of an active registration – only the fields named in
    `changes` (a subset of EDITABLE_FIELDS; `answers` as a whole), so that a change made in
    between to another field stays. The person until the event starts, the organisers any
    time. The contingent does not change here (cancel and register again)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Diese Angaben lassen sich nicht ändern."))
    _ticket_type, registration = _lock_registration(registration)
    event = registration.event
    manager = can_manage_event(by, event)
    if not manager and not _is_registrant(by, registration):
        raise PermissionDenied(_("Nur die angemeldete Person und die Veranstalter ändern das."))
    if registration.status not in ACTIVE_STATUSES:
        raise ValidationError(_("Diese Anmeldung ist nicht mehr aktiv."))
    if not manager and timezone.now() >= event.starts_at:
        raise ValidationError(
            _("Die Veranstaltung hat begonnen; Änderungen nur über die Veranstalter.")
        )
    values = dict(changes)
    for name in ("first_name", "last_name", "email", "organisation_name"):
        if name in values:
            values[name] = (values[name] or "").strip()
    for name, message in (
        ("first_name", _("Bitte geben Sie Ihren Vornamen an.")),
        ("last_name", _("Bitte geben Sie Ihren Nachnamen an.")),
        ("email", _("Bitte geben Sie Ihre E-Mail-Adresse an.")),
    ):
        if name in values and not values[name] and not (manager and name == "email"):
            raise ValidationError({name: [message]})
    if "actor" in values:
        actor = values["actor"]
        if (
            actor is not None
            and not Actor.objects.filter(
                pk=actor.pk, memberships__cluster_id=event.cluster_id
            ).exists()
        ):
            raise ValidationError(
                {"actor": [_("Diese Organisation steht nicht im Verzeichnis des Clusters.")]}
            )
        if not manager and not fits_audience(registration.ticket_type, user=by, actor=actor):
            raise ValidationError({"actor": [audience_refusal(registration.ticket_type)]})
        if actor is not None:
            values["organisation_name"] = ""
    if "answers" in values:
        values["answers"] = clean_answers(event, values["answers"])
    if "consent_participant_list" in values:
        values["consent_participant_list"] = bool(values["consent_participant_list"])
    changed = [name for name, value in values.items() if getattr(registration, name) != value]
    if not changed:
        return registration
    for name in changed:
        setattr(registration, name, values[name])
    registration.full_clean()
    registration.save(update_fields=[*changed, "updated_at"])
    return registration


def _is_registrant(user, registration: Registration) -> bool:
    return is_authenticated(user) and registration.user_id == user.pk


@changes(versions.EVENTS)
@transaction.atomic
def cancel_registration(*, registration: Registration, by) -> Registration:
    """The person cancels until the cancellation deadline (else the start); the organisers
    any time. A freed seat is offered to the next person waiting."""
    ticket_type, registration = _lock_registration(registration)
    event = registration.event
    now = timezone.now()
    manager = can_manage_event(by, event)
    if not manager and not _is_registrant(by, registration):
        raise PermissionDenied(_("Nur die angemeldete Person und die Veranstalter melden ab."))
    if registration.status not in ACTIVE_STATUSES:
        raise ValidationError(_("Diese Anmeldung ist nicht mehr aktiv."))
    if not manager and now >= cancellation_deadline(event):
        raise ValidationError(
            _("Die Frist für die Abmeldung ist vorbei. Bitte wenden Sie sich an die Veranstalter.")
        )
    held_seat = registration.status in SEAT_STATUSES
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.offer_expires_at = None
    if manager and not _is_registrant(by, registration):
        registration.decided_by = by
    registration.full_clean()
    registration.save()
    mail.cancelled(registration, by_organiser=manager and not _is_registrant(by, registration))
    if held_seat:
        _offer_free_seats(ticket_type, now)
    return registration


@changes(versions.EVENTS)
@transaction.atomic
def accept_offer(*, registration: Registration, by) -> Registration:
    """Take the offered seat before the offer runs out."""
    _ticket_type, registration = _lock_registration(registration)
    if not _is_registrant(by, registration):
        raise PermissionDenied(_("Nur die angemeldete Person nimmt einen Nachrückplatz an."))
    now = timezone.now()
    if registration.status == RegistrationStatus.OFFER_EXPIRED or (
        registration.status == RegistrationStatus.OFFERED
        and registration.offer_expires_at is not None
        and now >= registration.offer_expires_at
    ):
        raise ValidationError(
            _("Das Angebot ist leider abgelaufen; der Platz wurde der nächsten Person angeboten.")
        )
    if registration.status != RegistrationStatus.OFFERED:
        raise ValidationError(_("Für diese Anmeldung liegt kein Angebot vor."))
    registration.status = _seat_status(registration.event)
    if registration.status == RegistrationStatus.CONFIRMED:
        registration.confirmed_at = now
    registration.full_clean()
    registration.save()
    mail.registered(registration)
    return registration


@changes(versions.EVENTS)
@transaction.atomic
def decline_offer(*, registration: Registration, by) -> Registration:
    """Turn the offered seat down; it goes to the next person waiting."""
    ticket_type, registration = _lock_registration(registration)
    if not _is_registrant(by, registration):
        raise PermissionDenied(_("Nur die angemeldete Person lehnt einen Nachrückplatz ab."))
    if registration.status != RegistrationStatus.OFFERED:
        raise ValidationError(_("Für diese Anmeldung liegt kein Angebot vor."))
    now = timezone.now()
    registration.status = RegistrationStatus.DECLINED
    registration.cancelled_at = now
    registration.full_clean()
    registration.save()
    _offer_free_seats(ticket_type, now)
    return registration


def _decidable(registration: Registration, by) -> tuple[TicketType, Registration]:
    ticket_type, registration = _lock_registration(registration)
    if not can_manage_event(by, registration.event):
        raise PermissionDenied(_("Nur die Veranstalter entscheiden über Anmeldungen."))
    if registration.status != RegistrationStatus.PENDING:
        raise ValidationError(_("Über diese Anmeldung ist bereits entschieden."))
    return ticket_type, registration


@changes(versions.EVENTS)
@transaction.atomic
def approve_registration(*, registration: Registration, by) -> Registration:
    _ticket_type, registration = _decidable(registration, by)
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = timezone.now()
    registration.decided_by = by
    registration.full_clean()
    registration.save()
    mail.approved(registration)
    return registration


@changes(versions.EVENTS)
@transaction.atomic
def decline_registration(*, registration: Registration, by, reason: str) -> Registration:
    """Decline a pending registration with a reason (told to the person); the seat goes to
    the next person waiting."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Bitte nennen Sie einen Grund.")]})
    if len(reason) > MAX_ANSWER:
        raise ValidationError({"reason": [_("Höchstens %(max)d Zeichen.") % {"max": MAX_ANSWER}]})
    ticket_type, registration = _decidable(registration, by)
    now = timezone.now()
    registration.status = RegistrationStatus.DECLINED
    registration.cancelled_at = now
    registration.decided_by = by
    registration.full_clean()
    registration.save()
    mail.declined(registration, reason)
    _offer_free_seats(ticket_type, now)
    return registration


@changes(versions.EVENTS)
def expire_offers(*, now: datetime.datetime | None = None) -> int:
    """Mark the offers that ran out as expired and offer their seats to the next people
    waiting (each contingent in its own transaction). Seats that are free while people wait
    (the organisers raised the capacity) are offered as well. Returns how many expired."""
    now = now or timezone.now()
    expired = set(
        Registration.objects.filter(status=RegistrationStatus.OFFERED, offer_expires_at__lte=now)
        .values_list("ticket_type_id", flat=True)
        .distinct()
    )
    waiting = set(
        Registration.objects.filter(
            status=RegistrationStatus.WAITLISTED,
            event__status=EventStatus.PUBLISHED,
            event__starts_at__gt=now,
        )
        .values_list("ticket_type_id", flat=True)
        .distinct()
    )
    return sum(_expire_contingent(pk, now) for pk in sorted(expired | waiting))


@changes(versions.EVENTS)
@transaction.atomic
def fill_free_seats(*, ticket_type: TicketType) -> int:
    """Offer the contingent's free seats to the people waiting (after the organisers raised
    its capacity). Returns how many offers went out."""
    ticket_type = _lock_contingent(ticket_type)
    return len(_offer_free_seats(ticket_type, timezone.now()))


@transaction.atomic
def _expire_contingent(ticket_type_id: int, now: datetime.datetime) -> int:
    ticket_type = _lock_contingent(TicketType(pk=ticket_type_id))
    expired = list(
        ticket_type.registrations.select_for_update(of=("self",))
        .select_related("event", "ticket_type")
        .filter(status=RegistrationStatus.OFFERED, offer_expires_at__lte=now)
    )
    for registration in expired:
        registration.status = RegistrationStatus.OFFER_EXPIRED
        registration.full_clean()
        registration.save(update_fields=["status", "updated_at"])
        mail.offer_expired(registration)
    _offer_free_seats(ticket_type, now)
    return len(expired)
