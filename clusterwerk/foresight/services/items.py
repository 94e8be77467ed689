"""Items of a foresight cycle: create, change and delete them, and their sources (links and
PDF documents). Items and sources may change while the cycle is prepared or rated; deleted
only in preparation (afterwards they carry ratings).

Item data is one JSON-safe format that forms and the API hand in:

    {"key": "W-07", "title": "…", "description": "…", "kind": "technology",
     "steep": "technological", "segment": 12, "tags": ["Wasserstoff", "Energie"],
     "topics": ["4.2.4", "4.1.1"], "origin": "…"}

`segment` is the id (or the name) of one of the cycle's segments; `topics` are numbers of
topic areas of the cluster's published masterplan edition, stored by lineage so that they
survive the next edition. The key may be left empty: the next free "F-NN" is taken. The key
is fixed once rating opens (panellists' addresses use it).
"""

import re
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from clusterwerk.core import validation, versions
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.pdf_check import check_pdf, clean_file_name
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.foresight import phases
from clusterwerk.foresight.models import (
    MAX_SOURCE_MB,
    Cycle,
    Item,
    ItemKind,
    ItemTopicArea,
    Segment,
    Source,
    SourceKind,
    Status,
    Steep,
)
from clusterwerk.foresight.permissions import manages_foresight
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue

ITEM_FIELDS = (
    "key",
    "title",
    "description",
    "kind",
    "steep",
    "segment",
    "tags",
    "topics",
    "origin",
)
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,19}$")
RESERVED_KEYS = {"neu"}
MAX_TAGS = 20
MAX_SOURCES = 30


def require_manager(user, cluster) -> None:
    if not manages_foresight(user, cluster):
        raise PermissionDenied(_("Items und Quellen verwaltet das Clustermanagement."))


def _locked_cycle(cycle: Cycle) -> Cycle:
    return Cycle.objects.select_for_update(of=("self",)).select_related("cluster").get(pk=cycle.pk)


def _locked_item(item: Item) -> Item:
    return (
        Item.objects.select_for_update(of=("self",))
        .select_related("cycle__cluster", "segment")
        .get(pk=item.pk)
    )


# --- the data format ---------------------------------------------------------------------------


def item_data(item: Item, catalogue: TopicCatalogue | None = None) -> dict:
    catalogue = catalogue or topic_catalogue(item.cycle.cluster_id)
    lineages = [str(row.topic_lineage) for row in item.topic_areas.all()]
    return {
        "key": item.key,
        "title": item.title,
        "description": item.description,
        "kind": item.kind,
        "steep": item.steep,
        "segment": item.segment_id,
        "tags": list(item.tags or []),
        "topics": catalogue.numbers_of(lineages),
        "origin": item.origin,
    }


def _segment(value, cycle: Cycle, errors: PayloadErrors) -> Segment | None:
    if value in (None, ""):
        return None
    segments = list(cycle.segments.all())
    found = None
    if isinstance(value, Segment):
        found = value if value.cycle_id == cycle.pk else None
    elif isinstance(value, int) and not isinstance(value, bool):
        found = next((s for s in segments if s.pk == value), None)
    elif isinstance(value, str):
        text = value.strip()
        found = next((s for s in segments if str(s.pk) == text or s.name == text), None)
    if found is None:
        errors.add("segment", _("Dieses Segment gibt es im Radar des Zyklus nicht."))
    return found


def _topics(value, catalogue: TopicCatalogue, errors: PayloadErrors) -> list[uuid.UUID]:
    numbers = validation.string_list(value, "topics", errors, max_items=20)
    lineages, unknown = [], []
    for number in numbers:
        lineage = catalogue.lineage_by_number.get(number)
        if lineage is None and number in catalogue.number_by_lineage:
            lineage = number
        if lineage is None:
            unknown.append(number)
        else:
            lineages.append(uuid.UUID(lineage))
    if unknown:
        errors.add(
            "topics",
            _("Diese Themenbereiche gibt es im veröffentlichten Masterplan nicht: %(numbers)s.")
            % {"numbers": ", ".join(unknown)},
        )
    return list(dict.fromkeys(lineages))


