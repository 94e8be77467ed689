"""Forms of the door: one scan (entry or exit of a registration found by name, or of a
ticket), a ticket code typed in, and the late registration at the door."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterwerk.events.models import CheckInKind, Event, TicketType


class ScanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Art"), choices=CheckInKind.choices)


class RegistrationScanForm(ScanForm):
    registration = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    q = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Ticketcode"),
        max_length=200,
        help_text=_("Der Code unter dem QR-Code des Tickets."),
    )


class DoorRegistrationForm(forms.Form):
    prefix = "door"

    first_name = forms.CharField(label=_("Vorname"), max_length=100)
    last_name = forms.CharField(label=_("Nachname"), max_length=100)
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        required=False,
        help_text=_("Für die Bestätigung mit dem Ticket; darf an der Tür leer bleiben."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=300,
        required=False,
        help_text=_(
            "Aus dem Akteursverzeichnis wählen (Vorschläge erscheinen beim Tippen) oder frei "
            "eingeben."
        ),
    )
    actor = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    ticket_type = forms.ModelChoiceField(
        label=_("Kontingent"), queryset=TicketType.objects.none(), empty_label=None
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket_type"].queryset = event.ticket_types.order_by("order", "id")
        self.fields["ticket_type"].label_from_instance = lambda ticket_type: ticket_type.name
        for name, autocomplete in (
            ("first_name", "off"),
            ("last_name", "off"),
            ("email", "off"),
            ("organisation", "off"),
        ):
            self.fields[name].widget.attrs["autocomplete"] = autocomplete
