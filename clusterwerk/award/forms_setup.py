"""Forms of the management's set-up pages: the edition (create and edit), its criteria (a
formset), its eligibility rules and the formal check of one application. They carry HTML
input into the services' data format (`services.editions`, `services.formal_check`) and put
the services' German errors back on the inputs; the services validate."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import ActorKind
from clusterwerk.award.models import (
    SCALE_MAX,
    SCALE_MIN,
    Aggregation,
    AwardEdition,
    FormalCheck,
    RuleKind,
    Stage,
)
from clusterwerk.award.services.editions import DATE_FIELDS, DATETIME_FIELDS, EDITION_FIELDS
from clusterwerk.events.models import Event

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DECIMAL = forms.TextInput(attrs={"inputmode": "decimal"})
NUMBER = forms.TextInput(attrs={"inputmode": "numeric"})
STEPS = range(SCALE_MIN, SCALE_MAX + 1)


def add_service_errors(form: forms.Form, error: ValidationError, key_map=None) -> None:
    """Put the services' errors on the matching inputs (`key_map` renames keys), the rest on
    top."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, messages in error.message_dict.items():
        name = (key_map or {}).get(key, key)
        field = name if name in form.fields and not form.fields[name].disabled else None
        for message in messages:
            form.add_error(field, message)


def _minute(value: datetime.datetime | None):
    """A stored time as the form shows it (local, to the minute): an unchanged input then
    counts as unchanged, and the stored seconds stay."""
    if value is None:
        return None
    return timezone.localtime(value).replace(second=0, microsecond=0)


def event_choices(cluster, selected=None) -> list[tuple[str, str]]:
    """The cluster's events to choose the ceremony from, newest first."""
    events = Event.objects.filter(cluster=cluster).order_by("-starts_at", "-id")
    rows = [("", "–")]
    for event in events[:200]:
        day = timezone.localtime(event.starts_at).strftime("%d.%m.%Y")
        rows.append((str(event.pk), f"{event.title} ({day})"))
    if selected and str(selected) not in {pk for pk, _label in rows}:
        rows.append((str(selected), str(selected)))
    return rows


class EditionForm(forms.Form):
    year = forms.IntegerField(
        label=_("Jahr"),
        widget=NUMBER,
        error_messages={"required": _("Bitte geben Sie das Jahr an.")},
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie einen Titel an.")},
    )
    description = forms.CharField(
        label=_("Ausschreibungstext"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Erscheint auf der öffentlichen Seite der Ausschreibung."),
    )
    call_opens_at = forms.DateTimeField(
        label=_("Ausschreibung ab"), required=False, widget=DATETIME
    )
    deadline = forms.DateTimeField(
        label=_("Einsendeschluss"),
        widget=DATETIME,
        help_text=_("Bis zu dieser Minute können Bewerbungen eingereicht werden."),
        error_messages={"required": _("Bitte geben Sie den Einsendeschluss an.")},
    )
    formal_check_until = forms.DateField(
        label=_("Formale Prüfung bis"), required=False, widget=DATE
    )
    scoring_until = forms.DateField(
        label=_("Bewertung durch die Jury bis"), required=False, widget=DATE
    )
    jury_meeting_on = forms.DateField(label=_("Jurysitzung am"), required=False, widget=DATE)
    decision_on = forms.DateField(label=_("Entscheidung am"), required=False, widget=DATE)
    ceremony_on = forms.DateField(label=_("Preisverleihung am"), required=False, widget=DATE)
    ceremony_event = forms.ChoiceField(
        label=_("Preisverleihung (Veranstaltung)"),
        required=False,
        help_text=_("In der Regel die Clusterkonferenz des Jahres."),
    )
    prize_money = forms.CharField(
        label=_("Preisgeld (Euro)"),
        widget=DECIMAL,
        help_text=_("Die Preisträger teilen es zu gleichen Teilen."),
        error_messages={"required": _("Bitte geben Sie das Preisgeld an.")},
    )
    max_winners = forms.IntegerField(label=_("Höchstzahl der Preisträger"), widget=NUMBER)
    has_special_prize = forms.BooleanField(
        label=_("Sonderpreis der Jury (ohne Preisgeld)"), required=False
    )
    reviews_per_application = forms.IntegerField(
        label=_("Bewertungen je Bewerbung (mindestens)"), widget=NUMBER
    )
    aggregation = forms.ChoiceField(label=_("Rangfolge nach"), choices=Aggregation.choices)
    disagreement_threshold = forms.CharField(
        label=_("Schwelle für Uneinigkeit (Punkte)"),
        widget=DECIMAL,
        help_text=_(
            "Liegen die Gesamtwerte der Bewertungen einer Bewerbung weiter auseinander, "
            "kommt sie auf die Tagesordnung der Jurysitzung."
        ),
    )
    max_attachment_mb = forms.IntegerField(label=_("Größte Anlage (MB)"), widget=NUMBER)

    SECTIONS = (
        (_("Jahrgang"), ("year", "title", "description")),
        (
            _("Zeitplan"),
            (
                "call_opens_at",
                "deadline",
                "formal_check_until",
                "scoring_until",
                "jury_meeting_on",
                "decision_on",
                "ceremony_on",
                "ceremony_event",
            ),
        ),
        (_("Preis"), ("prize_money", "max_winners", "has_special_prize")),
        (
            _("Jury und Bewertung"),
            (
                "reviews_per_application",
                "aggregation",
                "disagreement_threshold",
                "max_attachment_mb",
            ),
        ),
    )

    def __init__(self, *args, cluster, edition: AwardEdition | None = None, **kwargs):
        self.edition = edition
        if edition is not None:
            kwargs.setdefault("initial", edition_initial(edition))
        else:
            kwargs.setdefault("initial", new_edition_initial())
        super().__init__(*args, **kwargs)
        if edition is not None:
            del self.fields["year"]
        self.fields["ceremony_event"].choices = event_choices(
            cluster, self.initial.get("ceremony_event")
        )

    @property
    def sections(self):
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.SECTIONS
        ]

    def data_for_services(self) -> dict:
        """The edition data: everything for a new edition; for an edit only what the person
        changed (an untouched time keeps its seconds)."""
        names = EDITION_FIELDS
        if self.edition is not None:
            names = [name for name in EDITION_FIELDS if name in self.changed_data]
        data = {name: self.cleaned_data.get(name) for name in names}
        if self.edition is None:
            data["year"] = self.cleaned_data.get("year")
        return data