def _next_key(cycle: Cycle) -> str:
    taken = set(Item.objects.filter(cycle=cycle).values_list("key", flat=True))
    number = len(taken) + 1
    while f"F-{number:02d}" in taken:
        number += 1
    return f"F-{number:02d}"


def clean_item(data: dict, *, cycle: Cycle, catalogue: TopicCatalogue, own_pk=None) -> dict:
    """Validate complete item data; the model values (and `topics` as lineages) or a
    ValidationError with German messages by field."""
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zum Item als Objekt senden."))
    errors = PayloadErrors()
    key = validation.text(data.get("key"), "key", errors, max_length=20)
    if key and (not KEY_PATTERN.match(key) or key.lower() in RESERVED_KEYS):
        errors.add(
            "key",
            _("Die Kennung besteht aus Buchstaben, Ziffern und Bindestrichen, z. B. W-07."),
        )
    elif key and Item.objects.filter(cycle=cycle, key=key).exclude(pk=own_pk).exists():
        errors.add("key", _("Die Kennung „%(key)s“ hat schon ein anderes Item.") % {"key": key})
    values = {
        "key": key,
        "title": validation.text(data.get("title"), "title", errors, max_length=200, required=True),
        "description": validation.text(
            data.get("description"), "description", errors, max_length=20_000
        ),
        "kind": validation.choice(
            data.get("kind"),
            "kind",
            errors,
            ItemKind,
            required=True,
            required_message=_("Bitte wählen Sie die Art des Items."),
        ),
        "steep": validation.choice(
            data.get("steep"),
            "steep",
            errors,
            Steep,
            required=True,
            required_message=_("Bitte wählen Sie die STEEP-Kategorie."),
        ),
        "segment": _segment(data.get("segment"), cycle, errors),
        "tags": validation.string_list(
            data.get("tags"), "tags", errors, max_items=MAX_TAGS, max_length=40
        ),
        "topics": _topics(data.get("topics"), catalogue, errors),
        "origin": validation.text(data.get("origin"), "origin", errors, max_length=300),
    }
    errors.raise_if_any()
    return values


def _set_topics(item: Item, lineages: list[uuid.UUID]) -> None:
    item.topic_areas.exclude(topic_lineage__in=lineages).delete()
    have = set(item.topic_areas.values_list("topic_lineage", flat=True))
    ItemTopicArea.objects.bulk_create(
        [
            ItemTopicArea(item=item, topic_lineage=lineage)
            for lineage in lineages
            if lineage not in have
        ]
    )


# --- items -------------------------------------------------------------------------------------


@changes(versions.FORESIGHT)
@transaction.atomic
def create_item(*, user, cycle: Cycle, data: dict) -> Item:
    require_manager(user, cycle.cluster)
    cycle = _locked_cycle(cycle)
    phases.require(cycle, phases.EDIT_ITEMS)
    if isinstance(data, dict):
        unknown = sorted(set(data) - set(ITEM_FIELDS))
        if unknown:
            raise ValidationError(_("Unbekannte Angaben: %(keys)s.") % {"keys": ", ".join(unknown)})
    values = clean_item(data, cycle=cycle, catalogue=topic_catalogue(cycle.cluster_id))
    topics = values.pop("topics")
    if not values["key"]:
        values["key"] = _next_key(cycle)
    item = Item(cycle=cycle, **values)
    item.full_clean(validate_constraints=False)
    item.save()
    _set_topics(item, topics)
    return item


def edit_conflict(item: Item) -> EditConflict:
    return EditConflict(
        _("Jemand hat das Item inzwischen geändert; bitte laden Sie die Seite neu."),
        obj=item,
        version=item.version,
        current=item_data(item),
    )


