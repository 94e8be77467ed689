"""Forms of the Beteiligung: they turn HTML input into the services' arguments and map the
services' German errors back onto the inputs. The services validate; the forms only check what
a browser can get wrong (types, required inputs)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterwerk.core.models import DigestFrequency
from clusterwerk.participation.models import AffiliationType, Audience, PhaseKind, Priority
from clusterwerk.participation.services import MAX_COMMENT, MAX_PROPOSAL, MAX_RATIONALE

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
RELEVANCE_CHOICES = [
    (1, _("1 – kaum relevant")),
    (2, _("2 – wenig relevant")),
    (3, _("3 – relevant")),
    (4, _("4 – sehr relevant")),
    (5, _("5 – äußerst relevant")),
]
ACTIONS = ("comment", "rate", "propose", "support")


def add_service_errors(form: forms.Form, error: ValidationError, aliases=None) -> None:
    """Put the services' errors ("body": […]) on the matching inputs, the rest on top."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, messages in error.message_dict.items():
        name = aliases.get(key, key)
        field = name if name in form.fields else None
        for message in messages:
            form.add_error(field, message)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Ihr Kommentar"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_COMMENT,
        help_text=_(
            "Möglich sind **fett**, *kursiv*, Listen mit „- “ und Links (https://…). "
            "Sie können den Kommentar 15 Minuten lang bearbeiten."
        ),
        error_messages={"required": _("Bitte schreiben Sie einen Kommentar.")},
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label=_("Kommentar"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_COMMENT,
        error_messages={"required": _("Bitte schreiben Sie einen Kommentar.")},
    )


class RatingForm(forms.Form):
    relevance = forms.TypedChoiceField(
        label=_("Wie relevant ist dieses Element für Ihren Betrieb oder Ihre Einrichtung?"),
        choices=RELEVANCE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie eine Relevanz von 1 bis 5.")},
    )
    priority = forms.TypedChoiceField(
        label=_("Priorität für die kommenden Jahre"),
        choices=Priority.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie eine Priorität.")},
    )


