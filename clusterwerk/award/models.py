"""Brandenburger Innovationspreis Metall: the yearly edition of a cluster's innovation prize,
its call, the applications, the jury with its conflicts, blind scoring, the decision and
the publication of winners.

An edition belongs to one cluster and one year. It moves through phases; each phase states
what is allowed and the services enforce it (`phases.py`). Jurors are users with the role
`jury` in the cluster and a `JuryMember` row for the edition; a juror with a blocking conflict
(proposed or pinned, never dismissed) never sees that application, its scores or its
discussion.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import Actor
from clusterwerk.core.models import Cluster, HistoryEntry, TimeStampedModel
from clusterwerk.events.models import Event

SCALE_MIN = 0
SCALE_MAX = 5
DEFAULT_PRIZE_MONEY = Decimal("10000.00")
DEFAULT_MAX_WINNERS = 3
DEFAULT_REVIEWS_PER_APPLICATION = 3
DEFAULT_MAX_ATTACHMENT_MB = 10
DEFAULT_DISAGREEMENT_THRESHOLD = Decimal("1.50")


class Phase(models.TextChoices):
    """The edition's phases, in order. `phases.py` says what each allows."""

    PREPARATION = "preparation", _("Vorbereitung")
    CALL = "call", _("Ausschreibung")
    FORMAL_CHECK = "formal_check", _("Formale Prüfung")
    SCORING = "scoring", _("Bewertung")
    DISCUSSION = "discussion", _("Diskussion")
    DECISION = "decision", _("Entscheidung")
    PUBLISHED = "published", _("Veröffentlicht")


PHASE_ORDER = [phase.value for phase in Phase]


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Mittelwert")
    MEDIAN = "median", _("Median")


