"""Veranstaltungen: the cluster's events and series, registration with seat contingents and a
waiting list, tickets and check-in, documentation with follow-ups and feedback, and B2B meeting
days with their schedule.

An event belongs to one cluster; co-organising actors (a Handwerkskammer, a university, a
network) manage that event through their representatives. Topic areas are stored by masterplan
lineage, as for projects and listings. Seats are counted per ticket type: each ticket type is
one contingent for one audience, with its own waiting list (contingents never overlap, so a
freed seat has exactly one waiting list to serve).
"""

import uuid
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import Actor, ActorKind, District
from clusterwerk.core.models import Cluster, TimeStampedModel
from clusterwerk.matchmaking.models import ContactOutcome, Listing
from clusterwerk.participation.models import Proposal
from clusterwerk.projects.models import Project

DEFAULT_TIME_ZONE = "Europe/Berlin"
DEFAULT_OFFER_HOURS = 48


class EventFormat(models.TextChoices):
    WORKSHOP_TALK = "workshop_talk", _("Werkstattgespräch")
    CLUSTER_CONFERENCE = "cluster_conference", _("Clusterkonferenz")
    FORUM = "forum", _("Forum")
    WORKSHOP = "workshop", _("Workshop")
    TRADE_FAIR = "trade_fair", _("Messeauftritt")
    CROSS_CLUSTER_CAMP = "cross_cluster_camp", _("Cross-Cluster-Camp")
    B2B_DAY = "b2b_day", _("B2B-Tag")
    ONLINE = "online", _("Online-Veranstaltung")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    PUBLISHED = "published", _("veröffentlicht")
    HELD = "held", _("durchgeführt")
    DOCUMENTED = "documented", _("dokumentiert")
    CANCELLED = "cancelled", _("abgesagt")


# Statuses in which an event is shown to its audience (a cancelled event stays visible with
# its notice, so that people who planned to come see it).
VISIBLE_STATUSES = (
    EventStatus.PUBLISHED,
    EventStatus.HELD,
    EventStatus.DOCUMENTED,
    EventStatus.CANCELLED,
)


class EventLanguage(models.TextChoices):
    GERMAN = "de", _("Deutsch")
    ENGLISH = "en", _("Englisch")
    GERMAN_ENGLISH = "de_en", _("Deutsch und Englisch")


