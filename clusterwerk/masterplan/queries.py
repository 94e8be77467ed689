"""Reads of the masterplan with their rules: who sees which edition, trees in few queries."""

import threading
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import can_manage_masterplan, can_read_drafts
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.models import (
    ActionField,
    Edition,
    EditionStatus,
    ElementKind,
    KeyPoint,
    Revision,
    SuccessFactor,
    TopicArea,
    TopicAreaReference,
    number_sort_key,
)

PUBLIC_STATUSES = (EditionStatus.PUBLISHED, EditionStatus.ARCHIVED)


def clusters_with_published_edition():
    """All clusters with their published edition (if any) in `published_list`: two queries."""
    published = Edition.objects.filter(status=EditionStatus.PUBLISHED).only(
        "id", "cluster_id", "label", "slug"
    )
    return Cluster.objects.order_by("name").prefetch_related(
        Prefetch("editions", queryset=published, to_attr="published_list")
    )


def visible_editions(user, cluster: Cluster):
    """Published and archived editions for everybody; drafts for management and board."""
    editions = Edition.objects.filter(cluster=cluster).select_related("cluster", "predecessor")
    if not can_read_drafts(user, cluster):
        editions = editions.filter(status__in=PUBLIC_STATUSES)
    return editions.order_by(
        # published first, then drafts, then the archive (newest first within each)
        "-status",
        "-published_on",
        "-created_at",
    )


def get_edition_for_user(user, cluster: Cluster, edition_slug: str, *, write: bool = False):
    """The access funnel for editions of `cluster` (the request's): 404 for what the user may
    not see – also for an edition of another cluster, whoever asks –, 403 for writes by anyone
    but the cluster's management and for writes to non-drafts."""
    edition = (
        visible_editions(user, cluster)
        .filter(slug=edition_slug)
        .select_related("cluster", "predecessor")
        .first()
    )
    if edition is None:
        raise Http404(_("Diese Ausgabe gibt es nicht oder sie ist nicht öffentlich."))
    if write:
        if not can_manage_masterplan(user, cluster):
            raise PermissionDenied(_("Nur das Clustermanagement darf den Masterplan bearbeiten."))
        if edition.status != EditionStatus.DRAFT:
            raise PermissionDenied(_("Nur Entwürfe können bearbeitet werden."))
    return edition


def get_published_edition(cluster: Cluster) -> Edition | None:
    return (
        Edition.objects.filter(cluster=cluster, status=EditionStatus.PUBLISHED)
        .select_related("cluster")
        .first()
    )


# --- The topic catalogue ------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicCatalogue:
    """The topic areas of a cluster's published edition: number ↔ lineage ↔ title.

    Everything on the platform is tagged to topic areas by *lineage* (it survives the
    Fortschreibung); people read and write their numbers ("4.4.1"). Lineages are strings."""

    lineage_by_number: dict[str, str]
    number_by_lineage: dict[str, str]
    title_by_number: dict[str, str]
    edition_id: int | None = None

    @classmethod
    def empty(cls) -> "TopicCatalogue":
        return cls({}, {}, {})

    def numbers(self) -> list[str]:
        """All numbers in the plan's order (4.1.1, 4.1.2, …, 4.1.10)."""
        return sorted(self.lineage_by_number, key=number_sort_key)

    def numbers_of(self, lineages) -> list[str]:
        """The numbers of those `lineages` that are in the edition, in the plan's order."""
        found = {self.number_by_lineage.get(str(lineage)) for lineage in lineages}
        return sorted((number for number in found if number), key=number_sort_key)

    def label(self, number: str) -> str:
        title = self.title_by_number.get(number)
        return f"{number} {title}" if title else number


_CATALOGUE_CACHE_SIZE = 64
_catalogues: dict[tuple, TopicCatalogue] = {}
_catalogue_lock = threading.Lock()


