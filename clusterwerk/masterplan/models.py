"""The masterplan: editions and their tree of action fields, key points and topic areas.

Every element carries a `lineage` UUID that stays the same when an edition is revised into
the next one; comparing two editions pairs elements by lineage, so a renamed or moved topic
area is recognised as the same topic area.
"""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterwerk.core.models import Cluster, HistoryEntry, TimeStampedModel
from clusterwerk.core.tenancy import reverse_for_cluster

NUMBER_PATTERNS = {
    "action_field": re.compile(r"^\d{1,2}$"),
    "key_point": re.compile(r"^\d{1,2}\.\d{1,2}$"),
    "topic_area": re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}$"),
}


def number_sort_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part.isdigit())


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    PUBLISHED = "published", _("veröffentlicht")
    ARCHIVED = "archived", _("archiviert")


class EditionSource(models.TextChoices):
    REFERENCE = "reference", _("Referenzdaten")
    IMPORT = "import", _("Import des veröffentlichten Texts")
    REVISION = "revision", _("Fortschreibung")


class Edition(TimeStampedModel):
    """One version of a cluster's masterplan (2014, 2020, …)."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="editions")
    label = models.CharField(_("Bezeichnung"), max_length=100)
    slug = models.SlugField(_("Kürzel"), max_length=100)
    title = models.CharField(_("Titel"), max_length=200)
    status = models.CharField(
        _("Status"), max_length=20, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    source = models.CharField(
        _("Herkunft"), max_length=20, choices=EditionSource.choices, default=EditionSource.REVISION
    )
    published_on = models.DateField(_("veröffentlicht am"), null=True, blank=True)
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("Vorgängerausgabe"),
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    source_checksum = models.CharField(_("Prüfsumme der Quelle"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )

    class Meta:
        verbose_name = _("Ausgabe")
        verbose_name_plural = _("Ausgaben")
        ordering = ["cluster", "-published_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "slug"], name="unique_edition_slug"),
            models.UniqueConstraint(fields=["cluster", "label"], name="unique_edition_label"),
            models.UniqueConstraint(
                fields=["cluster"],
                condition=Q(status="published"),
                name="one_published_edition_per_cluster",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_draft(self):
        return self.status == EditionStatus.DRAFT

    @property
    def is_published(self):
        return self.status == EditionStatus.PUBLISHED

    def get_absolute_url(self):
        return reverse_for_cluster(self.cluster, "masterplan:edition", args=[self.slug])


class PlanElement(TimeStampedModel):
    """Shared fields of the masterplan tree's elements."""

    kind = ""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    lineage = models.UUIDField(_("Kennung über Ausgaben hinweg"), default=uuid.uuid4)
    number = models.CharField(_("Nummer"), max_length=20)
    title = models.CharField(_("Titel"), max_length=300)
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    version = models.PositiveIntegerField(_("Bearbeitungsstand"), default=1)
    search_document = models.TextField(_("Suchbegriffe (normalisiert)"), blank=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def kind_label(self):
        return ElementKind(self.kind).label

    def clean(self):
        super().clean()
        pattern = NUMBER_PATTERNS.get(self.kind)
        if pattern and not pattern.match(self.number or ""):
            raise ValidationError({"number": _("Die Nummer hat nicht das erwartete Format.")})


class ActionField(PlanElement):
    """Handlungsfeld: the top level of the masterplan (3 in 2020)."""

    kind = "action_field"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="action_fields")
    intro = models.TextField(_("Einführung"), blank=True)

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering = ["edition", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "number"], name="unique_action_field_number"
            ),
            models.UniqueConstraint(
                fields=["edition", "lineage"], name="unique_action_field_lineage"
            ),
        ]

    def get_absolute_url(self):
        return reverse_for_cluster(
            self.edition.cluster, "masterplan:action-field", args=[self.edition.slug, self.number]
        )


class KeyPoint(PlanElement):
    """Eckpunkt: the second level (10 in 2020)."""

    kind = "key_point"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="key_points")
    action_field = models.ForeignKey(
        ActionField, on_delete=models.CASCADE, related_name="key_points"
    )
    intro = models.TextField(_("Einführung"), blank=True)

    class Meta:
        verbose_name = _("Eckpunkt")
        verbose_name_plural = _("Eckpunkte")
        ordering = ["edition", "action_field__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="unique_key_point_number"),
            models.UniqueConstraint(fields=["edition", "lineage"], name="unique_key_point_lineage"),
        ]

    def get_absolute_url(self):
        return reverse_for_cluster(
            self.edition.cluster, "masterplan:key-point", args=[self.edition.slug, self.number]
        )


