"""Forms of the Nachfolgebörse. They check the input's shape; the services check the rules
(`services/succession.py`) and their German errors are put back on the fields
(`add_service_errors`)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import Actor, ActorKind, District, SizeClass
from clusterwerk.skills.models import SearcherKind, SuccessionKind
from clusterwerk.skills.services.succession import MAX_MESSAGE, MAX_SECTOR, MAX_TEXT, MAX_TITLE


def add_service_errors(form: forms.Form, error) -> None:
    """The services' errors on the matching inputs, the rest on top of the form."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, messages in error.message_dict.items():
        target = key if key in form.fields else None
        for message in messages:
            form.add_error(target, message)


def district_choices():
    return [(d.ags, d.name) for d in District.objects.order_by("name")]


def _actor_choices(actors) -> list[tuple[str, str]]:
    return [(str(actor.pk), actor.name) for actor in actors.order_by("name")]


class CaseForm(forms.Form):
    """A succession case. `companies`: the companies the user may create for (their own, or
    – for a chamber – the cluster's member companies); `chambers`: the chambers to choose."""

    company = forms.ChoiceField(
        label=_("Betrieb"),
        help_text=_("Wird nie öffentlich gezeigt."),
        error_messages={
            "required": _("Bitte wählen Sie den Betrieb."),
            "invalid_choice": _("Bitte wählen Sie einen Betrieb aus der Liste."),
        },
    )
    chamber = forms.ChoiceField(
        label=_("Zuständige Kammer"),
        help_text=_("Die Kammer gibt die Anzeige frei und vermittelt jeden Kontakt."),
        error_messages={
            "required": _("Bitte wählen Sie die Kammer."),
            "invalid_choice": _("Bitte wählen Sie eine Kammer aus der Liste."),
        },
    )
    owner_email = forms.EmailField(
        label=_("E-Mail-Adresse der Inhaberin/des Inhabers"),
        required=False,
        help_text=_(
            "Nur wenn die Person ein Konto hat und den Betrieb vertritt; sonst entscheidet "
            "sie über die Kammer."
        ),
        error_messages={"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
    )
    exit_year = forms.IntegerField(
        label=_("Geplanter Ausstieg (Jahr)"),
        help_text=_("Die Nachfolge sollte mindestens fünf Jahre vor dem Ausstieg beginnen."),
        error_messages={
            "required": _("Bitte geben Sie das geplante Ausstiegsjahr an."),
            "invalid": _("Bitte geben Sie das geplante Ausstiegsjahr als Zahl an."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Art der Nachfolge"),
        choices=SuccessionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie die Art der Nachfolge.")},
    )
    title = forms.CharField(
        label=_("Überschrift (anonym)"),
        max_length=MAX_TITLE,
        error_messages={"required": _("Bitte geben Sie eine Überschrift an.")},
    )
    listing_text = forms.CharField(
        label=_("Beschreibung (anonym)"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ohne Namen, Adresse oder andere Angaben, die den Betrieb erkennen lassen."),
        error_messages={"required": _("Bitte geben Sie eine Beschreibung an.")},
    )
    sector = forms.CharField(
        label=_("Branche"),
        max_length=MAX_SECTOR,
        error_messages={"required": _("Bitte geben Sie die Branche an.")},
    )
    size_class = forms.ChoiceField(
        label=_("Größe"),
        choices=[("", _("– bitte wählen –")), *SizeClass.choices],
        error_messages={"required": _("Bitte wählen Sie die Größe des Betriebs.")},
    )
    district = forms.ChoiceField(
        label=_("Landkreis / kreisfreie Stadt"),
        error_messages={
            "required": _("Bitte wählen Sie den Landkreis oder die kreisfreie Stadt."),
            "invalid_choice": _("Bitte wählen Sie einen Landkreis aus der Liste."),
        },
    )
    owner_aged_55_plus = forms.BooleanField(
        label=_("Die Inhaberin/der Inhaber ist 55 Jahre oder älter"), required=False
    )
    radar_consent = forms.BooleanField(
        label=_("Einwilligung: anonym im Nachfolge-Radar der Kammern zählen"),
        required=False,
        help_text=_(
            "Die Kammern sehen nur Anzahlen je Kreis und Zeitraum, ab fünf Fällen; die "
            "Einwilligung lässt sich jederzeit zurücknehmen."
        ),
    )

    sections = (
        (_("Betrieb und Kammer"), ("company", "chamber", "owner_email")),
        (_("Nachfolge"), ("exit_year", "kind")),
        (_("Anonyme Anzeige"), ("title", "listing_text", "sector", "size_class", "district")),
        (_("Nachfolge-Radar"), ("owner_aged_55_plus", "radar_consent")),
    )

    def __init__(self, *args, companies=None, chambers=None, by_chamber=False, edit=False, **kw):
        super().__init__(*args, **kw)
        self.fields["district"].choices = [("", _("– bitte wählen –")), *district_choices()]
        if edit:
            for name in ("company", "chamber", "owner_email"):
                del self.fields[name]
        else:
            self.fields["company"].choices = _actor_choices(companies or Actor.objects.none())
            self.fields["chamber"].choices = _actor_choices(chambers or Actor.objects.none())
            if not by_chamber:
                del self.fields["owner_email"]
        self.fields["exit_year"].widget.attrs.update(
            {"min": timezone.localdate().year, "inputmode": "numeric"}
        )

    def field_sections(self):
        for title, names in self.sections:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                yield title, fields


def case_initial(case) -> dict:
    return {
        "exit_year": case.exit_year,
        "kind": case.kind,
        "title": case.title,
        "listing_text": case.listing_text,
        "sector": case.sector,
        "size_class": case.size_class,
        "district": case.district.ags,
        "owner_aged_55_plus": case.owner_aged_55_plus,
        "radar_consent": case.radar_consent,
    }


class ProfileForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Ich suche als"),
        choices=SearcherKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Bitte wählen Sie, ob Sie als Person oder Unternehmen suchen.")
        },
    )
    company = forms.ChoiceField(
        label=_("Unternehmen (wenn Sie als Unternehmen suchen)"),
        required=False,
    )
    title = forms.CharField(
        label=_("Überschrift"),
        max_length=MAX_TITLE,
        error_messages={"required": _("Bitte geben Sie eine Überschrift an.")},
    )
    description = forms.CharField(
        label=_("Was ich suche und mitbringe"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Die Kammer sieht Ihr Profil; Inhaber/innen erst, wenn Sie Interesse zeigen."),
        error_messages={"required": _("Bitte beschreiben Sie, was Sie suchen und mitbringen.")},
    )
    sectors = forms.CharField(
        label=_("Branchen"),
        max_length=300,
        required=False,
        help_text=_("Mit Komma getrennt, z. B. „Metallbau, Schweißtechnik“."),
    )
    size_classes = forms.MultipleChoiceField(
        label=_("Größe des Betriebs"),
        choices=SizeClass.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    districts = forms.MultipleChoiceField(
        label=_("Gesuchte Landkreise und Städte"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    available_from = forms.IntegerField(
        label=_("Übernahme ab (Jahr)"),
        required=False,
        error_messages={"invalid": _("Bitte geben Sie ein Jahr an.")},
    )
    is_active = forms.BooleanField(label=_("Profil aktiv"), required=False, initial=True)
    consent = forms.BooleanField(
        label=_(
            "Ich willige ein, dass die Plattform mein Profil speichert und die Kammern es für "
            "die Vermittlung nutzen. Ich kann das Profil jederzeit löschen."
        ),
        required=False,
    )

    def __init__(self, *args, companies=None, **kw):
        super().__init__(*args, **kw)
        self.fields["districts"].choices = district_choices()
        choices = _actor_choices(companies) if companies is not None else []
        self.fields["company"].choices = [("", _("– keines –")), *choices]
        if not choices:
            del self.fields["company"]


def profile_initial(profile) -> dict:
    return {
        "kind": profile.kind,
        "company": str(profile.company_id or ""),
        "title": profile.title,
        "description": profile.description,
        "sectors": profile.sectors,
        "size_classes": list(profile.size_classes or []),
        "districts": [d.ags for d in profile.districts.all()],
        "available_from": profile.available_from,
        "is_active": profile.is_active,
        "consent": bool(profile.consent_given_at),
    }


class InterestForm(forms.Form):
    profile = forms.ChoiceField(
        label=_("Mit welchem Profil?"),
        error_messages={"required": _("Bitte wählen Sie Ihr Profil.")},
    )
    message = forms.CharField(
        label=_("Nachricht an die Kammer"),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Die Kammer prüft Ihr Interesse und leitet es weiter. Den Betrieb erfahren Sie, "
            "wenn die Inhaberin oder der Inhaber zustimmt."
        ),
        error_messages={"required": _("Bitte schreiben Sie der Kammer eine kurze Nachricht.")},
    )

    def __init__(self, *args, profiles=(), **kw):
        super().__init__(*args, **kw)
        self.fields["profile"].choices = [(str(p.pk), p.title) for p in profiles]


class CheckForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Entscheidung der Kammer"),
        choices=[
            ("forward", _("An die Inhaberin/den Inhaber weiterleiten")),
            ("decline", _("Ablehnen")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie: weiterleiten oder ablehnen.")},
    )
    note = forms.CharField(
        label=_("Notiz (bei Ablehnung an die/den Suchende/n)"),
        max_length=MAX_MESSAGE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("agree", _("zustimmen")), ("decline", _("ablehnen"))],
        error_messages={"required": _("Bitte stimmen Sie zu oder lehnen Sie ab.")},
    )


class FilterForm(forms.Form):
    """Filters of the public listings (all optional; unknown values are ignored)."""

    q = forms.CharField(label=_("Branche oder Stichwort"), required=False, max_length=200)
    district = forms.ChoiceField(label=_("Landkreis / Stadt"), required=False)
    size = forms.ChoiceField(
        label=_("Größe"), required=False, choices=[("", _("alle")), *SizeClass.choices]
    )
    kind = forms.ChoiceField(
        label=_("Art"), required=False, choices=[("", _("alle")), *SuccessionKind.choices]
    )
    until = forms.IntegerField(
        label=_("Ausstieg bis (Jahr)"), required=False, min_value=2000, max_value=2100
    )

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.fields["district"].choices = [("", _("alle")), *district_choices()]


def member_companies(cluster):
    return (
        Actor.objects.filter(memberships__cluster=cluster)
        .exclude(kind=ActorKind.CHAMBER)
        .distinct()
    )


def member_chambers(cluster):
    return Actor.objects.filter(memberships__cluster=cluster, kind=ActorKind.CHAMBER).distinct()
