"""Forms of the bodies' pages: a body, a member, a discussion post and the member's badge
choice (the document upload is `forms_common.DocumentForm`). They carry HTML input into the
services' data format
(`services.bodies`, `services.space`) and put the services' German errors back on the inputs;
the services validate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterwerk.governance.forms_common import DATE
from clusterwerk.governance.models import (
    Body,
    BodyKind,
    BodyMember,
    MemberFunction,
    Sector,
)
from clusterwerk.governance.services.bodies import body_data, directory_actors, member_data

NUMBER = forms.TextInput(attrs={"inputmode": "numeric"})


class BodyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie den Namen des Gremiums an.")},
    )
    kind = forms.ChoiceField(label=_("Art"), choices=[("", "–"), *BodyKind.choices])
    slug = forms.CharField(
        label=_("Kürzel für Adressen"),
        max_length=80,
        help_text=_("Kleinbuchstaben, Ziffern und Bindestriche, z. B. beirat."),
        error_messages={"required": _("Bitte geben Sie ein Kürzel an.")},
    )
    name_genitive = forms.CharField(
        label=_("Name im Genitiv"),
        max_length=200,
        required=False,
        help_text=_("Für die Funktion an Beiträgen: „des Strategischen Beirats“."),
    )
    description = forms.CharField(
        label=_("Aufgabe des Gremiums"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    name_en = forms.CharField(label=_("Name (englisch)"), max_length=200, required=False)
    description_en = forms.CharField(
        label=_("Aufgabe des Gremiums (englisch)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    is_public = forms.BooleanField(
        label=_("im öffentlichen Clusterprofil zeigen"),
        required=False,
        initial=True,
        help_text=_("Name, Aufgabe, Mitglieder und Vorsitz – nie Sitzungen oder Dokumente."),
    )
    order = forms.IntegerField(
        label=_("Reihenfolge"), required=False, min_value=0, max_value=999, widget=NUMBER
    )

    def __init__(self, *args, body: Body | None = None, **kwargs):
        if body is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = body_data(body)
        super().__init__(*args, **kwargs)

    def data_for_services(self) -> dict:
        data = dict(self.cleaned_data)
        data["order"] = data.get("order") or 0
        return data


class MemberForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie den Namen des Mitglieds an.")},
    )
    function = forms.ChoiceField(label=_("Funktion"), choices=MemberFunction.choices)
    actor = forms.ChoiceField(label=_("Organisation"), required=False)
    sector = forms.ChoiceField(label=_("Bereich"), required=False)
    term_start = forms.DateField(
        label=_("Amtszeit ab"),
        widget=DATE,
        error_messages={"required": _("Bitte geben Sie den Beginn der Amtszeit an.")},
    )
    term_end = forms.DateField(
        label=_("Amtszeit bis"), widget=DATE, required=False, help_text=_("Leer: offen.")
    )
    email = forms.EmailField(
        label=_("E-Mail des Benutzerkontos"),
        required=False,
        help_text=_("Ein bestehendes Konto; es öffnet dem Mitglied den internen Bereich."),
    )

    def __init__(self, *args, cluster, member: BodyMember | None = None, **kwargs):
        if member is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = member_data(member)
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [
            ("", "–"),
            *directory_actors(cluster).order_by("name").values_list("pk", "name"),
        ]
        self.fields["sector"].choices = [("", "–"), *Sector.choices]

    def data_for_services(self) -> dict:
        return dict(self.cleaned_data)


class PostForm(forms.Form):
    text = forms.CharField(
        label=_("Ihr Beitrag"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Bitte schreiben Sie einen Beitrag.")},
    )


class BadgeChoiceForm(forms.Form):
    show = forms.BooleanField(
        label=_("Meine Funktion bei Beiträgen in Beteiligungen zeigen"), required=False
    )
