"""Forms for interviews and workshops (the services validate; forms only collect)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import Actor
from clusterwerk.participation.models import Consultation, Interview, Proposal, Workshop
from clusterwerk.participation.queries import linkable_proposals, topic_numbers


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):
        # A date input shows only ISO dates ("2026-03-02"); a German "02.03.2026" would
        # leave it empty and the date would be lost on saving.
        super().__init__(attrs, format=format or "%Y-%m-%d")


def _actors(cluster, linked=()):
    """The cluster's actors, and those already linked to the record (which may have left the
    cluster since): what the form cannot offer, it would drop on saving."""
    return (
        Actor.objects.filter(Q(memberships__cluster=cluster) | Q(pk__in=list(linked)))
        .distinct()
        .order_by("name")
    )


class InterviewForm(forms.Form):
    held_on = forms.DateField(label=_("Datum"), widget=DateInput)
    actor = forms.ModelChoiceField(label=_("Akteur"), queryset=Actor.objects.none())
    interviewee_function = forms.CharField(label=_("Funktion der befragten Person"), max_length=200)
    consultation = forms.ModelChoiceField(
        label=_("Beteiligung"), queryset=Consultation.objects.none(), required=False
    )
    topics = forms.CharField(
        label=_("Themenbereiche"),
        required=False,
        help_text=_(
            "Nummern der veröffentlichten Ausgabe, durch Kommas getrennt, z. B. 4.2.1, 6.3.2"
        ),
    )
    situation = forms.CharField(label=_("Ausgangslage"), widget=forms.Textarea, required=False)
    needs = forms.CharField(label=_("Bedarfe"), widget=forms.Textarea, required=False)
    suggestions = forms.CharField(
        label=_("Anregungen für den Masterplan"), widget=forms.Textarea, required=False
    )
    consent_to_quote = forms.BooleanField(label=_("Einverständnis zum Zitieren"), required=False)

    def __init__(self, *args, cluster, instance: Interview | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "held_on": instance.held_on,
                "actor": instance.actor_id,
                "interviewee_function": instance.interviewee_function,
                "consultation": instance.consultation_id,
                "topics": ", ".join(topic_numbers(cluster, instance.topic_lineages)),
                "situation": instance.situation,
                "needs": instance.needs,
                "suggestions": instance.suggestions,
                "consent_to_quote": instance.consent_to_quote,
            }
        super().__init__(*args, **kwargs)
        linked = [instance.actor_id] if instance is not None else []
        self.fields["actor"].queryset = _actors(cluster, linked)
        self.fields["consultation"].queryset = Consultation.objects.filter(cluster=cluster)


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    held_on = forms.DateField(label=_("Datum"), widget=DateInput)
    consultation = forms.ModelChoiceField(
        label=_("Beteiligung"), queryset=Consultation.objects.none(), required=False
    )
    participant_count = forms.IntegerField(label=_("Teilnehmende"), min_value=0, initial=0)
    participants = forms.ModelMultipleChoiceField(
        label=_("beteiligte Akteure"), queryset=Actor.objects.none(), required=False
    )
    minutes = forms.CharField(label=_("Protokoll"), widget=forms.Textarea, required=False)
    proposals = forms.ModelMultipleChoiceField(
        label=_("verknüpfte Vorschläge"), queryset=Proposal.objects.none(), required=False
    )

    def __init__(self, *args, cluster, instance: Workshop | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": instance.title,
                "held_on": instance.held_on,
                "consultation": instance.consultation_id,
                "participant_count": instance.participant_count,
                "participants": [actor.pk for actor in instance.participants.all()],
                "minutes": instance.minutes,
                "proposals": [proposal.pk for proposal in instance.proposals.all()],
            }
        super().__init__(*args, **kwargs)
        participants = instance.participants.values_list("pk", flat=True) if instance else []
        self.fields["participants"].queryset = _actors(cluster, participants)
        self.fields["consultation"].queryset = Consultation.objects.filter(cluster=cluster)
        # Linked proposals stay offered (and linked) even when moderation has hidden them.
        proposals = linkable_proposals(cluster)
        if instance is not None:
            proposals = proposals | Proposal.objects.filter(
                pk__in=list(instance.proposals.values_list("pk", flat=True))
            )
        self.fields["proposals"].queryset = proposals
