"""Fachkräftematrix (Handlungsfeld 3, topic areas 6.1.1–6.3.8): which skilled workers, how
many, where – and the succession that keeps firms alive.

- **Occupations** are KldB 2010 reference data (`Occupation`, shipped with its source).
- **Official indicators**: the Bundesagentur für Arbeit's Engpassanalyse per occupation,
  region and year, imported all-or-nothing (`IndicatorImport`, `Indicator`); the verdict per
  occupation (`OfficialAssessment`) is computed by the published rule (mean of the shortage
  indicators' scores ≥ 2.0 shortage, < 1.5 none, between "watch") and compared with the file's.
- **The cluster's demand**: a yearly company survey (`Survey`, `SurveyResponse`,
  `SurveyAnswer`), shown only aggregated over at least five companies per cell.
- **Supply**: trainees and graduates per occupation and district (`SupplyFigure`) and the
  training offers companies search (`TrainingOffer`).
- **Nachfolgebörse**: succession cases released by a chamber (`SuccessionCase`), searchers'
  profiles (`SuccessorProfile`) and interests that the chamber mediates
  (`SuccessionInterest`) – the owner stays anonymous until they agree.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import Actor, District, SizeClass
from clusterwerk.core.models import Cluster, TimeStampedModel

K_ANONYMITY = 5  # survey figures only over at least this many companies per cell


# --- Occupations (KldB 2010) --------------------------------------------------------------


class OccupationLevel(models.TextChoices):
    GROUP = "group", _("Berufsgruppe (3-Steller)")
    TYPE = "type", _("Berufsgattung (5-Steller)")


class SkillLevel(models.IntegerChoices):
    """The fifth digit of a KldB 2010 code: the level of requirement."""

    HELPER = 1, _("Helfer/in")
    SKILLED = 2, _("Fachkraft")
    SPECIALIST = 3, _("Spezialist/in")
    EXPERT = 4, _("Experte/Expertin")


class Chamber(models.TextChoices):
    IHK = "ihk", _("Industrie- und Handelskammer")
    HWK = "hwk", _("Handwerkskammer")
    BOTH = "both", _("IHK oder Handwerkskammer")
    NONE = "", _("keine")


class Occupation(models.Model):
    """A KldB 2010 Berufsgruppe (3 digits) or Berufsgattung (5 digits). Reference data, the
    same for every cluster."""

    code = models.CharField(_("KldB-2010-Schlüssel"), max_length=5, unique=True)
    title = models.CharField(_("Bezeichnung"), max_length=300)
    short_title = models.CharField(
        _("Kurzbezeichnung"),
        max_length=120,
        blank=True,
        help_text=_("Für Sätze und Tabellen, z. B. „Industriemechaniker/innen“."),
    )
    level = models.CharField(_("Ebene"), max_length=5, choices=OccupationLevel.choices)
    skill_level = models.PositiveSmallIntegerField(
        _("Anforderungsniveau"), choices=SkillLevel.choices, null=True, blank=True
    )
    is_apprenticeship = models.BooleanField(_("Ausbildungsberuf"), default=False)
    chamber = models.CharField(
        _("Zuständige Kammer"), max_length=4, choices=Chamber.choices, blank=True
    )
    source = models.CharField(_("Quelle"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Beruf (KldB 2010)")
        verbose_name_plural = _("Berufe (KldB 2010)")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def group_code(self) -> str:
        return self.code[:3]

    @property
    def label(self) -> str:
        return self.short_title or self.title


# --- Official indicators (Engpassanalyse) ------------------------------------------------------


class IndicatorKind(models.TextChoices):
    """The Engpassanalyse's indicators. The six shortage indicators decide the verdict; the
    risk indicators stand beside them."""

    VACANCY_TIME = "vacancy_time", _("Abgeschlossene Vakanzzeit")
    JOBSEEKERS_PER_VACANCY = "jobseekers_per_vacancy", _("Arbeitsuchenden-Stellen-Relation")
    UNEMPLOYMENT_RATE = "unemployment_rate", _("Berufsspezifische Arbeitslosenquote")
    FOREIGN_SHARE_CHANGE = (
        "foreign_share_change",
        _("Veränderung des Anteils sozialversicherungspflichtiger Beschäftigung von Ausländern"),
    )
    EXIT_RATE = "exit_rate", _("Abgangsrate aus Arbeitslosigkeit")
    WAGE_TREND = "wage_trend", _("Entwicklung der mittleren Entgelte")
    RISK_SUBSTITUTABILITY = "risk_substitutability", _("Substituierbarkeitspotenzial")
    RISK_AGE = "risk_age", _("Anteil älterer Beschäftigter (55 Jahre und älter)")
    RISK_TRAINING = "risk_training", _("Verhältnis Ausbildungsstellen zu Bewerbern")
    RISK_OTHER = "risk_other", _("Weiterer Risikoindikator")


SHORTAGE_INDICATORS = (
    IndicatorKind.VACANCY_TIME,
    IndicatorKind.JOBSEEKERS_PER_VACANCY,
    IndicatorKind.UNEMPLOYMENT_RATE,
    IndicatorKind.FOREIGN_SHARE_CHANGE,
    IndicatorKind.EXIT_RATE,
    IndicatorKind.WAGE_TREND,
)


class Verdict(models.TextChoices):
    SHORTAGE = "shortage", _("Engpassberuf")
    WATCH = "watch", _("Anzeichen für Engpass")
    NONE = "none", _("kein Engpass")


class IndicatorImport(models.Model):
    """One imported indicator file (all-or-nothing)."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="indicator_imports")
    source = models.CharField(_("Quelle"), max_length=300)
    region = models.CharField(_("Region"), max_length=80, help_text=_("z. B. Brandenburg"))
    year = models.PositiveSmallIntegerField(
        _("Jahr"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    filename = models.CharField(_("Datei"), max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)

    class Meta:
        verbose_name = _("Import der Engpassanalyse")
        verbose_name_plural = _("Importe der Engpassanalyse")
        ordering = ["-year", "-imported_at"]

    def __str__(self):
        return f"{self.source} {self.region} {self.year}"


class Indicator(models.Model):
    batch = models.ForeignKey(IndicatorImport, on_delete=models.CASCADE, related_name="indicators")
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("Indikator"), max_length=30, choices=IndicatorKind.choices)
    value = models.DecimalField(_("Wert"), max_digits=12, decimal_places=3, null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        _("Punkte"), validators=[MaxValueValidator(3)], null=True, blank=True
    )

    class Meta:
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "occupation", "kind"], name="unique_skills_indicator"
            )
        ]

    def __str__(self):
        return f"{self.occupation_id} {self.kind}: {self.score}"


