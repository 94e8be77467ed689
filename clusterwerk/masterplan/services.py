"""Every write to the masterplan: import, Fortschreibung (drafts, edits, moves), publishing.

Services take keyword arguments, run in a transaction, check the acting user's permission when
one is given (management commands act as the system and pass `user=None`), and record each
change in the edition's history (`Revision`).
"""

import hashlib
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from clusterwerk.accounts.permissions import can_manage_masterplan
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.models import (
    NUMBER_PATTERNS,
    ActionField,
    Edition,
    EditionSource,
    EditionStatus,
    ElementKind,
    KeyPoint,
    PlanElement,
    Revision,
    RevisionAction,
    SuccessFactor,
    TopicArea,
    TopicAreaReference,
)
from clusterwerk.masterplan.parsing import ParseResult, check_text_size, parse_masterplan
from clusterwerk.masterplan.queries import related_topic_areas
from clusterwerk.masterplan.search import search_document_for
from clusterwerk.masterplan.tree import (
    ActionFieldNode,
    KeyPointNode,
    PlanTree,
    SuccessFactorNode,
    TopicAreaNode,
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


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@dataclass
class ImportOutcome:
    edition: Edition | None
    parse: ParseResult
    report: SyncReport
    created_edition: bool = False
    published: bool = False
    dry_run: bool = False


# --- permission and state guards ---------------------------------------------------------


def ensure_can_manage(user, cluster: Cluster) -> None:
    if user is not None and not can_manage_masterplan(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement darf den Masterplan bearbeiten."))


def ensure_draft(edition: Edition) -> None:
    if edition.status != EditionStatus.DRAFT:
        raise ValidationError(
            _("Die Ausgabe „%s“ ist kein Entwurf; nur Entwürfe können bearbeitet werden.")
            % edition.label
        )


# --- history -------------------------------------------------------------------------------


def record_revision(
    *,
    edition: Edition,
    action: str,
    user=None,
    element=None,
    kind: str = ElementKind.EDITION,
    changes: dict | None = None,
    message: str = "",
) -> Revision:
    return Revision.objects.create(
        edition=edition,
        element_kind=element.kind if element is not None else kind,
        element_lineage=element.lineage if element is not None else None,
        element_number=element.number if element is not None else "",
        element_title=(element.title if element is not None else edition.label)[:300],
        action=action,
        changes=changes or {},
        message=message[:300],
        user=user if user is not None and user.is_authenticated else None,
    )


def field_changes(element, values: dict) -> dict:
    return {
        name: {"old": getattr(element, name), "new": value}
        for name, value in values.items()
        if getattr(element, name) != value
    }


# --- syncing a tree into an edition (import and reference data) ----------------------------


class LineageSource:
    """Hands out the lineages of a predecessor edition to the elements that continue them:
    first to an element with the same title, then to one with the same number."""

    def __init__(self, edition: Edition | None):
        self.by_kind: dict[str, list] = {}
        self.used: set[uuid.UUID] = set()
        if edition is None:
            return
        self.by_kind = {
            ElementKind.ACTION_FIELD: list(edition.action_fields.all()),
            ElementKind.KEY_POINT: list(edition.key_points.all()),
            ElementKind.TOPIC_AREA: list(edition.topic_areas.all()),
            ElementKind.SUCCESS_FACTOR: list(edition.success_factors.all()),
        }

    def predecessor_of(self, kind: str, number: str, title: str):
        candidates = [c for c in self.by_kind.get(kind, []) if c.lineage not in self.used]
        match = next((c for c in candidates if c.title == title), None) or next(
            (c for c in candidates if c.number == number), None
        )
        if match is not None:
            self.used.add(match.lineage)
        return match


class TreeSync:
    """Brings an edition's rows in line with a PlanTree, matching elements by number."""

    def __init__(self, edition: Edition, user, message: str, lineages: LineageSource):
        self.edition = edition
        self.user = user
        self.message = message
        self.lineages = lineages
        self.report = SyncReport()

    def run(self, tree: PlanTree) -> SyncReport:
        existing_topic_areas = {ta.number: ta for ta in self.edition.topic_areas.all()}
        existing_key_points = {kp.number: kp for kp in self.edition.key_points.all()}
        existing_action_fields = {af.number: af for af in self.edition.action_fields.all()}
        kept_topic_areas: dict[str, TopicArea] = {}
        kept_key_points: set[str] = set()
        kept_action_fields: set[str] = set()
        for af_node in tree.action_fields:
            action_field = self.upsert_action_field(af_node, existing_action_fields)
            kept_action_fields.add(action_field.number)
            for kp_node in af_node.key_points:
                key_point = self.upsert_key_point(kp_node, action_field, existing_key_points)
                kept_key_points.add(key_point.number)
                for ta_node in kp_node.topic_areas:
                    topic_area = self.upsert_topic_area(ta_node, key_point, existing_topic_areas)
                    kept_topic_areas[topic_area.number] = topic_area
        self.delete_missing(existing_topic_areas, kept_topic_areas.keys())
        self.delete_missing(existing_key_points, kept_key_points)
        self.delete_missing(existing_action_fields, kept_action_fields)
        self.sync_references(tree, kept_topic_areas)
        if tree.success_factors is not None:
            self.sync_success_factors(tree.success_factors)
        return self.report

    def upsert(self, model, kind: str, number: str, existing: dict, values: dict):
        element = existing.get(number)
        if element is None:
            predecessor = self.lineages.predecessor_of(kind, number, values["title"])
            if predecessor is not None and values.get("keywords") == []:
                values["keywords"] = list(predecessor.keywords)  # curated keywords live on
            element = model(
                edition=self.edition,
                number=number,
                lineage=predecessor.lineage if predecessor is not None else uuid.uuid4(),
                **values,
            )
            element.search_document = search_document_for(element)
            element.full_clean()
            element.save()
            self.report.created.append(number)
            record_revision(
                edition=self.edition,
                action=RevisionAction.CREATED,
                user=self.user,
                element=element,
                message=self.message,
            )
            return element
        changes = field_changes(element, values)
        if changes:
            for name, value in values.items():
                setattr(element, name, value)
            element.search_document = search_document_for(element)
            element.version += 1
            element.full_clean()
            element.save()
            self.report.updated.append(number)
            record_revision(
                edition=self.edition,
                action=RevisionAction.UPDATED,
                user=self.user,
                element=element,
                changes=serialisable(changes),
                message=self.message,
            )
        return element

    def upsert_action_field(self, node: ActionFieldNode, existing: dict) -> ActionField:
        values = {"title": node.title, "intro": node.intro, "order": last_number(node.number)}
        return self.upsert(ActionField, ElementKind.ACTION_FIELD, node.number, existing, values)

    def upsert_key_point(self, node: KeyPointNode, parent: ActionField, existing) -> KeyPoint:
        values = {
            "title": node.title,
            "intro": node.intro,
            "order": last_number(node.number),
            "action_field": parent,
        }
        return self.upsert(KeyPoint, ElementKind.KEY_POINT, node.number, existing, values)

    def upsert_topic_area(self, node: TopicAreaNode, parent: KeyPoint, existing) -> TopicArea:
        values = {
            "title": node.title,
            "goal": node.goal,
            "description": node.description,
            "relevance": node.relevance,
            "potential": node.potential,
            "keywords": list(node.keywords),
            "order": last_number(node.number),
            "key_point": parent,
        }
        if not node.keywords and node.number in existing:
            values.pop("keywords")  # the published text has no keywords: keep curated ones
        return self.upsert(TopicArea, ElementKind.TOPIC_AREA, node.number, existing, values)

    def delete_missing(self, existing: dict, kept) -> None:
        for number, element in existing.items():
            if number in kept:
                continue
            record_revision(
                edition=self.edition,
                action=RevisionAction.DELETED,
                user=self.user,
                element=element,
                message=self.message,
            )
            element.delete()
            self.report.deleted.append(number)

    def sync_references(self, tree: PlanTree, topic_areas: dict[str, TopicArea]) -> None:
        wanted = {
            (node.number, target)
            for node in tree.topic_areas()
            for target in node.references
            if target in topic_areas and target != node.number
        }
        current = {
            (ref.source.number, ref.target.number): ref
            for ref in TopicAreaReference.objects.filter(
                source__edition=self.edition
            ).select_related("source", "target")
        }
        for pair in wanted - current.keys():
            TopicAreaReference.objects.create(
                source=topic_areas[pair[0]], target=topic_areas[pair[1]]
            )
            self.report.updated.append(f"{pair[0]}→{pair[1]}")
        for pair in current.keys() - wanted:
            current[pair].delete()
            self.report.updated.append(f"{pair[0]}↛{pair[1]}")

    def sync_success_factors(self, nodes: list[SuccessFactorNode]) -> None:
        existing = {sf.number: sf for sf in self.edition.success_factors.all()}
        kept = set()
        for node in nodes:
            values = {
                "title": node.title,
                "description": node.description,
                "order": last_number(node.number),
            }
            self.upsert(SuccessFactor, ElementKind.SUCCESS_FACTOR, node.number, existing, values)
            kept.add(node.number)
        self.delete_missing(existing, kept)


def last_number(number: str) -> int:
    return int(number.rsplit(".", 1)[-1])


def serialisable(changes: dict) -> dict:
    """Revision.changes is JSON: foreign keys are stored by their number."""
    result = {}
    for name, change in changes.items():
        result[name] = {
            key: (value.number if isinstance(value, PlanElement) else value)
            for key, value in change.items()
        }
    return result


@transaction.atomic
def sync_edition_tree(
    *,
    edition: Edition,
    tree: PlanTree,
    user=None,
    message: str = "",
    lineage_source: Edition | None = None,
) -> SyncReport:
    """Make the edition's elements match the tree (create, update, delete by number)."""
    ensure_can_manage(user, edition.cluster)
    return TreeSync(edition, user, message, LineageSource(lineage_source)).run(tree)


# --- import of the published text ----------------------------------------------------------


def published_edition(cluster: Cluster) -> Edition | None:
    return Edition.objects.filter(cluster=cluster, status=EditionStatus.PUBLISHED).first()


def import_masterplan_text(
    *,
    cluster: Cluster,
    text: str,
    label: str,
    publish: bool = False,
    dry_run: bool = False,
    user=None,
    source_name: str = "",
) -> ImportOutcome:
    """Parse the published text and write it into the edition `label` (all or nothing).

    Without `publish` the text goes into a draft edition (created when missing). With
    `publish` it goes into the edition that is then the cluster's published one; the
    previously published edition is archived.
    """
    ensure_can_manage(user, cluster)
    check_text_size(text)  # raises MasterplanImportError before the parse
    parsed = parse_masterplan(text)  # raises MasterplanImportError, nothing written yet
    edition = Edition.objects.filter(cluster=cluster, label=label).first()
    check_import_target(edition, label, publish)
    if dry_run:
        return ImportOutcome(edition=edition, parse=parsed, report=SyncReport(), dry_run=True)
    with transaction.atomic():
        return write_import(cluster, edition, parsed, text, label, publish, user, source_name)


def check_import_target(edition: Edition | None, label: str, publish: bool) -> None:
    if edition is None:
        return
    if edition.status == EditionStatus.ARCHIVED:
        raise ValidationError(
            _("Die Ausgabe „%s“ ist archiviert und kann nicht überschrieben werden.") % label
        )
    if edition.status == EditionStatus.PUBLISHED and not publish:
        raise ValidationError(
            _(
                "Die Ausgabe „%s“ ist veröffentlicht. Um sie zu aktualisieren, importieren Sie "
                "mit --publish; für einen Entwurf wählen Sie bitte eine andere Bezeichnung."
            )
            % label
        )


def write_import(cluster, edition, parsed, text, label, publish, user, source_name):
    checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
    current = published_edition(cluster)
    created = edition is None
    message = in_plan_language(
        _lazy("Import aus %s"), source_name or in_plan_language(_lazy("dem veröffentlichten Text"))
    )
    if created:
        edition = Edition.objects.create(
            cluster=cluster,
            label=label,
            slug=unique_edition_slug(cluster, label),
            title=default_edition_title(cluster, label),
            status=EditionStatus.DRAFT,
            source=EditionSource.IMPORT,
            predecessor=current,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        record_revision(edition=edition, action=RevisionAction.IMPORTED, user=user, message=message)
    lineage_source = current if current is not None and current != edition else None
    if created and current is not None:
        copy_success_factors(current, edition)
    report = TreeSync(edition, user, message, LineageSource(lineage_source)).run(parsed.tree)
    if edition.source_checksum != checksum:
        edition.source_checksum = checksum
        edition.save(update_fields=["source_checksum", "updated_at"])
    published = False
    if publish and edition.status != EditionStatus.PUBLISHED:
        publish_edition(edition=edition, user=user)
        published = True
    return ImportOutcome(
        edition=edition,
        parse=parsed,
        report=report,
        created_edition=created,
        published=published,
    )


RESERVED_EDITION_SLUGS = {"ausgaben", "vergleich", "suche", "wechseln"}  # URL words


def in_plan_language(message, params=None) -> str:
    """Texts stored in the plan are German, whatever language the editor's interface uses."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
    return text if params is None else text % params


def default_edition_title(cluster: Cluster, label: str) -> str:
    return in_plan_language(
        _lazy("Masterplan %(cluster)s %(label)s"),
        {"cluster": cluster.short_name or cluster.name, "label": label},
    )


def unique_edition_slug(cluster: Cluster, label: str) -> str:
    base = (slugify(label) or "ausgabe")[:80].strip("-")
    if base in RESERVED_EDITION_SLUGS:
        base = f"{base}-ausgabe"
    slug = base
    counter = 2
    while Edition.objects.filter(cluster=cluster, slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def copy_success_factors(source: Edition, target: Edition) -> None:
    for factor in source.success_factors.all():
        SuccessFactor.objects.create(
            edition=target,
            lineage=factor.lineage,
            number=factor.number,
            title=factor.title,
            description=factor.description,
            order=factor.order,
            search_document=factor.search_document,
        )


# --- publishing ------------------------------------------------------------------------------


@transaction.atomic
def publish_edition(*, edition: Edition, user=None) -> Edition:
    """Publish the edition; the cluster's previously published edition is archived."""
    ensure_can_manage(user, edition.cluster)
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.status == EditionStatus.PUBLISHED:
        raise ValidationError(_("Die Ausgabe „%s“ ist bereits veröffentlicht.") % locked.label)
    if locked.status == EditionStatus.ARCHIVED:
        raise ValidationError(
            _("Die archivierte Ausgabe „%s“ kann nicht erneut veröffentlicht werden.")
            % locked.label
        )
    if not locked.topic_areas.exists():
        raise ValidationError(
            _("Eine Ausgabe ohne Themenbereiche kann nicht veröffentlicht werden.")
        )
    previous = (
        Edition.objects.select_for_update()
        .filter(cluster=locked.cluster_id, status=EditionStatus.PUBLISHED)
        .first()
    )
    if previous is not None:
        previous.status = EditionStatus.ARCHIVED
        previous.save(update_fields=["status", "updated_at"])
        record_revision(edition=previous, action=RevisionAction.ARCHIVED, user=user)
    locked.status = EditionStatus.PUBLISHED
    locked.published_on = timezone.localdate()
    if locked.predecessor_id is None and previous is not None:
        locked.predecessor = previous
    locked.save(update_fields=["status", "published_on", "predecessor", "updated_at"])
    record_revision(edition=locked, action=RevisionAction.PUBLISHED, user=user)
    edition.status = locked.status
    edition.published_on = locked.published_on
    edition.predecessor_id = locked.predecessor_id
    return locked


# --- Fortschreibung: drafts and their edits ------------------------------------------------


@transaction.atomic
def revise_edition(*, source: Edition, label: str, user, title: str = "") -> Edition:
    """Start a Fortschreibung: copy an edition, with the same lineages, into a new draft."""
    ensure_can_manage(user, source.cluster)
    label = label.strip()
    if not label:
        raise ValidationError({"label": _("Bitte geben Sie eine Bezeichnung für die Ausgabe an.")})
    if Edition.objects.filter(cluster=source.cluster, label=label).exists():
        raise ValidationError({"label": _("Eine Ausgabe „%s“ gibt es bereits.") % label})
    draft = Edition(
        cluster=source.cluster,
        label=label,
        slug=unique_edition_slug(source.cluster, label),
        title=title.strip() or default_edition_title(source.cluster, label),
        status=EditionStatus.DRAFT,
        source=EditionSource.REVISION,
        predecessor=source,
        description=in_plan_language(_lazy("Fortschreibung von „%s“"), source.label),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    draft.full_clean()
    draft.save()
    copy_tree(source, draft)
    record_revision(
        edition=draft,
        action=RevisionAction.CREATED,
        user=user,
        message=in_plan_language(_lazy("Entwurf aus „%s“ erstellt"), source.label),
    )
    return draft


def copy_tree(source: Edition, target: Edition) -> None:
    action_fields = {}
    for af in source.action_fields.all():
        action_fields[af.pk] = ActionField.objects.create(
            edition=target, **copied_fields(af, ("intro",))
        )
    key_points = {}
    for kp in source.key_points.all():
        key_points[kp.pk] = KeyPoint.objects.create(
            edition=target,
            action_field=action_fields[kp.action_field_id],
            **copied_fields(kp, ("intro",)),
        )
    topic_areas = {}
    for ta in source.topic_areas.all():
        topic_areas[ta.pk] = TopicArea.objects.create(
            edition=target,
            key_point=key_points[ta.key_point_id],
            **copied_fields(ta, ("goal", "description", "relevance", "potential", "keywords")),
        )
    TopicAreaReference.objects.bulk_create(
        TopicAreaReference(source=topic_areas[ref.source_id], target=topic_areas[ref.target_id])
        for ref in TopicAreaReference.objects.filter(source__edition=source)
    )
    copy_success_factors(source, target)


def copied_fields(element, extra: tuple[str, ...]) -> dict:
    names = ("lineage", "number", "title", "order", "search_document", *extra)
    return {name: getattr(element, name) for name in names}


def last_revision_of(element) -> Revision | None:
    return (
        Revision.objects.filter(edition=element.edition, element_lineage=element.lineage)
        .select_related("user")
        .first()
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
    values = {name: normalise_value(name, value) for name, value in values.items()}
    if "title" in values and not values["title"]:
        raise ValidationError({"title": _("Der Titel darf nicht leer sein.")})
    changes = field_changes(element, values)
    probe = type(element)(**{**model_values(element), **values})
    probe.clean_fields(exclude=[f.name for f in probe._meta.fields if f.name not in values])
    reference_change = None
    if references is not None:
        reference_change = reference_difference(element, references)
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


def reference_difference(topic_area: TopicArea, numbers: list[str]) -> dict | None:
    """Check the wanted cross-references; None when they are as they are."""
    numbers = [number.strip() for number in numbers if number.strip()]
    if topic_area.number in numbers:
        raise ValidationError(
            {"references": _("Ein Themenbereich kann nicht auf sich selbst verweisen.")}
        )
    targets = {
        ta.number: ta
        for ta in TopicArea.objects.filter(edition=topic_area.edition, number__in=numbers)
    }
    missing = sorted(set(numbers) - set(targets))
    if missing:
        raise ValidationError(
            {"references": _("Unbekannte Themenbereiche: %s") % ", ".join(missing)}
        )
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


def validate_topic_number(edition: Edition, key_point: KeyPoint, number: str, exclude=None):
    number = number.strip()
    if not NUMBER_PATTERNS["topic_area"].match(number):
        raise ValidationError({"number": _("Die Nummer muss die Form „4.1.1“ haben.")})
    if not number.startswith(f"{key_point.number}."):
        raise ValidationError(
            {
                "number": _("Die Nummer muss mit der Nummer des Eckpunkts %s beginnen.")
                % key_point.number
            }
        )
    clash = TopicArea.objects.filter(edition=edition, number=number)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise ValidationError(
            {"number": _("Die Nummer %s ist in dieser Ausgabe schon vergeben.") % number}
        )
    return number


def next_topic_number(key_point: KeyPoint) -> str:
    highest = key_point.topic_areas.aggregate(highest=Max("order"))["highest"] or 0
    return f"{key_point.number}.{highest + 1}"


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
    title = normalise_value("title", title)
    if not title:
        raise ValidationError({"title": _("Der Titel darf nicht leer sein.")})
    number = validate_topic_number(edition, key_point, number or next_topic_number(key_point))
    topic_area = TopicArea(
        edition=edition,
        key_point=key_point,
        number=number,
        title=title,
        goal=normalise_value("goal", goal),
        description=normalise_value("description", description),
        relevance=normalise_value("relevance", relevance),
        potential=normalise_value("potential", potential),
        keywords=normalise_value("keywords", keywords or []),
        order=last_number(number),
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


@transaction.atomic
def move_topic_area(
    *, topic_area: TopicArea, key_point: KeyPoint, user, expected_version: int, number: str = ""
) -> TopicArea:
    """Move a topic area under another key point and/or give it a new number."""
    edition = topic_area.edition
    ensure_can_manage(user, edition.cluster)
    ensure_draft(edition)
    if key_point.edition_id != edition.id:
        raise ValidationError({"key_point": _("Der Eckpunkt gehört zu einer anderen Ausgabe.")})
    if not number:
        number = (
            topic_area.number
            if key_point.pk == topic_area.key_point_id
            else next_topic_number(key_point)
        )
    number = validate_topic_number(edition, key_point, number, exclude=topic_area)
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


@transaction.atomic
def delete_draft(*, edition: Edition, user) -> None:
    ensure_can_manage(user, edition.cluster)
    ensure_draft(edition)
    edition.delete()
