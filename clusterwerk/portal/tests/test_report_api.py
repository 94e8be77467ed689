"""The monitoring report in the API (moved from projects with the tenant): the report of the
request's cluster at /api/projects/report/<year>, the old address with the cluster slug
redirects permanently."""

import pytest
from django.test import Client

from clusterwerk.projects.tests.report_support import build_report_dataset

BASE = "/api/projects/report"


@pytest.fixture
def dataset(cluster):
    return build_report_dataset(cluster)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_report_json(manager_client, dataset):
    response = manager_client.get(f"{BASE}/2019")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["year"] == 2019
    assert body["cluster"]["slug"] == "metall"
    assert body["view"] == "cluster_management"
    assert body["summary"]["projects_new"] == 4
    assert "brokerage_listings" in body["summary"]
    assert "brokerage" in [section["key"] for section in body["sections"]]


def test_every_reader_gets_the_same_totals(client, member, manager_client, dataset):
    anonymous = Client().get(f"{BASE}/2019").json()
    members = logged_in(member).get(f"{BASE}/2019").json()
    management = manager_client.get(f"{BASE}/2019").json()
    assert anonymous["summary"]["projects_new"] == 4
    assert anonymous["summary"] == members["summary"] == management["summary"]
    assert anonymous["sections"] == management["sections"]
    assert len(anonymous["success_stories"]) == 1  # the public project's only
    assert len(management["success_stories"]) == 2


def test_bad_year_is_422_and_unknown_cluster_404(client, cluster):
    response = client.get(f"{BASE}/1990")
    assert response.status_code == 422
    assert "year" in {".".join(map(str, error["loc"])) for error in response.json()["errors"]}
    missing = client.get(f"/c/gibtsnicht{BASE}/2019")
    assert missing.status_code == 404


def test_another_cluster_under_its_prefix(client, cluster, other_cluster, dataset):
    body = client.get(f"/c/kunststoffe{BASE}/2019").json()
    assert body["cluster"]["slug"] == "kunststoffe"
    assert body["summary"]["projects_new"] == 0


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (f"{BASE}/metall/2019", f"{BASE}/2019"),
        (f"{BASE}/kunststoffe/2019", f"/c/kunststoffe{BASE}/2019"),
    ],
)
def test_the_old_address_redirects(client, cluster, other_cluster, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_the_old_address_of_an_unknown_cluster_is_404(client, cluster):
    response = client.get(f"{BASE}/gibtsnicht/2019")
    assert response.status_code == 404
    assert response.json()["detail"] == "Dieses Cluster gibt es nicht."
