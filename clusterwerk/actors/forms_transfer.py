"""The upload form of the actor import (cluster management)."""

from django import forms
from django.conf import settings
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
    cluster = forms.ChoiceField(
        label=_("Cluster"),
        help_text=_("Für Zeilen ohne Angabe in der Spalte „cluster“."),
    )

    def __init__(self, *args, clusters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.clusters = {cluster.slug: cluster for cluster in clusters}
        if len(self.clusters) > 1:
            self.fields["cluster"].choices = [
                (cluster.slug, cluster.name) for cluster in self.clusters.values()
            ]
            if settings.DEFAULT_CLUSTER_SLUG in self.clusters:
                self.fields["cluster"].initial = settings.DEFAULT_CLUSTER_SLUG
        else:
            del self.fields["cluster"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(too_large_message())
        return upload

    def selected_cluster(self):
        """The cluster chosen, or the only one the user manages."""
        if "cluster" in self.cleaned_data:
            return self.clusters.get(self.cleaned_data["cluster"])
        return next(iter(self.clusters.values()), None)
