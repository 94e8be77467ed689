"""The masterplan REST API: reads per role, writes through the services, errors as JSON."""

import copy
import itertools
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clusterwerk.masterplan.models import (
    EditionStatus,
    Revision,
    SuccessFactor,
    TopicArea,
    TopicAreaReference,
)
from clusterwerk.masterplan.tests.factories import SMALL_PLAN, make_edition

pytestmark = pytest.mark.django_db

BASE = "/api/masterplan"
TREE_URL = f"{BASE}/metall/editions/2020"


@pytest.fixture
def published(cluster):
    """The conftest's published edition, with cross-references and a success factor."""
    edition = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    topic_areas = {ta.number: ta for ta in edition.topic_areas.all()}
    TopicAreaReference.objects.create(source=topic_areas["4.2.1"], target=topic_areas["4.4.2"])
    TopicAreaReference.objects.create(source=topic_areas["6.3.2"], target=topic_areas["4.2.1"])
    SuccessFactor.objects.create(
        edition=edition, number="7.1", title="Finanzen", description="Förderung.", order=1
    )
    return edition


def topic_area_url(edition: str, number: str) -> str:
    return f"{BASE}/metall/editions/{edition}/topic-areas/{number}"


def patch(client, url: str, body, **extra):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.patch(url, data=data, content_type="application/json", **extra)


def post(client, url: str, body=None, **extra):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json", **extra)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_error(response, status: int, *fragments: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    for fragment in fragments:
        assert fragment in body["detail"]
    return body


# --- reading -----------------------------------------------------------------------------------


def test_clusters_list_names_the_published_edition(client, published, other_cluster):
    response = client.get(f"{BASE}/clusters")
    assert response.status_code == 200
    by_slug = {item["slug"]: item for item in response.json()}
    assert by_slug["metall"]["published_edition"] == {"label": "2020", "slug": "2020"}
    assert by_slug["metall"]["short_name"] == "Metall"
    assert by_slug["kunststoffe"]["published_edition"] is None


def test_anonymous_reads_the_published_tree(client, published):
    response = client.get(TREE_URL)
    assert response.status_code == 200
    data = response.json()
    assert data["label"] == "2020"
    assert data["status"] == "published"
    assert [af["number"] for af in data["action_fields"]] == ["4", "6"]
    key_point = data["action_fields"][0]["key_points"][0]
    assert key_point["number"] == "4.2"
    topic_area = key_point["topic_areas"][0]
    assert topic_area["number"] == "4.2.1"
    assert topic_area["title"] == "Produkte mit verbesserten Eigenschaften"
    assert topic_area["keywords"] == ["Leichtbau", "Werkstoffe", "Recyclingfähigkeit"]
    assert topic_area["references"] == ["4.4.2"]
    assert topic_area["version"] == 1
    assert set(topic_area) >= {"goal", "description", "relevance", "potential"}
    assert data["success_factors"] == [
        {"number": "7.1", "title": "Finanzen", "description": "Förderung."}
    ]


def test_anonymous_gets_404_for_a_draft_and_does_not_see_it_listed(client, draft):
    assert_error(client.get(f"{BASE}/metall/editions/2026"), 404, "nicht öffentlich")
    assert_error(client.get(topic_area_url("2026", "4.2.1")), 404)
    response = client.get(f"{BASE}/metall/editions")
    assert [edition["slug"] for edition in response.json()] == ["2020"]


def test_edition_list_has_counts_and_predecessor(manager_client, draft):
    response = manager_client.get(f"{BASE}/metall/editions")
    assert response.status_code == 200
    by_slug = {edition["slug"]: edition for edition in response.json()}
    assert set(by_slug) == {"2020", "2026"}
    assert by_slug["2026"]["status"] == "draft"
    assert by_slug["2026"]["predecessor"] == "2020"
    assert by_slug["2020"]["published_on"] is None
    assert (
        by_slug["2026"]["action_field_count"],
        by_slug["2026"]["key_point_count"],
        by_slug["2026"]["topic_area_count"],
    ) == (2, 3, 3)


def test_unknown_cluster_edition_and_topic_area_give_german_404(client, published):
    assert_error(client.get(f"{BASE}/gibtsnicht/editions"), 404, "Cluster „gibtsnicht“")
    assert_error(client.get(f"{BASE}/gibtsnicht/editions/2020"), 404, "Cluster")
    assert_error(client.get(f"{BASE}/metall/editions/1999"), 404, "Ausgabe")
    assert_error(client.get(topic_area_url("2020", "9.9.9")), 404, "Themenbereich 9.9.9")


