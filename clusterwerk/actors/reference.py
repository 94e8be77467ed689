"""The reference data the project ships for the actor directory (clusterwerk/actors/reference_data):

- districts.json: Brandenburg's 14 Landkreise and 4 kreisfreie Städte (plus the districts
  outside Brandenburg where listed institutions sit),
- growth_cores.json: the 15 Regionale Wachstumskerne and their municipalities,
- economic_activities.json: WZ 2008 and WZ 2025 divisions of the cluster,
- clusters.json: the Berlin-Brandenburg and Brandenburg clusters and the masterplan's
  cross-cluster topics (table 4),
- institutions_metall_2020.json: the institutions named in the masterplan 2020 (tables 1–3,
  competence centres and transfer structures) with their competences.

`load_actor_reference_data()` upserts all of it in one transaction: a second run changes
nothing. It writes as the system user (`accounts.services.system_user()`), whom the actors'
history names. Competences of reference actors are replaced by the shipped list; their topic areas
are stored by lineage, resolved through the Metall cluster's published masterplan edition.
"""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from clusterwerk.accounts.services import system_user
from clusterwerk.actors.indexing import index_actor
from clusterwerk.actors.models import (
    BRANDENBURG_STATE_CODE,
    Actor,
    ActorHistory,
    ActorKind,
    ActorStatus,
    ClusterMembership,
    Competence,
    CompetenceTopicArea,
    District,
    EconomicActivity,
    GrowthCore,
    GrowthCoreMunicipality,
    HistoryAction,
)
from clusterwerk.core import versions
from clusterwerk.core.models import Cluster, CrossClusterTopic
from clusterwerk.core.versions import changes
from clusterwerk.masterplan.models import Edition, EditionSource, EditionStatus, TopicArea

REFERENCE_DIR = Path(__file__).resolve().parent / "reference_data"
METALL_SLUG = "metall"
HISTORY_MESSAGE = "Referenzdaten des Akteursverzeichnisses"

ACTOR_FIELDS = (
    "kind",
    "name",
    "short_name",
    "description",
    "website",
    "street",
    "postal_code",
    "municipality",
    "district_id",
    "growth_core_id",
    "latitude",
    "longitude",
    "source",
    "is_demo",
)
INDEX_FIELDS = ("search_name", "search_competences", "search_document")


@dataclass
class Tally:
    """How many rows of one kind the reference data has, and what a load did to them."""

    total: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


@dataclass
class ActorReferenceReport:
    districts: Tally = field(default_factory=Tally)
    growth_cores: Tally = field(default_factory=Tally)
    activities: Tally = field(default_factory=Tally)
    clusters: Tally = field(default_factory=Tally)
    cross_cluster_topics: Tally = field(default_factory=Tally)
    institutions: Tally = field(default_factory=Tally)
    brandenburg_districts: int = 0
    metall_focus_growth_cores: int = 0
    competences: int = 0
    competences_replaced: int = 0  # actors whose competence list was replaced
    topic_edition: str = ""  # label of the edition the topic numbers were resolved in
    topic_tags: int = 0
    unresolved_topics: list[str] = field(default_factory=list)

    @property
    def tallies(self) -> list[Tally]:
        return [
            self.districts,
            self.growth_cores,
            self.activities,
            self.clusters,
            self.cross_cluster_topics,
            self.institutions,
        ]

    @property
    def created(self) -> int:
        return sum(tally.created for tally in self.tallies)

    @property
    def updated(self) -> int:
        return sum(tally.updated + tally.deleted for tally in self.tallies)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.competences_replaced)

    @property
    def topic_tags_skipped(self) -> bool:
        return not self.topic_edition

    def summary(self) -> str:
        """One German line for the management command."""
        counts = (
            f"{self.districts.total} Landkreise und kreisfreie Städte "
            f"({self.brandenburg_districts} in Brandenburg), "
            f"{self.growth_cores.total} Regionale Wachstumskerne "
            f"({self.metall_focus_growth_cores} mit Schwerpunkt Metall), "
            f"{self.activities.total} Wirtschaftszweige, {self.clusters.total} Cluster, "
            f"{self.cross_cluster_topics.total} Cross-Cluster-Themen, "
            f"{self.institutions.total} Einrichtungen mit {self.competences} Kompetenzen"
        )
        if self.changed:
            outcome = f"{self.created} neu, {self.updated} geändert"
            if self.competences_replaced:
                outcome += f", Kompetenzen von {self.competences_replaced} Einrichtungen ersetzt"
        else:
            outcome = "unverändert"
        if self.topic_tags_skipped:
            topics = "Themenbereiche nicht zugeordnet: noch kein Masterplan geladen"
        else:
            topics = (
                f"{self.topic_tags} Zuordnungen zu Themenbereichen der Ausgabe {self.topic_edition}"
            )
            if self.unresolved_topics:
                topics += f" (nicht gefunden: {', '.join(self.unresolved_topics)})"
        return f"Akteursverzeichnis: {counts} – {outcome}; {topics}."


