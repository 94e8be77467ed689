"""Forms of the conversation page: a message, a meeting proposal with up to three times, the
answer to a proposal, the outcome, a report and the moderators' reason. The services check
everything again; these forms give German messages by field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterwerk.matchmaking.models import ContactOutcome
from clusterwerk.matchmaking.services.conversations import (
    MAX_BODY,
    MAX_NOTE,
    MAX_PLACE,
    MAX_REASON,
)

# Entered and shown in the installation's time zone (Europe/Berlin).
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
DURATIONS = [(15, "15"), (30, "30"), (45, "45"), (60, "60"), (90, "90"), (120, "120")]


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Ihre Nachricht"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 4, "data-focus-after-swap": ""}),
        help_text=_("Nur Text, höchstens 4000 Zeichen. Die andere Seite bekommt eine E-Mail."),
        error_messages={
            "required": _("Bitte schreiben Sie eine Nachricht."),
            "max_length": _("Höchstens %(limit_value)d Zeichen (jetzt %(show_value)d)."),
        },
    )


def _option(number: int, required: bool) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=_("Termin %(number)d") % {"number": number},
        required=required,
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        help_text=_("Datum und Uhrzeit (deutsche Zeit)") if number == 1 else "",
        error_messages={
            "required": _("Bitte schlagen Sie mindestens einen Termin vor."),
            "invalid": _("Bitte Datum und Uhrzeit angeben, z. B. 12.03.2027 10:00."),
        },
    )


class MeetingForm(forms.Form):
    option_1 = _option(1, True)
    option_2 = _option(2, False)
    option_3 = _option(3, False)
    duration_minutes = forms.TypedChoiceField(
        label=_("Dauer (Minuten)"),
        choices=DURATIONS,
        coerce=int,
        initial=60,
    )
    place = forms.CharField(
        label=_("Ort"),
        max_length=MAX_PLACE,
        required=False,
        help_text=_("Adresse – oder leer lassen und einen Link angeben."),
    )
    online_url = forms.URLField(
        label=_("Link zum Online-Treffen"),
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Bitte geben Sie einen gültigen Link an.")},
    )
    note = forms.CharField(
        label=_("Hinweis"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def options(self) -> list:
        return [self.cleaned_data.get(f"option_{number}") for number in (1, 2, 3)]


class MeetingAnswerForm(forms.Form):
    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = [
            (option.pk, option.starts_at) for option in (meeting.options.all() if meeting else [])
        ]

    option = forms.TypedChoiceField(
        label=_("Welcher Termin passt Ihnen?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie einen der Termine.")},
    )


class MeetingDeclineForm(forms.Form):
    decline_note = forms.CharField(
        label=_("Warum passt keiner der Termine?"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Bitte schreiben Sie der anderen Seite kurz, warum.")},
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Wie ist der Kontakt ausgegangen?"),
        choices=ContactOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie ein Ergebnis.")},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund"),
        max_length=MAX_REASON,
        error_messages={"required": _("Bitte geben Sie einen Grund an.")},
    )
