"""Markt- und Technologievorausschau (topic area 4.2.4): a cluster's foresight cycles.

A cycle is one Delphi study of one cluster: items (trends, technologies, market developments,
regulations) rated by a panel of invited experts on criteria declared up front, in classic
rounds or in real time (Gordon & Pease 2006: experts return at any time and see the group's
median and interquartile range). The consensus rule is declared before rating starts and
cannot change afterwards. Results are published as a radar with configurable segments and
rings, an impact × uncertainty chart and a fact sheet per item; items with high impact and a
near horizon that the cluster does not cover yet are gap signals for the next masterplan
edition.

Items keep a stable `key` ("W-07") and `lineage` across cycles: an item carried into the next
cycle is a new row with the same key and lineage, so its history is the list of rows.
Panellists are anonymous to each other (a pseudonym) and known to the management.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import Actor, District
from clusterwerk.core.models import Cluster, TimeStampedModel

DEFAULT_CONSENSUS_IQR = Decimal("1.0")
DEFAULT_MIN_ANSWERS = 3  # group feedback (median, IQR, reasons) only from this many answers
MAX_SOURCE_MB = 10


class Mode(models.TextChoices):
    REALTIME = "realtime", _("Echtzeit-Delphi")
    ROUNDS = "rounds", _("Klassische Runden")


class Status(models.TextChoices):
    """The cycle's phases, in order. `phases.py` says what each allows."""

    PREPARATION = "preparation", _("Vorbereitung")
    RATING = "rating", _("Bewertung läuft")
    EVALUATION = "evaluation", _("Auswertung")
    PUBLISHED = "published", _("Veröffentlicht")


STATUS_ORDER = [status.value for status in Status]


class RingBasis(models.TextChoices):
    HORIZON = "horizon", _("Zeithorizont")
    READINESS = "readiness", _("Bereitschaft des Clusters")


