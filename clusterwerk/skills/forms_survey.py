"""Forms of the survey pages: the management's survey form (occupations picked from the KldB
2010 reference data, with a filter box), the choice of the company, and the company's answer
(one compact group of inputs per occupation).

The answer form is bound with the stored figures as `initial`; the views hand the services
only `changes()` – what differs from the stored answer – with the version the page was
loaded with, so an edit changes exactly what the person changed and an edit made elsewhere in
between is a conflict, never overwritten. The services validate (German messages keyed
"<occupation code>.<field>", put back onto the inputs here)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterwerk.core.widgets import use_picker
from clusterwerk.skills.models import Occupation, OccupationLevel
from clusterwerk.skills.services.survey import FIELD_LABELS, FIGURES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER_ATTRS = {"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off", "size": "5"}
DIFFICULTY_CHOICES = [
    ("1", _("1 – leicht")),
    ("2", _("2")),
    ("3", _("3 – mittel")),
    ("4", _("4")),
    ("5", _("5 – sehr schwer")),
]
FIGURE_HELP = {
    "openings_36": _("einschließlich der ersten 12 Monate"),
    "retirements_5y": _("Beschäftigte, die in fünf Jahren in Rente gehen"),
}


def add_service_errors(form: forms.Form, error, key_map=None) -> None:
    """The services' errors on the matching inputs (`key_map` renames keys), the rest on top."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, messages in error.message_dict.items():
        name = (key_map or {}).get(key, key)
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)


def occupation_choices() -> tuple[list, dict]:
    """The Berufsgattungen grouped by their Berufsgruppe (3 digits) for the picker."""
    groups: dict[str, list] = {}
    titles: dict[str, str] = {}
    for occupation in Occupation.objects.order_by("code"):
        if occupation.level == OccupationLevel.GROUP:
            titles[occupation.code] = occupation.title
            continue
        groups.setdefault(occupation.group_code, []).append(
            (occupation.code, f"{occupation.code} {occupation.label}")
        )
    choices = [
        (f"{code} {titles[code]}" if code in titles else code, options)
        for code, options in groups.items()
    ]
    return choices, {}


class SurveyForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie der Befragung einen Titel.")},
    )
    year = forms.IntegerField(
        label=_("Jahr"),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Bitte geben Sie das Jahr an."),
            "invalid": _("Bitte eine ganze Zahl angeben."),
        },
    )
    introduction = forms.CharField(
        label=_("Einleitung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Was die Betriebe vor dem Ausfüllen wissen sollten."),
    )
    opens_on = forms.DateField(
        label=_("Offen ab"),
        widget=DATE,
        error_messages={
            "required": _("Bitte geben Sie an, ab wann die Befragung offen ist."),
            "invalid": _("Bitte ein Datum angeben, z. B. 2026-03-01."),
        },
    )
    closes_on = forms.DateField(
        label=_("Offen bis"),
        widget=DATE,
        help_text=_("Bis 23:59 Uhr an diesem Tag können Betriebe antworten."),
        error_messages={
            "required": _("Bitte geben Sie an, bis wann die Befragung offen ist."),
            "invalid": _("Bitte ein Datum angeben, z. B. 2026-04-30."),
        },
    )
    occupation_codes = forms.MultipleChoiceField(
        label=_("Abgefragte Berufe (KldB 2010)"),
        error_messages={
            "required": _("Bitte wählen Sie mindestens einen Beruf."),
            "invalid_choice": _("Den Schlüssel „%(value)s“ gibt es in der KldB 2010 nicht."),
        },
    )

    def __init__(self, *args, survey=None, **kwargs):
        self.survey = survey
        if survey is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": survey.title,
                    "year": survey.year,
                    "introduction": survey.introduction,
                    "opens_on": survey.opens_on,
                    "closes_on": survey.closes_on,
                    "occupation_codes": list(
                        survey.occupations.order_by("code").values_list("code", flat=True)
                    ),
                },
            )
        super().__init__(*args, **kwargs)
        choices, headings = occupation_choices()
        use_picker(
            self.fields["occupation_codes"],
            choices,
            headings=headings,
            filter_label=_("Berufe filtern (Schlüssel oder Bezeichnung)"),
        )
        if survey is not None:
            self.fields["year"].disabled = True
            self.fields["year"].help_text = _("Das Jahr einer Befragung bleibt fest.")

    def data_for_services(self) -> dict:
        data = dict(self.cleaned_data)
        data["occupation_codes"] = list(data["occupation_codes"])
        if self.survey is not None:
            data.pop("year", None)
        return data


