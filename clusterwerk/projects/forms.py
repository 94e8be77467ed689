"""Project forms: they turn HTML input into the services' data format; the services validate."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import Actor, ActorStatus, Visibility
from clusterwerk.masterplan.models import number_sort_key
from clusterwerk.masterplan.queries import TopicCatalogue
from clusterwerk.projects.models import FundingProgramme, PartnerRole, ProjectPhase, SupportKind

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

    def __init__(self, *args, catalogue: TopicCatalogue, with_phase: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding_programme"].choices = [("", "–")] + [
            (programme.key, programme.short_name) for programme in FundingProgramme.objects.all()
        ]
        self.fields["primary_topic"].choices = topic_choices(catalogue)
        self.fields["secondary_topics"].choices = topic_choices(catalogue)[1:]
        if not with_phase:
            del self.fields["phase"]

    def clean_partners(self):
        lines = [line.strip() for line in self.cleaned_data["partners"].splitlines()]
        partners, problems = [], []
        for index, line in enumerate(filter(None, lines)):
            name, _sep, role_text = line.partition(";")
            role = (
                _role(role_text.strip())
                if role_text.strip()
                else (PartnerRole.LEAD if index == 0 else PartnerRole.PARTNER)
            )
            if role is None:
                problems.append(_("„%(role)s“ ist keine Rolle.") % {"role": role_text.strip()})
                continue
            actor, problem = _find_actor(name.strip())
            if problem:
                problems.append(problem)
                continue
            partners.append({"actor": actor.pk, "role": role})
        if problems:
            raise forms.ValidationError(problems)
        return partners

    def data_for_services(self) -> dict:
        data = {
            key: self.cleaned_data.get(key)
            for key in (
                "title",
                "acronym",
                "description",
                "phase",
                "start_date",
                "end_date",
                "year_initiated",
                "is_rdi",
                "funding_programme",
                "total_volume",
                "funding_amount",
                "regional_volume",
                "visibility",
            )
            if key in self.fields
        }
        for key in ("start_date", "end_date"):
            data[key] = data[key].isoformat() if data.get(key) else None
        for key in ("total_volume", "funding_amount", "regional_volume"):
            data[key] = str(data[key]) if data.get(key) is not None else None
        data["partners"] = self.cleaned_data.get("partners", [])
        data["topics"] = {
            "primary": self.cleaned_data.get("primary_topic", ""),
            "secondary": self.cleaned_data.get("secondary_topics", []),
        }
        return data


def _role(text: str):
    for value, label in PartnerRole.choices:
        if text.casefold() in (value, str(label).casefold()):
            return value
    return None


def _find_actor(text: str):
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
