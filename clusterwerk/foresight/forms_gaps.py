"""Forms of the gaps page: what the management makes of a gap signal. Each form is shown once
per gap, so it takes a prefix made of the item's key (unique ids on the page)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterwerk.masterplan.models import CHANGE_LABELS, ElementKind, number_sort_key
from clusterwerk.masterplan.queries import get_published_edition
from clusterwerk.participation.models import AMENDABLE_FIELDS, Consultation, ProposalKind

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXTAREA = forms.Textarea(attrs={"rows": 4})


def add_service_errors(form: forms.Form, error, *, aliases: dict | None = None) -> None:
    """The services' errors on the matching inputs (keys renamed by `aliases`), the rest on
    top of the form."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    aliases = aliases or {}
    for key, messages in error.message_dict.items():
        key = aliases.get(key, key)
        target = key if key in form.fields else None
        for message in messages:
            form.add_error(target, message)


class GapProposalForm(forms.Form):
    consultation = forms.ChoiceField(
        label=_("Beteiligung"),
        error_messages={
            "required": _("Bitte wählen Sie eine Beteiligung."),
            "invalid_choice": _("Bitte wählen Sie eine Beteiligung dieses Clusters."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Art des Vorschlags"),
        choices=[
            (ProposalKind.NEW_TOPIC_AREA, _("Neuer Themenbereich unter einem Eckpunkt")),
            (ProposalKind.AMENDMENT, _("Änderung eines Themenbereichs")),
        ],
        error_messages={"invalid_choice": _("Bitte wählen Sie die Art des Vorschlags.")},
    )
    key_point = forms.ChoiceField(
        label=_("Eckpunkt (für einen neuen Themenbereich)"),
        required=False,
        error_messages={"invalid_choice": _("Diesen Eckpunkt gibt es nicht.")},
    )
    topic_area = forms.ChoiceField(
        label=_("Themenbereich (für eine Änderung)"),
        required=False,
        error_messages={"invalid_choice": _("Diesen Themenbereich gibt es nicht.")},
    )
    field = forms.ChoiceField(
        label=_("Textfeld (für eine Änderung)"),
        choices=[(name, CHANGE_LABELS[name]) for name in AMENDABLE_FIELDS[ElementKind.TOPIC_AREA]],
        initial="description",
        required=False,
        error_messages={"invalid_choice": _("Dieses Textfeld kann nicht geändert werden.")},
    )
    title = forms.CharField(
        label=_("Titel des neuen Themenbereichs"), max_length=300, required=False
    )
    text = forms.CharField(
        label=_("Vorgeschlagener Text"),
        widget=TEXTAREA,
        max_length=10000,
        error_messages={"required": _("Bitte geben Sie den vorgeschlagenen Text ein.")},
    )
    rationale = forms.CharField(
        label=_("Begründung"), widget=TEXTAREA, max_length=3000, required=False
    )

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultations = {
            consultation.slug: consultation
            for consultation in Consultation.objects.filter(cluster=cluster).select_related(
                "edition"
            )
        }
        self.fields["consultation"].choices = [
            (slug, consultation.title) for slug, consultation in self.consultations.items()
        ]
        edition = get_published_edition(cluster)
        key_points = sorted(
            edition.key_points.values_list("number", "title") if edition else [],
            key=lambda row: number_sort_key(row[0]),
        )
        topic_areas = sorted(
            edition.topic_areas.values_list("number", "title") if edition else [],
            key=lambda row: number_sort_key(row[0]),
        )
        self.fields["key_point"].choices = [("", "–")] + [
            (number, f"{number} {title}") for number, title in key_points
        ]
        self.fields["topic_area"].choices = [("", "–")] + [
            (number, f"{number} {title}") for number, title in topic_areas
        ]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == ProposalKind.NEW_TOPIC_AREA:
            if not cleaned.get("key_point") and "key_point" not in self.errors:
                self.add_error("key_point", _("Bitte wählen Sie den Eckpunkt."))
            if not (cleaned.get("title") or "").strip():
                self.add_error("title", _("Bitte geben Sie einen Titel ein."))
        elif kind == ProposalKind.AMENDMENT:
            if not cleaned.get("topic_area") and "topic_area" not in self.errors:
                self.add_error("topic_area", _("Bitte wählen Sie den Themenbereich."))
            if not cleaned.get("field") and "field" not in self.errors:
                self.add_error("field", _("Bitte wählen Sie das Textfeld."))
        return cleaned

    def element_lineage(self):
        """The chosen key point's or topic area's lineage in the consultation's edition, or
        None (with an error on the form) when that edition has no such number."""
        consultation = self.consultations[self.cleaned_data["consultation"]]
        if self.cleaned_data["kind"] == ProposalKind.NEW_TOPIC_AREA:
            name, number = "key_point", self.cleaned_data["key_point"]
            rows = consultation.edition.key_points
        else:
            name, number = "topic_area", self.cleaned_data["topic_area"]
            rows = consultation.edition.topic_areas
        lineage = rows.filter(number=number).values_list("lineage", flat=True).first()
        if lineage is None:
            self.add_error(
                name,
                _("%(number)s gibt es in der Ausgabe „%(label)s“ der Beteiligung nicht.")
                % {"number": number, "label": consultation.edition.label},
            )
        return lineage


class GapWorkshopForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Beginn"),
        widget=DATETIME,
        error_messages={
            "required": _("Bitte Datum und Uhrzeit angeben."),
            "invalid": _("Bitte Datum und Uhrzeit im Format JJJJ-MM-TTTHH:MM angeben."),
        },
    )
    ends_at = forms.DateTimeField(
        label=_("Ende"),
        widget=DATETIME,
        required=False,
        help_text=_("Leer: drei Stunden nach Beginn."),
        error_messages={
            "invalid": _("Bitte Datum und Uhrzeit im Format JJJJ-MM-TTTHH:MM angeben.")
        },
    )
    venue_name = forms.CharField(label=_("Veranstaltungsort"), max_length=200, required=False)
    municipality = forms.CharField(label=_("Ort"), max_length=120, required=False)
    online_url = forms.URLField(
        label=_("Online-Zugang"), max_length=500, required=False, assume_scheme="https"
    )
    description = forms.CharField(
        label=_("Beschreibung"), widget=TEXTAREA, max_length=10000, required=False
    )


class GapProjectForm(forms.Form):
    title = forms.CharField(label=_("Titel der Projektidee"), max_length=300)
    description = forms.CharField(
        label=_("Beschreibung"), widget=TEXTAREA, max_length=10000, required=False
    )


class GapDismissForm(forms.Form):
    note = forms.CharField(
        label=_("Warum wird die Lücke verworfen?"),
        widget=TEXTAREA,
        max_length=3000,
        error_messages={"required": _("Bitte begründen Sie, warum die Lücke verworfen wird.")},
    )
