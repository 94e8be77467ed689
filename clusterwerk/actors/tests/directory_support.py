"""Test data for the directory search, its page and the actors API (plain functions).

Districts, growth cores and WZ codes are a small real excerpt (AGS, RWK numbers and WZ titles
as published); actors are built directly and indexed with `indexing.index_actor`, like the
services do.
"""

import uuid

from clusterwerk.accounts.models import User
from clusterwerk.accounts.permissions import forget_cached_permissions
from clusterwerk.actors.indexing import index_actor
from clusterwerk.actors.models import (
    ActivityScheme,
    Actor,
    ActorActivity,
    ActorKind,
    ActorRepresentative,
    ActorStatus,
    ClusterMembership,
    Competence,
    CompetenceKind,
    CompetenceTopicArea,
    ContactPerson,
    District,
    DistrictKind,
    EconomicActivity,
    GrowthCore,
    Visibility,
)
from clusterwerk.core.models import Cluster

# AGS → (name, kind, centroid latitude, centroid longitude)
DISTRICTS = {
    "12069": ("Potsdam-Mittelmark", DistrictKind.RURAL_DISTRICT, 52.22, 12.63),
    "12067": ("Oder-Spree", DistrictKind.RURAL_DISTRICT, 52.25, 14.15),
    "12072": ("Teltow-Fläming", DistrictKind.RURAL_DISTRICT, 51.99, 13.24),
    "12054": ("Potsdam", DistrictKind.URBAN_DISTRICT, 52.40, 13.03),
    "12052": ("Cottbus", DistrictKind.URBAN_DISTRICT, 51.76, 14.34),
}
# RWK number → (name, Schwerpunktcluster Metall)
GROWTH_CORES = {
    2: ("Cottbus", True),
    4: ("Frankfurt (Oder)/Eisenhüttenstadt", True),
    6: ("Ludwigsfelde", False),
    10: ("Potsdam", False),
}
# (scheme, code, title, cluster core)
ACTIVITIES = (
    (ActivityScheme.WZ_2008, "24", "Metallerzeugung und -bearbeitung", True),
    (ActivityScheme.WZ_2008, "25", "Herstellung von Metallerzeugnissen", True),
    (ActivityScheme.WZ_2008, "25.62", "Mechanik a. n. g.", True),
    (ActivityScheme.WZ_2008, "28", "Maschinenbau", True),
    (ActivityScheme.WZ_2008, "72", "Forschung und Entwicklung", True),
    (ActivityScheme.WZ_2008, "85", "Erziehung und Unterricht", False),
    (ActivityScheme.WZ_2025, "25", "Herstellung von Metallerzeugnissen", True),
    (ActivityScheme.WZ_2025, "25.53", "Mechanik", True),
)


def make_districts() -> dict[str, District]:
    districts = {}
    for ags, (name, kind, latitude, longitude) in DISTRICTS.items():
        districts[ags], _created = District.objects.get_or_create(
            ags=ags,
            defaults={
                "name": name,
                "kind": kind,
                "state": "Brandenburg",
                "centroid_latitude": latitude,
                "centroid_longitude": longitude,
            },
        )
    return districts


def make_growth_cores() -> dict[int, GrowthCore]:
    return {
        number: GrowthCore.objects.get_or_create(
            number=number, defaults={"name": name, "metall_focus": focus}
        )[0]
        for number, (name, focus) in GROWTH_CORES.items()
    }


def make_activities() -> dict[tuple[str, str], EconomicActivity]:
    return {
        (scheme, code): EconomicActivity.objects.get_or_create(
            scheme=scheme, code=code, defaults={"title": title, "is_cluster_core": core}
        )[0]
        for scheme, code, title, core in ACTIVITIES
    }


def make_reference_data() -> None:
    make_districts()
    make_growth_cores()
    make_activities()


def make_actor(
    name: str,
    *,
    kind: str = ActorKind.COMPANY,
    competences: list | tuple = (),
    description: str = "",
    district: str | None = None,
    growth_core: int | None = None,
    municipality: str = "",
    postal_code: str = "",
    size_class: str = "",
    activities: list | tuple = (),
    cluster: Cluster | None = None,
    status: str = ActorStatus.PUBLISHED,
    is_demo: bool = False,
    topic_lineages: dict[str, str] | None = None,
    **values,
) -> Actor:
    """An indexed actor. `competences`: texts or dicts (text, kind, description, keywords,
    topics = topic numbers resolved through `topic_lineages`). `activities`: WZ codes, or
    (scheme, code) pairs; they must exist (see `make_activities`)."""
    actor = Actor(
        name=name,
        kind=kind,
        slug=f"akteur-{uuid.uuid4().hex[:10]}",
        description=description,
        district=District.objects.get(ags=district) if district else None,
        growth_core=GrowthCore.objects.get(number=growth_core) if growth_core else None,
        municipality=municipality,
        postal_code=postal_code,
        size_class=size_class,
        status=status,
        is_demo=is_demo,
        **values,
    )
    actor.save()
    for order, item in enumerate(competences):
        item = {"text": item} if isinstance(item, str) else item
        competence = Competence.objects.create(
            actor=actor,
            kind=item.get("kind", CompetenceKind.PROCESS),
            text=item["text"],
            description=item.get("description", ""),
            keywords=item.get("keywords", []),
            order=order,
        )
        for number in item.get("topics", ()):
            CompetenceTopicArea.objects.create(
                competence=competence, lineage=uuid.UUID((topic_lineages or {})[number])
            )
    for item in activities:
        scheme, code = item if isinstance(item, tuple) else (ActivityScheme.WZ_2008, item)
        ActorActivity.objects.create(
            actor=actor, activity=EconomicActivity.objects.get(scheme=scheme, code=code)
        )
    if cluster is not None:
        ClusterMembership.objects.create(actor=actor, cluster=cluster)
    index_actor(actor)
    actor.save(update_fields=["search_name", "search_competences", "search_document"])
    return actor


def add_contact(
    actor: Actor,
    name: str,
    *,
    consent: bool = True,
    visibility: str = Visibility.PUBLIC,
    email: str = "",
    **values,
) -> ContactPerson:
    return ContactPerson.objects.create(
        actor=actor, name=name, consent=consent, visibility=visibility, email=email, **values
    )


def make_representative(user: User, actor: Actor) -> ActorRepresentative:
    link = ActorRepresentative.objects.create(actor=actor, user=user)
    forget_cached_permissions(user)
    return link
