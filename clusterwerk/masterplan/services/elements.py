"""Fortschreibung of a draft's elements: edit texts and cross-references, add, move and
delete topic areas. Every save checks the version the editor loaded (`EditConflict`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.core import validation, versions
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.versions import changes
from clusterwerk.masterplan.models import (
    NUMBER_PATTERNS,
    Edition,
    ElementKind,
    KeyPoint,
    PlanElement,
    RevisionAction,
    TopicArea,
    TopicAreaReference,
)
from clusterwerk.masterplan.queries import related_topic_areas
from clusterwerk.masterplan.search import search_document_for
from clusterwerk.masterplan.services.common import (
    ensure_can_manage,
    ensure_draft,
    field_changes,
    last_number,
    last_revision_of,
    record_revision,
    serialisable,
)

EDITABLE_FIELDS = {
    ElementKind.ACTION_FIELD: ("title", "intro"),
    ElementKind.KEY_POINT: ("title", "intro"),
    ElementKind.TOPIC_AREA: (
        "title",
        "goal",
        "description",
        "relevance",
        "potential",
        "keywords",
    ),
    ElementKind.SUCCESS_FACTOR: ("title", "description"),
}


def element_edit_conflict(element: PlanElement) -> EditConflict:
    """Somebody else saved the element since it was loaded; nothing was overwritten. The 409
    body names who changed it when."""
    last_revision = last_revision_of(element)
    who = last_revision.user.public_name if last_revision and last_revision.user else None
    if who:
        message = _(
            "„%(element)s“ wurde inzwischen von %(who)s geändert. Ihre Änderungen wurden "
            "nicht gespeichert; bitte prüfen Sie den aktuellen Stand und übernehmen Sie sie "
            "erneut."
        ) % {"element": element, "who": who}
    else:
        message = _(
            "„%(element)s“ wurde inzwischen geändert. Ihre Änderungen wurden nicht "
            "gespeichert; bitte prüfen Sie den aktuellen Stand und übernehmen Sie sie erneut."
        ) % {"element": element}
    current = {"number": element.number, "version": element.version}
    current.update({name: getattr(element, name) for name in EDITABLE_FIELDS[element.kind]})
    if isinstance(element, TopicArea):
        outgoing, _incoming = related_topic_areas(element)
        current["references"] = [target.number for target in outgoing]
    return EditConflict(
        message,
        obj=element,
        current=current,
        details={
            "changed_by": who,
            "changed_at": last_revision.created_at if last_revision else None,
        },
    )


def save_versioned(element, expected_version: int, values: dict) -> None:
    """Write `values` only if nobody saved the element since `expected_version` was read."""
    model = type(element)
    updated = model.objects.filter(pk=element.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **values
    )
    if not updated:
        current = model.objects.filter(pk=element.pk).first()
        raise element_edit_conflict(current or element)
    for name, value in values.items():
        setattr(element, name, value)
    element.version = expected_version + 1


@changes(versions.MASTERPLAN)
@transaction.atomic
def update_element(
    *,
    element,
    user,
    expected_version: int,
    values: dict,
    references: list[str] | None = None,
    message: str = "",
) -> list[str]:
    """Edit one element of a draft (texts and, for topic areas, cross-references).

    `message` is kept with the revision (e.g. the proposal a change comes from).
    Returns the names of the changed fields. A second editor who loaded the same version gets
    an EditConflict and changes nothing; a rejected value changes nothing either.
    """
    edition = element.edition
    ensure_can_manage(user, edition.cluster)
    ensure_draft(edition)
    allowed = EDITABLE_FIELDS[element.kind]
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValidationError(_("Nicht bearbeitbare Felder: %s") % ", ".join(sorted(unknown)))
    errors = validation.PayloadErrors()
    values = clean_texts(values, errors)
    reference_change = None
    if references is not None:
        reference_change = reference_difference(element, references, errors)
    errors.raise_if_any()
    changes = field_changes(element, values)
    probe = type(element)(**{**model_values(element), **values})
    if not changes and not reference_change:
        if element.version != expected_version:
            raise element_edit_conflict(element)
        return []
    values["search_document"] = search_document_for(probe)
    save_versioned(element, expected_version, values)
    if reference_change:
        apply_references(element, reference_change["targets"])
        changes["references"] = {"old": reference_change["old"], "new": reference_change["new"]}
    record_revision(
        edition=edition,
        action=RevisionAction.UPDATED,
        user=user,
        element=element,
        changes=serialisable(changes),
        message=message,
    )
    return sorted(changes)


def reference_difference(
    topic_area: TopicArea, numbers: list[str], errors: validation.PayloadErrors
) -> dict | None:
    """Check the wanted cross-references; None when they are as they are (or wrong)."""
    numbers = [number.strip() for number in numbers if number.strip()]
    if topic_area.number in numbers:
        errors.add("references", _("Ein Themenbereich kann nicht auf sich selbst verweisen."))
        return None
    targets = {
        ta.number: ta
        for ta in TopicArea.objects.filter(edition=topic_area.edition, number__in=numbers)
    }
    missing = sorted(set(numbers) - set(targets))
    if missing:
        errors.add("references", _("Unbekannte Themenbereiche: %s") % ", ".join(missing))
        return None
    current = sorted(ref.target.number for ref in topic_area.outgoing_refs.select_related("target"))
    wanted = sorted(targets)
    if current == wanted:
        return None
    return {"old": current, "new": wanted, "targets": targets}


def apply_references(topic_area: TopicArea, targets: dict[str, TopicArea]) -> None:
    TopicAreaReference.objects.filter(source=topic_area).exclude(
        target__number__in=list(targets)
    ).delete()
    existing = set(topic_area.outgoing_refs.values_list("target__number", flat=True))
    TopicAreaReference.objects.bulk_create(
        TopicAreaReference(source=topic_area, target=target)
        for number, target in sorted(targets.items())
        if number not in existing
    )


def model_values(element) -> dict:
    return {
        f.attname: getattr(element, f.attname)
        for f in element._meta.concrete_fields
        if not f.primary_key
    }


TITLE_MAX_LENGTH = TopicArea._meta.get_field("title").max_length


def clean_texts(values: dict, errors: validation.PayloadErrors) -> dict:
    """The texts of an element as the plan stores them (`normalise_value`); a title is
    required and fits its column."""
    cleaned = {name: normalise_value(name, value) for name, value in values.items()}
    if "title" in cleaned:
        if not cleaned["title"]:
            errors.add("title", _("Der Titel darf nicht leer sein."))
        else:
            validation.text(cleaned["title"], "title", errors, max_length=TITLE_MAX_LENGTH)
    return cleaned


def normalise_value(name: str, value):
    if name == "keywords":
        if isinstance(value, str):
            value = value.split(",")
        seen = []
        for keyword in value:
            keyword = " ".join(str(keyword).split())
            if keyword and keyword not in seen:
                seen.append(keyword)
        return seen
    text = "\n".join(line.rstrip() for line in str(value).replace("\r\n", "\n").split("\n"))
    return text.strip()


def validate_topic_number(
    edition: Edition,
    key_point: KeyPoint,
    number: str,
    errors: validation.PayloadErrors,
    exclude=None,
) -> str:
    number = number.strip()
    if not NUMBER_PATTERNS["topic_area"].match(number):
        errors.add("number", _("Die Nummer muss die Form „4.1.1“ haben."))
    elif not number.startswith(f"{key_point.number}."):
        errors.add(
            "number",
            _("Die Nummer muss mit der Nummer des Eckpunkts %s beginnen.") % key_point.number,
        )
    else:
        clash = TopicArea.objects.filter(edition=edition, number=number)
        if exclude is not None:
            clash = clash.exclude(pk=exclude.pk)
        if clash.exists():
            errors.add("number", _("Die Nummer %s ist in dieser Ausgabe schon vergeben.") % number)
    return number


def next_topic_number(key_point: KeyPoint) -> str:
    highest = key_point.topic_areas.aggregate(highest=Max("order"))["highest"] or 0
    return f"{key_point.number}.{highest + 1}"


@changes(versions.MASTERPLAN)
@transaction.atomic
def add_topic_area(
    *,
    key_point: KeyPoint,
    user,
    title: str,
    number: str = "",
    goal: str = "",
    description: str = "",
    relevance: str = "",
    potential: str = "",
    keywords: list[str] | None = None,
    message: str = "",
) -> TopicArea:
    edition = key_point.edition
    ensure_can_manage(user, edition.cluster)
    ensure_draft(edition)
    errors = validation.PayloadErrors()
    texts = clean_texts(
        {
            "title": title,
            "goal": goal,
            "description": description,
            "relevance": relevance,
            "potential": potential,
            "keywords": keywords or [],
        },
        errors,
    )
    number = validate_topic_number(
        edition, key_point, number or next_topic_number(key_point), errors
    )
    errors.raise_if_any()
    topic_area = TopicArea(
        edition=edition, key_point=key_point, number=number, order=last_number(number), **texts
    )
    topic_area.search_document = search_document_for(topic_area)
    topic_area.full_clean()
    topic_area.save()
    record_revision(
        edition=edition,
        action=RevisionAction.CREATED,
        user=user,
        element=topic_area,
        message=message,
    )
    return topic_area


@changes(versions.MASTERPLAN)
@transaction.atomic
def move_topic_area(
    *, topic_area: TopicArea, key_point: KeyPoint, user, expected_version: int, number: str = ""
) -> TopicArea:
    """Move a topic area under another key point and/or give it a new number."""
    edition = topic_area.edition
    ensure_can_manage(user, edition.cluster)
    ensure_draft(edition)
    errors = validation.PayloadErrors()
    if key_point.edition_id != edition.id:
        errors.add("key_point", _("Der Eckpunkt gehört zu einer anderen Ausgabe."))
        errors.raise_if_any()
    if not number:
        number = (
            topic_area.number
            if key_point.pk == topic_area.key_point_id
            else next_topic_number(key_point)
        )
    number = validate_topic_number(edition, key_point, number, errors, exclude=topic_area)
    errors.raise_if_any()
    old = {"number": topic_area.number, "key_point": topic_area.key_point.number}
    if old == {"number": number, "key_point": key_point.number}:
        return topic_area
    save_versioned(
        topic_area,
        expected_version,
        {"key_point": key_point, "number": number, "order": last_number(number)},
    )
    record_revision(
        edition=edition,
        action=RevisionAction.MOVED,
        user=user,
        element=topic_area,
        changes={
            "number": {"old": old["number"], "new": number},
            "key_point": {"old": old["key_point"], "new": key_point.number},
        },
    )
    return topic_area


@changes(versions.MASTERPLAN)
@transaction.atomic
def delete_topic_area(*, topic_area: TopicArea, user, expected_version: int) -> None:
    edition = topic_area.edition
    ensure_can_manage(user, edition.cluster)
    ensure_draft(edition)
    deleted, _details = TopicArea.objects.filter(
        pk=topic_area.pk, version=expected_version
    ).delete()
    if not deleted:
        current = TopicArea.objects.filter(pk=topic_area.pk).first()
        if current is None:
            return  # somebody deleted it already: the wish is fulfilled
        raise element_edit_conflict(current)
    record_revision(
        edition=edition,
        action=RevisionAction.DELETED,
        user=user,
        element=topic_area,
        changes={"title": {"old": topic_area.title, "new": None}},
    )
