"""A cross-cluster world with known numbers.

Clusters: `cluster` (A, Metall, with a published plan SMALL_PLAN), B (Optik und Photonik, the
topic's partner) and C (Energietechnik, another partner of A). The topic "Laser für die
Materialbearbeitung" (A × B) is recognised by the keyword "Laser" and the topic area 4.4.2.

For an anonymous reader it holds (A | B):
  actors 3 | 2, projects 2 | 1, listings 2 | 1, events 2 | 1, foresight items 2 | 1.
Everything else in the world must not count (named `not_*` below with the reason).
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from clusterwerk.actors.models import ActorStatus, ClusterMembership, CompetenceKind
from clusterwerk.actors.tests.conftest import make_actor, topic_lineage
from clusterwerk.core.models import Cluster, CrossClusterTopic
from clusterwerk.events.models import EventFormat, EventStatus
from clusterwerk.events.tests.factories import make_event
from clusterwerk.foresight.models import Status
from clusterwerk.foresight.tests.factories import make_cycle, make_item
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.matchmaking.models import ListingStatus
from clusterwerk.matchmaking.tests.factories import make_listing
from clusterwerk.projects.models import Project, ProjectPhase
from clusterwerk.projects.services.projects import refresh_derived_flags

BERLIN = ZoneInfo("Europe/Berlin")
TECH = CompetenceKind.TECHNOLOGY


@dataclass
class World:
    a: Cluster
    b: Cluster
    c: Cluster
    topic: CrossClusterTopic
    energy_topic: CrossClusterTopic
    lineage: str  # 4.4.2 of A's plan
    objects: dict = field(default_factory=dict)


def _project(cluster, title, partners, *, year=2024, **values):
    project = Project.objects.create(
        cluster=cluster,
        title=title,
        phase=values.pop("phase", ProjectPhase.RUNNING),
        year_initiated=year,
        start_date=datetime.date(year, 3, 1),
        visibility=values.pop("visibility", "public"),
        **values,
    )
    project.partner_clusters.set(partners)
    refresh_derived_flags(project)
    return project


def _at(year, month, day):
    return datetime.datetime(year, month, day, 10, tzinfo=BERLIN)


def build_world(cluster) -> World:
    plan = make_edition(cluster)
    lineage = str(topic_lineage(plan, "4.4.2"))
    b = Cluster.objects.create(slug="optik-photonik", name="Cluster Optik und Photonik")
    c = Cluster.objects.create(slug="energietechnik", name="Cluster Energietechnik")
    topic = CrossClusterTopic.objects.create(
        cluster=cluster,
        partner_cluster=b,
        title="Laser für die Materialbearbeitung",
        order=1,
        topic_lineages=[lineage],
        keywords=["Laser"],
    )
    energy_topic = CrossClusterTopic.objects.create(
        cluster=cluster,
        partner_cluster=c,
        title="Energieeffizienz, Dekarbonisierung",
        order=1,
        keywords=["Energieeffizienz"],
    )
    world = World(cluster, b, c, topic, energy_topic, lineage)
    o = world.objects

    # Actors
    o["a1"] = make_actor(
        cluster, "Laserwerk Havel GmbH", competences=[("Laserschweißen", TECH, [])]
    )
    o["a2"] = make_actor(cluster, "Fräserei Prignitz", competences=[("Fräsen", TECH, [lineage])])
    o["not_a3"] = make_actor(cluster, "Gießerei Lausitz", competences=[("Gießen", TECH, [])])
    o["not_a4_draft"] = make_actor(
        cluster, "Entwurf Laser GmbH", status=ActorStatus.DRAFT, competences=[("Laser", TECH, [])]
    )
    o["b1"] = make_actor(b, "Photonik Adlershof", competences=[("Lasersysteme", TECH, [])])
    o["b2"] = make_actor(b, "Strahlquelle Berlin", competences=[("Laserstrahlquellen", TECH, [])])
    ClusterMembership.objects.create(actor=o["b2"], cluster=cluster)  # in A and B
    o["not_c1"] = make_actor(c, "Energie Laser AG", competences=[("Laser", TECH, [])])

    # Projects
    o["pA1"] = _project(cluster, "Laserbasierte Oberflächenbearbeitung", [b])
    o["pA4"] = _project(cluster, "Fügen von Mischverbindungen", [b])
    o["pA4"].topics.create(lineage=lineage, is_primary=True, assigned_by="manual")
    o["not_pA2_other_partner"] = _project(cluster, "Laserhärten im Kraftwerk", [c])
    o["not_pA3_no_match"] = _project(cluster, "Gießereisand", [b], year=2023)
    o["not_pA5_hidden"] = _project(
        cluster, "Laser vertraulich", [b], visibility="cluster_management"
    )
    o["not_pA6_single"] = _project(cluster, "Laser allein", [])
    o["pB1"] = _project(b, "Laser-Messtechnik für Schweißnähte", [cluster])

    # Listings
    published = _at(2024, 3, 1)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    o["lA1"] = make_listing(
        o["a1"], cluster=cluster, shared_with_other_clusters=True, published_at=published
    )
    o["lA2"] = make_listing(o["a1"], cluster=cluster, cross_cluster=True, title="Laserauftrag")
    o["not_lA3_expired"] = make_listing(
        o["a1"],
        cluster=cluster,
        shared_with_other_clusters=True,
        expires_on=yesterday,
        published_at=published,
    )
    o["not_lA4_draft"] = make_listing(
        o["a1"], cluster=cluster, shared_with_other_clusters=True, status=ListingStatus.DRAFT
    )
    o["not_lA5_not_shared"] = make_listing(o["a1"], cluster=cluster)
    o["lB1"] = make_listing(
        o["b1"],
        cluster=b,
        shared_with_other_clusters=True,
        is_anonymous=True,
        title="Laserquelle zur Mitnutzung",
    )

    # Events
    held = EventStatus.HELD
    o["eA1"] = make_event(
        cluster, title="Laser-Werkstattgespräch", status=held, starts_at=_at(2024, 5, 10)
    )
    o["eA1"].partner_clusters.set([b])
    o["eA2"] = make_event(
        cluster,
        title="Cross-Cluster-Camp 2024",
        description="Laser, Sensorik und Energie",
        format=EventFormat.CROSS_CLUSTER_CAMP,
        status=held,
        starts_at=_at(2024, 6, 12),
    )
    o["not_eA3_private"] = make_event(cluster, title="Laser intern", is_public=False)
    o["not_eA3_private"].partner_clusters.set([b])
    o["not_eA4_other_partner"] = make_event(
        cluster, title="Laser und Energie", status=held, starts_at=_at(2023, 9, 1)
    )
    o["not_eA4_other_partner"].partner_clusters.set([c])
    o["not_eA5_draft"] = make_event(cluster, title="Laser-Entwurf", status=EventStatus.DRAFT)
    o["not_eA5_draft"].partner_clusters.set([b])
    o["not_eA6_no_partner"] = make_event(cluster, title="Laser ohne Partner")
    o["eB1"] = make_event(b, title="Laser in der Praxis – Adlershof")
    o["eB1"].partner_clusters.set([cluster])

    # Foresight
    first = make_cycle(cluster, year=2023, slug="fs-2023", status=Status.PUBLISHED)
    later = make_cycle(cluster, year=2024, slug="fs-2024", status=Status.PUBLISHED)
    running = make_cycle(cluster, year=2025, slug="fs-2025", status=Status.RATING)
    o["not_iA1_old"] = make_item(first, "T-01", title="Ultrakurzpulslaser")
    o["iA1"] = make_item(
        later, "T-01", title="Ultrakurzpulslaser", lineage=o["not_iA1_old"].lineage
    )
    o["iA2"] = make_item(later, "T-02", title="Digitale Zwillinge", topics=[lineage])
    o["not_iA3"] = make_item(later, "T-03", title="Wasserstoff")
    o["not_iA4_unpublished"] = make_item(running, "T-01", title="Laserreinigung")
    cycle_b = make_cycle(b, year=2024, slug="fs-b-2024", status=Status.PUBLISHED)
    o["iB1"] = make_item(cycle_b, "P-01", title="Laserquellen der nächsten Generation")
    return world


EXPECTED = {
    "A": {"actors": 3, "projects": 2, "listings": 2, "events": 2, "foresight": 2},
    "B": {"actors": 2, "projects": 1, "listings": 1, "events": 1, "foresight": 1},
}


@pytest.fixture
def world(cluster):
    return build_world(cluster)
