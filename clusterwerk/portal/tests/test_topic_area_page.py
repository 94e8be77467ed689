"""The topic area's page, composed from the plan (masterplan), the actors with a competence
tagged to it (actors) and its projects (projects), for the request's cluster."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterwerk.actors.models import Visibility
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.core import versions
from clusterwerk.masterplan.models import EditionStatus, TopicArea
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.projects.models import AssignmentSource, Project, ProjectTopicArea

pytestmark = pytest.mark.django_db


def topic_area_url(*args):
    return reverse("portal:topic-area", args=args)


@pytest.fixture
def plan(cluster):
    return make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)


@pytest.fixture
def lineage(plan):
    return TopicArea.objects.get(edition=plan, number="4.4.2").lineage


def make_project(cluster, lineage, title, *, visibility=Visibility.PUBLIC):
    project = Project.objects.create(cluster=cluster, title=title, visibility=visibility)
    ProjectTopicArea.objects.create(
        project=project, lineage=lineage, is_primary=True, assigned_by=AssignmentSource.MANUAL
    )
    return project


def test_the_page_shows_the_plans_text(client, plan):
    response = client.get(topic_area_url("2020", "4.2.1"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Produkte mit besseren Eigenschaften, vor allem durch Leichtbau." in content
    assert "Leichtbaulösungen sind in vielen Branchen gefragt." in content
    assert client.get(topic_area_url("2020", "9.9.9")).status_code == 404
    assert client.get(topic_area_url("1999", "4.2.1")).status_code == 404


def test_the_page_lists_the_actors_and_the_visible_projects(
    client, member_client_factory, cluster, plan, lineage
):
    make_actor(cluster, "Metallbau Havelland GmbH", competences=[("WIG", "process", [lineage])])
    make_actor(cluster, "Lausitzer Präzisionsteile GmbH", competences=[("CNC", "process", [])])
    make_project(cluster, lineage, "Offenes Vorhaben")
    make_project(cluster, lineage, "Vorhaben für Mitglieder", visibility=Visibility.MEMBERS)
    url = topic_area_url("2020", "4.4.2")

    page = member_client_factory("member").get(url).content.decode()
    assert "Metallbau Havelland GmbH" in page
    assert "Lausitzer Präzisionsteile GmbH" not in page
    assert "?topic=4.4.2" in page
    assert "Offenes Vorhaben" in page and "Vorhaben für Mitglieder" in page

    public = client.get(url).content.decode()
    assert "Offenes Vorhaben" in public and "Vorhaben für Mitglieder" not in public
    other = member_client_factory("other_cluster_member").get(url).content.decode()
    assert "Offenes Vorhaben" in other and "Vorhaben für Mitglieder" not in other


def test_the_query_count_does_not_grow_with_actors_and_projects(client, cluster, plan, lineage):
    url = topic_area_url("2020", "4.4.2")
    make_actor(cluster, "Erster Betrieb", competences=[("WIG", "process", [lineage])])
    make_project(cluster, lineage, "Erstes Vorhaben")
    client.get(url)  # warm the session and the caches
    # The factories write past the services: say that the data changed, so that both counts
    # are of a page computed afresh (not from the cache).
    versions.bump(versions.ACTORS, versions.PROJECTS)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(2, 8):
        make_actor(cluster, f"Betrieb {number}", competences=[("WIG", "process", [lineage])])
        make_project(cluster, lineage, f"Vorhaben {number}")
    versions.bump(versions.ACTORS, versions.PROJECTS)
    with CaptureQueriesContext(connection) as many:
        content = client.get(url).content.decode()
    assert "Betrieb 7" in content and "Vorhaben 7" in content
    assert len(many) == len(few)
    # 10, three for the events panel (counts, upcoming, past), one for the innovation prize,
    # one for the foresight items
    assert len(many) <= 15


def test_the_page_serves_the_requests_cluster(client, cluster, other_cluster, plan):
    # cluster B has no edition "2020": its tenant does not show A's
    assert client.get(f"/c/kunststoffe{topic_area_url('2020', '4.4.2')}").status_code == 404
    other = make_edition(other_cluster, label="2020", status=EditionStatus.PUBLISHED)
    response = client.get("/c/kunststoffe/masterplan/2020/themenbereich/4.4.2/")
    assert response.status_code == 200
    assert response.context["element"].edition == other
    assert 'href="/c/kunststoffe/masterplan/2020/eckpunkt/4.4/"' in response.content.decode()


def test_the_old_url_redirects(client, plan):
    response = client.get("/masterplan/metall/2020/themenbereich/4.4.2/")
    assert response.status_code == 301
    assert response["Location"] == topic_area_url("2020", "4.4.2")


def test_drafts_are_for_management_and_board_only(client, member_client_factory, plan):
    make_edition(plan.cluster, label="2026", status=EditionStatus.DRAFT)
    url = topic_area_url("2026", "4.4.2")
    assert client.get(url).status_code == 404
    for persona in ("member", "other_cluster_manager", "other_cluster_member"):
        assert member_client_factory(persona).get(url).status_code == 404
    for persona in ("cluster_manager", "board_member"):
        assert member_client_factory(persona).get(url).status_code == 200
