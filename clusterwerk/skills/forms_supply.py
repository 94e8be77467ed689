"""Forms of supply and training offers: the companies' offer search (GET), the offer form of
providers and the management, and the management's supply figures (one figure by hand, the
CSV import). They carry HTML input into the services' data format (`services.supply`) and put
the services' German errors back on the inputs; the services validate."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import District
from clusterwerk.masterplan.forms import use_topic_picker
from clusterwerk.masterplan.queries import TopicCatalogue
from clusterwerk.skills.models import Occupation, OfferFormat, TrainingOffer
from clusterwerk.skills.services.supply import MAX_FILE_BYTES, OfferQuery

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER = forms.TextInput(attrs={"inputmode": "numeric"})


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put the services' errors on the matching inputs, the rest on top."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, messages in error.message_dict.items():
        field = key if key in form.fields and not form.fields[key].disabled else None
        for message in messages:
            form.add_error(field, message)


def qualification_topics(catalogue: TopicCatalogue) -> TopicCatalogue:
    """The catalogue's topic areas of Handlungsfeld 6 (Fachkräfte), or all when it has none."""
    numbers = [n for n in catalogue.lineage_by_number if n.startswith("6.")]
    if not numbers:
        return catalogue
    lineages = {n: catalogue.lineage_by_number[n] for n in numbers}
    return TopicCatalogue(
        lineage_by_number=lineages,
        number_by_lineage={lineage: n for n, lineage in lineages.items()},
        title_by_number={n: catalogue.title_by_number.get(n, "") for n in numbers},
        edition_id=catalogue.edition_id,
    )


def occupation_choices(first=()):
    return [*first] + [
        (o.code, f"{o.code} {o.label}")
        for o in Occupation.objects.only("code", "title", "short_title").order_by("code")
    ]


def district_choices(first=()):
    return [*first] + [(d.ags, d.name) for d in District.objects.order_by("name")]


# --- the search --------------------------------------------------------------------------------


class OfferSearchForm(forms.Form):
    beruf = forms.CharField(
        label=_("Beruf"),
        required=False,
        max_length=100,
        help_text=_("KldB-Schlüssel oder Bezeichnung, z. B. 25122 oder Mechatroniker"),
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("alle")), *OfferFormat.choices]
    )
    kreis = forms.ChoiceField(
        label=_("Kreis"),
        required=False,
        help_text=_("Mit Angeboten bis 40 km entfernt."),
    )
    thema = forms.ChoiceField(label=_("Themenbereich"), required=False)
    q = forms.CharField(label=_("Suchwörter"), required=False, max_length=200)
    vergangene = forms.BooleanField(label=_("Auch beendete Angebote"), required=False)

    def __init__(self, *args, catalogue: TopicCatalogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kreis"].choices = district_choices([("", _("alle"))])
        use_topic_picker(
            self.fields["thema"], qualification_topics(catalogue), first=[("", _("alle"))]
        )

    def query(self) -> OfferQuery:
        if not self.is_bound or not self.is_valid():
            return OfferQuery()
        data = self.cleaned_data
        return OfferQuery(
            occupation=data["beruf"],
            format=data["format"],
            district=data["kreis"],
            topic=data["thema"],
            text=data["q"],
            include_past=data["vergangene"],
        )


# --- the offer form ----------------------------------------------------------------------------


class OfferForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    provider = forms.ChoiceField(label=_("Bildungsträger"))
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie einen Titel an.")},
    )
    format = forms.ChoiceField(label=_("Format"), choices=[("", "–"), *OfferFormat.choices])
    occupation = forms.ChoiceField(label=_("Beruf (KldB 2010)"), required=False)
    competence = forms.CharField(
        label=_("Kompetenz"),
        max_length=200,
        required=False,
        help_text=_("Wenn es um keinen Beruf geht, z. B. „Schweißen nach DIN EN ISO 9606“."),
    )
    district = forms.ChoiceField(
        label=_("Ort (Kreis)"), required=False, help_text=_("Leer: der Kreis des Trägers.")
    )
    starts_on = forms.DateField(label=_("Beginn"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ende"), required=False, widget=DATE)
    url = forms.CharField(
        label=_("Weitere Informationen (https://…)"), max_length=500, required=False
    )
    description = forms.CharField(
        label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    topics = forms.MultipleChoiceField(label=_("Themenbereiche des Masterplans"), required=False)
    is_published = forms.BooleanField(label=_("Veröffentlicht"), required=False, initial=True)

    FIELDS = (
        "provider",
        "title",
        "format",
        "occupation",
        "competence",
        "district",
        "starts_on",
        "ends_on",
        "url",
        "description",
        "topics",
        "is_published",
    )

    def __init__(
        self,
        *args,
        providers,
        catalogue: TopicCatalogue,
        offer: TrainingOffer | None = None,
        **kwargs,
    ):
        self.offer = offer
        super().__init__(*args, **kwargs)
        choices = [(a.slug, a.name) for a in providers.order_by("name")]
        if offer is not None and offer.provider.slug not in {slug for slug, _n in choices}:
            choices.insert(0, (offer.provider.slug, offer.provider.name))
        self.fields["provider"].choices = choices
        if len(choices) == 1:
            self.fields["provider"].initial = choices[0][0]
        self.fields["occupation"].choices = occupation_choices([("", _("keiner"))])
        self.fields["district"].choices = district_choices([("", "–")])
        use_topic_picker(self.fields["topics"], qualification_topics(catalogue))

    def data_for_services(self) -> dict:
        names = self.FIELDS
        if self.offer is not None:
            names = [name for name in names if name in self.changed_data]
        data = {name: self.cleaned_data.get(name) for name in names}
        for name in ("starts_on", "ends_on"):
            if name in data and data[name] is not None:
                data[name] = data[name].isoformat()
        if "topics" in data:
            data["topics"] = list(data["topics"] or [])
        return data


def offer_initial(data: dict, version: int) -> dict:
    return {**data, "version": version}


# --- supply figures ----------------------------------------------------------------------------


class SupplyImportForm(forms.Form):
    year = forms.IntegerField(label=_("Jahr"), min_value=2000, max_value=2100, widget=NUMBER)
    file = forms.FileField(
        label=_("CSV-Datei"),
        help_text=_(
            "Spalten: Jahr (optional), KldB 2010, Kreisschlüssel, Bildungsträger (optional), "
            "Auszubildende, Absolventen; getrennt durch Semikolon oder Komma."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Nur prüfen (Vorschau, nichts wird gespeichert)"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("Die Datei ist zu groß (höchstens %(mb)d MB).") % {"mb": MAX_FILE_BYTES // 2**20}
            )
        return upload


class SupplyFigureForm(forms.Form):
    year = forms.IntegerField(label=_("Jahr"), min_value=2000, max_value=2100, widget=NUMBER)
    occupation = forms.ChoiceField(label=_("Beruf (KldB 2010)"))
    district = forms.ChoiceField(label=_("Kreis"))
    provider = forms.ChoiceField(label=_("Bildungsträger"), required=False)
    trainees = forms.IntegerField(label=_("Auszubildende/Studierende"), min_value=0, widget=NUMBER)
    graduates = forms.IntegerField(
        label=_("Absolventinnen und Absolventen"), min_value=0, widget=NUMBER
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupation"].choices = occupation_choices([("", "–")])
        self.fields["district"].choices = district_choices([("", "–")])
        self.fields["provider"].choices = [("", _("ohne"))] + [
            (a.slug, a.name) for a in providers.order_by("name")
        ]