class AwardEdition(TimeStampedModel):
    """One year's prize of one cluster: timeline, money, criteria and eligibility rules."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="award_editions", verbose_name=_("Cluster")
    )
    year = models.PositiveSmallIntegerField(
        _("Jahr"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Ausschreibungstext"), blank=True)
    phase = models.CharField(
        _("Phase"), max_length=20, choices=Phase.choices, default=Phase.PREPARATION
    )
    # Timeline. The deadline is enforced to the second; the other dates are the plan.
    call_opens_at = models.DateTimeField(_("Ausschreibung ab"), null=True, blank=True)
    deadline = models.DateTimeField(_("Einsendeschluss"))
    formal_check_until = models.DateField(_("Formale Prüfung bis"), null=True, blank=True)
    scoring_until = models.DateField(_("Bewertung durch die Jury bis"), null=True, blank=True)
    jury_meeting_on = models.DateField(_("Jurysitzung am"), null=True, blank=True)
    decision_on = models.DateField(_("Entscheidung am"), null=True, blank=True)
    ceremony_on = models.DateField(_("Preisverleihung am"), null=True, blank=True)
    ceremony_event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="award_editions",
        verbose_name=_("Preisverleihung (Veranstaltung)"),
        help_text=_("In der Regel die Clusterkonferenz des Jahres."),
    )
    prize_money = models.DecimalField(
        _("Preisgeld (Euro)"),
        max_digits=10,
        decimal_places=2,
        default=DEFAULT_PRIZE_MONEY,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Die Preisträger teilen es zu gleichen Teilen."),
    )
    max_winners = models.PositiveSmallIntegerField(
        _("Höchstzahl der Preisträger"),
        default=DEFAULT_MAX_WINNERS,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    has_special_prize = models.BooleanField(
        _("Sonderpreis der Jury (ohne Preisgeld)"), default=True
    )
    reviews_per_application = models.PositiveSmallIntegerField(
        _("Bewertungen je Bewerbung (mindestens)"),
        default=DEFAULT_REVIEWS_PER_APPLICATION,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    aggregation = models.CharField(
        _("Rangfolge nach"), max_length=10, choices=Aggregation.choices, default=Aggregation.MEAN
    )
    disagreement_threshold = models.DecimalField(
        _("Schwelle für Uneinigkeit (Punkte)"),
        max_digits=4,
        decimal_places=2,
        default=DEFAULT_DISAGREEMENT_THRESHOLD,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Liegen die Gesamtwerte der Bewertungen einer Bewerbung weiter auseinander, "
            "kommt sie auf die Tagesordnung der Jurysitzung."
        ),
    )
    max_attachment_mb = models.PositiveSmallIntegerField(
        _("Größte Anlage (MB)"),
        default=DEFAULT_MAX_ATTACHMENT_MB,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    results_published_at = models.DateTimeField(
        _("Ergebnisse veröffentlicht am"), null=True, blank=True
    )
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)

    class Meta:
        verbose_name = _("Preisjahrgang")
        verbose_name_plural = _("Preisjahrgänge")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="unique_award_edition_year")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("award:edition-detail", args=[self.year])

    @property
    def prize_per_winner(self) -> Decimal:
        """The money each winner gets when the maximum number of winners is awarded; the
        real share is the prize money divided by the number of winners (`queries`)."""
        return (self.prize_money / self.max_winners).quantize(Decimal("0.01"))


class Criterion(models.Model):
    """A jury criterion with weight and labelled scale (0–5, one sentence per step). A
    knock-out criterion takes an application out of the ranking when the median of its
    scores stays below `knock_out_below`."""

    edition = models.ForeignKey(AwardEdition, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(_("Kennung"), max_length=40)
    title = models.CharField(_("Kriterium"), max_length=200)
    description = models.TextField(_("Erläuterung"), blank=True)
    weight = models.DecimalField(
        _("Gewicht"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    is_required = models.BooleanField(
        _("Pflichtkriterium"),
        default=True,
        help_text=_("Ohne einen Wert hierfür kann eine Bewertung nicht abgegeben werden."),
    )
    knock_out_below = models.PositiveSmallIntegerField(
        _("K.-o.-Schwelle"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(SCALE_MAX)],
        help_text=_("Liegt der Median darunter, scheidet die Bewerbung aus der Rangfolge aus."),
    )
    scale_labels = models.JSONField(
        _("Beschriftung der Stufen 0–5"),
        default=list,
        help_text=_("Ein Satz je Stufe, von 0 bis 5."),
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Bewertungskriterium")
        verbose_name_plural = _("Bewertungskriterien")
        ordering = ["edition", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="unique_award_criterion_key")
        ]

    def __str__(self):
        return self.title

    def clean(self):
        labels = self.scale_labels or []
        if len(labels) != SCALE_MAX - SCALE_MIN + 1 or not all(
            isinstance(label, str) and label.strip() for label in labels
        ):
            raise ValidationError({"scale_labels": _("Jede Stufe von 0 bis 5 braucht einen Satz.")})


class RuleKind(models.TextChoices):
    SITE_IN_BRANDENBURG = "site_in_brandenburg", _("Standort in Brandenburg")
    MIN_STAGE = "min_stage", _("Mindestens dieser Entwicklungsstand")
    MAX_AGE_YEARS = "max_age_years", _("Innovation höchstens so viele Jahre alt")
    MAX_ENTRIES = "max_entries", _("Höchstens so viele Bewerbungen je Bewerber")
    RESEARCH_NEEDS_COMPANY = (
        "research_needs_company",
        _("Forschungseinrichtungen nur mit einem Unternehmen"),
    )
    APPLICANT_KINDS = "applicant_kinds", _("Zugelassene Arten von Bewerbern")


class EligibilityRule(models.Model):
    """One eligibility rule as data. `parameter` is the rule's value: a stage for
    MIN_STAGE, a number for MAX_AGE_YEARS and MAX_ENTRIES, a comma-separated list of actor
    kinds for APPLICANT_KINDS, empty otherwise. `eligibility.py` evaluates and explains."""

    edition = models.ForeignKey(AwardEdition, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("Regel"), max_length=30, choices=RuleKind.choices)
    parameter = models.CharField(_("Wert"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Teilnahmebedingung")
        verbose_name_plural = _("Teilnahmebedingungen")
        ordering = ["edition", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind"], name="unique_award_rule_kind")
        ]

    def __str__(self):
        return (
            f"{self.get_kind_display()}: {self.parameter}"
            if self.parameter
            else str(self.get_kind_display())
        )


class Stage(models.TextChoices):
    """How far the innovation is, in order (`STAGE_ORDER`)."""

    IDEA = "idea", _("Idee")
    CONCEPT = "concept", _("Konzept")
    EXPERIMENTAL = "experimental", _("Experimentelle Entwicklung")
    PROTOTYPE = "prototype", _("Prototyp")
    PILOT = "pilot", _("Pilotanwendung")
    MARKET = "market", _("Am Markt")


STAGE_ORDER = [stage.value for stage in Stage]


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("eingereicht")
    WITHDRAWN = "withdrawn", _("zurückgezogen")


class FormalCheck(models.TextChoices):
    PENDING = "pending", _("noch nicht geprüft")
    ELIGIBLE = "eligible", _("zugelassen")
    INELIGIBLE = "ineligible", _("nicht zugelassen")


class Decision(models.TextChoices):
    """The jury's verdict, in ascending order of honour (shortlist → nominee → winner); the
    special prize stands beside the winners."""

    NONE = "", _("keine")
    SHORTLISTED = "shortlisted", _("engere Wahl")
    NOMINEE = "nominee", _("nominiert")
    WINNER = "winner", _("Preisträger")
    SPECIAL_PRIZE = "special_prize", _("Sonderpreis der Jury")


class Application(TimeStampedModel):
    """A company's entry for one edition, alone or with partners from the directory."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    edition = models.ForeignKey(AwardEdition, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        related_name="award_applications",
        verbose_name=_("Bewerber"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="award_applications",
        verbose_name=_("angelegt von"),
    )
    title = models.CharField(_("Titel der Innovation"), max_length=200)
    summary = models.TextField(
        _("Kurzbeschreibung"),
        max_length=600,
        blank=True,
        help_text=_("Wird bei einer Nominierung veröffentlicht, wenn Sie zustimmen."),
    )
    description = models.TextField(_("Beschreibung der Innovation"), blank=True)
    stage = models.CharField(
        _("Entwicklungsstand"), max_length=20, choices=Stage.choices, blank=True
    )
    innovation_date = models.DateField(
        _("Entstanden am"),
        null=True,
        blank=True,
        help_text=_("Wann lag die Innovation erstmals als Prototyp oder Versuchsaufbau vor?"),
    )
    market = models.TextField(_("Markt und Kunden"), blank=True)
    figures = models.TextField(
        _("Kennzahlen"), blank=True, help_text=_("z. B. Umsatz, Beschäftigte, Einsparungen")
    )
    ip_declaration = models.BooleanField(
        _("Erklärung zu Schutzrechten"),
        default=False,
        help_text=_(
            "Wir versichern, dass die Innovation von uns stammt und keine Rechte Dritter verletzt."
        ),
    )
    publication_consent = models.BooleanField(
        _("Einwilligung zur Veröffentlichung bei Nominierung"), default=False
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    # Optimistic locking for autosave: every save sends the version it started from.
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("zurückgezogen am"), null=True, blank=True)
    formal_check = models.CharField(
        _("Formale Prüfung"),
        max_length=20,
        choices=FormalCheck.choices,
        default=FormalCheck.PENDING,
    )
    formal_check_note = models.TextField(_("Vermerk der formalen Prüfung"), blank=True)
    formal_checked_at = models.DateTimeField(null=True, blank=True)
    formal_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.CharField(
        _("Entscheidung"),
        max_length=20,
        choices=Decision.choices,
        default=Decision.NONE,
        blank=True,
    )
    decision_note = models.TextField(_("Begründung der Jury"), blank=True)
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)

    class Meta:
        verbose_name = _("Bewerbung")
        verbose_name_plural = _("Bewerbungen")
        ordering = ["edition", "title", "id"]
        indexes = [models.Index(fields=["edition", "status"], name="award_app_edition_status")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("award:application-detail", args=[self.uid])

    @property
    def is_in_competition(self) -> bool:
        """Submitted and not found ineligible: what the jury scores."""
        return (
            self.status == ApplicationStatus.SUBMITTED
            and self.formal_check != FormalCheck.INELIGIBLE
        )


class ApplicationPartner(models.Model):
    """A partner of the entry, picked from the directory (a research institute, another
    company …)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="partners")
    actor = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        related_name="award_partnerships",
        verbose_name=_("Partner"),
    )
    role = models.CharField(_("Beitrag des Partners"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Partner der Bewerbung")
        verbose_name_plural = _("Partner der Bewerbung")
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "actor"], name="unique_award_application_partner"
            )
        ]

    def __str__(self):
        return f"{self.application_id}: {self.actor_id}"


class ApplicationTopicArea(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="topics")
    lineage = models.UUIDField(_("Themenbereich (Kennung)"), db_index=True)

    class Meta:
        verbose_name = _("Themenbereich der Bewerbung")
        verbose_name_plural = _("Themenbereiche der Bewerbung")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "lineage"], name="unique_award_application_topic"
            )
        ]

    def __str__(self):
        return f"{self.application_id}: {self.lineage}"


class Attachment(models.Model):
    """A PDF of an application, stored privately in the database (any web worker hands it
    out, only through the application's access funnel)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    file_name = models.CharField(_("Dateiname"), max_length=200)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    content = models.BinaryField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")
        ordering = ["application", "uploaded_at", "id"]

    def __str__(self):
        return self.file_name


class JuryMember(models.Model):
    """A juror of one edition (the user also holds the role `jury` in the cluster). The
    affiliation is the organisation the juror speaks for, confirmed by the management; the
    conflict detection also uses the organisations the user represents in the directory."""

    edition = models.ForeignKey(AwardEdition, on_delete=models.CASCADE, related_name="jury")
    # A deleted account leaves the seat (its reviews stay in the aggregation), without the person.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="award_jury_seats",
    )
    affiliation = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="award_jurors",
        verbose_name=_("Organisation"),
    )
    function = models.CharField(_("Funktion"), max_length=200, blank=True)
    is_chair = models.BooleanField(_("Vorsitz"), default=False)
    confidentiality_accepted_at = models.DateTimeField(
        _("Vertraulichkeitserklärung angenommen am"), null=True, blank=True
    )
    confidentiality_version = models.CharField(
        _("Fassung der Vertraulichkeitserklärung"), max_length=20, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Jurymitglied")
        verbose_name_plural = _("Jurymitglieder")
        ordering = ["edition", "-is_chair", "id"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="unique_award_jury_member")
        ]

    def __str__(self):
        return str(self.user) if self.user_id else str(_("gelöschtes Konto"))

    @property
    def has_accepted_confidentiality(self) -> bool:
        return self.confidentiality_accepted_at is not None


