"""Forms of the profile's edit pages. They only collect what was typed; the services check
it (German messages, mapped back onto the inputs by `add_service_errors`)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterwerk.clusterprofile.models import ClusterProfile, TeamMember
from clusterwerk.clusterprofile.services import PROFILE_FIELDS, TEAM_FIELDS

# Pairs of German and English inputs, shown side by side.
TEXT_PAIRS = (("tagline", "tagline_en"), ("about", "about_en"), ("focus", "focus_en"))
CONTACT_FIELDS = (
    "management_organisation",
    "street",
    "postal_code",
    "municipality",
    "email",
    "phone",
    "website",
    "founded_year",
)


class CheckedByServices(forms.CharField):
    """A text input whose checks – also "required" – are the services', so that a person sees
    every problem at once; `required` only marks the label."""

    def validate(self, value):
        return None


def _field(model, name: str, **extra) -> forms.Field:
    """A plain form field from the model field's label and help text; checks are the
    services'."""
    model_field = model._meta.get_field(name)
    if isinstance(model_field, models.BooleanField):
        return forms.BooleanField(label=model_field.verbose_name, required=False, **extra)
    widget = None
    if isinstance(model_field, models.TextField):
        widget = forms.Textarea(attrs={"rows": 6})
    return CheckedByServices(
        label=model_field.verbose_name,
        required=False,
        widget=widget,
        help_text=model_field.help_text,
        strip=False,
        **extra,
    )


class ProfileForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PROFILE_FIELDS:
            self.fields[name] = _field(ClusterProfile, name)
        for _german, english in TEXT_PAIRS:
            self.fields[english].widget.attrs["lang"] = "en"
        self.fields["focus"].help_text = _("Ein Schwerpunkt je Zeile.")
        self.fields["focus_en"].help_text = _("Ein Schwerpunkt je Zeile.")
        self.fields["email"].widget.input_type = "email"
        self.fields["website"].widget.input_type = "url"
        self.fields["is_published"].help_text = _(
            "Ohne Veröffentlichung zeigt die öffentliche Seite nur den Namen und die "
            "Beschreibung des Clusters."
        )

    def pairs(self):
        return [(self[german], self[english]) for german, english in TEXT_PAIRS]

    def contact_fields(self):
        return [self[name] for name in CONTACT_FIELDS]

    def data_for_services(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in PROFILE_FIELDS}
        data["founded_year"] = (data["founded_year"] or "").strip() or None
        return data


class TeamMemberForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TEAM_FIELDS:
            self.fields[name] = _field(TeamMember, name)
        self.fields["name"].required = True
        self.fields["role"].required = True
        self.fields["email"].widget.input_type = "email"
        self.fields["phone"].widget.input_type = "tel"
        self.fields["role_en"].widget.attrs["lang"] = "en"

    def data_for_services(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in TEAM_FIELDS}


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put the services' errors on the matching inputs, the rest on top."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, messages in error.message_dict.items():
        field = key if key in form.fields else None
        for message in messages:
            form.add_error(field, message)
