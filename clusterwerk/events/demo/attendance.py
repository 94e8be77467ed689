"""Who comes to the demo events: invented people of directory organisations (demo companies
and craft businesses, the reference institutions, networks and chambers) – every organisation
sends the same one or two people to every event – and their registrations, check-ins and
feedback, written in bulk with the dates of the event.

The names are invented (first and last names from `data/events.json`), the addresses end in
`@example.org`, every registration is `is_demo=True`. Ticket codes come from the one ticket
code generator (`tickets.new_ticket_code`), not from the seeded one: a demo instance may be
reachable. The names of past registrations are kept as written; the daily erasure
(`services.privacy`, twelve months after an event) removes them like anybody's, and the
organisations, check-ins and counts stay."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from clusterwerk.events.models import (
    AUDIENCE_KINDS,
    Audience,
    CheckIn,
    CheckInKind,
    CheckInMethod,
    Event,
    EventStatus,
    Feedback,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    TicketType,
)
from clusterwerk.events.tickets import new_ticket_code

TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "é": "e"}
)
# Who fills an open contingent (an "other" person's organisation is not in the directory).
OPEN_MIX = {
    Audience.INDUSTRY: 40,
    Audience.CRAFT: 32,
    Audience.SCIENCE: 14,
    Audience.NETWORK_CHAMBER: 9,
    "other": 5,
}
SAME_DISTRICT_SHARE = 0.6  # craft businesses at a Werkstattgespräch: from its district
SECOND_PERSON_SHARE = 0.35  # organisations with two people who go to events


@dataclass(frozen=True)
class Organisation:
    pk: int
    kind: str
    district_id: int | None


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    email: str
    actor_id: int | None = None
    organisation_name: str = ""
    user_id: int | None = None


@dataclass
class People:
    """The organisations per audience and the people who speak for them (made on first use,
    in the order of the seeded generator, so the same seed gives the same people)."""

    rng: random.Random
    first_names: list[str]
    last_names: list[str]
    pools: dict[str, list[Organisation]]
    others: list[str]
    _staff: dict[int, list[Person]] = field(default_factory=dict)
    _emails: set[str] = field(default_factory=set)

    def _new_person(self, actor_id=None, organisation_name="") -> Person:
        first = self.rng.choice(self.first_names)
        last = self.rng.choice(self.last_names)
        local = f"{first}.{last}".lower().translate(TRANSLITERATION)
        email, number = f"{local}@example.org", 2
        while email in self._emails:
            email, number = f"{local}{number}@example.org", number + 1
        self._emails.add(email)
        return Person(first, last, email, actor_id, organisation_name)

    def staff(self, organisation: Organisation) -> list[Person]:
        if organisation.pk not in self._staff:
            count = 2 if self.rng.random() < SECOND_PERSON_SHARE else 1
            self._staff[organisation.pk] = [
                self._new_person(actor_id=organisation.pk) for _ in range(count)
            ]
        return self._staff[organisation.pk]

    def pick(
        self,
        audience: str,
        *,
        taken: set[str],
        district_id: int | None = None,
        organisers: list[Organisation] = (),
    ) -> Person:
        """Somebody for a seat of `audience` who is not yet registered (`taken`: e-mails)."""
        if audience == Audience.OPEN:
            audience = self.rng.choices(list(OPEN_MIX), weights=list(OPEN_MIX.values()))[0]
        if audience == "other" or (
            audience != Audience.CO_ORGANISERS and not self.pools.get(audience)
        ):
            return self._new_person(organisation_name=self.rng.choice(self.others))
        pool = list(organisers) if audience == Audience.CO_ORGANISERS else self.pools[audience]
        if audience == Audience.CRAFT and district_id is not None:
            local = [o for o in pool if o.district_id == district_id]
            if local and self.rng.random() < SAME_DISTRICT_SHARE:
                pool = local
        for _attempt in range(30):
            organisation = self.rng.choice(pool) if pool else None
            if organisation is None:
                break
            for person in self.staff(organisation):
                if person.email not in taken:
                    return person
        # Everybody of the pool is there already: a further colleague.
        if pool:
            organisation = self.rng.choice(pool)
            person = self._new_person(actor_id=organisation.pk)
            self._staff[organisation.pk].append(person)
            return person
        return self._new_person(organisation_name=self.rng.choice(self.others))


def pools_for(organisations: list[Organisation]) -> dict[str, list[Organisation]]:
    pools: dict[str, list[Organisation]] = {}
    for audience, kinds in AUDIENCE_KINDS.items():
        pools[audience] = [o for o in organisations if o.kind in kinds]
    return pools


@dataclass
class Attendance:
    """What the generator wrote for one event."""

    registrations: list[Registration] = field(default_factory=list)
    attended: list[Registration] = field(default_factory=list)
    check_ins: int = 0
    feedback: int = 0


def _at(moment: datetime.datetime, rng: random.Random, low: float, high: float):
    return moment + datetime.timedelta(minutes=rng.uniform(low, high))


def write_registrations(
    *,
    event: Event,
    spec: dict,
    contingents: list[tuple[TicketType, dict]],
    people: People,
    organisers: list[Organisation],
    now: datetime.datetime,
    member: Person | None = None,
    member_audience: str | None = None,
) -> Attendance:
    """The registrations of one event by its contingents' `registered`, `waitlist` and
    `pending` counts, a few cancelled (`cancelled`) and, for a past event, entrance check-ins
    for the share `show_rate` of the confirmed ones, registrations at the door (`door`) and
    feedback from the share `feedback` of those who came."""
    rng = people.rng
    past = event.starts_at < now
    taken: set[str] = set()
    rows: list[tuple[Registration, datetime.datetime]] = []

    def add(ticket_type, person, status, *, source=RegistrationSource.ONLINE, when=None):
        taken.add(person.email)
        if when is None:
            if past:
                when = event.starts_at - datetime.timedelta(days=rng.uniform(3, 45))
            else:
                opened = event.registration_opens_at or now - datetime.timedelta(days=21)
                when = opened + (now - opened) * rng.random()
        registration = Registration(
            event=event,
            ticket_type=ticket_type,
            user_id=person.user_id,
            actor_id=person.actor_id,
            organisation_name=person.organisation_name,
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
            status=status,
            source=source,
            consent_participant_list=rng.random() < 0.6,
            ticket_code=new_ticket_code(),
            is_demo=True,
        )
        rows.append((registration, when))
        return registration

    first_type = contingents[0][0]
    if member is not None:
        member_type = next(
            (tt for tt, _c in contingents if tt.audience in (Audience.OPEN, member_audience)),
            first_type,
        )
        add(member_type, member, RegistrationStatus.CONFIRMED)
    for ticket_type, counts in contingents:
        for _ in range(counts.get("registered", 0)):
            person = people.pick(
                ticket_type.audience,
                taken=taken,
                district_id=event.district_id,
                organisers=organisers,
            )
            add(ticket_type, person, RegistrationStatus.CONFIRMED)
        for _ in range(counts.get("pending", 0)):
            person = people.pick(ticket_type.audience, taken=taken, organisers=organisers)
            add(ticket_type, person, RegistrationStatus.PENDING)
        for _ in range(counts.get("waitlist", 0)):
            person = people.pick(
                ticket_type.audience,
                taken=taken,
                district_id=event.district_id,
                organisers=organisers,
            )
            add(ticket_type, person, RegistrationStatus.WAITLISTED)
    for _ in range(spec.get("cancelled", 0)):
        person = people.pick(first_type.audience, taken=taken, organisers=organisers)
        add(first_type, person, RegistrationStatus.CANCELLED)
    door = []
    if past:
        for _ in range(spec.get("door", 0)):
            person = people.pick(first_type.audience, taken=taken, organisers=organisers)
            door.append(
                add(
                    first_type,
                    person,
                    RegistrationStatus.CONFIRMED,
                    source=RegistrationSource.DOOR,
                    when=_at(event.starts_at, rng, -10, 20),
                )
            )

    # Waiting in order of arrival; the dates the services would have set.
    rows.sort(key=lambda row: row[1])
    for registration, when in rows:
        if registration.status == RegistrationStatus.CONFIRMED:
            registration.confirmed_at = when
        elif registration.status == RegistrationStatus.WAITLISTED:
            registration.waitlisted_at = when
        elif registration.status == RegistrationStatus.CANCELLED:
            registration.confirmed_at = when
            registration.cancelled_at = when + (event.starts_at - when) * rng.uniform(0.3, 0.9)
    registrations = Registration.objects.bulk_create([row[0] for row in rows])
    for registration, (_same, when) in zip(registrations, rows, strict=True):
        registration.created_at = when
        registration.updated_at = registration.cancelled_at or registration.confirmed_at or when
    Registration.objects.bulk_update(registrations, ["created_at", "updated_at"])

    attendance = Attendance(registrations=registrations)
    if past and event.status != EventStatus.CANCELLED:
        _check_in(event, spec, registrations, door, attendance, rng, member)
    return attendance


def _check_in(event, spec, registrations, door, attendance, rng, member) -> None:
    confirmed = [
        r
        for r in registrations
        if r.status == RegistrationStatus.CONFIRMED and r.source != RegistrationSource.DOOR
    ]
    came = set(
        rng.sample(range(len(confirmed)), round(len(confirmed) * spec.get("show_rate", 0.85)))
    )
    attended = [r for index, r in enumerate(confirmed) if index in came]
    if member is not None:
        attended += [r for r in confirmed if r.user_id == member.user_id and r not in attended]
    attended += door
    method = spec.get("checkin_method", "qr")
    check_ins = []
    for registration in attended:
        how = (
            CheckInMethod.DOOR
            if registration.source == RegistrationSource.DOOR
            else CheckInMethod.SEARCH
            if method == "search" or rng.random() < 0.15
            else CheckInMethod.QR
        )
        check_ins.append(
            CheckIn(
                registration=registration,
                kind=CheckInKind.ENTRY,
                method=how,
                scanned_at=_at(event.starts_at, rng, -20, 35),
            )
        )
        if rng.random() < 0.3 and method != "search":
            check_ins.append(
                CheckIn(
                    registration=registration,
                    kind=CheckInKind.EXIT,
                    method=CheckInMethod.QR,
                    scanned_at=_at(event.ends_at, rng, -40, 5),
                )
            )
    CheckIn.objects.bulk_create(check_ins)
    attendance.attended = attended
    attendance.check_ins = len(check_ins)
    _feedback(event, spec, attended, attendance, rng)


def _feedback(event, spec, attended, attendance, rng) -> None:
    share = spec.get("feedback", 0)
    texts = spec["_feedback_texts"]
    chosen = [r for r in attended if rng.random() < share]
    answers = [
        Feedback(
            registration=registration,
            rating=rng.choices([5, 4, 3, 2], weights=[45, 38, 13, 4])[0],
            text=rng.choice(texts),
        )
        for registration in chosen
    ]
    answers = Feedback.objects.bulk_create(answers)
    for answer in answers:
        answer.created_at = event.ends_at + datetime.timedelta(days=rng.uniform(0.2, 9))
    Feedback.objects.bulk_update(answers, ["created_at"])
    attendance.feedback = len(answers)