class ConflictKind(models.TextChoices):
    """HotCRP's conflict types."""

    COLLABORATOR = "collaborator", _("Zusammenarbeit")
    INSTITUTIONAL = "institutional", _("dieselbe Organisation")
    PERSONAL = "personal", _("persönliche Beziehung")
    OTHER = "other", _("sonstiger Grund")


class ConflictSource(models.TextChoices):
    SAME_ORGANISATION = "same_organisation", _("dieselbe Organisation wie der Bewerber")
    PARTNER_ORGANISATION = "partner_organisation", _("Organisation eines Partners der Bewerbung")
    APPLICANT_PERSON = "applicant_person", _("hat die Bewerbung selbst angelegt")
    SHARED_PROJECT = "shared_project", _("gemeinsames Projekt in den letzten drei Jahren")
    ACCEPTED_INTEREST = (
        "accepted_interest",
        _("angenommene Interessensbekundung (Kooperationsbörse)"),
    )
    BOARD_SEATS = "board_seats", _("gemeinsamer Sitz in einem Clustergremium")
    SELF_DECLARED = "self_declared", _("selbst erklärt")
    MANAGEMENT = "management", _("vom Clustermanagement erfasst")


class ConflictStatus(models.TextChoices):
    PROPOSED = "proposed", _("vorgeschlagen")
    PINNED = "pinned", _("bestätigt")
    DISMISSED = "dismissed", _("verworfen")


