"""Checking project data in the services' format (see `services/__init__.py`).

The typed cleaners of `core.validation` read every value and collect German messages by key
("title", "partners.2", …); the checks here are the projects' own: amounts in euros, funding
programmes, partner clusters, partners (one lead, no actor twice), topic areas of the
published edition, and the rules between fields (the end after the start, no funding above
the volume).
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clusterwerk.actors.models import Actor, ActorStatus, Visibility
from clusterwerk.core import validation
from clusterwerk.core.models import Cluster
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.masterplan.queries import TopicCatalogue
from clusterwerk.projects.models import (
    AssignmentSource,
    FundingProgramme,
    PartnerRole,
    ProjectPhase,
)

SCALAR_FIELDS = (
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
AMOUNT_FIELDS = ("total_volume", "funding_amount", "regional_volume")
MAX_AMOUNT = Decimal("999999999999.99")
MAX_PARTNERS = 60
MAX_ID = 2**63  # larger ids cannot be looked up (SQLite raises OverflowError)
FIRST_YEAR, LAST_YEAR = 2000, 2100


def clean_project(data: dict, *, catalogue: TopicCatalogue, partial: bool = False) -> dict:
    """Validate project data; raises ValidationError with German messages by key."""
    if not isinstance(data, dict):
        raise ValidationError(_("Die Angaben müssen ein Objekt sein."))
    errors = PayloadErrors()
    present = set(data) if partial else {*SCALAR_FIELDS, "partners", "topics"}
    cleaned = {}
    for key, max_length in (("title", 300), ("acronym", 40), ("description", 10_000)):
        if key in present:
            cleaned[key] = validation.text(
                data.get(key), key, errors, max_length=max_length, required=key == "title"
            )
    if "phase" in present:
        cleaned["phase"] = validation.choice(
            data.get("phase"), "phase", errors, ProjectPhase, default=ProjectPhase.IDEA
        )
    if "visibility" in present:
        cleaned["visibility"] = validation.choice(
            data.get("visibility"), "visibility", errors, Visibility, default=Visibility.MEMBERS
        )
    for key in ("start_date", "end_date"):
        if key in present:
            cleaned[key] = validation.date(data.get(key), key, errors)
    if "year_initiated" in present:
        cleaned["year_initiated"] = validation.integer(
            data.get("year_initiated"),
            "year_initiated",
            errors,
            minimum=FIRST_YEAR,
            maximum=LAST_YEAR,
        )
    if "is_rdi" in present:
        cleaned["is_rdi"] = validation.boolean(data.get("is_rdi"), "is_rdi", errors)
    for key in AMOUNT_FIELDS:
        if key in present:
            cleaned[key] = amount(data.get(key), key, errors)
    if "funding_programme" in present:
        cleaned["funding_programme"] = _programme(data.get("funding_programme"), errors)
    if "partner_clusters" in data:
        cleaned["partner_clusters"] = _clusters(data.get("partner_clusters"), errors)
    if "partners" in present:
        cleaned["partners"] = _partners(data.get("partners") or [], errors)
    if "topics" in present:
        cleaned["topics"] = _topics(data.get("topics") or {}, errors, catalogue)
    _check_consistency(cleaned, errors)
    errors.raise_if_any()
    return cleaned


def amount(value, key: str, errors: PayloadErrors) -> Decimal | None:
    """An amount in euros ("250000", "1.250,50" without the thousands dot: "1250,50"), not
    negative, rounded to cents; None for an empty value."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        errors.add(key, _("Bitte einen Betrag in Euro angeben, z. B. 250000."))
        return None
    if number < 0:
        errors.add(key, _("Der Betrag darf nicht negativ sein."))
        return None
    if number > MAX_AMOUNT:
        errors.add(key, _("Der Betrag ist zu groß."))
        return None
    return number.quantize(Decimal("0.01"))


def _programme(value, errors: PayloadErrors) -> FundingProgramme | None:
    if value in (None, ""):
        return None
    programme = FundingProgramme.objects.filter(key=str(value)).first()
    if programme is None:
        errors.add(
            "funding_programme", _("Unbekanntes Förderprogramm „%(value)s“.") % {"value": value}
        )
    return programme


