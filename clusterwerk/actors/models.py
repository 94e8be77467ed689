"""The Akteursverzeichnis: organisations in the cluster's orbit, where they are, what they can
do and whom to contact.

Competences are tagged to masterplan topic areas by `lineage` (not by a row of one edition), so
the tags survive the Fortschreibung: a topic area that is revised, renamed or moved keeps its
lineage and therefore its actors.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterwerk.core.models import Cluster, HistoryEntry, TimeStampedModel

BRANDENBURG_STATE_CODE = "12"


class DistrictKind(models.TextChoices):
    RURAL_DISTRICT = "rural_district", _("Landkreis")
    URBAN_DISTRICT = "urban_district", _("Kreisfreie Stadt")


class District(models.Model):
    """Landkreis or kreisfreie Stadt, identified by its 5-digit Kreisschlüssel (AGS)."""

    ags = models.CharField(
        _("Kreisschlüssel (AGS)"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("Der Kreisschlüssel hat fünf Ziffern."))],
    )
    name = models.CharField(_("Name"), max_length=120)
    kind = models.CharField(_("Art"), max_length=20, choices=DistrictKind.choices)
    nuts3 = models.CharField(_("NUTS-3-Code"), max_length=5, blank=True)
    state = models.CharField(_("Bundesland"), max_length=60)
    population = models.PositiveIntegerField(_("Einwohner"), null=True, blank=True)
    population_date = models.DateField(_("Stand der Einwohnerzahl"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("Fläche (km²)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    centroid_latitude = models.FloatField(_("Breitengrad des Mittelpunkts"))
    centroid_longitude = models.FloatField(_("Längengrad des Mittelpunkts"))

    class Meta:
        verbose_name = _("Landkreis / kreisfreie Stadt")
        verbose_name_plural = _("Landkreise und kreisfreie Städte")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def state_code(self) -> str:
        return self.ags[:2]

    @property
    def is_brandenburg(self) -> bool:
        return self.state_code == BRANDENBURG_STATE_CODE


class GrowthCore(models.Model):
    """Regionaler Wachstumskern (RWK): a state-designated growth centre of one or more towns."""

    number = models.PositiveSmallIntegerField(_("Nummer"), unique=True)
    name = models.CharField(_("Name"), max_length=120, unique=True)
    metall_focus = models.BooleanField(
        _("Schwerpunktcluster Metall"),
        default=False,
        help_text=_("Im Masterplan 2020 (Kap. 2.1) als RWK mit Schwerpunktcluster Metall genannt."),
    )

    class Meta:
        verbose_name = _("Regionaler Wachstumskern")
        verbose_name_plural = _("Regionale Wachstumskerne")
        ordering = ["name"]

    def __str__(self):
        return self.name


class GrowthCoreMunicipality(models.Model):
    """A town that belongs to a growth core (8-digit AGS)."""

    growth_core = models.ForeignKey(
        GrowthCore, on_delete=models.CASCADE, related_name="municipalities"
    )
    name = models.CharField(_("Gemeinde"), max_length=120)
    ags = models.CharField(_("Gemeindeschlüssel (AGS)"), max_length=8, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Gemeinde eines Wachstumskerns")
        verbose_name_plural = _("Gemeinden der Wachstumskerne")
        ordering = ["growth_core", "name"]

    def __str__(self):
        return f"{self.name} ({self.growth_core})"


class ActivityScheme(models.TextChoices):
    WZ_2008 = "WZ2008", _("WZ 2008 (NACE Rev. 2)")
    WZ_2025 = "WZ2025", _("WZ 2025 (NACE Rev. 2.1)")


class EconomicActivity(models.Model):
    """A Wirtschaftszweig: a code of one classification scheme and version."""

    scheme = models.CharField(_("Klassifikation"), max_length=10, choices=ActivityScheme.choices)
    code = models.CharField(
        _("Code"),
        max_length=7,
        validators=[RegexValidator(r"^\d{2}(\.\d{1,2}(\.\d)?)?$", _("Code wie 25 oder 25.62."))],
    )
    title = models.CharField(_("Bezeichnung"), max_length=300)
    is_cluster_core = models.BooleanField(_("Clusterkern"), default=False)

    class Meta:
        verbose_name = _("Wirtschaftszweig")
        verbose_name_plural = _("Wirtschaftszweige")
        ordering = ["scheme", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="unique_activity_code")
        ]

    def __str__(self):
        return f"{self.code} {self.title} ({self.get_scheme_display()})"

    @property
    def division(self) -> str:
        return self.code[:2]


class ActorKind(models.TextChoices):
    COMPANY = "company", _("Unternehmen")
    CRAFT_BUSINESS = "craft_business", _("Handwerksbetrieb")
    UNIVERSITY = "university", _("Hochschule")
    RESEARCH_INSTITUTE = "research_institute", _("Forschungseinrichtung")
    NETWORK = "network", _("Netzwerk")
    ASSOCIATION = "association", _("Verband")
    CHAMBER = "chamber", _("Kammer")
    SOCIAL_PARTNER = "social_partner", _("Sozialpartner")
    COMPETENCE_CENTRE = "competence_centre", _("Kompetenzzentrum")
    TRANSFER_OFFICE = "transfer_office", _("Transferstelle")
    CLUSTER_ORGANISATION = "cluster_organisation", _("Clusterorganisation")
    ECONOMIC_DEVELOPMENT = "economic_development", _("Kommune / Wirtschaftsförderung")


BUSINESS_KINDS = (ActorKind.COMPANY, ActorKind.CRAFT_BUSINESS)
SCIENCE_KINDS = (ActorKind.UNIVERSITY, ActorKind.RESEARCH_INSTITUTE)


class SizeClass(models.TextChoices):
    MICRO = "micro", _("1–9 Beschäftigte")
    SMALL = "small", _("10–49 Beschäftigte")
    MEDIUM = "medium", _("50–249 Beschäftigte")
    LARGE = "large", _("250 und mehr Beschäftigte")


def size_class_for(employees: int | None) -> str:
    if employees is None:
        return ""
    if employees < 10:
        return SizeClass.MICRO
    if employees < 50:
        return SizeClass.SMALL
    if employees < 250:
        return SizeClass.MEDIUM
    return SizeClass.LARGE


class ActorStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    PUBLISHED = "published", _("veröffentlicht")
    ARCHIVED = "archived", _("archiviert")


class Actor(TimeStampedModel):
    """An organisation: company, craft business, university, institute, network, chamber …"""

    kind = models.CharField(_("Art"), max_length=30, choices=ActorKind.choices)
    name = models.CharField(_("Name"), max_length=300)
    short_name = models.CharField(_("Kurzname"), max_length=80, blank=True)
    slug = models.SlugField(_("Kürzel für Adressen"), max_length=120, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    website = models.URLField(_("Website"), max_length=300, blank=True)
    email = models.EmailField(_("E-Mail (allgemein)"), blank=True)
    phone = models.CharField(_("Telefon (allgemein)"), max_length=40, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("Postleitzahl"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("Die Postleitzahl hat fünf Ziffern."))],
    )
    municipality = models.CharField(_("Ort"), max_length=120, blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actors",
        verbose_name=_("Landkreis / kreisfreie Stadt"),
    )
    growth_core = models.ForeignKey(
        GrowthCore,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actors",
        verbose_name=_("Regionaler Wachstumskern"),
    )
    latitude = models.FloatField(
        _("Breitengrad"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("Längengrad"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    size_class = models.CharField(
        _("Größenklasse"), max_length=10, choices=SizeClass.choices, blank=True
    )
    employees = models.PositiveIntegerField(_("Beschäftigte"), null=True, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("Gründungsjahr"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1500), MaxValueValidator(2100)],
    )
    activities = models.ManyToManyField(
        EconomicActivity,
        through="ActorActivity",
        related_name="actors",
        verbose_name=_("Wirtschaftszweige"),
        blank=True,
    )
    clusters = models.ManyToManyField(
        Cluster,
        through="ClusterMembership",
        related_name="actors",
        verbose_name=_("Cluster"),
        blank=True,
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=ActorStatus.choices, default=ActorStatus.PUBLISHED
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_duplicates",
        verbose_name=_("zusammengeführt mit"),
    )
    external_id = models.CharField(
        _("Externe Kennung"),
        max_length=100,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Kennung aus einem Import; ein erneuter Import aktualisiert diesen Akteur."),
    )
    source = models.CharField(_("Herkunft der Daten"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)
    version = models.PositiveIntegerField(_("Bearbeitungsstand"), default=1)
    # Index terms (see clusterwerk.actors.indexing): the name alone, the competences, and all.
    search_name = models.TextField(editable=False, blank=True)
    search_competences = models.TextField(editable=False, blank=True)
    search_document = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("Akteur")
        verbose_name_plural = _("Akteure")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["status", "name"]),
            models.Index(fields=["postal_code"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:actor-profile", args=[self.pk, self.slug])

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name

    @property
    def is_science(self) -> bool:
        return self.kind in SCIENCE_KINDS

    @property
    def is_published(self) -> bool:
        return self.status == ActorStatus.PUBLISHED

    @property
    def position(self) -> tuple[float, float] | None:
        """Where to put the actor on a map: its own coordinates, else its district's centre."""
        if self.latitude is not None and self.longitude is not None:
            return (self.latitude, self.longitude)
        if self.district_id:
            return (self.district.centroid_latitude, self.district.centroid_longitude)
        return None