@changes(versions.FORESIGHT)
@transaction.atomic
def update_item(*, user, item: Item, data: dict, expected_version: int) -> Item:
    """Change the given keys of `data` that differ from what is stored; the rest stays."""
    require_manager(user, item.cycle.cluster)
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zum Item als Objekt senden."))
    unknown = sorted(set(data) - set(ITEM_FIELDS))
    if unknown:
        raise ValidationError(
            _("Unbekannte oder nicht änderbare Angaben: %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    item = _locked_item(item)
    cycle = item.cycle
    phases.require(cycle, phases.EDIT_ITEMS)
    if expected_version is not None and item.version != expected_version:
        raise edit_conflict(item)
    catalogue = topic_catalogue(cycle.cluster_id)
    current = item_data(item, catalogue)
    values = clean_item({**current, **data}, cycle=cycle, catalogue=catalogue, own_pk=item.pk)
    if "key" in data and not values["key"]:
        values["key"] = item.key
    if values["key"] != item.key and cycle.status != Status.PREPARATION:
        raise ValidationError(
            {"key": [_("Die Kennung lässt sich nach dem Start der Bewertung nicht mehr ändern.")]}
        )
    old_topics = {row.topic_lineage for row in item.topic_areas.all()}
    topics = values.pop("topics")
    changed = [name for name in data if name != "topics" and getattr(item, name) != values[name]]
    topics_changed = "topics" in data and set(topics) != old_topics
    if not changed and not topics_changed:
        return item
    for name in changed:
        setattr(item, name, values[name])
    item.version += 1
    item.full_clean(validate_constraints=False)
    item.save()
    if topics_changed:
        _set_topics(item, topics)
    return item


@changes(versions.FORESIGHT)
@transaction.atomic
def delete_item(*, user, item: Item) -> None:
    require_manager(user, item.cycle.cluster)
    item = _locked_item(item)
    phases.require(item.cycle, phases.DELETE_ITEMS)
    item.delete()


# --- sources -----------------------------------------------------------------------------------


def _require_room(item: Item) -> None:
    if item.sources.count() >= MAX_SOURCES:
        raise ValidationError(
            {"title": [_("Höchstens %(max)d Quellen je Item.") % {"max": MAX_SOURCES}]}
        )


@changes(versions.FORESIGHT)
@transaction.atomic
def add_source_link(*, user, item: Item, title, url) -> Source:
    require_manager(user, item.cycle.cluster)
    item = _locked_item(item)
    phases.require(item.cycle, phases.EDIT_ITEMS)
    errors = PayloadErrors()
    title = validation.text(title, "title", errors, max_length=300, required=True)
    url = validation.text(url, "url", errors, max_length=500, required=True)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors.add("url", _("Bitte eine vollständige Adresse mit https:// angeben."))
    errors.raise_if_any()
    _require_room(item)
    return Source.objects.create(item=item, kind=SourceKind.LINK, title=title, url=url)


@changes(versions.FORESIGHT)
@transaction.atomic
def add_source_document(*, user, item: Item, title, upload) -> Source:
    """A PDF (≤ MAX_SOURCE_MB, header checked); served only through the access funnel."""
    require_manager(user, item.cycle.cluster)
    item = _locked_item(item)
    phases.require(item.cycle, phases.EDIT_ITEMS)
    errors = PayloadErrors()
    name = getattr(upload, "name", "") or ""
    title = validation.text(title or name, "title", errors, max_length=300, required=True)
    errors.raise_if_any()
    if upload is None:
        raise ValidationError({"file": [_("Bitte wählen Sie eine PDF-Datei.")]})
    size = getattr(upload, "size", None) or 0
    if size > MAX_SOURCE_MB * 1024 * 1024:
        raise ValidationError(
            {
                "file": [
                    _("Die Datei ist zu groß; erlaubt sind höchstens %(max)d MB.")
                    % {"max": MAX_SOURCE_MB}
                ]
            }
        )
    data = upload.read(MAX_SOURCE_MB * 1024 * 1024 + 1)
    check_pdf(
        name=name,
        content_type=getattr(upload, "content_type", "") or "",
        data=data,
        max_bytes=MAX_SOURCE_MB * 1024 * 1024,
    )
    _require_room(item)
    return Source.objects.create(
        item=item,
        kind=SourceKind.DOCUMENT,
        title=title,
        filename=clean_file_name(name, default="quelle.pdf"),
        content=data,
        size=len(data),
    )


@changes(versions.FORESIGHT)
@transaction.atomic
def remove_source(*, user, source: Source) -> None:
    item = source.item
    require_manager(user, item.cycle.cluster)
    item = _locked_item(item)
    phases.require(item.cycle, phases.EDIT_ITEMS)
    Source.objects.filter(pk=source.pk, item=item).delete()
