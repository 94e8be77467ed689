"""The conversation in the REST API: the thread with consented contacts only, a message, the
outcome; 401 without a login, 404 for outsiders and in another cluster, 403 for the cluster
management writing, 422 with German reasons – never a 500."""

import json

import pytest
from django.test import Client

from clusterwerk.matchmaking.models import InterestStatus, Message
from clusterwerk.matchmaking.services import conversations as services
from clusterwerk.matchmaking.tests.conversation_support import accepted_thread, add_contacts
from clusterwerk.matchmaking.tests.factories import make_market

BASE = "/api/v1/matchmaking/conversations"


@pytest.fixture
def thread(cluster):
    market = make_market(cluster)
    add_contacts(market)
    return accepted_thread(market)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post(client, url, body):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json")


def test_the_thread_with_consented_contacts(thread):
    services.send_message(
        user=thread.partner_user,
        cluster=thread.market.cluster,
        interest=thread.interest,
        body="Hallo",
    )
    client = client_for(thread.owner_user)
    body = client.get(f"{BASE}/{thread.interest.pk}").json()
    assert body["can_write"] is True and body["unread"] == 1
    [contact] = body["contacts"]
    assert contact["organisation"] == "Institut für Fügetechnik Cottbus"
    assert [person["name"] for person in contact["persons"]] == ["Dr. Ines Naht"]
    assert contact["general_email"] == ""
    [message] = body["messages"]
    assert message["body"] == "Hallo" and message["author"] == "Ingo Igel"
    assert client.get(f"{BASE}/{thread.interest.pk}").json()["unread"] == 0  # read now


def test_writing_a_message_and_the_outcome(thread):
    client = client_for(thread.partner_user)
    response = post(client, f"{BASE}/{thread.interest.pk}/messages", {"body": "Per API"})
    assert response.status_code == 201, response.content
    assert response.json()["organisation"] == "Institut für Fügetechnik Cottbus"
    assert Message.objects.get().body == "Per API"
    response = post(client, f"{BASE}/{thread.interest.pk}/outcome", {"outcome": "project_idea"})
    assert response.status_code == 200 and response.json()["outcome"] == "project_idea"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"body": ""}, 422),
        ({"body": "x" * 4001}, 422),
        ({"body": "a\x00b"}, 422),
        ({"body": "ok", "extra": 1}, 422),
        ("kein json", 400),
        ({"body": "   "}, 422),
    ],
)
def test_bad_messages_are_422(thread, body, status):
    response = post(client_for(thread.partner_user), f"{BASE}/{thread.interest.pk}/messages", body)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert not Message.objects.exists()


def test_an_unknown_outcome_is_422(thread):
    response = post(
        client_for(thread.owner_user), f"{BASE}/{thread.interest.pk}/outcome", {"outcome": "x"}
    )
    assert response.status_code == 422


def test_who_gets_what(thread, cluster_manager, other_cluster_manager, other_cluster):
    url = f"{BASE}/{thread.interest.pk}"
    assert client_for(None).get(url).status_code == 401
    assert client_for(thread.market.supplier_user).get(url).status_code == 404
    assert client_for(other_cluster_manager).get(url).status_code == 404
    assert client_for(thread.owner_user).get(f"/c/kunststoffe/api{url[4:]}").status_code == 404
    assert client_for(cluster_manager).get(url).status_code == 200
    response = post(client_for(cluster_manager), f"{url}/messages", {"body": "Hallo"})
    assert response.status_code == 403
    assert "Beteiligten" in response.json()["detail"]
    assert client_for(thread.owner_user).get(f"{BASE}/999999").status_code == 404


def test_a_declined_interest_has_no_conversation(thread):
    type(thread.interest).objects.filter(pk=thread.interest.pk).update(
        status=InterestStatus.DECLINED
    )
    client = client_for(thread.partner_user)
    assert client.get(f"{BASE}/{thread.interest.pk}").status_code == 404
    response = post(client, f"{BASE}/{thread.interest.pk}/messages", {"body": "Hallo"})
    assert response.status_code == 404
