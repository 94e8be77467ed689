"""Export actors as CSV, XLSX or JSON.

CSV and XLSX use the columns of the import (docs/actor-import.md), so an export can be edited
and imported again, plus read-only columns (`id`, `status`, `demo`, `ansprechpersonen`) that
the import ignores. JSON carries the full record of each actor.

An export is one cluster's (the request's, or `--cluster` on the command line): its directory,
the topic areas of its plan. Contact persons are personal data: every export contains only the
contacts the reader may see there (`queries.visible_contacts`), and only actors the reader may
see there (`queries.visible_actors`).
The reader is a user (`request.user`, also anonymous) or, on the command line, a
`CommandLineReader`. Actors are read in chunks with a fixed number of queries per chunk, so
25,000 actors stream without loading everything at once.
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import translation

from clusterwerk.actors.importing import COLUMNS, PLATFORM_ID_PREFIX, READ_ONLY_COLUMNS
from clusterwerk.actors.models import (
    Actor,
    ActorActivity,
    ActorKind,
    ActorStatus,
    ClusterMembership,
    Competence,
    CompetenceKind,
    CompetenceTopicArea,
    ContactPerson,
    SizeClass,
    Visibility,
)
from clusterwerk.actors.permissions import directory_condition
from clusterwerk.actors.queries import visible_actors, visible_contacts
from clusterwerk.core import exports
from clusterwerk.core.models import Cluster
from clusterwerk.core.tenancy import reverse_for_cluster
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue

CHUNK_SIZE = 1000
EXPORT_COLUMNS = (*COLUMNS, *READ_ONLY_COLUMNS)
CONTACT_LEVELS = ("public", "members", "all")
# Cells that spreadsheets would run as formulas ("=HYPERLINK(…)", "@SUM(…)"), except plain
# phone numbers and numbers ("+49 331 …", "-5").


# --- Readers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommandLineReader:
    """Who reads an export made without a user account (`manage.py export_actors`).

    - "members": what a logged-in cluster member sees: published actors, and contact persons
      who consented and are public or visible for members;
    - "all": what the cluster management sees: every actor (also drafts and archived ones)
      and every contact person, with or without consent.
    For "public" use an AnonymousUser (see `reader_for`)."""

    level: str


def reader_for(level: str):
    if level == "public":
        return AnonymousUser()
    if level in ("members", "all"):
        return CommandLineReader(level)
    raise ValueError(level)


def _actors_for(reader, cluster: Cluster) -> QuerySet[Actor]:
    if isinstance(reader, CommandLineReader):
        actors = Actor.objects.filter(directory_condition(cluster))
        if reader.level == "all":
            return actors
        return actors.filter(status=ActorStatus.PUBLISHED)
    return visible_actors(reader, cluster)


def _contacts_for(reader, cluster: Cluster, actor_ids: list[int]) -> QuerySet[ContactPerson]:
    if isinstance(reader, CommandLineReader):
        contacts = ContactPerson.objects.filter(actor_id__in=actor_ids)
        if reader.level != "all":
            contacts = contacts.filter(
                consent=True, visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS]
            )
        return contacts.order_by("actor_id", "order", "id")
    return visible_contacts(reader, cluster, actor_ids)


# --- Records --------------------------------------------------------------------------------


def _visible_queryset(actors, reader, cluster: Cluster) -> QuerySet[Actor]:
    """The given actors (queryset or iterable) that the reader may see in `cluster`'s
    directory, in their order."""
    if isinstance(actors, QuerySet):
        queryset = actors
    else:
        ids = [actor.pk if isinstance(actor, Actor) else actor for actor in actors]
        queryset = Actor.objects.filter(pk__in=ids)
    visible = _actors_for(reader, cluster).values("pk")
    return queryset.filter(pk__in=visible)


def _id_chunks(actors, reader, cluster: Cluster, size: int) -> Iterator[list[int]]:
    """The visible actors' ids in chunks of `size`, read from a cursor (`iterator`): the ids
    of a large directory are never all in memory."""
    ids = _visible_queryset(actors, reader, cluster).values_list("pk", flat=True)
    chunk: list[int] = []
    for pk in ids.iterator(chunk_size=size):
        chunk.append(pk)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def count_actors(actors, *, user, cluster: Cluster) -> int:
    """How many rows an export of `actors` for `user` has (one COUNT query)."""
    return _visible_queryset(actors, user, cluster).count()


@dataclass
class ChunkData:
    """Everything of one chunk of actors, read with one query per table (no per-object
    prefetch machinery: it costs more than the queries for thousands of actors)."""

    actors: list[Actor]
    competences: dict[int, list[dict]]
    activities: dict[int, list[dict]]
    clusters: dict[int, list[tuple[int, str]]]
    contacts: dict[int, list[ContactPerson]]


def _load_chunk(ids: list[int], reader, cluster: Cluster) -> ChunkData:
    by_pk = {
        actor.pk: actor
        for actor in Actor.objects.filter(pk__in=ids).select_related("district", "growth_core")
    }
    topics: dict[int, list[str]] = {}
    for competence_id, lineage in CompetenceTopicArea.objects.filter(
        competence__actor_id__in=ids
    ).values_list("competence_id", "lineage"):
        topics.setdefault(competence_id, []).append(str(lineage))
    competences: dict[int, list[dict]] = {}
    for item in (
        Competence.objects.filter(actor_id__in=ids)
        .order_by("actor_id", "order", "id")
        .values("id", "actor_id", "kind", "text", "description", "keywords", "evidence")
    ):
        item["lineages"] = topics.get(item.pop("id"), [])
        competences.setdefault(item.pop("actor_id"), []).append(item)
    activities: dict[int, list[dict]] = {}
    for actor_id, scheme, code, title, is_primary in (
        ActorActivity.objects.filter(actor_id__in=ids)
        .order_by("actor_id", "-is_primary", "activity__scheme", "activity__code")
        .values_list(
            "actor_id", "activity__scheme", "activity__code", "activity__title", "is_primary"
        )
    ):
        activities.setdefault(actor_id, []).append(
            {"scheme": scheme, "code": code, "title": title, "is_primary": is_primary}
        )
    clusters: dict[int, list[tuple[int, str]]] = {}
    for actor_id, cluster_id, slug in (
        ClusterMembership.objects.filter(actor_id__in=ids)
        .order_by("actor_id", "cluster__slug")
        .values_list("actor_id", "cluster_id", "cluster__slug")
    ):
        clusters.setdefault(actor_id, []).append((cluster_id, slug))
    contacts: dict[int, list[ContactPerson]] = {}
    for contact in _contacts_for(reader, cluster, ids):
        contacts.setdefault(contact.actor_id, []).append(contact)
    return ChunkData(
        actors=[by_pk[pk] for pk in ids if pk in by_pk],
        competences=competences,
        activities=activities,
        clusters=clusters,
        contacts=contacts,
    )


def iter_records(
    actors,
    *,
    user,
    cluster: Cluster,
    catalogue: TopicCatalogue | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[dict]:
    """The JSON-ready record of each actor the user may see in `cluster`'s directory, chunk by
    chunk; topic areas of the cluster's plan (or of `catalogue`).

    The catalogue and the profile address pattern are looked up at once (inside the request,
    with its cluster prefix); the records are produced while they are read, for a streaming
    response after the view has returned."""
    catalogue = catalogue if catalogue is not None else topic_catalogue(cluster)
    # One reverse() for all profile addresses: resolving the URL per actor is slow.
    url_pattern = reverse_for_cluster(cluster, "portal:actor-profile", args=[URL_PK, URL_SLUG])
    return _records(actors, user, cluster, catalogue, url_pattern, chunk_size)


def _records(actors, user, cluster, catalogue, url_pattern, chunk_size) -> Iterator[dict]:
    for ids in _id_chunks(actors, user, cluster, chunk_size):
        chunk = _load_chunk(ids, user, cluster)
        for actor in chunk.actors:
            clusters = chunk.clusters.get(actor.pk, [])
            yield actor_record(
                actor,
                competences=chunk.competences.get(actor.pk, []),
                activities=chunk.activities.get(actor.pk, []),
                clusters=[slug for _pk, slug in clusters],
                contacts=chunk.contacts.get(actor.pk, []),
                catalogue=catalogue,
                url=url_pattern.replace(str(URL_PK), str(actor.pk), 1).replace(
                    URL_SLUG, actor.slug, 1
                ),
            )


URL_PK = 987654321987
URL_SLUG = "slug-of-the-actor"


def export_records(
    actors, *, user, cluster: Cluster, catalogue: TopicCatalogue | None = None
) -> list[dict]:
    """Records of the actors (queryset or iterable of actors or ids) that `user` may see in
    `cluster`'s directory, each with only the contact persons `user` may see there."""
    return list(iter_records(actors, user=user, cluster=cluster, catalogue=catalogue))


