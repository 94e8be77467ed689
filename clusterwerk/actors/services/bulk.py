"""Bulk writes of the actor import (`clusterwerk.actors.importing`): checked rows in, actors out.

`import_actor_rows` upserts the rows of one file in one transaction, in chunks, with the ORM
only (one code path for SQLite and PostgreSQL):

- new actors: `bulk_create`; stored actors: `bulk_create(update_conflicts=True)` on the
  primary key (INSERT … ON CONFLICT DO UPDATE, one statement per batch; Django's
  `bulk_update` builds a CASE per field and row and costs minutes for 25,000 actors), with the
  version moved on so that an edit form opened before the import reports a conflict;
- competences with their topic areas, economic activities, cluster memberships and one history
  entry per actor: `bulk_create` (competences and activities of an actor are replaced only when
  the file changes them);
- the index terms (`clusterwerk.actors.indexing`) of every actor whose indexed text changed.

The rows come checked (`clusterwerk.actors.importing.checking`); this module checks the rights
once more: `user` manages `cluster`, and every cluster a row names.
"""

import unicodedata
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import has_all_rights, managed_cluster_ids, manages_cluster
from clusterwerk.actors.indexing import ActorIndex, build_actor_index
from clusterwerk.actors.models import (
    Actor,
    ActorActivity,
    ActorHistory,
    ActorKind,
    ActorStatus,
    ClusterMembership,
    Competence,
    CompetenceTopicArea,
    District,
    GrowthCoreMunicipality,
    HistoryAction,
)
from clusterwerk.core import versions
from clusterwerk.core.models import Cluster
from clusterwerk.core.versions import changes

CHUNK_SIZE = 1000  # rows written per round of bulk operations
QUERY_CHUNK = 500  # ids per `__in` query (SQLite allows 999 parameters)
DEFAULT_ACTOR_KIND = ActorKind.COMPANY
# Written for every stored actor, whatever columns the file has.
ALWAYS_UPDATED = ("search_name", "search_competences", "search_document", "updated_at", "version")

KEEP = object()  # the file does not say: keep the stored value

RowsWritten = Callable[[int], None]  # called with the number of rows written so far


@dataclass
class ExistingActor:
    """A stored actor a row refers to, with the clusters it belongs to."""

    pk: int
    cluster_ids: set[int]


@dataclass
class ActorRow:
    """One checked row: the values of the columns the file has, ids instead of names."""

    line: int
    external_id: str
    values: dict  # field → cleaned value, only for columns present in the file
    district_id: object = KEEP  # int | None | KEEP
    growth_core_id: object = KEEP  # int | None (derive from the municipality) | KEEP
    competences: list[dict] | None = None  # None: column absent; items carry "lineages"
    activity_ids: list[int] | None = None  # the first is the primary one
    cluster_ids: list[int] | None = None  # None or []: the import's cluster
    existing: ExistingActor | None = None


