"""What rows are checked against, loaded once per file with a handful of queries: districts,
growth cores, economic activities, clusters, topic areas, and the stored actors the file names.
"""

from django.utils import translation

from clusterwerk.actors.importing.schema import PLATFORM_ID_PREFIX
from clusterwerk.actors.models import (
    Actor,
    ActorKind,
    ClusterMembership,
    CompetenceKind,
    District,
    EconomicActivity,
    GrowthCore,
    SizeClass,
)
from clusterwerk.actors.services.bulk import QUERY_CHUNK, ExistingActor, chunked, text_key
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue


def choice_lookup(choices) -> dict[str, str]:
    """Value and German label (case-insensitive) → value."""
    lookup = {}
    with translation.override("de"):
        for value, label in choices.choices:
            lookup[text_key(value)] = value
            lookup[text_key(str(label))] = value
    return lookup


def size_class_lookup() -> dict[str, str]:
    lookup = choice_lookup(SizeClass)
    with translation.override("de"):
        for value, label in SizeClass.choices:
            short = text_key(str(label)).replace(" beschäftigte", "")
            lookup[short] = value
            for key in (text_key(str(label)), short):
                lookup[key.replace("–", "-")] = value
    lookup["250+"] = SizeClass.LARGE
    return lookup


def labels(choices) -> str:
    with translation.override("de"):
        return ", ".join(str(label) for _value, label in choices.choices)


class ReferenceData:
    """Everything a row is checked against, loaded with a handful of queries."""

    def __init__(self, *, cluster: Cluster):
        self.cluster = cluster  # the cluster imported into
        self.catalogues: dict[int | None, TopicCatalogue] = {}
        districts = list(District.objects.only("pk", "ags", "name"))
        self.district_by_key = {district.ags: district.pk for district in districts}
        for district in districts:
            self.district_by_key.setdefault(text_key(district.name), district.pk)
        growth_cores = list(GrowthCore.objects.only("pk", "number", "name"))
        self.growth_core_by_key = {str(core.number): core.pk for core in growth_cores}
        for core in growth_cores:
            self.growth_core_by_key.setdefault(text_key(core.name), core.pk)
        self.activity_ids = {
            (scheme, code): pk
            for pk, scheme, code in EconomicActivity.objects.values_list("pk", "scheme", "code")
        }
        # Divisions with finer codes in the table: there, an unknown class is a typo.
        self.detailed_divisions = {
            (scheme, code[:2]) for scheme, code in self.activity_ids if len(code) > 2
        }
        self.cluster_by_slug = {slug: pk for pk, slug in Cluster.objects.values_list("pk", "slug")}
        self.kinds = choice_lookup(ActorKind)
        self.size_classes = size_class_lookup()
        self.competence_kinds = choice_lookup(CompetenceKind)

    def catalogue(self, cluster_id: int | None) -> TopicCatalogue:
        """The topic areas of the cluster's published edition (loaded once per cluster)."""
        if cluster_id not in self.catalogues:
            cluster = Cluster.objects.filter(pk=cluster_id).first() if cluster_id else None
            self.catalogues[cluster_id] = (
                topic_catalogue(cluster) if cluster else TopicCatalogue.empty()
            )
        return self.catalogues[cluster_id]


def existing_actors(external_ids: list[str]) -> dict[str, ExistingActor]:
    """Actors that carry one of the external ids, or that "clusterwerk:<id>" refers to
    (how the export names actors without an external id); chunked queries."""
    found: dict[str, ExistingActor] = {}
    references = {}
    for external_id in external_ids:
        if external_id.startswith(PLATFORM_ID_PREFIX):
            number = external_id[len(PLATFORM_ID_PREFIX) :]
            if number.isdigit():
                references[int(number)] = external_id
    plain = [external_id for external_id in external_ids if external_id not in references.values()]
    for chunk in chunked(plain, QUERY_CHUNK):
        for external_id, pk in Actor.objects.filter(external_id__in=chunk).values_list(
            "external_id", "pk"
        ):
            found[external_id] = ExistingActor(pk=pk, cluster_ids=set())
    for chunk in chunked(list(references), QUERY_CHUNK):
        for pk in Actor.objects.filter(pk__in=chunk).values_list("pk", flat=True):
            found[references[pk]] = ExistingActor(pk=pk, cluster_ids=set())
    by_pk = {actor.pk: actor for actor in found.values()}
    for chunk in chunked(list(by_pk), QUERY_CHUNK):
        for actor_id, cluster_id in ClusterMembership.objects.filter(
            actor_id__in=chunk
        ).values_list("actor_id", "cluster_id"):
            by_pk[actor_id].cluster_ids.add(cluster_id)
    return found