def read_reference(name: str, directory: Path = REFERENCE_DIR) -> dict:
    return json.loads((directory / name).read_text(encoding="utf-8"))


@changes(versions.ACTORS, shared=True)
@transaction.atomic
def load_actor_reference_data(directory: Path = REFERENCE_DIR) -> ActorReferenceReport:
    """Create or update the actor directory's reference data; a second run changes nothing."""
    report = ActorReferenceReport()
    districts = load_districts(read_reference("districts.json", directory), report)
    growth_cores = load_growth_cores(
        read_reference("growth_cores.json", directory), districts, report
    )
    load_activities(read_reference("economic_activities.json", directory), report)
    clusters = load_clusters(read_reference("clusters.json", directory), report)
    lineages = topic_lineages(clusters.get(METALL_SLUG), report)
    load_institutions(
        read_reference("institutions_metall_2020.json", directory),
        districts=districts,
        growth_cores=growth_cores,
        clusters=clusters,
        lineages=lineages,
        report=report,
        user=system_user(),
    )
    return report


# --- helpers -------------------------------------------------------------------------------


def changed_values(instance, values: dict) -> dict:
    return {name: value for name, value in values.items() if getattr(instance, name) != value}


def validate(instance) -> None:
    """full_clean() without re-reading the related rows this loader has just written."""
    relations = [field.name for field in instance._meta.fields if field.is_relation]
    instance.full_clean(exclude=relations)


def upsert(model, lookup: dict, values: dict, tally: Tally):
    """Get by `lookup` and update the differing `values`, or create; validated before saving."""
    tally.total += 1
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        validate(instance)
        instance.save()
        tally.created += 1
        return instance
    changes = changed_values(instance, values)
    if changes:
        for name, value in changes.items():
            setattr(instance, name, value)
        validate(instance)
        instance.save()
        tally.updated += 1
    return instance


def optional_decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def optional_date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


# --- districts, growth cores, activities, clusters -----------------------------------------


def load_districts(data: dict, report: ActorReferenceReport) -> dict[str, District]:
    districts = {}
    for entry in data["districts"]:
        values = {
            "name": entry["name"],
            "kind": entry["kind"],
            "nuts3": entry.get("nuts3", ""),
            "state": entry["state"],
            "population": entry.get("population"),
            "population_date": optional_date(entry.get("population_date")),
            "area_km2": optional_decimal(entry.get("area_km2")),
            "centroid_latitude": entry["centroid_latitude"],
            "centroid_longitude": entry["centroid_longitude"],
        }
        district = upsert(District, {"ags": entry["ags"]}, values, report.districts)
        districts[district.ags] = district
    report.brandenburg_districts = sum(
        1 for ags in districts if ags.startswith(BRANDENBURG_STATE_CODE)
    )
    return districts


def load_growth_cores(
    data: dict, districts: dict[str, District], report: ActorReferenceReport
) -> dict[int, GrowthCore]:
    growth_cores = {}
    for entry in data["growth_cores"]:
        growth_core = upsert(
            GrowthCore,
            {"number": entry["number"]},
            {"name": entry["name"], "metall_focus": entry["metall_focus"]},
            report.growth_cores,
        )
        growth_cores[growth_core.number] = growth_core
        shipped = set()
        for municipality in entry["municipalities"]:
            shipped.add(municipality["ags"])
            upsert(
                GrowthCoreMunicipality,
                {"ags": municipality["ags"]},
                {
                    "growth_core": growth_core,
                    "name": municipality["name"],
                    "district": districts[municipality["district"]],
                },
                Tally(),  # municipalities count as part of their growth core
            )
        stale = growth_core.municipalities.exclude(ags__in=shipped)
        if stale.exists():
            stale.delete()
            report.growth_cores.updated += 1
    report.metall_focus_growth_cores = sum(1 for core in growth_cores.values() if core.metall_focus)
    return growth_cores


