"""The form of Cross Cluster: a topic's description, topic areas and keywords."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterwerk.crosscluster.services import (
    MAX_DESCRIPTION,
    MAX_KEYWORD_LENGTH,
    MAX_KEYWORDS,
    MAX_TOPIC_AREAS,
)


class TopicForm(forms.Form):
    description = forms.CharField(
        label=_("Erläuterung"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Worum es beiden Clustern bei diesem Thema geht."),
    )
    topic_lineages = forms.CharField(
        label=_("Themenbereiche des Masterplans (Nummern)"),
        required=False,
        max_length=200,
        help_text=_(
            "Durch Kommas getrennt, z. B. „4.2.1, 4.2.3“; höchstens %(max)d. Was diesen "
            "Themenbereichen zugeordnet ist, gehört zum Thema."
        )
        % {"max": MAX_TOPIC_AREAS},
    )
    keywords = forms.CharField(
        label=_("Schlagwörter"),
        required=False,
        max_length=MAX_KEYWORDS * (MAX_KEYWORD_LENGTH + 2),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Durch Kommas getrennt, höchstens %(max)d. Ein Eintrag gehört zum Thema, wenn "
            "alle Wörter eines Schlagworts in seinem Text vorkommen."
        )
        % {"max": MAX_KEYWORDS},
    )


def topic_form_initial(data: dict) -> dict:
    """The services' topic data (`services.topic_data`) as the form's initial values."""
    return {
        "description": data["description"],
        "topic_lineages": ", ".join(data["topic_lineages"]),
        "keywords": ", ".join(data["keywords"]),
    }