def topic_catalogue(cluster: Cluster | int | None) -> TopicCatalogue:
    """The catalogue of the cluster's published edition (empty without one).

    One query decides which edition is published and when it last changed; the catalogue of
    that state is built once per process (a published edition changes only by an import,
    which touches the edition, or by being replaced)."""
    if cluster is None:
        return TopicCatalogue.empty()
    cluster_id = cluster if isinstance(cluster, int) else cluster.pk
    state = (
        Edition.objects.filter(cluster_id=cluster_id, status=EditionStatus.PUBLISHED)
        .values_list("pk", "updated_at")
        .first()
    )
    if state is None:
        return TopicCatalogue.empty()
    cached = _catalogues.get(state)
    if cached is not None:
        return cached
    rows = TopicArea.objects.filter(edition_id=state[0]).values_list("number", "lineage", "title")
    catalogue = TopicCatalogue(
        lineage_by_number={number: str(lineage) for number, lineage, _title in rows},
        number_by_lineage={str(lineage): number for number, lineage, _title in rows},
        title_by_number={number: title for number, _lineage, title in rows},
        edition_id=state[0],
    )
    with _catalogue_lock:
        if len(_catalogues) >= _CATALOGUE_CACHE_SIZE:
            _catalogues.clear()
        _catalogues[state] = catalogue
    return catalogue


def clear_topic_catalogues() -> None:
    with _catalogue_lock:
        _catalogues.clear()


@dataclass
class EditionTree:
    edition: Edition
    action_fields: list[ActionField]
    success_factors: list[SuccessFactor]

    @property
    def key_points(self) -> list[KeyPoint]:
        return [kp for af in self.action_fields for kp in af.key_point_list]

    @property
    def topic_areas(self) -> list[TopicArea]:
        return [ta for kp in self.key_points for ta in kp.topic_area_list]


def load_tree(edition: Edition) -> EditionTree:
    """The whole tree of an edition in five queries, whatever its size."""
    references = Prefetch(
        "outgoing_refs",
        queryset=TopicAreaReference.objects.select_related("target").order_by("target__number"),
    )
    topic_areas = Prefetch(
        "topic_areas",
        queryset=TopicArea.objects.order_by("order").prefetch_related(references),
        to_attr="topic_area_list",
    )
    key_points = Prefetch(
        "key_points",
        queryset=KeyPoint.objects.order_by("order").prefetch_related(topic_areas),
        to_attr="key_point_list",
    )
    action_fields = list(
        ActionField.objects.filter(edition=edition).order_by("order").prefetch_related(key_points)
    )
    for action_field in action_fields:
        action_field.edition = edition
        for key_point in action_field.key_point_list:
            key_point.edition = edition
            key_point.action_field = action_field
            for topic_area in key_point.topic_area_list:
                topic_area.edition = edition
                topic_area.key_point = key_point
                topic_area.reference_list = [ref.target for ref in topic_area.outgoing_refs.all()]
    success_factors = list(SuccessFactor.objects.filter(edition=edition).order_by("order"))
    return EditionTree(
        edition=edition, action_fields=action_fields, success_factors=success_factors
    )


def get_action_field(edition: Edition, number: str) -> ActionField:
    action_field = get_object_or_404(ActionField, edition=edition, number=number)
    action_field.edition = edition
    return action_field


def get_key_point(edition: Edition, number: str) -> KeyPoint:
    key_point = get_object_or_404(
        KeyPoint.objects.select_related("action_field"), edition=edition, number=number
    )
    key_point.edition = edition
    return key_point


def get_topic_area(edition: Edition, number: str) -> TopicArea:
    topic_area = get_object_or_404(
        TopicArea.objects.select_related("key_point__action_field"),
        edition=edition,
        number=number,
    )
    topic_area.edition = edition
    topic_area.key_point.edition = edition
    topic_area.key_point.action_field.edition = edition
    return topic_area


def related_topic_areas(topic_area: TopicArea) -> tuple[list[TopicArea], list[TopicArea]]:
    """Topic areas this one refers to, and those that refer to it."""
    outgoing = [
        ref.target
        for ref in topic_area.outgoing_refs.select_related("target").order_by("target__order")
    ]
    incoming = [
        ref.source
        for ref in topic_area.incoming_refs.select_related("source").order_by("source__order")
    ]
    for other in outgoing + incoming:
        other.edition = topic_area.edition
    return sorted(outgoing, key=number_key), sorted(incoming, key=number_key)


def number_key(element) -> tuple[int, ...]:
    return tuple(int(part) for part in element.number.split("."))


def counterparts(element, editions) -> dict[int, object]:
    """For the edition switcher: the same element (by lineage) in each of the editions."""
    model = type(element)
    matches = model.objects.filter(
        lineage=element.lineage, edition__in=[e.pk for e in editions]
    ).only("pk", "edition_id", "number", "lineage")
    return {match.edition_id: match for match in matches}