class OfficialAssessment(models.Model):
    """The verdict of one occupation in one import: the mean of its shortage indicators'
    scores, the verdict by the published rule, and the file's own verdict."""

    batch = models.ForeignKey(IndicatorImport, on_delete=models.CASCADE, related_name="assessments")
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+")
    mean_score = models.DecimalField(_("Mittlere Punktzahl"), max_digits=4, decimal_places=2)
    verdict = models.CharField(_("Bewertung"), max_length=10, choices=Verdict.choices)
    file_verdict = models.CharField(
        _("Bewertung laut Datei"), max_length=10, choices=Verdict.choices, blank=True
    )

    class Meta:
        verbose_name = _("Engpassbewertung")
        verbose_name_plural = _("Engpassbewertungen")
        constraints = [
            models.UniqueConstraint(fields=["batch", "occupation"], name="unique_skills_assessment")
        ]

    def __str__(self):
        return f"{self.occupation_id}: {self.verdict}"


# --- The company survey ----------------------------------------------------------------------


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    OPEN = "open", _("Offen")
    CLOSED = "closed", _("Abgeschlossen")


class Survey(TimeStampedModel):
    """The yearly company survey of one cluster."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="skills_surveys")
    year = models.PositiveSmallIntegerField(
        _("Jahr"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("Titel"), max_length=200)
    introduction = models.TextField(_("Einleitung"), blank=True)
    opens_on = models.DateField(_("Offen ab"))
    closes_on = models.DateField(_("Offen bis"))
    status = models.CharField(
        _("Status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    occupations = models.ManyToManyField(
        Occupation, related_name="+", verbose_name=_("Abgefragte Berufe")
    )
    reminded_at = models.DateTimeField(_("Zuletzt erinnert am"), null=True, blank=True)
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)

    class Meta:
        verbose_name = _("Betriebsbefragung")
        verbose_name_plural = _("Betriebsbefragungen")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="unique_skills_survey_year")
        ]

    def __str__(self):
        return self.title


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("Abgegeben")


class SurveyResponse(models.Model):
    """One company's answer to one survey; its district is the company's at submission."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="skills_responses")
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("Abgegeben am"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField(default=False, db_index=True)

    class Meta:
        verbose_name = _("Antwort eines Betriebs")
        verbose_name_plural = _("Antworten der Betriebe")
        constraints = [
            models.UniqueConstraint(fields=["survey", "actor"], name="unique_skills_response")
        ]

    def __str__(self):
        return f"{self.survey_id}: {self.actor_id}"

    @property
    def cluster_id(self) -> int:
        return self.survey.cluster_id


class SurveyAnswer(models.Model):
    """A company's figures for one occupation."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+")
    employees = models.PositiveIntegerField(_("Beschäftigte heute"), default=0)
    openings_12 = models.PositiveIntegerField(_("Offene Stellen in 12 Monaten"), default=0)
    openings_36 = models.PositiveIntegerField(_("Offene Stellen in 36 Monaten"), default=0)
    retirements_5y = models.PositiveIntegerField(_("Ruhestand in fünf Jahren"), default=0)
    training_offered = models.PositiveIntegerField(_("Ausbildungsplätze angeboten"), default=0)
    training_filled = models.PositiveIntegerField(_("Ausbildungsplätze besetzt"), default=0)
    difficulty = models.PositiveSmallIntegerField(
        _("Schwierigkeit der Besetzung (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    topic_lineage = models.UUIDField(_("Themenbereich"), null=True, blank=True)

    class Meta:
        verbose_name = _("Angabe je Beruf")
        verbose_name_plural = _("Angaben je Beruf")
        constraints = [
            models.UniqueConstraint(fields=["response", "occupation"], name="unique_skills_answer")
        ]

    def __str__(self):
        return f"{self.response_id}/{self.occupation_id}"


# --- Supply ---------------------------------------------------------------------------------


class SupplyFigure(models.Model):
    """Trainees and graduates of one occupation in one district and year, as a training
    provider reported them."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="supply_figures")
    year = models.PositiveSmallIntegerField(_("Jahr"))
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(
        Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    trainees = models.PositiveIntegerField(_("Auszubildende/Studierende"), default=0)
    graduates = models.PositiveIntegerField(_("Absolventinnen und Absolventen"), default=0)
    source = models.CharField(_("Quelle"), max_length=300, blank=True)
    is_demo = models.BooleanField(default=False, db_index=True)

    class Meta:
        verbose_name = _("Angebot an Nachwuchs")
        verbose_name_plural = _("Angebot an Nachwuchs")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year", "occupation", "district", "provider"],
                name="unique_skills_supply",
            )
        ]

    def __str__(self):
        return f"{self.year} {self.occupation_id} {self.district_id}"