# A conflict blocks while it is proposed or pinned: until the management dismisses it, the
# juror sees nothing of the application.
BLOCKING_CONFLICT_STATUSES = (ConflictStatus.PROPOSED, ConflictStatus.PINNED)


class Conflict(models.Model):
    """A conflict of interest between a juror and an application, detected from the
    platform's data or declared; the management pins or dismisses it with a reason."""

    jury_member = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="conflicts")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("Art"), max_length=20, choices=ConflictKind.choices)
    source = models.CharField(_("Quelle"), max_length=30, choices=ConflictSource.choices)
    evidence = models.CharField(_("Beleg"), max_length=500, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=ConflictStatus.choices, default=ConflictStatus.PROPOSED
    )
    reason = models.TextField(_("Begründung"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Befangenheit")
        verbose_name_plural = _("Befangenheiten")
        ordering = ["application", "jury_member", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["jury_member", "application", "source"], name="unique_award_conflict"
            )
        ]

    def __str__(self):
        return f"{self.jury_member} – {self.application}: {self.get_source_display()}"

    @property
    def is_blocking(self) -> bool:
        return self.status in BLOCKING_CONFLICT_STATUSES


class AssignmentSource(models.TextChoices):
    SOLVER = "solver", _("automatisch verteilt")
    MANUAL = "manual", _("von Hand")


class ReviewStatus(models.TextChoices):
    ASSIGNED = "assigned", _("zugewiesen")
    DRAFT = "draft", _("begonnen")
    SUBMITTED = "submitted", _("abgegeben")
    ABSTAINED = "abstained", _("enthalten")


class Review(models.Model):
    """A juror's assignment to an application and their scoring of it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    jury_member = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="reviews")
    source = models.CharField(
        _("Zuweisung"),
        max_length=20,
        choices=AssignmentSource.choices,
        default=AssignmentSource.SOLVER,
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.ASSIGNED
    )
    abstain_reason = models.TextField(_("Grund der Enthaltung"), blank=True)
    comment = models.TextField(_("Anmerkung für die Jury"), blank=True)
    # The weighted total on the 0–5 scale, kept when the review is submitted.
    total = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        ordering = ["application", "jury_member"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "jury_member"], name="unique_award_review"
            )
        ]

    def __str__(self):
        return f"{self.jury_member} → {self.application}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("Wert"), validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )

    class Meta:
        verbose_name = _("Punktwert")
        verbose_name_plural = _("Punktwerte")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="unique_award_score"),
            models.CheckConstraint(
                condition=Q(value__gte=SCALE_MIN) & Q(value__lte=SCALE_MAX),
                name="award_score_in_scale",
            ),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"


class Comment(models.Model):
    """A juror's or the management's comment on an application in the discussion phase."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("Kommentar"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Kommentar der Jury")
        verbose_name_plural = _("Kommentare der Jury")
        ordering = ["application", "created_at", "id"]

    def __str__(self):
        return f"{self.application_id}: {self.text[:40]}"


