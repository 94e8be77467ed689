"""Innovation projects of a cluster through their life, and what the monitoring counts.

Topic areas are stored by masterplan lineage (as competences are), so a project keeps its
topic through the Fortschreibung. The flags `is_joint`, `with_science` and `is_cross_cluster`
are derived from the partners and clusters by the services on every change, so that the yearly
report can count them in the database.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import Actor, Visibility
from clusterwerk.core.models import Cluster, HistoryEntry, TimeStampedModel
from clusterwerk.core.tenancy import reverse_for_cluster


class ProjectPhase(models.TextChoices):
    IDEA = "idea", _("Idee")
    INITIATION = "initiation", _("Initiierung")
    CONSORTIUM = "consortium", _("Konsortialbildung")
    APPLICATION = "application", _("Antrag")
    RUNNING = "running", _("Laufzeit")
    COMPLETED = "completed", _("abgeschlossen")
    CANCELLED = "cancelled", _("abgebrochen")


# Phases in which a project counts as "carried out" (durchgeführt) in a year.
ACTIVE_PHASES = (
    ProjectPhase.INITIATION,
    ProjectPhase.CONSORTIUM,
    ProjectPhase.APPLICATION,
    ProjectPhase.RUNNING,
    ProjectPhase.COMPLETED,
)


class FundingLevel(models.TextChoices):
    EU = "eu", _("EU")
    FEDERAL = "federal", _("Bund")
    STATE = "state", _("Land")
    PRIVATE = "private", _("privat")
    OTHER = "other", _("sonstige")


class FundingProgramme(models.Model):
    """A funding source from the reference list (ZIM, StaF, BIG digital, EFRE, Horizon Europe …)."""

    key = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=60)
    level = models.CharField(_("Ebene"), max_length=10, choices=FundingLevel.choices)
    description = models.CharField(_("Beschreibung"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Förderprogramm")
        verbose_name_plural = _("Förderprogramme")
        ordering = ["order", "short_name"]

    def __str__(self):
        return self.short_name


class IdeaStatus(models.TextChoices):
    NONE = "", _("–")
    PROPOSED = "proposed", _("vorgeschlagen")
    ACCEPTED = "accepted", _("angenommen")
    DECLINED = "declined", _("abgelehnt")


class Project(TimeStampedModel):
    """An innovation project (Innovationsvorhaben) supported by the cluster management."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="projects", verbose_name=_("Cluster")
    )
    partner_clusters = models.ManyToManyField(
        Cluster,
        related_name="cross_cluster_projects",
        blank=True,
        verbose_name=_("weitere beteiligte Cluster"),
    )
    title = models.CharField(_("Titel"), max_length=300)
    acronym = models.CharField(_("Akronym"), max_length=40, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    phase = models.CharField(
        _("Phase"), max_length=20, choices=ProjectPhase.choices, default=ProjectPhase.IDEA
    )
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    year_initiated = models.PositiveSmallIntegerField(
        _("Jahr der Initiierung"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    is_rdi = models.BooleanField(_("FuEuI-Projekt"), default=False)
    funding_programme = models.ForeignKey(
        FundingProgramme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("Förderprogramm"),
    )
    total_volume = models.DecimalField(
        _("Projektvolumen (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_amount = models.DecimalField(
        _("Fördersumme (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    regional_volume = models.DecimalField(
        _("davon in Berlin-Brandenburg (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    visibility = models.CharField(
        _("Sichtbarkeit"), max_length=20, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    idea_status = models.CharField(
        _("Projektidee"), max_length=10, choices=IdeaStatus.choices, default="", blank=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_projects",
        verbose_name=_("vorgeschlagen von"),
    )
    # Derived from partners and clusters by the services.
    is_joint = models.BooleanField(_("Verbundprojekt"), default=False, editable=False)
    with_science = models.BooleanField(_("mit Wissenschaft"), default=False, editable=False)
    is_cross_cluster = models.BooleanField(_("Cross-Cluster"), default=False, editable=False)
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)
    version = models.PositiveIntegerField(_("Bearbeitungsstand"), default=1)
    search_document = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )

    class Meta:
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")
        ordering = ["-year_initiated", "title"]
        indexes = [
            models.Index(fields=["cluster", "year_initiated"]),
            models.Index(fields=["cluster", "phase"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.acronym} – {self.title}" if self.acronym else self.title

    def get_absolute_url(self):
        """In the project's own cluster, wherever the link is shown (`/c/<slug>/…` from
        another cluster's page)."""
        return reverse_for_cluster(self.cluster, "projects:detail", args=[self.pk])


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Konsortialführung")
    PARTNER = "partner", _("Verbundpartner")
    ASSOCIATED = "associated", _("assoziierter Partner")
    SUBCONTRACTOR = "subcontractor", _("Unterauftrag")


class ProjectPartner(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="project_roles")
    role = models.CharField(_("Rolle"), max_length=20, choices=PartnerRole.choices)

    class Meta:
        verbose_name = _("Projektpartner")
        verbose_name_plural = _("Projektpartner")
        ordering = ["project", "role", "actor__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "actor"], name="unique_project_partner"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(role="lead"), name="one_lead_per_project"
            ),
        ]

    def __str__(self):
        return f"{self.actor} ({self.get_role_display()})"


class AssignmentSource(models.TextChoices):
    MANUAL = "manual", _("von Hand")
    SUGGESTION = "suggestion", _("Vorschlag übernommen")
    IMPORT = "import", _("importiert")


class ProjectTopicArea(models.Model):
    """A project's topic area (by lineage): one primary, optionally secondary ones."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="topics")
    lineage = models.UUIDField(_("Themenbereich (Kennung)"), db_index=True)
    is_primary = models.BooleanField(_("Schwerpunkt"), default=False)
    assigned_by = models.CharField(_("Zuordnung"), max_length=20, choices=AssignmentSource.choices)
    score = models.FloatField(_("Wert des Vorschlags"), null=True, blank=True)

    class Meta:
        verbose_name = _("Themenbereich des Projekts")
        verbose_name_plural = _("Themenbereiche des Projekts")
        constraints = [
            models.UniqueConstraint(fields=["project", "lineage"], name="unique_project_topic"),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(is_primary=True),
                name="one_primary_topic_per_project",
            ),
        ]

    def __str__(self):
        return f"{self.project_id}: {self.lineage}"


class PhaseChange(models.Model):
    """The dated history of a project's phases."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(_("von"), max_length=20, choices=ProjectPhase.choices, blank=True)
    to_phase = models.CharField(_("nach"), max_length=20, choices=ProjectPhase.choices)
    changed_on = models.DateField(_("am"))
    note = models.CharField(_("Vermerk"), max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("von"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Phasenwechsel")
        verbose_name_plural = _("Phasenwechsel")
        ordering = ["project", "changed_on", "id"]

    def __str__(self):
        return f"{self.project_id}: {self.from_phase} → {self.to_phase} ({self.changed_on})"


class SupportKind(models.TextChoices):
    INITIATION = "initiation", _("Initiierung")
    CONSORTIUM = "consortium", _("Konsortialbildung")
    APPLICATION_ADVICE = "application_advice", _("Antragsberatung")
    FUNDING_ADVICE = "funding_advice", _("Fördermittelberatung")
    NETWORKING = "networking", _("Vernetzung")
    EVENT = "event", _("Veranstaltung")
    PUBLIC_RELATIONS = "public_relations", _("Öffentlichkeitsarbeit")
    OTHER = "other", _("Sonstiges")


class SupportActivity(models.Model):
    """What the cluster management did for a project."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="support_activities"
    )
    date = models.DateField(_("Datum"))
    kind = models.CharField(_("Art"), max_length=20, choices=SupportKind.choices)
    description = models.CharField(_("Beschreibung"), max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )

    class Meta:
        verbose_name = _("Unterstützungsleistung")
        verbose_name_plural = _("Unterstützungsleistungen")
        ordering = ["project", "-date", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.date})"


class ProjectResults(models.Model):
    """Results and impact of a project (for the Wirkungsmonitoring)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="results")
    new_products = models.PositiveIntegerField(_("neue Produkte"), default=0)
    new_processes = models.PositiveIntegerField(_("neue Verfahren"), default=0)
    patents = models.PositiveIntegerField(_("Patente"), default=0)
    jobs_created = models.PositiveIntegerField(_("neue Arbeitsplätze"), default=0)
    follow_up_projects = models.PositiveIntegerField(_("Folgeprojekte"), default=0)
    success_story = models.TextField(_("Erfolgsgeschichte"), blank=True)
    reported_on = models.DateField(_("Stand"), null=True, blank=True)

    class Meta:
        verbose_name = _("Ergebnisse")
        verbose_name_plural = _("Ergebnisse")

    def __str__(self):
        return f"{self.project_id}"


class AssessmentCriterion(models.Model):
    """A weighted criterion of the cluster's project assessment (Beurteilung)."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="assessment_criteria"
    )
    key = models.SlugField(_("Kürzel"), max_length=40)
    name = models.CharField(_("Kriterium"), max_length=120)
    description = models.CharField(_("Leitfrage"), max_length=300, blank=True)
    weight = models.DecimalField(
        _("Gewicht"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Beurteilungskriterium")
        verbose_name_plural = _("Beurteilungskriterien")
        ordering = ["cluster", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "key"], name="unique_criterion_key")
        ]

    def __str__(self):
        return self.name


MAX_SCORE = 5


class Assessment(TimeStampedModel):
    """One assessor's scores for a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assessments")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_assessments"
    )
    comment = models.TextField(_("Anmerkung"), blank=True)

    class Meta:
        verbose_name = _("Beurteilung")
        verbose_name_plural = _("Beurteilungen")
        constraints = [
            models.UniqueConstraint(fields=["project", "assessor"], name="one_assessment_each")
        ]

    def __str__(self):
        return f"{self.project_id}: {self.assessor_id}"


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        AssessmentCriterion, on_delete=models.PROTECT, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(
        _("Punkte"), validators=[MinValueValidator(0), MaxValueValidator(MAX_SCORE)]
    )

    class Meta:
        verbose_name = _("Punktwert")
        verbose_name_plural = _("Punktwerte")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(condition=Q(score__lte=MAX_SCORE), name="score_at_most_max"),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.score}"


class ProjectHistoryAction(models.TextChoices):
    CREATED = "created", _("angelegt")
    UPDATED = "updated", _("geändert")
    PHASE = "phase", _("Phasenwechsel")
    PROPOSED = "proposed", _("als Idee vorgeschlagen")
    ACCEPTED = "accepted", _("Idee angenommen")
    DECLINED = "declined", _("Idee abgelehnt")


class ProjectHistory(HistoryEntry):
    """One recorded change to a project: who, when, what."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(_("Aktion"), max_length=20, choices=ProjectHistoryAction.choices)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("Änderung am Projekt")
        verbose_name_plural = _("Änderungsverlauf der Projekte")

    def __str__(self):
        return f"{self.project_id}: {self.get_action_display()}"
