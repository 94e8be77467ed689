"""Forms of the actor profile: the profile itself, its competences and contacts (formsets),
and the small decision forms (review, merge, archive).

The forms only turn HTML input into the canonical payload of `profile_data`; validation
beyond field types happens in the services, whose errors are mapped back onto the forms.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusterwerk.accounts.permissions import managed_cluster_ids
from clusterwerk.actors.models import (
    ActivityScheme,
    ActorKind,
    CompetenceKind,
    EconomicActivity,
    GrowthCore,
    SizeClass,
    Visibility,
)
from clusterwerk.actors.profile_data import TEXT_FIELDS, changed_sections, clean_profile
from clusterwerk.actors.queries import district_choice_groups
from clusterwerk.core.models import Cluster
from clusterwerk.core.widgets import use_picker
from clusterwerk.masterplan.queries import TopicCatalogue, topic_choice_groups

TEXTAREA = forms.Textarea(attrs={"rows": 5})


def split_list(raw: str) -> list[str]:
    return [part.strip() for part in (raw or "").replace(";", ",").split(",") if part.strip()]


class ProfileForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("Art"), choices=ActorKind.choices)
    name = forms.CharField(label=_("Name"), max_length=300)
    short_name = forms.CharField(label=_("Kurzname"), max_length=80, required=False)
    description = forms.CharField(
        label=_("Beschreibung"),
        widget=TEXTAREA,
        required=False,
        max_length=5000,
        help_text=_("Was macht die Organisation aus? Zwei bis fünf Sätze genügen."),
    )
    website = forms.CharField(label=_("Website"), max_length=300, required=False)
    email = forms.EmailField(label=_("E-Mail (allgemein)"), required=False)
    phone = forms.CharField(label=_("Telefon (allgemein)"), max_length=40, required=False)
    street = forms.CharField(label=_("Straße und Hausnummer"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postleitzahl"), max_length=5, required=False)
    municipality = forms.CharField(label=_("Ort"), max_length=120, required=False)
    district = forms.ChoiceField(label=_("Landkreis / kreisfreie Stadt"), required=False)
    growth_core = forms.ChoiceField(
        label=_("Regionaler Wachstumskern"),
        required=False,
        help_text=_("Leer lassen: wird aus dem Ort ermittelt, wenn er zu einem RWK gehört."),
    )
    size_class = forms.ChoiceField(
        label=_("Größenklasse"), choices=[("", "–"), *SizeClass.choices], required=False
    )
    employees = forms.IntegerField(
        label=_("Beschäftigte"), min_value=0, max_value=1_000_000, required=False
    )
    founded_year = forms.IntegerField(
        label=_("Gründungsjahr"), min_value=1500, max_value=2100, required=False
    )
    activities = forms.MultipleChoiceField(
        label=_("Wirtschaftszweige (WZ 2008)"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_(
            "Der bisherige Schwerpunkt bleibt, solange er gewählt ist; sonst gilt der erste "
            "gewählte als Schwerpunkt."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", "–"), *district_choice_groups()]
        self.fields["growth_core"].choices = [("", "–")] + [
            (str(core.number), core.name) for core in GrowthCore.objects.order_by("name")
        ]
        self.fields["activities"].choices = [
            (activity.code, f"{activity.code} {activity.title}")
            for activity in EconomicActivity.objects.filter(scheme=ActivityScheme.WZ_2008)
        ]

    def profile_values(self) -> dict:
        data = self.cleaned_data
        values = {
            name: data.get(name)
            for name in ("kind", *TEXT_FIELDS, "size_class", "employees", "founded_year")
        }
        values["district"] = data.get("district") or None
        values["growth_core"] = data.get("growth_core") or None
        return values

    def activities_payload(self, current: list[dict]) -> list[dict]:
        """The economic activities after the edit. `current`: the actor's activities in the
        canonical format. Unchanged selection: exactly as they were. The form shows only
        WZ 2008 codes; others are kept. The focus (is_primary) stays where it was while that
        code remains; otherwise the first selected code (in the list's order) takes it."""
        codes = list(dict.fromkeys(self.cleaned_data.get("activities") or []))
        shown = [item for item in current if item["scheme"] == ActivityScheme.WZ_2008]
        if set(codes) == {item["code"] for item in shown}:
            return current
        others = [item for item in current if item["scheme"] != ActivityScheme.WZ_2008]
        result = [(ActivityScheme.WZ_2008, code) for code in codes]
        result += [(item["scheme"], item["code"]) for item in others]
        primary = next(
            ((item["scheme"], item["code"]) for item in current if item["is_primary"]), None
        )
        if primary not in result:
            primary = result[0] if result else None
        return [
            {"scheme": scheme, "code": code, "is_primary": (scheme, code) == primary}
            for scheme, code in sorted(result, key=lambda key: (key != primary, key))
        ]


class CompetenceForm(forms.Form):
    # The empty first choice keeps untouched extra rows unchanged (and so ignored).
    kind = forms.ChoiceField(label=_("Art"), choices=[("", "–"), *CompetenceKind.choices])
    text = forms.CharField(label=_("Kompetenz"), max_length=300)
    keywords = forms.CharField(
        label=_("Schlagwörter"),
        required=False,
        help_text=_("Durch Kommas getrennt, z. B. „Edelstahl, WIG, Dünnblech“."),
    )
    topic_areas = forms.MultipleChoiceField(
        label=_("Themenbereiche des Masterplans"),
        required=False,
    )
    evidence = forms.CharField(
        label=_("Beleg"),
        max_length=300,
        required=False,
        help_text=_("Woran sich die Kompetenz zeigt: Projekt, Referenz, Zertifikat."),
    )

    def __init__(self, *args, topic_choices=(), topic_headings=None, **kwargs):
        """`topic_choices`: flat or grouped by Eckpunkt (`topic_choice_groups`), with
        `topic_headings` for the Handlungsfelder."""
        super().__init__(*args, **kwargs)
        use_picker(
            self.fields["topic_areas"],
            topic_choices,
            headings=topic_headings,
            filter_label=_("Themenbereiche filtern"),
        )

    def payload(self) -> dict:
        """The inputs of this row; `description` (not on the form) is added by `kept_rows`."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "text": data["text"],
            "keywords": split_list(data.get("keywords", "")),
            "evidence": data.get("evidence", ""),
            "topic_areas": sorted(data.get("topic_areas") or []),
        }


class ContactForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    function = forms.CharField(label=_("Funktion"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-Mail"), required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    visibility = forms.ChoiceField(
        label=_("Sichtbarkeit"), choices=Visibility.choices, initial=Visibility.MEMBERS
    )
    consent = forms.BooleanField(
        label=_("Die Person hat eingewilligt, dass diese Angaben wie gewählt sichtbar sind."),
        required=False,
    )

    def payload(self) -> dict:
        data = self.cleaned_data
        return {
            "id": data.get("id"),
            "name": data["name"],
            "function": data.get("function", ""),
            "email": data.get("email", ""),
            "phone": data.get("phone", ""),
            "consent": bool(data.get("consent")),
            "visibility": data["visibility"],
        }


CompetenceFormSet = forms.formset_factory(
    CompetenceForm, extra=2, can_delete=True, max_num=50, validate_max=True
)
ContactFormSet = forms.formset_factory(
    ContactForm, extra=1, can_delete=True, max_num=20, validate_max=True
)


def topic_choices(catalogue: TopicCatalogue) -> list[tuple[str, str]]:
    from clusterwerk.masterplan.models import number_sort_key

    return [
        (number, f"{number} {catalogue.title_by_number[number]}")
        for number in sorted(catalogue.title_by_number, key=number_sort_key)
    ]


NEW_ROW_DEFAULTS = {"competences": {"description": ""}, "contacts": {}}


def kept_rows(formset, initial_items: list[dict], *, defaults: dict) -> list[tuple]:
    """(form, item) for each row the edit keeps, in the order of the page.

    An existing row stays as it was unless the person changed it (then their inputs replace
    those fields, anything the form does not show is kept) or ticked "Löschen". An extra row
    counts only when something was entered. A valid formset is required."""
    rows = []
    existing_count = min(formset.initial_form_count(), len(initial_items))
    for index, form in enumerate(formset.forms):
        if form.cleaned_data.get("DELETE"):
            continue
        if index < existing_count:
            item = initial_items[index]
            if form.has_changed():
                item = {**item, **form.payload()}
                if "id" in initial_items[index]:
                    item["id"] = initial_items[index]["id"]
        elif form.has_changed():
            item = {**defaults, **form.payload()}
            if "id" in item:
                item["id"] = None  # a new row: the posted id is not trusted
        else:
            continue
        rows.append((form, item))
    return rows


class ProfileEditor:
    """The profile form with its two formsets, bound or unbound, turned into a payload."""

    def __init__(self, data=None, *, initial_profile: dict | None, catalogue: TopicCatalogue):
        initial_profile = initial_profile or {"values": {}, "competences": [], "contacts": []}
        values = dict(initial_profile["values"])
        values["activities"] = [
            item["code"]
            for item in initial_profile.get("activities", [])
            if item["scheme"] == ActivityScheme.WZ_2008
        ]
        for name in ("district", "growth_core"):
            values[name] = "" if values.get(name) is None else str(values[name])
        self.profile = ProfileForm(data, initial=values)
        self.initial_profile = initial_profile
        self.catalogue = catalogue
        competence_initial = [
            {**item, "keywords": ", ".join(item["keywords"])}
            for item in initial_profile.get("competences", [])
        ]
        topic_groups, topic_headings = topic_choice_groups(catalogue)
        self.competences = CompetenceFormSet(
            data,
            initial=competence_initial,
            prefix="competences",
            form_kwargs={"topic_choices": topic_groups, "topic_headings": topic_headings},
        )
        self.contacts = ContactFormSet(
            data, initial=initial_profile.get("contacts", []), prefix="contacts"
        )

    def is_valid(self) -> bool:
        results = [self.profile.is_valid(), self.competences.is_valid(), self.contacts.is_valid()]
        return all(results)

    def _rows(self, section: str) -> list[tuple]:
        formset = self.competences if section == "competences" else self.contacts
        return kept_rows(
            formset,
            self.initial_profile.get(section, []),
            defaults=NEW_ROW_DEFAULTS[section],
        )

    def payload(self) -> dict:
        """The whole profile as the person left it: what they did not touch is as it was."""
        return {
            "values": self.profile.profile_values(),
            "competences": [item for _form, item in self._rows("competences")],
            "contacts": [item for _form, item in self._rows("contacts")],
            "activities": self.profile.activities_payload(
                self.initial_profile.get("activities", [])
            ),
        }

    def changes(self) -> dict:
        """What the submitted form changes in the profile it was loaded with, after the same
        validation the services apply; empty when nothing changed. When the services would
        reject the input, the whole payload (so that they report the problems)."""
        payload = self.payload()
        try:
            cleaned = clean_profile(payload, catalogue=self.catalogue, partial=True)
        except ValidationError:
            return payload
        return changed_sections(self.initial_profile, cleaned)

    def add_service_errors(self, error: ValidationError) -> None:
        """Put the services' keyed messages ("competences.2.text") onto the right fields."""
        competence_forms = [form for form, _item in self._rows("competences")]
        contact_forms = [form for form, _item in self._rows("contacts")]
        for key, messages in error.message_dict.items():
            parts = key.split(".")
            if parts[0] in ("competences", "contacts") and len(parts) >= 2:
                forms_list = competence_forms if parts[0] == "competences" else contact_forms
                index = int(parts[1]) - 1
                field = parts[2] if len(parts) > 2 else None
                if 0 <= index < len(forms_list):
                    target = forms_list[index]
                    for message in messages:
                        target.add_error(field if field in target.fields else None, message)
                    continue
            field = key if key in self.profile.fields else None
            if key == "__all__":
                field = None
            for message in messages:
                self.profile.add_error(field, message)

    @property
    def error_count(self) -> int:
        count = len(self.profile.errors)
        for formset in (self.competences, self.contacts):
            count += len(formset.non_form_errors())
            count += sum(len(form.errors) for form in formset.forms)
        return count


class ActorCreateExtrasForm(forms.Form):
    clusters = forms.ModelMultipleChoiceField(
        label=_("Cluster"),
        queryset=Cluster.objects.none(),
        required=False,
        help_text=_(
            "Der Akteur gehört immer zu diesem Cluster; weitere, die Sie betreuen, "
            "können Sie dazu wählen."
        ),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    confirm_not_duplicate = forms.BooleanField(
        label=_("Ich habe die Treffer geprüft: Es ist ein anderer Akteur."), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        clusters = Cluster.objects.order_by("name")
        if not user.is_superuser:
            clusters = clusters.filter(pk__in=managed_cluster_ids(user))
        self.fields["clusters"].queryset = clusters


class ReviewDecisionForm(forms.Form):
    # Radio buttons without a default: the reviewer always picks one (a drop-down would
    # preselect "Annehmen").
    decision = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[("approve", _("Annehmen")), ("reject", _("Ablehnen"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie „Annehmen“ oder „Ablehnen“.")},
    )
    reason = forms.CharField(
        label=_("Begründung"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_(
            "Bei einer Ablehnung erforderlich; die Person, die eingereicht hat, sieht sie."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Bitte begründen Sie die Ablehnung."))
        return cleaned


class MergeForm(forms.Form):
    duplicate = forms.IntegerField(
        label=_("Nummer des doppelten Akteurs"),
        min_value=1,
        help_text=_(
            "Die Nummer steht in der Adresse seines Profils (/akteure/<Nummer>/…). "
            "Seine Kompetenzen, Ansprechpersonen und Verknüpfungen gehen auf diesen Akteur über; "
            "er selbst wird archiviert und verweist hierher."
        ),
    )


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Anlass"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
