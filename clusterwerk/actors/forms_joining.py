"""Forms of the front door: claim an organisation, register a new one, decide, invite."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import ActorKind, CompetenceKind, SizeClass
from clusterwerk.actors.services.joining import MAX_MESSAGE_LENGTH

MESSAGE_HELP = _(
    "Zum Beispiel Ihre Funktion in der Organisation. Das hilft dem Clustermanagement bei der "
    "Prüfung."
)


class ClaimForm(forms.Form):
    message = forms.CharField(
        label=_("Nachricht an das Clustermanagement"),
        required=False,
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MESSAGE_HELP,
    )


BUSINESS_FIRST = [
    choice for choice in ActorKind.choices if choice[0] in ("company", "craft_business")
] + [choice for choice in ActorKind.choices if choice[0] not in ("company", "craft_business")]


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name der Organisation"), max_length=300)
    kind = forms.ChoiceField(label=_("Art"), choices=BUSINESS_FIRST)
    street = forms.CharField(label=_("Straße und Hausnummer"), max_length=200, required=False)
    postal_code = forms.CharField(
        label=_("Postleitzahl"),
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    municipality = forms.CharField(label=_("Ort"), max_length=120, required=False)
    website = forms.CharField(
        label=_("Website"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url"}),
    )
    activity_code = forms.CharField(
        label=_("Wirtschaftszweig (WZ 2008)"),
        max_length=7,
        required=False,
        help_text=_("Der Code, zum Beispiel 25.62 für Mechanik."),
    )
    size_class = forms.ChoiceField(
        label=_("Größenklasse"), choices=[("", "–"), *SizeClass.choices], required=False
    )
    competences = forms.CharField(
        label=_("Erste Kompetenzen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eine pro Zeile, zum Beispiel „Laserschweißen“."),
    )
    competence_kind = forms.ChoiceField(
        label=_("Art der Kompetenzen"), choices=CompetenceKind.choices, initial="process"
    )
    message = forms.CharField(
        label=_("Nachricht an das Clustermanagement"),
        required=False,
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=MESSAGE_HELP,
    )
    confirm_new = forms.BooleanField(
        label=_("Keiner der Treffer ist meine Organisation – sie ist wirklich neu."),
        required=False,
    )

    def registration_values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "street": data["street"],
            "postal_code": data["postal_code"],
            "municipality": data["municipality"],
            "website": data["website"],
            "activity_code": data["activity_code"],
            "size_class": data["size_class"],
            "competences": data["competences"].splitlines(),
            "competence_kind": data["competence_kind"],
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Annehmen")), ("reject", _("Ablehnen"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Begründung"),
        required=False,
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bei einer Ablehnung erforderlich; die Person erhält sie per E-Mail."),
    )


class InvitationForm(forms.Form):
    actor = forms.IntegerField(label=_("Organisation"), widget=forms.HiddenInput)
    email = forms.EmailField(
        label=_("E-Mail-Adresse der Person"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
