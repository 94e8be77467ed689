"""The one search's page `/suche/` (full page and htmx partial) and `GET /api/search`."""

import pytest
from django.urls import reverse

from clusterwerk.actors.models import CompetenceKind
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.matchmaking.tests.factories import INSTITUTE_NAME, OWNER_NAME
from clusterwerk.portal.tests.search_support import (
    ANONYMOUS_LISTING,
    CONFIDENTIAL_PROJECT,
    OTHER_ACTOR,
    OTHER_LISTING,
    PUBLIC_PROJECT,
    build_search_world,
)

pytestmark = pytest.mark.django_db

URL = "/suche/"
API = "/api/search"


@pytest.fixture
def world(cluster, other_cluster):
    return build_search_world(cluster, other_cluster)


def test_the_address_and_the_menu_link(client, cluster):
    assert reverse("portal:search") == URL
    page = client.get("/").content.decode()
    assert f'href="{URL}"' in page


def test_without_a_query_the_page_shows_the_form_and_a_hint(client, cluster):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<form method="get" action="/suche/"' in page
    assert 'name="q"' in page
    assert "Geben Sie einen Begriff ein" in page
    assert "Treffer für" not in page


def test_laser_welding_lists_actors_and_listings_grouped_with_counts(client, world):
    response = client.get(URL, {"q": "Laserschweißen"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Suche nach „Laserschweißen“" in page  # the title
    assert "5 Treffer für „Laserschweißen“" in page
    assert 'href="#treffer-actors">Akteure: 1</a>' in page
    assert 'href="#treffer-listings">Inserate der Kooperationsbörse: 2</a>' in page
    assert "Masterplan: 0" in page
    assert INSTITUTE_NAME in page
    assert ANONYMOUS_LISTING in page
    assert PUBLIC_PROJECT in page
    assert "<mark>" in page
    # Anonymity, visibility and tenant on the page as in the search.
    assert OWNER_NAME not in page
    assert CONFIDENTIAL_PROJECT not in page
    assert OTHER_ACTOR not in page and OTHER_LISTING not in page
    # Each section's own search with the same words.
    assert 'href="/akteure/?q=Laserschwei%C3%9Fen"' in page
    assert 'href="/kooperation/?q=Laserschwei%C3%9Fen"' in page
    assert 'href="/projekte/?q=Laserschwei%C3%9Fen"' in page
    assert 'href="/masterplan/suche/?q=Laserschwei%C3%9Fen"' in page


def test_a_group_with_more_hits_than_shown_links_to_all_of_them(client, world, cluster):
    for number in range(6):
        make_actor(
            cluster,
            f"Laserbetrieb {number} GmbH",
            district=world.market.districts["12052"],
            competences=[("Laserschweißen", CompetenceKind.PROCESS, [])],
        )
    page = client.get(URL, {"q": "Laserschweißen"}).content.decode()
    assert page.count('<h4><a href="/akteure/') == 5
    assert "Alle 7 Treffer unter Akteure" in page
    assert "Weitersuchen unter Inserate der Kooperationsbörse" in page


def test_the_cluster_prefix_searches_that_cluster(client, world):
    response = client.get(f"/c/{world.other_cluster.slug}{URL}", {"q": "Laserschweißen"})
    page = response.content.decode()
    assert OTHER_ACTOR in page and OTHER_LISTING in page
    assert INSTITUTE_NAME not in page and ANONYMOUS_LISTING not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("und für", "„und für“ besteht nur aus Füllwörtern"),
        ("x", "Der Suchbegriff ist zu kurz"),
    ],
)
def test_a_query_of_stop_words_or_too_short_gets_a_german_message(client, world, query, message):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page
    assert "Treffer für" not in page