def load_activities(data: dict, report: ActorReferenceReport) -> None:
    for entry in data["activities"]:
        upsert(
            EconomicActivity,
            {"scheme": entry["scheme"], "code": entry["code"]},
            {"title": entry["title"], "is_cluster_core": entry["is_cluster_core"]},
            report.activities,
        )


def load_clusters(data: dict, report: ActorReferenceReport) -> dict[str, Cluster]:
    clusters = {}
    for entry in data["clusters"]:
        values = {
            "name": entry["name"],
            "short_name": entry.get("short_name", ""),
            "region": entry.get("region", ""),
            "description": entry.get("description", ""),
        }
        if entry["slug"] == METALL_SLUG:
            # The masterplan reference data owns this cluster: create it when missing, fill
            # empty fields, never rename it.
            report.clusters.total += 1
            cluster = Cluster.objects.filter(slug=METALL_SLUG).first()
            if cluster is None:
                cluster = Cluster(slug=METALL_SLUG, **values)
                validate(cluster)
                cluster.save()
                report.clusters.created += 1
            else:
                empty = {
                    name: value for name, value in values.items() if not getattr(cluster, name)
                }
                if empty:
                    for name, value in empty.items():
                        setattr(cluster, name, value)
                    cluster.save()
                    report.clusters.updated += 1
        else:
            cluster = upsert(Cluster, {"slug": entry["slug"]}, values, report.clusters)
        clusters[cluster.slug] = cluster
    for group in data["cross_cluster_topics"]:
        cluster, partner = clusters[group["cluster"]], clusters[group["partner_cluster"]]
        for order, title in enumerate(group["topics"], start=1):
            upsert(
                CrossClusterTopic,
                {"cluster": cluster, "partner_cluster": partner, "title": title},
                {"order": order},
                report.cross_cluster_topics,
            )
    return clusters


def topic_lineages(cluster: Cluster | None, report: ActorReferenceReport) -> dict[str, object]:
    """Topic-area number → lineage in the Metall cluster's published edition (else its
    reference edition); empty when there is no masterplan yet."""
    if cluster is None:
        return {}
    edition = (
        Edition.objects.filter(cluster=cluster, status=EditionStatus.PUBLISHED).first()
        or Edition.objects.filter(cluster=cluster, source=EditionSource.REFERENCE)
        .order_by("-created_at")
        .first()
    )
    if edition is None:
        return {}
    lineages = dict(TopicArea.objects.filter(edition=edition).values_list("number", "lineage"))
    if lineages:
        report.topic_edition = edition.label
    return lineages


# --- institutions --------------------------------------------------------------------------


def load_institutions(
    data: dict,
    *,
    districts: dict[str, District],
    growth_cores: dict[int, GrowthCore],
    clusters: dict[str, Cluster],
    lineages: dict[str, object],
    report: ActorReferenceReport,
    user,
) -> None:
    """Upsert the shipped institutions; `user` (the system user) is recorded in the history."""
    existing = {
        actor.external_id: actor
        for actor in Actor.objects.filter(
            external_id__in=[entry["external_id"] for entry in data["institutions"]]
        ).prefetch_related("competences__topics", "memberships")
    }
    for entry in data["institutions"]:
        report.institutions.total += 1
        district = districts[entry["district"]] if entry.get("district") else None
        growth_core = growth_cores[entry["growth_core"]] if entry.get("growth_core") else None
        values = actor_values(entry, district, growth_core)
        actor = existing.get(entry["external_id"])
        created = actor is None
        if created:
            actor = Actor(
                external_id=entry["external_id"],
                slug=unique_slug(entry.get("short_name") or entry["name"], entry["name"]),
                status=ActorStatus.PUBLISHED,
                **values,
            )
            changes = {}
        else:
            changes = changed_values(actor, values)
            for name, value in changes.items():
                setattr(actor, name, value)
        actor.district = district
        actor.growth_core = growth_core
        shipped = shipped_competences(entry, lineages, report)
        report.competences += len(shipped)
        replace = created or competences_differ(actor, shipped, compare_topics=bool(lineages))
        stored_index = {name: getattr(actor, name) for name in INDEX_FIELDS}
        index_actor(
            actor,
            [competence for competence, _ in shipped] if replace else actor.competences.all(),
        )
        index_changed = any(getattr(actor, name) != stored_index[name] for name in INDEX_FIELDS)
        if created:
            validate(actor)
            actor.save()
            report.institutions.created += 1
            record(actor, {}, user=user)
        elif changes or replace or index_changed:
            if changes or replace:
                actor.version += 1
                record(actor, describe(changes, replace), user=user)
            validate(actor)
            actor.save()
            report.institutions.updated += 1
        if replace:
            write_competences(actor, shipped, keep_topics=not lineages)
            if not created:
                report.competences_replaced += 1
        ensure_memberships(actor, [clusters[slug] for slug in entry.get("clusters", [])])


