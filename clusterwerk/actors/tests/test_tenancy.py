"""The directory per cluster: the managers of one cluster change nothing of another cluster's
actors, its members see no members-only contact of them, and its directory, search, map, API
and exports leave them out – per role × write path, via the pages and the API. Under
`/c/<slug>/` the other cluster's own management can.

Cluster A is the `cluster` fixture (`metall`, the default: unprefixed paths), cluster B is
`other_cluster` (`kunststoffe`, paths under `/c/kunststoffe/`).
"""

import csv
import io
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from clusterwerk.accounts.models import Role
from clusterwerk.actors.map_data import build_district_map
from clusterwerk.actors.models import (
    Actor,
    ActorRepresentative,
    ActorStatus,
    ChangeRequest,
    ContactPerson,
    Visibility,
)
from clusterwerk.actors.tests.conftest import make_actor
from conftest import make_user

pytestmark = pytest.mark.django_db

B = "/c/kunststoffe"
MEMBERS_ONLY = "Mona Mitglieder"
PUBLIC = "Peter Public"


@pytest.fixture
def world(cluster, other_cluster, districts, plan):
    """A's actor, B's published actor with contacts and a pending change request, B's draft
    and B's archived actor."""
    actor_a = make_actor(cluster, "Metallbau Havelland GmbH", district=districts["12069"])
    actor_b = make_actor(
        other_cluster, "Kunststoffwerk Schwarzheide GmbH", district=districts["12052"]
    )
    ContactPerson.objects.create(
        actor=actor_b, name=MEMBERS_ONLY, visibility=Visibility.MEMBERS, consent=True
    )
    ContactPerson.objects.create(
        actor=actor_b, name=PUBLIC, visibility=Visibility.PUBLIC, consent=True
    )
    draft_b = make_actor(other_cluster, "Entwurf Kunststoff GmbH", status=ActorStatus.DRAFT)
    archived_b = make_actor(other_cluster, "Alte Kunststoff AG", status=ActorStatus.ARCHIVED)
    proposer = make_user("vertretung-b@clusterwerk.test", other_cluster, Role.MEMBER)
    ActorRepresentative.objects.create(actor=actor_b, user=proposer)
    change = ChangeRequest.objects.create(
        actor=actor_b,
        submitted_by=proposer,
        base_version=actor_b.version,
        proposed={"values": {"description": "Neu"}},
    )
    return {
        "a": actor_a,
        "b": actor_b,
        "draft": draft_b,
        "archived": archived_b,
        "change": change,
        "contact": actor_b.contacts.get(name=MEMBERS_ONLY),
    }


def state() -> list:
    """Everything a write path could change."""
    return [
        list(Actor.objects.order_by("pk").values_list("pk", "name", "status", "version")),
        list(ContactPerson.objects.order_by("pk").values_list("pk", "name", "email", "actor")),
        list(ChangeRequest.objects.order_by("pk").values_list("pk", "status")),
        list(ActorRepresentative.objects.order_by("pk").values_list("actor", "user")),
    ]


def profile_path(actor, suffix="") -> str:
    return f"/akteure/{actor.pk}/{actor.slug}/{suffix}"


def client_for(user) -> Client:
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    return client


# --- Write paths: (method, path, data) for B's objects, relative to a cluster prefix ---------


def write_paths(world) -> dict:
    b, archived, change, contact = world["b"], world["archived"], world["change"], world["contact"]
    return {
        "edit": ("post", profile_path(b, "bearbeiten/"), {"version": b.version, "name": "X"}),
        "archive": ("post", profile_path(b, "archivieren/"), {"reason": "weg"}),
        "restore": ("post", profile_path(archived, "archivieren/"), {"reason": ""}),
        "merge-into": ("post", profile_path(b, "zusammenfuehren/"), {"duplicate": world["a"].pk}),
        "merge-away": (
            "post",
            profile_path(world["a"], "zusammenfuehren/"),
            {"duplicate": b.pk},
        ),
        "review": ("post", f"/akteure/pruefung/{change.pk}/", {"decision": "approve"}),
        "reject": (
            "post",
            f"/akteure/pruefung/{change.pk}/",
            {"decision": "reject", "reason": "Nein"},
        ),
        "create": ("post", "/akteure/neu/", {"name": "Neu GmbH", "kind": "company"}),
        "contact-erase": ("post", f"/akteure/ansprechperson/{contact.pk}/anonymisieren/", {}),
        "contact-export": ("get", f"/akteure/ansprechperson/{contact.pk}/daten/", {}),
    }