class ActorActivity(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="activity_links")
    activity = models.ForeignKey(EconomicActivity, on_delete=models.PROTECT, related_name="+")
    is_primary = models.BooleanField(_("Schwerpunkt"), default=False)

    class Meta:
        verbose_name = _("Wirtschaftszweig des Akteurs")
        verbose_name_plural = _("Wirtschaftszweige des Akteurs")
        constraints = [
            models.UniqueConstraint(fields=["actor", "activity"], name="unique_actor_activity")
        ]

    def __str__(self):
        return f"{self.actor_id}: {self.activity_id}"


class ClusterMembership(models.Model):
    """An actor belongs to a cluster (an actor may belong to several)."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="memberships")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    since = models.DateField(_("seit"), null=True, blank=True)

    class Meta:
        verbose_name = _("Clusterzugehörigkeit")
        verbose_name_plural = _("Clusterzugehörigkeiten")
        constraints = [
            models.UniqueConstraint(fields=["actor", "cluster"], name="unique_cluster_membership")
        ]

    def __str__(self):
        return f"{self.actor} – {self.cluster}"


class ClusterBody(models.TextChoices):
    ADVISORY_BOARD = "advisory_board", _("Strategischer Beirat")
    STEERING_GROUP = "steering_group", _("Erweiterte Steuerungsrunde")
    SPOKESPERSON = "spokesperson", _("Clustersprecher/in")


class BodySeat(models.Model):
    """An actor's seat in a body of a cluster (Beirat, Steuerungsrunde, Clustersprecher)."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="body_seats")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="body_seats")
    body = models.CharField(_("Gremium"), max_length=30, choices=ClusterBody.choices)
    since = models.DateField(_("seit"), null=True, blank=True)
    until = models.DateField(_("bis"), null=True, blank=True)

    class Meta:
        verbose_name = _("Sitz in einem Clustergremium")
        verbose_name_plural = _("Sitze in Clustergremien")
        ordering = ["cluster", "body"]
        constraints = [
            models.UniqueConstraint(fields=["actor", "cluster", "body"], name="unique_body_seat")
        ]

    def __str__(self):
        return f"{self.actor}: {self.get_body_display()} ({self.cluster})"


