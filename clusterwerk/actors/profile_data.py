"""The canonical, JSON-safe form of an actor's profile, and its validation.

Forms, the API, the importer and change requests all speak this one format:

    {
      "values": {"kind": "company", "name": "…", "district": "12069", "employees": 12, …},
      "competences": [{"kind": "process", "text": "…", "description": "", "keywords": [],
                        "evidence": "", "topic_areas": ["4.4.1"]}],
      "contacts": [{"id": 3, "name": "…", "function": "", "email": "", "phone": "",
                     "consent": true, "visibility": "members"}],
      "activities": [{"scheme": "WZ2008", "code": "25", "is_primary": true}],
    }

A section that is missing means "unchanged". Topic areas are written as numbers ("4.4.1") of
the cluster's published masterplan edition and stored as lineages.
"""

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from clusterwerk.actors.models import (
    ActivityScheme,
    Actor,
    ActorKind,
    CompetenceKind,
    District,
    EconomicActivity,
    GrowthCore,
    SizeClass,
    Visibility,
)
from clusterwerk.core.models import Cluster
from clusterwerk.core.validation import PayloadErrors, choice, integer, number, text
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue

TEXT_FIELDS = (
    "name",
    "short_name",
    "description",
    "website",
    "email",
    "phone",
    "street",
    "postal_code",
    "municipality",
)
PROFILE_FIELDS = (
    "kind",
    *TEXT_FIELDS,
    "district",
    "growth_core",
    "size_class",
    "employees",
    "founded_year",
    "latitude",
    "longitude",
)
SECTIONS = ("values", "competences", "contacts", "activities")
MAX_COMPETENCES = 50
MAX_CONTACTS = 20
MAX_KEYWORDS = 20
CONTACT_FIELDS = ("name", "function", "email", "phone", "consent", "visibility")


def catalogue_and_snapshot(actor: Actor, cluster: Cluster) -> tuple[TopicCatalogue, dict]:
    """The profile as edited in `cluster`: topic areas are those of the cluster's plan."""
    catalogue = topic_catalogue(cluster)
    return catalogue, profile_snapshot(actor, catalogue)


# --- Snapshot -------------------------------------------------------------------------------


def profile_snapshot(actor: Actor, catalogue: TopicCatalogue) -> dict:
    """The actor's current profile in the canonical format (all sections)."""
    values = {name: getattr(actor, name) for name in ("kind", *TEXT_FIELDS)}
    values.update(
        district=actor.district.ags if actor.district_id else None,
        growth_core=actor.growth_core.number if actor.growth_core_id else None,
        size_class=actor.size_class,
        employees=actor.employees,
        founded_year=actor.founded_year,
        latitude=actor.latitude,
        longitude=actor.longitude,
    )
    competences = []
    for competence in actor.competences.prefetch_related("topics"):
        numbers = [
            catalogue.number_by_lineage[str(tag.lineage)]
            for tag in competence.topics.all()
            if str(tag.lineage) in catalogue.number_by_lineage
        ]
        competences.append(
            {
                "kind": competence.kind,
                "text": competence.text,
                "description": competence.description,
                "keywords": list(competence.keywords or []),
                "evidence": competence.evidence,
                "topic_areas": sorted(numbers),
            }
        )
    contacts = [
        {"id": contact.pk, **{name: getattr(contact, name) for name in CONTACT_FIELDS}}
        for contact in actor.contacts.all()
    ]
    activities = [
        {"scheme": link.activity.scheme, "code": link.activity.code, "is_primary": link.is_primary}
        for link in actor.activity_links.select_related("activity").order_by(
            "-is_primary", "activity__scheme", "activity__code"
        )
    ]
    return {
        "values": values,
        "competences": competences,
        "contacts": contacts,
        "activities": activities,
    }


def changed_sections(current: dict, proposed: dict) -> dict:
    """Only what `proposed` changes compared with `current` (values field by field)."""
    changes = {}
    values = {
        name: value
        for name, value in proposed.get("values", {}).items()
        if current["values"].get(name) != value
    }
    if values:
        changes["values"] = values
    for section in ("competences", "contacts", "activities"):
        if section in proposed and proposed[section] != current[section]:
            changes[section] = proposed[section]
    return changes


# --- Validation -----------------------------------------------------------------------------


# The profile's payload errors are the platform's (`core.validation`); the name stays for
# the callers that speak of profiles.
ProfileErrors = PayloadErrors
REQUIRED = _lazy("Dieses Feld ist erforderlich.")


