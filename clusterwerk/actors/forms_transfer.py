"""The upload form of the actor import (cluster management): the file and "check only"; the
cluster is the request's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.importing import MAX_BYTES, too_large_message


class ActorImportForm(forms.Form):
    file = forms.FileField(
        label=_("Datei (CSV oder XLSX)"),
        help_text=_(
            "Eine Zeile je Akteur, Spaltenüberschriften in der ersten Zeile. CSV mit Semikolon "
            "oder Komma, UTF-8 oder Windows-1252; höchstens 20 MB und 50.000 Zeilen."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Nur prüfen, nichts speichern"),
        required=False,
        help_text=_("Zeigt Fehler und was angelegt oder aktualisiert würde."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(too_large_message())
        return upload
