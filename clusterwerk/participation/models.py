"""Beteiligung: consultations on a masterplan edition and what people contribute to them.

Contributions are tied to a plan element by its `lineage` (not by a row of one edition, and
not by a position in its text), so they stay attached when the text is edited or the element
is renamed or moved in the next edition.

A consultation runs through dated phases. Each phase declares what it allows (commenting,
rating, proposing, supporting); `Phase.allows` is asked by the services before every write, so
forms and API reject contributions outside the right phase alike.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import Actor, District
from clusterwerk.core.models import Cluster, DigestFrequency, ReportStatus, TimeStampedModel
from clusterwerk.masterplan.models import CHANGE_LABELS, Edition, ElementKind, Revision

# Elements a contribution can refer to (the plan tree below the edition).
ELEMENT_KINDS = (ElementKind.ACTION_FIELD, ElementKind.KEY_POINT, ElementKind.TOPIC_AREA)


class Audience(models.TextChoices):
    MEMBERS = "members", _("Mitglieder des Clusters")
    INVITED = "invited", _("eingeladene Personen")
    REGISTERED = "registered", _("alle Registrierten")


class Consultation(TimeStampedModel):
    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("Cluster")
    )
    edition = models.ForeignKey(
        Edition,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("Ausgabe des Masterplans"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kürzel für Adressen"), max_length=100, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    audience = models.CharField(
        _("Wer sich beteiligen darf"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.REGISTERED,
    )
    whole_plan = models.BooleanField(
        _("ganzer Masterplan"),
        default=True,
        help_text=_("Sonst nur die ausgewählten Handlungsfelder, Eckpunkte und Themenbereiche."),
    )
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )

    class Meta:
        verbose_name = _("Beteiligung")
        verbose_name_plural = _("Beteiligungen")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("participation:detail", args=[self.slug])


class ConsultationScope(models.Model):
    """One element under discussion when the consultation does not cover the whole plan
    (an action field or key point includes everything below it)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="scope")
    element_kind = models.CharField(_("Elementart"), max_length=20, choices=ElementKind.choices)
    lineage = models.UUIDField(_("Element (Kennung)"))

    class Meta:
        verbose_name = _("Gegenstand der Beteiligung")
        verbose_name_plural = _("Gegenstände der Beteiligung")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "lineage"], name="unique_consultation_scope"
            )
        ]

    def __str__(self):
        return f"{self.consultation_id}: {self.element_kind} {self.lineage}"


class PhaseKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    PARTICIPATION = "participation", _("Beteiligung")
    EVALUATION = "evaluation", _("Auswertung")
    RESULT = "result", _("Ergebnis")


class Action(models.TextChoices):
    COMMENT = "comment", _("kommentieren")
    RATE = "rate", _("bewerten")
    PROPOSE = "propose", _("Vorschläge machen")
    SUPPORT = "support", _("Vorschläge unterstützen")


# What each phase kind allows unless the phase says otherwise.
DEFAULT_ALLOWED = {
    PhaseKind.INFORMATION: (),
    PhaseKind.PARTICIPATION: (Action.COMMENT, Action.RATE, Action.PROPOSE, Action.SUPPORT),
    PhaseKind.EVALUATION: (),
    PhaseKind.RESULT: (),
}


class Phase(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("Phase"), max_length=20, choices=PhaseKind.choices)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    allows_comment = models.BooleanField(_("Kommentieren erlaubt"), default=False)
    allows_rate = models.BooleanField(_("Bewerten erlaubt"), default=False)
    allows_propose = models.BooleanField(_("Vorschläge erlaubt"), default=False)
    allows_support = models.BooleanField(_("Unterstützen erlaubt"), default=False)

    class Meta:
        verbose_name = _("Phase")
        verbose_name_plural = _("Phasen")
        ordering = ["consultation", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="phase_ends_after_start"
            )
        ]

    def __str__(self):
        start, end = (
            date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")
            for moment in (self.starts_at, self.ends_at)
        )
        return f"{self.get_kind_display()} ({start}–{end})"

    def allows(self, action: str) -> bool:
        return bool(getattr(self, f"allows_{action}"))

    def is_current(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at


class AffiliationType(models.TextChoices):
    COMPANY = "company", _("Unternehmen")
    CRAFT = "craft", _("Handwerk")
    SCIENCE = "science", _("Wissenschaft")
    NETWORK_CHAMBER = "network_chamber", _("Netzwerk/Kammer")
    ADMINISTRATION = "administration", _("Verwaltung")


class ParticipantProfile(models.Model):
    """How a person appears in consultations: a display name (a pseudonym is fine), an
    optional affiliation type and district (for the results), and the e-mail digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participant_profile"
    )
    display_name = models.CharField(_("Anzeigename"), max_length=60)
    affiliation_type = models.CharField(
        _("Art der Organisation"), max_length=20, choices=AffiliationType.choices, blank=True
    )
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Landkreis / kreisfreie Stadt"),
    )
    digest = models.CharField(
        _("E-Mail-Zusammenfassung"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )
    last_digest_at = models.DateTimeField(_("zuletzt zusammengefasst"), default=timezone.now)

    class Meta:
        verbose_name = _("Beteiligungsprofil")
        verbose_name_plural = _("Beteiligungsprofile")

    def __str__(self):
        return self.display_name


class Invitation(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_invites"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="unique_invitation")
        ]

    def __str__(self):
        return f"{self.user} → {self.consultation}"


class Follow(models.Model):
    """A person follows a consultation: phase changes are notified."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="unique_follow")
        ]

    def __str__(self):
        return f"{self.user} → {self.consultation}"