def _clusters(values, errors: PayloadErrors) -> list[Cluster]:
    if not isinstance(values, list):
        errors.add("partner_clusters", _("Cluster als Liste von Kürzeln angeben."))
        return []
    clusters = list(Cluster.objects.filter(slug__in=[str(value) for value in values]))
    unknown = sorted(set(map(str, values)) - {cluster.slug for cluster in clusters})
    if unknown:
        errors.add(
            "partner_clusters",
            _("Unbekannte Cluster: %(slugs)s.") % {"slugs": ", ".join(unknown)},
        )
    return clusters


def _partners(values, errors: PayloadErrors) -> list[tuple[Actor, str]]:
    if not isinstance(values, list):
        errors.add("partners", _("Partner als Liste angeben."))
        return []
    if len(values) > MAX_PARTNERS:
        errors.add("partners", _("Höchstens %(max)d Partner.") % {"max": MAX_PARTNERS})
        return []
    ids = []
    for index, item in enumerate(values, start=1):
        actor_id = item.get("actor") if isinstance(item, dict) else None
        if not isinstance(actor_id, int) or isinstance(actor_id, bool) or not 0 < actor_id < MAX_ID:
            errors.add(f"partners.{index}", _("Bitte einen Akteur auswählen."))
            continue
        ids.append(actor_id)
    actors = Actor.objects.exclude(status=ActorStatus.ARCHIVED).in_bulk(ids)
    partners, seen, leads = [], set(), 0
    for index, item in enumerate(values, start=1):
        if not isinstance(item, dict) or item.get("actor") not in actors:
            if isinstance(item, dict) and item.get("actor") in ids:
                errors.add(f"partners.{index}", _("Diesen Akteur gibt es nicht (mehr)."))
            continue
        actor = actors[item["actor"]]
        role = item.get("role") or PartnerRole.PARTNER
        if role not in PartnerRole.values:
            errors.add(f"partners.{index}", _("Unbekannte Rolle „%(role)s“.") % {"role": role})
            continue
        if actor.pk in seen:
            errors.add(
                f"partners.{index}",
                _("„%(actor)s“ ist bereits Partner; jeder Akteur nur einmal.") % {"actor": actor},
            )
            continue
        seen.add(actor.pk)
        leads += role == PartnerRole.LEAD
        partners.append((actor, role))
    if leads > 1:
        errors.add("partners", _("Ein Projekt hat höchstens eine Konsortialführung."))
    return partners


def _topics(value, errors: PayloadErrors, catalogue: TopicCatalogue) -> dict:
    if not isinstance(value, dict):
        errors.add("topics", _("Themenbereiche als Objekt mit primary und secondary angeben."))
        return {}
    primary = str(value.get("primary") or "").strip()
    secondary = value.get("secondary") or []
    if isinstance(secondary, str):
        secondary = secondary.replace(";", ",").split(",")
    if not isinstance(secondary, list):
        errors.add("topics", _("Weitere Themenbereiche als Liste von Nummern angeben."))
        secondary = []
    secondary = [str(number).strip() for number in secondary if str(number).strip()]
    unknown = [n for n in [primary, *secondary] if n and n not in catalogue.lineage_by_number]
    if unknown:
        errors.add(
            "topics",
            _(
                "Unbekannte Themenbereiche: %(numbers)s (Nummern des veröffentlichten "
                "Masterplans, z. B. 4.4.2)."
            )
            % {"numbers": ", ".join(unknown)},
        )
    if not primary and secondary:
        errors.add("topics", _("Bitte zuerst einen Haupt-Themenbereich wählen."))
    assigned_by = value.get("assigned_by") or AssignmentSource.MANUAL
    if assigned_by not in AssignmentSource.values:
        assigned_by = AssignmentSource.MANUAL
    return {
        "primary": primary if primary in catalogue.lineage_by_number else "",
        "secondary": [
            n for n in dict.fromkeys(secondary) if n in catalogue.lineage_by_number and n != primary
        ],
        "assigned_by": assigned_by,
    }


def _check_consistency(cleaned: dict, errors: PayloadErrors) -> None:
    start, end = cleaned.get("start_date"), cleaned.get("end_date")
    if start and end and end < start:
        errors.add("end_date", _("Das Ende liegt vor dem Beginn."))
    total = cleaned.get("total_volume")
    for key, message in (
        ("funding_amount", _("Die Fördersumme ist größer als das Projektvolumen.")),
        (
            "regional_volume",
            _("Der Anteil in Berlin-Brandenburg ist größer als das Projektvolumen."),
        ),
    ):
        value = cleaned.get(key)
        if total is not None and value is not None and value > total:
            errors.add(key, message)
