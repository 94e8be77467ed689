"""The registration API: register, my registrations, cancel, offers, and the organisers'
overview and decisions – every refusal a 4xx with a German `detail`, never a 500."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from clusterwerk.accounts.models import User
from clusterwerk.events.models import QuestionKind, Registration, RegistrationStatus
from clusterwerk.events.services import registration as services
from clusterwerk.events.tests.factories import make_event, make_registration
from clusterwerk.events.tests.registration_support import make_actor, sign_up

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

BASE = "/api/v1/events"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, url: str, body=None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


def name(user, first="Erika", last="Muster"):
    user.first_name, user.last_name = first, last
    user.save()
    return user


def assert_error(response, status: int, *fragments: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    text = json.dumps(body, ensure_ascii=False)
    assert isinstance(body["detail"], str) and body["detail"]
    for fragment in fragments:
        assert fragment in text, text
    return body


def test_register_and_list_mine(cluster, member):
    event = make_event(cluster)
    client = logged_in(member)
    response = post(
        client,
        f"{BASE}/{event.pk}/registrations",
        {"ticket_type": event.ticket_types.get().pk, "first_name": "Mia", "last_name": "M"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "confirmed" and body["email"] == member.email
    assert body["url"] == f"/veranstaltungen/anmeldung/{body['id']}/"
    mine = client.get(f"{BASE}/me/registrations").json()
    assert [item["id"] for item in mine] == [body["id"]]


def test_register_refusals(cluster, member, outsider):
    event = make_event(
        cluster, ticket_types=[{"name": "T", "capacity": 1, "waitlist_enabled": False}]
    )
    ticket = event.ticket_types.get().pk
    url = f"{BASE}/{event.pk}/registrations"
    assert post(Client(), url, {"ticket_type": ticket}).status_code == 401
    client = logged_in(member)
    assert_error(post(client, url, {"ticket_type": ticket}), 422, "Vornamen", "Nachnamen")
    name(member)
    name(outsider)
    assert_error(post(client, url, {"ticket_type": 999999}), 422, "Kontingent")
    assert_error(post(client, url, {"ticket_type": ticket, "actor": 999999}), 422, "Verzeichnis")
    assert_error(post(client, url, {}), 422)
    created = post(client, url, {"ticket_type": ticket})
    assert created.status_code == 201, created.content.decode()
    assert_error(post(client, url, {"ticket_type": ticket}), 422, "bereits angemeldet")
    assert_error(post(logged_in(outsider), url, {"ticket_type": ticket}), 422, "ausgebucht")
    assert_error(post(client, f"{BASE}/999999/registrations", {"ticket_type": ticket}), 404)
    assert Registration.objects.count() == 1


def test_register_after_the_deadline_and_missing_answers(cluster, member):
    name(member)
    closed = make_event(
        cluster, registration_closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client = logged_in(member)
    assert_error(
        post(
            client,
            f"{BASE}/{closed.pk}/registrations",
            {"ticket_type": closed.ticket_types.get().pk},
        ),
        422,
        "Anmeldeschluss",
    )
    event = make_event(cluster)
    question = event.questions.create(label="Essen?", kind=QuestionKind.YES_NO, required=True)
    url = f"{BASE}/{event.pk}/registrations"
    ticket = event.ticket_types.get().pk
    body = assert_error(post(client, url, {"ticket_type": ticket}), 422, "beantworten")
    assert body["errors"]
    response = post(client, url, {"ticket_type": ticket, "answers": {str(question.pk): True}})
    assert response.status_code == 201
    assert response.json()["answers"] == {str(question.pk): True}


def test_cancel_and_offers(cluster, member, outsider, pinned_clock):
    event = make_event(cluster, capacity=1)
    holder = sign_up(event, outsider)
    waiting = sign_up(event, member)
    client = logged_in(member)
    mine = client.get(f"{BASE}/me/registrations").json()
    assert mine[0]["waitlist_position"] == 1
    assert_error(post(client, f"{BASE}/registrations/{holder.pk}/cancel"), 404)
    assert_error(
        post(client, f"{BASE}/registrations/{waiting.pk}/accept-offer"), 422, "kein Angebot"
    )
    assert post(logged_in(outsider), f"{BASE}/registrations/{holder.pk}/cancel").status_code == 200
    offered = client.get(f"{BASE}/me/registrations").json()[0]
    assert offered["status"] == "offered" and offered["offer_expires_at"]
    waiting.refresh_from_db()
    pinned_clock.move_to(waiting.offer_expires_at + datetime.timedelta(minutes=1))
    assert_error(post(client, f"{BASE}/registrations/{waiting.pk}/accept-offer"), 422, "abgelaufen")
    services.expire_offers()
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFER_EXPIRED


def test_accept_and_decline_offer(cluster, member, outsider):
    event = make_event(cluster, capacity=1)
    holder = sign_up(event, User.objects.create_user(email="h@example.org"))
    first = sign_up(event, member)
    second = sign_up(event, outsider)
    services.cancel_registration(registration=holder, by=holder.user)
    declined = post(logged_in(member), f"{BASE}/registrations/{first.pk}/decline-offer")
    assert declined.json()["status"] == "declined"
    accepted = post(logged_in(outsider), f"{BASE}/registrations/{second.pk}/accept-offer")
    assert accepted.json()["status"] == "confirmed"


def test_organiser_overview_and_decisions(cluster, cluster_manager, member, other_cluster_manager):
    event = make_event(cluster, capacity=1, requires_approval=True)
    pending = sign_up(event, member)
    waiting = sign_up(event, User.objects.create_user(email="w@example.org"))
    url = f"{BASE}/{event.pk}/registrations"
    assert_error(logged_in(member).get(url), 403)
    assert_error(logged_in(other_cluster_manager).get(url), 403)
    manager = logged_in(cluster_manager)
    overview = manager.get(url).json()
    assert overview[0]["taken"] == 1
    assert [r["id"] for r in overview[0]["pending"]] == [pending.pk]
    assert [(r["id"], r["waitlist_position"]) for r in overview[0]["waiting"]] == [(waiting.pk, 1)]
    assert_error(post(logged_in(member), f"{BASE}/registrations/{pending.pk}/approve"), 403)
    assert_error(
        post(logged_in(other_cluster_manager), f"{BASE}/registrations/{pending.pk}/approve"), 404
    )
    assert_error(
        post(manager, f"{BASE}/registrations/{pending.pk}/decline", {"reason": " "}), 422, "Grund"
    )
    assert_error(post(manager, f"{BASE}/registrations/{pending.pk}/decline"), 422)
    approved = post(manager, f"{BASE}/registrations/{pending.pk}/approve")
    assert approved.json()["status"] == "confirmed"
    assert_error(
        post(manager, f"{BASE}/registrations/{pending.pk}/approve"), 422, "bereits entschieden"
    )


def test_others_never_see_a_registration(cluster, member, outsider):
    event = make_event(cluster)
    registration = make_registration(event, user=member)
    response = post(logged_in(outsider), f"{BASE}/registrations/{registration.pk}/cancel")
    assert_error(response, 404)
    assert outsider_sees_nothing(outsider)


def outsider_sees_nothing(user) -> bool:
    return logged_in(user).get(f"{BASE}/me/registrations").json() == []


def test_registered_actor(cluster, member):
    name(member)
    actor = make_actor(cluster, "Schlosserei Nord")
    event = make_event(cluster)
    response = post(
        logged_in(member),
        f"{BASE}/{event.pk}/registrations",
        {"ticket_type": event.ticket_types.get().pk, "actor": actor.pk},
    )
    assert response.json()["organisation"] == "Schlosserei Nord"


def test_writes_need_the_csrf_token(cluster, member):
    event = make_event(cluster)
    client = Client(enforce_csrf_checks=True)
    client.force_login(name(member))
    url = f"{BASE}/{event.pk}/registrations"
    body = {"ticket_type": event.ticket_types.get().pk}
    assert_error(post(client, url, body), 403)
    token = client.get("/api/csrf").json()["csrf_token"]
    response = client.post(
        url, data=json.dumps(body), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201
