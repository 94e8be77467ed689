"""The actors REST API: the directory with filters, details with contact visibility, writes
per role (manager directly, representative for review), validation, conflicts, duplicates."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clusterwerk.accounts.models import Role, RoleAssignment
from clusterwerk.actors.models import (
    ActivityScheme,
    Actor,
    ActorKind,
    ActorStatus,
    ChangeRequest,
    ChangeRequestStatus,
    CompetenceKind,
    SizeClass,
    Visibility,
)
from clusterwerk.actors.tests.directory_support import (
    add_contact,
    make_actor,
    make_reference_data,
    make_representative,
)
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition
from conftest import make_user

pytestmark = pytest.mark.django_db

BASE = "/api/actors"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client, method: str, url: str, body) -> object:
    data = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(url, data=data, content_type="application/json")


def assert_error(response, status: int, *fragments: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    for fragment in fragments:
        assert fragment in body["detail"]
    return body


def error_fields(body: dict) -> set[str]:
    return {".".join(str(part) for part in item["loc"]) for item in body["errors"]}


@pytest.fixture
def lineages(cluster):
    edition = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    return {area.number: str(area.lineage) for area in edition.topic_areas.all()}


@pytest.fixture
def welder(cluster, lineages):
    """Actor A: a company with contacts of every visibility, with and without consent."""
    make_reference_data()
    actor = make_actor(
        "Havelländische Stahlbau GmbH",
        competences=[
            {
                "text": "WIG-Schweißen von Edelstahl",
                "keywords": ["Edelstahl"],
                "topics": ["4.4.2"],
            },
            {"text": "Pulverbeschichtung", "kind": CompetenceKind.SERVICE},
        ],
        description="Stahlbau und Schweißtechnik seit 1991.",
        district="12069",
        growth_core=10,
        municipality="Werder (Havel)",
        postal_code="14542",
        size_class=SizeClass.SMALL,
        employees=24,
        website="https://stahlbau.example.org",
        activities=[(ActivityScheme.WZ_2008, "25.62"), (ActivityScheme.WZ_2025, "25")],
        cluster=cluster,
        topic_lineages=lineages,
    )
    for name, visibility, consent in [
        ("Paula Public", Visibility.PUBLIC, True),
        ("Mira Members", Visibility.MEMBERS, True),
        ("Clara Management", Visibility.CLUSTER_MANAGEMENT, True),
        ("Nina Noconsent", Visibility.PUBLIC, False),
    ]:
        add_contact(actor, name, visibility=visibility, consent=consent, email="x@example.org")
    return actor


@pytest.fixture
def institute(cluster, welder):
    """Actor B."""
    return make_actor(
        "Institut für Werkstoffsicherheit",
        kind=ActorKind.RESEARCH_INSTITUTE,
        competences=["Materialprüfung, Materialografie", "Korrosionsschutz"],
        district="12052",
        municipality="Cottbus",
        postal_code="03046",
        activities=["72"],
        cluster=cluster,
    )


@pytest.fixture
def representative(cluster, welder):
    """A cluster member who represents the welder (actor A) only."""
    user = make_user("vertretung@clusterwerk.test", cluster, Role.MEMBER)
    make_representative(user, welder)
    return user


def contact_names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [contact["name"] for contact in response.json()["contacts"]]


# --- reading -----------------------------------------------------------------------------------


def test_list_without_query_is_alphabetical_and_hides_drafts(client, welder, institute):
    make_actor("Aaa Entwurf GmbH", status=ActorStatus.DRAFT)
    response = client.get(BASE)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [item["name"] for item in body["items"]] == [
        "Havelländische Stahlbau GmbH",
        "Institut für Werkstoffsicherheit",
    ]
    item = body["items"][0]
    assert item["district"] == {
        "ags": "12069",
        "name": "Potsdam-Mittelmark",
        "kind": "rural_district",
    }
    assert item["growth_core"] == {"number": 10, "name": "Potsdam", "metall_focus": False}
    assert item["kind_label"] == "Unternehmen"
    assert item["competences"][0] == {"kind": "process", "text": "WIG-Schweißen von Edelstahl"}
    assert item["url"] == welder.get_absolute_url()
    assert item["score"] is None


def test_list_search_and_filters(client, welder, institute):
    def found(**params):
        response = client.get(BASE, params)
        assert response.status_code == 200, response.content
        return [item["name"] for item in response.json()["items"]]

    assert found(q="Schweißnähte") == ["Havelländische Stahlbau GmbH"]
    assert found(q="Werkstoffprüfung") == ["Institut für Werkstoffsicherheit"]
    assert found(kind="research_institute") == ["Institut für Werkstoffsicherheit"]
    assert found(district=["12069", "12052"]) == [
        "Havelländische Stahlbau GmbH",
        "Institut für Werkstoffsicherheit",
    ]
    assert found(growth_core="10") == ["Havelländische Stahlbau GmbH"]
    assert found(topic="4.4.2") == ["Havelländische Stahlbau GmbH"]
    assert found(wz="25") == ["Havelländische Stahlbau GmbH"]
    assert found(wz="72") == ["Institut für Werkstoffsicherheit"]
    assert found(size="small") == ["Havelländische Stahlbau GmbH"]
    assert found(cluster="metall", demo="0") == [
        "Havelländische Stahlbau GmbH",
        "Institut für Werkstoffsicherheit",
    ]
    [item] = client.get(BASE, {"q": "Stahlbau"}).json()["items"]
    assert item["score"] == 3


def test_list_limit_and_offset(client, cluster):
    for number in range(5):
        make_actor(f"Firma {number}")
    body = client.get(BASE, {"limit": 2, "offset": 3}).json()
    assert body["count"] == 5
    assert [item["name"] for item in body["items"]] == ["Firma 3", "Firma 4"]
    assert client.get(BASE, {"offset": 10}).json() == {"count": 5, "items": []}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 101}, "query.limit"),
        ({"limit": 0}, "query.limit"),
        ({"offset": -1}, "query.offset"),
        ({"limit": "viele"}, "query.limit"),
        ({"q": "x" * 201}, "query.q"),
        ({"kind": "raumschiff"}, "kind"),
        ({"district": "123"}, "district"),
        ({"growth_core": "abc"}, "growth_core"),
        ({"topic": "9.9.9"}, "topic"),
        ({"wz": "2x"}, "wz"),
        ({"size": "riesig"}, "size"),
        ({"cluster": "gibt-es-nicht"}, "cluster"),
        ({"demo": "vielleicht"}, "demo"),
    ],
)
def test_list_refuses_bad_parameters_in_german(client, welder, params, field):
    body = assert_error(client.get(BASE, params), 422)
    assert field in error_fields(body)
    # German: a quoted value of ours, or the API's "Ungültige Eingabe – limit: …".
    assert "„" in body["detail"] or body["detail"].startswith("Ungültige Eingabe – ")


def test_list_query_count_is_constant(client, cluster):
    def queries_for(params) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(BASE, params).status_code == 200
        return len(captured)

    make_actor("Firma A", competences=["Fräsen", "Drehen"])
    few = queries_for({"q": "Fräsen", "kind": "company"})
    for number in range(30):
        make_actor(f"Firma {number:02d}", competences=["Fräsen", "Drehen", "Bohren"])
    many = queries_for({"q": "Fräsen", "kind": "company", "limit": 100})
    assert few == many
    # the request's cluster, count, page, competences, their topics (the session is not
    # touched anonymously)
    assert many <= 5


def test_detail_has_the_public_fields_and_relations(client, welder):
    response = client.get(f"{BASE}/{welder.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == welder.pk
    assert body["name"] == "Havelländische Stahlbau GmbH"
    assert body["version"] == 1
    assert body["website"] == "https://stahlbau.example.org"
    assert body["employees"] == 24
    assert body["district"]["ags"] == "12069"
    assert body["growth_core"]["number"] == 10
    assert body["clusters"] == [{"slug": "metall", "name": "Cluster Metall Brandenburg"}]
    assert {(item["scheme"], item["code"]) for item in body["activities"]} == {
        ("WZ2008", "25.62"),
        ("WZ2025", "25"),
    }
    assert {item["scheme_label"] for item in body["activities"]} == {
        "WZ 2008 (NACE Rev. 2)",
        "WZ 2025 (NACE Rev. 2.1)",
    }
    assert body["competences"][0] == {
        "kind": "process",
        "kind_label": "Verfahren",
        "text": "WIG-Schweißen von Edelstahl",
        "description": "",
        "keywords": ["Edelstahl"],
        "evidence": "",
        "topic_areas": ["4.4.2"],
    }
    assert "external_id" not in body
    assert "search_document" not in body


def test_detail_of_an_unknown_or_draft_actor_is_404(client, welder, cluster_manager):
    assert_error(client.get(f"{BASE}/999999"), 404)
    draft = make_actor("Entwurf GmbH", status=ActorStatus.DRAFT)
    assert_error(client.get(f"{BASE}/{draft.pk}"), 404, "Nicht gefunden")
    assert logged_in(cluster_manager).get(f"{BASE}/{draft.pk}").status_code == 200
    assert client.get(f"{BASE}/abc").status_code == 404


def test_contacts_follow_consent_and_visibility(
    client, welder, outsider, member, cluster_manager, representative
):
    url = f"{BASE}/{welder.pk}"
    assert contact_names(client.get(url)) == ["Paula Public"]
    assert contact_names(logged_in(outsider).get(url)) == ["Paula Public"]
    assert contact_names(logged_in(member).get(url)) == ["Paula Public", "Mira Members"]
    everybody = ["Paula Public", "Mira Members", "Clara Management", "Nina Noconsent"]
    assert contact_names(logged_in(cluster_manager).get(url)) == everybody
    assert contact_names(logged_in(representative).get(url)) == everybody


def test_a_representative_sees_only_the_public_contacts_of_another_actor(
    welder, institute, representative
):
    add_contact(institute, "Ina Intern", visibility=Visibility.CLUSTER_MANAGEMENT)
    add_contact(institute, "Otto Offen", visibility=Visibility.PUBLIC)
    assert contact_names(logged_in(representative).get(f"{BASE}/{institute.pk}")) == ["Otto Offen"]


def test_reference_lists(client, welder):
    districts = client.get(f"{BASE}/districts").json()
    assert [item["ags"] for item in districts][:2] == ["12052", "12067"]
    assert districts[0]["name"] == "Cottbus" and districts[0]["state"] == "Brandenburg"
    cores = client.get(f"{BASE}/growth-cores").json()
    assert [core["number"] for core in cores] == [2, 4, 6, 10]
    activities = client.get(f"{BASE}/activities", {"scheme": "WZ2025"}).json()
    assert {item["code"] for item in activities} == {"25", "25.53"}
    assert all(item["scheme"] == "WZ2025" for item in activities)
    assert_error(client.get(f"{BASE}/activities", {"scheme": "NACE"}), 422)


# --- creating ----------------------------------------------------------------------------------


NEW_ACTOR = {
    "values": {
        "kind": "company",
        "name": "Spreewald Zerspanung GmbH",
        "postal_code": "03046",
        "municipality": "Cottbus",
        "district": "12052",
        "employees": 12,
    },
    "competences": [
        {"kind": "process", "text": "CNC-Drehen", "keywords": ["Drehen"], "topic_areas": ["4.4.2"]}
    ],
    "contacts": [
        {
            "name": "Karl Kontakt",
            "email": "karl@example.org",
            "consent": True,
            "visibility": "public",
        }
    ],
    "activities": [{"scheme": "WZ2008", "code": "25.62", "is_primary": True}],
}


def test_anonymous_outsider_and_member_may_not_create(client, welder, outsider, member):
    assert_error(send(client, "post", BASE, NEW_ACTOR), 401, "Anmeldung")
    assert_error(send(logged_in(outsider), "post", BASE, NEW_ACTOR), 403)
    assert_error(send(logged_in(member), "post", BASE, NEW_ACTOR), 403)
    assert not Actor.objects.filter(name="Spreewald Zerspanung GmbH").exists()


def test_manager_creates_an_actor(welder, cluster_manager):
    response = send(logged_in(cluster_manager), "post", BASE, NEW_ACTOR)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Spreewald Zerspanung GmbH"
    assert body["size_class"] == "small"
    assert body["district"]["ags"] == "12052"
    assert body["clusters"] == [{"slug": "metall", "name": "Cluster Metall Brandenburg"}]
    assert body["competences"][0]["topic_areas"] == ["4.4.2"]
    assert [contact["name"] for contact in body["contacts"]] == ["Karl Kontakt"]
    actor = Actor.objects.get(pk=body["id"])
    assert " dreh " in actor.search_document  # indexed, hence found by the directory
    assert [item["id"] for item in Client().get(BASE, {"q": "Drehen"}).json()["items"]] == [
        actor.pk
    ]


def test_create_validation_errors_name_the_fields(welder, cluster_manager):
    client = logged_in(cluster_manager)
    body = assert_error(
        send(
            client,
            "post",
            BASE,
            {
                "values": {"kind": "raumschiff", "district": "99999", "email": "kein"},
                "competences": [{"kind": "process", "text": ""}, "Fräsen"],
            },
        ),
        422,
    )
    assert {"name", "kind", "district", "email", "competences.1.text", "competences.2"} <= (
        error_fields(body)
    )
    assert "Dieses Feld ist erforderlich." in body["detail"]
    body = assert_error(send(client, "post", BASE, {**NEW_ACTOR, "clusters": ["mond"]}), 422)
    assert error_fields(body) == {"clusters"}
    body = assert_error(send(client, "post", BASE, {**NEW_ACTOR, "farbe": "blau"}), 422)
    assert "farbe" in body["detail"]
    assert_error(send(client, "post", BASE, {"competences": []}), 422, "values")
    assert_error(send(client, "post", BASE, "{kein json"), 400, "JSON")
    assert_error(send(client, "post", BASE, {"values": "Name"}), 422)


def test_create_warns_about_a_possible_duplicate(welder, cluster_manager):
    client = logged_in(cluster_manager)
    twin = {
        "values": {"kind": "company", "name": "Havelländische Stahlbau", "postal_code": "14542"}
    }
    body = assert_error(send(client, "post", BASE, twin), 409, "Möglicherweise")
    assert body["candidates"] == [
        {"id": welder.pk, "name": "Havelländische Stahlbau GmbH", "postal_code": "14542"}
    ]
    assert "confirm_not_duplicate" in body["hint"]
    assert Actor.objects.count() == 1
    response = send(client, "post", BASE, {**twin, "confirm_not_duplicate": True})
    assert response.status_code == 201, response.content


def test_create_in_another_cluster(welder, cluster_manager, other_cluster):
    RoleAssignment.objects.create(
        user=cluster_manager, cluster=other_cluster, role=Role.CLUSTER_MANAGER
    )
    # Topic areas are those of the cluster's own masterplan; this one has none yet.
    # An actor is created in the request's cluster …
    payload = {"values": NEW_ACTOR["values"]}
    response = send(logged_in(cluster_manager), "post", f"/c/kunststoffe{BASE}", payload)
    assert response.status_code == 201, response.content
    assert [cluster["slug"] for cluster in response.json()["clusters"]] == ["kunststoffe"]
    # … and, named in `clusters`, in further ones the user manages.
    payload = {
        "values": {**NEW_ACTOR["values"], "name": "Zweite Firma GmbH", "postal_code": "01968"},
        "clusters": ["kunststoffe"],
        "confirm_not_duplicate": True,
    }
    response = send(logged_in(cluster_manager), "post", BASE, payload)
    assert response.status_code == 201, response.content
    assert [cluster["slug"] for cluster in response.json()["clusters"]] == [
        "kunststoffe",
        "metall",
    ]


# --- changing ----------------------------------------------------------------------------------


def test_anonymous_and_outsiders_may_not_change(client, welder, outsider, member):
    url = f"{BASE}/{welder.pk}"
    change = {"version": 1, "values": {"phone": "0331 123"}}
    assert_error(send(client, "patch", url, change), 401)
    assert_error(send(logged_in(outsider), "patch", url, change), 403)
    assert_error(send(logged_in(member), "patch", url, change), 403)
    welder.refresh_from_db()
    assert welder.phone == ""


def test_a_representative_of_a_may_not_change_b(welder, institute, representative):
    response = send(
        logged_in(representative),
        "patch",
        f"{BASE}/{institute.pk}",
        {"version": 1, "values": {"name": "Übernommen"}},
    )
    assert_error(response, 403, "nicht bearbeiten")
    institute.refresh_from_db()
    assert institute.name == "Institut für Werkstoffsicherheit"
    assert not ChangeRequest.objects.exists()


def test_a_representative_proposes_a_change_for_review(welder, representative):
    response = send(
        logged_in(representative),
        "patch",
        f"{BASE}/{welder.pk}",
        {"version": 1, "values": {"phone": "03327 4711"}},
    )
    assert response.status_code == 202, response.content
    change_request = ChangeRequest.objects.get()
    assert response.json() == {"change_request": change_request.pk, "status": "pending"}
    assert change_request.status == ChangeRequestStatus.PENDING
    assert change_request.proposed == {"values": {"phone": "03327 4711"}}
    welder.refresh_from_db()
    assert (welder.phone, welder.version) == ("", 1)


def test_manager_changes_directly(welder, cluster_manager):
    response = send(
        logged_in(cluster_manager),
        "patch",
        f"{BASE}/{welder.pk}",
        {
            "version": 1,
            "values": {"phone": "03327 4711", "size_class": "medium"},
            "competences": [{"kind": "process", "text": "Laserschneiden"}],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["phone"], body["size_class"], body["version"]) == ("03327 4711", "medium", 2)
    assert [item["text"] for item in body["competences"]] == ["Laserschneiden"]
    assert body["name"] == "Havelländische Stahlbau GmbH"  # left out: unchanged
    found = Client().get(BASE, {"q": "Laserschneiden"}).json()["items"]
    assert [item["id"] for item in found] == [welder.pk]


def test_a_stale_version_is_a_conflict_with_the_stored_profile(welder, cluster_manager):
    client = logged_in(cluster_manager)
    url = f"{BASE}/{welder.pk}"
    assert send(client, "patch", url, {"version": 1, "values": {"phone": "1"}}).status_code == 200
    body = assert_error(
        send(client, "patch", url, {"version": 1, "values": {"phone": "2"}}), 409, "inzwischen"
    )
    assert body["version"] == 2
    assert body["current"]["values"]["phone"] == "1"
    assert body["current"]["competences"][0]["text"] == "WIG-Schweißen von Edelstahl"
    assert len(body["current"]["contacts"]) == 4
    welder.refresh_from_db()
    assert welder.phone == "1"


def test_conflict_shows_a_representative_the_stored_profile(welder, representative):
    body = assert_error(
        send(logged_in(representative), "patch", f"{BASE}/{welder.pk}", {"version": 7}), 409
    )
    assert body["version"] == 1
    assert body["current"]["values"]["name"] == "Havelländische Stahlbau GmbH"


def test_patch_validation_errors(welder, cluster_manager):
    client = logged_in(cluster_manager)
    url = f"{BASE}/{welder.pk}"
    body = assert_error(
        send(client, "patch", url, {"version": 1, "values": {"postal_code": "1234", "x": 1}}),
        422,
    )
    assert error_fields(body) == {"postal_code", "x"}
    body = assert_error(send(client, "patch", url, {"values": {"phone": "1"}}), 422)
    assert "body.payload.version" in error_fields(body)
    assert_error(send(client, "patch", url, {"version": 0}), 422)
    assert_error(send(client, "patch", url, {"version": "eins"}), 422)
    assert_error(send(client, "patch", f"{BASE}/999999", {"version": 1}), 404)
    welder.refresh_from_db()
    assert welder.version == 1


def test_odd_characters_never_cause_a_server_error(client, welder, cluster_manager):
    manager = logged_in(cluster_manager)
    for query in ("%", "_", "\\", "' OR 1=1 --", "ä" * 200):
        assert client.get(BASE, {"q": query}).status_code == 200
    assert client.get(BASE, {"q": "\x00"}).status_code == 422  # never reaches the database
    payload = {"values": {"kind": "company", "name": "Nul\x00Byte GmbH"}}
    assert send(manager, "post", BASE, payload).status_code in (201, 422)
    change = {"version": 1, "values": {"description": "\x00"}}
    assert send(manager, "patch", f"{BASE}/{welder.pk}", change).status_code in (200, 422)


def test_the_endpoints_are_documented(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert set(paths["/api/actors"]) == {"get", "post"}
    assert set(paths["/api/actors/{actor_id}"]) == {"get", "patch"}
    for name in ("districts", "growth-cores", "activities"):
        assert f"/api/actors/{name}" in paths