def test_topic_area_detail_has_parents_lineage_and_both_reference_directions(client, published):
    response = client.get(topic_area_url("2020", "4.2.1"))
    assert response.status_code == 200
    data = response.json()
    topic_area = published.topic_areas.get(number="4.2.1")
    assert data["lineage"] == str(topic_area.lineage)
    assert data["version"] == 1
    assert data["key_point"] == {"number": "4.2", "title": "Leistungen am Markt"}
    assert data["action_field"]["number"] == "4"
    assert data["references"] == ["4.4.2"]
    assert [ref["number"] for ref in data["outgoing_references"]] == ["4.4.2"]
    assert data["incoming_references"] == [{"number": "6.3.2", "title": "Duale Ausbildung"}]


def test_flat_list_of_topic_areas(client, published):
    response = client.get(f"{BASE}/metall/editions/2020/topic-areas")
    assert response.status_code == 200
    data = response.json()
    assert [(ta["number"], ta["key_point"], ta["action_field"]) for ta in data] == [
        ("4.2.1", "4.2", "4"),
        ("4.4.2", "4.4", "4"),
        ("6.3.2", "6.3", "6"),
    ]
    assert all(ta["match"] is None for ta in data)


def test_search_returns_topic_areas_with_score_field_and_plain_snippet(client, published):
    response = client.get(f"{BASE}/metall/editions/2020/topic-areas", {"q": "Leichtbau"})
    assert response.status_code == 200
    [hit] = response.json()
    assert hit["number"] == "4.2.1"
    match = hit["match"]
    assert match["score"] > 0
    assert match["field"] and match["field_name"] in {"keywords", "goal", "title", "relevance"}
    assert "<" not in match["snippet"] and "&" not in match["snippet"]
    assert match["highlights"]
    first = match["highlights"][0]
    assert match["snippet"][first["start"] : first["end"]].lower().startswith("leichtbau")


def test_search_finds_synonyms_and_tolerates_odd_queries(client, published):
    url = f"{BASE}/metall/editions/2020/topic-areas"
    numbers = [hit["number"] for hit in client.get(url, {"q": "3D-Druck"}).json()]
    assert "4.4.2" in numbers
    assert client.get(url, {"q": "<script>alert(1)</script>"}).json() == []
    assert client.get(url, {"q": "   "}).status_code == 200
    assert_error(client.get(url, {"q": "x" * 501}), 422, "Ungültige Eingabe")


def test_search_snippet_keeps_special_characters_as_text(client, cluster):
    plan = copy.deepcopy(SMALL_PLAN)
    plan["4"]["key_points"]["4.2"]["topic_areas"]["4.2.1"]["goal"] = "Prüfstand <b>&</b> mehr"
    make_edition(cluster, label="2020", plan=plan)
    response = client.get(f"{BASE}/metall/editions/2020/topic-areas", {"q": "Prüfstand"})
    [hit] = response.json()
    assert hit["match"]["field_name"] == "goal"
    assert hit["match"]["field"] == "Ziel"
    assert hit["match"]["snippet"] == "Prüfstand <b>&</b> mehr"
    assert hit["match"]["highlights"] == [{"start": 0, "end": 9}]


def test_tree_endpoint_runs_a_constant_number_of_queries(
    client, cluster, django_assert_max_num_queries
):
    small = make_edition(cluster, label="klein")
    big_plan = copy.deepcopy(SMALL_PLAN)
    for action_field in ("7", "8"):
        big_plan[action_field] = {
            "title": f"Handlungsfeld {action_field}",
            "key_points": {
                f"{action_field}.{kp}": {
                    "title": f"Eckpunkt {action_field}.{kp}",
                    "topic_areas": {
                        f"{action_field}.{kp}.{ta}": {"title": f"Thema {ta}", "keywords": ["x"]}
                        for ta in range(1, 6)
                    },
                }
                for kp in range(1, 5)
            },
        }
    big = make_edition(cluster, label="gross", plan=big_plan, status=EditionStatus.ARCHIVED)
    references = list(big.topic_areas.all())
    TopicAreaReference.objects.bulk_create(
        TopicAreaReference(source=source, target=target)
        for source, target in itertools.pairwise(references)
    )
    counts = []
    for edition in (small, big):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{BASE}/metall/editions/{edition.slug}")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert len(client.get(f"{BASE}/metall/editions/gross").json()["action_fields"]) == 4
    with django_assert_max_num_queries(8):
        client.get(f"{BASE}/metall/editions/gross")


