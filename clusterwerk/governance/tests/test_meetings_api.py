"""The meetings' API: members only, the answer, published decisions, action items with the
overdue filter and the status with version; another cluster's objects are 404."""

import datetime
import json

from django.test import Client
from django.utils import timezone

from clusterwerk.governance.models import ActionItem, ActionStatus, Response
from clusterwerk.governance.tests.factories import make_action_item, make_decision, make_meeting

API = "/api/v1/governance"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def test_meetings_and_answer(client, cluster_manager, body, body_members, meeting, outsider):
    assert client.get(f"{API}/bodies/beirat/meetings").status_code == 401
    manager = _client(cluster_manager)
    rows = manager.get(f"{API}/bodies/beirat/meetings").json()
    assert [row["id"] for row in rows] == [meeting.pk]
    member = _client(body_members[1].user)
    response = member.post(
        f"{API}/meetings/{meeting.pk}/response",
        json.dumps({"response": "accepted"}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["response"] == Response.ACCEPTED
    detail = member.get(f"{API}/meetings/{meeting.pk}").json()
    assert detail["my_response"] == "accepted" and detail["attendance"]["accepted"] == 1
    bad = member.post(
        f"{API}/meetings/{meeting.pk}/response",
        json.dumps({"response": "vielleicht"}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    stranger = _client(outsider)
    assert stranger.get(f"{API}/meetings/{meeting.pk}").status_code == 404
    assert stranger.get(f"{API}/bodies/beirat/meetings").status_code == 404
    assert manager.get(f"{API}/meetings/999999").status_code == 404


def test_published_decisions_only(client, meeting):
    make_decision(meeting, text="Öffentlich", is_published=True)
    make_decision(meeting, text="Intern")
    texts = [row["text"] for row in client.get(f"{API}/decisions").json()]
    assert texts == ["Öffentlich"]


def test_action_items_overdue_and_patch(
    cluster_manager, other_cluster_manager, other_cluster_member, body, body_members, meeting
):
    past = make_meeting(body, starts_at=timezone.now() - datetime.timedelta(days=20))
    owner = body_members[1].user
    late = make_action_item(
        past, owner, title="Überfällig", due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    make_action_item(meeting, body_members[2].user, title="Offen")
    client = _client(owner)
    rows = client.get(f"{API}/action-items").json()
    assert [row["title"] for row in rows] == ["Überfällig", "Offen"] and rows[0]["overdue"]
    assert [row["title"] for row in client.get(f"{API}/action-items?overdue=true").json()] == [
        "Überfällig"
    ]
    assert [row["title"] for row in client.get(f"{API}/action-items?mine=true").json()] == [
        "Überfällig"
    ]
    url = f"{API}/action-items/{late.pk}"
    assert _patch(client, url, {"status": "erledigt", "version": 1}).status_code == 422
    done = _patch(client, url, {"status": "done", "version": 1})
    assert (
        done.status_code == 200 and done.json()["status"] == "done" and done.json()["version"] == 2
    )
    conflict = _patch(client, url, {"status": "open", "version": 1})
    assert conflict.status_code == 409 and conflict.json()["version"] == 2
    other = make_action_item(meeting, body_members[2].user, title="Fremd")
    assert (
        _patch(
            client, f"{API}/action-items/{other.pk}", {"status": "done", "version": 1}
        ).status_code
        == 403
    )
    for user in (other_cluster_manager, other_cluster_member):
        foreign = _client(user)
        answer = _patch(foreign, f"{API}/action-items/{other.pk}", {"status": "done", "version": 1})
        assert answer.status_code == 404 and answer.json()["detail"]
        assert foreign.get(f"{API}/meetings/{meeting.pk}").status_code == 404
        assert foreign.get(f"{API}/action-items").json() == []
    other.refresh_from_db()
    assert other.status == ActionStatus.OPEN
    assert ActionItem.objects.get(pk=late.pk).status == ActionStatus.DONE
    manager = _client(cluster_manager)
    detail = manager.get(f"{API}/meetings/{meeting.pk}").json()
    assert sorted(row["title"] for row in detail["action_items"]) == ["Fremd", "Offen"]