class CompetenceKind(models.TextChoices):
    TECHNOLOGY = "technology", _("Technologie")
    PROCESS = "process", _("Verfahren")
    MATERIAL = "material", _("Werkstoff")
    SERVICE = "service", _("Dienstleistung")
    SHARED_EQUIPMENT = "shared_equipment", _("Ausstattung zur Mitnutzung")


class Competence(models.Model):
    """What an actor can do (a Schwerpunkt), tagged with keywords and masterplan topic areas."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="competences")
    kind = models.CharField(_("Art"), max_length=20, choices=CompetenceKind.choices)
    text = models.CharField(_("Kompetenz"), max_length=300)
    description = models.TextField(_("Erläuterung"), blank=True)
    keywords = models.JSONField(_("Schlagwörter"), default=list, blank=True)
    evidence = models.CharField(
        _("Beleg"),
        max_length=300,
        blank=True,
        help_text=_("Woran sich die Kompetenz zeigt: Projekt, Referenz, Zertifikat, Quelle."),
    )
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Kompetenz")
        verbose_name_plural = _("Kompetenzen")
        ordering = ["actor", "order", "id"]

    def __str__(self):
        return self.text


class CompetenceTopicArea(models.Model):
    """A competence's tag: a masterplan topic area, by lineage (stable across editions)."""

    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="topics")
    lineage = models.UUIDField(_("Themenbereich (Kennung)"), db_index=True)

    class Meta:
        verbose_name = _("Themenbereich der Kompetenz")
        verbose_name_plural = _("Themenbereiche der Kompetenz")
        constraints = [
            models.UniqueConstraint(
                fields=["competence", "lineage"], name="unique_competence_topic"
            )
        ]

    def __str__(self):
        return f"{self.competence_id}: {self.lineage}"