def test_board_member_reads_drafts_but_cannot_patch(board_member, draft):
    client = logged_in(board_member)
    assert client.get(f"{BASE}/metall/editions/2026").status_code == 200
    slugs = {edition["slug"] for edition in client.get(f"{BASE}/metall/editions").json()}
    assert slugs == {"2020", "2026"}
    response = patch(client, topic_area_url("2026", "4.2.1"), {"version": 1, "goal": "Neu"})
    assert_error(response, 403, "Clustermanagement")
    assert_error(post(client, f"{BASE}/metall/editions/2026/publish"), 403)
    assert draft.topic_areas.get(number="4.2.1").goal.startswith("Produkte")


def test_member_may_not_write_and_does_not_see_drafts(member, published, draft):
    client = logged_in(member)
    body = {"version": 1, "goal": "Neu"}
    assert_error(patch(client, topic_area_url("2020", "4.2.1"), body), 403)
    assert_error(post(client, f"{BASE}/metall/editions/2020/drafts", {"label": "X"}), 403)
    assert_error(patch(client, topic_area_url("2026", "4.2.1"), body), 404)
    assert_error(client.get(f"{BASE}/metall/editions/2026"), 404)


def test_anonymous_writes_need_a_login(client, draft):
    response = patch(client, topic_area_url("2026", "4.2.1"), {"version": 1, "goal": "Neu"})
    assert_error(response, 401, "melden Sie sich an")
    assert_error(post(client, f"{BASE}/metall/editions/2020/drafts", {"label": "X"}), 401)
    assert_error(post(client, f"{BASE}/metall/editions/2026/publish"), 401)


def test_manager_of_another_cluster_sees_no_draft(other_cluster, draft):
    from conftest import make_user

    foreign = make_user("fremd@clusterwerk.test", other_cluster, "cluster_manager")
    response = patch(logged_in(foreign), topic_area_url("2026", "4.2.1"), {"version": 1})
    assert_error(response, 404)


# --- editing a topic area ------------------------------------------------------------------


