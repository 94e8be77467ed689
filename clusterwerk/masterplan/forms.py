from django import forms
from django.utils.translation import gettext_lazy as _

from clusterwerk.core.widgets import use_picker
from clusterwerk.masterplan.models import ElementKind, KeyPoint
from clusterwerk.masterplan.queries import TopicCatalogue, topic_choice_groups
from clusterwerk.masterplan.services import EDITABLE_FIELDS

TEXTAREA = forms.Textarea(attrs={"rows": 8})
FIELD_LABELS = {
    "title": _("Titel"),
    "intro": _("Einführung"),
    "goal": _("Ziel"),
    "description": _("Erläuterung des Ziels"),
    "relevance": _("Relevanz"),
    "potential": _("Potenzial"),
    "keywords": _("Schlagwörter"),
}
FIELD_HELP = {
    "keywords": _("Durch Kommas getrennt, z. B. „Leichtbau, Werkstoffe, Recycling“."),
    "intro": _("Trennen Sie Absätze durch eine Leerzeile."),
    "description": _("Trennen Sie Absätze durch eine Leerzeile."),
    "relevance": _("Trennen Sie Absätze durch eine Leerzeile."),
    "potential": _("Trennen Sie Absätze durch eine Leerzeile."),
}


class ElementEditForm(forms.Form):
    """The texts of one element of a draft, with the version it was loaded at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, element, **kwargs):
        self.element = element
        super().__init__(*args, **kwargs)
        for name in EDITABLE_FIELDS[element.kind]:
            self.fields[name] = self.make_field(name)
        if "keywords" in self.fields:
            self.initial.setdefault("keywords", ", ".join(element.keywords))
        for name in EDITABLE_FIELDS[element.kind]:
            if name != "keywords":
                self.initial.setdefault(name, getattr(element, name))
        self.initial.setdefault("version", element.version)
        if element.kind == ElementKind.TOPIC_AREA:
            self.fields["references"] = forms.CharField(
                label=_("Querverweise"),
                required=False,
                help_text=_("Nummern anderer Themenbereiche, durch Kommas getrennt."),
            )
            self.initial.setdefault(
                "references",
                ", ".join(
                    ref.target.number for ref in element.outgoing_refs.select_related("target")
                ),
            )

    @staticmethod
    def make_field(name: str) -> forms.Field:
        label = FIELD_LABELS[name]
        help_text = FIELD_HELP.get(name, "")
        if name == "title":
            return forms.CharField(label=label, max_length=300, help_text=help_text)
        if name == "keywords":
            return forms.CharField(label=label, required=False, help_text=help_text)
        return forms.CharField(label=label, required=False, widget=TEXTAREA, help_text=help_text)

    def text_values(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in EDITABLE_FIELDS[self.element.kind]
            if name in self.cleaned_data
        }

    def reference_numbers(self) -> list[str] | None:
        if "references" not in self.cleaned_data:
            return None
        raw = self.cleaned_data["references"].replace(";", ",")
        return [number.strip() for number in raw.split(",") if number.strip()]


class DraftCreateForm(forms.Form):
    label = forms.CharField(
        label=_("Bezeichnung der neuen Ausgabe"),
        max_length=100,
        help_text=_("Zum Beispiel „2026“ oder „Fortschreibung 2026“."),
    )
    title = forms.CharField(label=_("Titel (optional)"), max_length=200, required=False)


class TopicAreaAddForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=300)
    number = forms.CharField(
        label=_("Nummer (optional)"),
        max_length=20,
        required=False,
        help_text=_("Leer lassen: die nächste freie Nummer im Eckpunkt."),
    )
    goal = forms.CharField(
        label=_("Ziel"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    relevance = forms.CharField(label=_("Relevanz"), widget=TEXTAREA, required=False)
    potential = forms.CharField(label=_("Potenzial"), widget=TEXTAREA, required=False)
    keywords = forms.CharField(
        label=_("Schlagwörter"), required=False, help_text=FIELD_HELP["keywords"]
    )


class TopicAreaMoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    key_point = forms.ModelChoiceField(
        label=_("Neuer Eckpunkt"), queryset=KeyPoint.objects.none(), empty_label=None
    )
    number = forms.CharField(
        label=_("Neue Nummer (optional)"),
        max_length=20,
        required=False,
        help_text=_("Leer lassen: die nächste freie Nummer im gewählten Eckpunkt."),
    )

    def __init__(self, *args, topic_area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_point"].queryset = KeyPoint.objects.filter(
            edition=topic_area.edition
        ).order_by("action_field__order", "order")
        self.fields["key_point"].label_from_instance = lambda kp: f"{kp.number} {kp.title}"
        self.initial.setdefault("key_point", topic_area.key_point_id)
        self.initial.setdefault("version", topic_area.version)


class VersionConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CompareForm(forms.Form):
    alt = forms.ChoiceField(label=_("Ältere Ausgabe"))
    neu = forms.ChoiceField(label=_("Neuere Ausgabe"))

    def __init__(self, *args, editions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(edition.slug, edition_choice_label(edition)) for edition in editions]
        self.fields["alt"].choices = choices
        self.fields["neu"].choices = choices


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Suchbegriff"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    ausgabe = forms.ChoiceField(label=_("Ausgabe"), required=False)

    def __init__(self, *args, editions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ausgabe"].choices = [
            (edition.slug, edition_choice_label(edition)) for edition in editions
        ]


def edition_choice_label(edition) -> str:
    return f"{edition.label} ({edition.get_status_display()})"


def use_topic_picker(field: forms.ChoiceField, catalogue: TopicCatalogue, *, first=()) -> None:
    """Let `field` offer the catalogue's topic areas grouped by Eckpunkt under their
    Handlungsfeld: a MultipleChoiceField gets the grouped picker (checkboxes in folding
    groups), a ChoiceField keeps its native drop-down with the Eckpunkte as `<optgroup>`s
    (compact and searchable by typing on a phone). `first`: choices before the groups,
    e.g. `[("", "alle")]`."""
    groups, headings = topic_choice_groups(catalogue)
    if not isinstance(field, forms.MultipleChoiceField):
        field.choices = [*first, *groups]
        return
    use_picker(
        field,
        [*first, *groups],
        headings=headings,
        filter_label=_("Themenbereiche filtern"),
    )
