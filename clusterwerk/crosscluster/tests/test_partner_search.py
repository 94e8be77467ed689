"""The cross-cluster partner search: for members of the request's cluster; organisations of
the chosen clusters only, and the listings they share (anonymous owners stay anonymous)."""

from django.urls import reverse

from clusterwerk.accounts.models import Role
from conftest import make_user

API = "/api/v1/cross-cluster/partner-search"


def test_members_find_partners_of_the_chosen_clusters_only(world, client, member, outsider):
    url = reverse("crosscluster:search")
    params = {"q": "Laser", "clusters": ["optik-photonik"]}

    anonymous = client.get(url, params)
    assert anonymous.status_code == 200
    assert "Bitte melden Sie sich an." in anonymous.content.decode()
    assert "Photonik Adlershof" not in anonymous.content.decode()
    client.force_login(outsider)
    refused = client.get(url, params).content.decode()
    assert "steht den Mitgliedern von Cluster Metall Brandenburg offen" in refused
    assert "Photonik Adlershof" not in refused

    client.force_login(member)
    text = client.get(url, params).content.decode()
    results = text[text.index("Organisationen (") :]
    assert "Photonik Adlershof" in results and "Strahlquelle Berlin" in results
    assert "Laserwerk Havel GmbH" not in results  # a member of A only
    assert "Energie Laser AG" not in results  # a member of C, not chosen
    assert "Laserquelle zur Mitnutzung" in results  # B's shared listing …
    assert "Anonymer Anbieter" in results  # … without its owner
    assert "/c/optik-photonik/" in results

    missing = client.get(url, {"q": "Laser"})
    assert missing.status_code == 400
    assert "Bitte wählen Sie mindestens ein Cluster." in missing.content.decode()
    assert "Laser</textarea>" in missing.content.decode()  # nothing typed is lost


def test_the_api_needs_a_member_of_the_cluster(world, client, member, outsider):
    query = {"q": "Laser", "clusters": "optik-photonik,energietechnik"}
    assert client.get(API, query).status_code == 401
    client.force_login(outsider)
    assert client.get(API, query).status_code == 403
    client.force_login(make_user("b@clusterwerk.test", world.b, Role.MEMBER))
    assert client.get(API, query).status_code == 403  # a member of B, asking in A
    client.force_login(member)
    response = client.get(API, query)
    assert response.status_code == 200
    body = response.json()
    names = {hit["name"] for hit in body["actors"]}
    assert {"Photonik Adlershof", "Strahlquelle Berlin", "Energie Laser AG"} <= names
    assert "Laserwerk Havel GmbH" not in names
    assert [hit["title"] for hit in body["listings"]] == ["Laserquelle zur Mitnutzung"]
    unknown = client.get(API, {"q": "Laser", "clusters": "mond"})
    assert unknown.status_code == 422
    assert "Unbekannte Cluster: mond." in unknown.content.decode()