def test_manager_patch_updates_and_records_a_revision(manager_client, cluster_manager, draft):
    url = topic_area_url("2026", "4.2.1")
    before = Revision.objects.filter(edition=draft).count()
    response = patch(
        manager_client,
        url,
        {
            "version": 1,
            "goal": "Leichtere Produkte.",
            "keywords": ["Leichtbau", "Gewicht", "Leichtbau"],
            "references": ["6.3.2"],
        },
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["goal"] == "Leichtere Produkte."
    assert data["keywords"] == ["Leichtbau", "Gewicht"]
    assert data["version"] == 2
    assert data["references"] == ["6.3.2"]
    topic_area = draft.topic_areas.get(number="4.2.1")
    assert topic_area.goal == "Leichtere Produkte."
    assert topic_area.version == 2
    assert [ref.target.number for ref in topic_area.outgoing_refs.all()] == ["6.3.2"]
    revisions = Revision.objects.filter(edition=draft).order_by("id")[before:]
    # one save, one revision with every changed field
    assert [(r.action, r.user) for r in revisions] == [("updated", cluster_manager)]
    assert revisions[0].changes["goal"]["new"] == "Leichtere Produkte."
    assert revisions[0].changes["references"] == {"old": ["4.4.2"], "new": ["6.3.2"]}
    # The published edition is untouched.
    assert published_goal(draft.predecessor).startswith("Produkte")


def published_goal(edition) -> str:
    return edition.topic_areas.get(number="4.2.1").goal


def test_patch_with_references_only_checks_the_version(manager_client, draft):
    url = topic_area_url("2026", "4.2.1")
    assert patch(manager_client, url, {"version": 1, "references": []}).status_code == 200
    assert not draft.topic_areas.get(number="4.2.1").outgoing_refs.exists()
    assert patch(manager_client, url, {"version": 7, "references": ["6.3.2"]}).status_code == 409
    assert not draft.topic_areas.get(number="4.2.1").outgoing_refs.exists()


def test_stale_version_gives_409_with_the_current_state_and_changes_nothing(
    manager_client, cluster_manager, draft
):
    url = topic_area_url("2026", "4.2.1")
    first = patch(manager_client, url, {"version": 1, "title": "Leichtbauprodukte"})
    assert first.status_code == 200
    revisions = Revision.objects.count()
    response = patch(
        manager_client, url, {"version": 1, "goal": "Veraltet", "references": ["6.3.2"]}
    )
    body = assert_error(response, 409, "inzwischen", "Carla")
    assert body["current"]["version"] == 2
    assert body["current"]["title"] == "Leichtbauprodukte"
    assert body["current"]["goal"].startswith("Produkte")
    assert body["current"]["references"] == ["4.4.2"]
    assert body["current"]["keywords"] == ["Leichtbau", "Werkstoffe", "Recyclingfähigkeit"]
    assert body["changed_by"] == "Carla"
    assert body["changed_at"]
    topic_area = draft.topic_areas.get(number="4.2.1")
    assert topic_area.goal.startswith("Produkte")
    assert topic_area.version == 2
    assert [ref.target.number for ref in topic_area.outgoing_refs.all()] == ["4.4.2"]
    assert Revision.objects.count() == revisions


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"goal": "Ohne Version"}, "version: Angabe fehlt"),
        ({"version": "eins"}, "version: muss eine ganze Zahl sein"),
        ({"version": 0}, "version: muss mindestens 1 sein"),
        ({"version": 1, "keywords": "Leichtbau, Gewicht"}, "keywords: muss eine Liste sein"),
        ({"version": 1, "keywords": [1, 2]}, "keywords.0: muss ein Text sein"),
        ({"version": 1, "title": None}, "title: muss ein Text sein"),
        ({"version": 1, "title": "x" * 301}, "höchstens 300 Zeichen"),
        ({"version": 1, "number": "9.9.9"}, "number: ist kein zulässiges Feld"),
        ([1, 2], "Ungültige Eingabe"),
    ],
)
def test_invalid_patch_body_gives_422_with_a_reason(manager_client, draft, body, fragment):
    response = patch(manager_client, topic_area_url("2026", "4.2.1"), body)
    data = assert_error(response, 422, "Ungültige Eingabe", fragment)
    assert data["errors"]
    assert draft.topic_areas.get(number="4.2.1").version == 1


def test_service_validation_errors_give_422_and_nothing_is_written(manager_client, draft):
    url = topic_area_url("2026", "4.2.1")
    response = patch(manager_client, url, {"version": 1, "title": "   "})
    data = assert_error(response, 422, "Titel darf nicht leer")
    assert data["errors"] == [
        {"loc": ["title"], "msg": "Der Titel darf nicht leer sein.", "type": "invalid"}
    ]
    response = patch(
        manager_client, url, {"version": 1, "goal": "Neu", "references": ["4.4.2", "9.9.9"]}
    )
    data = assert_error(response, 422, "Unbekannte Themenbereiche: 9.9.9")
    assert data["errors"][0]["loc"] == ["references"]
    topic_area = draft.topic_areas.get(number="4.2.1")
    assert topic_area.goal.startswith("Produkte")  # the text change was rolled back too
    assert topic_area.version == 1


def test_unreadable_or_missing_body_is_a_4xx(manager_client, draft):
    url = topic_area_url("2026", "4.2.1")
    assert_error(patch(manager_client, url, "{kein json"), 400, "kein gültiges JSON")
    assert_error(patch(manager_client, url, ""), 422, "Ungültige Eingabe")


def test_patch_on_a_published_edition_is_403(manager_client, published):
    response = patch(manager_client, topic_area_url("2020", "4.2.1"), {"version": 1, "goal": "X"})
    assert_error(response, 403, "Entwürfe")
    assert published_goal(published).startswith("Produkte")


# --- drafts and publishing ---------------------------------------------------------------------


def test_create_draft_then_duplicate_label(manager_client, published):
    url = f"{BASE}/metall/editions/2020/drafts"
    response = post(manager_client, url, {"label": "2026", "title": "Masterplan 2026"})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["slug"] == "2026"
    assert data["status"] == "draft"
    assert data["title"] == "Masterplan 2026"
    assert data["predecessor"] == "2020"
    assert data["topic_area_count"] == 3
    assert manager_client.get(f"{BASE}/metall/editions/2026").status_code == 200

    body = assert_error(post(manager_client, url, {"label": "2026"}), 422, "gibt es bereits")
    assert body["errors"][0]["loc"] == ["label"]
    assert_error(post(manager_client, url, {"label": ""}), 422, "label")
    assert_error(post(manager_client, url, {"label": "x" * 101}), 422, "label")
    assert_error(post(manager_client, url, {}), 422, "label: Angabe fehlt")


