"""The check-in API: POST /api/v1/events/{id}/check-ins (201 with person and organisation;
422 with the German reason), GET …/check-ins and GET …/attendance for the organisers."""

import json

import pytest
from django.test import Client

from clusterwerk.events.models import CheckIn, RegistrationStatus
from clusterwerk.events.tests.checkin_support import running_event, ticket
from clusterwerk.events.tests.factories import make_event
from clusterwerk.events.tests.registration_support import make_actor

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def scans_url(event) -> str:
    return f"/api/v1/events/{event.pk}/check-ins"


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def door(cluster):
    event = running_event(cluster)
    company = make_actor(cluster, "Drahtwerk Elbe")
    return event, ticket(event, first_name="Kai", last_name="Neumann", actor=company)


def test_an_entry_answers_201_with_the_person_and_the_organisation(manager_client, door):
    event, registration = door
    response = post(manager_client, scans_url(event), {"code": registration.ticket_code})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "entry" and body["method"] == "qr"
    assert body["person"] == {
        "registration": registration.pk,
        "name": "Kai Neumann",
        "organisation": "Drahtwerk Elbe",
        "actor": registration.actor_id,
        "ticket_type": "Teilnahme",
    }
    response = post(
        manager_client, scans_url(event), {"code": registration.ticket_code, "kind": "exit"}
    )
    assert response.status_code == 201 and response.json()["kind"] == "exit"


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("forged", "Dieses Ticket ist ungültig."),
        ("foreign", "Dieses Ticket gehört zu einer anderen Veranstaltung."),
        ("cancelled", "Diese Anmeldung ist nicht bestätigt (Status: abgemeldet)."),
        ("reused", "bereits eingelassen um"),
        ("exit_first", "erst nach dem Einlass"),
    ],
)
def test_refusals_answer_422_with_the_reason(manager_client, door, cluster, case, reason):
    event, registration = door
    body = {"code": registration.ticket_code, "kind": "entry"}
    if case == "forged":
        body["code"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    elif case == "foreign":
        body["code"] = ticket(running_event(cluster, title="Forum")).ticket_code
    elif case == "cancelled":
        body["code"] = ticket(event, status=RegistrationStatus.CANCELLED).ticket_code
    elif case == "reused":
        assert post(manager_client, scans_url(event), body).status_code == 201
    else:
        body["kind"] = "exit"
    before = CheckIn.objects.count()
    response = post(manager_client, scans_url(event), body)
    assert response.status_code == 422
    assert reason in response.json()["detail"]
    assert CheckIn.objects.count() == before


def test_an_unknown_kind_is_a_422(manager_client, door):
    event, registration = door
    response = post(
        manager_client, scans_url(event), {"code": registration.ticket_code, "kind": "x"}
    )
    assert response.status_code == 422
    assert "kind" in response.json()["detail"]


def test_a_closed_door_is_a_422(manager_client, cluster):
    event = make_event(cluster)  # in four weeks
    response = post(manager_client, scans_url(event), {"code": ticket(event).ticket_code})
    assert response.status_code == 422
    assert "Der Einlass beginnt" in response.json()["detail"]


def test_who_may_scan(client, door, member, other_cluster_manager):
    event, registration = door
    body = {"code": registration.ticket_code}
    assert post(client, scans_url(event), body).status_code == 401
    client.force_login(member)
    assert post(client, scans_url(event), body).status_code == 403
    assert client.get(scans_url(event)).status_code == 403
    assert client.get(f"/api/v1/events/{event.pk}/attendance").status_code == 403
    other = Client()
    other.force_login(other_cluster_manager)
    assert post(other, scans_url(event), body).status_code == 403
    assert (
        post(other, f"/c/kunststoffe/api/v1/events/{event.pk}/check-ins", body).status_code == 404
    )
    assert not CheckIn.objects.exists()


def test_writes_need_the_csrf_token(cluster_manager, door):
    event, registration = door
    client = Client(enforce_csrf_checks=True)
    client.force_login(cluster_manager)
    response = post(client, scans_url(event), {"code": registration.ticket_code})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_the_list_of_scans_and_the_attendance(manager_client, door):
    event, registration = door
    other = ticket(event, first_name="Mia", last_name="Roth")
    post(manager_client, scans_url(event), {"code": registration.ticket_code})
    post(manager_client, scans_url(event), {"code": other.ticket_code})
    post(manager_client, scans_url(event), {"code": other.ticket_code, "kind": "exit"})
    scans = manager_client.get(scans_url(event)).json()
    assert [(scan["person"]["name"], scan["kind"]) for scan in scans] == [
        ("Mia Roth", "exit"),
        ("Mia Roth", "entry"),
        ("Kai Neumann", "entry"),
    ]
    assert len(manager_client.get(scans_url(event), {"limit": 1}).json()) == 1
    attendance = manager_client.get(f"/api/v1/events/{event.pk}/attendance").json()
    assert attendance == {"registered": 2, "inside": 1, "left": 1}


def test_an_unknown_event_is_a_404(manager_client):
    response = post(manager_client, "/api/v1/events/999999/check-ins", {"code": "x"})
    assert response.status_code == 404