class OfferFormat(models.TextChoices):
    APPRENTICESHIP = "apprenticeship", _("Ausbildung")
    JOINT_APPRENTICESHIP = "joint_apprenticeship", _("Verbundausbildung")
    FURTHER_TRAINING = "further_training", _("Weiterbildung")
    ADDITIONAL_QUALIFICATION = "additional_qualification", _("Zusatzqualifikation")
    STUDY = "study", _("Studium")


class TrainingOffer(TimeStampedModel):
    """A training offer of a provider from the directory, searchable by companies."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="training_offers")
    provider = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="training_offers")
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    format = models.CharField(_("Format"), max_length=30, choices=OfferFormat.choices)
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Beruf"),
    )
    competence = models.CharField(_("Kompetenz"), max_length=200, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("Ort (Kreis)")
    )
    starts_on = models.DateField(_("Beginn"), null=True, blank=True)
    ends_on = models.DateField(_("Ende"), null=True, blank=True)
    url = models.URLField(_("Weitere Informationen"), max_length=500, blank=True)
    is_published = models.BooleanField(_("Veröffentlicht"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False, db_index=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("Bildungsangebot")
        verbose_name_plural = _("Bildungsangebote")
        ordering = ["starts_on", "title", "id"]

    def __str__(self):
        return self.title


class TrainingOfferTopicArea(models.Model):
    offer = models.ForeignKey(TrainingOffer, on_delete=models.CASCADE, related_name="topic_areas")
    topic_lineage = models.UUIDField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "topic_lineage"], name="unique_skills_offer_topic"
            )
        ]

    def __str__(self):
        return f"{self.offer_id}: {self.topic_lineage}"


# --- Matrix gaps ------------------------------------------------------------------------------


class GapAction(models.TextChoices):
    PROJECT_IDEA = "project_idea", _("Projektidee")
    WORKSHOP = "workshop", _("Thema für ein Werkstattgespräch")
    DISMISSED = "dismissed", _("Verworfen")


class MatrixGapDecision(models.Model):
    """What the management made of a gap of the matrix: an occupation short of workers with
    no training offer nearby, in one district and year."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("Jahr"))
    occupation = models.ForeignKey(Occupation, on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("Maßnahme"), max_length=14, choices=GapAction.choices)
    note = models.TextField(_("Notiz"), blank=True)
    project_id = models.PositiveIntegerField(null=True, blank=True)
    event_id = models.PositiveIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year", "occupation", "district", "action"],
                name="unique_skills_gap_action",
            )
        ]

    def __str__(self):
        return f"{self.year} {self.occupation_id} {self.district_id}: {self.action}"


# --- Nachfolgebörse ---------------------------------------------------------------------------


