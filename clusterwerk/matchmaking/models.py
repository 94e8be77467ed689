"""The Kooperationsbörse: listings (offers and requests), expressions of interest between
organisations, and members' saved searches.

A listing belongs to an organisation (`owner_actor`). In anonymous mode the owner's identity
is hidden from everybody but the owner's representatives and the cluster management until the
owner accepts an expression of interest; `queries.owner_is_visible` is the one rule for that.
Topic areas are stored by masterplan lineage, as for competences and projects.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import Actor, District
from clusterwerk.core.models import Cluster, DigestFrequency, TimeStampedModel

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
