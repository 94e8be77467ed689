"""The results API: the same numbers and the same rules as the pages."""

import pytest
from django.utils import timezone

from clusterwerk.foresight.models import Mode, Status
from clusterwerk.foresight.tests.factories import make_cycle, make_item, make_panellist, rate

BASE = "/api/v1/foresight"


@pytest.fixture
def rated(items, panellists):
    p1, p2, p3, p4, p5 = panellists
    w01 = items[0]
    rate(p1, w01, {"impact": 4}, expertise=5)
    rate(p2, w01, {"impact": 5}, expertise=2)
    rate(p3, w01, {"impact": 2}, expertise=2, reason="Im Handwerk kaum Thema.")
    rate(p4, w01, {"impact": 4}, expertise=4)
    rate(p5, w01, {"impact": None})
    return w01


def _publish(cycle):
    cycle.status = Status.PUBLISHED
    cycle.published_at = timezone.now()
    cycle.save()


def test_management_reads_results_before_publication(manager_client, cycle, rated):
    response = manager_client.get(f"{BASE}/cycles/{cycle.slug}/results")
    assert response.status_code == 200
    data = response.json()
    assert data["cycle"] == cycle.slug and data["round"] == 1 and data["status"] == "rating"
    assert [item["key"] for item in data["items"]] == ["W-01", "W-02", "W-03"]
    impact = next(row for row in data["items"][0]["criteria"] if row["role"] == "impact")
    # 2 4 4 5: median 4, q1 3.5, q3 4.25, IQR 0.75, mean 3.75 (see test_results_service).
    assert impact["plain"] == {
        "n": 4,
        "cannot_judge": 1,
        "median": 4.0,
        "q1": 3.5,
        "q3": 4.25,
        "iqr": 0.75,
        "mean": 3.75,
        "distribution": {"1": 0, "2": 1, "3": 0, "4": 2, "5": 1},
    }
    assert impact["weighted"]["mean"] == 3.85
    assert impact["consensus"] is True
    assert impact["stability"] == 1.0
    assert impact["dissent"] == [
        {
            "pseudonym": "Expert/in 03",
            "value": 2,
            "label": "gering",
            "reason": "Im Handwerk kaum Thema.",
        },
        {"pseudonym": "Expert/in 02", "value": 5, "label": "sehr hoch", "reason": ""},
    ]
    # The management sees every group, also small ones.
    assert impact["by_group"]["craft"]["median"] == 2.0


def test_public_after_publication_without_small_groups(client, cycle, rated):
    _publish(cycle)
    data = client.get(f"{BASE}/cycles/{cycle.slug}/items/W-01/results").json()
    assert data["key"] == "W-01"
    impact = next(row for row in data["criteria"] if row["role"] == "impact")
    assert impact["plain"]["median"] == 4.0
    assert impact["by_group"] == {}  # every group has fewer than 3 answers
    assert "Panellist" not in str(data)


def test_panellist_before_publication_gets_403(client, cycle, rated, panellists):
    client.force_login(panellists[0].user)
    for url in (
        f"{BASE}/cycles/{cycle.slug}/results",
        f"{BASE}/cycles/{cycle.slug}/items/W-01/results",
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "erst nach der Veröffentlichung" in response.json()["detail"]


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "other_cluster_manager"])
def test_others_before_publication_get_404(client, cycle, rated, persona, tenant_personas):
    user = tenant_personas(persona)
    if user.is_authenticated:
        client.force_login(user)
    assert client.get(f"{BASE}/cycles/{cycle.slug}/results").status_code == 404


def test_unknown_cycle_and_item(manager_client, cycle, rated):
    assert manager_client.get(f"{BASE}/cycles/gibt-es-nicht/results").status_code == 404
    response = manager_client.get(f"{BASE}/cycles/{cycle.slug}/items/X-99/results")
    assert response.status_code == 404
    assert "Item" in response.json()["detail"]


def test_bad_round_is_422_with_a_german_reason(manager_client, cluster):
    cycle = make_cycle(cluster, slug="klassisch", mode=Mode.ROUNDS, current_round=2)
    item = make_item(cycle, "K-01")
    seat = make_panellist(cycle, "k1@panel.example")
    rate(seat, item, {"impact": 2}, round=1)
    rate(seat, item, {"impact": 3}, round=2)
    url = f"{BASE}/cycles/{cycle.slug}/results"
    assert manager_client.get(url).json()["round"] == 2
    first = manager_client.get(url, {"round": 1}).json()
    assert first["round"] == 1
    assert first["items"][0]["criteria"][0]["plain"]["median"] == 2.0
    too_late = manager_client.get(url, {"round": 3})
    assert too_late.status_code == 422
    assert "Diese Runde gibt es noch nicht" in too_late.json()["detail"]
    for bad in ("0", "abc", "99"):
        response = manager_client.get(url, {"round": bad})
        assert response.status_code == 422, bad