def test_publish_archives_the_previous_edition(manager_client, published, draft):
    response = post(manager_client, f"{BASE}/metall/editions/2026/publish")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "published"
    assert data["published_on"]
    published.refresh_from_db()
    assert published.status == EditionStatus.ARCHIVED
    assert Revision.objects.filter(edition=published, action="archived").exists()
    clusters = manager_client.get(f"{BASE}/clusters").json()
    assert clusters[0]["published_edition"]["slug"] == "2026"

    assert_error(post(manager_client, f"{BASE}/metall/editions/2026/publish"), 422, "bereits")
    assert_error(post(manager_client, f"{BASE}/metall/editions/2020/publish"), 422, "archiviert")


# --- comparing ---------------------------------------------------------------------------------


def test_compare_reports_counts_and_word_segments(manager_client, published, draft):
    patch(
        manager_client,
        topic_area_url("2026", "4.2.1"),
        {"version": 1, "goal": "Produkte mit besseren Eigenschaften durch Leichtbau."},
    )
    response = manager_client.get(f"{BASE}/metall/compare", {"old": "2020", "new": "2026"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["old"]["slug"] == "2020" and data["new"]["slug"] == "2026"
    assert data["counts"]["topic_area"]["changed"] == 1
    assert data["totals"]["changed"] == 1
    [entry] = data["entries"]
    assert entry["kind"] == "topic_area"
    assert entry["change_types"] == ["changed"]
    assert (entry["old_number"], entry["new_number"]) == ("4.2.1", "4.2.1")
    assert entry["paired_by"] == "lineage"
    assert entry["changed_fields"] == ["goal"]
    segments = entry["field_changes"][0]["segments"]
    assert {segment["op"] for segment in segments} <= {"equal", "insert", "delete"}
    assert any(s["op"] == "delete" and "vor allem" in s["text"] for s in segments)
    assert entry["field_changes"][0]["label"] == "Ziel"


def test_compare_defaults_and_errors(manager_client, published, draft):
    client = Client()  # anonymous (the `client` fixture is the manager's here)
    assert_error(client.get(f"{BASE}/metall/compare", {"new": "2026"}), 404)
    assert_error(client.get(f"{BASE}/metall/compare"), 404, "zweite")
    response = manager_client.get(f"{BASE}/metall/compare", {"new": "2026"})
    assert response.json()["old"]["slug"] == "2020"


# --- OpenAPI and CSRF --------------------------------------------------------------------------


def test_openapi_schema_lists_the_endpoints_and_docs_render(client):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/masterplan/clusters",
        "/api/masterplan/{cluster}/editions",
        "/api/masterplan/{cluster}/editions/{edition}",
        "/api/masterplan/{cluster}/editions/{edition}/topic-areas",
        "/api/masterplan/{cluster}/editions/{edition}/topic-areas/{number}",
        "/api/masterplan/{cluster}/editions/{edition}/drafts",
        "/api/masterplan/{cluster}/editions/{edition}/publish",
        "/api/masterplan/{cluster}/compare",
    ):
        assert path in paths, path
    patch_operation = paths["/api/masterplan/{cluster}/editions/{edition}/topic-areas/{number}"][
        "patch"
    ]
    assert {"200", "401", "403", "404", "409", "422"} <= set(patch_operation["responses"])
    assert patch_operation["tags"] == ["Masterplan"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert b'data-api-csrf="true"' in docs.content  # Swagger UI sends the token


def test_session_writes_need_the_csrf_token(cluster_manager, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cluster_manager)
    url = topic_area_url("2026", "4.2.1")
    response = patch(client, url, {"version": 1, "goal": "Ohne Token"})
    assert_error(response, 403, "CSRF")
    assert_error(post(client, f"{BASE}/metall/editions/2026/publish"), 403, "CSRF")
    assert draft.topic_areas.get(number="4.2.1").version == 1

    token = client.get("/api/csrf").json()["csrf_token"]
    response = patch(client, url, {"version": 1, "goal": "Mit Token"}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content
    assert TopicArea.objects.get(edition=draft, number="4.2.1").goal == "Mit Token"
