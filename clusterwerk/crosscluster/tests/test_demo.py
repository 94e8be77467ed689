"""The cross-cluster demo: partner memberships, two cross-cluster projects, the camp and a
shared listing, all marked as demo, written once however often it runs; the topic pages then
show them."""

from django.contrib.auth.models import AnonymousUser

from clusterwerk.actors.models import ClusterMembership
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.core.models import Cluster, CrossClusterTopic
from clusterwerk.crosscluster.demo import seed_crosscluster
from clusterwerk.crosscluster.topics import topic_content
from clusterwerk.events.models import Event, EventFormat
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.matchmaking.models import Listing
from clusterwerk.projects.models import Project

PARTNERS = {
    "optik-photonik": ("Cluster Optik und Photonik", ["Laser für die Materialbearbeitung"]),
    "energietechnik": (
        "Cluster Energietechnik",
        [
            "Materialien und Technologien für neue Anwendungsfälle, z. B. bei erneuerbaren "
            "Energien und Recycling"
        ],
    ),
    "kunststoffe-chemie": ("Cluster Kunststoffe und Chemie", ["Leichtbau/Verbundwerkstoffe"]),
}


def test_the_demo_is_written_once_and_shows_on_the_topic_pages(cluster):
    make_edition(cluster)
    for slug, (name, titles) in PARTNERS.items():
        partner = Cluster.objects.create(slug=slug, name=name)
        for order, title in enumerate(titles):
            CrossClusterTopic.objects.create(
                cluster=cluster, partner_cluster=partner, title=title, order=order
            )
    for number in range(1, 11):
        make_actor(
            cluster,
            f"Demo-Metallbetrieb {number:02d}",
            is_demo=True,
            external_id=f"demo:{number:04d}",
        )

    first = seed_crosscluster(cluster)
    counts = (
        ClusterMembership.objects.count(),
        Project.objects.count(),
        Event.objects.count(),
        Listing.objects.count(),
    )
    second = seed_crosscluster(cluster)
    assert counts == (
        ClusterMembership.objects.count(),
        Project.objects.count(),
        Event.objects.count(),
        Listing.objects.count(),
    )
    assert first.memberships == 8 and second.memberships == 0
    assert not first.skipped

    projects = Project.objects.filter(cluster=cluster)
    assert projects.count() == 2
    assert all(p.is_demo and p.is_cross_cluster for p in projects)
    assert {c.slug for p in projects for c in p.partner_clusters.all()} == {
        "optik-photonik",
        "energietechnik",
    }
    camp = Event.objects.get(format=EventFormat.CROSS_CLUSTER_CAMP)
    assert camp.is_demo and camp.is_public
    assert {c.slug for c in camp.partner_clusters.all()} == set(PARTNERS)
    listing = Listing.objects.get()
    assert listing.is_demo and listing.shared_with_other_clusters and listing.is_open

    laser = CrossClusterTopic.objects.get(title="Laser für die Materialbearbeitung")
    assert laser.keywords == ["Laser", "Materialbearbeitung"]
    content = topic_content(AnonymousUser(), laser)
    assert [e.title for e in content.sides[0].entries["projects"]] == [
        "LaserFinish – laserbasierte Oberflächenbearbeitung von Metallbauteilen"
    ]
    assert content.sides[0].counts["events"] == 1
    hybrid = CrossClusterTopic.objects.get(title="Leichtbau/Verbundwerkstoffe")
    sides = topic_content(AnonymousUser(), hybrid).sides
    assert sides[0].counts["listings"] == 1 and sides[0].counts["events"] == 1
