import unicodedata

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusterwerk.accounts.models import User


def reject_control_characters(value: str) -> None:
    if any(unicodedata.category(character).startswith("C") for character in value):
        raise ValidationError(
            _("Bitte verwenden Sie nur sichtbare Zeichen."), code="control_characters"
        )


class LoginForm(AllauthLoginForm):
    """allauth's login form with the platform's own, short labels.

    The label of allauth's e-mail field is the msgid "Email", whose German translation
    depends on which installed app's catalogue wins; the login page promises "E-Mail".
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-Mail")
        if "password" in self.fields:
            self.fields["password"].label = _("Passwort")


def _max_length(field_name: str) -> int:
    return User._meta.get_field(field_name).max_length


class ProfileForm(forms.Form):
    """The names a person may change themselves on "Meine Daten"."""

    display_name = forms.CharField(
        label=_("Anzeigename"),
        max_length=_max_length("display_name"),
        required=False,
        validators=[reject_control_characters],
        help_text=_(
            "So erscheinen Sie auf der Plattform, z. B. bei Beiträgen. Ohne Anzeigenamen "
            "wird Ihr Vor- und Nachname gezeigt."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    first_name = forms.CharField(
        label=_("Vorname"),
        max_length=_max_length("first_name"),
        required=False,
        validators=[reject_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nachname"),
        max_length=_max_length("last_name"),
        required=False,
        validators=[reject_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    def clean_display_name(self) -> str:
        display_name = self.cleaned_data["display_name"]
        if "@" in display_name:
            raise ValidationError(
                _(
                    "Der Anzeigename darf keine E-Mail-Adresse enthalten, denn er ist für "
                    "andere sichtbar."
                ),
                code="email_in_display_name",
            )
        return display_name


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Ihr Passwort zur Bestätigung"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
