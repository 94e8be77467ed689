"""The cluster's bodies at work (masterplan 2.5 and chapter 7): Clustersprecher, the
Strategischer Beirat, the Erweiterte Steuerungsrunde and Technologie-Expertenkreise – each
configurable per cluster – with their members and functions, meetings (agenda, documents,
invitations with iCal, attendance, minutes), decisions and action items, and a members-only
space per body (documents and a discussion).

Everything of a body is for its members and the cluster management only; a decision is made
public one by one (`Decision.is_published`). The body's name, description, members and chair
are on the public cluster profile when `Body.is_public`.

A member is a person (`name`, optionally the `user` account that opens the members-only space)
for an organisation of the directory (`actor`), in a `function`, for a term of office. Members
can be taken over from the directory's board seats (`actors.BodySeat`, organisation-level):
`seat` remembers where a member came from.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import Actor, BodySeat, ClusterBody
from clusterwerk.core.models import Cluster, TimeStampedModel
from clusterwerk.events.models import Event
from clusterwerk.foresight.models import Item as ForesightItem
from clusterwerk.participation.models import Proposal
from clusterwerk.projects.models import Project

MAX_DOCUMENT_MB = 10


class BodyKind(models.TextChoices):
    SPOKESPERSONS = "spokespersons", _("Clustersprecher")
    ADVISORY_BOARD = "advisory_board", _("Strategischer Beirat")
    STEERING_GROUP = "steering_group", _("Erweiterte Steuerungsrunde")
    EXPERT_CIRCLE = "expert_circle", _("Technologie-Expertenkreis")


# Which kind of the directory's board seats a body of each kind takes its members from.
SEAT_BODY = {
    BodyKind.SPOKESPERSONS: ClusterBody.SPOKESPERSON,
    BodyKind.ADVISORY_BOARD: ClusterBody.ADVISORY_BOARD,
    BodyKind.STEERING_GROUP: ClusterBody.STEERING_GROUP,
}


class Body(TimeStampedModel):
    """One body of a cluster. Names and descriptions in German, optionally in English (for the
    public profile; `*_en` empty = only in German)."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField(_("Art"), max_length=20, choices=BodyKind.choices)
    slug = models.SlugField(_("Kürzel für Adressen"), max_length=80)
    name = models.CharField(_("Name"), max_length=200)
    name_en = models.CharField(_("Name (englisch)"), max_length=200, blank=True)
    name_genitive = models.CharField(
        _("Name im Genitiv"),
        max_length=200,
        blank=True,
        help_text=_("Für die Funktion an Beiträgen: „des Strategischen Beirats“."),
    )
    description = models.TextField(_("Aufgabe des Gremiums"), blank=True)
    description_en = models.TextField(_("Aufgabe des Gremiums (englisch)"), blank=True)
    is_public = models.BooleanField(
        _("im öffentlichen Clusterprofil zeigen"),
        default=True,
        help_text=_("Name, Aufgabe, Mitglieder und Vorsitz – nie Sitzungen oder Dokumente."),
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        ordering = ["cluster", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "slug"], name="unique_body_slug"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:body", args=[self.slug])

    @property
    def seat_body(self) -> str:
        """The directory's seat kind this body's members come from ('' for expert circles)."""
        return SEAT_BODY.get(self.kind, "")


class MemberFunction(models.TextChoices):
    CHAIR = "chair", _("Vorsitz")
    DEPUTY_CHAIR = "deputy_chair", _("Stellvertretender Vorsitz")
    SPOKESPERSON = "spokesperson", _("Clustersprecher/in")
    MEMBER = "member", _("Mitglied")
    GUEST = "guest", _("Ständiger Gast")


class Sector(models.TextChoices):
    """Where a member comes from (masterplan 2.5: the Beirat's composition)."""

    BUSINESS = "business", _("Wirtschaft")
    ASSOCIATION = "association", _("Kammern und Verbände")
    NETWORK = "network", _("Netzwerke")
    SOCIAL_PARTNER = "social_partner", _("Sozialpartner")
    RESEARCH = "research", _("Wissenschaft und Forschung")
    ADMINISTRATION = "administration", _("Verwaltung und Politik")


def in_term(day: datetime.date | None = None) -> models.Q:
    """Memberships (`BodyMember` rows) whose term of office includes `day` (today)."""
    day = day or timezone.localdate()
    return models.Q(term_start__lte=day) & (
        models.Q(term_end__isnull=True) | models.Q(term_end__gte=day)
    )


class BodyMember(models.Model):
    """A person's membership in a body for a term of office."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("Name"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_memberships",
        verbose_name=_("Benutzerkonto"),
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_members",
        verbose_name=_("Organisation"),
    )
    seat = models.ForeignKey(
        BodySeat,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("Sitz im Verzeichnis"),
    )
    function = models.CharField(
        _("Funktion"), max_length=20, choices=MemberFunction.choices, default=MemberFunction.MEMBER
    )
    sector = models.CharField(_("Bereich"), max_length=20, choices=Sector.choices, blank=True)
    term_start = models.DateField(_("Amtszeit ab"))
    term_end = models.DateField(_("Amtszeit bis"), null=True, blank=True)
    show_badge = models.BooleanField(
        _("Funktion bei Beiträgen in Beteiligungen zeigen"),
        default=False,
        help_text=_("Entscheidet das Mitglied selbst."),
    )
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)

    class Meta:
        verbose_name = _("Mitglied eines Gremiums")
        verbose_name_plural = _("Mitglieder von Gremien")
        ordering = ["body", "function", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="body_member_term_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_function_display()}, {self.body})"

    def is_active(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.term_start <= day and (self.term_end is None or self.term_end >= day)

    @property
    def badge(self) -> str:
        """ "Mitglied des Strategischen Beirats" – shown with contributions."""
        if self.body.name_genitive:
            return f"{self.get_function_display()} {self.body.name_genitive}"
        return f"{self.get_function_display()} – {self.body.name}"


class MeetingStatus(models.TextChoices):
    PREPARATION = "preparation", _("in Vorbereitung")
    INVITED = "invited", _("eingeladen")
    HELD = "held", _("durchgeführt")
    CANCELLED = "cancelled", _("abgesagt")


class Meeting(TimeStampedModel):
    """A meeting (Sitzung) of a body."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("Titel"), max_length=200)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    place = models.CharField(_("Ort"), max_length=300, blank=True)
    online_url = models.URLField(_("Online-Zugang"), max_length=500, blank=True)
    status = models.CharField(
        _("Stand"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PREPARATION
    )
    invitations_sent_at = models.DateTimeField(_("Einladung versandt am"), null=True, blank=True)
    minutes = models.TextField(_("Protokoll"), blank=True)
    minutes_approved_at = models.DateTimeField(_("Protokoll freigegeben am"), null=True, blank=True)
    version = models.PositiveIntegerField(_("Bearbeitungsstand"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_demo = models.BooleanField(_("Demo-Datensatz"), default=False, db_index=True)

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:meeting", args=[self.body.slug, self.pk])


class Linked(models.Model):
    """What an agenda item or a decision is about: a topic area (by lineage), a project, a
    proposal, a foresight item, an event – each optional, all of the body's cluster."""

    topic_lineage = models.UUIDField(_("Themenbereich (Kennung)"), null=True, blank=True)
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    foresight_item = models.ForeignKey(
        ForesightItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True


class AgendaItem(Linked):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("TOP"), default=1)
    title = models.CharField(_("Tagesordnungspunkt"), max_length=300)
    description = models.TextField(_("Erläuterung"), blank=True)
    presenter = models.CharField(_("Berichterstattung"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnung")
        ordering = ["meeting", "order", "id"]

    def __str__(self):
        return f"TOP {self.order}: {self.title}"


class Document(models.Model):
    """A PDF of a body: for one meeting (`meeting` set) or the body's space. Members only;
    served through the access funnel."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="documents")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    title = models.CharField(_("Titel"), max_length=300)
    filename = models.CharField(_("Dateiname"), max_length=200)
    content = models.BinaryField(_("Inhalt"), editable=False)
    size = models.PositiveIntegerField(_("Größe (Byte)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.title


class Response(models.TextChoices):
    OPEN = "open", _("keine Rückmeldung")
    ACCEPTED = "accepted", _("Zusage")
    DECLINED = "declined", _("Absage")


class Attendance(models.Model):
    """A member's invitation to a meeting, their answer and – after it – their presence."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(BodyMember, on_delete=models.CASCADE, related_name="attendance")
    invited_at = models.DateTimeField(_("eingeladen am"), null=True, blank=True)
    response = models.CharField(
        _("Rückmeldung"), max_length=10, choices=Response.choices, default=Response.OPEN
    )
    present = models.BooleanField(_("anwesend"), null=True, blank=True)

    class Meta:
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        ordering = ["meeting", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="unique_attendance"),
        ]

    def __str__(self):
        return f"{self.member.name} – {self.meeting}"


class DecisionMode(models.TextChoices):
    VOTE = "vote", _("Abstimmung")
    CONSENSUS = "consensus", _("Konsens")


class DecisionKind(models.TextChoices):
    DECISION = "decision", _("Beschluss")
    RECOMMENDATION = "recommendation", _("Empfehlung zur Fortschreibung des Masterplans")


class Decision(Linked):
    """A decision (Beschluss) or recommendation of a meeting. Members only until published."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    kind = models.CharField(
        _("Art"), max_length=20, choices=DecisionKind.choices, default=DecisionKind.DECISION
    )
    text = models.TextField(_("Wortlaut"))
    mode = models.CharField(_("Zustandekommen"), max_length=20, choices=DecisionMode.choices)
    votes_yes = models.PositiveSmallIntegerField(_("Ja-Stimmen"), null=True, blank=True)
    votes_no = models.PositiveSmallIntegerField(_("Nein-Stimmen"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("Enthaltungen"), null=True, blank=True)
    is_published = models.BooleanField(_("veröffentlicht"), default=False)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    resulting_proposal = models.ForeignKey(
        Proposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("daraus entstandener Vorschlag"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        ordering = ["meeting", "id"]

    def __str__(self):
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("offen")
    IN_PROGRESS = "in_progress", _("in Arbeit")
    DONE = "done", _("erledigt")
    DROPPED = "dropped", _("entfallen")


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionItem(models.Model):
    """An action item (Aufgabe) from a meeting: an owner, a due date no earlier than the
    meeting, a status; reminders from the task queue before and after the due date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items"
    )
    title = models.CharField(_("Aufgabe"), max_length=300)
    description = models.TextField(_("Erläuterung"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="governance_action_items",
        verbose_name=_("verantwortlich"),
    )
    owner_name = models.CharField(_("verantwortlich (Name)"), max_length=200)
    due_on = models.DateField(_("fällig am"))
    status = models.CharField(
        _("Stand"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("zuletzt erinnert am"), null=True, blank=True)
    version = models.PositiveIntegerField(_("Bearbeitungsstand"), default=1)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.title

    def is_overdue(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.status in OPEN_ACTION_STATUSES and self.due_on < day


class Post(models.Model):
    """A contribution to a body's members-only discussion."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="posts")
    reply_to = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("Beitrag"))
    created_at = models.DateTimeField(_("geschrieben am"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("bearbeitet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Diskussionsbeitrag")
        verbose_name_plural = _("Diskussionsbeiträge")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]
