"""Forms of the management's set-up pages: the cycle (create and edit), its criteria (a
formset with one label per line), the radar's segments and rings, an item and its sources.
They carry HTML input into the services' data format (`services.cycles`, `services.items`)
and put the services' German errors back on the inputs; the services validate."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterwerk.foresight.models import (
    MAX_SOURCE_MB,
    CriterionRole,
    Cycle,
    Item,
    ItemKind,
    Mode,
    RingBasis,
    Steep,
)
from clusterwerk.masterplan.forms import use_topic_picker
from clusterwerk.masterplan.queries import TopicCatalogue

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DECIMAL = forms.TextInput(attrs={"inputmode": "decimal"})
NUMBER = forms.TextInput(attrs={"inputmode": "numeric"})


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


# --- the cycle ---------------------------------------------------------------------------------


class CycleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie einen Titel an.")},
    )
    year = forms.IntegerField(
        label=_("Jahr"),
        widget=NUMBER,
        error_messages={"required": _("Bitte geben Sie das Jahr an.")},
    )
    slug = forms.CharField(
        label=_("Kurzname (für die Adresse)"),
        max_length=80,
        required=False,
        help_text=_("Kleinbuchstaben, Ziffern, Bindestriche; leer: aus Titel und Jahr gebildet."),
    )
    description = forms.CharField(
        label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    period_start = forms.DateField(label=_("Bewertung ab"), required=False, widget=DATE)
    period_end = forms.DateField(
        label=_("Bewertung bis"),
        required=False,
        widget=DATE,
        help_text=_("Bis 23:59 Uhr an diesem Tag kann bewertet werden."),
    )
    mode = forms.ChoiceField(label=_("Verfahren"), choices=Mode.choices)
    rounds_planned = forms.IntegerField(
        label=_("Geplante Runden"), widget=NUMBER, help_text=_("Nur bei klassischen Runden.")
    )
    min_answers = forms.IntegerField(
        label=_("Mindestzahl der Antworten"),
        widget=NUMBER,
        help_text=Cycle._meta.get_field("min_answers").help_text,
    )
    reason_outside_iqr = forms.BooleanField(
        label=_("Begründung außerhalb des Quartilsabstands verlangen"), required=False
    )
    ring_basis = forms.ChoiceField(label=_("Ringe des Radars nach"), choices=RingBasis.choices)
    previous = forms.ChoiceField(
        label=_("Vorheriger Zyklus"),
        required=False,
        help_text=_("Für die Markierungen „neu“ und „bewegt“ im Radar."),
    )
    carry_items = forms.BooleanField(
        label=_("Items des vorherigen Zyklus übernehmen (mit Kennung und Verlauf)"),
        required=False,
    )

    SECTIONS = (
        (_("Zyklus"), ("title", "year", "slug", "description", "period_start", "period_end")),
        (
            _("Verfahren und Konsensregel"),
            ("mode", "rounds_planned", "min_answers", "reason_outside_iqr"),
        ),
        (_("Radar und Verlauf"), ("ring_basis", "previous", "carry_items")),
    )

    def __init__(self, *args, cluster, cycle: Cycle | None = None, editable=True, **kwargs):
        self.cycle = cycle
        if cycle is not None:
            kwargs.setdefault("initial", cycle_initial(cycle))
        else:
            year = timezone.localdate().year
            kwargs.setdefault(
                "initial",
                {
                    "year": year,
                    "title": _("Markt- und Technologievorausschau %(year)d") % {"year": year},
                    "mode": Mode.REALTIME,
                    "rounds_planned": 2,
                    "min_answers": Cycle._meta.get_field("min_answers").default,
                    "reason_outside_iqr": True,
                    "ring_basis": RingBasis.HORIZON,
                },
            )
        super().__init__(*args, **kwargs)
        others = Cycle.objects.filter(cluster=cluster).order_by("-year", "-id")
        if cycle is not None:
            others = others.exclude(pk=cycle.pk)
            del self.fields["carry_items"]
        self.fields["previous"].choices = [("", _("keiner"))] + [
            (str(other.pk), f"{other.title} ({other.year})") for other in others[:50]
        ]
        if not editable:
            for name in ("mode", "rounds_planned", "min_answers", "reason_outside_iqr"):
                self.fields[name].disabled = True
            for name in ("year", "slug", "previous"):
                self.fields[name].disabled = True

    @property
    def sections(self):
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.SECTIONS
        ]

    def data_for_services(self) -> dict:
        """Everything for a new cycle; for an edit only what the person changed."""
        names = [name for name in self.fields if name not in ("version", "carry_items")]
        if self.cycle is not None:
            names = [name for name in names if name in self.changed_data]
        data = {name: self.cleaned_data.get(name) for name in names}
        if self.cycle is None:
            data["carry_items"] = bool(self.cleaned_data.get("carry_items"))
        return data


def cycle_initial(cycle: Cycle) -> dict:
    return {
        "version": cycle.version,
        "title": cycle.title,
        "year": cycle.year,
        "slug": cycle.slug,
        "description": cycle.description,
        "period_start": cycle.period_start,
        "period_end": cycle.period_end,
        "mode": cycle.mode,
        "rounds_planned": cycle.rounds_planned,
        "min_answers": cycle.min_answers,
        "reason_outside_iqr": cycle.reason_outside_iqr,
        "ring_basis": cycle.ring_basis,
        "previous": str(cycle.previous_id) if cycle.previous_id else "",
    }


# --- criteria ----------------------------------------------------------------------------------


class CriterionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Bezeichnung"), max_length=120, required=False)
    role = forms.ChoiceField(
        label=_("Bedeutung für Radar und Lücken"),
        choices=CriterionRole.choices,
        initial=CriterionRole.OTHER,
    )
    question = forms.CharField(label=_("Frage an das Panel"), max_length=300, required=False)
    labels = forms.CharField(
        label=_("Stufen (eine je Zeile, von 1 aufwärts)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mindestens zwei Stufen, jede mit einer Beschriftung."),
    )
    consensus_iqr = forms.CharField(
        label=_("Konsens bei Quartilsabstand bis"), widget=DECIMAL, required=False, initial="1,0"
    )

    def data_for_services(self) -> dict:
        data = self.cleaned_data
        return {
            "id": data.get("id"),
            "name": data.get("name", ""),
            "role": data.get("role", CriterionRole.OTHER),
            "question": data.get("question", ""),
            "labels": (data.get("labels") or "").splitlines(),
            "consensus_iqr": data.get("consensus_iqr", ""),
        }


CriterionFormSet = forms.formset_factory(
    CriterionForm, extra=1, can_delete=True, max_num=12, absolute_max=12
)


def criteria_initial(cycle: Cycle) -> list[dict]:
    return [
        {
            "id": criterion.pk,
            "name": criterion.name,
            "role": criterion.role,
            "question": criterion.question,
            "labels": "\n".join(criterion.labels),
            "consensus_iqr": str(criterion.consensus_iqr).replace(".", ","),
        }
        for criterion in cycle.criteria.all()
    ]


def add_row_errors(formset, forms_in_order: list, error: ValidationError, prefix: str) -> None:
    """Put the errors "criteria.2.name" on the inputs of the form that sent row 2; the rest on
    top of the formset."""
    if not hasattr(error, "error_dict"):
        formset.service_errors = list(error.messages)
        return
    general = []
    for key, messages in error.message_dict.items():
        parts = key.split(".")
        if len(parts) >= 2 and parts[0] == prefix and parts[1].isdigit():
            index = int(parts[1])
            if index < len(forms_in_order):
                form = forms_in_order[index]
                name = parts[2] if len(parts) > 2 else None
                if name is not None and name not in form.fields:
                    name = None
                for message in messages:
                    form.add_error(name, message)
                continue
        general.extend(messages)
    formset.service_errors = general


# --- radar -------------------------------------------------------------------------------------


class SegmentsForm(forms.Form):
    segments = forms.CharField(
        label=_("Segmente (eines je Zeile, im Uhrzeigersinn)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_(
            "Beliebig viele. Ein umbenanntes Segment behält seine Items, wenn es an "
            "derselben Stelle steht."
        ),
    )

    def names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["segments"].splitlines() if line.strip()]


class RingForm(forms.Form):
    name = forms.CharField(label=_("Ring"), max_length=80, required=False)
    upper = forms.CharField(label=_("Obergrenze (Median)"), widget=DECIMAL, required=False)


RingFormSet = forms.formset_factory(RingForm, extra=2, can_delete=True, max_num=12, absolute_max=12)


def rings_initial(cycle: Cycle) -> list[dict]:
    return [
        {"name": ring.name, "upper": str(ring.upper).replace(".", ",")}
        for ring in cycle.rings.all()
    ]


# --- items -------------------------------------------------------------------------------------


class ItemForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    key = forms.CharField(
        label=_("Kennung"),
        max_length=20,
        required=False,
        help_text=_("Bleibt über die Zyklen gleich, z. B. W-07; leer: die nächste freie."),
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie einen Titel an.")},
    )
    description = forms.CharField(
        label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    kind = forms.ChoiceField(label=_("Art"), choices=[("", "–"), *ItemKind.choices])
    steep = forms.ChoiceField(label=_("STEEP-Kategorie"), choices=[("", "–"), *Steep.choices])
    segment = forms.ChoiceField(label=_("Radarsegment"), required=False)
    tags = forms.CharField(
        label=_("Schlagworte"),
        required=False,
        max_length=1000,
        help_text=_("Durch Kommas getrennt."),
    )
    topics = forms.MultipleChoiceField(label=_("Themenbereiche des Masterplans"), required=False)
    origin = forms.CharField(
        label=_("Herkunft"),
        max_length=300,
        required=False,
        help_text=_("Z. B. ein Signal aus einem Werkstattgespräch."),
    )

    FIELDS = ("key", "title", "description", "kind", "steep", "segment", "tags", "topics", "origin")

    def __init__(
        self,
        *args,
        cycle: Cycle,
        catalogue: TopicCatalogue,
        item: Item | None = None,
        initial_data: dict | None = None,
        **kwargs,
    ):
        self.item = item
        if initial_data is not None:
            kwargs.setdefault("initial", initial_data)
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = [("", _("keines"))] + [
            (str(segment.pk), segment.name) for segment in cycle.segments.all()
        ]
        use_topic_picker(self.fields["topics"], catalogue)
        if item is not None and cycle.status != "preparation":
            self.fields["key"].disabled = True

    def data_for_services(self) -> dict:
        names = self.FIELDS
        if self.item is not None:
            names = [name for name in names if name in self.changed_data]
        data = {name: self.cleaned_data.get(name) for name in names}
        if "tags" in data:
            data["tags"] = [tag.strip() for tag in (data["tags"] or "").split(",") if tag.strip()]
        if "topics" in data:
            data["topics"] = list(data["topics"] or [])
        return data


def item_initial(data: dict, version: int) -> dict:
    return {
        **data,
        "version": version,
        "segment": str(data["segment"]) if data.get("segment") else "",
        "tags": ", ".join(data.get("tags") or []),
    }


class SourceLinkForm(forms.Form):
    title = forms.CharField(label=_("Titel der Quelle"), max_length=300)
    url = forms.CharField(label=_("Adresse (https://…)"), max_length=500)


class SourceDocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel des Dokuments"), max_length=300, required=False)
    file = forms.FileField(
        label=_("PDF-Datei"),
        help_text=_("Höchstens %(max)d MB.") % {"max": MAX_SOURCE_MB},
        error_messages={"required": _("Bitte wählen Sie eine PDF-Datei.")},
    )