class AuditAction(models.TextChoices):
    PHASE = "phase", _("Phase gewechselt")
    FORMAL_CHECK = "formal_check", _("formale Prüfung")
    CONFLICT = "conflict", _("Befangenheit entschieden")
    ASSIGNMENT = "assignment", _("Zuweisung geändert")
    SCORE_CHANGED = "score_changed", _("Bewertung nach der Bewertungsphase geändert")
    DECISION = "decision", _("Entscheidung")
    RELEASED = "released", _("Entscheidungen veröffentlicht")


class AuditEntry(HistoryEntry):
    """The edition's audit log: every decision and every change of a score after the scoring
    phase, with who and when."""

    action = models.CharField(_("Aktion"), max_length=20, choices=AuditAction.choices)
    edition = models.ForeignKey(AwardEdition, on_delete=models.CASCADE, related_name="audit")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="audit"
    )

    class Meta(HistoryEntry.Meta):
        verbose_name = _("Eintrag im Prüfprotokoll")
        verbose_name_plural = _("Prüfprotokoll")

    def __str__(self):
        return f"{self.edition_id}: {self.action}"


class FollowUpOutcome(models.TextChoices):
    ON_MARKET = "on_market", _("am Markt eingeführt")
    DEVELOPING = "developing", _("wird weiterentwickelt")
    LICENSED = "licensed", _("lizenziert oder verkauft")
    STOPPED = "stopped", _("nicht weiterverfolgt")


class FollowUp(models.Model):
    """The question to winners and applicants one and three years after the edition: what
    happened next? Counted in the monitoring report."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="follow_ups"
    )
    years_after = models.PositiveSmallIntegerField(
        _("Jahre nach der Preisverleihung"), choices=[(1, "1"), (3, "3")]
    )
    due_on = models.DateField(_("fällig am"))
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(
        _("Was ist daraus geworden?"), max_length=20, choices=FollowUpOutcome.choices, blank=True
    )
    employees_added = models.PositiveIntegerField(_("neue Arbeitsplätze"), null=True, blank=True)
    note = models.TextField(_("Erläuterung"), blank=True)

    class Meta:
        verbose_name = _("Nachfrage nach der Preisverleihung")
        verbose_name_plural = _("Nachfragen nach der Preisverleihung")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "years_after"], name="unique_award_follow_up"
            )
        ]

    def __str__(self):
        return f"{self.application_id}: +{self.years_after}"