class EventSeries(TimeStampedModel):
    """A series of events, e.g. "Innovation im Metallhandwerk" (the Werkstattgespräche)."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="event_series", verbose_name=_("Cluster")
    )
    slug = models.SlugField(_("Kürzel für Adressen"), max_length=100)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)

    class Meta:
        verbose_name = _("Veranstaltungsreihe")
        verbose_name_plural = _("Veranstaltungsreihen")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "slug"], name="unique_event_series_slug")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:series-detail", args=[self.slug])


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(_("Unbekannte Zeitzone: %(value)s"), params={"value": value})


class Event(TimeStampedModel):
    """One event: a Werkstattgespräch, the Clusterkonferenz, a fair stand, a B2B day …"""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="events", verbose_name=_("Cluster")
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("Kürzel für Adressen"), max_length=120, unique=True)
    series = models.ForeignKey(
        EventSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("Reihe"),
    )
    format = models.CharField(_("Format"), max_length=30, choices=EventFormat.choices)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    language = models.CharField(
        _("Sprache"), max_length=10, choices=EventLanguage.choices, default=EventLanguage.GERMAN
    )
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    time_zone = models.CharField(
        _("Zeitzone"), max_length=60, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    venue_name = models.CharField(_("Veranstaltungsort"), max_length=200, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10, blank=True)
    municipality = models.CharField(_("Ort"), max_length=120, blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Landkreis / kreisfreie Stadt"),
    )
    online_url = models.URLField(_("Online-Zugang"), max_length=500, blank=True)
    co_organisers = models.ManyToManyField(
        Actor,
        through="EventOrganiser",
        blank=True,
        related_name="co_organised_events",
        verbose_name=_("Mitveranstalter"),
    )
    partner_clusters = models.ManyToManyField(
        Cluster, blank=True, related_name="partner_events", verbose_name=_("Partnercluster")
    )
    is_public = models.BooleanField(
        _("öffentlich"),
        default=True,
        help_text=_("Sonst sehen nur Mitglieder des Clusters die Veranstaltung."),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    # Registration
    registration_enabled = models.BooleanField(_("Anmeldung über die Plattform"), default=True)
    registration_opens_at = models.DateTimeField(_("Anmeldung ab"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("Anmeldeschluss"), null=True, blank=True)
    cancellation_deadline = models.DateTimeField(
        _("Abmeldung möglich bis"),
        null=True,
        blank=True,
        help_text=_("Leer: bis zum Beginn der Veranstaltung."),
    )
    requires_approval = models.BooleanField(
        _("Anmeldungen werden bestätigt"),
        default=False,
        help_text=_("Die Veranstalter prüfen jede Anmeldung, bevor sie gilt."),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("Frist für Nachrückplätze (Stunden)"),
        default=DEFAULT_OFFER_HOURS,
        validators=[MinValueValidator(1), MaxValueValidator(14 * 24)],
    )
    # Lifecycle
    sequence = models.PositiveIntegerField(
        _("Änderungszähler für Kalender"), default=0, editable=False
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("abgesagt am"), null=True, blank=True)
    cancellation_reason = models.TextField(_("Grund der Absage"), blank=True)
    documented_at = models.DateTimeField(_("dokumentiert am"), null=True, blank=True)
    # Documentation (safe Markdown, rendered by `core`'s Markdown filter)
    minutes = models.TextField(_("Protokoll"), blank=True)
    feedback_open = models.BooleanField(_("Feedback-Umfrage offen"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)
    version = models.PositiveIntegerField(_("Bearbeitungsstand"), default=1)

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["cluster", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("Das Ende liegt vor dem Beginn.")})
        if self.format == EventFormat.ONLINE and not self.online_url:
            raise ValidationError(
                {"online_url": _("Eine Online-Veranstaltung braucht einen Online-Zugang.")}
            )
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at < self.registration_opens_at
        ):
            raise ValidationError(
                {"registration_closes_at": _("Der Anmeldeschluss liegt vor dem Anmeldebeginn.")}
            )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not (self.venue_name or self.street)

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_b2b_day(self) -> bool:
        return self.format == EventFormat.B2B_DAY


class EventOrganiser(models.Model):
    """A co-organising actor; its representatives manage this event (and only this one)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organisers")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Mitveranstalter")
        verbose_name_plural = _("Mitveranstalter")
        constraints = [
            models.UniqueConstraint(fields=["event", "actor"], name="unique_event_organiser")
        ]

    def __str__(self):
        return f"{self.event_id}: {self.actor_id}"


class EventTopicArea(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="topics")
    lineage = models.UUIDField(_("Themenbereich (Kennung)"), db_index=True)

    class Meta:
        verbose_name = _("Themenbereich der Veranstaltung")
        verbose_name_plural = _("Themenbereiche der Veranstaltung")
        constraints = [
            models.UniqueConstraint(fields=["event", "lineage"], name="unique_event_topic")
        ]

    def __str__(self):
        return f"{self.event_id}: {self.lineage}"


class Audience(models.TextChoices):
    """Who a contingent is for. `kinds()` names the directory's kinds of organisation that
    belong to it; OPEN and CO_ORGANISERS are decided otherwise."""

    OPEN = "open", _("alle")
    CRAFT = "craft", _("Handwerk")
    INDUSTRY = "industry", _("Industrie")
    SCIENCE = "science", _("Wissenschaft")
    NETWORK_CHAMBER = "network_chamber", _("Netzwerk/Kammer")
    CO_ORGANISERS = "co_organisers", _("Mitveranstalter (reservierte Plätze)")


AUDIENCE_KINDS = {
    Audience.CRAFT: (ActorKind.CRAFT_BUSINESS,),
    Audience.INDUSTRY: (ActorKind.COMPANY,),
    Audience.SCIENCE: (
        ActorKind.UNIVERSITY,
        ActorKind.RESEARCH_INSTITUTE,
        ActorKind.COMPETENCE_CENTRE,
        ActorKind.TRANSFER_OFFICE,
    ),
    Audience.NETWORK_CHAMBER: (
        ActorKind.NETWORK,
        ActorKind.ASSOCIATION,
        ActorKind.CHAMBER,
        ActorKind.SOCIAL_PARTNER,
        ActorKind.CLUSTER_ORGANISATION,
        ActorKind.ECONOMIC_DEVELOPMENT,
    ),
}


