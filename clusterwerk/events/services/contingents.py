"""Contingents (ticket types) and registration questions of an event: create, change,
delete – by the event's organisers, before the event. A contingent never shrinks below the
seats it has given away, and one with registrations is not deleted."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterwerk.core import validation, versions
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.events.models import (
    SEAT_STATUSES,
    Audience,
    Event,
    EventStatus,
    QuestionKind,
    RegistrationQuestion,
    TicketType,
)
from clusterwerk.events.permissions import can_manage_event
from clusterwerk.events.services.registration import fill_free_seats

MAX_CAPACITY = 100_000
MAX_CHOICES = 30


# --- contingents -------------------------------------------------------------------------------


def _check_manager(by, event: Event) -> None:
    if not can_manage_event(by, event):
        raise PermissionDenied(
            _("Nur das Clustermanagement und die Mitveranstalter verwalten diese Veranstaltung.")
        )
    if event.status not in (EventStatus.DRAFT, EventStatus.PUBLISHED):
        raise ValidationError(_("Kontingente und Fragen ändern sich nur vor der Veranstaltung."))


def _clean_ticket_type(data: dict) -> dict:
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zum Kontingent als Objekt senden."))
    errors = PayloadErrors()
    values = {
        "name": validation.text(data.get("name"), "name", errors, max_length=120, required=True),
        "description": validation.text(
            data.get("description"), "description", errors, max_length=300
        ),
        "audience": validation.choice(
            data.get("audience"), "audience", errors, Audience, default=Audience.OPEN
        ),
        "capacity": validation.integer(
            data.get("capacity"), "capacity", errors, minimum=1, maximum=MAX_CAPACITY
        ),
        "waitlist_enabled": validation.boolean(
            data.get("waitlist_enabled"), "waitlist_enabled", errors, default=True
        ),
        "order": validation.integer(data.get("order"), "order", errors, maximum=1000) or 0,
    }
    if values["capacity"] is None and "capacity" not in errors:
        errors.add("capacity", _("Bitte die Zahl der Plätze angeben."))
    errors.raise_if_any()
    return values


def ticket_type_data(ticket_type: TicketType) -> dict:
    return {
        "name": ticket_type.name,
        "description": ticket_type.description,
        "audience": ticket_type.audience,
        "capacity": ticket_type.capacity,
        "waitlist_enabled": ticket_type.waitlist_enabled,
        "order": ticket_type.order,
    }


@changes(versions.EVENTS)
@transaction.atomic
def create_ticket_type(*, event: Event, by, data: dict) -> TicketType:
    _check_manager(by, event)
    values = _clean_ticket_type(data)
    if "order" not in data:
        values["order"] = event.ticket_types.count()
    ticket_type = TicketType(event=event, **values)
    ticket_type.full_clean()
    ticket_type.save()
    return ticket_type


def _taken(ticket_type: TicketType) -> int:
    return ticket_type.registrations.filter(status__in=SEAT_STATUSES).count()


@changes(versions.EVENTS)
@transaction.atomic
def update_ticket_type(*, ticket_type: TicketType, by, data: dict) -> TicketType:
    """Change a contingent; never below the seats it has given away."""
    _check_manager(by, ticket_type.event)
    # Lock the contingent, as registrations do: they wait until the change is in.
    ticket_type = TicketType.objects.select_for_update().get(pk=ticket_type.pk)
    previous_capacity = ticket_type.capacity
    values = _clean_ticket_type({**ticket_type_data(ticket_type), **data})
    taken = _taken(ticket_type)
    if values["capacity"] < taken:
        raise ValidationError(
            {
                "capacity": [
                    _(
                        "Dieses Kontingent hat schon %(taken)d vergebene Plätze; es kann nicht "
                        "kleiner werden."
                    )
                    % {"taken": taken}
                ]
            }
        )
    for name, value in values.items():
        setattr(ticket_type, name, value)
    ticket_type.full_clean()
    ticket_type.save()
    if ticket_type.capacity > previous_capacity:
        # New seats go to the people waiting, first come first served, at once.
        fill_free_seats(ticket_type=ticket_type)
    return ticket_type


@changes(versions.EVENTS)
@transaction.atomic
def delete_ticket_type(*, ticket_type: TicketType, by) -> None:
    _check_manager(by, ticket_type.event)
    Event.objects.select_for_update().filter(pk=ticket_type.event_id).first()
    if ticket_type.registrations.exists():
        raise ValidationError(
            _("Dieses Kontingent hat bereits Anmeldungen und kann nicht gelöscht werden.")
        )
    ticket_type.delete()


# --- registration questions --------------------------------------------------------------------


def _clean_question(data: dict) -> dict:
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zur Frage als Objekt senden."))
    errors = PayloadErrors()
    choices = data.get("choices")
    if isinstance(choices, str):
        choices = [line.strip() for line in choices.splitlines() if line.strip()]
    values = {
        "label": validation.text(data.get("label"), "label", errors, max_length=300, required=True),
        "kind": validation.choice(
            data.get("kind"), "kind", errors, QuestionKind, default=QuestionKind.TEXT
        ),
        "choices": validation.string_list(
            choices, "choices", errors, max_items=MAX_CHOICES, max_length=200
        ),
        "required": validation.boolean(data.get("required"), "required", errors),
        "order": validation.integer(data.get("order"), "order", errors, maximum=1000) or 0,
    }
    if values["kind"] == QuestionKind.CHOICE and len(values["choices"]) < 2:
        errors.add("choices", _("Eine Auswahlfrage braucht mindestens zwei Möglichkeiten."))
    if values["kind"] != QuestionKind.CHOICE:
        values["choices"] = []
    errors.raise_if_any()
    return values


def question_data(question: RegistrationQuestion) -> dict:
    return {
        "label": question.label,
        "kind": question.kind,
        "choices": list(question.choices or []),
        "required": question.required,
        "order": question.order,
    }


@changes(versions.EVENTS)
@transaction.atomic
def create_question(*, event: Event, by, data: dict) -> RegistrationQuestion:
    _check_manager(by, event)
    values = _clean_question(data)
    if "order" not in data:
        values["order"] = event.questions.count()
    question = RegistrationQuestion(event=event, **values)
    question.full_clean()
    question.save()
    return question


@changes(versions.EVENTS)
@transaction.atomic
def update_question(*, question: RegistrationQuestion, by, data: dict) -> RegistrationQuestion:
    _check_manager(by, question.event)
    values = _clean_question({**question_data(question), **data})
    for name, value in values.items():
        setattr(question, name, value)
    question.full_clean()
    question.save()
    return question


@changes(versions.EVENTS)
@transaction.atomic
def delete_question(*, question: RegistrationQuestion, by) -> None:
    _check_manager(by, question.event)
    question.delete()