class Visibility(models.TextChoices):
    PUBLIC = "public", _("öffentlich")
    MEMBERS = "members", _("nur für angemeldete Clustermitglieder")
    CLUSTER_MANAGEMENT = "cluster_management", _("nur für das Clustermanagement")


class ContactPerson(TimeStampedModel):
    """Ansprechperson: personal data. Shown only as consent and visibility allow."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("Name"), max_length=200)
    function = models.CharField(_("Funktion"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    consent = models.BooleanField(
        _("Einwilligung zur Veröffentlichung"),
        default=False,
        help_text=_(
            "Ohne Einwilligung sieht nur das Clustermanagement die Angaben, "
            "unabhängig von der Sichtbarkeit."
        ),
    )
    consent_given_at = models.DateTimeField(_("Einwilligung erteilt am"), null=True, blank=True)
    visibility = models.CharField(
        _("Sichtbarkeit"), max_length=20, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_entries",
        verbose_name=_("Konto der Person"),
    )
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
        ordering = ["actor", "order", "id"]

    def __str__(self):
        return self.name


class ActorRepresentative(models.Model):
    """A user who may edit an actor's profile (changes by members go to review)."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="representatives")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="represented_actors"
    )
    created_at = models.DateTimeField(_("seit"), auto_now_add=True)

    class Meta:
        verbose_name = _("Vertreter/in eines Akteurs")
        verbose_name_plural = _("Vertreter/innen von Akteuren")
        constraints = [
            models.UniqueConstraint(fields=["actor", "user"], name="unique_actor_representative")
        ]

    def __str__(self):
        return f"{self.user} → {self.actor}"


class ChangeRequestStatus(models.TextChoices):
    PENDING = "pending", _("wartet auf Prüfung")
    APPROVED = "approved", _("angenommen")
    REJECTED = "rejected", _("abgelehnt")
    WITHDRAWN = "withdrawn", _("zurückgezogen")


