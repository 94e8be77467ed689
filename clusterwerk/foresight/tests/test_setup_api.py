"""The cycles API: visible cycles with criteria (labelled scale), segments and rings; items
with topic areas and sources; the management's phase change – 4xx with German reasons, never
500, nothing written on a refusal."""

import json

import pytest
from django.test import Client

from clusterwerk.actors.tests.conftest import topic_lineage
from clusterwerk.foresight.models import Cycle, Source, SourceKind, Status
from clusterwerk.foresight.tests.factories import make_cycle, make_item, make_panellist

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
BASE = "/api/v1/foresight/cycles"


def logged_in(user, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def assert_error(response, status: int, *fragments: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    for fragment in fragments:
        assert fragment in json.dumps(body, ensure_ascii=False), body
    return body


def post_phase(client, slug, action):
    return client.post(
        f"{BASE}/{slug}/phase", json.dumps({"action": action}), content_type="application/json"
    )


def test_the_public_sees_published_cycles(cluster, cycle):
    make_cycle(cluster, year=2021, slug="foresight-2021", status=Status.PUBLISHED)
    response = Client().get(BASE)
    assert response.status_code == 200
    (item,) = response.json()
    assert item["slug"] == "foresight-2021" and item["status"] == "published"
    assert item["criteria"][0]["scale"][0] == {"value": 1, "label": "sehr gering"}
    assert len(item["segments"]) == 5 and len(item["rings"]) == 4
    assert_error(Client().get(f"{BASE}/{cycle.slug}"), 404, "Foresight-Zyklus")


def test_the_management_and_panellists_see_their_cycles(cycle, cluster_manager):
    assert [c["slug"] for c in logged_in(cluster_manager).get(BASE).json()] == [cycle.slug]
    seat = make_panellist(cycle, "p@panel.example")
    assert logged_in(seat.user).get(f"{BASE}/{cycle.slug}").json()["mode"] == "realtime"


def test_items_with_topics_and_sources(cycle, cluster_manager, plan):
    item = make_item(cycle, "W-01", title="Grüner Stahl", topics=[topic_lineage(plan, "4.4.2")])
    Source.objects.create(item=item, kind=SourceKind.LINK, title="L", url="https://example.org")
    document = Source.objects.create(
        item=item, kind=SourceKind.DOCUMENT, title="D", filename="d.pdf"
    )
    client = logged_in(cluster_manager)
    (row,) = client.get(f"{BASE}/{cycle.slug}/items").json()
    assert row["key"] == "W-01" and row["topic_areas"] == ["4.4.2"]
    assert row["segment"] == "Werkstoffe"
    assert row["sources"][0]["url"] == "https://example.org"
    assert row["sources"][1]["url"] == f"/foresight/{cycle.slug}/items/W-01/quellen/{document.pk}/"
    assert client.get(f"{BASE}/{cycle.slug}/items/W-01").json()["title"] == "Grüner Stahl"
    assert_error(client.get(f"{BASE}/{cycle.slug}/items/W-99"), 404, "Item")
    assert_error(Client().get(f"{BASE}/{cycle.slug}/items"), 404)


def test_phase_change(cluster, cluster_manager):
    draft = make_cycle(cluster, status=Status.PREPARATION, opened_at=None, slug="entwurf")
    client = logged_in(cluster_manager)
    body = assert_error(post_phase(client, "entwurf", "open"), 422, "Es gibt noch kein Item.")
    assert body
    assert Cycle.objects.get().status == Status.PREPARATION
    make_item(draft, "W-01")
    response = post_phase(client, "entwurf", "open")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "rating"
    assert response.json()["blockers"]["close"] == []
    assert_error(post_phase(client, "entwurf", "publish"), 403, "Bewertung läuft")


def test_phase_change_bad_input(cycle, cluster_manager):
    client = logged_in(cluster_manager)
    assert_error(post_phase(client, cycle.slug, "sprengen"), 422, "Unbekannter Schritt")
    response = client.post(f"{BASE}/{cycle.slug}/phase", "{kaputt", content_type="application/json")
    assert 400 <= response.status_code < 500
    response = client.post(
        f"{BASE}/{cycle.slug}/phase", json.dumps({"action": 5}), content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert Cycle.objects.get().status == Status.RATING


def test_phase_change_permissions(cycle, member, other_cluster_manager):
    assert_error(post_phase(Client(), cycle.slug, "close"), 401)
    assert_error(post_phase(logged_in(member), cycle.slug, "close"), 403, "Clustermanagement")
    assert_error(post_phase(logged_in(other_cluster_manager), cycle.slug, "close"), 403)
    seat = make_panellist(cycle, "p@panel.example")
    assert_error(post_phase(logged_in(seat.user), cycle.slug, "close"), 403)
    assert Cycle.objects.get().status == Status.RATING


def test_the_csrf_token_is_needed(cycle, cluster_manager):
    response = post_phase(logged_in(cluster_manager, csrf=True), cycle.slug, "close")
    assert response.status_code in (401, 403)
    assert Cycle.objects.get().status == Status.RATING


def test_the_openapi_document_has_the_foresight_schemas(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert {"ForesightCycleOut", "ForesightItemOut", "ForesightPhaseIn"} <= set(schemas)