class CompanyForm(forms.Form):
    """A representative of several companies picks the one to answer for."""

    betrieb = forms.ChoiceField(
        label=_("Für welchen Betrieb antworten Sie?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie den Betrieb.")},
    )

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["betrieb"].choices = [(str(actor.pk), actor.name) for actor in companies]


def field_name(occupation: Occupation, name: str) -> str:
    return f"o{occupation.pk}_{name}"


class AnswerForm(forms.Form):
    """The company's figures: per occupation six numbers, the difficulty (1–5) and optionally
    a topic area 6.x. Inputs take text (`inputmode` numeric); the services check them."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, occupations, answers, version, topics, **kwargs):
        self.occupations = list(occupations)
        self.answers = answers  # {occupation_id: SurveyAnswer}
        self.topics = topics
        initial = {"version": version}
        for occupation in self.occupations:
            answer = answers.get(occupation.pk)
            for name in FIGURES:
                initial[field_name(occupation, name)] = getattr(answer, name) if answer else ""
            initial[field_name(occupation, "difficulty")] = (
                str(answer.difficulty) if answer and answer.difficulty else ""
            )
            initial[field_name(occupation, "topic_lineage")] = (
                str(answer.topic_lineage) if answer and answer.topic_lineage else ""
            )
        super().__init__(*args, initial=initial, **kwargs)
        topic_choices = [("", _("– keiner –")), *topics]
        for occupation in self.occupations:
            for name in FIGURES:
                self.fields[field_name(occupation, name)] = forms.CharField(
                    label=FIELD_LABELS[name],
                    required=False,
                    max_length=12,
                    help_text=FIGURE_HELP.get(name, ""),
                    widget=forms.TextInput(attrs=NUMBER_ATTRS),
                )
            self.fields[field_name(occupation, "difficulty")] = forms.ChoiceField(
                label=_("Wie schwer ist es, Stellen in diesem Beruf zu besetzen?"),
                required=False,
                choices=DIFFICULTY_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Bitte eine Stufe von 1 bis 5 wählen.")},
            )
            if topics:
                stored = initial[field_name(occupation, "topic_lineage")]
                choices = topic_choices
                if stored and stored not in dict(topics):
                    choices = [*topic_choices, (stored, _("(Themenbereich eines früheren Plans)"))]
                self.fields[field_name(occupation, "topic_lineage")] = forms.ChoiceField(
                    label=_("Themenbereich des Masterplans"),
                    required=False,
                    choices=choices,
                )

    def groups(self) -> list[dict]:
        """Per occupation its bound fields, for the template."""
        rows = []
        for occupation in self.occupations:
            topic_name = field_name(occupation, "topic_lineage")
            rows.append(
                {
                    "occupation": occupation,
                    "figures": [self[field_name(occupation, name)] for name in FIGURES],
                    "difficulty": self[field_name(occupation, "difficulty")],
                    "topic": self[topic_name] if topic_name in self.fields else None,
                }
            )
        return rows

    def changes(self) -> dict:
        """What differs from the stored answers, as the services' rows."""
        rows: dict[int, dict] = {}
        for occupation in self.occupations:
            answer = self.answers.get(occupation.pk)
            row = {}
            for name in (*FIGURES, "difficulty", "topic_lineage"):
                key = field_name(occupation, name)
                if key not in self.fields:
                    continue
                value = (self.cleaned_data.get(key) or "").strip()
                stored = getattr(answer, name) if answer else None
                stored_text = "" if stored in (None, 0) and name in FIGURES else stored
                stored_text = "" if stored_text is None else str(stored_text)
                # Empty means 0 for a stored row.
                if name in FIGURES and answer is not None and value in ("", "0") and stored == 0:
                    continue
                if value != stored_text:
                    row[name] = value
            if row:
                rows[occupation.pk] = row
        return rows

    def posted_version(self, stored: int) -> int:
        value = self.cleaned_data.get("version")
        return stored if value is None else value

    def error_keys(self) -> dict[str, str]:
        """Service keys ("25122.employees") → input names."""
        keys = {}
        for occupation in self.occupations:
            for name in (*FIGURES, "difficulty", "topic_lineage"):
                keys[f"{occupation.code}.{name}"] = field_name(occupation, name)
        return keys