class ChangeRequest(models.Model):
    """A profile change proposed by a member; a cluster manager approves or rejects it."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="change_requests")
    # Where it was proposed: its topic numbers are that cluster's masterplan, and that
    # cluster's management reviews it (empty for requests from before clusters were explicit).
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Cluster"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="actor_change_requests",
        verbose_name=_("eingereicht von"),
    )
    submitted_at = models.DateTimeField(_("eingereicht am"), auto_now_add=True)
    base_version = models.PositiveIntegerField(_("Bearbeitungsstand bei Einreichung"))
    proposed = models.JSONField(_("vorgeschlagene Angaben"))
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=ChangeRequestStatus.choices,
        default=ChangeRequestStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    reason = models.TextField(_("Begründung"), blank=True)

    class Meta:
        verbose_name = _("Änderungsantrag")
        verbose_name_plural = _("Änderungsanträge")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "submitted_by"],
                condition=Q(status="pending"),
                name="one_pending_change_per_actor_and_user",
            )
        ]

    def __str__(self):
        return f"{self.actor}: {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status == ChangeRequestStatus.PENDING


class HistoryAction(models.TextChoices):
    CREATED = "created", _("angelegt")
    UPDATED = "updated", _("geändert")
    IMPORTED = "imported", _("importiert")
    CHANGE_REQUESTED = "change_requested", _("Änderung beantragt")
    CHANGE_APPROVED = "change_approved", _("Änderung angenommen")
    CHANGE_REJECTED = "change_rejected", _("Änderung abgelehnt")
    MERGED = "merged", _("Dublette zusammengeführt")
    ARCHIVED = "archived", _("archiviert")
    RESTORED = "restored", _("wiederhergestellt")
    CONTACT_ERASED = "contact_erased", _("Ansprechperson anonymisiert")
    PUBLISHED = "published", _("veröffentlicht")


class ActorHistory(HistoryEntry):
    """One recorded change to an actor: who, when, what."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(_("Aktion"), max_length=20, choices=HistoryAction.choices)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("Änderung am Akteur")
        verbose_name_plural = _("Änderungsverlauf der Akteure")

    def __str__(self):
        return f"{self.actor}: {self.get_action_display()}"


# --- Joining: claims and invitations (the companies' front door) ------------------------------


class ClaimKind(models.TextChoices):
    EXISTING = "existing", _("bestehende Organisation")
    NEW = "new", _("neue Organisation")


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("wartet auf Prüfung")
    APPROVED = "approved", _("angenommen")
    REJECTED = "rejected", _("abgelehnt")
    WITHDRAWN = "withdrawn", _("zurückgezogen")


class Claim(models.Model):
    """A person asks to represent an organisation in a cluster: an existing one of the
    directory, or one they registered (a draft until the cluster management approves)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_claims",
        verbose_name=_("Person"),
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="claims", verbose_name=_("Organisation")
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="+", verbose_name=_("Cluster")
    )
    kind = models.CharField(_("Art"), max_length=20, choices=ClaimKind.choices)
    message = models.TextField(_("Nachricht"), blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    # A hint for the management only (never a grant): the person's verified e-mail domain is
    # the domain of the organisation's website.
    domain_matches = models.BooleanField(_("E-Mail-Domain passt zur Website"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    reason = models.TextField(_("Begründung"), blank=True)
    created_at = models.DateTimeField(_("eingereicht am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Zuordnungsantrag")
        verbose_name_plural = _("Zuordnungsanträge")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["cluster", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "actor"],
                condition=Q(status="pending"),
                name="one_pending_claim_per_actor_and_user",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.actor}: {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status == ClaimStatus.PENDING


INVITATION_DAYS = 14


class Invitation(models.Model):
    """The cluster management invites a person by e-mail to represent an organisation; the
    link works once and for 14 days. Only a hash of its token is stored."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="+", verbose_name=_("Cluster")
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("Organisation"),
    )
    email = models.EmailField(_("E-Mail-Adresse"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("eingeladen von"),
    )
    created_at = models.DateTimeField(_("eingeladen am"), auto_now_add=True)
    expires_at = models.DateTimeField(_("gültig bis"))
    used_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accepted_invitations",
        verbose_name=_("angenommen von"),
    )

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.email} → {self.actor}"

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
