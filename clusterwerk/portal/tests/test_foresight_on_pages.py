"""The foresight on the portal's pages: a topic area's page lists the published items tagged
to it (a fact sheet link; unpublished cycles stay hidden, a new publication shows at once
despite the page cache), and "Mein Bereich" shows a panellist's open items."""

import pytest
from django.urls import reverse

from clusterwerk.foresight.models import Status
from clusterwerk.foresight.services import cycles as cycle_services
from clusterwerk.foresight.tests.factories import make_cycle, make_item, make_panellist, rate
from clusterwerk.masterplan.models import EditionStatus, TopicArea
from clusterwerk.masterplan.tests.factories import make_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cluster):
    return make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)


@pytest.fixture
def lineage(plan):
    return TopicArea.objects.get(edition=plan, number="4.4.2").lineage


def topic_url():
    return reverse("portal:topic-area", args=["2020", "4.4.2"])


def test_the_topic_area_lists_published_items_only(client, cluster, lineage):
    published = make_cycle(cluster, year=2021, status=Status.PUBLISHED)
    make_item(published, "W-07", title="Grüner Stahl", topics=[lineage])
    rating = make_cycle(cluster, year=2022, slug="foresight-2022")
    make_item(rating, "W-30", title="Geheimes Zukunftsthema", topics=[lineage])
    body = client.get(topic_url()).content.decode()
    assert "W-07 Grüner Stahl" in body
    assert reverse("foresight:item", args=[published.slug, "W-07"]) in body
    assert "Geheimes Zukunftsthema" not in body


def test_a_publication_shows_on_the_cached_topic_page_at_once(
    client, cluster, lineage, cluster_manager
):
    cycle = make_cycle(cluster, year=2021, status=Status.EVALUATION)
    make_item(cycle, "W-07", title="Grüner Stahl", topics=[lineage])
    assert "Grüner Stahl" not in client.get(topic_url()).content.decode()
    cycle_services.publish(user=cluster_manager, cycle=cycle)
    assert "Grüner Stahl" in client.get(topic_url()).content.decode()


def test_my_area_shows_the_open_items_of_my_panel_seat(client, cluster):
    cycle = make_cycle(cluster, year=2021)
    first = make_item(cycle, "W-01")
    make_item(cycle, "W-02")
    seat = make_panellist(cycle, "expertin@panel.example")
    rate(seat, first, {"impact": 4})
    client.force_login(seat.user)
    body = client.get(reverse("portal:my-area")).content.decode()
    assert "Markt- und Technologievorausschau" in body
    assert "1 Item offen" in body
    assert reverse("foresight:rate", args=[cycle.slug]) in body
    data = client.get("/api/v1/me/dashboard").json()
    assert data["foresight"][0]["title"] == cycle.title


def test_a_closed_cycle_is_no_longer_in_my_area(client, cluster):
    cycle = make_cycle(cluster, year=2021, status=Status.EVALUATION)
    seat = make_panellist(cycle, "expertin@panel.example")
    client.force_login(seat.user)
    assert client.get("/api/v1/me/dashboard").json()["foresight"] == []