def _choice(value, key, errors, choices, *, required=False) -> str:
    """A profile choice: in files and the API the message names the allowed values."""
    return choice(
        value,
        key,
        errors,
        choices,
        required=required,
        required_message=str(REQUIRED),
        name_allowed=True,
    )


def _field_max_length(name: str) -> int:
    return Actor._meta.get_field(name).max_length or 20_000


def clean_values(raw: dict, errors: ProfileErrors, *, partial: bool) -> dict:
    """Validate the scalar fields; with `partial` only those present are checked."""
    unknown = set(raw) - set(PROFILE_FIELDS)
    for name in sorted(unknown):
        errors.add(name, _("Unbekanntes Feld."))
    cleaned = {}
    present = [name for name in PROFILE_FIELDS if name in raw or not partial]
    for name in present:
        value = raw.get(name)
        if name == "kind":
            cleaned[name] = _choice(value, name, errors, ActorKind, required=True)
        elif name in TEXT_FIELDS:
            max_length = 5000 if name == "description" else _field_max_length(name)
            cleaned[name] = text(
                value, name, errors, max_length=max_length, required=name == "name"
            )
        elif name == "size_class":
            cleaned[name] = _choice(value, name, errors, SizeClass)
        elif name == "employees":
            cleaned[name] = integer(value, name, errors, maximum=1_000_000)
        elif name == "founded_year":
            cleaned[name] = integer(value, name, errors, minimum=1500, maximum=2100)
        elif name == "latitude":
            cleaned[name] = number(value, name, errors, minimum=-90, maximum=90)
        elif name == "longitude":
            cleaned[name] = number(value, name, errors, minimum=-180, maximum=180)
        elif name in ("district", "growth_core"):
            cleaned[name] = (str(value).strip() or None) if value not in (None, "") else None
    _check_formats(cleaned, errors)
    return cleaned


def _check_formats(cleaned: dict, errors: ProfileErrors) -> None:
    if cleaned.get("website"):
        website = cleaned["website"]
        if "://" not in website:
            website = cleaned["website"] = f"https://{website}"
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            errors.add("website", _("Bitte eine gültige Web-Adresse angeben (https://…)."))
    if cleaned.get("email"):
        try:
            EmailValidator()(cleaned["email"])
        except ValidationError:
            errors.add("email", _("Bitte eine gültige E-Mail-Adresse angeben."))
    postal_code = cleaned.get("postal_code")
    if postal_code and not (len(postal_code) == 5 and postal_code.isdigit()):
        errors.add("postal_code", _("Die Postleitzahl hat fünf Ziffern."))
    district = cleaned.get("district")
    if district and not District.objects.filter(ags=district).exists():
        errors.add(
            "district",
            _("Unbekannter Kreisschlüssel „%(ags)s“ (fünf Ziffern, z. B. 12069).")
            % {"ags": district},
        )
    growth_core = cleaned.get("growth_core")
    if growth_core:
        if not growth_core.isdigit() or not GrowthCore.objects.filter(number=growth_core).exists():
            errors.add(
                "growth_core",
                _("Unbekannter Wachstumskern „%(value)s“ (Nummer 1–15).") % {"value": growth_core},
            )
        else:
            cleaned["growth_core"] = int(growth_core)


def _keywords(value, key, errors) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors.add(key, _("Schlagwörter als Liste von Texten angeben."))
        return []
    keywords = list(dict.fromkeys(item.strip() for item in value if item.strip()))
    if len(keywords) > MAX_KEYWORDS:
        errors.add(key, _("Höchstens %(max)d Schlagwörter.") % {"max": MAX_KEYWORDS})
    if any(len(keyword) > 80 for keyword in keywords):
        errors.add(key, _("Ein Schlagwort hat höchstens 80 Zeichen."))
    return keywords


def _topic_numbers(value, key, errors, catalogue: TopicCatalogue) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    if not isinstance(value, list):
        errors.add(key, _("Themenbereiche als Liste von Nummern angeben (z. B. 4.4.1)."))
        return []
    numbers = list(dict.fromkeys(str(item).strip() for item in value if str(item).strip()))
    unknown = [number for number in numbers if number not in catalogue.lineage_by_number]
    if unknown:
        errors.add(
            key,
            _(
                "Unbekannte Themenbereiche: %(numbers)s (Nummern des veröffentlichten "
                "Masterplans, z. B. 4.4.1)."
            )
            % {"numbers": ", ".join(unknown)},
        )
    return [number for number in numbers if number in catalogue.lineage_by_number]