class TicketType(models.Model):
    """A contingent of seats for one audience, with its own waiting list."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="ticket_types")
    name = models.CharField(_("Bezeichnung"), max_length=120)
    description = models.CharField(_("Hinweis"), max_length=300, blank=True)
    audience = models.CharField(
        _("Zielgruppe"), max_length=20, choices=Audience.choices, default=Audience.OPEN
    )
    capacity = models.PositiveIntegerField(_("Plätze"), validators=[MinValueValidator(1)])
    waitlist_enabled = models.BooleanField(_("Warteliste"), default=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Kontingent")
        verbose_name_plural = _("Kontingente")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.event}: {self.name}"


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Freitext")
    CHOICE = "choice", _("Auswahl")
    YES_NO = "yes_no", _("Ja/Nein")


class RegistrationQuestion(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("Frage"), max_length=300)
    kind = models.CharField(
        _("Art"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT
    )
    choices = models.JSONField(_("Auswahlmöglichkeiten"), default=list, blank=True)
    required = models.BooleanField(_("Pflichtangabe"), default=False)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Anmeldefrage")
        verbose_name_plural = _("Anmeldefragen")
        ordering = ["order", "id"]

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.kind == QuestionKind.CHOICE and len(self.choices or []) < 2:
            raise ValidationError(
                {"choices": _("Eine Auswahlfrage braucht mindestens zwei Möglichkeiten.")}
            )


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("wartet auf Bestätigung")
    CONFIRMED = "confirmed", _("bestätigt")
    WAITLISTED = "waitlisted", _("auf der Warteliste")
    OFFERED = "offered", _("Nachrückplatz angeboten")
    CANCELLED = "cancelled", _("abgemeldet")
    DECLINED = "declined", _("nicht angenommen")
    OFFER_EXPIRED = "offer_expired", _("Angebot abgelaufen")


# A registration in one of these holds (or waits for) a seat: one per person and event.
ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.OFFERED,
)
# These occupy a seat of the contingent (an offered seat is held for the person offered).
SEAT_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.OFFERED,
)


class RegistrationSource(models.TextChoices):
    ONLINE = "online", _("online")
    DOOR = "door", _("an der Tür")
    ORGANISER = "organiser", _("durch die Veranstalter")


class Registration(TimeStampedModel):
    """A person's registration for an event, in one contingent. The organisation is linked to
    the directory (`actor`) so that attendance is counted per organisation; `organisation_name`
    holds an organisation that is not (yet) in the directory."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    ticket_type = models.ForeignKey(
        TicketType,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("Kontingent"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("Organisation"),
    )
    organisation_name = models.CharField(
        _("Organisation (nicht im Verzeichnis)"), max_length=300, blank=True
    )
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    # Blank only for a person registered at the door without an address, and after erasure.
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=RegistrationStatus.choices)
    source = models.CharField(
        _("Herkunft"),
        max_length=20,
        choices=RegistrationSource.choices,
        default=RegistrationSource.ONLINE,
    )
    answers = models.JSONField(_("Antworten"), default=dict, blank=True)
    consent_participant_list = models.BooleanField(
        _("Name in der Teilnehmendenliste"),
        default=False,
        help_text=_("Name und Organisation erscheinen in der Liste für andere Teilnehmende."),
    )
    # First come, first served: the moment the person joined the waiting list.
    waitlisted_at = models.DateTimeField(_("auf der Warteliste seit"), null=True, blank=True)
    offered_at = models.DateTimeField(_("Nachrückplatz angeboten am"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("Angebot gilt bis"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("abgemeldet am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )
    # The secret printed in the ticket's QR code (pretix calls it the ticket's secret).
    ticket_code = models.CharField(_("Ticketcode"), max_length=64, unique=True)
    # Set when the person's data was erased (account deleted, or the retention period ended):
    # the registration still counts for its organisation, without the person.
    erased_at = models.DateTimeField(_("personenbezogene Daten gelöscht am"), null=True, blank=True)
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["ticket_type", "status", "waitlisted_at"]),
            models.Index(fields=["event", "status"]),
        ]
        constraints = [
            # One active registration per person and event, also against a double click.
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=["pending", "confirmed", "waitlisted", "offered"]),
                name="one_active_registration_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} → {self.event}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def organisation_label(self) -> str:
        return self.actor.name if self.actor_id else self.organisation_name

    @property
    def name_with_organisation(self) -> str:
        """The name with the organisation in brackets, or the name alone."""
        organisation = self.organisation_label
        return f"{self.full_name} ({organisation})" if organisation else self.full_name

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class CheckInKind(models.TextChoices):
    ENTRY = "entry", _("Eingang")
    EXIT = "exit", _("Ausgang")


class CheckInMethod(models.TextChoices):
    QR = "qr", _("QR-Code")
    SEARCH = "search", _("Suche")
    DOOR = "door", _("Anmeldung an der Tür")


class CheckIn(models.Model):
    """One scan at the door: entry or exit."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="check_ins"
    )
    kind = models.CharField(_("Art"), max_length=10, choices=CheckInKind.choices)
    method = models.CharField(_("Weg"), max_length=10, choices=CheckInMethod.choices)
    scanned_at = models.DateTimeField(_("erfasst am"), db_index=True)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )

    class Meta:
        verbose_name = _("Einlass")
        verbose_name_plural = _("Einlässe")
        ordering = ["scanned_at", "id"]

    def __str__(self):
        return f"{self.registration_id}: {self.kind} {self.scanned_at:%H:%M}"


class FollowUpKind(models.TextChoices):
    LISTING = "listing", _("Inserat in der Kooperationsbörse")
    PROJECT_IDEA = "project_idea", _("Projektidee")
    FORESIGHT_SIGNAL = "foresight_signal", _("Signal für die Vorausschau")
    EDITION_PROPOSAL = "edition_proposal", _("Vorschlag für die nächste Masterplan-Ausgabe")


class FollowUp(models.Model):
    """What came out of an event, typed and linked to the object it became."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("Art"), max_length=20, choices=FollowUpKind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    note = models.TextField(_("Notiz"), blank=True)
    listing = models.ForeignKey(
        Listing, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    topic_lineage = models.UUIDField(_("Themenbereich (Kennung)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)

    class Meta:
        verbose_name = _("Ergebnis einer Veranstaltung")
        verbose_name_plural = _("Ergebnisse von Veranstaltungen")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title


class Feedback(models.Model):
    """An attendee's answer to the feedback survey after the event (one per registration)."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(
        _("Bewertung"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("Anmerkungen"), blank=True)
    created_at = models.DateTimeField(_("abgegeben am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Feedback")
        verbose_name_plural = _("Feedback")

    def __str__(self):
        return f"{self.registration_id}: {self.rating}"


# ---------------------------------------------------------------------------------------------
# B2B meeting days
# ---------------------------------------------------------------------------------------------


class B2BSettings(models.Model):
    """The frame of a B2B day: tables, meeting length and the most meetings per person."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="b2b")
    table_count = models.PositiveSmallIntegerField(
        _("Tische"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    max_meetings_per_person = models.PositiveSmallIntegerField(
        _("höchstens Gespräche je Person"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    wishes_close_at = models.DateTimeField(_("Gesprächswünsche bis"), null=True, blank=True)
    solved_at = models.DateTimeField(_("Plan berechnet am"), null=True, blank=True)
    solver_report = models.JSONField(_("Kennzahlen der Planung"), default=dict, blank=True)
    schedule_published = models.BooleanField(_("Plan veröffentlicht"), default=False)

    class Meta:
        verbose_name = _("B2B-Einstellungen")
        verbose_name_plural = _("B2B-Einstellungen")

    def __str__(self):
        return f"B2B {self.event_id}"


class B2BSlot(models.Model):
    """One time slot of a B2B day; a break is a slot without meetings."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="b2b_slots")
    index = models.PositiveSmallIntegerField(_("Nummer"))
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    is_break = models.BooleanField(_("Pause"), default=False)

    class Meta:
        verbose_name = _("Zeitfenster")
        verbose_name_plural = _("Zeitfenster")
        ordering = ["index"]
        constraints = [
            models.UniqueConstraint(fields=["event", "index"], name="unique_b2b_slot_index")
        ]

    def __str__(self):
        return f"{self.event_id} #{self.index}"


class B2BParticipant(models.Model):
    """A registered participant of a B2B day with a short profile and availability."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="b2b_participants")
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="b2b_participant"
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    profile = models.TextField(_("Kurzprofil"), blank=True)
    offering = models.TextField(_("Wir bieten"), blank=True)
    looking_for = models.TextField(_("Wir suchen"), blank=True)
    # Indexes of the slots the person is available in; empty: all slots.
    available_slots = models.JSONField(_("verfügbare Zeitfenster"), default=list, blank=True)
    max_meetings = models.PositiveSmallIntegerField(_("höchstens Gespräche"), null=True, blank=True)
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)

    class Meta:
        verbose_name = _("B2B-Teilnehmende/r")
        verbose_name_plural = _("B2B-Teilnehmende")
        ordering = ["id"]

    def __str__(self):
        return str(self.registration)


class WishStatus(models.TextChoices):
    PENDING = "pending", _("offen")
    ACCEPTED = "accepted", _("angenommen")
    DECLINED = "declined", _("abgelehnt")


class MeetingWish(models.Model):
    """A participant's wish to meet another, with a reason; the other side accepts or
    declines."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="b2b_wishes")
    requester = models.ForeignKey(
        B2BParticipant, on_delete=models.CASCADE, related_name="wishes_sent"
    )
    target = models.ForeignKey(
        B2BParticipant, on_delete=models.CASCADE, related_name="wishes_received"
    )
    reason = models.TextField(_("Grund"))
    match_score = models.FloatField(_("Passung"), null=True, blank=True)
    suggested = models.BooleanField(_("aus einem Vorschlag"), default=False)
    status = models.CharField(
        _("Status"), max_length=10, choices=WishStatus.choices, default=WishStatus.PENDING
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Gesprächswunsch")
        verbose_name_plural = _("Gesprächswünsche")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["requester", "target"], name="unique_meeting_wish"),
            models.CheckConstraint(
                condition=~Q(requester=models.F("target")), name="meeting_wish_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.requester_id} → {self.target_id}"


class B2BMeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("geplant")
    HELD = "held", _("stattgefunden")
    NO_SHOW = "no_show", _("nicht erschienen")


class B2BMeeting(models.Model):
    """A meeting of two participants in one slot at one table."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="b2b_meetings")
    first = models.ForeignKey(B2BParticipant, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(B2BParticipant, on_delete=models.CASCADE, related_name="+")
    slot = models.ForeignKey(B2BSlot, on_delete=models.CASCADE, related_name="meetings")
    table = models.PositiveSmallIntegerField(_("Tisch"))
    locked = models.BooleanField(
        _("fest"), default=False, help_text=_("Bleibt bei einer neuen Planung, wo es ist.")
    )
    wish = models.ForeignKey(
        MeetingWish, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    status = models.CharField(
        _("Status"),
        max_length=10,
        choices=B2BMeetingStatus.choices,
        default=B2BMeetingStatus.SCHEDULED,
    )
    no_show = models.ForeignKey(
        B2BParticipant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nicht erschienen"),
    )
    outcome = models.CharField(
        _("Ergebnis"), max_length=20, choices=ContactOutcome.choices, blank=True
    )
    outcome_note = models.TextField(_("Notiz zum Ergebnis"), blank=True)
    outcome_recorded_at = models.DateTimeField(_("Ergebnis erfasst am"), null=True, blank=True)

    class Meta:
        verbose_name = _("B2B-Gespräch")
        verbose_name_plural = _("B2B-Gespräche")
        ordering = ["slot__index", "table"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "table"], name="unique_b2b_table_per_slot"),
            models.CheckConstraint(
                condition=~Q(first=models.F("second")), name="b2b_meeting_two_people"
            ),
        ]

    def __str__(self):
        return f"{self.first_id} + {self.second_id} @ {self.slot_id}/{self.table}"


class CalendarFeedToken(models.Model):
    """The secret in the address of a person's calendar feed of their registrations. A new
    token replaces the old one (the old address stops working)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_calendar_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Kalender-Abo")
        verbose_name_plural = _("Kalender-Abos")

    def __str__(self):
        return f"{self.user_id}"
