"""The Kooperationsbörse: listings (offers and requests), expressions of interest between
organisations, and members' saved searches.

A listing belongs to an organisation (`owner_actor`). In anonymous mode the owner's identity
is hidden from everybody but the owner's representatives and the cluster management until the
owner accepts an expression of interest; `queries.owner_is_visible` is the one rule for that.
Topic areas are stored by masterplan lineage, as for competences and projects.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import Actor, District
from clusterwerk.core.models import Cluster, DigestFrequency, ReportStatus, TimeStampedModel

MAX_RADIUS_KM = 1000


class ListingKind(models.TextChoices):
    TECHNOLOGY_OFFER = "technology_offer", _("Technologie-Angebot")
    TECHNOLOGY_REQUEST = "technology_request", _("Technologie-Gesuch")
    BUSINESS_OFFER = "business_offer", _("Geschäfts-Angebot")
    BUSINESS_REQUEST = "business_request", _("Geschäfts-Gesuch")
    RDI_REQUEST = "rdi_request", _("F&E-Kooperationsgesuch")
    EQUIPMENT_SHARING = "equipment_sharing", _("Maschinen-/Laborteilung")
    TRAINING_COOPERATION = "training_cooperation", _("Ausbildungskooperation")


class Maturity(models.TextChoices):
    IDEA = "idea", _("Idee")
    PROTOTYPE = "prototype", _("Prototyp")
    MARKET_READY = "market_ready", _("marktreif")


class RegionScope(models.TextChoices):
    RADIUS = "radius", _("Umkreis um den eigenen Standort")
    DISTRICTS = "districts", _("ausgewählte Landkreise / kreisfreie Städte")
    BERLIN_BRANDENBURG = "berlin_brandenburg", _("Berlin-Brandenburg")
    GERMANY = "germany", _("Deutschland")
    EU = "eu", _("EU")


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    IN_REVIEW = "in_review", _("in Prüfung")
    PUBLISHED = "published", _("veröffentlicht")
    EXPIRED = "expired", _("abgelaufen")
    CLOSED = "closed", _("geschlossen")


class Listing(TimeStampedModel):
    """An offer or a request of an organisation in the Kooperationsbörse."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="listings", verbose_name=_("Cluster")
    )
    owner_actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="listings", verbose_name=_("Anbieter")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="listings",
        verbose_name=_("angelegt von"),
    )
    kind = models.CharField(_("Art"), max_length=30, choices=ListingKind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"))
    keywords = models.JSONField(_("Schlagwörter"), default=list, blank=True)
    partner_kinds = models.JSONField(_("Gesuchte Partnerarten"), default=list, blank=True)
    region_scope = models.CharField(
        _("Region"),
        max_length=30,
        choices=RegionScope.choices,
        default=RegionScope.BERLIN_BRANDENBURG,
    )
    radius_km = models.PositiveSmallIntegerField(
        _("Umkreis (km)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RADIUS_KM)],
    )
    districts = models.ManyToManyField(
        District, blank=True, related_name="+", verbose_name=_("Landkreise / kreisfreie Städte")
    )
    maturity = models.CharField(_("Reifegrad"), max_length=20, choices=Maturity.choices, blank=True)
    expires_on = models.DateField(_("gültig bis"))
    is_anonymous = models.BooleanField(
        _("anonym"),
        default=False,
        help_text=_(
            "Ihr Name erscheint erst, wenn Sie eine Interessensbekundung annehmen. "
            "Das Clustermanagement sieht ihn zur Prüfung."
        ),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=ListingStatus.choices, default=ListingStatus.DRAFT
    )
    cross_cluster = models.BooleanField(
        _("auch Partner aus anderen Clustern"),
        default=False,
        help_text=_("Partner aus anderen Clustern der Hauptstadtregion werden höher gewichtet."),
    )
    shared_with_other_clusters = models.BooleanField(
        _("auch in den anderen Clustern der Hauptstadtregion zeigen"),
        default=False,
        help_text=_(
            "Mitglieder der anderen Cluster dieser Plattform sehen das Inserat in ihrer "
            "Kooperationsbörse und in der clusterübergreifenden Partnersuche."
        ),
    )
    submitted_at = models.DateTimeField(_("zur Prüfung eingereicht am"), null=True, blank=True)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    closed_at = models.DateTimeField(_("beendet am"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geprüft von"),
    )
    review_note = models.TextField(_("Hinweis der Prüfung"), blank=True)
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)
    version = models.PositiveIntegerField(_("Bearbeitungsstand"), default=1)

    class Meta:
        verbose_name = _("Inserat")
        verbose_name_plural = _("Inserate")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "expires_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("matchmaking:listing-detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == ListingStatus.PUBLISHED

    @property
    def is_open(self) -> bool:
        """Published and not past its expiry date (the nightly job may not have run yet)."""
        return self.is_published and self.expires_on >= timezone.localdate()

    @property
    def is_editable(self) -> bool:
        return self.status in (ListingStatus.DRAFT, ListingStatus.PUBLISHED)

    @property
    def match_text(self) -> str:
        return "\n".join([self.title, self.description, ", ".join(self.keywords or [])])


class ListingTopicArea(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="topics")
    lineage = models.UUIDField(_("Themenbereich (Kennung)"), db_index=True)

    class Meta:
        verbose_name = _("Themenbereich des Inserats")
        verbose_name_plural = _("Themenbereiche des Inserats")
        constraints = [
            models.UniqueConstraint(fields=["listing", "lineage"], name="unique_listing_topic")
        ]

    def __str__(self):
        return f"{self.listing_id}: {self.lineage}"


class InterestStatus(models.TextChoices):
    PENDING = "pending", _("offen")
    ACCEPTED = "accepted", _("angenommen")
    DECLINED = "declined", _("abgelehnt")
    WITHDRAWN = "withdrawn", _("zurückgezogen")


class ContactOutcome(models.TextChoices):
    COOPERATION = "cooperation", _("Kooperation vereinbart")
    PROJECT_IDEA = "project_idea", _("Projektidee")
    NO_NEED = "no_need", _("kein Bedarf")


class Interest(models.Model):
    """Interessensbekundung: an organisation's answer to a listing. On acceptance both sides
    see each other's contact."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="interests")
    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="interests", verbose_name=_("Akteur")
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="sent_interests",
        verbose_name=_("gesendet von"),
    )
    message = models.TextField(_("Nachricht"))
    status = models.CharField(
        _("Status"), max_length=20, choices=InterestStatus.choices, default=InterestStatus.PENDING
    )
    created_at = models.DateTimeField(_("gesendet am"), auto_now_add=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )
    decision_note = models.TextField(_("Antwort"), blank=True)
    # The outcome of the contact as last recorded by either side (history: InterestOutcome).
    outcome = models.CharField(
        _("Ergebnis des Kontakts"),
        max_length=20,
        choices=ContactOutcome.choices,
        blank=True,
        default="",
    )
    outcome_at = models.DateTimeField(_("Ergebnis erfasst am"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Ergebnis erfasst von"),
    )

    class Meta:
        verbose_name = _("Interessensbekundung")
        verbose_name_plural = _("Interessensbekundungen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "actor"],
                condition=Q(status__in=["pending", "accepted"]),
                name="one_open_interest_per_actor",
            )
        ]

    def __str__(self):
        return f"{self.actor} → {self.listing}"

    @property
    def is_accepted(self) -> bool:
        return self.status == InterestStatus.ACCEPTED


# --- The conversation after an accepted interest ------------------------------------------
#
# Once the owner accepts an interest, the people of both organisations talk in a thread of
# plain-text messages, propose a meeting and record the outcome. Erasing an account keeps
# the thread readable for the other side: the author of a message or a meeting proposal is
# anonymised (SET_NULL, shown as "gelöschtes Konto"), the person's read state goes with them
# (CASCADE) – see `services.conversations`.


class Message(models.Model):
    """One plain-text message in the thread of an accepted interest."""

    interest = models.ForeignKey(
        Interest, on_delete=models.CASCADE, related_name="messages", verbose_name=_("Kontakt")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="conversation_messages",
        verbose_name=_("geschrieben von"),
    )
    author_actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="+", verbose_name=_("für")
    )
    body = models.TextField(_("Nachricht"))
    created_at = models.DateTimeField(_("geschrieben am"), default=timezone.now, db_index=True)
    hidden_at = models.DateTimeField(_("ausgeblendet am"), null=True, blank=True)
    hidden_reason = models.CharField(_("Grund der Ausblendung"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ausgeblendet von"),
    )

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["interest", "created_at"])]

    def __str__(self):
        return f"{self.interest_id}: {self.body[:40]}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ConversationRead(models.Model):
    """Where one participant stands in one thread: read up to `last_read_at`; last told by
    e-mail at `last_notified_at` (at most one notice per thread and person per 15 minutes)."""

    interest = models.ForeignKey(Interest, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_reads"
    )
    last_read_at = models.DateTimeField(_("gelesen bis"), null=True, blank=True)
    last_notified_at = models.DateTimeField(_("zuletzt benachrichtigt"), null=True, blank=True)

    class Meta:
        verbose_name = _("Lesestand")
        verbose_name_plural = _("Lesestände")
        constraints = [
            models.UniqueConstraint(fields=["interest", "user"], name="unique_conversation_read")
        ]

    def __str__(self):
        return f"{self.user_id} @ {self.interest_id}"


class MessageReport(models.Model):
    """A participant reports a message to the cluster management."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reported_messages",
    )
    reason = models.CharField(_("Grund"), max_length=300)
    status = models.CharField(
        _("Status"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.OPEN,
    )
    created_at = models.DateTimeField(_("gemeldet am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Meldung einer Nachricht")
        verbose_name_plural = _("Meldungen von Nachrichten")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.reason


class MeetingStatus(models.TextChoices):
    PROPOSED = "proposed", _("vorgeschlagen")
    CONFIRMED = "confirmed", _("bestätigt")
    DECLINED = "declined", _("abgelehnt")


class MeetingProposal(models.Model):
    """A meeting one side proposes with one to three times; the other side picks one (the
    meeting is confirmed) or declines them all with a note."""

    interest = models.ForeignKey(Interest, on_delete=models.CASCADE, related_name="meetings")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="meeting_proposals",
        verbose_name=_("vorgeschlagen von"),
    )
    proposer_actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    duration_minutes = models.PositiveSmallIntegerField(_("Dauer (Minuten)"))
    place = models.CharField(_("Ort"), max_length=300, blank=True)
    online_url = models.URLField(_("Link zum Online-Treffen"), max_length=500, blank=True)
    note = models.TextField(_("Hinweis"), blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PROPOSED
    )
    uid = models.UUIDField(_("Kalender-Kennung"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("vorgeschlagen am"), default=timezone.now)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )
    decline_note = models.TextField(_("Antwort"), blank=True)
    chosen = models.ForeignKey(
        "MeetingOption",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gewählter Termin"),
    )

    class Meta:
        verbose_name = _("Terminvorschlag")
        verbose_name_plural = _("Terminvorschläge")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.interest_id}: {self.get_status_display()}"


class MeetingOption(models.Model):
    proposal = models.ForeignKey(MeetingProposal, on_delete=models.CASCADE, related_name="options")
    starts_at = models.DateTimeField(_("Beginn"))

    class Meta:
        verbose_name = _("Terminoption")
        verbose_name_plural = _("Terminoptionen")
        ordering = ["starts_at", "id"]

    def __str__(self):
        return str(self.starts_at)


class InterestOutcome(models.Model):
    """The history of the outcome of a contact; the last one recorded is `Interest.outcome`."""

    interest = models.ForeignKey(Interest, on_delete=models.CASCADE, related_name="outcomes")
    outcome = models.CharField(_("Ergebnis"), max_length=20, choices=ContactOutcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="recorded_outcomes",
        verbose_name=_("erfasst von"),
    )
    recorded_for = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="+", verbose_name=_("für")
    )
    created_at = models.DateTimeField(_("erfasst am"), default=timezone.now)

    class Meta:
        verbose_name = _("Ergebnis eines Kontakts")
        verbose_name_plural = _("Ergebnisse von Kontakten")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.interest_id}: {self.get_outcome_display()}"


