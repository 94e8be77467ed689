"""Project forms: they turn HTML input into the services' data format; the services validate."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import Actor, ActorStatus, Visibility
from clusterwerk.masterplan.forms import use_topic_picker
from clusterwerk.masterplan.models import number_sort_key
from clusterwerk.masterplan.queries import TopicCatalogue
from clusterwerk.projects.models import FundingProgramme, PartnerRole, ProjectPhase, SupportKind
from clusterwerk.projects.services import SCALAR_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def topic_choices(catalogue: TopicCatalogue):
    return [("", "–")] + [
        (number, f"{number} {catalogue.title_by_number[number]}")
        for number in sorted(catalogue.title_by_number, key=number_sort_key)
    ]


class ProjectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Titel"), max_length=300)
    acronym = forms.CharField(label=_("Akronym"), max_length=40, required=False)
    description = forms.CharField(
        label=_("Beschreibung"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=10_000,
        help_text=_(
            "Worum geht es, was soll entstehen? Daraus schlägt Clusterwerk Themenbereiche vor."
        ),
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=ProjectPhase.choices)
    start_date = forms.DateField(label=_("Beginn"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("Ende"), required=False, widget=DATE)
    year_initiated = forms.IntegerField(
        label=_("Jahr der Initiierung"), required=False, min_value=2000, max_value=2100
    )
    is_rdi = forms.BooleanField(
        label=_("Forschungs-, Entwicklungs- oder Innovationsprojekt (FuEuI)"), required=False
    )
    funding_programme = forms.ChoiceField(label=_("Förderprogramm"), required=False)
    total_volume = forms.DecimalField(
        label=_("Projektvolumen (€)"), required=False, decimal_places=2
    )
    funding_amount = forms.DecimalField(
        label=_("Fördersumme (€)"), required=False, decimal_places=2
    )
    regional_volume = forms.DecimalField(
        label=_("davon in Berlin-Brandenburg (€)"), required=False, decimal_places=2
    )
    visibility = forms.ChoiceField(label=_("Sichtbarkeit"), choices=Visibility.choices)
    primary_topic = forms.ChoiceField(label=_("Haupt-Themenbereich"), required=False)
    secondary_topics = forms.MultipleChoiceField(
        label=_("weitere Themenbereiche"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    partners = forms.CharField(
        label=_("Partner"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "Ein Akteur je Zeile: Name oder Nummer, die Konsortialführung zuerst. "
            "Rolle hinter einem Semikolon, z. B. „Oderblech GmbH; Verbundpartner“."
        ),
    )

    def __init__(
        self,
        *args,
        catalogue: TopicCatalogue,
        with_phase: bool = True,
        current_partners=(),
        **kwargs,
    ):
        """`current_partners`: the actors the project has now (editing); a partner line with
        one of their names means that actor, even where the name alone is ambiguous."""
        super().__init__(*args, **kwargs)
        self.current_partners = list(current_partners)
        self.fields["funding_programme"].choices = [("", "–")] + [
            (programme.key, programme.short_name) for programme in FundingProgramme.objects.all()
        ]
        use_topic_picker(self.fields["primary_topic"], catalogue, first=[("", _("keiner"))])
        use_topic_picker(self.fields["secondary_topics"], catalogue)
        if not with_phase:
            del self.fields["phase"]

    def partners_changed(self) -> bool:
        """Whether the partner lines differ from those the form was loaded with (line breaks
        and blank lines as a browser sends them do not count)."""
        if "partners" not in self.initial:
            return True
        return _lines(self.data.get("partners", "")) != _lines(self.initial["partners"])

    def topics_changed(self) -> bool:
        if "primary_topic" not in self.initial:
            return True
        return bool({"primary_topic", "secondary_topics"} & set(self.changed_data))

    def has_changes(self) -> bool:
        """Anything to save? (An edit form posted unchanged is not.)"""
        return (
            bool(set(self.changed_data) - {"partners", "primary_topic", "secondary_topics"})
            or self.partners_changed()
            or self.topics_changed()
        )

    def clean_partners(self):
        """The partners as the services take them; None when the lines are unchanged (the
        project keeps its partners as they are)."""
        if not self.partners_changed():
            return None
        partners, problems = [], []
        for index, line in enumerate(_lines(self.cleaned_data["partners"])):
            name, _sep, role_text = line.partition(";")
            role = (
                _role(role_text.strip())
                if role_text.strip()
                else (PartnerRole.LEAD if index == 0 else PartnerRole.PARTNER)
            )
            if role is None:
                problems.append(_("„%(role)s“ ist keine Rolle.") % {"role": role_text.strip()})
                continue
            actor, problem = _find_actor(name.strip(), known=self.current_partners)
            if problem:
                problems.append(problem)
                continue
            partners.append({"actor": actor.pk, "role": role})
        if problems:
            raise forms.ValidationError(problems)
        return partners

    def data_for_services(self) -> dict:
        data = {key: self.cleaned_data.get(key) for key in SCALAR_FIELDS if key in self.fields}
        for key in ("start_date", "end_date"):
            data[key] = data[key].isoformat() if data.get(key) else None
        for key in ("total_volume", "funding_amount", "regional_volume"):
            data[key] = str(data[key]) if data.get(key) is not None else None
        # Unchanged partners and topics are left out, so the project keeps them exactly as
        # they are (roles, topics of earlier editions, who assigned a topic).
        if self.cleaned_data.get("partners") is not None:
            data["partners"] = self.cleaned_data["partners"]
        if self.topics_changed():
            data["topics"] = {
                "primary": self.cleaned_data.get("primary_topic", ""),
                "secondary": self.cleaned_data.get("secondary_topics", []),
            }
        return data


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _role(text: str):
    for value, label in PartnerRole.choices:
        if text.casefold() in (value, str(label).casefold()):
            return value
    return None


def _find_actor(text: str, *, known=()):
    same_name = [actor for actor in known if actor.name.casefold() == text.casefold()]
    if len(same_name) == 1:
        return same_name[0], None
    actors = Actor.objects.exclude(status=ActorStatus.ARCHIVED)
    if text.isdigit():
        actor = actors.filter(pk=int(text)).first()
        return actor, None if actor else _("Keinen Akteur mit der Nummer %(n)s gefunden.") % {
            "n": text
        }
    exact = list(actors.filter(Q(name__iexact=text) | Q(short_name__iexact=text))[:2])
    if len(exact) == 1:
        return exact[0], None
    candidates = list(actors.filter(name__icontains=text).order_by("name")[:4])
    if len(candidates) == 1:
        return candidates[0], None
    if not candidates:
        return None, _("Keinen Akteur „%(name)s“ gefunden.") % {"name": text}
    names = "; ".join(f"{actor.name} (Nr. {actor.pk})" for actor in candidates[:3])
    return None, _("„%(name)s“ ist nicht eindeutig: %(names)s – bitte die Nummer angeben.") % {
        "name": text,
        "names": names,
    }


def partner_lines(project) -> str:
    return "\n".join(
        f"{partner.actor.name}; {partner.get_role_display()}"
        for partner in project.partners.select_related("actor").order_by("role", "actor__name")
    )


class PhaseForm(forms.Form):
    to_phase = forms.ChoiceField(label=_("Neue Phase"), choices=ProjectPhase.choices)
    changed_on = forms.DateField(label=_("Datum"), widget=DATE)
    note = forms.CharField(label=_("Vermerk"), max_length=300, required=False)


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Titel der Idee"), max_length=300)
    description = forms.CharField(
        label=_("Beschreibung"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        help_text=_("Was wollen Sie entwickeln, mit wem, und was brauchen Sie vom Cluster?"),
    )


class IdeaDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Entscheidung"), choices=[("accept", _("Annehmen")), ("decline", _("Ablehnen"))]
    )
    reason = forms.CharField(label=_("Begründung"), max_length=500, required=False)


class AssessmentForm(forms.Form):
    comment = forms.CharField(
        label=_("Anmerkung"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.key}"] = forms.TypedChoiceField(
                label=f"{criterion.name} ({criterion.weight:g} %)",
                choices=[("", "–")] + [(str(n), str(n)) for n in range(6)],
                coerce=int,
                help_text=criterion.description,
            )

    def scores(self) -> dict[str, int]:
        return {c.key: self.cleaned_data[f"score_{c.key}"] for c in self.criteria}


class SupportForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE)
    kind = forms.ChoiceField(label=_("Art der Unterstützung"), choices=SupportKind.choices)
    description = forms.CharField(label=_("Beschreibung"), max_length=500, required=False)


class ResultsForm(forms.Form):
    new_products = forms.IntegerField(label=_("neue Produkte"), min_value=0, initial=0)
    new_processes = forms.IntegerField(label=_("neue Verfahren"), min_value=0, initial=0)
    patents = forms.IntegerField(label=_("Patente"), min_value=0, initial=0)
    jobs_created = forms.IntegerField(label=_("neue Arbeitsplätze"), min_value=0, initial=0)
    follow_up_projects = forms.IntegerField(label=_("Folgeprojekte"), min_value=0, initial=0)
    success_story = forms.CharField(
        label=_("Erfolgsgeschichte"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10_000,
    )
