# ruff: noqa: F811 (fixtures from pages_support)
"""The events API: list with filters and counts, one event, create, change with version
(409), publish, cancel – and 4xx with a German reason for everything refused, never 500."""

import datetime
import json

import pytest
from django.test import Client

from clusterwerk.actors.tests.conftest import topic_lineage
from clusterwerk.events.models import Event, EventFormat, EventStatus, RegistrationStatus
from clusterwerk.events.tests.factories import BERLIN, make_event, make_registration
from clusterwerk.events.tests.pages_support import (  # noqa: F401
    chamber,
    chamber_user,
    day_in,
    districts,
    event_data,
    plan,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
BASE = "/api/v1/events/"


def logged_in(user, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def send(client, method: str, url: str, body=None):
    data = body if isinstance(body, str) else json.dumps(body if body is not None else {})
    return getattr(client, method)(url, data=data, content_type="application/json")


def assert_error(response, status: int, *fragments: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    for fragment in fragments:
        assert fragment in json.dumps(body, ensure_ascii=False), body
    return body


@pytest.fixture
def events(cluster, plan, districts):
    talk = make_event(
        cluster,
        title="Werkstattgespräch",
        district=districts["12052"],
        topics=[topic_lineage(plan, "4.4.2")],
        capacity=5,
    )
    make_registration(talk)
    make_registration(talk, status=RegistrationStatus.WAITLISTED)
    forum = make_event(cluster, title="Forum", format=EventFormat.FORUM)
    make_event(cluster, title="Entwurf", status=EventStatus.DRAFT)
    make_event(cluster, title="Intern", is_public=False)
    return {"talk": talk, "forum": forum}


def test_list_with_counts_and_filters(client, events):
    body = client.get(BASE).json()
    assert body["count"] == 2
    talk = next(item for item in body["items"] if item["title"] == "Werkstattgespräch")
    assert (talk["registered"], talk["capacity"], talk["waitlist"]) == (1, 5, 1)
    assert talk["topic_areas"] == ["4.4.2"] and talk["district"] == "12052"
    starts_at = datetime.datetime.fromisoformat(talk["starts_at"])
    assert starts_at == events["talk"].starts_at  # with the offset of Berlin on that day
    assert starts_at.utcoffset() == events["talk"].starts_at.astimezone(BERLIN).utcoffset()
    assert [i["title"] for i in client.get(BASE, {"format": "forum"}).json()["items"]] == ["Forum"]
    assert client.get(BASE, {"topic_area": "4.4.2"}).json()["count"] == 1
    assert client.get(BASE, {"district": "12052"}).json()["count"] == 1
    future = day_in(400).isoformat()
    assert client.get(BASE, {"from": future}).json()["count"] == 0
    assert client.get(BASE, {"limit": 1}).json()["count"] == 2
    assert len(client.get(BASE, {"limit": 1}).json()["items"]) == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"format": "party"}, "format"),
        ({"topic_area": "9.9.9"}, "topic_area"),
        ({"from": "gestern"}, "from"),
        ({"from": "2027-02-01", "to": "2027-01-01"}, "to"),
    ],
)
def test_bad_list_parameters_are_422(client, events, params, field):
    body = assert_error(client.get(BASE, params), 422)
    assert field in json.dumps(body["errors"])


def test_one_event_and_what_is_hidden(client, events, cluster, member):
    talk = events["talk"]
    body = client.get(f"{BASE}{talk.pk}").json()
    assert body["ticket_types"][0]["free"] == 4 and body["online_url"] is None
    intern = Event.objects.get(title="Intern")
    assert_error(client.get(f"{BASE}{intern.pk}"), 404)
    assert_error(client.get(f"{BASE}{Event.objects.get(title='Entwurf').pk}"), 404)
    assert logged_in(member).get(f"{BASE}{intern.pk}").status_code == 200
    assert_error(client.get(f"{BASE}999999"), 404)


