"""Syncing a `PlanTree` into an edition (the import and the reference data): create, update
and delete elements by number, each change recorded as a revision."""

import uuid
from dataclasses import dataclass, field

from django.db import transaction

from clusterwerk.core import versions
from clusterwerk.core.versions import changes
from clusterwerk.masterplan.models import (
    ActionField,
    Edition,
    ElementKind,
    KeyPoint,
    RevisionAction,
    SuccessFactor,
    TopicArea,
    TopicAreaReference,
)
from clusterwerk.masterplan.search import search_document_for
from clusterwerk.masterplan.services.common import (
    ensure_can_manage,
    field_changes,
    last_number,
    record_revision,
    serialisable,
)
from clusterwerk.masterplan.tree import (
    ActionFieldNode,
    KeyPointNode,
    PlanTree,
    SuccessFactorNode,
    TopicAreaNode,
)


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


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


@changes(versions.MASTERPLAN)
@transaction.atomic
def sync_edition_tree(
    *,
    edition: Edition,
    tree: PlanTree,
    user,
    message: str = "",
    lineage_source: Edition | None = None,
) -> SyncReport:
    """Make the edition's elements match the tree (create, update, delete by number)."""
    ensure_can_manage(user, edition.cluster)
    return TreeSync(edition, user, message, LineageSource(lineage_source)).run(tree)


# --- import of the published text ----------------------------------------------------------