def actor_values(entry: dict, district: District | None, growth_core: GrowthCore | None) -> dict:
    return {
        "kind": ActorKind(entry["kind"]).value,
        "name": entry["name"],
        "short_name": entry.get("short_name", ""),
        "description": entry.get("description", ""),
        "website": entry.get("website", ""),
        "street": entry.get("street", ""),
        "postal_code": entry.get("postal_code", ""),
        "municipality": entry.get("municipality", ""),
        "district_id": district.pk if district else None,
        "growth_core_id": growth_core.pk if growth_core else None,
        "latitude": entry.get("latitude"),
        "longitude": entry.get("longitude"),
        "source": entry["source"],
        "is_demo": False,
    }


def unique_slug(*candidates: str) -> str:
    base = slugify(candidates[0])[:100] or slugify(candidates[-1])[:100] or "akteur"
    slug, number = base, 2
    while Actor.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def shipped_competences(
    entry: dict, lineages: dict[str, object], report: ActorReferenceReport
) -> list[tuple[Competence, list]]:
    """Unsaved competences of an entry, each with the lineages of its topic areas."""
    competences = []
    for order, item in enumerate(entry.get("competences", []), start=1):
        competence = Competence(
            kind=item["kind"],
            text=item["text"],
            description=item.get("description", ""),
            keywords=list(item.get("keywords", [])),
            evidence=item.get("evidence", entry["source"]),
            order=order,
        )
        topics = []
        if lineages:
            for number in item.get("topics", []):
                if number in lineages:
                    topics.append(lineages[number])
                elif number not in report.unresolved_topics:
                    report.unresolved_topics.append(number)
            report.topic_tags += len(topics)
        competences.append((competence, topics))
    return competences


def competence_key(competence: Competence) -> tuple:
    return (
        competence.kind,
        competence.text,
        competence.description,
        list(competence.keywords or []),
        competence.evidence,
        competence.order,
    )


def competences_differ(actor: Actor, shipped: list, *, compare_topics: bool) -> bool:
    stored = list(actor.competences.all())
    if len(stored) != len(shipped):
        return True
    for current, (competence, topics) in zip(stored, shipped, strict=True):
        if competence_key(current) != competence_key(competence):
            return True
        if compare_topics and {str(t.lineage) for t in current.topics.all()} != {
            str(lineage) for lineage in topics
        }:
            return True
    return False


def write_competences(actor: Actor, shipped: list, *, keep_topics: bool) -> None:
    """Replace the actor's competences by the shipped ones (with their topic areas)."""
    kept: dict[str, set] = {}
    if keep_topics:  # no masterplan to resolve numbers: keep the tags the competences had
        for competence in actor.competences.prefetch_related("topics"):
            kept[competence.text] = {topic.lineage for topic in competence.topics.all()}
    actor.competences.all().delete()
    for competence, _ in shipped:
        competence.actor = actor
        validate(competence)
    Competence.objects.bulk_create([competence for competence, _ in shipped])
    saved = {competence.order: competence for competence in actor.competences.all()}
    tags = []
    for competence, topics in shipped:
        stored = saved[competence.order]
        lineages = kept.get(competence.text, set()) if keep_topics else set(topics)
        tags += [CompetenceTopicArea(competence=stored, lineage=lineage) for lineage in lineages]
    CompetenceTopicArea.objects.bulk_create(tags)


def ensure_memberships(actor: Actor, clusters: list[Cluster]) -> None:
    present = {membership.cluster_id for membership in actor.memberships.all()}
    missing = [ClusterMembership(actor=actor, cluster=c) for c in clusters if c.pk not in present]
    ClusterMembership.objects.bulk_create(missing)


def describe(changes: dict, replaced: bool) -> dict:
    described = {name.removesuffix("_id"): str(value) for name, value in changes.items()}
    if replaced:
        described["competences"] = "ersetzt"
    return described


def record(actor: Actor, changes: dict, *, user) -> None:
    ActorHistory.objects.create(
        actor=actor,
        action=HistoryAction.IMPORTED,
        changes=changes,
        message=HISTORY_MESSAGE,
        user=user,
    )