WRITE_PATHS = [
    "edit",
    "archive",
    "restore",
    "merge-into",
    "merge-away",
    "review",
    "reject",
    "create",
    "contact-erase",
    "contact-export",
]
# Who must not write B's actors: A's manager and member, B's member, an outsider.
FOREIGN_ROLES = ["cluster_manager", "member", "other_cluster_member", "outsider"]


@pytest.mark.parametrize("prefix", ["", B], ids=["as-A", "as-B"])
@pytest.mark.parametrize("path_name", WRITE_PATHS)
@pytest.mark.parametrize("persona", FOREIGN_ROLES)
def test_pages_refuse_writes_to_another_clusters_actors(
    world, tenant_personas, persona, path_name, prefix
):
    method, path, data = write_paths(world)[path_name]
    if path_name == "create" and not prefix:
        pytest.skip("creating in A is A's own business")
    if path_name == "merge-away" and prefix:
        pytest.skip("A's actor is not in B's directory: covered by merge-into as B")
    before = state()
    response = getattr(client_for(tenant_personas(persona)), method)(prefix + path, data)
    if path_name == "merge-away" and persona == "cluster_manager":
        # A's manager on A's actor: B's actor is no actor of this directory.
        assert response.status_code == 400
        assert "keinen Akteur" in response.content.decode()
    else:
        assert response.status_code in (403, 404), response.status_code
    assert state() == before