def clean_competences(raw, errors: ProfileErrors, catalogue: TopicCatalogue) -> list[dict]:
    if not isinstance(raw, list):
        errors.add("competences", _("Kompetenzen als Liste angeben."))
        return []
    if len(raw) > MAX_COMPETENCES:
        errors.add("competences", _("Höchstens %(max)d Kompetenzen.") % {"max": MAX_COMPETENCES})
    cleaned = []
    for index, item in enumerate(raw, start=1):
        prefix = f"competences.{index}"
        if not isinstance(item, dict):
            errors.add(prefix, _("Eine Kompetenz ist ein Objekt mit Text und Art."))
            continue
        cleaned.append(
            {
                "kind": _choice(
                    item.get("kind"), f"{prefix}.kind", errors, CompetenceKind, required=True
                ),
                "text": text(
                    item.get("text"), f"{prefix}.text", errors, max_length=300, required=True
                ),
                "description": text(
                    item.get("description"), f"{prefix}.description", errors, max_length=2000
                ),
                "keywords": _keywords(item.get("keywords"), f"{prefix}.keywords", errors),
                "evidence": text(
                    item.get("evidence"), f"{prefix}.evidence", errors, max_length=300
                ),
                "topic_areas": _topic_numbers(
                    item.get("topic_areas"), f"{prefix}.topic_areas", errors, catalogue
                ),
            }
        )
    return cleaned


def clean_contacts(raw, errors: ProfileErrors) -> list[dict]:
    if not isinstance(raw, list):
        errors.add("contacts", _("Ansprechpersonen als Liste angeben."))
        return []
    if len(raw) > MAX_CONTACTS:
        errors.add("contacts", _("Höchstens %(max)d Ansprechpersonen.") % {"max": MAX_CONTACTS})
    cleaned = []
    for index, item in enumerate(raw, start=1):
        prefix = f"contacts.{index}"
        if not isinstance(item, dict):
            errors.add(prefix, _("Eine Ansprechperson ist ein Objekt mit Name und Angaben."))
            continue
        contact = {
            "id": item.get("id") if isinstance(item.get("id"), int) else None,
            "name": text(item.get("name"), f"{prefix}.name", errors, max_length=200, required=True),
            "function": text(item.get("function"), f"{prefix}.function", errors, max_length=200),
            "email": text(item.get("email"), f"{prefix}.email", errors, max_length=254),
            "phone": text(item.get("phone"), f"{prefix}.phone", errors, max_length=40),
            "consent": bool(item.get("consent")),
            "visibility": _choice(
                item.get("visibility") or Visibility.MEMBERS,
                f"{prefix}.visibility",
                errors,
                Visibility,
            ),
        }
        if contact["email"]:
            try:
                EmailValidator()(contact["email"])
            except ValidationError:
                errors.add(f"{prefix}.email", _("Bitte eine gültige E-Mail-Adresse angeben."))
        cleaned.append(contact)
    return cleaned


def clean_activities(raw, errors: ProfileErrors) -> list[dict]:
    if not isinstance(raw, list):
        errors.add("activities", _("Wirtschaftszweige als Liste angeben."))
        return []
    cleaned = []
    known = set(EconomicActivity.objects.values_list("scheme", "code"))
    for index, item in enumerate(raw, start=1):
        prefix = f"activities.{index}"
        if not isinstance(item, dict):
            errors.add(
                prefix, _("Ein Wirtschaftszweig ist ein Objekt mit Klassifikation und Code.")
            )
            continue
        scheme = item.get("scheme") or ActivityScheme.WZ_2008
        code = str(item.get("code") or "").strip()
        if (scheme, code) not in known:
            errors.add(
                prefix,
                _("Unbekannter Wirtschaftszweig „%(code)s“ (%(scheme)s).")
                % {"code": code, "scheme": scheme},
            )
            continue
        cleaned.append({"scheme": scheme, "code": code, "is_primary": bool(item.get("is_primary"))})
    return cleaned


def clean_profile(raw: dict, *, catalogue: TopicCatalogue, partial: bool = False) -> dict:
    """Validate a profile payload; raises ValidationError with German messages by key."""
    errors = ProfileErrors()
    if not isinstance(raw, dict):
        raise ValidationError(_("Die Angaben müssen ein Objekt sein."))
    for section in sorted(set(raw) - set(SECTIONS)):
        errors.add(section, _("Unbekannter Abschnitt."))
    cleaned = {"values": clean_values(raw.get("values") or {}, errors, partial=partial)}
    if "competences" in raw:
        cleaned["competences"] = clean_competences(raw["competences"], errors, catalogue)
    if "contacts" in raw:
        cleaned["contacts"] = clean_contacts(raw["contacts"], errors)
    if "activities" in raw:
        cleaned["activities"] = clean_activities(raw["activities"], errors)
    errors.raise_if_any()
    return cleaned
