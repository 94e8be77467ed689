"""Forms of the organisers' pages: an event, a contingent, a registration question, a
cancellation. They turn HTML input into the services' data format (`services.events`) and put
the services' German errors back on the inputs; the services validate."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import Actor, ActorKind, ActorStatus
from clusterwerk.actors.permissions import directory_condition
from clusterwerk.actors.queries import district_choice_groups
from clusterwerk.core.models import Cluster
from clusterwerk.core.widgets import use_picker
from clusterwerk.events.models import (
    DEFAULT_OFFER_HOURS,
    DEFAULT_TIME_ZONE,
    Audience,
    EventFormat,
    EventLanguage,
    EventSeries,
    QuestionKind,
)
from clusterwerk.events.services.events import MAX_REASON
from clusterwerk.masterplan.forms import use_topic_picker
from clusterwerk.masterplan.queries import TopicCatalogue

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# Organisations that usually co-organise (chambers, universities, institutes, networks …);
# companies are left out of the choice to keep it short – the API takes any directory actor.
ORGANISER_KINDS = [
    kind for kind in ActorKind.values if kind not in (ActorKind.COMPANY, ActorKind.CRAFT_BUSINESS)
]
# Service keys that the form shows as two inputs (date and time).
SERVICE_FIELD_MAP = {"starts_at": "start_date", "ends_at": "end_date"}


class OpenMultipleChoiceField(forms.MultipleChoiceField):
    """Offers choices but lets any value through: the services name unknown values."""

    def valid_value(self, value):
        return True


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put the services' errors on the matching inputs, the rest on top."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, messages in error.message_dict.items():
        name = SERVICE_FIELD_MAP.get(key.split(".")[0], key.split(".")[0])
        field = name if name in form.fields and not form.fields[name].disabled else None
        for message in messages:
            form.add_error(field, message)


def _local(value: str | None, zone: str) -> datetime.datetime | None:
    if not value:
        return None
    parsed = datetime.datetime.fromisoformat(value)
    return parsed.replace(tzinfo=None) if timezone.is_aware(parsed) else parsed


def organiser_choices(cluster: Cluster, selected=()) -> list:
    """Directory actors that may co-organise, grouped by kind (the selected ones always)."""
    actors = (
        Actor.objects.filter(directory_condition(cluster))
        .exclude(status=ActorStatus.ARCHIVED)
        .filter(kind__in=ORGANISER_KINDS)
    )
    rows = list(actors.values_list("pk", "name", "kind"))
    missing = {int(pk) for pk in selected if str(pk).isdigit()} - {pk for pk, *_ in rows}
    if missing:
        rows += list(Actor.objects.filter(pk__in=missing).values_list("pk", "name", "kind"))
    labels = dict(ActorKind.choices)
    groups: dict[str, list] = {}
    for pk, name, kind in sorted(rows, key=lambda row: (str(labels[row[2]]), row[1])):
        groups.setdefault(str(labels[kind]), []).append((str(pk), name))
    return list(groups.items())


class EventForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", "–"), *EventFormat.choices],
        error_messages={"required": _("Bitte wählen Sie das Format.")},
    )
    series = forms.ChoiceField(label=_("Reihe"), required=False)
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie einen Titel an.")},
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text=_("Worum geht es, für wen ist es, was nehmen die Teilnehmenden mit?"),
    )
    topics = OpenMultipleChoiceField(
        label=_("Themenbereiche des Masterplans"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(
        label=_("Datum"),
        widget=DATE,
        error_messages={"required": _("Bitte geben Sie das Datum an.")},
    )
    start_time = forms.TimeField(
        label=_("Beginn (Uhrzeit)"),
        widget=TIME,
        error_messages={"required": _("Bitte geben Sie die Uhrzeit des Beginns an.")},
    )
    end_date = forms.DateField(
        label=_("Letzter Tag"),
        widget=DATE,
        required=False,
        help_text=_("Nur bei mehrtägigen Veranstaltungen; sonst leer lassen."),
    )
    end_time = forms.TimeField(
        label=_("Ende (Uhrzeit)"),
        widget=TIME,
        error_messages={"required": _("Bitte geben Sie die Uhrzeit des Endes an.")},
    )
    venue_name = forms.CharField(label=_("Veranstaltungsort"), required=False, max_length=200)
    street = forms.CharField(label=_("Straße und Hausnummer"), required=False, max_length=200)
    postal_code = forms.CharField(
        label=_("Postleitzahl"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    municipality = forms.CharField(label=_("Ort"), required=False, max_length=120)
    district = forms.ChoiceField(label=_("Landkreis / kreisfreie Stadt"), required=False)
    online_url = forms.CharField(
        label=_("Online-Zugang"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"inputmode": "url"}),
        help_text=_("Nur angemeldete Teilnehmende und die Veranstalter sehen diesen Link."),
    )
    co_organisers = OpenMultipleChoiceField(
        label=_("Mitveranstalter"),
        required=False,
        help_text=_(
            "Ihre Vertreterinnen und Vertreter verwalten diese Veranstaltung mit (nur diese)."
        ),
    )
    partner_clusters = OpenMultipleChoiceField(
        label=_("Partnercluster"), required=False, widget=forms.CheckboxSelectMultiple
    )
    language = forms.ChoiceField(
        label=_("Sprache"), choices=EventLanguage.choices, initial=EventLanguage.GERMAN
    )
    is_public = forms.BooleanField(
        label=_("Öffentlich (sonst nur für Mitglieder des Clusters)"),
        required=False,
        initial=True,
    )
    registration_enabled = forms.BooleanField(
        label=_("Anmeldung über die Plattform"), required=False, initial=True
    )
    registration_opens_at = forms.DateTimeField(
        label=_("Anmeldung ab"), required=False, widget=DATETIME
    )
    registration_closes_at = forms.DateTimeField(
        label=_("Anmeldeschluss"), required=False, widget=DATETIME
    )
    cancellation_deadline = forms.DateTimeField(
        label=_("Abmeldung möglich bis"),
        required=False,
        widget=DATETIME,
        help_text=_("Leer: bis zum Beginn der Veranstaltung."),
    )
    requires_approval = forms.BooleanField(
        label=_("Anmeldungen werden von den Veranstaltern bestätigt"), required=False
    )
    offer_hours = forms.IntegerField(
        label=_("Frist für Nachrückplätze (Stunden)"),
        initial=DEFAULT_OFFER_HOURS,
        min_value=1,
        max_value=14 * 24,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("So lange gilt ein angebotener Platz von der Warteliste."),
    )
    time_zone = forms.CharField(
        label=_("Zeitzone"), initial=DEFAULT_TIME_ZONE, max_length=60, required=False
    )

    def __init__(
        self,
        *args,
        cluster: Cluster,
        catalogue: TopicCatalogue,
        may_set_organisers: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["series"].choices = [
            ("", _("keine")),
            *EventSeries.objects.filter(cluster=cluster).values_list("slug", "title"),
        ]
        use_topic_picker(self.fields["topics"], catalogue)
        self.fields["district"].choices = [("", "–"), *district_choice_groups()]
        selected = self.data.getlist("co_organisers") if self.is_bound else []
        selected = [*selected, *(self.initial.get("co_organisers") or [])]
        use_picker(
            self.fields["co_organisers"],
            organiser_choices(cluster, selected),
            filter_label=_("Organisationen filtern"),
        )
        self.fields["partner_clusters"].choices = list(
            Cluster.objects.exclude(pk=cluster.pk).order_by("name").values_list("slug", "name")
        )
        if not may_set_organisers:
            self.fields["co_organisers"].disabled = True
            self.fields["co_organisers"].help_text = _(
                "Die Mitveranstalter legt das Clustermanagement fest."
            )
        self.may_set_organisers = may_set_organisers

    def clean(self):
        cleaned = super().clean()
        start_date, start_time = cleaned.get("start_date"), cleaned.get("start_time")
        end_date, end_time = cleaned.get("end_date") or start_date, cleaned.get("end_time")
        complete = start_date and start_time and end_date and end_time
        if complete and datetime.datetime.combine(end_date, end_time) < datetime.datetime.combine(
            start_date, start_time
        ):
            self.add_error("end_time", _("Das Ende liegt vor dem Beginn."))
        return cleaned

    def data_for_services(self) -> dict:
        data = self.cleaned_data

        def moment(value: datetime.datetime | None) -> str | None:
            if value is None:
                return None
            if timezone.is_aware(value):
                value = timezone.make_naive(value)
            return value.strftime("%Y-%m-%dT%H:%M")

        start_date = data.get("start_date")
        end_date = data.get("end_date") or start_date
        values = {
            "format": data.get("format", ""),
            "series": data.get("series", ""),
            "title": data.get("title", ""),
            "description": data.get("description", ""),
            "topics": list(data.get("topics") or []),
            "starts_at": moment(datetime.datetime.combine(start_date, data["start_time"]))
            if start_date and data.get("start_time")
            else None,
            "ends_at": moment(datetime.datetime.combine(end_date, data["end_time"]))
            if end_date and data.get("end_time")
            else None,
            "time_zone": data.get("time_zone") or DEFAULT_TIME_ZONE,
            "venue_name": data.get("venue_name", ""),
            "street": data.get("street", ""),
            "postal_code": data.get("postal_code", ""),
            "municipality": data.get("municipality", ""),
            "district": data.get("district", ""),
            "online_url": data.get("online_url", ""),
            "partner_clusters": list(data.get("partner_clusters") or []),
            "language": data.get("language", ""),
            "is_public": bool(data.get("is_public")),
            "registration_enabled": bool(data.get("registration_enabled")),
            "registration_opens_at": moment(data.get("registration_opens_at")),
            "registration_closes_at": moment(data.get("registration_closes_at")),
            "cancellation_deadline": moment(data.get("cancellation_deadline")),
            "requires_approval": bool(data.get("requires_approval")),
            "offer_hours": data.get("offer_hours"),
        }
        if self.may_set_organisers:
            values["co_organisers"] = [int(pk) for pk in data.get("co_organisers") or [] if pk]
        return values

    def sections(self):
        groups = [
            (_("Worum es geht"), ["format", "series", "title", "description", "topics"]),
            (_("Wann"), ["start_date", "start_time", "end_date", "end_time"]),
            (
                _("Wo"),
                ["venue_name", "street", "postal_code", "municipality", "district", "online_url"],
            ),
            (
                _("Wer"),
                ["co_organisers", "partner_clusters", "language", "is_public"],
            ),
            (
                _("Anmeldung"),
                [
                    "registration_enabled",
                    "registration_opens_at",
                    "registration_closes_at",
                    "cancellation_deadline",
                    "requires_approval",
                    "offer_hours",
                    "time_zone",
                ],
            ),
        ]
        # An input without anything to choose (no other cluster) is left out.
        hidden = {"partner_clusters"} if not self.fields["partner_clusters"].choices else set()
        return [
            (title, [self[name] for name in names if name not in hidden]) for title, names in groups
        ]


def event_initial(data: dict, version: int) -> dict:
    """The services' event data (`event_data`) as the form's initial values."""
    zone = data.get("time_zone") or DEFAULT_TIME_ZONE
    starts = _local(data.get("starts_at"), zone)
    ends = _local(data.get("ends_at"), zone)
    return {
        **{
            key: value
            for key, value in data.items()
            if key not in ("starts_at", "ends_at", "co_organisers")
        },
        "co_organisers": [str(pk) for pk in data.get("co_organisers") or []],
        "start_date": starts.date() if starts else None,
        "start_time": starts.time() if starts else None,
        "end_date": ends.date() if ends and starts and ends.date() != starts.date() else None,
        "end_time": ends.time() if ends else None,
        "registration_opens_at": _local(data.get("registration_opens_at"), zone),
        "registration_closes_at": _local(data.get("registration_closes_at"), zone),
        "cancellation_deadline": _local(data.get("cancellation_deadline"), zone),
        "version": version,
    }


class TicketTypeForm(forms.Form):
    name = forms.CharField(
        label=_("Bezeichnung"),
        max_length=120,
        error_messages={"required": _("Bitte geben Sie eine Bezeichnung an.")},
    )
    audience = forms.ChoiceField(label=_("Zielgruppe"), choices=Audience.choices)
    capacity = forms.IntegerField(
        label=_("Plätze"),
        min_value=1,
        max_value=100_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": _("Bitte die Zahl der Plätze angeben.")},
    )
    waitlist_enabled = forms.BooleanField(label=_("Warteliste"), required=False, initial=True)
    description = forms.CharField(label=_("Hinweis"), required=False, max_length=300)

    def data_for_services(self) -> dict:
        return {
            "name": self.cleaned_data["name"],
            "audience": self.cleaned_data["audience"],
            "capacity": self.cleaned_data["capacity"],
            "waitlist_enabled": bool(self.cleaned_data.get("waitlist_enabled")),
            "description": self.cleaned_data.get("description", ""),
        }


class QuestionForm(forms.Form):
    label = forms.CharField(
        label=_("Frage"),
        max_length=300,
        error_messages={"required": _("Bitte geben Sie die Frage an.")},
    )
    kind = forms.ChoiceField(label=_("Art"), choices=QuestionKind.choices)
    choices = forms.CharField(
        label=_("Auswahlmöglichkeiten"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nur für „Auswahl“: eine Möglichkeit je Zeile."),
    )
    required = forms.BooleanField(label=_("Pflichtangabe"), required=False)

    def data_for_services(self) -> dict:
        return {
            "label": self.cleaned_data["label"],
            "kind": self.cleaned_data["kind"],
            "choices": self.cleaned_data.get("choices", ""),
            "required": bool(self.cleaned_data.get("required")),
        }


def question_initial(data: dict) -> dict:
    return {**data, "choices": "\n".join(data.get("choices") or [])}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund der Absage"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_REASON,
        help_text=_("Alle Angemeldeten bekommen ihn per E-Mail; er steht auch auf der Seite."),
        error_messages={"required": _("Bitte geben Sie den Grund der Absage an.")},
    )


class SeriesForm(forms.Form):
    title = forms.CharField(
        label=_("Titel der Reihe"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie einen Titel an.")},
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
    )