class SuccessionKind(models.TextChoices):
    FAMILY = "family", _("Familienintern")
    INTERNAL = "internal", _("Betriebsintern (Mitarbeitende)")
    EXTERNAL = "external", _("Externer Verkauf")


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("Zur Freigabe bei der Kammer")
    RELEASED = "released", _("Freigegeben")
    HANDED_OVER = "handed_over", _("Übergeben")
    WITHDRAWN = "withdrawn", _("Zurückgezogen")


class SuccessionCase(TimeStampedModel):
    """An owner's plan to hand over a company. The public listing shows only sector, size
    class, district, exit year, kind and the anonymised text; the company and the owner are
    known to the owner, the chamber and the cluster management."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="succession_cases")
    company = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="succession_cases", verbose_name=_("Betrieb")
    )
    chamber = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        related_name="mediated_succession_cases",
        verbose_name=_("Kammer"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="succession_cases",
        verbose_name=_("Inhaber/in"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    exit_year = models.PositiveSmallIntegerField(
        _("Geplanter Ausstieg (Jahr)"), validators=[MinValueValidator(2000)]
    )
    kind = models.CharField(_("Art der Nachfolge"), max_length=10, choices=SuccessionKind.choices)
    title = models.CharField(_("Überschrift (anonym)"), max_length=200)
    listing_text = models.TextField(
        _("Beschreibung (anonym)"),
        help_text=_("Ohne Namen, Adresse oder andere Angaben, die den Betrieb erkennen lassen."),
    )
    sector = models.CharField(_("Branche"), max_length=200)
    size_class = models.CharField(_("Größe"), max_length=10, choices=SizeClass.choices)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    topic_lineage = models.UUIDField(null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(_("Freigegeben am"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("Übergeben am"), null=True, blank=True)
    # The succession radar counts only consented cases.
    owner_aged_55_plus = models.BooleanField(_("Inhaber/in ist 55 Jahre oder älter"), default=False)
    radar_consent = models.BooleanField(
        _("Einwilligung: anonym im Nachfolge-Radar der Kammern zählen"), default=False
    )
    consent_given_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, db_index=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("Nachfolgefall")
        verbose_name_plural = _("Nachfolgefälle")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class SearcherKind(models.TextChoices):
    PERSON = "person", _("Person")
    COMPANY = "company", _("Unternehmen")


class SuccessorProfile(TimeStampedModel):
    """Someone who wants to take over a company: a person or a company of the directory."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="successor_profiles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="successor_profiles"
    )
    kind = models.CharField(_("Suchende/r"), max_length=10, choices=SearcherKind.choices)
    company = models.ForeignKey(
        Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("Überschrift"), max_length=200)
    description = models.TextField(_("Was ich suche und mitbringe"))
    sectors = models.CharField(_("Branchen"), max_length=300, blank=True)
    size_classes = models.JSONField(_("Größen"), default=list, blank=True)
    districts = models.ManyToManyField(District, related_name="+", blank=True)
    available_from = models.PositiveSmallIntegerField(
        _("Übernahme ab (Jahr)"), null=True, blank=True
    )
    is_active = models.BooleanField(_("Aktiv"), default=True)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, db_index=True)

    class Meta:
        verbose_name = _("Profil für die Nachfolge")
        verbose_name_plural = _("Profile für die Nachfolge")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class InterestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Bei der Kammer")
    FORWARDED = "forwarded", _("An die Inhaberin/den Inhaber weitergeleitet")
    DECLINED_BY_CHAMBER = "declined_by_chamber", _("Von der Kammer abgelehnt")
    AGREED = "agreed", _("Kontakt vereinbart")
    DECLINED_BY_OWNER = "declined_by_owner", _("Von der Inhaberin/dem Inhaber abgelehnt")
    WITHDRAWN = "withdrawn", _("Zurückgezogen")


class SuccessionInterest(models.Model):
    """A searcher's interest in a case. It goes to the chamber, which checks it and forwards
    it to the owner; only when the owner agrees do both learn who the other is."""

    case = models.ForeignKey(SuccessionCase, on_delete=models.CASCADE, related_name="interests")
    profile = models.ForeignKey(
        SuccessorProfile, on_delete=models.CASCADE, related_name="interests"
    )
    message = models.TextField(_("Nachricht an die Kammer"))
    status = models.CharField(
        _("Status"), max_length=20, choices=InterestStatus.choices, default=InterestStatus.SUBMITTED
    )
    chamber_note = models.TextField(_("Notiz der Kammer"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Interesse an einer Nachfolge")
        verbose_name_plural = _("Interessen an Nachfolgen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "profile"], name="unique_skills_succession_interest"
            )
        ]

    def __str__(self):
        return f"{self.case_id} ← {self.profile_id}"
