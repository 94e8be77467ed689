"""Forms of the application pages: choose the organisation and a title (apply), the
application's texts (edit and autosave), a partner from the directory, a PDF upload.

The edit form is bound with the stored values as `initial`; the views hand the services only
`changes()` – what differs from the stored state – together with the version the page was
loaded with, so an edit changes exactly what the person changed, and an edit made elsewhere
in between is a conflict, never overwritten."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clusterwerk.award.models import Stage
from clusterwerk.award.services.applications import TEXT_LIMITS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def add_service_errors(form: forms.Form, error) -> None:
    """The services' errors on the matching inputs, the rest on top of the form."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, messages in error.message_dict.items():
        target = key if key in form.fields else None
        for message in messages:
            form.add_error(target, message)


class ApplyForm(forms.Form):
    applicant = forms.ChoiceField(
        label=_("Für welche Organisation bewerben Sie sich?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wählen Sie Ihre Organisation."),
            "invalid_choice": _("Bitte wählen Sie eine der angebotenen Organisationen."),
        },
    )
    title = forms.CharField(
        label=_("Titel der Innovation"),
        max_length=TEXT_LIMITS["title"],
        help_text=_("Ein kurzer Name, z. B. „Laserhybridschweißen für Dickbleche“."),
        error_messages={"required": _("Bitte geben Sie der Innovation einen Titel.")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(actor.pk): actor for actor in organisations}
        self.fields["applicant"].choices = [(str(actor.pk), actor.name) for actor in organisations]
        if len(organisations) == 1:
            self.initial.setdefault("applicant", str(organisations[0].pk))

    def clean_applicant(self):
        return self.organisations[self.cleaned_data["applicant"]]


class NeededToSubmit:
    """A field a submission needs but a draft may leave empty: marked as required on the
    page (no "(freiwillig)", `required` for assistive technology; the form has `novalidate`),
    but an empty value passes – the services check completeness at submission."""

    def validate(self, value):
        if value in self.empty_values or value is False:
            return
        super().validate(value)


class SubmitCharField(NeededToSubmit, forms.CharField):
    pass


class SubmitChoiceField(NeededToSubmit, forms.ChoiceField):
    pass


class SubmitDateField(NeededToSubmit, forms.DateField):
    pass


class SubmitBooleanField(NeededToSubmit, forms.BooleanField):
    pass


class ApplicationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        label=_("Titel der Innovation"),
        max_length=TEXT_LIMITS["title"],
        error_messages={"required": _("Bitte geben Sie der Innovation einen Titel.")},
    )
    summary = forms.CharField(
        label=_("Kurzbeschreibung"),
        required=False,
        max_length=TEXT_LIMITS["summary"],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Zwei, drei Sätze. Wird bei einer Nominierung veröffentlicht, wenn Sie unten zustimmen."
        ),
    )
    description = SubmitCharField(
        label=_("Beschreibung der Innovation"),
        max_length=TEXT_LIMITS["description"],
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Was ist neu, wie funktioniert es, was ist besser als bisher?"),
    )
    stage = SubmitChoiceField(
        label=_("Entwicklungsstand"),
        choices=[("", _("– bitte wählen –")), *Stage.choices],
    )
    innovation_date = SubmitDateField(
        label=_("Entstanden am"),
        widget=DATE,
        help_text=_("Wann lag die Innovation erstmals als Prototyp oder Versuchsaufbau vor?"),
        error_messages={"invalid": _("Bitte ein Datum angeben, z. B. 2025-03-14.")},
    )
    market = SubmitCharField(
        label=_("Markt und Kunden"),
        max_length=TEXT_LIMITS["market"],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    figures = forms.CharField(
        label=_("Kennzahlen"),
        required=False,
        max_length=TEXT_LIMITS["figures"],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("z. B. Umsatz, Beschäftigte, Einsparungen"),
    )
    ip_declaration = SubmitBooleanField(
        label=_(
            "Wir versichern, dass die Innovation von uns stammt und keine Rechte Dritter verletzt."
        ),
    )
    publication_consent = forms.BooleanField(
        label=_(
            "Wird die Bewerbung nominiert, dürfen Titel, Kurzbeschreibung und unser Name "
            "veröffentlicht werden."
        ),
        required=False,
    )

    FIELDS = (
        "title",
        "summary",
        "description",
        "stage",
        "innovation_date",
        "market",
        "figures",
        "ip_declaration",
        "publication_consent",
    )

    def __init__(self, *args, application, **kwargs):
        self.application = application
        initial = {name: getattr(application, name) for name in self.FIELDS}
        initial["version"] = application.version
        super().__init__(*args, initial=initial, **kwargs)

    def changes(self) -> dict:
        """What differs from the stored application, in the services' format."""
        result = {}
        for name in self.FIELDS:
            value = self.cleaned_data.get(name)
            stored = getattr(self.application, name)
            if isinstance(value, str):
                value = value.strip()
            if value in (None,) and stored in ("", None):
                continue
            if value != stored:
                result[name] = value.isoformat() if hasattr(value, "isoformat") else value
        return result

    def posted_version(self) -> int:
        value = self.cleaned_data.get("version")
        return self.application.version if value is None else value


class PartnerForm(forms.Form):
    actor = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    role = forms.CharField(
        label=_("Beitrag des Partners"),
        required=False,
        max_length=200,
        help_text=_("z. B. „Werkstoffprüfung“ oder „Pilotkunde“"),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("PDF-Datei"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={
            "required": _("Bitte wählen Sie eine PDF-Datei."),
            "empty": _("Die Datei ist leer."),
            "invalid": _("Bitte wählen Sie eine PDF-Datei."),
        },
    )

    prefix = "attachment"

    def __init__(self, *args, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "Nur PDF, höchstens %(max)d MB je Datei, bis zu fünf Dateien."
        ) % {"max": max_mb}
