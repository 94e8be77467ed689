"""Forms of the jury pages: add a juror, decide a conflict, declare a conflict, change an
assignment by hand. They check the input; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterwerk.award.models import ConflictKind
from clusterwerk.award.services.jury import DECLARABLE_KINDS, FUNCTION_MAX, REASON_MAX


class JurorForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse des Kontos"),
        help_text=_("Die Person braucht ein Konto auf der Plattform."),
        error_messages={
            "required": _("Bitte die E-Mail-Adresse des Kontos angeben."),
            "invalid": _("Bitte eine gültige E-Mail-Adresse angeben."),
        },
    )
    affiliation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        empty_label=_("– keine –"),
        help_text=_("Für wen die Person in der Jury sitzt; hilft, Befangenheiten zu erkennen."),
    )
    function = forms.CharField(label=_("Funktion"), max_length=FUNCTION_MAX, required=False)
    is_chair = forms.BooleanField(label=_("Vorsitz der Jury"), required=False)

    def __init__(self, *args, actors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["affiliation"].queryset = (
            actors.order_by("name") if actors is not None else None
        )


class DecideConflictForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[("pin", _("bestätigen")), ("dismiss", _("verwerfen"))],
        error_messages={"required": _("Bitte bestätigen oder verwerfen.")},
    )
    reason = forms.CharField(
        label=_("Begründung"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Bitte eine Begründung angeben.")},
    )


class DeclareConflictForm(forms.Form):
    application = forms.ModelChoiceField(
        label=_("Bewerbung"),
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte die Bewerbung wählen."),
            "invalid_choice": _("Diese Bewerbung steht nicht zur Auswahl."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Art der Befangenheit"),
        choices=[(kind.value, kind.label) for kind in ConflictKind if kind in DECLARABLE_KINDS],
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte die Art der Befangenheit wählen.")},
    )
    reason = forms.CharField(
        label=_("Begründung"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nur das Clustermanagement liest sie."),
        error_messages={"required": _("Bitte eine Begründung angeben.")},
    )

    def __init__(self, *args, applications=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["application"]
        field.queryset = applications
        field.label_from_instance = label_for_declaration


def label_for_declaration(application) -> str:
    """Title and the names of applicant and partners – nothing of the contents."""
    names = [application.applicant.name] + [p.actor.name for p in application.partners.all()]
    return f"{application.title} – {', '.join(names)}"


class AssignmentChangeForm(forms.Form):
    action = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove")])
    application = forms.IntegerField(min_value=1)
    member = forms.IntegerField(min_value=1)
