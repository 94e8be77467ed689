"""The B2B day API: profile, suggestions, wishes, solve, schedule, outcome; 4xx in German."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from clusterwerk.events.models import B2BMeeting, B2BSlot, MeetingWish
from clusterwerk.events.tests.b2b_support import make_b2b_day, make_participant, wish
from clusterwerk.events.tests.factories import make_registration

pytestmark = pytest.mark.django_db

BASE = "/api/v1/events"


@pytest.fixture
def day(cluster):
    return make_b2b_day(cluster, tables=4, slots=4)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def call(client, method, url, data=None):
    return getattr(client, method)(f"{BASE}{url}", data=data or {}, content_type="application/json")


def test_join_and_profile(day, member):
    make_registration(day, user=member, organisation_name="Blech GmbH")
    client = client_for(member)
    assert call(client, "get", f"/{day.pk}/b2b/me").status_code == 404
    answer = call(client, "post", f"/{day.pk}/b2b/me", {"looking_for": "Schweißen"})
    assert answer.status_code == 201, answer.content
    assert answer.json()["organisation"] == "Blech GmbH"
    answer = call(client, "post", f"/{day.pk}/b2b/me", {})
    assert answer.status_code == 422
    assert "bereits" in answer.json()["detail"]
    answer = call(client, "patch", f"/{day.pk}/b2b/me", {"available_slots": [9]})
    assert answer.status_code == 422
    assert "Zeitfenster" in answer.json()["detail"]
    answer = call(client, "patch", f"/{day.pk}/b2b/me", {"available_slots": [1, 2]})
    assert answer.json()["available_slots"] == [1, 2]


def test_anonymous_and_other_cluster(day, other_cluster_manager):
    assert Client().get(f"{BASE}/{day.pk}/b2b/me").status_code == 401
    client = client_for(other_cluster_manager)
    assert call(client, "post", f"/{day.pk}/b2b/solve").status_code in (403, 404)


def test_wishes_api(day):
    a, b = make_participant(day), make_participant(day)
    client = client_for(a.registration.user)
    answer = call(client, "post", f"/{day.pk}/b2b/wishes", {"target_id": b.pk, "reason": "Fügen"})
    assert answer.status_code == 201
    wish_id = answer.json()["id"]
    again = call(client, "post", f"/{day.pk}/b2b/wishes", {"target_id": b.pk, "reason": "x"})
    assert again.status_code == 422 and "bereits" in again.json()["detail"]
    itself = call(client, "post", f"/{day.pk}/b2b/wishes", {"target_id": a.pk, "reason": "x"})
    assert itself.status_code == 422 and "selbst" in itself.json()["detail"]
    empty = call(client, "post", f"/{day.pk}/b2b/wishes", {"target_id": b.pk})
    assert empty.status_code == 422
    own = call(client, "post", f"/{day.pk}/b2b/wishes/{wish_id}/answer", {"accept": True})
    assert own.status_code == 403
    other = client_for(b.registration.user)
    answer = call(other, "post", f"/{day.pk}/b2b/wishes/{wish_id}/answer", {"accept": True})
    assert answer.json()["status"] == "accepted"
    listed = call(other, "get", f"/{day.pk}/b2b/wishes").json()
    assert [w["id"] for w in listed["received"]] == [wish_id]
    assert call(client, "get", f"/{day.pk}/b2b/suggestions").status_code == 200


def test_wish_after_close(day):
    a, b = make_participant(day), make_participant(day)
    day.b2b.wishes_close_at = timezone.now() - datetime.timedelta(hours=1)
    day.b2b.save()
    client = client_for(a.registration.user)
    answer = call(client, "post", f"/{day.pk}/b2b/wishes", {"target_id": b.pk, "reason": "x"})
    assert answer.status_code == 422
    assert "Frist" in answer.json()["detail"]
    assert not MeetingWish.objects.exists()


def test_solve_schedule_and_outcome(day, cluster_manager):
    a, b, c = (make_participant(day) for _ in range(3))
    wish(a, b)
    wish(b, c)
    participant = client_for(a.registration.user)
    assert call(participant, "post", f"/{day.pk}/b2b/solve").status_code == 403
    manager = client_for(cluster_manager)
    answer = call(manager, "post", f"/{day.pk}/b2b/solve", {"time_limit": 5})
    assert answer.status_code == 200, answer.content
    assert answer.json()["wishes_met"] == 2
    assert len(call(manager, "get", f"/{day.pk}/b2b/schedule").json()["meetings"]) == 2
    hidden = call(participant, "get", f"/{day.pk}/b2b/schedule")
    assert hidden.status_code == 403 and "nicht veröffentlicht" in hidden.json()["detail"]
    day.b2b.schedule_published = True
    day.b2b.save()
    mine = call(participant, "get", f"/{day.pk}/b2b/schedule").json()["meetings"]
    assert len(mine) == 1
    meeting = B2BMeeting.objects.get(pk=mine[0]["id"])
    early = call(
        participant, "post", f"/{day.pk}/b2b/meetings/{meeting.pk}/outcome", {"outcome": "no_need"}
    )
    assert early.status_code == 422 and "noch nicht" in early.json()["detail"]
    past = timezone.now() - datetime.timedelta(hours=1)
    B2BSlot.objects.filter(event=day).update(starts_at=past, ends_at=past)
    wrong = call(
        participant, "post", f"/{day.pk}/b2b/meetings/{meeting.pk}/outcome", {"outcome": "x"}
    )
    assert wrong.status_code == 422
    done = call(
        participant,
        "post",
        f"/{day.pk}/b2b/meetings/{meeting.pk}/outcome",
        {"outcome": "cooperation", "note": "Rahmenvertrag"},
    )
    assert done.status_code == 200 and done.json()["outcome"] == "cooperation"
    stranger = client_for(c.registration.user)
    if meeting.first_id != c.pk and meeting.second_id != c.pk:
        answer = call(
            stranger,
            "post",
            f"/{day.pk}/b2b/meetings/{meeting.pk}/outcome",
            {"outcome": "cooperation"},
        )
        assert answer.status_code == 403