def actor_record(
    actor: Actor,
    *,
    competences: list[dict],
    activities: list[dict],
    clusters: list[str],
    contacts: list[ContactPerson],
    catalogue: TopicCatalogue,
    url: str,
) -> dict:
    district = actor.district
    growth_core = actor.growth_core
    number_by_lineage = catalogue.number_by_lineage
    return {
        "id": actor.pk,
        "external_id": actor.external_id,
        "name": actor.name,
        "short_name": actor.short_name,
        "kind": actor.kind,
        "status": actor.status,
        "demo": actor.is_demo,
        "description": actor.description,
        "website": actor.website,
        "email": actor.email,
        "phone": actor.phone,
        "street": actor.street,
        "postal_code": actor.postal_code,
        "municipality": actor.municipality,
        "district": {"ags": district.ags, "name": district.name} if district else None,
        "growth_core": (
            {"number": growth_core.number, "name": growth_core.name} if growth_core else None
        ),
        "size_class": actor.size_class,
        "employees": actor.employees,
        "founded_year": actor.founded_year,
        "latitude": actor.latitude,
        "longitude": actor.longitude,
        "activities": activities,
        "clusters": clusters,
        "competences": [
            {
                "text": competence["text"],
                "kind": competence["kind"],
                "description": competence["description"],
                "keywords": list(competence["keywords"] or []),
                "evidence": competence["evidence"],
                "topic_areas": sorted(
                    (
                        number_by_lineage[lineage]
                        for lineage in competence["lineages"]
                        if lineage in number_by_lineage
                    ),
                    key=_number_key,
                ),
            }
            for competence in competences
        ],
        "contacts": [
            {
                "name": contact.name,
                "function": contact.function,
                "email": contact.email,
                "phone": contact.phone,
                "visibility": contact.visibility,
                "consent": contact.consent,
            }
            for contact in contacts
        ],
        "url": url,
        "updated_at": actor.updated_at.isoformat() if actor.updated_at else None,
    }


