"""Forms of the panel and rating pages. They read the input; the services check the rules.

`RatingForm` has, per criterion, the radio steps plus "kann ich nicht beurteilen" (`c<id>`)
and a reason (`reason_<id>`), and the expertise (1–5). `answers()` hands the service only
what the person changed (`changed_data`), so a save never touches the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterwerk.foresight.defaults import EXPERTISE_LABELS
from clusterwerk.foresight.models import StakeholderGroup
from clusterwerk.foresight.services.panel import NAME_MAX
from clusterwerk.foresight.services.rating import (
    COMMENT_MAX,
    REASON_MAX,
    reason_key,
    value_key,
)

CANNOT_JUDGE = "x"


class InviteForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("Organisation aus dem Verzeichnis"),
        queryset=None,
        required=False,
        empty_label=_("– keine oder nicht im Verzeichnis –"),
        help_text=_("Ohne Angabe des Landkreises gilt der Sitz der Organisation."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        error_messages={"required": _("Bitte den Namen angeben.")},
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_("An diese Adresse geht die Einladung; angenommen wird mit einem Konto dazu."),
        error_messages={
            "required": _("Bitte die E-Mail-Adresse angeben."),
            "invalid": _("Bitte eine gültige E-Mail-Adresse angeben."),
        },
    )
    stakeholder_group = forms.ChoiceField(
        label=_("Gruppe"),
        choices=[("", _("– bitte wählen –")), *StakeholderGroup.choices],
        error_messages={"required": _("Bitte die Gruppe wählen.")},
    )
    district = forms.ModelChoiceField(
        label=_("Landkreis/kreisfreie Stadt"),
        queryset=None,
        required=False,
        empty_label=_("– keine Angabe –"),
    )

    def __init__(self, *args, actors=None, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors.order_by("name") if actors is not None else None
        self.fields["district"].queryset = (
            districts.order_by("name") if districts is not None else None
        )


def _step_choices(criterion) -> list[tuple[str, str]]:
    return [
        *((str(step), f"{step} – {label}") for step, label in enumerate(criterion.labels, start=1)),
        (CANNOT_JUDGE, _("kann ich nicht beurteilen")),
    ]


class RatingForm(forms.Form):
    expertise = forms.TypedChoiceField(
        label=_("Ihre Expertise zu diesem Item"),
        choices=[
            (str(level), f"{level} – {label}") for level, label in enumerate(EXPERTISE_LABELS, 1)
        ],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, criteria, ratings=None, expertise=None, **kwargs):
        ratings = ratings or {}
        initial = kwargs.pop("initial", {}) or {}
        for criterion in criteria:
            rating = ratings.get(criterion.pk)
            if rating is not None:
                initial[value_key(criterion.pk)] = (
                    CANNOT_JUDGE if rating.cannot_judge else str(rating.value)
                )
                initial[reason_key(criterion.pk)] = rating.reason
        if expertise is not None:
            initial["expertise"] = str(expertise)
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[value_key(criterion.pk)] = forms.ChoiceField(
                label=criterion.name,
                help_text=criterion.question,
                choices=_step_choices(criterion),
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Bitte eine Stufe der Skala wählen.")},
            )
            self.fields[reason_key(criterion.pk)] = forms.CharField(
                label=_("Begründung zu „%(name)s“") % {"name": criterion.name},
                required=False,
                max_length=REASON_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_(
                    "Ihre Antwort liegt außerhalb des mittleren Bereichs der Gruppe. Warum? "
                    "Die anderen sehen die Begründung ohne Ihren Namen."
                ),
            )

    def rows(self):
        """(criterion, value field, reason field) per criterion, for the template."""
        return [
            (criterion, self[value_key(criterion.pk)], self[reason_key(criterion.pk)])
            for criterion in self.criteria
        ]

    def payload(self) -> dict:
        """The service's arguments with only what the person changed."""
        answers, reasons = {}, {}
        for criterion in self.criteria:
            name = value_key(criterion.pk)
            chosen = self.cleaned_data.get(name)
            if name in self.changed_data and chosen:
                answers[criterion.pk] = None if chosen == CANNOT_JUDGE else int(chosen)
            name = reason_key(criterion.pk)
            if name in self.changed_data:
                reasons[criterion.pk] = self.cleaned_data.get(name) or ""
        expertise = self.cleaned_data.get("expertise") if "expertise" in self.changed_data else None
        return {"answers": answers, "reasons": reasons, "expertise": expertise}


def parse_choice(raw) -> tuple[int | None, bool] | None:
    """A submitted radio value as (value, cannot_judge); None when nothing (valid) chosen."""
    if raw == CANNOT_JUDGE:
        return (None, True)
    try:
        return (int(raw), False)
    except (TypeError, ValueError):
        return None


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Ihr Kommentar"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Die anderen sehen nur Ihr Pseudonym."),
        error_messages={"required": _("Bitte schreiben Sie einen Kommentar.")},
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
