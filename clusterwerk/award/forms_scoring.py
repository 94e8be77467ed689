"""Forms of the jury's scoring, the discussion and the decision (part "scoring"). The rules
are the services'; the forms collect the input and show the services' German errors on the
matching inputs (`add_service_errors` with `ReviewForm.aliases`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterwerk.award.models import SCALE_MAX, SCALE_MIN, Decision
from clusterwerk.award.services.decisions import MAX_NOTE
from clusterwerk.award.services.scoring import MAX_COMMENT, MAX_REASON

SUBMIT = "submit"
DRAFT = "draft"


def score_field_name(key: str) -> str:
    return f"score_{key}"


class ReviewForm(forms.Form):
    """One radio group 0–5 per criterion, each step with its sentence; a comment. Which
    button was pressed (`action`: draft or submit) decides whether the review is handed in."""

    comment = forms.CharField(
        label=_("Anmerkung für die Jury"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Die anderen Jurymitglieder sehen sie ab der Diskussion; der Bewerber nie."),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        fields = {}
        for criterion in self.criteria:
            labels = list(criterion.scale_labels or [])
            choices = [
                (
                    value,
                    f"{value} – {labels[value - SCALE_MIN]}"
                    if value - SCALE_MIN < len(labels)
                    else str(value),
                )
                for value in range(SCALE_MIN, SCALE_MAX + 1)
            ]
            fields[score_field_name(criterion.key)] = forms.TypedChoiceField(
                label=criterion.title,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                help_text=criterion.description,
                error_messages={
                    "invalid_choice": _(
                        "Der Wert für „%(title)s“ muss zwischen %(min)d und %(max)d liegen."
                    )
                    % {"title": criterion.title, "min": SCALE_MIN, "max": SCALE_MAX}
                },
            )
        # The criteria first, the comment last.
        self.fields = {**fields, "comment": self.fields["comment"]}
        self.aliases = {
            criterion.key: score_field_name(criterion.key) for criterion in self.criteria
        }

    def score_fields(self):
        for criterion in self.criteria:
            yield criterion, self[score_field_name(criterion.key)]

    def scores(self) -> dict[str, int | None]:
        return {
            criterion.key: self.cleaned_data.get(score_field_name(criterion.key))
            for criterion in self.criteria
        }


def initial_for(review) -> dict:
    initial = {"comment": review.comment}
    for key, value in review.scores.values_list("criterion__key", "value"):
        initial[score_field_name(key)] = value
    return initial


class AbstainForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund der Enthaltung"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Das Clustermanagement sieht den Grund; Ihre Punkte werden gelöscht."),
        error_messages={"required": _("Bitte begründen Sie, warum Sie sich enthalten.")},
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Ihr Kommentar"),
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Bitte schreiben Sie einen Kommentar.")},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Entscheidung"), choices=Decision.choices, required=False)
    note = forms.CharField(
        label=_("Begründung der Jury"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, edition=None, **kwargs):
        super().__init__(*args, **kwargs)
        if edition is not None and not edition.has_special_prize:
            self.fields["decision"].choices = [
                choice for choice in Decision.choices if choice[0] != Decision.SPECIAL_PRIZE
            ]


class ReleaseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Ich habe die Entscheidungen geprüft. Sie werden jetzt veröffentlicht und können "
            "danach nicht mehr geändert werden."
        ),
        error_messages={"required": _("Bitte bestätigen Sie die Veröffentlichung.")},
    )
