"""Listing data: the one JSON-safe format forms and the API hand to the services, its
validation (German messages by field, `core.validation`) and the listing in that format.

    {"kind": "rdi_request", "title": "…", "description": "…", "keywords": ["Leichtbau"],
     "partner_kinds": ["research_institute"], "region_scope": "radius", "radius_km": 80,
     "districts": [], "maturity": "idea", "expires_on": "2027-03-31", "is_anonymous": true,
     "cross_cluster": false, "shared_with_other_clusters": false, "topics": ["4.4.1"]}

Topic areas are numbers of the published edition of the listing's cluster.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.actors.models import Actor, ActorKind, District
from clusterwerk.core import validation
from clusterwerk.core.dates import add_years
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.models import Cluster
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.matchmaking.models import (
    MAX_RADIUS_KM,
    Listing,
    ListingKind,
    Maturity,
    RegionScope,
)

MAX_TITLE = 200
MAX_DESCRIPTION = 5000
MAX_KEYWORDS = 20
MAX_KEYWORD = 60
MAX_TOPICS = 5
MAX_DISTRICTS = 30
MIN_DESCRIPTION = 20
MAX_MESSAGE = 2000  # an interest's message, a decision or review note


def listing_edit_conflict(listing: Listing) -> EditConflict:
    """Somebody saved the listing since the form was loaded; nothing was overwritten. Only the
    owner and the cluster management get this far, so they may see the stored data."""
    return EditConflict(
        _("Das Inserat wurde inzwischen geändert."),
        obj=listing,
        version=listing.version,
        current=lambda _viewer: listing_data(listing),
    )


def _expires_on(data, errors: PayloadErrors, *, today: datetime.date) -> datetime.date | None:
    parsed = validation.date(
        data.get("expires_on"),
        "expires_on",
        errors,
        required=True,
        required_message=_("Bitte geben Sie an, bis wann das Inserat gilt."),
    )
    if parsed is None:
        return None
    if parsed < today:
        errors.add("expires_on", _("Das Ablaufdatum liegt in der Vergangenheit."))
    elif parsed > add_years(today, 1):
        errors.add(
            "expires_on",
            _("Ein Inserat gilt höchstens ein Jahr; bitte ein früheres Datum wählen."),
        )
    return parsed


def _region(data, owner: Actor, errors: PayloadErrors) -> tuple[str, int | None, list[District]]:
    scope = validation.choice(
        data.get("region_scope"), "region_scope", errors, RegionScope, required=True
    )
    radius = None
    districts: list[District] = []
    if scope == RegionScope.RADIUS:
        radius = _radius(data.get("radius_km"), errors)
        if owner.position is None:
            errors.add(
                "region_scope",
                _(
                    "Für einen Umkreis braucht das Profil des Anbieters einen Standort "
                    "(Landkreis oder Koordinaten). Bitte wählen Sie eine andere Region."
                ),
            )
    if scope == RegionScope.DISTRICTS:
        districts = _districts(data.get("districts"), errors)
    return scope, radius, districts


def _radius(value, errors: PayloadErrors) -> int | None:
    try:
        radius = int(value)
    except (TypeError, ValueError):
        errors.add("radius_km", _("Bitte den Umkreis in ganzen Kilometern angeben."))
        return None
    if not 1 <= radius <= MAX_RADIUS_KM:
        errors.add(
            "radius_km",
            _("Der Umkreis liegt zwischen 1 und %(max)d km.") % {"max": MAX_RADIUS_KM},
        )
        return None
    return radius


def _districts(value, errors: PayloadErrors) -> list[District]:
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not value:
        errors.add("districts", _("Bitte mindestens einen Landkreis oder eine Stadt wählen."))
        return []
    codes = list(dict.fromkeys(str(code).strip() for code in value))
    if len(codes) > MAX_DISTRICTS:
        errors.add("districts", _("Höchstens %(max)d Landkreise.") % {"max": MAX_DISTRICTS})
        return []
    found = {district.ags: district for district in District.objects.filter(ags__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        errors.add(
            "districts",
            _("Unbekannter Kreisschlüssel: %(codes)s.") % {"codes": ", ".join(unknown)},
        )
    return [found[code] for code in codes if code in found]


def _topics(data, cluster: Cluster, errors: PayloadErrors) -> list[str]:
    numbers = validation.string_list(data.get("topics"), "topics", errors)
    if len(numbers) > MAX_TOPICS:
        errors.add("topics", _("Höchstens %(max)d Themenbereiche.") % {"max": MAX_TOPICS})
        return []
    catalogue = topic_catalogue(cluster)
    unknown = [number for number in numbers if number not in catalogue.lineage_by_number]
    if unknown:
        errors.add(
            "topics",
            _("Unbekannter Themenbereich: %(numbers)s.") % {"numbers": ", ".join(unknown)},
        )
    return [catalogue.lineage_by_number[n] for n in numbers if n in catalogue.lineage_by_number]


def clean_listing(data: dict, *, owner: Actor, cluster: Cluster) -> dict:
    """Validate listing data; returns the model values or raises ValidationError by field."""
    errors = PayloadErrors()
    today = timezone.localdate()
    keywords = validation.string_list(data.get("keywords"), "keywords", errors)
    if len(keywords) > MAX_KEYWORDS:
        errors.add("keywords", _("Höchstens %(max)d Schlagwörter.") % {"max": MAX_KEYWORDS})
    if any(len(keyword) > MAX_KEYWORD for keyword in keywords):
        errors.add(
            "keywords", _("Ein Schlagwort hat höchstens %(max)d Zeichen.") % {"max": MAX_KEYWORD}
        )
    partner_kinds = validation.string_list(data.get("partner_kinds"), "partner_kinds", errors)
    unknown_kinds = [kind for kind in partner_kinds if kind not in ActorKind.values]
    if unknown_kinds:
        errors.add(
            "partner_kinds",
            _("Unbekannte Partnerart: %(kinds)s.") % {"kinds": ", ".join(unknown_kinds)},
        )
    scope, radius, districts = _region(data, owner, errors)
    values = {
        "kind": validation.choice(data.get("kind"), "kind", errors, ListingKind, required=True),
        "title": validation.text(
            data.get("title"), "title", errors, max_length=MAX_TITLE, required=True
        ),
        "description": validation.text(
            data.get("description"),
            "description",
            errors,
            max_length=MAX_DESCRIPTION,
            required=True,
            min_length=MIN_DESCRIPTION,
            min_length_message=_("Bitte beschreiben Sie es in mindestens %(min)d Zeichen.")
            % {"min": MIN_DESCRIPTION},
        ),
        "keywords": keywords,
        "partner_kinds": partner_kinds,
        "region_scope": scope,
        "radius_km": radius,
        "districts": districts,
        "maturity": validation.choice(data.get("maturity"), "maturity", errors, Maturity),
        "expires_on": _expires_on(data, errors, today=today),
        "is_anonymous": validation.boolean(data.get("is_anonymous"), "is_anonymous", errors),
        "cross_cluster": validation.boolean(data.get("cross_cluster"), "cross_cluster", errors),
        "shared_with_other_clusters": validation.boolean(
            data.get("shared_with_other_clusters"), "shared_with_other_clusters", errors
        ),
        "topics": _topics(data, cluster, errors),
    }
    errors.raise_if_any()
    return values


def listing_data(listing: Listing) -> dict:
    """The listing in the canonical format (for forms, the API and conflicts)."""
    catalogue = topic_catalogue(listing.cluster)
    return {
        "kind": listing.kind,
        "title": listing.title,
        "description": listing.description,
        "keywords": list(listing.keywords or []),
        "partner_kinds": list(listing.partner_kinds or []),
        "region_scope": listing.region_scope,
        "radius_km": listing.radius_km,
        "districts": [district.ags for district in listing.districts.all()],
        "maturity": listing.maturity,
        "expires_on": listing.expires_on.isoformat(),
        "is_anonymous": listing.is_anonymous,
        "cross_cluster": listing.cross_cluster,
        "shared_with_other_clusters": listing.shared_with_other_clusters,
        "topics": sorted(
            catalogue.number_by_lineage[str(topic.lineage)]
            for topic in listing.topics.all()
            if str(topic.lineage) in catalogue.number_by_lineage
        ),
    }
