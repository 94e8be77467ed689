"""The editions API: the visible editions with criteria (labelled scale) and rules in words,
one edition by year, and the management's phase change – 4xx with German reasons, never
500, nothing written on a refusal."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from clusterwerk.award.models import AuditEntry, Phase
from clusterwerk.award.tests.factories import make_award_edition

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
BASE = "/api/v1/award/editions"


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


def test_the_public_sees_editions_past_preparation(cluster, edition):
    make_award_edition(cluster, year=edition.year + 1, phase=Phase.PREPARATION)
    response = Client().get(BASE)
    assert response.status_code == 200
    (item,) = response.json()
    assert item["year"] == edition.year and item["phase"] == "call"
    assert item["prize_money"] in ("10000.00", 10000.0, "10000")
    assert item["max_winners"] == 3
    assert item["applications_open"] is True
    innovation = item["criteria"][0]
    assert innovation["key"] == "innovation" and innovation["knock_out_below"] == 1
    assert [step["value"] for step in innovation["scale"]] == [0, 1, 2, 3, 4, 5]
    assert (
        innovation["scale"][5]["label"] == "Neu auf dem Weltmarkt oder ein technischer Durchbruch."
    )
    rule = item["rules"][2]
    assert rule["kind"] == "max_age_years" and rule["parameter"] == "3"
    assert rule["explanation"] == "Die Innovation ist am Einsendeschluss höchstens 3 Jahre alt."


def test_the_management_sees_all(cluster, edition, cluster_manager):
    make_award_edition(cluster, year=edition.year + 1, phase=Phase.PREPARATION)
    years = [item["year"] for item in logged_in(cluster_manager).get(BASE).json()]
    assert years == [edition.year + 1, edition.year]


def test_one_edition_and_the_ones_not_visible(cluster, edition, other_cluster_manager):
    assert Client().get(f"{BASE}/{edition.year}").json()["title"] == edition.title
    assert_error(Client().get(f"{BASE}/{edition.year + 5}"), 404, "Preisjahrgang")
    assert_error(Client().get(f"{BASE}/1999"), 422)
    other = logged_in(other_cluster_manager)
    assert_error(other.get(f"/c/kunststoffe{BASE}/{edition.year}"), 404)


def test_advance_the_phase(cluster, edition, cluster_manager):
    edition.deadline = timezone.now() - datetime.timedelta(minutes=1)
    edition.save()
    response = logged_in(cluster_manager).post(f"{BASE}/{edition.year}/phase")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["phase"] == "formal_check" and body["next_phase"] == "scoring"
    assert AuditEntry.objects.count() == 1


def test_a_precondition_missing_is_422_with_the_reason(cluster, edition, cluster_manager):
    body = assert_error(
        logged_in(cluster_manager).post(f"{BASE}/{edition.year}/phase"),
        422,
        "ist noch nicht erreicht",
    )
    assert body["errors"]
    edition.refresh_from_db()
    assert edition.phase == Phase.CALL and not AuditEntry.objects.exists()


def test_publication_is_not_reached_here(cluster, edition, cluster_manager):
    edition.phase = Phase.DECISION
    edition.save()
    assert_error(
        logged_in(cluster_manager).post(f"{BASE}/{edition.year}/phase"),
        422,
        "Entscheidungen veröffentlichen",
    )


def test_who_may_advance(cluster, edition, member, other_cluster_manager):
    assert_error(Client().post(f"{BASE}/{edition.year}/phase"), 401)
    assert_error(logged_in(member).post(f"{BASE}/{edition.year}/phase"), 403, "Clustermanagement")
    assert_error(
        logged_in(other_cluster_manager).post(f"/c/kunststoffe{BASE}/{edition.year}/phase"), 404
    )
    assert_error(logged_in(other_cluster_manager).post(f"{BASE}/{edition.year}/phase"), 403)
    edition.refresh_from_db()
    assert edition.phase == Phase.CALL


def test_the_csrf_token_is_needed(cluster, edition, cluster_manager):
    response = logged_in(cluster_manager, csrf=True).post(f"{BASE}/{edition.year}/phase")
    assert response.status_code == 403
