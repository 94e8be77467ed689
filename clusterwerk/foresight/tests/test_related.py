"""Items and the rest of the platform by topic area: the fact sheet's related lists (only what
the viewer may see) and a topic area's items (latest published row per lineage)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clusterwerk.actors.models import ActorStatus, Visibility
from clusterwerk.actors.tests.conftest import make_actor, topic_lineage
from clusterwerk.events.models import EventStatus
from clusterwerk.events.tests.factories import make_event
from clusterwerk.foresight.models import Status
from clusterwerk.foresight.related import items_for_topic, related_for_item
from clusterwerk.foresight.tests.factories import make_cycle, make_item
from clusterwerk.masterplan.queries import clear_topic_catalogues
from clusterwerk.matchmaking.models import ListingStatus
from clusterwerk.matchmaking.tests.factories import make_listing
from clusterwerk.projects.tests.report_support import make_project


@pytest.fixture
def published(cluster, plan):
    return make_cycle(cluster, status=Status.PUBLISHED, year=2021, slug="foresight-2021")


@pytest.fixture
def world(cluster, other_cluster, plan, published):
    lineage = topic_lineage(plan, "4.4.2")
    item = make_item(published, "W-02", title="Laserschweißen", topics=[lineage])
    actor = make_actor(
        cluster, "Laser GmbH", competences=[("Laserschweißen", "process", [lineage])]
    )
    make_actor(
        cluster,
        "Entwurf GmbH",
        status=ActorStatus.DRAFT,
        competences=[("Laser", "process", [lineage])],
    )
    public = make_project(
        cluster,
        "Laser öffentlich",
        year_initiated=2021,
        visibility=Visibility.PUBLIC,
        primary_topic=lineage,
    )
    members_only = make_project(
        cluster,
        "Laser intern",
        year_initiated=2020,
        visibility=Visibility.MEMBERS,
        primary_topic=lineage,
    )
    make_project(
        other_cluster,
        "Fremd",
        year_initiated=2020,
        visibility=Visibility.PUBLIC,
        primary_topic=lineage,
    )
    event = make_event(cluster, title="Werkstattgespräch Laser", topics=[lineage])
    make_event(cluster, title="Entwurf Laser", topics=[lineage], status=EventStatus.DRAFT)
    listing = make_listing(actor, topics=["4.4.2"])
    make_listing(actor, topics=["4.4.2"], title="Entwurf", status=ListingStatus.DRAFT)
    return {
        "item": item,
        "actor": actor,
        "public": public,
        "members_only": members_only,
        "event": event,
        "listing": listing,
    }


def test_public_sees_the_public_things(world):
    related = related_for_item(world["item"])
    [topic] = related.topic_areas
    assert topic.number == "4.4.2" and topic.title and topic.url
    assert related.projects == [world["public"]]
    assert related.events == [world["event"]]
    assert related.listings == [world["listing"]]
    assert related.actors == [world["actor"]]


def test_members_see_members_only_projects(world, member):
    related = related_for_item(world["item"], member)
    assert set(related.projects) == {world["public"], world["members_only"]}


def test_no_drafts_even_for_the_management(world, cluster_manager):
    related = related_for_item(world["item"], cluster_manager)
    assert related.events == [world["event"]]
    assert related.listings == [world["listing"]]


def test_item_without_topic_areas_has_nothing(published):
    related = related_for_item(make_item(published, "W-09"))
    assert related.topic_areas == [] and related.projects == [] and related.is_empty


def test_related_costs_a_constant_number_of_queries(world, published, plan, cluster):
    lineage = topic_lineage(plan, "4.4.2")
    clear_topic_catalogues()
    with CaptureQueriesContext(connection) as few:
        related_for_item(world["item"])
    for number in range(5):
        make_project(
            cluster,
            f"Mehr {number}",
            year_initiated=2019,
            visibility=Visibility.PUBLIC,
            primary_topic=lineage,
        )
        make_actor(cluster, f"Mehr {number} GmbH", competences=[("x", "process", [lineage])])
    clear_topic_catalogues()
    with CaptureQueriesContext(connection) as many:
        related = related_for_item(world["item"])
    assert len(related.projects) == 6
    assert len(few) == len(many)


def test_items_for_topic_latest_published_row_per_lineage(cluster, other_cluster, plan):
    lineage = topic_lineage(plan, "4.2.1")
    old = make_cycle(cluster, status=Status.PUBLISHED, year=2019, slug="foresight-2019")
    new = make_cycle(
        cluster,
        status=Status.PUBLISHED,
        year=2021,
        slug="foresight-2021",
        published_at=timezone.now(),
    )
    running = make_cycle(cluster, status=Status.RATING, year=2023, slug="foresight-2023")
    carried = make_item(old, "W-01", title="Wasserstoff 2019", topics=[lineage])
    current = make_item(
        new, "W-01", title="Wasserstoff 2021", lineage=carried.lineage, topics=[lineage]
    )
    make_item(running, "W-01", title="Wasserstoff 2023", lineage=carried.lineage, topics=[lineage])
    dropped = make_item(old, "W-02", title="Nur 2019", topics=[lineage])
    moved = make_item(old, "W-03", title="Früher hier", topics=[lineage])
    make_item(new, "W-03", title="Jetzt woanders", lineage=moved.lineage)
    foreign = make_cycle(other_cluster, status=Status.PUBLISHED, year=2021, slug="fremd")
    make_item(foreign, "K-01", topics=[lineage])
    assert items_for_topic(cluster, lineage) == [current, dropped]
    assert items_for_topic(cluster, topic_lineage(plan, "6.3.2")) == []


def test_items_for_topic_ignores_unpublished_cycles(cluster, plan):
    lineage = topic_lineage(plan, "4.2.1")
    running = make_cycle(cluster, status=Status.EVALUATION, year=2023, slug="foresight-2023")
    make_item(running, "W-01", topics=[lineage])
    assert items_for_topic(cluster, lineage) == []


def test_event_in_the_past_is_still_related(world, cluster, plan):
    lineage = topic_lineage(plan, "4.4.2")
    past = make_event(
        cluster,
        title="Vergangen",
        topics=[lineage],
        starts_at=timezone.now() - datetime.timedelta(days=60),
    )
    assert past in related_for_item(world["item"]).events
