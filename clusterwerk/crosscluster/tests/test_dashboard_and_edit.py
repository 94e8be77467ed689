"""The dashboard is for the cluster's management only and shows the figures per year that
the report section shows; a topic is changed only by its own cluster's management, exactly
as asked, and a bad topic area changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from clusterwerk.accounts.models import Role
from clusterwerk.actors.tests.conftest import topic_lineage
from clusterwerk.crosscluster import services
from clusterwerk.crosscluster.reporting import crosscluster_figures, crosscluster_sections
from clusterwerk.masterplan.models import Edition
from clusterwerk.projects.monitoring import build_report
from conftest import make_user

YEARS = [2022, 2023, 2024]


def test_the_dashboard_is_for_the_management_only(
    world, client, member, cluster_manager, other_cluster_manager
):
    url = reverse("crosscluster:dashboard") + "?jahr=2024"
    assert client.get(url).status_code == 403
    for user in (member, other_cluster_manager):
        client.force_login(user)
        assert client.get(url).status_code == 403
    partner_manager = make_user("b-mgmt@clusterwerk.test", world.b, Role.CLUSTER_MANAGER)
    client.force_login(partner_manager)
    assert client.get(url).status_code == 403
    assert client.get(f"/c/optik-photonik{reverse('crosscluster:dashboard')}").status_code == 200
    client.force_login(cluster_manager)
    response = client.get(url)
    assert response.status_code == 200
    assert "Cluster Optik und Photonik" in response.content.decode()


def test_the_figures_per_year_and_the_report_section_agree(world):
    figures = crosscluster_figures(world.a, YEARS)
    by_partner = {p.cluster.slug: p for p in figures.partners}
    assert sorted(by_partner) == ["energietechnik", "optik-photonik"]
    # A → B: pA1, pA4, pA3 (since 2023), the hidden pA5; B → A: pB1.
    assert by_partner["optik-photonik"].joint_projects == [0, 1, 5]
    assert by_partner["energietechnik"].joint_projects == [0, 0, 1]
    assert by_partner["optik-photonik"].events == [0, 0, 1]
    assert by_partner["energietechnik"].events == [0, 1, 0]
    assert figures.carried_out == [0, 1, 6]
    assert figures.carried_out_cross_cluster == [0, 1, 5]
    assert figures.shares == [None, 100.0, 83.3]
    assert figures.events == [0, 1, 2]
    assert figures.shared_listings_published == [0, 0, 2]
    assert figures.shared_listings_open == 1

    (section,) = crosscluster_sections(world.a, YEARS)
    assert section.key == "cross_cluster_partners"
    assert section.row("joint_projects_optik-photonik").values == [0, 1, 5]
    assert section.row("joint_projects_energietechnik").values == [0, 0, 1]
    assert section.row("events").values == figures.events
    assert section.row("carried_out_share").values == figures.shares
    # The share is the monitoring's.
    report = build_report(cluster=world.a, year=2024, user=None, full_access=True)
    assert report.section("cross_cluster").row("carried_out_share").values == figures.shares


def _snapshot(topic):
    topic.refresh_from_db()
    return (topic.description, list(topic.topic_lineages), list(topic.keywords))


def test_only_the_topics_own_management_changes_it(
    world, client, member, other_cluster_manager, cluster_manager
):
    topic = world.topic
    before = _snapshot(topic)
    edit = reverse("crosscluster:topic-edit", args=[topic.pk])
    data = {"description": "Neu", "topic_lineages": "", "keywords": "Sensorik"}
    partner_manager = make_user("b-mgmt@clusterwerk.test", world.b, Role.CLUSTER_MANAGER)
    for user, prefix, status in (
        (member, "", 403),
        (other_cluster_manager, "", 403),
        (other_cluster_manager, "/c/kunststoffe", 404),
        (partner_manager, "", 403),
        (partner_manager, "/c/optik-photonik", 403),
    ):
        client.force_login(user)
        assert client.get(prefix + edit).status_code == status, (user, prefix)
        assert client.post(prefix + edit, data).status_code == status, (user, prefix)
    client.logout()
    assert client.post(edit, data).status_code == 302  # to the login
    assert _snapshot(topic) == before
    with pytest.raises(PermissionDenied):
        services.update_topic(
            user=partner_manager,
            cluster=world.b,
            topic=topic,
            description="x",
            topic_lineages=[],
            keywords=[],
        )
    assert _snapshot(topic) == before

    client.force_login(cluster_manager)
    response = client.post(
        edit,
        {"description": "Laser in der Fertigung", "topic_lineages": "9.9", "keywords": "x"},
    )
    assert response.status_code == 400
    assert "Diese Themenbereiche gibt es im veröffentlichten Masterplan nicht: 9.9." in (
        response.content.decode()
    )
    assert "Laser in der Fertigung" in response.content.decode()  # nothing typed is lost
    assert _snapshot(topic) == before

    response = client.post(
        edit,
        {
            "description": "  Laser in der Fertigung  ",
            "topic_lineages": "4.4.2, 4.2.1",
            "keywords": "Laser, Sensorik, Laser",
        },
    )
    assert response.status_code == 302
    plan = Edition.objects.get(cluster=world.a)
    assert _snapshot(topic) == (
        "Laser in der Fertigung",
        [str(topic_lineage(plan, "4.2.1")), str(topic_lineage(plan, "4.4.2"))],
        ["Laser", "Sensorik"],
    )
    other = world.energy_topic
    other.refresh_from_db()
    assert other.keywords == ["Energieeffizienz"] and other.description == ""
    with pytest.raises(ValidationError) as error:
        services.update_topic(
            user=cluster_manager,
            cluster=world.a,
            topic=topic,
            description="x" * 3001,
            topic_lineages="4.4.2",
            keywords=["k"] * 1,
        )
    assert "description" in error.value.message_dict