class Moderated(models.Model):
    """Hidden by a moderator, with a reason shown in place of the content."""

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
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Comment(Moderated):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    element_kind = models.CharField(_("Elementart"), max_length=20, choices=ElementKind.choices)
    element_lineage = models.UUIDField(_("Element (Kennung)"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("Antwort auf"),
    )
    proposal = models.ForeignKey(
        "Proposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("zum Vorschlag"),
        help_text=_("Leer: ein Kommentar zum Element; sonst zu diesem Vorschlag des Elements."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="consultation_comments",
        verbose_name=_("von"),
    )
    body = models.TextField(_("Kommentar"))
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(_("geschrieben am"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("bearbeitet am"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("gelöscht am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["consultation", "element_lineage"])]

    def __str__(self):
        return self.body[:60]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Priority(models.IntegerChoices):
    LOW = 1, _("niedrig")
    MEDIUM = 2, _("mittel")
    HIGH = 3, _("hoch")


class Rating(models.Model):
    """One person's rating of one element; changeable, never twice (unique constraint)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="ratings")
    element_kind = models.CharField(_("Elementart"), max_length=20, choices=ElementKind.choices)
    element_lineage = models.UUIDField(_("Element (Kennung)"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_ratings"
    )
    relevance = models.PositiveSmallIntegerField(
        _("Relevanz"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    priority = models.PositiveSmallIntegerField(
        _("Priorität für die kommenden Jahre"), choices=Priority.choices
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "element_lineage", "user"], name="one_rating_per_person"
            ),
            models.CheckConstraint(
                condition=Q(relevance__gte=1, relevance__lte=5), name="rating_relevance_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.relevance}/{self.priority}"


class ProposalKind(models.TextChoices):
    AMENDMENT = "amendment", _("Änderung eines Textes")
    NEW_TOPIC_AREA = "new_topic_area", _("neuer Themenbereich")


# Titles in a proposal's headline are cut to this many characters ("…" included).
HEADLINE_TITLE_LENGTH = 80


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("eingereicht")
    ACCEPTED = "accepted", _("angenommen")
    REJECTED = "rejected", _("abgelehnt")


# Texts of a plan element that an amendment may change.
AMENDABLE_FIELDS = {
    ElementKind.ACTION_FIELD: ("title", "intro"),
    ElementKind.KEY_POINT: ("title", "intro"),
    ElementKind.TOPIC_AREA: ("title", "goal", "description", "relevance", "potential"),
}


class Proposal(Moderated):
    """A change to a text of the plan (shown as a word diff) or a new topic area under a key
    point. Accepted proposals are applied to a draft edition with their provenance."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="proposals"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=ProposalKind.choices)
    element_kind = models.CharField(_("Elementart"), max_length=20, choices=ElementKind.choices)
    element_lineage = models.UUIDField(
        _("Element (Kennung)"),
        help_text=_("Bei einem neuen Themenbereich: der Eckpunkt, unter den er gehört."),
    )
    field = models.CharField(_("Textfeld"), max_length=20, blank=True)
    original_text = models.TextField(_("bisheriger Text"), blank=True)
    proposed_text = models.TextField(_("vorgeschlagener Text"))
    title = models.CharField(_("Titel"), max_length=300, blank=True)
    rationale = models.TextField(_("Begründung"), blank=True)
    # Where a proposal the management brought in comes from, in the plan's language (e.g.
    # "aus Foresight-Zyklus 2021, Item W-07"); applied, it is the revision's message.
    origin = models.CharField(_("Herkunft"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="consultation_proposals",
        verbose_name=_("von"),
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
    )
    created_at = models.DateTimeField(_("eingereicht am"), auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )
    decision_note = models.TextField(_("Begründung der Entscheidung"), blank=True)
    applied_revision = models.ForeignKey(
        Revision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("übernommen als Änderung"),
    )

    class Meta:
        verbose_name = _("Vorschlag")
        verbose_name_plural = _("Vorschläge")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"#{self.pk} {self.headline_for(None)}"

    def get_absolute_url(self):
        return reverse("participation:proposal", args=[self.consultation.slug, self.pk])

    def headline_for(self, element) -> str:
        """What the proposal proposes, in one line: „Änderung von „Ziel“ in 4.4.2 Wasserstoff“
        or „Neuer Themenbereich „Wasserstoff …“ unter 4.4“. `element` is the plan element it
        refers to (for a new topic area: its key point), anything with `number` and `title`;
        without it the number is left out."""
        if self.kind == ProposalKind.NEW_TOPIC_AREA:
            title = Truncator(self.title).chars(HEADLINE_TITLE_LENGTH)
            if element is None:
                return _("Neuer Themenbereich „%(title)s“") % {"title": title}
            return _("Neuer Themenbereich „%(title)s“ unter %(number)s") % {
                "title": title,
                "number": element.number,
            }
        place = f"{element.number} {element.title}" if element is not None else self.title
        return _("Änderung von „%(field)s“ in %(element)s") % {
            "field": CHANGE_LABELS.get(self.field, self.field),
            "element": Truncator(place).chars(HEADLINE_TITLE_LENGTH),
        }

    @property
    def headline(self) -> str:
        """`headline_for` the `element` a query attached (see `proposals_with_supports`)."""
        return self.headline_for(getattr(self, "element", None))


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_person")
        ]

    def __str__(self):
        return f"{self.user} → #{self.proposal_id}"


class ContentReport(models.Model):
    """A participant reports a comment or proposal to the moderators."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("Grund"), max_length=300)
    status = models.CharField(
        _("Status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(_("gemeldet am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(comment__isnull=False, proposal__isnull=True)
                | Q(comment__isnull=True, proposal__isnull=False),
                name="report_targets_one_contribution",
            )
        ]

    def __str__(self):
        return self.reason


class ParticipationBlock(models.Model):
    """A person blocked from contributing to the cluster's consultations."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participation_blocks"
    )
    reason = models.CharField(_("Grund"), max_length=300)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Sperre")
        verbose_name_plural = _("Sperren")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "user"], name="unique_participation_block")
        ]

    def __str__(self):
        return f"{self.user} ({self.cluster})"


class ModerationAction(models.TextChoices):
    HIDE = "hide", _("ausgeblendet")
    SHOW = "show", _("wieder eingeblendet")
    BLOCK = "block", _("gesperrt")
    UNBLOCK = "unblock", _("entsperrt")
    DISMISS = "dismiss", _("Meldung verworfen")


class ModerationLogEntry(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("Aktion"), max_length=10, choices=ModerationAction.choices)
    target = models.CharField(_("betrifft"), max_length=200)
    reason = models.CharField(_("Grund"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("am"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Moderationsprotokoll")
        verbose_name_plural = _("Moderationsprotokoll")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.target}"


class Interview(TimeStampedModel):
    """A stakeholder interview recorded by the cluster management."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="interviews")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.SET_NULL, null=True, blank=True, related_name="interviews"
    )
    held_on = models.DateField(_("Datum"))
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="interviews", verbose_name=_("Akteur")
    )
    interviewee_function = models.CharField(_("Funktion der befragten Person"), max_length=200)
    topic_lineages = models.JSONField(_("Themenbereiche"), default=list, blank=True)
    situation = models.TextField(_("Ausgangslage"), blank=True)
    needs = models.TextField(_("Bedarfe"), blank=True)
    suggestions = models.TextField(_("Anregungen für den Masterplan"), blank=True)
    consent_to_quote = models.BooleanField(_("Einverständnis zum Zitieren"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Experteninterview")
        verbose_name_plural = _("Experteninterviews")
        ordering = ["-held_on", "-id"]


class Workshop(TimeStampedModel):
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="workshops")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.SET_NULL, null=True, blank=True, related_name="workshops"
    )
    title = models.CharField(_("Titel"), max_length=200)
    held_on = models.DateField(_("Datum"))
    participant_count = models.PositiveIntegerField(_("Teilnehmende"), default=0)
    participants = models.ManyToManyField(
        Actor, blank=True, related_name="workshops", verbose_name=_("beteiligte Akteure")
    )
    minutes = models.TextField(_("Protokoll"), blank=True)
    proposals = models.ManyToManyField(
        Proposal, blank=True, related_name="workshops", verbose_name=_("verknüpfte Vorschläge")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Workshop")
        verbose_name_plural = _("Workshops")
        ordering = ["-held_on", "-id"]


class NotificationKind(models.TextChoices):
    REPLY = "reply", _("Antwort auf Ihren Kommentar")
    DECISION = "decision", _("Entscheidung über Ihren Vorschlag")
    PHASE = "phase", _("Phasenwechsel einer Beteiligung")
    MODERATION = "moderation", _("Moderation Ihres Beitrags")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participation_notes"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=NotificationKind.choices)
    text = models.CharField(_("Text"), max_length=500)
    url = models.CharField(_("Adresse"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Phase notices are created once per phase and follower.
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "phase"],
                condition=Q(phase__isnull=False),
                name="one_phase_notice_per_person",
            )
        ]

    def __str__(self):
        return self.text
