"""Cached public pages stay honest: a change through a service shows on the next request of the
cached page, for anonymous visitors (whole page) and logged-in readers (fragments); a fragment
of one visibility class is never served to another, and each language has its own.

The services bump the data versions at once and again on commit (`core.versions`); the tests
run the commit callbacks where the page is read after the commit."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from clusterwerk.actors import services as actor_services
from clusterwerk.actors.models import ActorStatus
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.core import versions
from clusterwerk.masterplan import services as masterplan_services
from clusterwerk.masterplan.models import EditionStatus, TopicArea
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.matchmaking import services as matchmaking_services
from clusterwerk.matchmaking.tests.factories import make_listing
from clusterwerk.participation.tests.moderation_support import comment_on, consultation_in, profile
from clusterwerk.projects import services as project_services
from clusterwerk.projects.models import AssignmentSource, Project, ProjectTopicArea
from clusterwerk.projects.tests.report_support import build_report_dataset

pytestmark = pytest.mark.django_db

TOKEN = re.compile(
    r"(?<=csrfmiddlewaretoken\" value=\")[A-Za-z0-9]{64}|(?<=X-CSRFToken\": \")[A-Za-z0-9]{64}"
)


@pytest.fixture
def plan(cluster):
    return make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)


@pytest.fixture
def lineage(plan):
    return TopicArea.objects.get(edition=plan, number="4.4.2").lineage


def topic_area_url():
    return reverse("portal:topic-area", args=["2020", "4.4.2"])


def page(client, url) -> str:
    """The page without its CSRF tokens (every answer has fresh ones)."""
    response = client.get(url)
    assert response.status_code == 200
    return TOKEN.sub("TOKEN", response.content.decode())


# --- Anonymous visitors get the whole page from the cache, with their own CSRF token -----------


def test_the_second_anonymous_request_comes_from_the_cache(client, plan, django_assert_num_queries):
    first = page(client, "/")
    with django_assert_num_queries(1):  # the request's default cluster; nothing else
        second = page(client, "/")
    assert second == first


def test_every_visitor_gets_a_working_csrf_token_of_their_own(cluster, plan):
    filler, visitor = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    filled = filler.get("/")
    served = visitor.get("/")
    assert served.content.count(b'name="csrfmiddlewaretoken"') == 1
    token = served.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert token not in filled.content.decode()
    assert settings.CSRF_COOKIE_NAME in served.cookies  # the visitor's own secret
    assert "\x00" not in served.content.decode()
    response = visitor.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302  # the token in the cached page is the visitor's


def test_messages_and_unknown_parameters_pass_the_cache_by(client, cluster, plan):
    page(client, "/akteure/karte/")
    stored = page(client, "/akteure/karte/?kind=company")
    assert page(client, "/akteure/karte/?kind=company") == stored
    first = client.get("/akteure/karte/?utm=1")
    assert first.status_code == 200
    # Not stored: a made-up parameter cannot fill the cache.
    key = versions.cache_key("page", cluster, [versions.ACTORS], "/akteure/karte/?utm=1", "GET")
    from django.core.cache import cache

    assert cache.get(key) is None


# --- One test per data area: a change through the service shows on the next request -----------


def test_masterplan_a_new_published_edition_shows_on_the_landing_page(
    client, cluster, plan, cluster_manager, django_capture_on_commit_callbacks
):
    assert "Masterplan 2020 lesen" in page(client, "/")
    manager = Client()
    manager.force_login(cluster_manager)
    assert "Masterplan 2020" in page(manager, "/")
    draft = make_edition(cluster, label="2030", status=EditionStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        masterplan_services.publish_edition(edition=draft, user=cluster_manager)
    assert "Masterplan 2030 lesen" in page(client, "/")
    assert "Masterplan 2030 lesen" in page(manager, "/")


def test_masterplan_an_edited_draft_element_shows_on_the_draft_pages(
    cluster, plan, cluster_manager, django_capture_on_commit_callbacks
):
    draft = make_edition(cluster, label="2030", status=EditionStatus.DRAFT)
    manager = Client()
    manager.force_login(cluster_manager)
    url = reverse("masterplan:edition", args=[draft.slug])
    topic_area = TopicArea.objects.get(edition=draft, number="4.4.2")
    assert topic_area.title in page(manager, url)
    with django_capture_on_commit_callbacks(execute=True):
        masterplan_services.update_element(
            element=topic_area,
            user=cluster_manager,
            expected_version=topic_area.version,
            values={"title": "Vernetzte Fertigung im Handwerk"},
        )
    assert "Vernetzte Fertigung im Handwerk" in page(manager, url)


def test_actors_an_archived_actor_leaves_the_topic_area_the_map_and_its_profile(
    client, member_client_factory, cluster, lineage, cluster_manager
):
    actor = make_actor(
        cluster, "Metallbau Havelland GmbH", competences=[("WIG", "process", [lineage])]
    )
    member = member_client_factory("member")
    profile_url = reverse("portal:actor-profile", args=[actor.pk, actor.slug])
    for reader in (client, member):
        assert "Metallbau Havelland GmbH" in page(reader, topic_area_url())
        assert "Metallbau Havelland GmbH" in page(reader, profile_url)
    map_before = page(client, "/akteure/karte/")
    actor_services.archive_actor(actor=actor, user=cluster_manager, cluster=cluster)
    assert actor.__class__.objects.get(pk=actor.pk).status == ActorStatus.ARCHIVED
    for reader in (client, member):
        assert "Metallbau Havelland GmbH" not in page(reader, topic_area_url())
        assert reader.get(profile_url).status_code in (404, 410)
    assert page(client, "/akteure/karte/") != map_before


def test_projects_a_renamed_project_shows_on_the_topic_area_and_in_the_report(
    client, member_client_factory, cluster, cluster_manager
):
    dataset = build_report_dataset(cluster)
    project = Project.objects.filter(cluster=cluster, visibility="public").first()
    lineage = TopicArea.objects.get(edition__cluster=cluster, number="4.4.2").lineage
    ProjectTopicArea.objects.get_or_create(
        project=project,
        lineage=lineage,
        defaults={"is_primary": False, "assigned_by": AssignmentSource.MANUAL},
    )
    versions.bump(versions.PROJECTS)  # the factory above writes past the services
    member = member_client_factory("member")
    for reader in (client, member):
        assert project.title in page(reader, topic_area_url())
        page(reader, reverse("portal:report", args=[2019]))
    project_services.update_project(
        project=project,
        user=cluster_manager,
        expected_version=project.version,
        data={"title": "Leichtbau Lausitz"},
    )
    for reader in (client, member):
        assert "Leichtbau Lausitz" in page(reader, topic_area_url())
    assert dataset is not None


def test_matchmaking_a_closed_listing_leaves_the_boerse(
    client, member_client_factory, cluster, plan, cluster_manager
):
    owner = make_actor(cluster, "Lausitzer Präzisionsteile GmbH", status=ActorStatus.PUBLISHED)
    listing = make_listing(owner, title="Partner für Laserschweißen gesucht")
    member = member_client_factory("member")
    for reader in (client, member):
        assert "Partner für Laserschweißen gesucht" in page(reader, "/kooperation/")
    matchmaking_services.close_listing(user=cluster_manager, listing=listing)
    for reader in (client, member):
        assert "Partner für Laserschweißen gesucht" not in page(reader, "/kooperation/")


def test_participation_a_comment_changes_the_participation_version(
    cluster, member, django_capture_on_commit_callbacks
):
    consultation = consultation_in(cluster)
    profile(member, "Schweißerin")
    before = versions.versions(cluster, [versions.PARTICIPATION])
    calls = []
    value = versions.get_or_set("test", cluster, [versions.PARTICIPATION], lambda: calls.append(1))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        comment_on(consultation, member)
    assert callbacks  # bumped again when the comment is committed
    assert versions.versions(cluster, [versions.PARTICIPATION]) != before
    versions.get_or_set("test", cluster, [versions.PARTICIPATION], lambda: calls.append(1))
    assert value is None and len(calls) == 2


def test_bulk_commands_bump_every_area_of_every_cluster(cluster, other_cluster):
    before = {pk: versions.versions(pk, versions.AREAS) for pk in (cluster.pk, other_cluster.pk)}
    call_command("load_reference_data", stdout=io.StringIO())
    for pk, old in before.items():
        new = versions.versions(pk, versions.AREAS)
        assert all(new[area] != old[area] for area in versions.AREAS)


# --- Visibility classes and languages ------------------------------------------------------


def test_a_fragment_for_the_management_is_not_served_to_a_member(
    member_client_factory, cluster, cluster_manager
):
    build_report_dataset(cluster)
    url = reverse("portal:report", args=[2019])
    pipeline = reverse("matchmaking:pipeline")
    manager = Client()
    manager.force_login(cluster_manager)
    assert pipeline in page(manager, url)  # the management's view of the report
    assert pipeline not in page(member_client_factory("member"), url)
    assert pipeline not in page(Client(), url)
    assert pipeline in page(manager, url)


def test_the_map_counts_drafts_for_the_management_only(
    client, member_client_factory, cluster, cluster_manager
):
    make_actor(cluster, "Entwurf GmbH", status=ActorStatus.DRAFT)
    manager = Client()
    manager.force_login(cluster_manager)
    managed = page(manager, "/akteure/karte/")
    assert page(member_client_factory("member"), "/akteure/karte/") != managed
    assert page(client, "/akteure/karte/") != managed


def test_the_language_switch_gives_the_other_language(client, cluster, plan):
    assert "Das Cluster in Zahlen" in page(client, "/")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = page(client, "/")
    assert '<html lang="en">' in english
    assert "Das Cluster in Zahlen" not in english
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert "Das Cluster in Zahlen" in page(client, "/")
