"""What the forms of all parts share: putting the services' German errors back on the inputs
(the foresight's helper, with key aliases), the date input and the PDF upload of a body's
documents (the space's and a meeting's)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterwerk.foresight.forms_gaps import add_service_errors
from clusterwerk.governance.models import MAX_DOCUMENT_MB

__all__ = ["DATE", "DocumentForm", "add_service_errors"]

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel des Dokuments"), max_length=300, required=False)
    file = forms.FileField(
        label=_("PDF-Datei"),
        help_text=_(
            "Nur PDF, höchstens %(max)d MB. Nur die Mitglieder des Gremiums und das "
            "Clustermanagement sehen es."
        )
        % {"max": MAX_DOCUMENT_MB},
        error_messages={"required": _("Bitte wählen Sie eine PDF-Datei.")},
    )