def chunked(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def text_key(text: str) -> str:
    """Case- and space-insensitive form of a name, for lookups."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


# --- The service ----------------------------------------------------------------------------


@changes(versions.ACTORS, shared=True)
@transaction.atomic
def import_actor_rows(
    rows: Sequence[ActorRow],
    *,
    cluster: Cluster,
    user,
    filename: str,
    fields: Collection[str],
    replace_memberships: bool,
    progress: RowsWritten | None = None,
) -> None:
    """Create or update the actors of checked import rows (all or nothing).

    `cluster` is the cluster imported into (rows without clusters join it), `user` the person
    importing (the system user for commands), recorded in one history entry per actor;
    `fields` are the actor fields the file sets (the others keep their stored values);
    `replace_memberships`: the file has a cluster column, so an actor's memberships become
    those of its row (otherwise rows only add theirs). Raises PermissionDenied when `user`
    does not manage `cluster` or a cluster a row names."""
    if not manages_cluster(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement importiert Akteure."))
    if not has_all_rights(user):
        managed = managed_cluster_ids(user)
        if any(cluster_id not in managed for row in rows for cluster_id in row.cluster_ids or ()):
            raise PermissionDenied(_("Sie verwalten nicht alle Cluster der Datei."))
    writer = ActorRowWriter(
        rows,
        cluster=cluster,
        user=user,
        filename=filename,
        fields=fields,
        replace_memberships=replace_memberships,
    )
    writer.write(progress)


# --- Preparing ------------------------------------------------------------------------------


@dataclass
class PreparedRow:
    row: ActorRow
    actor: Actor
    cluster_ids: list[int]
    competences: list[dict]  # as they will be stored: with description and evidence
    index_input: tuple | None  # None: the stored index terms stay
    competences_changed: bool
    activities_changed: bool


def index_batch(inputs: list[tuple]) -> list[ActorIndex]:
    """Index terms for a batch of `ActorRowWriter._index_input` tuples."""
    return [
        build_actor_index(
            name=name,
            short_name=short_name,
            description=description,
            municipality=municipality,
            district_name=district_name,
            competences=[
                {"text": text, "description": explanation, "keywords": list(keywords)}
                for text, explanation, keywords in competences
            ],
        )
        for name, short_name, description, municipality, district_name, competences in inputs
    ]


class SlugAllocator:
    """Unique actor slugs in memory (like services.unique_actor_slug, without a query each)."""

    def __init__(self, taken: Iterable[str]):
        self.taken = set(taken)
        self.next_counter: dict[str, int] = {}

    def allocate(self, name: str) -> str:
        base = slugify(unicodedata.normalize("NFKC", name).replace("ß", "ss"))[:100] or "akteur"
        slug = base
        counter = self.next_counter.get(base, 2)
        while slug in self.taken:
            slug = f"{base}-{counter}"
            counter += 1
        self.next_counter[base] = counter
        self.taken.add(slug)
        return slug


class ActorRowWriter:
    """Writes checked rows; `write` runs inside the service's transaction."""

    def __init__(
        self,
        rows: Sequence[ActorRow],
        *,
        cluster: Cluster,
        user,
        filename: str,
        fields: Collection[str],
        replace_memberships: bool,
    ):
        self.rows = rows
        self.cluster = cluster
        self.user = user
        self.filename = filename
        self.replace_memberships = replace_memberships
        self.now = timezone.now()
        self.slugs = None
        self.field_names = sorted(fields)
        self.update_fields = self._update_fields(set(fields))
        self.district_name = dict(District.objects.values_list("pk", "name"))
        self.growth_core_by_municipality = {
            text_key(name): core_id
            for name, core_id in GrowthCoreMunicipality.objects.values_list(
                "name", "growth_core_id"
            )
        }

    @staticmethod
    def _update_fields(fields: set[str]) -> list[str]:
        if "employees" in fields:
            fields.add("size_class")  # derived when the file gives no size class
        # A stored actor without growth core gets one derived from its municipality.
        fields.add("growth_core")
        return sorted(fields | set(ALWAYS_UPDATED))

    def growth_core_for_municipality(self, municipality: str) -> int | None:
        if not municipality:
            return None
        return self.growth_core_by_municipality.get(text_key(municipality))

    def write(self, progress: RowsWritten | None) -> None:
        rows = self.rows
        existing_ids = [row.existing.pk for row in rows if row.existing]
        stored = self._load_actors(existing_ids)
        self.stored_competences = self._load_competences(existing_ids)
        self.stored_activities = self._load_activities(existing_ids)
        self.stored_memberships = self._load_memberships(existing_ids)
        if len(existing_ids) < len(rows):
            self.slugs = SlugAllocator(Actor.objects.values_list("slug", flat=True).iterator())
        written = 0
        for rows_of_chunk in chunked(list(rows), CHUNK_SIZE):
            # prepared chunk by chunk, so that progress reports come at an even pace
            chunk = [self._prepare(row, stored) for row in rows_of_chunk]
            stale = [item for item in chunk if item.index_input]
            indexes = index_batch([item.index_input for item in stale])
            for item, index in zip(stale, indexes, strict=True):
                item.actor.search_name = index.search_name
                item.actor.search_competences = index.search_competences
                item.actor.search_document = index.search_document
            self.write_chunk(chunk)
            written += len(chunk)
            if progress:
                progress(written)

    # Loading what the updated actors have now (chunked queries) ------------------------------

    def _load_actors(self, pks: list[int]) -> dict[int, Actor]:
        """The stored actors, locked until the import commits (PostgreSQL; SQLite writes one
        transaction at a time anyway): their version moves on from what is read here."""
        actors = {}
        for ids in chunked(pks, QUERY_CHUNK):
            actors.update(
                (actor.pk, actor) for actor in Actor.objects.select_for_update().filter(pk__in=ids)
            )
        return actors

    def _load_competences(self, actor_ids: list[int]) -> dict[int, list[dict]]:
        """Stored competences with their topic areas (lineages): for the index when the file
        has no competences column, to keep description and evidence of a competence that comes
        again, and to leave unchanged competences alone."""
        found: dict[int, list[dict]] = {}
        for ids in chunked(actor_ids, QUERY_CHUNK):
            topics: dict[int, list[str]] = {}
            for competence_id, lineage in CompetenceTopicArea.objects.filter(
                competence__actor_id__in=ids
            ).values_list("competence_id", "lineage"):
                topics.setdefault(competence_id, []).append(str(lineage))
            for item in (
                Competence.objects.filter(actor_id__in=ids)
                .order_by("actor_id", "order", "id")
                .values("id", "actor_id", "kind", "text", "description", "keywords", "evidence")
            ):
                item["keywords"] = list(item["keywords"] or [])
                item["lineages"] = sorted(topics.get(item.pop("id"), []))
                found.setdefault(item.pop("actor_id"), []).append(item)
        return found

    def _load_activities(self, actor_ids: list[int]) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for ids in chunked(actor_ids, QUERY_CHUNK):
            for actor_id, activity_id in (
                ActorActivity.objects.filter(actor_id__in=ids)
                .order_by("actor_id", "-is_primary", "id")
                .values_list("actor_id", "activity_id")
            ):
                found.setdefault(actor_id, []).append(activity_id)
        return found

    def _load_memberships(self, actor_ids: list[int]) -> dict[int, dict[int, int]]:
        found: dict[int, dict[int, int]] = {}
        for ids in chunked(actor_ids, QUERY_CHUNK):
            for pk, actor_id, cluster_id in ClusterMembership.objects.filter(
                actor_id__in=ids
            ).values_list("pk", "actor_id", "cluster_id"):
                found.setdefault(actor_id, {})[cluster_id] = pk
        return found

    # Preparing the actors in memory -----------------------------------------------------------

    def _prepare(self, row: ActorRow, stored: dict[int, Actor]) -> PreparedRow:
        actor = stored[row.existing.pk] if row.existing else self._new_actor(row)
        previous = self.stored_competences.get(actor.pk, [])
        before = self._index_input(actor, previous) if row.existing else None
        self._assign(actor, row)
        if row.competences is None:
            competences = previous
        else:
            kept = {text_key(item["text"]): item for item in previous}
            competences = [
                {
                    "kind": item["kind"],
                    "text": item["text"],
                    "description": kept.get(text_key(item["text"]), {}).get("description", ""),
                    "keywords": item["keywords"],
                    "evidence": kept.get(text_key(item["text"]), {}).get("evidence", ""),
                    "lineages": item["lineages"],
                }
                for item in row.competences
            ]
        index_input = self._index_input(actor, competences)
        if before == index_input and actor.search_name:
            index_input = None  # nothing the index reads has changed: keep the stored terms
        return PreparedRow(
            row=row,
            actor=actor,
            cluster_ids=list(row.cluster_ids or [self.cluster.pk]),
            competences=competences,
            index_input=index_input,
            competences_changed=row.competences is not None and competences != previous,
            activities_changed=row.activity_ids is not None
            and row.activity_ids != self.stored_activities.get(actor.pk, []),
        )

    def _new_actor(self, row: ActorRow) -> Actor:
        return Actor(
            external_id=row.external_id,
            status=ActorStatus.PUBLISHED,
            kind=DEFAULT_ACTOR_KIND,
            slug=self.slugs.allocate(row.values.get("name", "")),
            created_at=self.now,
            updated_at=self.now,
        )

    def _assign(self, actor: Actor, row: ActorRow) -> None:
        for name, value in row.values.items():
            setattr(actor, name, value)
        if row.district_id is not KEEP:
            actor.district_id = row.district_id
        if row.growth_core_id is KEEP:
            if actor.growth_core_id is None:
                actor.growth_core_id = self.growth_core_for_municipality(actor.municipality)
        elif row.growth_core_id is None:
            actor.growth_core_id = self.growth_core_for_municipality(actor.municipality)
        else:
            actor.growth_core_id = row.growth_core_id
        if row.existing:
            actor.updated_at = self.now
            actor.version += 1

    def _index_input(self, actor: Actor, competences: list[dict]) -> tuple:
        return (
            actor.name,
            actor.short_name,
            actor.description,
            actor.municipality,
            self.district_name.get(actor.district_id, ""),
            tuple(
                (item["text"], item.get("description", ""), tuple(item.get("keywords") or ()))
                for item in competences
            ),
        )

    # Writing one chunk ------------------------------------------------------------------------

    def write_chunk(self, chunk: list[PreparedRow]) -> None:
        new_actors = [item.actor for item in chunk if not item.row.existing]
        stored_actors = [item.actor for item in chunk if item.row.existing]
        Actor.objects.bulk_create(new_actors, batch_size=QUERY_CHUNK)
        if stored_actors:
            # INSERT … ON CONFLICT (id) DO UPDATE: every one conflicts, so each is updated.
            Actor.objects.bulk_create(
                stored_actors,
                batch_size=QUERY_CHUNK,
                update_conflicts=True,
                unique_fields=[Actor._meta.pk.name],
                update_fields=self.update_fields,
            )
        self._replace_competences([item for item in chunk if item.competences_changed])
        self._replace_activities([item for item in chunk if item.activities_changed])
        self._replace_memberships(chunk)
        self._record_history(chunk)

    def _replace_competences(self, items: list[PreparedRow]) -> None:
        stored_ids = [item.actor.pk for item in items if item.row.existing]
        for ids in chunked(stored_ids, QUERY_CHUNK):
            CompetenceTopicArea.objects.filter(competence__actor_id__in=ids).delete()
            Competence.objects.filter(actor_id__in=ids).delete()
        competences = [
            Competence(
                actor_id=item.actor.pk,
                kind=competence["kind"],
                text=competence["text"],
                description=competence["description"],
                evidence=competence["evidence"],
                keywords=competence["keywords"],
                order=order,
            )
            for item in items
            for order, competence in enumerate(item.competences)
        ]
        Competence.objects.bulk_create(competences, batch_size=QUERY_CHUNK)
        lineages = (item["lineages"] for entry in items for item in entry.competences)
        CompetenceTopicArea.objects.bulk_create(
            [
                CompetenceTopicArea(competence_id=competence.pk, lineage=uuid.UUID(lineage))
                for competence, competence_lineages in zip(competences, lineages, strict=True)
                for lineage in competence_lineages
            ],
            batch_size=QUERY_CHUNK,
        )

    def _replace_activities(self, items: list[PreparedRow]) -> None:
        stored_ids = [item.actor.pk for item in items if item.row.existing]
        for ids in chunked(stored_ids, QUERY_CHUNK):
            ActorActivity.objects.filter(actor_id__in=ids).delete()
        ActorActivity.objects.bulk_create(
            [
                ActorActivity(
                    actor_id=item.actor.pk, activity_id=activity_id, is_primary=index == 0
                )
                for item in items
                for index, activity_id in enumerate(item.row.activity_ids)
            ],
            batch_size=QUERY_CHUNK,
        )

    def _replace_memberships(self, chunk: list[PreparedRow]) -> None:
        """With a cluster column the memberships become those of the file; without one the
        actors join the import's cluster and keep the others."""
        obsolete, missing = [], []
        for item in chunk:
            have = self.stored_memberships.get(item.actor.pk, {})
            wanted = item.cluster_ids
            if self.replace_memberships:
                obsolete.extend(pk for cluster_id, pk in have.items() if cluster_id not in wanted)
            missing.extend(
                ClusterMembership(actor_id=item.actor.pk, cluster_id=cluster_id)
                for cluster_id in wanted
                if cluster_id not in have
            )
        for ids in chunked(obsolete, QUERY_CHUNK):
            ClusterMembership.objects.filter(pk__in=ids).delete()
        ClusterMembership.objects.bulk_create(missing, batch_size=QUERY_CHUNK)

    def _record_history(self, chunk: list[PreparedRow]) -> None:
        """One entry per actor: which fields the file set, counts; never personal data."""
        message = (_("Import aus „%(file)s“") % {"file": self.filename})[:500]
        entries = []
        for item in chunk:
            row = item.row
            changes = {"created": row.existing is None, "fields": self.field_names}
            if row.competences is not None:
                changes["competences"] = len(row.competences)
            if row.activity_ids is not None:
                changes["activities"] = len(row.activity_ids)
            entries.append(
                ActorHistory(
                    actor_id=item.actor.pk,
                    action=HistoryAction.IMPORTED,
                    changes=changes,
                    message=message,
                    user=self.user,
                )
            )
        ActorHistory.objects.bulk_create(entries, batch_size=QUERY_CHUNK)
