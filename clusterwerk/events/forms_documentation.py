"""Forms of the documentation pages: minutes, one form per kind of follow-up (each with its
own prefix, so that all fit on one page), and the feedback survey. They only turn HTML input
into the arguments of `services.documentation`; the rules are there."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterwerk.events import queries_documentation as documentation
from clusterwerk.events.models import FollowUpKind
from clusterwerk.events.services.documentation import MAX_FEEDBACK_TEXT, MAX_MINUTES, MAX_NOTE
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.matchmaking.models import ListingKind

MARKDOWN_HELP = _(
    "Absätze mit einer Leerzeile; möglich sind **fett**, *kursiv*, Listen mit „- “ und Links "
    "(https://…)."
)
RATING_CHOICES = [
    (5, _("5 – sehr gut")),
    (4, _("4 – gut")),
    (3, _("3 – mittel")),
    (2, _("2 – weniger gut")),
    (1, _("1 – schlecht")),
]


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Protokoll"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=MAX_MINUTES,
        help_text=MARKDOWN_HELP,
        error_messages={"required": _("Bitte schreiben Sie das Protokoll.")},
    )


class FollowUpForm(forms.Form):
    kind = ""
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Notiz"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_NOTE,
        required=False,
    )

    def __init__(self, *args, event, user, **kwargs):
        kwargs.setdefault("prefix", self.kind)
        super().__init__(*args, **kwargs)
        self.event = event
        self.user = user

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"title": data.get("title", ""), "note": data.get("note", "")}


class ListingFollowUpForm(FollowUpForm):
    kind = FollowUpKind.LISTING
    listing = forms.ModelChoiceField(
        label=_("Bestehendes Inserat verknüpfen"),
        queryset=None,
        required=False,
        empty_label=_("– kein bestehendes, neues Inserat anlegen –"),
    )
    owner = forms.ModelChoiceField(
        label=_("Neues Inserat für"),
        queryset=None,
        required=False,
        empty_label=_("– Organisation wählen –"),
        help_text=_("Organisationen, die teilgenommen haben. Das Inserat entsteht als Entwurf."),
    )
    listing_kind = forms.ChoiceField(
        label=_("Art des Inserats"), choices=ListingKind.choices, required=False
    )
    field_order = ["listing", "owner", "listing_kind", "title", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["listing"].queryset = documentation.linkable_listings(self.user, self.event)
        self.fields["listing"].label_from_instance = lambda listing: (
            f"{listing.title} ({listing.owner_actor.name})"
        )
        self.fields["owner"].queryset = documentation.listing_owner_choices(self.user, self.event)
        self.fields["note"].label = _("Beschreibung")

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            **super().service_arguments(),
            "listing": data.get("listing"),
            "owner": data.get("owner"),
        }
        if data.get("listing_kind"):
            arguments["listing_data"] = {"kind": data["listing_kind"]}
        return arguments


class ProjectIdeaFollowUpForm(FollowUpForm):
    kind = FollowUpKind.PROJECT_IDEA
    project = forms.ModelChoiceField(
        label=_("Bestehendes Projekt oder bestehende Idee verknüpfen"),
        queryset=None,
        required=False,
        empty_label=_("– keine, neue Projektidee einreichen –"),
    )
    field_order = ["project", "title", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = documentation.linkable_projects(self.user, self.event)
        self.fields["note"].label = _("Beschreibung der Idee")

    def service_arguments(self) -> dict:
        return {**super().service_arguments(), "project": self.cleaned_data.get("project")}


class EditionProposalFollowUpForm(FollowUpForm):
    kind = FollowUpKind.EDITION_PROPOSAL
    proposal = forms.ModelChoiceField(
        label=_("Vorschlag aus der Beteiligung"),
        queryset=None,
        required=False,
        empty_label=_("– Vorschlag wählen –"),
    )
    field_order = ["proposal", "title", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = documentation.linkable_edition_proposals(self.event)
        self.fields["proposal"].label_from_instance = lambda proposal: (
            f"{proposal.title or proposal.proposed_text[:80]} ({proposal.consultation})"
        )

    def service_arguments(self) -> dict:
        return {**super().service_arguments(), "proposal": self.cleaned_data.get("proposal")}


class ForesightSignalFollowUpForm(FollowUpForm):
    kind = FollowUpKind.FORESIGHT_SIGNAL
    topic = forms.ChoiceField(label=_("Themenbereich"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        catalogue = topic_catalogue(self.event.cluster)
        self.fields["topic"].choices = [("", _("– keiner –"))] + [
            (number, catalogue.label(number)) for number in catalogue.numbers()
        ]

    def service_arguments(self) -> dict:
        return {**super().service_arguments(), "topic": self.cleaned_data.get("topic", "")}


FOLLOW_UP_FORMS = {
    form.kind: form
    for form in (
        ListingFollowUpForm,
        ProjectIdeaFollowUpForm,
        ForesightSignalFollowUpForm,
        EditionProposalFollowUpForm,
    )
}
# Service error keys that belong to another input of the form.
FOLLOW_UP_ALIASES = {"description": "note", "kind": "listing_kind"}


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Wie hat Ihnen die Veranstaltung gefallen?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte bewerten Sie mit 1 bis 5 Sternen.")},
    )
    text = forms.CharField(
        label=_("Was sollen wir beibehalten, was besser machen?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_FEEDBACK_TEXT,
        required=False,
    )