def _number_key(number: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in number.split("."))


# --- Rows of the import schema --------------------------------------------------------------


@dataclass(frozen=True)
class Labels:
    """German labels of the choices, as the import reads them (whatever the UI language)."""

    kind: dict[str, str]
    status: dict[str, str]
    competence: dict[str, str]
    size: dict[str, str]

    @classmethod
    def german(cls) -> "Labels":
        with translation.override("de"):
            return cls(
                kind={value: str(label) for value, label in ActorKind.choices},
                status={value: str(label) for value, label in ActorStatus.choices},
                competence={value: str(label) for value, label in CompetenceKind.choices},
                size={value: str(label) for value, label in SizeClass.choices},
            )


def record_row(record: dict, labels: Labels | None = None) -> dict:
    """One CSV/XLSX row (column → value) in the import schema, labels in German."""
    labels = labels or Labels.german()
    activities = record["activities"]
    schemes = {activity["scheme"] for activity in activities}
    single_scheme = len(schemes) <= 1
    return {
        "externe_id": record["external_id"] or f"{PLATFORM_ID_PREFIX}{record['id']}",
        "name": record["name"],
        "art": labels.kind.get(record["kind"], record["kind"]),
        "kurzname": record["short_name"],
        "beschreibung": record["description"],
        "website": record["website"],
        "email": record["email"],
        "telefon": record["phone"],
        "strasse": record["street"],
        "plz": record["postal_code"],
        "ort": record["municipality"],
        "kreis": record["district"]["ags"] if record["district"] else "",
        "wachstumskern": record["growth_core"]["name"] if record["growth_core"] else "",
        "groessenklasse": labels.size.get(record["size_class"], ""),
        "beschaeftigte": record["employees"],
        "gruendungsjahr": record["founded_year"],
        "wz": "; ".join(
            activity["code"] if single_scheme else f"{activity['scheme']}:{activity['code']}"
            for activity in activities
        ),
        "wz_schema": next(iter(schemes)) if single_scheme and schemes else "",
        "kompetenzen": "; ".join(
            competence_cell(competence, labels.competence) for competence in record["competences"]
        ),
        "cluster": "; ".join(record["clusters"]),
        "lat": record["latitude"],
        "lon": record["longitude"],
        "id": record["id"],
        "status": labels.status.get(record["status"], record["status"]),
        "demo": "ja" if record["demo"] else "nein",
        "ansprechpersonen": "; ".join(contact_cell(contact) for contact in record["contacts"]),
    }