def edition_initial(edition: AwardEdition) -> dict:
    initial = {
        "title": edition.title,
        "description": edition.description,
        "ceremony_event": edition.ceremony_event_id or "",
        "prize_money": str(edition.prize_money),
        "max_winners": edition.max_winners,
        "has_special_prize": edition.has_special_prize,
        "reviews_per_application": edition.reviews_per_application,
        "aggregation": edition.aggregation,
        "disagreement_threshold": str(edition.disagreement_threshold),
        "max_attachment_mb": edition.max_attachment_mb,
    }
    for name in DATETIME_FIELDS:
        initial[name] = _minute(getattr(edition, name))
    for name in DATE_FIELDS:
        initial[name] = getattr(edition, name)
    return initial


def new_edition_initial() -> dict:
    year = timezone.localdate().year + 1
    return {
        "year": year,
        "title": f"Brandenburger Innovationspreis Metall {year}",
        "prize_money": str(AwardEdition._meta.get_field("prize_money").default),
        "max_winners": AwardEdition._meta.get_field("max_winners").default,
        "has_special_prize": True,
        "reviews_per_application": AwardEdition._meta.get_field("reviews_per_application").default,
        "aggregation": Aggregation.MEAN,
        "disagreement_threshold": str(
            AwardEdition._meta.get_field("disagreement_threshold").default
        ),
        "max_attachment_mb": AwardEdition._meta.get_field("max_attachment_mb").default,
    }


# --- criteria ----------------------------------------------------------------------------------


class CriterionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Kriterium"), max_length=200, required=False)
    key = forms.CharField(
        label=_("Kennung"),
        max_length=40,
        required=False,
        help_text=_("Kleinbuchstaben, Ziffern, Bindestriche; leer: aus dem Titel gebildet."),
    )
    description = forms.CharField(
        label=_("Erläuterung"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.CharField(label=_("Gewicht"), widget=DECIMAL, required=False)
    is_required = forms.BooleanField(label=_("Pflichtkriterium"), required=False, initial=True)
    knock_out_below = forms.ChoiceField(
        label=_("K.-o.-Schwelle"),
        required=False,
        choices=[("", _("keine")), *[(str(step), str(step)) for step in STEPS]],
        help_text=_("Liegt der Median darunter, scheidet die Bewerbung aus der Rangfolge aus."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for step in STEPS:
            self.fields[f"label_{step}"] = forms.CharField(
                label=_("Stufe %(step)d") % {"step": step}, max_length=300, required=False
            )

    @property
    def label_fields(self):
        return [self[f"label_{step}"] for step in STEPS]

    def data_for_services(self) -> dict:
        data = self.cleaned_data
        return {
            "id": data.get("id"),
            "key": data.get("key", ""),
            "title": data.get("title", ""),
            "description": data.get("description", ""),
            "weight": data.get("weight", ""),
            "is_required": bool(data.get("is_required")),
            "knock_out_below": data.get("knock_out_below", ""),
            "scale_labels": [data.get(f"label_{step}", "") for step in STEPS],
        }


CriterionFormSet = forms.formset_factory(
    CriterionForm, extra=1, can_delete=True, max_num=12, absolute_max=12
)


def criteria_initial(edition: AwardEdition) -> list[dict]:
    rows = []
    for criterion in edition.criteria.all():
        row = {
            "id": criterion.pk,
            "title": criterion.title,
            "key": criterion.key,
            "description": criterion.description,
            "weight": str(criterion.weight),
            "is_required": criterion.is_required,
            "knock_out_below": ""
            if criterion.knock_out_below is None
            else str(criterion.knock_out_below),
        }
        labels = list(criterion.scale_labels or [])
        for step in STEPS:
            index = step - SCALE_MIN
            row[f"label_{step}"] = labels[index] if index < len(labels) else ""
        rows.append(row)
    return rows


def add_criteria_errors(formset, forms_in_order: list, error: ValidationError) -> None:
    """Put the errors of `save_criteria` ("criteria.2.weight") on the inputs of the form that
    sent item 2; the rest on top of the formset."""
    if not hasattr(error, "error_dict"):
        formset.service_errors = list(error.messages)
        return
    general = []
    for key, messages in error.message_dict.items():
        parts = key.split(".")
        if len(parts) >= 2 and parts[0] == "criteria" and parts[1].isdigit():
            index = int(parts[1])
            if index < len(forms_in_order):
                form = forms_in_order[index]
                name = parts[2] if len(parts) > 2 else None
                if name == "scale_labels":
                    name = None
                if name is not None and name not in form.fields:
                    name = None
                for message in messages:
                    form.add_error(name, message)
                continue
        general.extend(messages)
    formset.service_errors = general


# --- rules -------------------------------------------------------------------------------------


def _with_parameter(kind: str) -> bool:
    return kind in (
        RuleKind.MIN_STAGE,
        RuleKind.MAX_AGE_YEARS,
        RuleKind.MAX_ENTRIES,
        RuleKind.APPLICANT_KINDS,
    )


class RulesForm(forms.Form):
    """One checkbox per kind of rule, with its value where it has one."""

    def __init__(self, *args, edition: AwardEdition, **kwargs):
        rules = {rule.kind: rule for rule in edition.rules.all()}
        initial = {}
        for kind in RuleKind.values:
            rule = rules.get(kind)
            initial[kind] = rule is not None
            if kind == RuleKind.APPLICANT_KINDS:
                value = (rule.parameter if rule else "").split(",")
                initial[f"{kind}_parameter"] = [item for item in value if item]
            elif _with_parameter(kind):
                initial[f"{kind}_parameter"] = rule.parameter if rule else ""
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for kind in RuleKind.values:
            self.fields[kind] = forms.BooleanField(label=_("Diese Regel gilt"), required=False)
        self.fields[f"{RuleKind.MIN_STAGE}_parameter"] = forms.ChoiceField(
            label=_("Mindest-Entwicklungsstand"),
            required=False,
            choices=[("", "–"), *Stage.choices],
        )
        self.fields[f"{RuleKind.MAX_AGE_YEARS}_parameter"] = forms.CharField(
            label=_("Höchstalter der Innovation am Einsendeschluss (Jahre)"),
            required=False,
            widget=NUMBER,
        )
        self.fields[f"{RuleKind.MAX_ENTRIES}_parameter"] = forms.CharField(
            label=_("Höchstzahl der Bewerbungen je Bewerber"), required=False, widget=NUMBER
        )
        self.fields[f"{RuleKind.APPLICANT_KINDS}_parameter"] = forms.MultipleChoiceField(
            label=_("Zugelassene Arten von Bewerbern"),
            required=False,
            choices=ActorKind.choices,
            widget=forms.CheckboxSelectMultiple,
        )

    @property
    def rows(self):
        """(title, checkbox, value input or None) per kind of rule."""
        return [
            (label, self[kind], self[f"{kind}_parameter"] if _with_parameter(kind) else None)
            for kind, label in RuleKind.choices
        ]

    def rules_for_services(self) -> list[dict]:
        self._order = []
        rules = []
        for kind in RuleKind.values:
            if not self.cleaned_data.get(kind):
                continue
            parameter = (
                self.cleaned_data.get(f"{kind}_parameter", "") if _with_parameter(kind) else ""
            )
            rules.append({"kind": kind, "parameter": parameter})
            self._order.append(kind)
        return rules

    def add_service_errors(self, error: ValidationError) -> None:
        order = getattr(self, "_order", [])
        key_map = {}
        for index, kind in enumerate(order):
            key_map[f"rules.{index}.parameter"] = f"{kind}_parameter"
            key_map[f"rules.{index}.kind"] = kind
        add_service_errors(self, error, key_map)


# --- formal check ------------------------------------------------------------------------------


class FormalCheckForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Ergebnis der formalen Prüfung"),
        choices=[
            (FormalCheck.ELIGIBLE, _("zugelassen")),
            (FormalCheck.INELIGIBLE, _("nicht zugelassen")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie „zugelassen“ oder „nicht zugelassen“.")},
    )
    note = forms.CharField(
        label=_("Vermerk"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Pflicht, wenn die Bewerbung nicht zugelassen wird."),
    )
