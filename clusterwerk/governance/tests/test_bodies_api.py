"""The bodies' API: visible bodies with members and published decisions; the space's
documents and posts only for members and the management (404 for everyone else); the
member's own badge choice; 4xx with German reasons, nothing written on a refusal."""

import json

import pytest
from django.test import Client

from clusterwerk.governance import services
from clusterwerk.governance.models import Post
from clusterwerk.governance.tests.factories import make_body, make_decision, pdf_bytes

pytestmark = pytest.mark.django_db
BASE = "/api/v1/governance/bodies"


def logged_in(user, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def post_json(client, address, data, method="post"):
    return getattr(client, method)(address, json.dumps(data), content_type="application/json")


def test_public_reads(cluster, body, body_members, meeting):
    make_body(cluster, slug="intern", name="Interner Kreis", is_public=False)
    make_decision(meeting, text="Veröffentlicht", is_published=True)
    make_decision(meeting, text="Intern")
    (row,) = Client().get(BASE).json()
    assert row["slug"] == "beirat" and row["chairs"] == ["Dr. Petra Vorsitz"]
    assert row["member_count"] == 4 and row["url"] == "/gremien/beirat/"
    detail = Client().get(f"{BASE}/beirat").json()
    assert detail["members"][0]["function"] == "chair"
    assert [d["text"] for d in detail["decisions"]] == ["Veröffentlicht"]
    response = Client().get(f"{BASE}/intern")
    assert response.status_code == 404 and response.json()["detail"]


def test_the_space_is_for_members_only(
    cluster, body, body_members, outsider, member, other_cluster_manager, cluster_manager
):
    services.upload_document(
        cluster_manager,
        cluster,
        body,
        title="Strategiepapier",
        name="s.pdf",
        content_type="application/pdf",
        data=pdf_bytes(),
    )
    services.post(user=body_members[1].user, cluster=cluster, body=body, text="Intern")
    for client in (
        Client(),
        logged_in(outsider),
        logged_in(member),
        logged_in(other_cluster_manager),
    ):
        for address in (f"{BASE}/beirat/documents", f"{BASE}/beirat/posts"):
            response = client.get(address)
            assert response.status_code == 404 and "Intern" not in response.content.decode()
        assert post_json(client, f"{BASE}/beirat/posts", {"text": "Hallo"}).status_code in (
            401,
            404,
        )
    assert (
        logged_in(other_cluster_manager).get(f"/c/kunststoffe{BASE}/beirat/posts").status_code
        == 404
    )
    assert Post.objects.count() == 1

    client = logged_in(body_members[2].user)
    (document,) = client.get(f"{BASE}/beirat/documents").json()
    assert document["title"] == "Strategiepapier" and document["url"].endswith(
        f"/{document['id']}/"
    )
    (first,) = client.get(f"{BASE}/beirat/posts").json()
    response = post_json(
        client, f"{BASE}/beirat/posts", {"text": "Antwort", "reply_to": first["id"]}
    )
    assert response.status_code == 201 and response.json()["reply_to"] == first["id"]
    response = post_json(client, f"{BASE}/beirat/posts", {"text": ""})
    assert (
        response.status_code == 422
        and "Bitte schreiben Sie einen Beitrag." in response.content.decode()
    )
    assert (
        post_json(client, f"{BASE}/beirat/posts", {"text": "x", "reply_to": 999999}).status_code
        == 404
    )
    assert len(logged_in(cluster_manager).get(f"{BASE}/beirat/posts").json()) == 2


def test_badge_choice(cluster, body, body_members, cluster_manager, member):
    address = f"{BASE}/beirat/members/me/badge"
    response = post_json(logged_in(body_members[1].user), address, {"show": True}, "put")
    assert response.status_code == 200
    assert response.json() == {"show": True, "badge": "Mitglied des Strategischen Beirats"}
    body_members[1].refresh_from_db()
    assert body_members[1].show_badge
    assert post_json(Client(), address, {"show": True}, "put").status_code == 401
    assert post_json(logged_in(member), address, {"show": True}, "put").status_code == 404
    assert post_json(logged_in(cluster_manager), address, {"show": True}, "put").status_code == 404
    csrf = logged_in(body_members[2].user, csrf=True)
    assert post_json(csrf, address, {"show": True}, "put").status_code == 403
    assert (
        post_json(
            logged_in(body_members[2].user), address, {"show": "vielleicht"}, "put"
        ).status_code
        == 422
    )
    body_members[2].refresh_from_db()
    assert not body_members[2].show_badge