def edition_history(edition: Edition, *, lineage=None, limit: int = 200):
    revisions = Revision.objects.filter(edition=edition).select_related("user")
    if lineage is not None:
        revisions = revisions.filter(element_lineage=lineage)
    return revisions[:limit]


def editions_for_comparison(user, cluster: Cluster, old_slug: str | None, new_slug: str | None):
    """The two editions of the diff page; defaults: the published one and its predecessor."""
    editions = list(visible_editions(user, cluster))
    by_slug = {edition.slug: edition for edition in editions}
    new = by_slug.get(new_slug) if new_slug else None
    if new_slug and new is None:
        raise Http404(_("Diese Ausgabe gibt es nicht oder sie ist nicht öffentlich."))
    new = new or next((e for e in editions if e.status == EditionStatus.PUBLISHED), None)
    old = by_slug.get(old_slug) if old_slug else None
    if old_slug and old is None:
        raise Http404(_("Diese Ausgabe gibt es nicht oder sie ist nicht öffentlich."))
    if old is None and new is not None:
        old = new.predecessor if new.predecessor_id in {e.pk for e in editions} else None
        old = old or next((e for e in editions if e != new), None)
    return editions, old, new


def editions_with_counts(user, cluster: Cluster):
    """Visible editions with the size of their trees (one subquery per level, no row joins)."""
    return visible_editions(user, cluster).annotate(
        action_field_count=count_of(ActionField),
        key_point_count=count_of(KeyPoint),
        topic_area_count=count_of(TopicArea),
    )


def count_of(model):
    rows = (
        model.objects.filter(edition=OuterRef("pk"))
        .order_by()
        .values("edition")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(rows), 0)


ELEMENT_MODELS = {
    ElementKind.ACTION_FIELD: ActionField,
    ElementKind.KEY_POINT: KeyPoint,
    ElementKind.TOPIC_AREA: TopicArea,
    ElementKind.SUCCESS_FACTOR: SuccessFactor,
}


def get_element(edition: Edition, kind: str | None, number: str):
    model = ELEMENT_MODELS.get(kind)
    if model is None:
        raise Http404(_("Unbekannte Elementart."))
    element = get_object_or_404(model, edition=edition, number=number)
    element.edition = edition
    return element


def find_by_lineage(edition: Edition, kind: str, lineage: str):
    """The element of that kind and lineage in the edition, or None."""
    model = ELEMENT_MODELS.get(kind)
    if model is None or model is SuccessFactor:
        return None
    try:
        lineage_uuid = uuid.UUID(lineage)
    except ValueError:
        return None
    element = model.objects.filter(edition=edition, lineage=lineage_uuid).first()
    if element is not None:
        element.edition = edition
    return element


def topic_choice_groups(catalogue: TopicCatalogue) -> tuple[list, dict[str, str]]:
    """The catalogue's topic areas as grouped choices, one group per Eckpunkt in the plan's
    order, and the Handlungsfeld as a heading before its first Eckpunkt:
    `([("4.1 Innovationen schaffen", [("4.1.1", "4.1.1 …"), …]), …], {group: heading})`.
    Two queries; a topic area outside the catalogue is left out."""
    if catalogue.edition_id is None:
        return [], {}
    numbers_by_key_point: dict[int, list[str]] = {}
    for key_point_id, number in TopicArea.objects.filter(
        edition_id=catalogue.edition_id
    ).values_list("key_point_id", "number"):
        if number in catalogue.title_by_number:
            numbers_by_key_point.setdefault(key_point_id, []).append(number)
    key_points = (
        KeyPoint.objects.filter(edition_id=catalogue.edition_id)
        .select_related("action_field")
        .order_by("action_field__order", "order")
    )
    groups, headings, seen_fields = [], {}, set()
    for key_point in key_points:
        numbers = sorted(numbers_by_key_point.get(key_point.pk, []), key=number_sort_key)
        if not numbers:
            continue
        label = f"{key_point.number} {key_point.title}"
        if key_point.action_field_id not in seen_fields:
            seen_fields.add(key_point.action_field_id)
            headings[label] = f"{key_point.action_field.number} {key_point.action_field.title}"
        groups.append((label, [(number, catalogue.label(number)) for number in numbers]))
    return groups, headings
