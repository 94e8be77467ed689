"""The rating API: my ratings, PUT my rating with German 422s, the group feedback; who may."""

import json

import pytest

from clusterwerk.foresight.models import Rating, Status
from clusterwerk.foresight.tests.factories import criterion, rate

pytestmark = pytest.mark.django_db

BASE = "/api/v1/foresight/cycles"


def put(client, cycle, key, body):
    return client.put(
        f"{BASE}/{cycle.slug}/items/{key}/my-rating",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_put_then_get_my_ratings(client, cycle, items, panellists):
    client.force_login(panellists[0].user)
    impact = criterion(cycle, "impact")
    horizon = criterion(cycle, "horizon")
    response = put(
        client,
        cycle,
        "W-01",
        {"answers": {str(impact.pk): 4, str(horizon.pk): None}, "expertise": 3},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["expertise"] == 3 and not body["complete"]
    assert {a["criterion"]: a["value"] for a in body["answers"]} == {impact.pk: 4, horizon.pk: None}
    mine = client.get(f"{BASE}/{cycle.slug}/my-ratings").json()
    assert mine["pseudonym"] == "Expert/in 01" and mine["round"] == 1
    assert [item["key"] for item in mine["items"]] == ["W-01", "W-02", "W-03"]
    assert len(mine["items"][0]["answers"]) == 2 and mine["items"][1]["answers"] == []


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (6, "Bitte eine Stufe von 1 bis 5 wählen"),
        (0, "Bitte eine Stufe von 1 bis 5 wählen"),
        ("hoch", "Bitte eine Stufe von 1 bis 5 wählen"),
    ],
)
def test_a_value_outside_the_scale_is_422(client, cycle, items, panellists, answer, message):
    client.force_login(panellists[0].user)
    impact = criterion(cycle, "impact")
    response = put(client, cycle, "W-01", {"answers": {str(impact.pk): answer}})
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not Rating.objects.exists()


def test_unreadable_body_and_unknown_fields_never_500(client, cycle, items, panellists):
    client.force_login(panellists[0].user)
    assert put(client, cycle, "W-01", {"answers": {"abc": 3}}).status_code == 422
    assert put(client, cycle, "W-01", {"answerz": {}}).status_code == 422
    response = client.put(
        f"{BASE}/{cycle.slug}/items/W-01/my-rating", data="{", content_type="application/json"
    )
    assert response.status_code in (400, 422)


def test_a_missing_reason_is_422(client, cycle, items, panellists):
    impact = criterion(cycle, "impact")
    for seat in panellists[:3]:
        rate(seat, items[0], {"impact": 3})
    client.force_login(panellists[3].user)
    response = put(client, cycle, "W-01", {"answers": {str(impact.pk): 5}})
    assert response.status_code == 422
    assert "außerhalb des Quartilsabstands" in response.json()["detail"]
    assert response.json()["errors"][0]["loc"] == [f"reason_{impact.pk}"]
    ok = put(
        client,
        cycle,
        "W-01",
        {"answers": {str(impact.pk): 5}, "reasons": {str(impact.pk): "Markt"}},
    )
    assert ok.status_code == 200


def test_closed_round_and_non_panellist_are_403(
    client, cycle, items, panellists, cluster_manager, outsider
):
    impact = criterion(cycle, "impact")
    client.force_login(cluster_manager)
    response = put(client, cycle, "W-01", {"answers": {str(impact.pk): 3}})
    assert response.status_code == 403
    assert "Bewerten können nur eingeladene Mitglieder" in response.json()["detail"]
    assert client.get(f"{BASE}/{cycle.slug}/my-ratings").status_code == 403
    client.force_login(outsider)
    assert put(client, cycle, "W-01", {"answers": {str(impact.pk): 3}}).status_code == 404
    client.force_login(panellists[0].user)
    cycle.status = Status.EVALUATION
    cycle.save()
    response = put(client, cycle, "W-01", {"answers": {str(impact.pk): 3}})
    assert response.status_code == 403
    assert response.json()["detail"] == "Die Bewertung ist geschlossen."


def test_anonymous_is_401_and_other_cluster_is_404(
    client, cycle, items, panellists, other_cluster_manager
):
    assert client.get(f"{BASE}/{cycle.slug}/my-ratings").status_code == 401
    client.force_login(other_cluster_manager)
    assert client.get(f"{BASE}/{cycle.slug}/items/W-01/feedback").status_code == 404


def test_feedback_from_min_answers_on_without_names(client, cycle, items, panellists):
    impact = criterion(cycle, "impact")
    rate(panellists[0], items[0], {"impact": 2})
    rate(panellists[1], items[0], {"impact": 3})
    client.force_login(panellists[3].user)
    url = f"{BASE}/{cycle.slug}/items/W-01/feedback"
    row = next(r for r in client.get(url).json() if r["criterion"] == impact.pk)
    assert row["stats"] is None
    rate(panellists[2], items[0], {"impact": 5}, reason="Die Nachfrage zieht an.")
    rate(panellists[3], items[0], {"impact": 3})
    row = next(r for r in client.get(url).json() if r["criterion"] == impact.pk)
    assert row["stats"]["n"] == 4 and float(row["stats"]["median"]) == 3.0
    assert row["own"] == 3 and row["outside"] is False
    assert row["reasons"] == ["Die Nachfrage zieht an."]
    assert "Panellist" not in json.dumps(row) and "@" not in json.dumps(row)