def test_create_publish_cancel(cluster_manager, plan, districts, chamber):
    client = logged_in(cluster_manager)
    response = send(client, "post", BASE, event_data(co_organisers=[chamber.pk]))
    assert response.status_code == 201, response.content
    event = response.json()
    assert event["status"] == "draft" and event["version"] == 1
    assert event["co_organisers"][0]["name"] == chamber.name
    assert_error(send(client, "post", f"{BASE}{event['id']}/publish"), 422, "Kontingent")
    Event.objects.get(pk=event["id"]).ticket_types.create(name="Alle", capacity=10)
    published = send(client, "post", f"{BASE}{event['id']}/publish").json()
    assert published["status"] == "published"
    assert_error(send(client, "post", f"{BASE}{event['id']}/cancel", {"reason": " "}), 422, "Grund")
    cancelled = send(client, "post", f"{BASE}{event['id']}/cancel", {"reason": "Sturm"}).json()
    assert cancelled["status"] == "cancelled" and cancelled["cancellation_reason"] == "Sturm"
    assert cancelled["sequence"] == 1


def test_create_bad_input_is_422_by_field(cluster_manager, plan, districts):
    client = logged_in(cluster_manager)
    body = assert_error(
        send(client, "post", BASE, event_data(title="", starts_at="bald", topics=["1.1"])), 422
    )
    fields = json.dumps(body["errors"])
    assert "title" in fields and "starts_at" in fields and "topics" in fields
    assert_error(send(client, "post", BASE, {**event_data(), "unbekannt": 1}), 422)
    assert_error(send(client, "post", BASE, "kein json"), 400)
    assert not Event.objects.exists()


def test_patch_with_version_and_conflict(cluster_manager, events):
    client = logged_in(cluster_manager)
    talk = events["talk"]
    response = send(client, "patch", f"{BASE}{talk.pk}", {"version": 1, "title": "Neu"})
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Neu" and response.json()["version"] == 2
    body = assert_error(
        send(client, "patch", f"{BASE}{talk.pk}", {"version": 1, "title": "X"}), 409
    )
    assert body["version"] == 2 and body["current"]["title"] == "Neu"
    assert_error(send(client, "patch", f"{BASE}{talk.pk}", {"title": "ohne Version"}), 422)
    talk.refresh_from_db()
    assert talk.title == "Neu"


def test_permissions(client, events, member, chamber, chamber_user, other_cluster_manager):
    talk = events["talk"]
    assert_error(send(client, "post", BASE, event_data()), 401)
    assert_error(send(logged_in(member), "post", BASE, event_data()), 403, "Clustermanagement")
    assert_error(send(logged_in(member), "patch", f"{BASE}{talk.pk}", {"version": 1}), 403)
    assert_error(
        send(logged_in(other_cluster_manager), "post", f"{BASE}{talk.pk}/cancel", {"reason": "x"}),
        403,
    )
    talk.organisers.create(actor=chamber)
    kammer = logged_in(chamber_user)
    ok = send(kammer, "patch", f"{BASE}{talk.pk}", {"version": 1, "description": "Kammer"})
    assert ok.status_code == 200
    assert_error(
        send(kammer, "patch", f"{BASE}{talk.pk}", {"version": 2, "co_organisers": []}),
        403,
        "Mitveranstalter",
    )


def test_writes_need_the_csrf_token(cluster_manager, plan, districts):
    client = logged_in(cluster_manager, csrf=True)
    assert_error(send(client, "post", BASE, event_data()), 403)
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"starts_at": 12345},
        {"topics": 5},
        {"co_organisers": {"a": 1}},
        {"offer_hours": "viele"},
        {"is_public": []},
        {"series": []},
        {"district": {}},
        {"format": []},
        {"time_zone": 5},
        {"title": 5},
        {"starts_at": "9999-01-01T00:00"},
        {"starts_at": "2027-03-04T10:00+25:00"},
        {"online_url": "https://" + "x" * 600},
        {"registration_closes_at": "2020-01-01T00:00", "registration_opens_at": "2021-01-01"},
        {"partner_clusters": [1, 2]},
    ],
)
def test_odd_input_is_422_never_500(cluster, cluster_manager, plan, districts, payload):
    client = logged_in(cluster_manager)
    assert_error(send(client, "post", BASE, {**event_data(), **payload}), 422)
    event = make_event(cluster)
    assert_error(send(client, "patch", f"{BASE}{event.pk}", {"version": 1, **payload}), 422)