class TopicArea(PlanElement):
    """Themenbereich: the third level (37 in 2020), with Ziel, Relevanz and Potenzial."""

    kind = "topic_area"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="topic_areas")
    key_point = models.ForeignKey(KeyPoint, on_delete=models.CASCADE, related_name="topic_areas")
    goal = models.TextField(_("Ziel"), blank=True)
    description = models.TextField(_("Erläuterung des Ziels"), blank=True)
    relevance = models.TextField(_("Relevanz"), blank=True)
    potential = models.TextField(_("Potenzial"), blank=True)
    keywords = models.JSONField(_("Schlagwörter"), default=list, blank=True)
    related = models.ManyToManyField(
        "self",
        through="TopicAreaReference",
        symmetrical=False,
        related_name="referenced_by",
        verbose_name=_("Querverweise"),
        blank=True,
    )

    class Meta:
        verbose_name = _("Themenbereich")
        verbose_name_plural = _("Themenbereiche")
        ordering = ["edition", "key_point__action_field__order", "key_point__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="unique_topic_area_number"),
            models.UniqueConstraint(
                fields=["edition", "lineage"], name="unique_topic_area_lineage"
            ),
        ]

    def get_absolute_url(self):
        # The topic area's page is composed on the portal floor (plan, actors, projects).
        return reverse_for_cluster(
            self.edition.cluster, "portal:topic-area", args=[self.edition.slug, self.number]
        )


class TopicAreaReference(models.Model):
    """A cross-reference from one topic area to another ("vgl. Abschnitt 5.1.4")."""

    source = models.ForeignKey(TopicArea, on_delete=models.CASCADE, related_name="outgoing_refs")
    target = models.ForeignKey(TopicArea, on_delete=models.CASCADE, related_name="incoming_refs")

    class Meta:
        verbose_name = _("Querverweis")
        verbose_name_plural = _("Querverweise")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="unique_topic_reference"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="no_self_reference"
            ),
        ]

    def __str__(self):
        return f"{self.source.number} → {self.target.number}"


class SuccessFactor(PlanElement):
    """Erfolgsfaktor: a condition outside the action fields (Finanzen, Infrastruktur, …)."""

    kind = "success_factor"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="success_factors")
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Erfolgsfaktor")
        verbose_name_plural = _("Erfolgsfaktoren")
        ordering = ["edition", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "number"], name="unique_success_factor_number"
            ),
            models.UniqueConstraint(
                fields=["edition", "lineage"], name="unique_success_factor_lineage"
            ),
        ]


class RevisionAction(models.TextChoices):
    CREATED = "created", _("angelegt")
    UPDATED = "updated", _("geändert")
    MOVED = "moved", _("verschoben")
    DELETED = "deleted", _("gelöscht")
    PUBLISHED = "published", _("veröffentlicht")
    ARCHIVED = "archived", _("archiviert")
    IMPORTED = "imported", _("importiert")


class ElementKind(models.TextChoices):
    EDITION = "edition", _("Ausgabe")
    ACTION_FIELD = "action_field", _("Handlungsfeld")
    KEY_POINT = "key_point", _("Eckpunkt")
    TOPIC_AREA = "topic_area", _("Themenbereich")
    SUCCESS_FACTOR = "success_factor", _("Erfolgsfaktor")


class Revision(HistoryEntry):
    """One recorded change to an edition or one of its elements: who, when, what."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="revisions")
    element_kind = models.CharField(_("Elementart"), max_length=20, choices=ElementKind.choices)
    element_lineage = models.UUIDField(_("Element"), null=True, blank=True)
    element_number = models.CharField(_("Nummer"), max_length=20, blank=True)
    element_title = models.CharField(_("Titel"), max_length=300, blank=True)
    action = models.CharField(_("Aktion"), max_length=20, choices=RevisionAction.choices)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("Änderung")
        verbose_name_plural = _("Änderungsverlauf")
        indexes = [models.Index(fields=["edition", "element_lineage"])]

    def __str__(self):
        return f"{self.get_action_display()}: {self.element_number} {self.element_title}"

    @property
    def changed_field_labels(self) -> list[str]:
        return [str(CHANGE_LABELS.get(name, name)) for name in self.changes]


CHANGE_LABELS = {
    "title": _("Titel"),
    "intro": _("Einführung"),
    "goal": _("Ziel"),
    "description": _("Erläuterung"),
    "relevance": _("Relevanz"),
    "potential": _("Potenzial"),
    "keywords": _("Schlagwörter"),
    "references": _("Querverweise"),
    "number": _("Nummer"),
    "key_point": _("Eckpunkt"),
    "action_field": _("Handlungsfeld"),
    "order": _("Reihenfolge"),
}
