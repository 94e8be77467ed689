import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        abstract = True


class ReportStatus(models.TextChoices):
    """Where a user's report of content to the moderators stands (participation's comments
    and proposals, the Kooperationsbörse's messages)."""

    OPEN = "open", _("offen")
    RESOLVED = "resolved", _("erledigt")


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
    description = models.TextField(_("Erläuterung"), blank=True)
    topic_lineages = models.JSONField(
        _("Themenbereiche"),
        default=list,
        blank=True,
        help_text=_("Themenbereiche des Masterplans des ersten Clusters (Kennungen)."),
    )
    keywords = models.JSONField(
        _("Schlagwörter"),
        default=list,
        blank=True,
        help_text=_("Wörter, an denen Inhalte beider Cluster das Thema erkennen lassen."),
    )

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


class JobState(models.TextChoices):
    QUEUED = "queued", _("wartet")
    RUNNING = "running", _("läuft")
    SUCCEEDED = "succeeded", _("fertig")
    FAILED = "failed", _("fehlgeschlagen")


class Job(models.Model):
    """Work that runs on the task queue on someone's behalf: an import, a large export, an
    index rebuild, a periodic run. The task queue's own row (`task_result_id`) says whether a
    worker holds it; the job says what the person sees: progress, the result or the errors,
    and a file to download. Files live in the database, so any web worker on any machine can
    hand them out."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, null=True, blank=True, related_name="jobs"
    )
    kind = models.CharField(_("Art"), max_length=60, db_index=True)
    title = models.CharField(_("Auftrag"), max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("beauftragt von"),
    )
    state = models.CharField(
        _("Stand"), max_length=20, choices=JobState.choices, default=JobState.QUEUED
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    progress_note = models.CharField(max_length=200, blank=True)
    # What the task reports back: a summary, or the errors (e.g. line-numbered import errors).
    result = models.JSONField(default=dict, blank=True)
    message = models.CharField(_("Meldung"), max_length=500, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=120, blank=True)
    file_content = models.BinaryField(null=True, blank=True, editable=False)
    # A periodic run names its period here ("expire_listings:2026-12-04"); while one job of a
    # key is queued or running, or has succeeded, no second one starts.
    run_key = models.CharField(max_length=120, blank=True, db_index=True)
    task_result_id = models.CharField(max_length=64, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("beauftragt am"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("begonnen"), null=True, blank=True)
    finished_at = models.DateTimeField(_("beendet"), null=True, blank=True)

    class Meta:
        verbose_name = _("Hintergrundauftrag")
        verbose_name_plural = _("Hintergrundaufträge")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["run_key"],
                condition=~models.Q(run_key="") & ~models.Q(state="failed"),
                name="unique_periodic_run",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.SUCCEEDED, JobState.FAILED)

    @property
    def percent(self) -> int:
        if self.state == JobState.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def has_file(self) -> bool:
        return bool(self.file_name) and self.state == JobState.SUCCEEDED


class WorkerHeartbeat(models.Model):
    """A running task worker says every few seconds that it is alive. A task that a worker
    claimed whose heartbeat stopped (the process was killed) goes back to the queue."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=200, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("Task-Worker")
        verbose_name_plural = _("Task-Worker")

    def __str__(self):
        return f"{self.host}:{self.pid}"
