"""Forms of the B2B day pages (the services check again)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusterwerk.matchmaking.models import ContactOutcome

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class SettingsForm(forms.Form):
    table_count = forms.IntegerField(label=_("Tische"), min_value=1, max_value=500)
    max_meetings_per_person = forms.IntegerField(
        label=_("höchstens Gespräche je Person"), min_value=1, max_value=50
    )
    first_slot_at = forms.DateTimeField(
        label=_("Beginn des ersten Zeitfensters"),
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT],
    )
    slot_minutes = forms.IntegerField(
        label=_("Minuten je Gespräch"), min_value=5, max_value=240, initial=20
    )
    slot_count = forms.IntegerField(label=_("Zeitfenster"), min_value=1, max_value=48)
    breaks = forms.CharField(
        label=_("Pausen"),
        required=False,
        help_text=_("Nummern der Zeitfenster ohne Gespräche, mit Komma getrennt, z. B. 5, 9."),
    )
    wishes_close_at = forms.DateTimeField(
        label=_("Gesprächswünsche bis"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT],
    )

    def clean_breaks(self) -> list[int]:
        text = self.cleaned_data["breaks"].replace(";", ",")
        numbers = []
        for part in text.split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise ValidationError(_("Bitte nur Nummern, mit Komma getrennt."))
            numbers.append(int(part))
        return numbers


class ProfileForm(forms.Form):
    profile = forms.CharField(
        label=_("Kurzprofil"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    offering = forms.CharField(
        label=_("Wir bieten"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    looking_for = forms.CharField(
        label=_("Wir suchen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    available_slots = forms.TypedMultipleChoiceField(
        label=_("Ich bin da in den Zeitfenstern"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Keins angekreuzt: den ganzen Tag."),
    )
    max_meetings = forms.IntegerField(
        label=_("Höchstens so viele Gespräche"), required=False, min_value=1, max_value=50
    )

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["available_slots"].choices = slots


class WishForm(forms.Form):
    target = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    score = forms.FloatField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Worüber möchten Sie sprechen?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MoveForm(forms.Form):
    slot = forms.TypedChoiceField(label=_("Zeitfenster"), coerce=int)
    table = forms.IntegerField(
        label=_("Tisch"), required=False, min_value=1, help_text=_("Leer: der erste freie Tisch.")
    )

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = slots


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Ergebnis"), choices=ContactOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Notiz"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
