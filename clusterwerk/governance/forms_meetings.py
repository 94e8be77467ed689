"""Forms of the meeting page and its parts: the meeting itself, agenda items, attendance,
minutes, decisions (and a recommendation's proposal for the Fortschreibung), action items and
their status (the document upload and the error helper are in `forms_common`). The services
check everything again; the forms give the inputs labels and keep what was typed when the page
comes back with German messages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterwerk.events.models import Event
from clusterwerk.foresight.forms_gaps import GapProposalForm
from clusterwerk.foresight.models import Item as ForesightItem
from clusterwerk.governance.forms_common import DATE
from clusterwerk.governance.models import ActionStatus, DecisionKind, DecisionMode, Response
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.participation.models import Consultation, Proposal
from clusterwerk.projects.models import Project

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXTAREA = forms.Textarea(attrs={"rows": 4})
DATETIME_ERRORS = {
    "required": _("Bitte Datum und Uhrzeit angeben."),
    "invalid": _("Bitte Datum und Uhrzeit im Format JJJJ-MM-TTTHH:MM angeben."),
}
MAX_CHOICES = 300


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MeetingForm(VersionMixin):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie einen Titel an.")},
    )
    starts_at = forms.DateTimeField(
        label=_("Beginn"), widget=DATETIME, error_messages=DATETIME_ERRORS
    )
    ends_at = forms.DateTimeField(label=_("Ende"), widget=DATETIME, error_messages=DATETIME_ERRORS)
    place = forms.CharField(
        label=_("Ort"),
        max_length=300,
        required=False,
        help_text=_("Ort oder Online-Zugang – mindestens eins von beiden."),
    )
    online_url = forms.URLField(
        label=_("Online-Zugang"), max_length=500, required=False, assume_scheme="https"
    )

    def data_for_service(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("title", "starts_at", "ends_at", "place", "online_url")
        }


def _choices(rows, label) -> list[tuple[str, str]]:
    return [("", "–")] + [(str(row.pk), label(row)) for row in rows[:MAX_CHOICES]]


class LinksMixin(forms.Form):
    """The links to other parts of the cluster: a topic area of the published plan, a project,
    a proposal, a foresight item, an event."""

    topic = forms.ChoiceField(label=_("Themenbereich"), required=False)
    project = forms.ChoiceField(label=_("Projekt"), required=False)
    proposal = forms.ChoiceField(label=_("Vorschlag aus einer Beteiligung"), required=False)
    foresight_item = forms.ChoiceField(label=_("Foresight-Item"), required=False)
    event = forms.ChoiceField(label=_("Veranstaltung"), required=False)

    def add_link_choices(self, cluster, current: dict | None = None) -> None:
        catalogue = topic_catalogue(cluster)
        self.fields["topic"].choices = [("", "–")] + [
            (number, catalogue.label(number)) for number in catalogue.numbers()
        ]
        current = current or {}

        def with_current(queryset, key):
            rows = list(queryset[:MAX_CHOICES])
            if current.get(key) and all(row.pk != current[key] for row in rows):
                rows += list(queryset.model.objects.filter(pk=current[key]))
            return rows

        self.fields["project"].choices = _choices(
            with_current(Project.objects.filter(cluster=cluster).order_by("title"), "project"),
            lambda p: p.title,
        )
        self.fields["proposal"].choices = _choices(
            with_current(
                Proposal.objects.filter(consultation__cluster=cluster).order_by("-id"), "proposal"
            ),
            lambda p: f"#{p.pk} {p.title}"[:120],
        )
        self.fields["foresight_item"].choices = _choices(
            with_current(
                ForesightItem.objects.filter(cycle__cluster=cluster)
                .select_related("cycle")
                .order_by("-cycle__year", "key"),
                "foresight_item",
            ),
            lambda i: f"{i.cycle.year} {i.key} {i.title}"[:120],
        )
        self.fields["event"].choices = _choices(
            with_current(Event.objects.filter(cluster=cluster).order_by("-starts_at"), "event"),
            lambda e: f"{timezone.localtime(e.starts_at):%d.%m.%Y} {e.title}"[:120],
        )

    def link_data(self) -> dict:
        return {
            name: self.cleaned_data.get(name) or None
            for name in ("topic", "project", "proposal", "foresight_item", "event")
        }


class AgendaItemForm(LinksMixin):
    title = forms.CharField(
        label=_("Tagesordnungspunkt"),
        max_length=300,
        error_messages={"required": _("Bitte geben Sie den Tagesordnungspunkt an.")},
    )
    description = forms.CharField(
        label=_("Erläuterung"), widget=TEXTAREA, max_length=10000, required=False
    )
    presenter = forms.CharField(label=_("Berichterstattung"), max_length=200, required=False)

    field_order = ["title", "description", "presenter"]

    def __init__(self, *args, cluster, current: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_link_choices(cluster, current)

    def data_for_service(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ("title", "description", "presenter")}
        data.update(self.link_data())
        return data


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Anwesend waren"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(member.pk), member.name) for member in members]


class MinutesForm(VersionMixin):
    minutes = forms.CharField(
        label=_("Protokoll"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=100_000,
        error_messages={"required": _("Bitte geben Sie das Protokoll ein.")},
    )


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        choices=[(Response.ACCEPTED, _("Zusage")), (Response.DECLINED, _("Absage"))],
        error_messages={"required": _("Bitte sagen Sie zu oder ab.")},
    )


class DecisionForm(LinksMixin):
    kind = forms.ChoiceField(
        label=_("Art"), choices=DecisionKind.choices, initial=DecisionKind.DECISION
    )
    text = forms.CharField(
        label=_("Wortlaut"),
        widget=TEXTAREA,
        max_length=10000,
        error_messages={"required": _("Bitte geben Sie den Wortlaut des Beschlusses an.")},
    )
    mode = forms.ChoiceField(
        label=_("Zustandekommen"),
        choices=DecisionMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie: Abstimmung oder Konsens.")},
    )
    votes_yes = forms.IntegerField(
        label=_("Ja-Stimmen (bei Abstimmung)"), min_value=0, required=False
    )
    votes_no = forms.IntegerField(
        label=_("Nein-Stimmen (bei Abstimmung)"), min_value=0, required=False
    )
    votes_abstain = forms.IntegerField(
        label=_("Enthaltungen (bei Abstimmung)"), min_value=0, required=False
    )
    agenda_item = forms.ChoiceField(label=_("zum Tagesordnungspunkt"), required=False)

    field_order = ["kind", "text", "mode", "votes_yes", "votes_no", "votes_abstain", "agenda_item"]

    def __init__(self, *args, meeting, current: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].choices = [("", "–")] + [
            (str(item.pk), f"TOP {item.order}: {item.title}"[:120]) for item in meeting.agenda.all()
        ]
        self.add_link_choices(meeting.body.cluster, current)

    def data_for_service(self) -> dict:
        names = ("kind", "text", "mode", "votes_yes", "votes_no", "votes_abstain", "agenda_item")
        data = {name: self.cleaned_data.get(name) for name in names}
        data["agenda_item"] = data["agenda_item"] or None
        data.update(self.link_data())
        return data


class RecommendationProposalForm(GapProposalForm):
    """The foresight's gap → proposal form, for a recommendation: the cluster's consultations
    (not on an archived edition), the element, the field, the text."""

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, cluster=cluster, **kwargs)
        self.consultations = {
            consultation.slug: consultation
            for consultation in Consultation.objects.filter(cluster=cluster)
            .exclude(edition__status=EditionStatus.ARCHIVED)
            .select_related("edition")
        }
        self.fields["consultation"].choices = [
            (slug, consultation.title) for slug, consultation in self.consultations.items()
        ]


class ActionItemForm(VersionMixin):
    title = forms.CharField(
        label=_("Aufgabe"),
        max_length=300,
        error_messages={"required": _("Bitte beschreiben Sie die Aufgabe.")},
    )
    description = forms.CharField(
        label=_("Erläuterung"), widget=TEXTAREA, max_length=10000, required=False
    )
    owner = forms.ChoiceField(
        label=_("verantwortlich"),
        error_messages={
            "required": _("Bitte geben Sie an, wer die Aufgabe übernimmt."),
            "invalid_choice": _(
                "Eine Aufgabe übernimmt ein Mitglied des Gremiums oder das Clustermanagement."
            ),
        },
    )
    due_on = forms.DateField(
        label=_("fällig am"),
        widget=DATE,
        error_messages={
            "required": _("Bitte geben Sie an, bis wann die Aufgabe erledigt sein soll."),
            "invalid": _("Bitte ein Datum im Format JJJJ-MM-TT angeben."),
        },
    )
    decision = forms.ChoiceField(label=_("zum Beschluss"), required=False)

    def __init__(self, *args, meeting, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "–")] + [(str(pk), name) for pk, name in owners]
        self.fields["decision"].choices = [("", "–")] + [
            (str(decision.pk), decision.text[:100]) for decision in meeting.decisions.all()
        ]

    def data_for_service(self) -> dict:
        data = {
            name: self.cleaned_data.get(name)
            for name in ("title", "description", "owner", "due_on", "decision")
        }
        data["decision"] = data["decision"] or None
        return data


class ActionStatusForm(VersionMixin):
    status = forms.ChoiceField(label=_("Stand"), choices=ActionStatus.choices)
