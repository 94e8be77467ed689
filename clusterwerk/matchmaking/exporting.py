"""Export the listings a user sees as CSV, through `core.exports` (UTF-8 with BOM, ";", cells
that spreadsheets would run as formulas get a leading apostrophe).

The owner column follows `queries.owner_label`: an anonymous listing says "Anonymer Anbieter
(…)" unless the reader may know the owner.
"""

from collections.abc import Iterator

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.actors.models import ActorKind
from clusterwerk.core.exports import csv_bytes
from clusterwerk.masterplan.models import number_sort_key
from clusterwerk.masterplan.queries import TopicCatalogue
from clusterwerk.matchmaking.models import Listing, RegionScope
from clusterwerk.matchmaking.queries import owner_label

COLUMNS = (
    "id",
    "art",
    "titel",
    "beschreibung",
    "schlagwoerter",
    "themenbereiche",
    "gesuchte_partner",
    "region",
    "reifegrad",
    "anbieter",
    "anonym",
    "status",
    "gueltig_bis",
    "veroeffentlicht_am",
    "adresse",
)


def _region(listing: Listing) -> str:
    if listing.region_scope == RegionScope.RADIUS and listing.radius_km:
        return _("Umkreis von %(km)d km") % {"km": listing.radius_km}
    if listing.region_scope == RegionScope.DISTRICTS:
        names = sorted(district.name for district in listing.districts.all())
        return ", ".join(names) or str(listing.get_region_scope_display())
    return str(listing.get_region_scope_display())


def listing_row(user, listing: Listing, catalogue: TopicCatalogue) -> dict[str, str]:
    kinds = dict(ActorKind.choices)
    numbers = sorted(
        (
            catalogue.number_by_lineage[str(topic.lineage)]
            for topic in listing.topics.all()
            if str(topic.lineage) in catalogue.number_by_lineage
        ),
        key=number_sort_key,
    )
    return {
        "id": str(listing.pk),
        "art": str(listing.get_kind_display()),
        "titel": listing.title,
        "beschreibung": listing.description,
        "schlagwoerter": ", ".join(listing.keywords or []),
        "themenbereiche": ", ".join(numbers),
        "gesuchte_partner": ", ".join(
            str(kinds.get(kind, kind)) for kind in listing.partner_kinds or []
        ),
        "region": _region(listing),
        "reifegrad": str(listing.get_maturity_display()) if listing.maturity else "",
        "anbieter": owner_label(user, listing),
        "anonym": _("ja") if listing.is_anonymous else _("nein"),
        "status": str(listing.get_status_display()),
        "gueltig_bis": listing.expires_on.isoformat(),
        "veroeffentlicht_am": (
            timezone.localtime(listing.published_at).date().isoformat()
            if listing.published_at
            else ""
        ),
        "adresse": settings.SITE_URL + listing.get_absolute_url(),
    }


def listing_rows(
    listings: list[Listing], *, user, catalogue: TopicCatalogue, chunk_size: int = 500
) -> Iterator[list[str]]:
    """The listings (topics prefetched, owner joined) as CSV rows in the order of `COLUMNS`,
    produced while they are written: districts are fetched a chunk at a time."""
    for start in range(0, len(listings), chunk_size):
        chunk = listings[start : start + chunk_size]
        prefetch_related_objects(chunk, "districts")
        for listing in chunk:
            row = listing_row(user, listing, catalogue)
            yield [row[column] for column in COLUMNS]


def listings_csv(listings: list[Listing], *, user, catalogue: TopicCatalogue) -> bytes:
    """The listings as one CSV file in memory (the view streams `listing_rows` instead)."""
    return csv_bytes(listing_rows(listings, user=user, catalogue=catalogue), header=COLUMNS)