# A saved search's digest: weekly, or only the count in the application.
SAVED_SEARCH_DIGESTS = [
    (DigestFrequency.WEEKLY.value, _("wöchentlich per E-Mail")),
    (DigestFrequency.NEVER.value, _("keine E-Mail, nur in der Anwendung")),
]


class SavedSearch(models.Model):
    """A member's saved search for the listings of one cluster; new matching listings count as
    "neue Treffer" and go out in the weekly digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="saved_searches", verbose_name=_("Cluster")
    )
    name = models.CharField(_("Name"), max_length=120)
    query = models.CharField(_("Suchtext"), max_length=300, blank=True)
    kinds = models.JSONField(_("Arten"), default=list, blank=True)
    topic_lineage = models.UUIDField(_("Themenbereich (Kennung)"), null=True, blank=True)
    digest = models.CharField(
        _("Benachrichtigung"),
        max_length=10,
        choices=SAVED_SEARCH_DIGESTS,
        default=DigestFrequency.WEEKLY,
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("zuletzt angesehen"), default=timezone.now)
    last_digest_at = models.DateTimeField(_("zuletzt per E-Mail"), default=timezone.now)

    class Meta:
        verbose_name = _("Gespeicherte Suche")
        verbose_name_plural = _("Gespeicherte Suchen")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name