@pytest.mark.parametrize(
    "path_name", ["edit", "archive", "restore", "merge-into", "review", "contact-erase"]
)
def test_the_other_clusters_management_can_under_its_prefix(
    world, other_cluster_manager, path_name
):
    method, path, data = write_paths(world)[path_name]
    if path_name == "merge-into":
        data = {"duplicate": world["draft"].pk}
    client = client_for(other_cluster_manager)
    if path_name == "edit":
        assert client.get(B + path).status_code == 200
        return
    before = state()
    response = getattr(client, method)(B + path, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert state() != before


def test_the_other_clusters_management_can_create_in_its_cluster(
    other_cluster_manager, other_cluster
):
    response = client_for(other_cluster_manager).get(B + "/akteure/neu/")
    assert response.status_code == 200


def test_the_review_queue_lists_only_the_clusters_requests(
    world, cluster_manager, other_cluster_manager
):
    page = client_for(cluster_manager).get("/akteure/pruefung/").content.decode()
    assert world["b"].name not in page
    assert client_for(cluster_manager).get(B + "/akteure/pruefung/").status_code == 403
    page = client_for(other_cluster_manager).get(B + "/akteure/pruefung/").content.decode()
    assert world["b"].name in page


# --- API -------------------------------------------------------------------------------------


def send(client, method, path, body=None):
    return getattr(client, method)(
        path, data=json.dumps(body or {}), content_type="application/json"
    )


@pytest.mark.parametrize("prefix", ["", B], ids=["as-A", "as-B"])
@pytest.mark.parametrize("persona", FOREIGN_ROLES)
def test_api_refuses_writes_to_another_clusters_actors(world, tenant_personas, persona, prefix):
    client = client_for(tenant_personas(persona))
    before = state()
    patch = send(
        client,
        "patch",
        f"{prefix}/api/actors/{world['b'].pk}",
        {"version": world["b"].version, "values": {"name": "Übernommen GmbH"}},
    )
    assert patch.status_code in (401, 403, 404), patch.content
    create = send(
        client,
        "post",
        f"{B}/api/actors",
        {"values": {"kind": "company", "name": "Fremd GmbH"}, "confirm_not_duplicate": True},
    )
    assert create.status_code in (401, 403), create.content
    assert state() == before


def test_api_patch_by_the_other_clusters_management_under_its_prefix(world, other_cluster_manager):
    client = client_for(other_cluster_manager)
    response = send(
        client,
        "patch",
        f"{B}/api/actors/{world['b'].pk}",
        {"version": world["b"].version, "values": {"description": "Geändert"}},
    )
    assert response.status_code == 200, response.content
    created = send(
        client,
        "post",
        f"{B}/api/actors",
        {"values": {"kind": "company", "name": "Neu B GmbH"}, "confirm_not_duplicate": True},
    )
    assert created.status_code == 201, created.content
    assert [c["slug"] for c in created.json()["clusters"]] == ["kunststoffe"]
    # Not in A's directory.
    assert client.get(f"/api/actors/{created.json()['id']}").status_code == 404


# --- Reading: directory, search, map, API, exports ------------------------------------------


@pytest.mark.parametrize("persona", ["anonymous", "member", "cluster_manager"])
def test_another_clusters_actor_is_not_in_the_directory(world, tenant_personas, persona):
    client = client_for(tenant_personas(persona))
    b = world["b"]
    assert b.name not in client.get("/akteure/", {"q": "Kunststoffwerk"}).content.decode()
    assert client.get(profile_path(b)).status_code == 404
    listed = client.get("/api/actors", {"q": "Kunststoffwerk"}).json()
    assert listed["count"] == 0
    assert client.get(f"/api/actors/{b.pk}").status_code == 404
    export = downloaded(client.get("/akteure/export.csv")).decode("utf-8-sig")
    assert b.name not in export and world["draft"].name not in export
    map_page = client.get("/akteure/karte/")
    assert map_page.status_code == 200
    # … while cluster B's directory lists it, for everybody.
    assert b.name in client.get(B + "/akteure/", {"q": "Kunststoffwerk"}).content.decode()
    assert client.get(B + profile_path(b)).status_code == 200


def test_drafts_of_b_only_for_bs_management(world, cluster_manager, other_cluster_manager):
    draft = world["draft"]
    assert client_for(cluster_manager).get(B + profile_path(draft)).status_code == 404
    export = downloaded(client_for(cluster_manager).get(B + "/akteure/export.csv")).decode()
    assert draft.name not in export
    assert client_for(other_cluster_manager).get(B + profile_path(draft)).status_code == 200
    export = downloaded(client_for(other_cluster_manager).get(B + "/akteure/export.csv")).decode()
    assert draft.name in export


def downloaded(response) -> bytes:
    """The body of a download: CSV exports stream."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def contacts_in_export(client, path) -> str:
    text = downloaded(client.get(path)).decode("utf-8-sig")
    return " ".join(
        row.get("ansprechpersonen", "") for row in csv.DictReader(io.StringIO(text), delimiter=";")
    )


@pytest.mark.parametrize(
    ("persona", "sees_members_only"),
    [
        ("member", False),
        ("cluster_manager", False),
        ("outsider", False),
        ("anonymous", False),
        ("other_cluster_member", True),
        ("other_cluster_manager", True),
    ],
)
def test_members_only_contacts_of_b_for_bs_members(
    world, tenant_personas, persona, sees_members_only
):
    client = client_for(tenant_personas(persona))
    b = world["b"]
    page = client.get(B + profile_path(b)).content.decode()
    assert PUBLIC in page
    assert (MEMBERS_ONLY in page) is sees_members_only
    detail = client.get(f"{B}/api/actors/{b.pk}").json()
    names = [contact["name"] for contact in detail["contacts"]]
    assert PUBLIC in names
    assert (MEMBERS_ONLY in names) is sees_members_only
    exported = contacts_in_export(client, B + "/akteure/export.csv")
    assert PUBLIC in exported
    assert (MEMBERS_ONLY in exported) is sees_members_only


def test_the_map_counts_only_the_clusters_directory(world, cluster, other_cluster):
    anonymous = AnonymousUser()
    assert build_district_map(anonymous, cluster).total_in_brandenburg == 1
    assert build_district_map(anonymous, other_cluster).total_in_brandenburg == 1
    counts = {
        entry.ags: entry.actor_count for entry in build_district_map(anonymous, cluster).districts
    }
    assert counts["12052"] == 0 and counts["12069"] == 1


def test_a_change_request_is_reviewed_in_the_cluster_it_was_proposed_in(
    cluster, other_cluster, cluster_manager, other_cluster_manager, plan
):
    """An actor in both clusters: its representative's proposal made in A (topic numbers of
    A's plan) waits in A's queue only; B's management neither lists nor opens it."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from clusterwerk.actors import queries, services
    from clusterwerk.actors.models import ClusterMembership

    shared = make_actor(cluster, "Verbundwerk Lausitz GmbH")
    ClusterMembership.objects.create(actor=shared, cluster=other_cluster)
    person = make_user("verbund@clusterwerk.test", cluster, Role.MEMBER)
    ActorRepresentative.objects.create(actor=shared, user=person)
    change = services.update_actor(
        actor=shared,
        user=person,
        cluster=cluster,
        expected_version=shared.version,
        profile={"values": {"description": "Schweißen und Kunststofffügen"}},
    )
    assert change.cluster == cluster
    assert list(queries.pending_change_requests(cluster_manager, cluster)) == [change]
    assert not queries.pending_change_requests(other_cluster_manager, other_cluster).exists()
    with pytest.raises(Http404):
        queries.get_change_request_for_manager(other_cluster_manager, other_cluster, change.pk)
    with pytest.raises(PermissionDenied):
        queries.get_change_request_for_manager(other_cluster_manager, cluster, change.pk)
    assert queries.get_change_request_for_manager(cluster_manager, cluster, change.pk) == change