def test_htmx_gets_only_the_results(client, world):
    response = client.get(URL, {"q": "Laserschweißen"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and "<form" not in page
    assert "5 Treffer für „Laserschweißen“" in page
    assert INSTITUTE_NAME in page
    stop_words = client.get(URL, {"q": "und"}, HTTP_HX_REQUEST="true").content.decode()
    assert "nur aus Füllwörtern" in stop_words and "<html" not in stop_words


def test_htmx_restoring_the_history_gets_the_whole_page(client, world):
    response = client.get(
        URL,
        {"q": "Laserschweißen"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    page = response.content.decode()
    assert "<html" in page and "<form" in page and INSTITUTE_NAME in page


def test_the_form_asks_htmx_for_live_results(client, cluster):
    page = client.get(URL).content.decode()
    assert 'hx-get="/suche/"' in page
    assert 'hx-target="#search-results"' in page
    assert "input changed delay:400ms from:#id_q" in page


# --- API -------------------------------------------------------------------------------------


def test_api_answers_groups_with_counts(client, world):
    response = client.get(API, {"q": "Laserschweißen"})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "Laserschweißen"
    assert body["total"] == 5
    counts = {group["kind"]: group["count"] for group in body["groups"]}
    assert counts == {
        "masterplan": 0,
        "actors": 1,
        "projects": 1,
        "listings": 2,
        "consultations": 1,
    }
    actors = next(group for group in body["groups"] if group["kind"] == "actors")
    assert actors["label"] == "Akteure"
    assert actors["more_url"] == "/akteure/?q=Laserschwei%C3%9Fen"
    (item,) = actors["items"]
    assert item["title"] == INSTITUTE_NAME
    assert item["url"] == world.market.institute.get_absolute_url()
    assert "Laserstrahlschweißen" in item["snippet"] and "<mark>" not in item["snippet"]
    assert OWNER_NAME not in response.content.decode()
    assert CONFIDENTIAL_PROJECT not in response.content.decode()


def test_api_limit_caps_the_items_not_the_count(client, world):
    body = client.get(API, {"q": "Laserschweißen", "limit": 1}).json()
    listings = next(group for group in body["groups"] if group["kind"] == "listings")
    assert listings["count"] == 2
    assert len(listings["items"]) == 1


def test_api_keeps_the_owner_of_an_anonymous_listing_hidden(client, world, cluster_manager):
    body = client.get(API, {"q": "Laserschweißen Aluminium"}).json()
    assert OWNER_NAME not in str(body)
    client.force_login(cluster_manager)
    body = client.get(API, {"q": "Laserschweißen Aluminium"}).json()
    listings = next(group for group in body["groups"] if group["kind"] == "listings")
    assert [item["title"] for item in listings["items"]] == [ANONYMOUS_LISTING]


def test_api_searches_the_cluster_of_the_prefix(client, world):
    body = client.get(f"/c/{world.other_cluster.slug}{API}", {"q": "Laserschweißen"}).json()
    actors = next(group for group in body["groups"] if group["kind"] == "actors")
    assert [item["title"] for item in actors["items"]] == [OTHER_ACTOR]


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"q": "und für die"}, "nur aus Füllwörtern"),
        ({"q": "x"}, "Der Suchbegriff ist zu kurz"),
        ({"q": ""}, "Der Suchbegriff ist zu kurz"),
        ({}, "q: Angabe fehlt"),
        ({"q": "Laser", "limit": "0"}, "limit: muss mindestens 1 sein"),
        ({"q": "Laser", "limit": "abc"}, "limit: muss eine ganze Zahl sein"),
        ({"q": "Laser" * 50}, "q: ist zu lang"),
    ],
)
def test_api_refuses_bad_queries_with_422_and_a_german_reason(client, cluster, params, reason):
    response = client.get(API, params)
    assert response.status_code == 422
    assert reason in response.json()["detail"]


def test_api_is_throttled_for_anonymous_callers(client, world):
    statuses = [client.get(API, {"q": "Laser"}).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    assert "Zu viele Anfragen" in client.get(API, {"q": "Laser"}).json()["detail"]


def test_api_is_documented_at_exactly_api_search(client, cluster):
    paths = client.get("/api/openapi.json").json()["paths"]
    operation = paths["/api/search"]["get"]
    assert {"200", "422", "429"} <= set(operation["responses"])
    assert {parameter["name"] for parameter in operation["parameters"]} == {"q", "limit"}
