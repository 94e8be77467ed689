"""Fixtures for actor tests: a few real districts, WZ codes, a published plan and two actors
with contacts of every visibility."""

import pytest
from django.utils.text import slugify

from clusterwerk.accounts.models import Role
from clusterwerk.actors.indexing import index_actor
from clusterwerk.actors.models import (
    ActivityScheme,
    Actor,
    ActorKind,
    ActorRepresentative,
    ClusterMembership,
    Competence,
    CompetenceTopicArea,
    ContactPerson,
    District,
    DistrictKind,
    EconomicActivity,
    GrowthCore,
    GrowthCoreMunicipality,
    Visibility,
)
from clusterwerk.masterplan.models import EditionStatus, TopicArea
from clusterwerk.masterplan.tests.factories import make_edition
from conftest import make_user

DISTRICTS = [
    ("12069", "Potsdam-Mittelmark", DistrictKind.RURAL_DISTRICT, "DE40E", 52.23, 12.56),
    ("12054", "Potsdam", DistrictKind.URBAN_DISTRICT, "DE404", 52.40, 13.03),
    ("12052", "Cottbus", DistrictKind.URBAN_DISTRICT, "DE402", 51.77, 14.33),
    ("11000", "Berlin", DistrictKind.URBAN_DISTRICT, "DE300", 52.50, 13.40),
]


@pytest.fixture
def districts(db):
    rows = {}
    for ags, name, kind, nuts3, lat, lon in DISTRICTS:
        rows[ags] = District.objects.create(
            ags=ags,
            name=name,
            kind=kind,
            nuts3=nuts3,
            state="Berlin" if ags == "11000" else "Brandenburg",
            centroid_latitude=lat,
            centroid_longitude=lon,
        )
    core = GrowthCore.objects.create(number=2, name="Cottbus", metall_focus=True)
    GrowthCoreMunicipality.objects.create(
        growth_core=core, name="Cottbus", ags="12052000", district=rows["12052"]
    )
    return rows


@pytest.fixture
def wz_codes(db):
    return {
        code: EconomicActivity.objects.create(
            scheme=ActivityScheme.WZ_2008, code=code, title=title, is_cluster_core=True
        )
        for code, title in [("25", "Herstellung von Metallerzeugnissen"), ("28", "Maschinenbau")]
    }


@pytest.fixture
def plan(cluster):
    """The published masterplan edition (small plan with 4.2.1, 4.4.2, …)."""
    return make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)


def topic_lineage(edition, number):
    return TopicArea.objects.get(edition=edition, number=number).lineage


def make_actor(cluster, name, *, kind=ActorKind.COMPANY, district=None, competences=(), **fields):
    actor = Actor.objects.create(
        name=name,
        kind=kind,
        slug=fields.pop("slug", None) or slugify(name),
        district=district,
        **fields,
    )
    ClusterMembership.objects.create(actor=actor, cluster=cluster)
    for order, (text, kind_value, lineages) in enumerate(competences):
        competence = Competence.objects.create(actor=actor, kind=kind_value, text=text, order=order)
        for lineage in lineages:
            CompetenceTopicArea.objects.create(competence=competence, lineage=lineage)
    index_actor(actor)
    actor.save()
    return actor


@pytest.fixture
def actor_a(cluster, districts, plan):
    actor = make_actor(
        cluster,
        "Metallbau Havelland GmbH",
        district=districts["12069"],
        postal_code="14542",
        municipality="Werder (Havel)",
        description="Stahl- und Metallbau für Industrie und Handwerk.",
        competences=[
            ("WIG-Schweißen von Edelstahl", "process", [topic_lineage(plan, "4.4.2")]),
            ("Pulverbeschichtung", "process", []),
        ],
    )
    for name, visibility, consent in [
        ("Paula Public", Visibility.PUBLIC, True),
        ("Mira Members", Visibility.MEMBERS, True),
        ("Clara Management", Visibility.CLUSTER_MANAGEMENT, True),
        ("Nina Noconsent", Visibility.PUBLIC, False),
    ]:
        ContactPerson.objects.create(
            actor=actor,
            name=name,
            email=f"{name.split()[0].lower()}@example.org",
            visibility=visibility,
            consent=consent,
        )
    return actor


@pytest.fixture
def actor_b(cluster, districts):
    return make_actor(
        cluster,
        "Lausitzer Präzisionsteile GmbH",
        district=districts["12052"],
        postal_code="03046",
        municipality="Cottbus",
        competences=[("CNC-Fräsen", "process", [])],
    )


@pytest.fixture
def representative(cluster, actor_a):
    """A member of the cluster who represents actor A (and only A)."""
    user = make_user("vertretung@clusterwerk.test", cluster, Role.MEMBER, first_name="Rita")
    ActorRepresentative.objects.create(actor=actor_a, user=user)
    return user
