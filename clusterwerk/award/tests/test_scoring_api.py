"""The jury's scoring API: reviews of an application by phase, saving and abstaining on
one's own review with German 422s, the ranking for the management, and 404 for a conflicted
juror."""

import json

import pytest

from clusterwerk.award.models import Phase, ReviewStatus
from clusterwerk.award.tests.factories import make_application, make_review
from clusterwerk.award.tests.scoring_support import ALL_FOUR, block, set_phase, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(edition, applicant):
    set_phase(edition, Phase.SCORING)
    return make_application(edition, applicant)


@pytest.fixture
def reviews(application, jurors):
    return make_review(application, jurors[1]), make_review(application, jurors[2], scores=2)


def put(client, review, body):
    return client.put(
        f"/api/v1/award/reviews/{review.pk}", data=json.dumps(body), content_type="application/json"
    )


def reviews_url(application):
    return f"/api/v1/award/applications/{application.pk}/reviews"


def test_blind_then_open(client, application, reviews, jurors, edition):
    client.force_login(jurors[1].user)
    body = client.get(reviews_url(application)).json()
    assert [(item["id"], item["own"]) for item in body] == [(reviews[0].pk, True)]
    set_phase(edition, Phase.DISCUSSION)
    body = client.get(reviews_url(application)).json()
    assert len(body) == 2
    other = next(item for item in body if not item["own"])
    assert other["scores"] == {"innovation": 2, "market": 2, "relevance": 2, "social": 2}
    assert other["total"] == 2.0


def test_management_sees_all_and_outsiders_nothing(
    client, application, reviews, cluster_manager, member, applicant_user
):
    client.force_login(cluster_manager)
    assert len(client.get(reviews_url(application)).json()) == 2
    client.force_login(member)
    assert client.get(reviews_url(application)).status_code == 404
    client.force_login(applicant_user)
    assert client.get(reviews_url(application)).json() == []
    client.logout()
    assert client.get(reviews_url(application)).status_code == 401


def test_a_conflicted_juror_gets_404(client, application, reviews, jurors, edition):
    set_phase(edition, Phase.DISCUSSION)
    block(jurors[1], application)
    client.force_login(jurors[1].user)
    assert client.get(reviews_url(application)).status_code == 404
    response = put(client, reviews[0], {"scores": ALL_FOUR, "submit": True})
    assert response.status_code == 404
    assert not reviews[0].scores.exists()


def test_save_and_submit(client, reviews, jurors):
    client.force_login(jurors[1].user)
    response = put(client, reviews[0], {"scores": ALL_FOUR, "comment": "Gut", "submit": True})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "submitted" and body["total"] == 3.75 and body["own"]
    assert body["scores"] == ALL_FOUR


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"innovation": 6}, "Der Wert für „Innovationshöhe“ muss zwischen 0 und 5 liegen."),
        ({"innovation": -1}, "Der Wert für „Innovationshöhe“ muss zwischen 0 und 5 liegen."),
        ({"innovation": "x"}, "Der Wert für „Innovationshöhe“ muss zwischen 0 und 5 liegen."),
        ({"design": 3}, "Das Kriterium „design“ gibt es in diesem Jahrgang nicht."),
    ],
)
def test_bad_scores_are_422_with_the_reason(client, reviews, jurors, scores, message):
    client.force_login(jurors[1].user)
    before = snapshot(*reviews)
    response = put(client, reviews[0], {"scores": scores})
    assert response.status_code == 422
    assert response.json()["detail"] == message
    assert snapshot(*reviews) == before


def test_someone_elses_review_and_the_wrong_phase(client, reviews, jurors, edition, member):
    client.force_login(jurors[1].user)
    assert put(client, reviews[1], {"scores": ALL_FOUR}).status_code == 403
    client.force_login(member)
    assert put(client, reviews[0], {"scores": ALL_FOUR}).status_code == 403
    set_phase(edition, Phase.PUBLISHED)
    client.force_login(jurors[1].user)
    response = put(client, reviews[0], {"scores": ALL_FOUR})
    assert response.status_code == 403
    assert "Veröffentlicht" in response.json()["detail"]
    assert put(client, type(reviews[0])(pk=10**9), {"scores": {}}).status_code == 404


def test_abstain(client, reviews, jurors):
    client.force_login(jurors[1].user)
    url = f"/api/v1/award/reviews/{reviews[0].pk}/abstain"
    response = client.post(url, data=json.dumps({"reason": " "}), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == "Bitte begründen Sie, warum Sie sich enthalten."
    response = client.post(
        url, data=json.dumps({"reason": "Kenne den Inhaber"}), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == ReviewStatus.ABSTAINED


def test_ranking(client, application, reviews, jurors, edition, cluster_manager):
    url = f"/api/v1/award/editions/{edition.year}/ranking"
    client.force_login(jurors[1].user)
    assert client.get(url).status_code == 403
    client.force_login(cluster_manager)
    body = client.get(url).json()
    assert body["year"] == edition.year and body["aggregation"] == "mean"
    assert body["rows"][0]["application_id"] == application.pk
    assert body["rows"][0]["mean"] == 2.0 and body["rows"][0]["rank"] == 1
    assert body["alpha"] is None
    assert client.get("/api/v1/award/editions/1999/ranking").status_code == 422
    assert client.get("/api/v1/award/editions/2001/ranking").status_code == 404
