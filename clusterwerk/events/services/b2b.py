"""B2B meeting days: the organisers set up the day (tables, slots, breaks, the most meetings
per person, the deadline for wishes); a confirmed participant joins with a short profile
(prefilled from the actor profile and the organisation's published listings) and their
availability; participants wish to meet others (with a reason) and answer the wishes they
receive; the organisers plan the schedule (`clusterwerk.events.b2b_schedule`), lock and move
meetings, publish the schedule, mark no-shows; both sides or the organisers record the outcome
of a meeting (`matchmaking.models.ContactOutcome`).

Who acts: participants for themselves (the registration's user), the organisers
(`permissions.can_manage_event`) for the whole day. Slots are numbered from 1; availability
and breaks are lists of those numbers (an empty availability means all slots).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import is_authenticated
from clusterwerk.core import versions
from clusterwerk.core.versions import changes
from clusterwerk.events import b2b_mail
from clusterwerk.events.models import (
    B2BMeeting,
    B2BMeetingStatus,
    B2BParticipant,
    B2BSettings,
    B2BSlot,
    Event,
    MeetingWish,
    Registration,
    RegistrationStatus,
    WishStatus,
)
from clusterwerk.events.permissions import can_manage_event
from clusterwerk.matchmaking import engine
from clusterwerk.matchmaking.models import ContactOutcome, Listing, ListingKind, ListingStatus

MAX_REASON = 1000
MAX_PROFILE = 2000
MAX_SLOTS = 48
MAX_SLOT_MINUTES = 240
# Listing kinds that say what an organisation offers; all others say what it looks for.
OFFER_KINDS = (
    ListingKind.TECHNOLOGY_OFFER,
    ListingKind.BUSINESS_OFFER,
    ListingKind.EQUIPMENT_SHARING,
)
# How many actors the engine ranks before the list is cut to the day's participants.
SUGGESTION_POOL = 200


# --- Who may --------------------------------------------------------------------------------


def _require_manager(user, event: Event) -> None:
    if not can_manage_event(user, event):
        raise PermissionDenied(
            _("Nur das Clustermanagement und die Mitveranstalter planen diesen B2B-Tag.")
        )


def acts_for(user, participant: B2BParticipant) -> bool:
    """The participant themselves (the registration's account) or an organiser of the day."""
    if not is_authenticated(user):
        return False
    if participant.registration.user_id == user.pk:
        return True
    return can_manage_event(user, participant.event)


def _require_acts_for(user, participant: B2BParticipant) -> None:
    if not acts_for(user, participant):
        raise PermissionDenied(_("Sie handeln hier nur für sich selbst."))


def _settings(event: Event) -> B2BSettings:
    if not event.is_b2b_day:
        raise ValidationError(_("Diese Veranstaltung ist kein B2B-Tag."))
    try:
        return event.b2b
    except B2BSettings.DoesNotExist:
        raise ValidationError(_("Der B2B-Tag ist noch nicht eingerichtet.")) from None


def wishes_open(settings: B2BSettings, now: datetime.datetime | None = None) -> bool:
    return settings.wishes_close_at is None or (now or timezone.now()) < settings.wishes_close_at


# --- The day --------------------------------------------------------------------------------


@changes(versions.EVENTS)
@transaction.atomic
def configure_b2b(
    *,
    event: Event,
    by,
    table_count: int,
    max_meetings_per_person: int,
    first_slot_at: datetime.datetime,
    slot_minutes: int,
    slot_count: int,
    breaks: list[int],
    wishes_close_at: datetime.datetime | None = None,
) -> B2BSettings:
    """Set up (or change) the day's frame and its slots 1 … `slot_count`; `breaks` are slot
    numbers without meetings. Slots that already hold meetings are not removed or turned into
    breaks."""
    _require_manager(by, event)
    if not event.is_b2b_day:
        raise ValidationError(_("Diese Veranstaltung ist kein B2B-Tag."))
    if not 1 <= slot_count <= MAX_SLOTS:
        raise ValidationError(
            {"slot_count": [_("Zwischen 1 und %(max)d Zeitfenster.") % {"max": MAX_SLOTS}]}
        )
    if not 5 <= slot_minutes <= MAX_SLOT_MINUTES:
        raise ValidationError(
            {"slot_minutes": [_("Ein Gespräch dauert 5 bis %(max)d Minuten.") % {"max": 240}]}
        )
    breaks = sorted(set(breaks or []))
    if any(not isinstance(number, int) or not 1 <= number <= slot_count for number in breaks):
        raise ValidationError(
            {"breaks": [_("Pausen sind Nummern von Zeitfenstern zwischen 1 und der Anzahl.")]}
        )
    if len(breaks) >= slot_count:
        raise ValidationError(
            {"breaks": [_("Mindestens ein Zeitfenster muss für Gespräche sein.")]}
        )
    settings, _created = B2BSettings.objects.select_for_update().get_or_create(
        event=event, defaults={"table_count": table_count}
    )
    settings.table_count = table_count
    settings.max_meetings_per_person = max_meetings_per_person
    settings.wishes_close_at = wishes_close_at
    settings.full_clean()
    settings.save()
    busy = set(
        B2BMeeting.objects.filter(event=event).values_list("slot__index", flat=True).distinct()
    )
    if busy & set(breaks) or any(index > slot_count for index in busy):
        raise ValidationError(
            _("In Zeitfenster %(slots)s sind schon Gespräche geplant; verschieben Sie sie zuerst.")
            % {"slots": ", ".join(str(i) for i in sorted(busy & set(breaks)) or sorted(busy))}
        )
    over_table = B2BMeeting.objects.filter(event=event, table__gt=table_count).exists()
    if over_table:
        raise ValidationError(
            {"table_count": [_("Es sind schon Gespräche an Tischen über dieser Anzahl geplant.")]}
        )
    B2BSlot.objects.filter(event=event, index__gt=slot_count).delete()
    existing = {slot.index: slot for slot in B2BSlot.objects.filter(event=event)}
    length = datetime.timedelta(minutes=slot_minutes)
    for index in range(1, slot_count + 1):
        slot = existing.get(index) or B2BSlot(event=event, index=index)
        slot.starts_at = first_slot_at + (index - 1) * length
        slot.ends_at = slot.starts_at + length
        slot.is_break = index in breaks
        slot.full_clean(validate_unique=False)
        slot.save()
    return settings


@changes(versions.EVENTS)
@transaction.atomic
def publish_schedule(*, event: Event, by, published: bool = True) -> B2BSettings:
    _require_manager(by, event)
    settings = B2BSettings.objects.select_for_update().get(pk=_settings(event).pk)
    if published and not settings.solved_at and not event.b2b_meetings.exists():
        raise ValidationError(_("Es gibt noch keinen Plan zum Veröffentlichen."))
    was_published = settings.schedule_published
    settings.schedule_published = published
    settings.save(update_fields=["schedule_published"])
    if published and not was_published:
        b2b_mail.schedule_published(event)
    return settings


# --- Participants ---------------------------------------------------------------------------


def prefilled_profile(registration: Registration) -> dict:
    """The short profile from the organisation's actor profile and its published listings."""
    actor = registration.actor
    if actor is None:
        return {"profile": "", "offering": "", "looking_for": ""}
    competences = [c.text for c in actor.competences.all()[:8]]
    parts = [actor.description.strip()] if actor.description.strip() else []
    if competences:
        parts.append(_("Kompetenzen: %(list)s") % {"list": ", ".join(competences)})
    listings = Listing.objects.filter(
        owner_actor=actor, status=ListingStatus.PUBLISHED, is_anonymous=False
    ).order_by("-published_at", "pk")[:10]
    offers = [f"{listing.title}" for listing in listings if listing.kind in OFFER_KINDS]
    requests = [f"{listing.title}" for listing in listings if listing.kind not in OFFER_KINDS]
    return {
        "profile": "\n".join(parts)[:MAX_PROFILE],
        "offering": "\n".join(offers)[:MAX_PROFILE],
        "looking_for": "\n".join(requests)[:MAX_PROFILE],
    }


def _clean_availability(settings: B2BSettings, available_slots) -> list[int]:
    numbers = sorted(set(available_slots or []))
    indexes = set(settings.event.b2b_slots.values_list("index", flat=True))
    if any(not isinstance(n, int) or n not in indexes for n in numbers):
        raise ValidationError(
            {"available_slots": [_("Diese Zeitfenster gibt es an diesem B2B-Tag nicht.")]}
        )
    return [] if set(numbers) == indexes else numbers


def _apply_profile(participant: B2BParticipant, settings: B2BSettings, values: dict) -> None:
    for field in ("profile", "offering", "looking_for"):
        if values.get(field) is not None:
            text = str(values[field]).strip()
            if len(text) > MAX_PROFILE:
                raise ValidationError(
                    {field: [_("Höchstens %(max)d Zeichen.") % {"max": MAX_PROFILE}]}
                )
            setattr(participant, field, text)
    if values.get("available_slots") is not None:
        participant.available_slots = _clean_availability(settings, values["available_slots"])
    if "max_meetings" in values:
        maximum = values["max_meetings"]
        if maximum is not None and not 1 <= maximum <= settings.max_meetings_per_person:
            raise ValidationError(
                {
                    "max_meetings": [
                        _("Höchstens %(max)d Gespräche an diesem Tag.")
                        % {"max": settings.max_meetings_per_person}
                    ]
                }
            )
        participant.max_meetings = maximum


@changes(versions.EVENTS)
@transaction.atomic
def join_b2b(
    *,
    registration: Registration,
    by,
    profile: str | None = None,
    offering: str | None = None,
    looking_for: str | None = None,
    available_slots: list[int] | None = None,
    max_meetings: int | None = None,
) -> B2BParticipant:
    """A confirmed registration of a B2B day becomes a participant (once); texts left out
    come from `prefilled_profile`."""
    event = registration.event
    settings = _settings(event)
    if not is_authenticated(by) or not (
        registration.user_id == by.pk or can_manage_event(by, event)
    ):
        raise PermissionDenied(_("Sie handeln hier nur für sich selbst."))
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Am B2B-Tag nehmen nur bestätigte Anmeldungen teil."))
    if B2BParticipant.objects.filter(registration=registration).exists():
        raise ValidationError(_("Sie nehmen an diesem B2B-Tag bereits teil."))
    values = prefilled_profile(registration)
    for key, value in (("profile", profile), ("offering", offering), ("looking_for", looking_for)):
        if value is not None:
            values[key] = value
    values["available_slots"] = available_slots
    values["max_meetings"] = max_meetings
    participant = B2BParticipant(event=event, registration=registration, actor=registration.actor)
    _apply_profile(participant, settings, values)
    participant.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError:
        raise ValidationError(_("Sie nehmen an diesem B2B-Tag bereits teil.")) from None
    return participant


@changes(versions.EVENTS)
@transaction.atomic
def update_participant(*, participant: B2BParticipant, by, **values) -> B2BParticipant:
    """Change the short profile, availability or own maximum (keys as in `join_b2b`)."""
    _require_acts_for(by, participant)
    settings = _settings(participant.event)
    participant = B2BParticipant.objects.select_for_update().get(pk=participant.pk)
    unknown = set(values) - {
        "profile",
        "offering",
        "looking_for",
        "available_slots",
        "max_meetings",
    }
    if unknown:
        raise ValidationError(_("Unbekannte Angaben: %(keys)s") % {"keys": ", ".join(unknown)})
    _apply_profile(participant, settings, values)
    participant.full_clean()
    participant.save()
    return participant


def participant_slots(participant: B2BParticipant, slots: list[B2BSlot]) -> set[int]:
    """The slot numbers the participant can meet in (breaks excluded)."""
    chosen = set(participant.available_slots or [])
    return {s.index for s in slots if not s.is_break and (not chosen or s.index in chosen)}


def participant_label(participant: B2BParticipant) -> str:
    return participant.registration.name_with_organisation


# --- Wishes ---------------------------------------------------------------------------------


@changes(versions.EVENTS)
@transaction.atomic
def add_wish(
    *,
    requester: B2BParticipant,
    target: B2BParticipant,
    by,
    reason: str,
    match_score: float | None = None,
    suggested: bool = False,
) -> MeetingWish:
    """A wish to meet `target`. When `target` already wished to meet `requester`, both
    wishes are accepted (a mutual wish)."""
    _require_acts_for(by, requester)
    settings = _settings(requester.event)
    if target.event_id != requester.event_id:
        raise ValidationError(_("Diese Person nimmt nicht an diesem B2B-Tag teil."))
    if target.pk == requester.pk:
        raise ValidationError(_("Sie können sich nicht selbst zu einem Gespräch wünschen."))
    if not wishes_open(settings):
        raise ValidationError(_("Die Frist für Gesprächswünsche ist abgelaufen."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Bitte nennen Sie kurz den Grund für das Gespräch.")]})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": [_("Höchstens %(max)d Zeichen.") % {"max": MAX_REASON}]})
    # Lock the pair's wishes (both directions): a double click makes one wish.
    pair = list(
        MeetingWish.objects.select_for_update().filter(
            requester__in=[requester, target], target__in=[requester, target]
        )
    )
    if any(w.requester_id == requester.pk for w in pair):
        raise ValidationError(_("Sie haben sich dieses Gespräch bereits gewünscht."))
    wish = MeetingWish(
        event=requester.event,
        requester=requester,
        target=target,
        reason=reason,
        match_score=match_score,
        suggested=suggested,
    )
    reverse = next((w for w in pair if w.requester_id == target.pk), None)
    now = timezone.now()
    if reverse is not None and reverse.status != WishStatus.DECLINED:
        wish.status = WishStatus.ACCEPTED
        wish.answered_at = now
        if reverse.status == WishStatus.PENDING:
            reverse.status = WishStatus.ACCEPTED
            reverse.answered_at = now
            reverse.save(update_fields=["status", "answered_at"])
    wish.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # a double click that passed the check above
            wish.save()
    except IntegrityError:
        raise ValidationError(_("Sie haben sich dieses Gespräch bereits gewünscht.")) from None
    b2b_mail.wish_received(wish)
    return wish


@changes(versions.EVENTS)
@transaction.atomic
def answer_wish(*, wish: MeetingWish, by, accept: bool) -> MeetingWish:
    """The target accepts or declines; an answer may be changed until the schedule is
    published."""
    wish = (
        MeetingWish.objects.select_for_update(of=("self",))
        .select_related("target__event")
        .get(pk=wish.pk)
    )
    _require_acts_for(by, wish.target)
    settings = _settings(wish.event)
    if settings.schedule_published and not can_manage_event(by, wish.event):
        raise ValidationError(_("Der Plan ist veröffentlicht; Antworten sind nicht mehr möglich."))
    wish.status = WishStatus.ACCEPTED if accept else WishStatus.DECLINED
    wish.answered_at = timezone.now()
    wish.full_clean()
    wish.save(update_fields=["status", "answered_at"])
    return wish


# --- Suggestions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    participant: B2BParticipant
    score: float
    reasons: list[str]

    @property
    def explanation(self) -> str:
        return " · ".join(self.reasons)


def _need_text(participant: B2BParticipant) -> str:
    # What the participant looks for weighs most: it comes first and twice.
    parts = [participant.looking_for, participant.looking_for, participant.profile]
    return "\n".join(part for part in parts if part).strip() or participant.offering


def suggestions(participant: B2BParticipant, limit: int = 10) -> list[Suggestion]:
    """ "Diese Teilnehmenden passen zu Ihnen": the matching engine ranks the organisations of
    the other participants against this participant's texts; those already wished are left
    out."""
    wished = set(participant.wishes_sent.values_list("target_id", flat=True))
    others = (
        B2BParticipant.objects.filter(event=participant.event, actor__isnull=False)
        .exclude(pk=participant.pk)
        .exclude(pk__in=wished)
        .select_related("registration", "actor")
    )
    by_actor: dict[int, list[B2BParticipant]] = {}
    for other in others:
        if other.actor_id != participant.actor_id:
            by_actor.setdefault(other.actor_id, []).append(other)
    text = _need_text(participant)
    if not by_actor or not text:
        return []
    need = engine.Need(
        text=text,
        cluster_id=participant.event.cluster_id,
        exclude_actor_ids=frozenset({participant.actor_id} if participant.actor_id else ()),
    )
    try:
        matches = engine.match_actors(need, limit=SUGGESTION_POOL)
    except engine.EmptyNeed:
        return []
    found: list[Suggestion] = []
    for match in matches:
        for other in by_actor.get(match.actor_id, []):
            found.append(Suggestion(other, round(match.score, 4), match.reasons))
    return found[:limit]


# --- Meetings -------------------------------------------------------------------------------


def _meeting(meeting: B2BMeeting) -> B2BMeeting:
    return (
        B2BMeeting.objects.select_for_update(of=("self",))
        .select_related("event", "slot", "first__registration", "second__registration")
        .get(pk=meeting.pk)
    )


@changes(versions.EVENTS)
@transaction.atomic
def lock_meeting(*, meeting: B2BMeeting, by, locked: bool = True) -> B2BMeeting:
    """A locked meeting keeps its slot and table when the schedule is planned again."""
    _require_manager(by, meeting.event)
    meeting = _meeting(meeting)
    meeting.locked = locked
    meeting.save(update_fields=["locked"])
    return meeting


def check_placement(
    *,
    event: Event,
    first: B2BParticipant,
    second: B2BParticipant,
    slot: B2BSlot,
    table: int,
    exclude_pk: int | None = None,
) -> None:
    """German errors for a slot or table a meeting of `first` and `second` cannot have."""
    settings = _settings(event)
    if slot.event_id != event.pk:
        raise ValidationError({"slot": [_("Dieses Zeitfenster gehört nicht zu diesem Tag.")]})
    if slot.is_break:
        raise ValidationError(
            {"slot": [_("Zeitfenster %(n)d ist eine Pause.") % {"n": slot.index}]}
        )
    if not 1 <= table <= settings.table_count:
        raise ValidationError(
            {"table": [_("Tische gibt es von 1 bis %(max)d.") % {"max": settings.table_count}]}
        )
    for person in (first, second):
        chosen = person.available_slots or []
        if chosen and slot.index not in chosen:
            raise ValidationError(
                {
                    "slot": [
                        _("%(name)s ist in Zeitfenster %(n)d nicht verfügbar.")
                        % {"name": participant_label(person), "n": slot.index}
                    ]
                }
            )
    same_slot = B2BMeeting.objects.filter(slot=slot).exclude(pk=exclude_pk)
    for person in (first, second):
        if same_slot.filter(first=person).exists() or same_slot.filter(second=person).exists():
            raise ValidationError(
                {
                    "slot": [
                        _("%(name)s hat in Zeitfenster %(n)d schon ein Gespräch.")
                        % {"name": participant_label(person), "n": slot.index}
                    ]
                }
            )
    if same_slot.filter(table=table).exists():
        raise ValidationError(
            {
                "table": [
                    _("Tisch %(t)d ist in Zeitfenster %(n)d schon belegt.")
                    % {"t": table, "n": slot.index}
                ]
            }
        )


def _free_table(event: Event, slot: B2BSlot, exclude_pk: int | None = None) -> int:
    taken = set(
        B2BMeeting.objects.filter(slot=slot).exclude(pk=exclude_pk).values_list("table", flat=True)
    )
    for table in range(1, _settings(event).table_count + 1):
        if table not in taken:
            return table
    raise ValidationError(
        {"slot": [_("In Zeitfenster %(n)d ist kein Tisch mehr frei.") % {"n": slot.index}]}
    )


@changes(versions.EVENTS)
@transaction.atomic
def move_meeting(*, meeting: B2BMeeting, by, slot: B2BSlot, table: int | None = None) -> B2BMeeting:
    """Move a meeting to another slot (and table: the first free one when left out). A moved
    meeting is locked, so that a new planning keeps the organisers' decision."""
    _require_manager(by, meeting.event)
    meeting = _meeting(meeting)
    if meeting.status != B2BMeetingStatus.SCHEDULED:
        raise ValidationError(_("Ein Gespräch, das schon stattfand, wird nicht verschoben."))
    B2BSlot.objects.select_for_update().filter(pk=slot.pk).first()
    if table is None:
        table = _free_table(meeting.event, slot, exclude_pk=meeting.pk)
    check_placement(
        event=meeting.event,
        first=meeting.first,
        second=meeting.second,
        slot=slot,
        table=table,
        exclude_pk=meeting.pk,
    )
    meeting.slot = slot
    meeting.table = table
    meeting.locked = True
    meeting.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:
        message = _("Tisch %(t)d ist in Zeitfenster %(n)d schon belegt.")
        raise ValidationError({"table": [message % {"t": table, "n": slot.index}]}) from None
    return meeting


@changes(versions.EVENTS)
@transaction.atomic
def mark_no_show(*, meeting: B2BMeeting, by, participant: B2BParticipant) -> B2BMeeting:
    """The organisers note who did not come to a meeting."""
    _require_manager(by, meeting.event)
    meeting = _meeting(meeting)
    if participant.pk not in (meeting.first_id, meeting.second_id):
        raise ValidationError(_("Diese Person gehört nicht zu diesem Gespräch."))
    meeting.status = B2BMeetingStatus.NO_SHOW
    meeting.no_show = participant
    meeting.outcome = ""
    meeting.full_clean()
    meeting.save(update_fields=["status", "no_show", "outcome"])
    return meeting


@changes(versions.EVENTS)
@transaction.atomic
def record_outcome(*, meeting: B2BMeeting, by, outcome: str, note: str = "") -> B2BMeeting:
    """One of the two (or an organiser) records what came of the meeting: a cooperation, a
    project idea, or no need. The meeting counts as held."""
    meeting = _meeting(meeting)
    if not is_authenticated(by) or not (
        by.pk in (meeting.first.registration.user_id, meeting.second.registration.user_id)
        or can_manage_event(by, meeting.event)
    ):
        raise PermissionDenied(_("Das Ergebnis erfassen die beiden Beteiligten."))
    if outcome not in ContactOutcome.values:
        raise ValidationError({"outcome": [_("Bitte wählen Sie ein Ergebnis.")]})
    if meeting.status == B2BMeetingStatus.NO_SHOW:
        raise ValidationError(_("Zu diesem Gespräch ist jemand nicht erschienen."))
    if meeting.slot.starts_at > timezone.now():
        raise ValidationError(_("Das Gespräch hat noch nicht stattgefunden."))
    note = (note or "").strip()
    if len(note) > MAX_REASON:
        raise ValidationError({"note": [_("Höchstens %(max)d Zeichen.") % {"max": MAX_REASON}]})
    meeting.status = B2BMeetingStatus.HELD
    meeting.outcome = outcome
    meeting.outcome_note = note
    meeting.outcome_recorded_at = timezone.now()
    meeting.full_clean()
    meeting.save()
    return meeting