class AmendmentForm(forms.Form):
    field = forms.ChoiceField(label=_("Welcher Text soll sich ändern?"))
    text = forms.CharField(
        label=_("Ihr Vorschlag für den Text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_PROPOSAL,
        help_text=_("Ändern Sie den bisherigen Text; die Änderung wird Wort für Wort gezeigt."),
        error_messages={"required": _("Bitte schreiben Sie Ihren Vorschlag.")},
    )
    rationale = forms.CharField(
        label=_("Begründung"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_RATIONALE,
        required=False,
    )

    def __init__(self, *args, fields: list[tuple[str, str, str]], chosen: str = "", **kwargs):
        """`fields` are (name, label, current text); the text of the `chosen` field (else
        the first) is prefilled, so that the proposal starts from the current wording."""
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [(name, label) for name, label, _text in fields]
        if not self.is_bound and fields:
            current = {name: text for name, _label, text in fields}
            name = chosen if chosen in current else fields[0][0]
            self.initial.setdefault("field", name)
            self.initial.setdefault("text", current[name])


class TopicAreaProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Titel des neuen Themenbereichs"),
        max_length=300,
        error_messages={"required": _("Bitte geben Sie einen Titel an.")},
    )
    text = forms.CharField(
        label=_("Ziel des Themenbereichs"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_PROPOSAL,
        help_text=_("Was soll in diesem Themenbereich erreicht werden?"),
        error_messages={"required": _("Bitte beschreiben Sie das Ziel.")},
    )
    rationale = forms.CharField(
        label=_("Begründung"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_RATIONALE,
        required=False,
    )


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Anzeigename"),
        max_length=60,
        help_text=_(
            "So erscheinen Ihre Beiträge. Ein Pseudonym ist erlaubt, z. B. „Schlosserei aus "
            "der Uckermark“."
        ),
        error_messages={"required": _("Bitte geben Sie einen Anzeigenamen an.")},
    )
    affiliation_type = forms.ChoiceField(
        label=_("Art Ihrer Organisation"),
        choices=[("", _("keine Angabe")), *AffiliationType.choices],
        required=False,
        help_text=_("Wird bei Ihren Beiträgen gezeigt und fließt in die Auswertung ein."),
    )
    district = forms.ChoiceField(
        label=_("Landkreis / kreisfreie Stadt"), required=False, choices=[]
    )
    digest = forms.ChoiceField(
        label=_("E-Mail-Zusammenfassung Ihrer Benachrichtigungen"),
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, districts: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("keine Angabe")), *districts]


class ConsultationForm(forms.Form):
    """Title, audience, scope and the four phases with their dates and allowed actions."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    slug = forms.SlugField(
        label=_("Kürzel für Adressen"),
        max_length=100,
        required=False,
        help_text=_("Leer lassen: wird aus dem Titel gebildet."),
    )
    description = forms.CharField(
        label=_("Beschreibung"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    edition = forms.ChoiceField(label=_("Ausgabe des Masterplans"))
    audience = forms.ChoiceField(
        label=_("Wer sich beteiligen darf"), choices=Audience.choices, widget=forms.RadioSelect
    )
    whole_plan = forms.BooleanField(
        label=_("Der ganze Masterplan steht zur Diskussion"), required=False
    )
    scope = forms.MultipleChoiceField(
        label=_("Oder nur diese Elemente"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ein Handlungsfeld oder Eckpunkt schließt alles darunter ein."),
    )

    def __init__(self, *args, editions, scope_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].choices = editions
        self.fields["scope"].choices = scope_choices
        self.phase_fields = []
        for kind in PhaseKind:
            names = {
                "kind": kind,
                "starts_at": f"{kind.value}_starts_at",
                "ends_at": f"{kind.value}_ends_at",
                "allows": [],
            }
            self.fields[names["starts_at"]] = forms.DateTimeField(
                label=_("Beginn"), widget=DATETIME, required=False
            )
            self.fields[names["ends_at"]] = forms.DateTimeField(
                label=_("Ende"), widget=DATETIME, required=False
            )
            for action, label in (
                ("comment", _("Kommentieren")),
                ("rate", _("Bewerten")),
                ("propose", _("Vorschläge")),
                ("support", _("Unterstützen")),
            ):
                name = f"{kind.value}_allows_{action}"
                self.fields[name] = forms.BooleanField(label=label, required=False)
                names["allows"].append(name)
            self.phase_fields.append(names)

    @property
    def phase_groups(self):
        return [
            {
                "kind": names["kind"],
                "starts_at": self[names["starts_at"]],
                "ends_at": self[names["ends_at"]],
                "allows": [self[name] for name in names["allows"]],
            }
            for names in self.phase_fields
        ]

    def phases(self) -> list[dict]:
        """The phases with a start or an end, for the services."""
        data = self.cleaned_data
        result = []
        for names in self.phase_fields:
            starts_at, ends_at = data.get(names["starts_at"]), data.get(names["ends_at"])
            if starts_at is None and ends_at is None:
                continue
            phase = {"kind": names["kind"].value, "starts_at": starts_at, "ends_at": ends_at}
            for action in ACTIONS:
                phase[f"allows_{action}"] = data[f"{names['kind'].value}_allows_{action}"]
            result.append(phase)
        return result

    def scope_pairs(self) -> list[tuple[str, str]]:
        return [tuple(value.split(":", 1)) for value in self.cleaned_data.get("scope", [])]


def consultation_initial(consultation=None) -> dict:
    """Initial values: the consultation's, or four phases of four weeks from today."""
    from clusterwerk.participation.models import DEFAULT_ALLOWED

    initial: dict = {}
    if consultation is None:
        start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
        initial.update({"audience": Audience.REGISTERED, "whole_plan": True})
        for kind in PhaseKind:
            end = start + datetime.timedelta(weeks=4)
            initial[f"{kind.value}_starts_at"] = start
            initial[f"{kind.value}_ends_at"] = end
            for action in ACTIONS:
                initial[f"{kind.value}_allows_{action}"] = action in DEFAULT_ALLOWED[kind]
            start = end
        return initial
    initial.update(
        {
            "title": consultation.title,
            "slug": consultation.slug,
            "description": consultation.description,
            "edition": str(consultation.edition_id),
            "audience": consultation.audience,
            "whole_plan": consultation.whole_plan,
            "scope": [f"{row.element_kind}:{row.lineage}" for row in consultation.scope.all()],
        }
    )
    for phase in consultation.phases.all():
        initial[f"{phase.kind}_starts_at"] = timezone.localtime(phase.starts_at)
        initial[f"{phase.kind}_ends_at"] = timezone.localtime(phase.ends_at)
        for action in ACTIONS:
            initial[f"{phase.kind}_allows_{action}"] = phase.allows(action)
    return initial
