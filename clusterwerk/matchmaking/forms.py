"""Forms of the Kooperationsbörse: they turn HTML input into the services' data format and map
the services' German errors back onto the inputs. The services validate; the forms only check
what a browser can get wrong (types, required inputs)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import ActorKind
from clusterwerk.core.widgets import use_picker
from clusterwerk.masterplan.forms import use_topic_picker
from clusterwerk.masterplan.models import number_sort_key
from clusterwerk.masterplan.queries import TopicCatalogue
from clusterwerk.matchmaking import services
from clusterwerk.matchmaking.models import (
    MAX_RADIUS_KM,
    ListingKind,
    Maturity,
    RegionScope,
)
from clusterwerk.matchmaking.services import MAX_DESCRIPTION, MAX_MESSAGE, MAX_TITLE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DEFAULT_VALIDITY_DAYS = 90
# Up to this many organisations the owner is a drop-down; beyond (cluster management) a text
# input that takes a name or a number.
OWNER_SELECT_LIMIT = 40
SEARCH_REGIONS = [
    ("", _("überall")),
    (RegionScope.BERLIN_BRANDENBURG.value, RegionScope.BERLIN_BRANDENBURG.label),
    (RegionScope.GERMANY.value, RegionScope.GERMANY.label),
    (RegionScope.EU.value, RegionScope.EU.label),
]


class OpenMultipleChoiceField(forms.MultipleChoiceField):
    """Offers choices but lets any value through: the services name unknown values
    ("Unbekannter Kreisschlüssel: 99999.") the same way for the pages and the API."""

    def valid_value(self, value):
        return True


def topic_choices(catalogue: TopicCatalogue) -> list[tuple[str, str]]:
    return [
        (number, f"{number} {catalogue.title_by_number[number]}")
        for number in sorted(catalogue.title_by_number, key=number_sort_key)
    ]


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put the services' errors ("districts": […]) on the matching inputs, the rest on top."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, messages in error.message_dict.items():
        name = key.split(".")[0]
        field = name if name in form.fields and not form.fields[name].disabled else None
        for message in messages:
            form.add_error(field, message)


class ListingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label=_("Art des Inserats"),
        choices=ListingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie die Art des Inserats.")},
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=MAX_TITLE,
        help_text=_("Kurz und konkret, z. B. „Partner für Laserschweißen von Aluminium gesucht“."),
        error_messages={"required": _("Bitte geben Sie einen Titel an.")},
    )
    description = forms.CharField(
        label=_("Beschreibung"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_DESCRIPTION,
        help_text=_(
            "Was bieten oder suchen Sie, wofür, bis wann? Mindestens 20 Zeichen. "
            "Nach diesem Text sucht Clusterwerk passende Partner."
        ),
        error_messages={"required": _("Bitte beschreiben Sie, worum es geht.")},
    )
    keywords = forms.CharField(
        label=_("Schlagwörter"),
        required=False,
        max_length=1500,
        help_text=_("Durch Kommas getrennt, z. B. „Aluminium, Laserschweißen, Leichtbau“."),
    )
    topics = OpenMultipleChoiceField(
        label=_("Themenbereiche des Masterplans"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Höchstens fünf; sie helfen, passende Partner zu finden."),
    )
    maturity = forms.ChoiceField(
        label=_("Reifegrad"),
        required=False,
        choices=[("", _("keine Angabe")), *Maturity.choices],
        widget=forms.RadioSelect,
    )
    partner_kinds = OpenMultipleChoiceField(
        label=_("Gesuchte Partner"),
        required=False,
        choices=ActorKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Keine Auswahl: alle Arten von Partnern."),
    )
    cross_cluster = forms.BooleanField(
        label=_("Auch Partner aus anderen Clustern der Hauptstadtregion"), required=False
    )
    shared_with_other_clusters = forms.BooleanField(
        label=_("Auch in den anderen Clustern der Hauptstadtregion zeigen"),
        required=False,
        help_text=_(
            "Mitglieder der anderen Cluster dieser Plattform sehen das Inserat in ihrer "
            "Kooperationsbörse und in der clusterübergreifenden Partnersuche."
        ),
    )
    region_scope = forms.ChoiceField(
        label=_("Region"),
        choices=RegionScope.choices,
        widget=forms.RadioSelect,
        initial=RegionScope.BERLIN_BRANDENBURG,
        error_messages={"required": _("Bitte wählen Sie eine Region.")},
    )
    radius_km = forms.IntegerField(
        label=_("Umkreis in km"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_RADIUS_KM, "inputmode": "numeric"}),
        help_text=_("Nur für „Umkreis um den eigenen Standort“."),
    )
    districts = OpenMultipleChoiceField(
        label=_("Landkreise / kreisfreie Städte"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nur für „ausgewählte Landkreise / kreisfreie Städte“."),
    )
    expires_on = forms.DateField(
        label=_("Gültig bis"),
        widget=DATE,
        help_text=_("Höchstens ein Jahr. Danach verschwindet das Inserat aus der Börse."),
        error_messages={"required": _("Bitte geben Sie an, bis wann das Inserat gilt.")},
    )
    is_anonymous = forms.BooleanField(
        label=_("Anonym veröffentlichen"),
        required=False,
        help_text=_(
            "Ihr Name erscheint erst, wenn Sie eine Interessensbekundung annehmen. "
            "Das Clustermanagement sieht ihn zur Prüfung."
        ),
    )

    def __init__(
        self,
        *args,
        catalogue: TopicCatalogue,
        districts: list[tuple[str, str]],
        owner_choices=None,
        **kwargs,
    ):
        """`owner_choices`: the organisations the user may create the listing for (a queryset,
        `queries.owner_actor_choices`); None when editing (the owner stays)."""
        super().__init__(*args, **kwargs)
        use_topic_picker(self.fields["topics"], catalogue)
        use_picker(
            self.fields["districts"], districts, filter_label=_("Landkreise und Städte filtern")
        )
        self.owner_choices = owner_choices
        self.fixed_owner = None
        if owner_choices is not None:
            self._add_owner_field(owner_choices)
        if not self.is_bound and not self.initial.get("expires_on"):
            self.initial["expires_on"] = timezone.localdate() + datetime.timedelta(
                days=DEFAULT_VALIDITY_DAYS
            )

    def _add_owner_field(self, owner_choices) -> None:
        actors = list(owner_choices.order_by("name")[: OWNER_SELECT_LIMIT + 1])
        if len(actors) == 1:
            self.fixed_owner = actors[0]
            # Disabled: the value comes from here, whatever a browser sends.
            field = forms.ChoiceField(
                choices=[(str(actors[0].pk), actors[0].name)],
                widget=forms.HiddenInput,
                initial=str(actors[0].pk),
                disabled=True,
            )
        elif len(actors) <= OWNER_SELECT_LIMIT:
            field = forms.ChoiceField(
                label=_("Organisation"),
                choices=[("", "–")] + [(str(actor.pk), actor.name) for actor in actors],
                help_text=_("Für welche Organisation ist das Inserat?"),
            )
        else:
            field = forms.CharField(
                label=_("Organisation (Name oder Nummer)"),
                max_length=300,
                help_text=_("Für welche Organisation legen Sie das Inserat an?"),
            )
        field.error_messages["required"] = _("Bitte wählen Sie die Organisation.")
        self.fields["owner_actor"] = field
        self.order_fields(["owner_actor"])

    def clean_owner_actor(self):
        value = self.cleaned_data["owner_actor"].strip()
        actors = self.owner_choices
        if value.isdigit():
            actor = actors.filter(pk=int(value)).first()
            if actor is None:
                raise forms.ValidationError(_("Keine Organisation mit dieser Nummer."))
            return actor
        exact = list(actors.filter(Q(name__iexact=value) | Q(short_name__iexact=value))[:2])
        if len(exact) == 1:
            return exact[0]
        candidates = list(actors.filter(name__icontains=value).order_by("name")[:4])
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise forms.ValidationError(
                _("Keine Organisation „%(name)s“ gefunden.") % {"name": value}
            )
        names = "; ".join(f"{actor.name} (Nr. {actor.pk})" for actor in candidates[:3])
        raise forms.ValidationError(
            _("„%(name)s“ ist nicht eindeutig: %(names)s – bitte die Nummer angeben.")
            % {"name": value, "names": names}
        )

    @property
    def wants_review(self) -> bool:
        """Which button was pressed: "Zur Prüfung einreichen" or "Als Entwurf speichern"."""
        return self.data.get("action") == "submit"

    def data_for_services(self) -> dict:
        data = self.cleaned_data
        expires_on = data.get("expires_on")
        values = {
            "kind": data.get("kind", ""),
            "title": data.get("title", ""),
            "description": data.get("description", ""),
            "keywords": data.get("keywords", ""),
            "partner_kinds": list(data.get("partner_kinds") or []),
            "region_scope": data.get("region_scope", ""),
            "radius_km": data.get("radius_km"),
            "districts": list(data.get("districts") or []),
            "maturity": data.get("maturity", ""),
            "expires_on": expires_on.isoformat() if expires_on else None,
            "is_anonymous": bool(data.get("is_anonymous")),
            "cross_cluster": bool(data.get("cross_cluster")),
            "shared_with_other_clusters": bool(data.get("shared_with_other_clusters")),
            "topics": list(data.get("topics") or []),
        }
        # A browser sends checked boxes in the page's order: the same choice keeps the
        # listing's own order.
        for name in LIST_INPUTS:
            current = self.initial.get(name)
            if current is not None and set(values[name]) == set(current):
                values[name] = list(current)
        return values

    def has_changes(self) -> bool:
        """Whether the posted listing differs from the one the form was loaded with
        (`listing_initial`); a form without a listing always has changes."""
        if "title" not in self.initial:
            return True
        posted = self.data_for_services()
        for name, value in posted.items():
            current = self.initial.get(name)
            if name == "keywords":
                value, current = keyword_list(value), keyword_list(current)
            if value != current:
                return True
        return False

    def add_remaining_errors(self, *, owner, cluster) -> None:
        """When the form itself has errors, also ask the services about every other input,
        so that all problems show at once (not the expiry date only after the title)."""
        if owner is None:
            return
        with_errors = set(self.errors)
        try:
            services.clean_listing(self.data_for_services(), owner=owner, cluster=cluster)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                name = key.split(".")[0]
                if name in self.fields and name not in with_errors:
                    for message in messages:
                        self.add_error(name, message)

    # Rarely used inputs: folded into "Weitere Angaben" (open when one of them has an error).
    MORE = (
        "keywords",
        "maturity",
        "partner_kinds",
        "cross_cluster",
        "shared_with_other_clusters",
        "radius_km",
        "districts",
    )

    def sections(self):
        """The inputs in the groups the form page shows (besides owner and version)."""
        groups = [
            (_("Ihr Anliegen"), ["kind", "title", "description", "topics"]),
            (_("Partner und Region"), ["region_scope"]),
            (_("Laufzeit und Sichtbarkeit"), ["expires_on", "is_anonymous"]),
        ]
        return [(title, [self[name] for name in names]) for title, names in groups]

    def more_fields(self):
        return [self[name] for name in self.MORE]

    def more_has_errors(self) -> bool:
        return any(name in self.errors for name in self.MORE)


LIST_INPUTS = ("partner_kinds", "districts", "topics")


def keyword_list(text) -> list[str]:
    """Keywords as the services read them from the input (commas or semicolons)."""
    parts = (text or "").replace(";", ",").split(",")
    return list(dict.fromkeys(part.strip() for part in parts if part.strip()))


def listing_initial(data: dict, version: int) -> dict:
    """The services' listing data (`services.listing_data`) as the form's initial values."""
    return {**data, "keywords": ", ".join(data.get("keywords") or []), "version": version}


class InterestForm(forms.Form):
    actor = forms.ChoiceField(
        label=_("Im Namen von"),
        error_messages={"required": _("Bitte wählen Sie Ihre Organisation.")},
    )
    message = forms.CharField(
        label=_("Ihre Nachricht"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_MESSAGE,
        help_text=_(
            "Was bieten Sie an, oder was interessiert Sie? Der Anbieter sieht den Namen Ihrer "
            "Organisation und diese Nachricht; Ihre Kontaktdaten erst, wenn er annimmt."
        ),
        error_messages={"required": _("Bitte schreiben Sie eine kurze Nachricht.")},
    )

    def __init__(self, *args, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.actors = {str(actor.pk): actor for actor in actors}
        self.fields["actor"].choices = [(pk, actor.name) for pk, actor in self.actors.items()]
        self.single_actor = None
        if len(self.actors) == 1:
            self.single_actor = next(iter(self.actors.values()))
            self.fields["actor"].widget = forms.HiddenInput()
            self.fields["actor"].initial = str(self.single_actor.pk)
        else:
            self.fields["actor"].choices = [("", "–"), *self.fields["actor"].choices]

    def clean_actor(self):
        return self.actors[self.cleaned_data["actor"]]


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Antwort an die Organisation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=MAX_MESSAGE,
    )


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Was soll geändert werden?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_MESSAGE,
        help_text=_("Der Anbieter bekommt den Hinweis per E-Mail; das Inserat wird zum Entwurf."),
        error_messages={"required": _("Bitte begründen Sie, was zu ändern ist.")},
    )


class PartnerSearchForm(forms.Form):
    need = forms.CharField(
        label=_("Wonach suchen Sie?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_(
            "In eigenen Worten, z. B. „Wir suchen ein Institut, das Schweißnähte an "
            "Aluminium prüft“ oder „Lohnfertigung Blechteile, 500 Stück“."
        ),
        error_messages={"required": _("Bitte beschreiben Sie, wonach Sie suchen.")},
    )
    partner_kinds = forms.MultipleChoiceField(
        label=_("Art der Partner"),
        required=False,
        choices=ActorKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Keine Auswahl: alle Arten."),
    )
    listing_kind = forms.ChoiceField(
        label=_("Art des Anliegens"),
        required=False,
        choices=[("", _("keine Angabe")), *ListingKind.choices],
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=SEARCH_REGIONS,
        widget=forms.RadioSelect,
        initial="",
    )
