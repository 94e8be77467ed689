"""The survey API: lists, a company's response, saving with German 422s (never 500), 403
outside the period or for someone who does not represent the company, 409 on a stale
version."""

import json

import pytest

from clusterwerk.skills.models import SurveyAnswer, SurveyResponse
from clusterwerk.skills.tests.factories import make_survey

pytestmark = pytest.mark.django_db

URL = "/api/v1/skills/surveys/2026/my-response"


@pytest.fixture
def survey(cluster, occupations):
    return make_survey(cluster, 2026, occupations)


@pytest.fixture
def company_client(client, companies):
    client.force_login(companies[0].user)
    return client


def put(client, body):
    return client.put(URL, json.dumps(body), content_type="application/json")


def test_list_and_empty_response(company_client, survey, companies):
    rows = company_client.get("/api/v1/skills/surveys").json()
    assert [row["year"] for row in rows] == [2026]
    assert [o["code"] for o in rows[0]["occupations"]] == ["24412", "24422", "25102"]
    mine = company_client.get(URL).json()
    assert (mine["version"], mine["status"], mine["answers"]) == (0, "", [])
    assert mine["actor"] == companies[0].pk


def test_save_and_submit(company_client, survey, companies):
    body = {
        "actor": companies[0].pk,
        "version": 0,
        "rows": {"25102": {"employees": 10, "openings_12": 1, "openings_36": 2, "difficulty": 3}},
    }
    saved = put(company_client, body)
    assert saved.status_code == 200, saved.content
    assert saved.json()["answers"][0]["employees"] == 10
    submitted = put(
        company_client, {"actor": companies[0].pk, "version": 1, "submit": True, "rows": {}}
    )
    assert submitted.json()["status"] == "submitted"


@pytest.mark.parametrize(
    "row,fragment",
    [
        ({"employees": 1, "retirements_5y": 2}, "Ruhestände sind mehr als"),
        ({"openings_12": -3}, "darf nicht negativ sein"),
        ({"employees": 1.5}, "Bitte eine ganze Zahl angeben"),
        ({"employees": "x"}, "Bitte eine ganze Zahl angeben"),
        ({"employees": None, "openings_12": [1]}, "Bitte eine ganze Zahl angeben"),
        ({"training_offered": 0, "training_filled": 1}, "besetzte sind mehr als"),
        ({"openings_12": 5, "openings_36": 1}, "die 36 Monate schließen die ersten 12 ein"),
        ({"difficulty": 9}, "Stufe von 1 (leicht) bis 5"),
        ({"difficulty": "sehr"}, "Stufe von 1 (leicht) bis 5"),
        ({"topic_lineage": {"a": 1}}, "Themenbereich 6.x"),
        ({"salary": 1}, "unbekannte Angabe"),
    ],
)
def test_bad_input_is_422_in_german(row, fragment, company_client, survey, companies):
    response = put(company_client, {"actor": companies[0].pk, "rows": {"25102": row}})
    assert response.status_code == 422, response.content
    assert fragment in response.json()["detail"]
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"actor": 1, "rows": {"99999": {"employees": 1}}},
        {"actor": 1, "rows": []},
        {"actor": "eins", "rows": {}},
        {"rows": {}},
        {"actor": 1, "version": -1, "rows": {}},
        {"actor": 1, "rows": {"25102": 5}},
    ],
)
def test_malformed_bodies_are_422_never_500(body, company_client, survey, companies):
    if body.get("actor") == 1:
        body["actor"] = companies[0].pk
    response = put(company_client, body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"]


def test_another_company_is_403(company_client, survey, companies):
    response = put(company_client, {"actor": companies[1].pk, "rows": {"25102": {"employees": 1}}})
    assert response.status_code == 403
    assert "nicht" in response.json()["detail"]


def test_closed_survey_is_403(company_client, survey, companies):
    survey.status = "closed"
    survey.save()
    response = put(company_client, {"actor": companies[0].pk, "rows": {"25102": {"employees": 1}}})
    assert response.status_code == 403
    assert "abgeschlossen" in response.json()["detail"]


def test_stale_version_is_409(company_client, survey, companies):
    body = {"actor": companies[0].pk, "version": 0, "rows": {"25102": {"employees": 4}}}
    assert put(company_client, body).status_code == 200
    conflict = put(company_client, {**body, "rows": {"25102": {"employees": 8}}})
    assert conflict.status_code == 409
    assert conflict.json()["version"] == 1
    assert SurveyAnswer.objects.get().employees == 4


def test_anonymous_is_401(client, survey):
    assert client.get(URL).status_code == 401
    assert put(client, {"actor": 1, "rows": {}}).status_code == 401


def test_other_cluster_survey_is_404(company_client, other_cluster, occupations):
    make_survey(other_cluster, 2025, occupations)
    assert company_client.get("/api/v1/skills/surveys/2025/my-response").status_code == 404
