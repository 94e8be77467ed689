from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        abstract = True


class DigestFrequency(models.TextChoices):
    """How often a person gets an e-mail digest of what is new (each app offers the
    frequencies it has: the Kooperationsbörse's saved searches weekly or never)."""

    DAILY = "daily", _("täglich")
    WEEKLY = "weekly", _("wöchentlich")
    NEVER = "never", _("keine E-Mail")


class HistoryEntry(models.Model):
    """One recorded change to something: who, when, what – the shape every history shares.

    A concrete history adds the foreign key to what changed and gives `action` its choices.
    `changes` holds field → [old, new] (or a summary); never personal data. Writes by the
    system user (commands, background jobs) show as "System"."""

    action = models.CharField(_("Aktion"), max_length=20)
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)
    message = models.CharField(_("Vermerk"), max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(app_label)s_%(class)s_entries",
        verbose_name=_("von"),
    )
    created_at = models.DateTimeField(_("am"), auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def by_system(self) -> bool:
        return bool(self.user_id and getattr(self.user, "is_system", False))


class Cluster(TimeStampedModel):
    """A regional industry cluster with its own masterplan and management."""

    slug = models.SlugField(_("Kürzel"), max_length=50, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=100, blank=True)
    region = models.CharField(_("Region"), max_length=200, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    strongest_districts = models.JSONField(
        _("Regionale Schwerpunkte"),
        default=dict,
        blank=True,
        help_text=_("Bezeichnung, Jahr, Landkreise (AGS und Name) und Quelle."),
    )

    class Meta:
        verbose_name = _("Cluster")
        verbose_name_plural = pgettext_lazy("plural", "Cluster")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ClusterFigure(models.Model):
    """One key figure of a cluster ("the cluster in numbers"), always with source and year."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="figures")
    key = models.SlugField(_("Schlüssel"), max_length=80)
    label = models.CharField(_("Bezeichnung"), max_length=200)
    value = models.DecimalField(_("Wert"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("Einheit"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("Jahr"))
    comparison_value = models.DecimalField(
        _("Vergleichswert"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    comparison_year = models.PositiveSmallIntegerField(_("Vergleichsjahr"), null=True, blank=True)
    note = models.CharField(_("Erläuterung"), max_length=300, blank=True)
    source = models.CharField(_("Quelle"), max_length=400)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Kennzahl")
        verbose_name_plural = _("Kennzahlen")
        ordering = ["cluster", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "key"], name="unique_cluster_figure_key")
        ]

    def __str__(self):
        return f"{self.label} ({self.year})"

    @property
    def change_percent(self):
        if not self.comparison_value:
            return None
        return (self.value - self.comparison_value) / self.comparison_value * 100


class CrossClusterTopic(models.Model):
    """A potential cross-cluster topic between two clusters (masterplan 2020, table 4)."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="cross_cluster_topics"
    )
    partner_cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="+", verbose_name=_("Partnercluster")
    )
    title = models.CharField(_("Thema"), max_length=300)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Cross-Cluster-Thema")
        verbose_name_plural = _("Cross-Cluster-Themen")
        ordering = ["cluster", "partner_cluster__name", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "partner_cluster", "title"], name="unique_cross_cluster_topic"
            )
        ]

    def __str__(self):
        return f"{self.partner_cluster}: {self.title}"