def _one_line(text: str) -> str:
    """Competence texts in one cell: no item separators (";", line breaks) inside."""
    return " ".join(text.replace(";", ",").split())


def competence_cell(competence: dict, labels: dict[str, str]) -> str:
    """ "Laserschneiden [Verfahren] (4.4.1) {Faserlaser, Blech}": the import's format."""
    text = _one_line(competence["text"])
    text += f" [{labels.get(competence['kind'], competence['kind'])}]"
    if competence["topic_areas"]:
        text += f" ({', '.join(competence['topic_areas'])})"
    keywords = [_one_line(keyword).replace(",", " ") for keyword in competence["keywords"]]
    if keywords:
        text += f" {{{', '.join(keywords)}}}"
    return text


def contact_cell(contact: dict) -> str:
    """ "Name (Funktion) <email>, Tel. 0331 123"."""
    text = contact["name"]
    if contact["function"]:
        text += f" ({contact['function']})"
    if contact["email"]:
        text += f" <{contact['email']}>"
    if contact["phone"]:
        text += f", Tel. {contact['phone']}"
    return text


def iter_rows(actors, *, user, cluster: Cluster) -> Iterator[dict]:
    labels = Labels.german()
    return (
        record_row(record, labels) for record in iter_records(actors, user=user, cluster=cluster)
    )


# --- Writers --------------------------------------------------------------------------------


NUMERIC_COLUMNS = {"beschaeftigte", "gruendungsjahr", "lat", "lon", "id"}


def table_rows(actors, *, user, cluster: Cluster) -> Iterator[list]:
    """The rows in column order (`EXPORT_COLUMNS`): the numeric columns as numbers, everything
    else as text (a postal code stays text)."""
    rows = iter_rows(actors, user=user, cluster=cluster)
    return (
        [
            row[column] if column in NUMERIC_COLUMNS or row[column] is None else str(row[column])
            for column in EXPORT_COLUMNS
        ]
        for row in rows
    )


def write_csv(
    actors, *, user, cluster: Cluster, stream, delimiter: str = ";", bom: bool = True
) -> int:
    """Write a CSV file (text stream, open it with newline="") through `core.exports`: UTF-8
    with BOM and ";" so that spreadsheet programs open it directly; cells that would run as
    formulas get a leading apostrophe, which the import removes again. Returns the number of
    actors."""
    return exports.write_csv(
        table_rows(actors, user=user, cluster=cluster),
        header=EXPORT_COLUMNS,
        stream=stream,
        delimiter=delimiter,
        bom=bom,
    )


def write_xlsx(actors, *, user, cluster: Cluster, stream) -> int:
    """Write an XLSX workbook (binary stream) with one sheet "Akteure", streaming row by row
    through `core.exports`: text cells stay text, also when they start with "=". Returns the
    number of actors."""
    return exports.write_xlsx(
        table_rows(actors, user=user, cluster=cluster),
        header=EXPORT_COLUMNS,
        stream=stream,
        title="Akteure",
    )


def write_json(actors, *, user, cluster: Cluster, stream) -> int:
    """Write a JSON list of actor records (text stream), one actor per line. Returns the
    number of actors."""
    stream.write("[\n")
    count = 0
    previous = None
    for record in iter_records(actors, user=user, cluster=cluster):
        if previous is not None:
            stream.write(previous + ",\n")
        previous = json.dumps(record, ensure_ascii=False)
        count += 1
    if previous is not None:
        stream.write(previous + "\n")
    stream.write("]\n")
    return count


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "json": write_json}


def write_export(file_format: str, actors: Iterable, *, user, cluster: Cluster, stream) -> int:
    return WRITERS[file_format](actors, user=user, cluster=cluster, stream=stream)