class Cycle(TimeStampedModel):
    """One foresight study of one cluster."""

    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        related_name="foresight_cycles",
        verbose_name=_("Cluster"),
    )
    slug = models.SlugField(_("Kurzname"), max_length=80)
    title = models.CharField(_("Titel"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("Jahr"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    period_start = models.DateField(_("Bewertung ab"), null=True, blank=True)
    period_end = models.DateField(_("Bewertung bis"), null=True, blank=True)
    mode = models.CharField(
        _("Verfahren"), max_length=10, choices=Mode.choices, default=Mode.REALTIME
    )
    status = models.CharField(
        _("Phase"), max_length=12, choices=Status.choices, default=Status.PREPARATION
    )
    rounds_planned = models.PositiveSmallIntegerField(
        _("Geplante Runden"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Nur bei klassischen Runden."),
    )
    current_round = models.PositiveSmallIntegerField(_("Aktuelle Runde"), default=1)
    # The consensus rule, declared up front: an item has consensus on a criterion when at least
    # `min_answers` rated it and the interquartile range is at most the criterion's
    # `consensus_iqr`.
    min_answers = models.PositiveSmallIntegerField(
        _("Mindestzahl der Antworten"),
        default=DEFAULT_MIN_ANSWERS,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text=_(
            "Ab so vielen Antworten sehen die Expertinnen und Experten Median, "
            "Quartilsabstand und Begründungen der Gruppe; darunter gilt kein Konsens."
        ),
    )
    reason_outside_iqr = models.BooleanField(
        _("Begründung außerhalb des Quartilsabstands verlangen"), default=True
    )
    ring_basis = models.CharField(
        _("Ringe nach"), max_length=10, choices=RingBasis.choices, default=RingBasis.HORIZON
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Vorheriger Zyklus"),
        help_text=_("Für die Markierungen „neu“ und „bewegt“ im Radar."),
    )
    opened_at = models.DateTimeField(_("Bewertung eröffnet am"), null=True, blank=True)
    closed_at = models.DateTimeField(_("Bewertung geschlossen am"), null=True, blank=True)
    published_at = models.DateTimeField(_("Veröffentlicht am"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("Foresight-Zyklus")
        verbose_name_plural = _("Foresight-Zyklen")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "slug"], name="unique_foresight_cycle_slug")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("foresight:cycle", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_realtime(self) -> bool:
        return self.mode == Mode.REALTIME


class CriterionRole(models.TextChoices):
    """What a criterion means to the radar, the chart and the gap signal. Each role except
    `other` at most once per cycle."""

    IMPACT = "impact", _("Wirkung auf das Cluster")
    UNCERTAINTY = "uncertainty", _("Unsicherheit")
    HORIZON = "horizon", _("Zeithorizont")
    RELEVANCE = "relevance", _("Relevanz für Brandenburg")
    READINESS = "readiness", _("Bereitschaft des Clusters")
    OTHER = "other", _("Weiteres Kriterium")


class Criterion(models.Model):
    """A question every item is rated on, with a labelled ordinal scale `1..steps`."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="criteria")
    role = models.CharField(_("Bedeutung"), max_length=12, choices=CriterionRole.choices)
    name = models.CharField(_("Bezeichnung"), max_length=120)
    question = models.CharField(_("Frage"), max_length=300, blank=True)
    # One label per step; the scale runs from 1 to len(labels).
    labels = models.JSONField(_("Beschriftung der Stufen"), default=list)
    consensus_iqr = models.DecimalField(
        _("Konsens bei Quartilsabstand bis"),
        max_digits=3,
        decimal_places=1,
        default=DEFAULT_CONSENSUS_IQR,
        validators=[MinValueValidator(Decimal("0"))],
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Kriterium")
        verbose_name_plural = _("Kriterien")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    @property
    def steps(self) -> int:
        return len(self.labels)

    def label(self, value) -> str:
        if value is None or not 1 <= int(value) <= self.steps:
            return ""
        return self.labels[int(value) - 1]


class Segment(models.Model):
    """A sector of the radar (e.g. Werkstoffe, Fertigung, Digitalisierung)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="segments")
    name = models.CharField(_("Bezeichnung"), max_length=80)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Radarsegment")
        verbose_name_plural = _("Radarsegmente")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class Ring(models.Model):
    """A ring of the radar, innermost first. An item lies in the first ring whose `upper`
    bound its median on the ring criterion (`Cycle.ring_basis`) does not exceed."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="rings")
    name = models.CharField(_("Bezeichnung"), max_length=80)
    upper = models.DecimalField(
        _("Obergrenze (Median)"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))],
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Radarring")
        verbose_name_plural = _("Radarringe")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class ItemKind(models.TextChoices):
    TREND = "trend", _("Trend")
    TECHNOLOGY = "technology", _("Technologie")
    MARKET = "market", _("Marktentwicklung")
    REGULATION = "regulation", _("Regulierung")


class Steep(models.TextChoices):
    SOCIAL = "social", _("Gesellschaft")
    TECHNOLOGICAL = "technological", _("Technologie")
    ECONOMIC = "economic", _("Wirtschaft")
    ECOLOGICAL = "ecological", _("Umwelt")
    POLITICAL = "political", _("Politik")


class Item(TimeStampedModel):
    """One thing the panel rates. `key` and `lineage` stay the same across cycles."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(
        _("Kennung"), max_length=20, help_text=_("Bleibt über die Zyklen gleich, z. B. W-07.")
    )
    lineage = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    kind = models.CharField(_("Art"), max_length=12, choices=ItemKind.choices)
    steep = models.CharField(_("STEEP-Kategorie"), max_length=14, choices=Steep.choices)
    segment = models.ForeignKey(
        Segment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("Radarsegment"),
    )
    tags = models.JSONField(_("Schlagworte"), default=list, blank=True)
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Übernommen aus"),
    )
    origin = models.CharField(
        _("Herkunft"),
        max_length=300,
        blank=True,
        help_text=_("Z. B. ein Signal aus einem Werkstattgespräch."),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("Foresight-Item")
        verbose_name_plural = _("Foresight-Items")
        ordering = ["key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "key"], name="unique_foresight_item_key"),
            models.UniqueConstraint(
                fields=["cycle", "lineage"], name="unique_foresight_item_lineage"
            ),
        ]

    def __str__(self):
        return f"{self.key} {self.title}"

    def get_absolute_url(self):
        return reverse("foresight:item", args=[self.cycle.slug, self.key])

    @property
    def cluster_id(self) -> int:
        """The cycle's cluster (for `core.versions.changes`)."""
        return self.cycle.cluster_id


class ItemTopicArea(models.Model):
    """An item's topic area, by lineage, so it survives new masterplan editions."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="topic_areas")
    topic_lineage = models.UUIDField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "topic_lineage"], name="unique_foresight_item_topic"
            )
        ]

    def __str__(self):
        return f"{self.item_id}: {self.topic_lineage}"


class SourceKind(models.TextChoices):
    LINK = "link", _("Link")
    DOCUMENT = "document", _("Dokument (PDF)")


class Source(models.Model):
    """Evidence for an item: a link or an uploaded PDF (served through the access funnel)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("Art"), max_length=10, choices=SourceKind.choices)
    title = models.CharField(_("Titel"), max_length=300)
    url = models.URLField(_("Adresse"), max_length=500, blank=True)
    filename = models.CharField(_("Dateiname"), max_length=200, blank=True)
    content = models.BinaryField(_("Inhalt"), blank=True, editable=False)
    size = models.PositiveIntegerField(_("Größe (Byte)"), default=0)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Quelle")
        verbose_name_plural = _("Quellen")
        ordering = ["id"]

    def __str__(self):
        return self.title


class StakeholderGroup(models.TextChoices):
    BUSINESS = "business", _("Wirtschaft")
    CRAFT = "craft", _("Handwerk")
    SCIENCE = "science", _("Wissenschaft")
    CHAMBER = "chamber", _("Kammer/Verband")
    ADMINISTRATION = "administration", _("Verwaltung")


class Panellist(models.Model):
    """An invited expert of one cycle. Others see only the pseudonym; the management sees the
    person. `user` is set once the invitation is accepted (by a user with that e-mail)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="panellists")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="foresight_seats",
    )
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail"))
    pseudonym = models.CharField(_("Pseudonym"), max_length=40)
    stakeholder_group = models.CharField(
        _("Gruppe"), max_length=16, choices=StakeholderGroup.choices
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Landkreis/kreisfreie Stadt"),
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Organisation"),
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_at = models.DateTimeField(_("Eingeladen am"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("Zugesagt am"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("Zuletzt erinnert am"), null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Panelmitglied")
        verbose_name_plural = _("Panel")
        ordering = ["pseudonym", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "email"], name="unique_foresight_panel_email"),
            models.UniqueConstraint(
                fields=["cycle", "pseudonym"], name="unique_foresight_panel_pseudonym"
            ),
        ]

    def __str__(self):
        return self.pseudonym

    @property
    def cluster_id(self) -> int:
        return self.cycle.cluster_id


class Expertise(models.Model):
    """A panellist's self-rated expertise on one item (1 = gering … 5 = sehr hoch)."""

    panellist = models.ForeignKey(Panellist, on_delete=models.CASCADE, related_name="expertise")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="expertise")
    level = models.PositiveSmallIntegerField(
        _("Eigene Expertise"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["panellist", "item"], name="unique_foresight_expertise")
        ]

    def __str__(self):
        return f"{self.panellist_id}/{self.item_id}: {self.level}"


class Rating(models.Model):
    """One panellist's answer on one criterion of one item in one round (real-time cycles
    have round 1 only). `value` is None when the panellist cannot judge. `first_value` is the
    first answer, for the stability of real-time cycles."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="ratings")
    panellist = models.ForeignKey(Panellist, on_delete=models.CASCADE, related_name="ratings")
    round = models.PositiveSmallIntegerField(_("Runde"), default=1)
    value = models.PositiveSmallIntegerField(_("Wert"), null=True, blank=True)
    cannot_judge = models.BooleanField(_("kann ich nicht beurteilen"), default=False)
    first_value = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.TextField(_("Begründung"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "criterion", "panellist", "round"],
                name="unique_foresight_rating",
            )
        ]
        indexes = [models.Index(fields=["item", "round"])]

    def __str__(self):
        return f"{self.panellist_id}/{self.item_id}/{self.criterion_id}: {self.value}"


class GapAction(models.TextChoices):
    PROPOSAL = "proposal", _("Vorschlag für die nächste Masterplan-Ausgabe")
    WORKSHOP = "workshop", _("Thema für ein Werkstattgespräch")
    PROJECT_IDEA = "project_idea", _("Projektidee")
    DISMISSED = "dismissed", _("Verworfen")


class GapDecision(models.Model):
    """What the management made of a gap signal. One per item and action (an item may become
    a proposal and a workshop topic); the ids lead to what was created."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="gap_decisions")
    action = models.CharField(_("Maßnahme"), max_length=14, choices=GapAction.choices)
    note = models.TextField(_("Notiz"), blank=True)
    proposal_id = models.PositiveIntegerField(null=True, blank=True)
    event_id = models.PositiveIntegerField(null=True, blank=True)
    project_id = models.PositiveIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Entscheidung zu einer Lücke")
        verbose_name_plural = _("Entscheidungen zu Lücken")
        ordering = ["decided_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "action"], name="unique_foresight_gap_action")
        ]

    def __str__(self):
        return f"{self.item_id}: {self.action}"


class Comment(models.Model):
    """An anonymous comment of a panellist on an item (eDelphi): others see the pseudonym only;
    one level of replies. The management may hide a comment."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="comments")
    panellist = models.ForeignKey(Panellist, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(_("Kommentar"))
    is_hidden = models.BooleanField(_("ausgeblendet"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.panellist_id}: {self.body[:40]}"
