"""Cross-tenant permission matrix: every write path of the masterplan (each POST page and each
API write) × every persona, and the reads of what is not public (drafts: pages, exports, API).

Cluster A (`metall`, the default) has the published edition "2020" and the draft "2026";
cluster B (`kunststoffe`) has its own people and no edition. Only A's management writes A's
plan; nobody else changes anything in the database – also not B's management, neither in A's
tenant nor in its own (`/c/kunststoffe/…`, where A's editions are not there: 404). Drafts are
read by A's management and advisory board only."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from clusterwerk.masterplan.models import (
    ActionField,
    Edition,
    EditionStatus,
    KeyPoint,
    Revision,
    SuccessFactor,
    TopicArea,
    TopicAreaReference,
)
from clusterwerk.masterplan.services import revise_edition, update_element
from clusterwerk.masterplan.tests.factories import make_edition

pytestmark = pytest.mark.django_db

DRAFT_GOAL = "Ein Ziel, das nur im Entwurf steht."

DENIED = [
    "anonymous",
    "outsider",
    "member",
    "board_member",
    "other_cluster_manager",
    "other_cluster_member",
]
MAY_NOT_READ_DRAFTS = [
    "anonymous",
    "outsider",
    "member",
    "other_cluster_manager",
    "other_cluster_member",
]
MAY_READ_DRAFTS = ["cluster_manager", "board_member"]


@pytest.fixture
def draft(cluster, cluster_manager, other_cluster):
    published = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    SuccessFactor.objects.create(edition=published, number="7.1", title="Finanzen", order=1)
    draft = revise_edition(source=published, label="2026", user=cluster_manager)
    topic_area = draft.topic_areas.get(number="4.2.1")
    update_element(
        element=topic_area,
        user=cluster_manager,
        expected_version=topic_area.version,
        values={"goal": DRAFT_GOAL},
    )
    return draft


def client_for(persona: str, tenant_personas) -> Client:
    client = Client()
    user = tenant_personas(persona)
    if user.is_authenticated:
        client.force_login(user)
    return client


def plan_state() -> tuple:
    """Everything a write could change, in every cluster."""
    return (
        list(Edition.objects.order_by("pk").values_list("pk", "cluster_id", "label", "status")),
        [
            list(model.objects.order_by("pk").values_list("pk", "edition_id", "number", "version"))
            for model in (ActionField, KeyPoint, TopicArea, SuccessFactor)
        ],
        list(TopicArea.objects.order_by("pk").values_list("title", "goal", "key_point_id")),
        TopicAreaReference.objects.count(),
        Revision.objects.count(),
    )


# --- the write paths ----------------------------------------------------------------------------


def version_of(model, draft, number):
    return model.objects.get(edition=draft, number=number).version


# name, URL arguments, form data (built from the draft)
PAGE_WRITES = {
    "edit-topic-area": (
        "element-edit",
        ("2026", "themenbereich", "4.2.1"),
        lambda d: {"version": version_of(TopicArea, d, "4.2.1"), "title": "Neu", "goal": "x"},
    ),
    "edit-key-point": (
        "element-edit",
        ("2026", "eckpunkt", "4.2"),
        lambda d: {"version": version_of(KeyPoint, d, "4.2"), "title": "Neu", "intro": "x"},
    ),
    "edit-action-field": (
        "element-edit",
        ("2026", "handlungsfeld", "4"),
        lambda d: {"version": version_of(ActionField, d, "4"), "title": "Neu", "intro": "x"},
    ),
    "edit-success-factor": (
        "element-edit",
        ("2026", "erfolgsfaktor", "7.1"),
        lambda d: {"version": version_of(SuccessFactor, d, "7.1"), "title": "Neu"},
    ),
    "add-topic-area": ("topic-area-add", ("2026", "4.2"), lambda d: {"title": "Datenräume"}),
    "move-topic-area": (
        "topic-area-move",
        ("2026", "4.2.1"),
        lambda d: {
            "version": version_of(TopicArea, d, "4.2.1"),
            "key_point": d.key_points.get(number="4.4").pk,
            "number": "",
        },
    ),
    "delete-topic-area": (
        "topic-area-delete",
        ("2026", "4.2.1"),
        lambda d: {"version": version_of(TopicArea, d, "4.2.1")},
    ),
    "publish": ("publish", ("2026",), lambda d: {}),
    "start-draft": ("draft-create", ("2020",), lambda d: {"label": "2099"}),
}


def page_url(name: str, args, prefix: str = "") -> str:
    return prefix + reverse(f"masterplan:{name}", args=args)


@pytest.mark.parametrize("write", PAGE_WRITES)
@pytest.mark.parametrize("persona", DENIED)
def test_pages_refuse_every_write_but_the_managements(draft, tenant_personas, persona, write):
    name, args, data = PAGE_WRITES[write]
    client = client_for(persona, tenant_personas)
    before = plan_state()
    response = client.post(page_url(name, args), data(draft))
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/")
    else:
        assert response.status_code in (403, 404)
    assert plan_state() == before


@pytest.mark.parametrize("write", PAGE_WRITES)
@pytest.mark.parametrize("persona", ["other_cluster_manager", "cluster_manager"])
def test_in_another_clusters_tenant_the_plan_is_not_there(draft, tenant_personas, persona, write):
    name, args, data = PAGE_WRITES[write]
    client = client_for(persona, tenant_personas)
    before = plan_state()
    response = client.post(page_url(name, args, prefix="/c/kunststoffe"), data(draft))
    assert response.status_code == 404
    assert plan_state() == before


@pytest.mark.parametrize("write", PAGE_WRITES)
@pytest.mark.parametrize("prefix", ["", "/c/metall"])
def test_the_management_writes_its_plan(draft, manager_client, write, prefix):
    name, args, data = PAGE_WRITES[write]
    before = plan_state()
    response = manager_client.post(page_url(name, args, prefix=prefix), data(draft))
    assert response.status_code == 302
    assert response["Location"].startswith(prefix + "/masterplan/")
    assert plan_state() != before


def test_writes_in_the_other_cluster_touch_only_its_own_edition(
    draft, other_cluster, tenant_personas
):
    other = make_edition(other_cluster, label="2026", status=EditionStatus.DRAFT)
    client = client_for("other_cluster_manager", tenant_personas)
    mine = TopicArea.objects.get(edition=draft, number="4.2.1")
    theirs = TopicArea.objects.get(edition=other, number="4.2.1")
    response = client.post(
        page_url("element-edit", ("2026", "themenbereich", "4.2.1"), prefix="/c/kunststoffe"),
        {"version": theirs.version, "title": "Kunststoff-Leichtbau"},
    )
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.title == "Kunststoff-Leichtbau"
    assert TopicArea.objects.get(pk=mine.pk).title == mine.title
    # …and in A's tenant A's draft is hidden from the manager of B
    response = client.post(
        page_url("element-edit", ("2026", "themenbereich", "4.2.1")),
        {"version": mine.version, "title": "Übernommen"},
    )
    assert response.status_code == 404
    assert TopicArea.objects.get(pk=mine.pk).title == mine.title


# --- the API's write operations ---------------------------------------------------------------

API = "/api/masterplan/metall/editions"

API_WRITES = {
    "start-draft": ("post", f"{API}/2020/drafts", lambda d: {"label": "2099"}, 201),
    "publish": ("post", f"{API}/2026/publish", lambda d: {}, 200),
    "patch-topic-area": (
        "patch",
        f"{API}/2026/topic-areas/4.2.1",
        lambda d: {"version": version_of(TopicArea, d, "4.2.1"), "goal": "Neu."},
        200,
    ),
}


def api_call(client, write: str, draft, prefix: str = ""):
    method, url, body, _status = API_WRITES[write]
    send = getattr(client, method)
    return send(prefix + url, data=json.dumps(body(draft)), content_type="application/json")


@pytest.mark.parametrize("write", API_WRITES)
@pytest.mark.parametrize("persona", DENIED)
def test_the_api_refuses_every_write_but_the_managements(draft, tenant_personas, persona, write):
    client = client_for(persona, tenant_personas)
    before = plan_state()
    response = api_call(client, write, draft)
    expected = (401,) if persona == "anonymous" else (403, 404)
    assert response.status_code in expected, response.content
    assert response.json()["detail"]
    assert plan_state() == before


@pytest.mark.parametrize("write", API_WRITES)
@pytest.mark.parametrize("persona", ["other_cluster_manager", "cluster_manager"])
def test_under_another_clusters_prefix_the_api_does_not_name_this_cluster(
    draft, tenant_personas, persona, write
):
    client = client_for(persona, tenant_personas)
    before = plan_state()
    response = api_call(client, write, draft, prefix="/c/kunststoffe")
    assert response.status_code == 404
    assert "Cluster" in response.json()["detail"]
    assert plan_state() == before


@pytest.mark.parametrize("write", API_WRITES)
@pytest.mark.parametrize("prefix", ["", "/c/metall"])
def test_the_management_writes_through_the_api(draft, manager_client, write, prefix):
    before = plan_state()
    response = api_call(manager_client, write, draft, prefix=prefix)
    assert response.status_code == API_WRITES[write][3], response.content
    assert plan_state() != before


# --- what is not public: drafts -----------------------------------------------------------------

DRAFT_PAGES = [
    reverse("masterplan:edition", args=["2026"]),
    reverse("masterplan:action-field", args=["2026", "4"]),
    reverse("masterplan:key-point", args=["2026", "4.2"]),
    reverse("portal:topic-area", args=["2026", "4.2.1"]),
    reverse("masterplan:history", args=["2026"]),
    reverse("masterplan:export", args=["2026", "json"]),
    reverse("masterplan:export", args=["2026", "md"]),
    reverse("masterplan:compare") + "?alt=2020&neu=2026",
    reverse("masterplan:switch") + "?ausgabe=2026",
    f"{API}/2026",
    f"{API}/2026/topic-areas",
    f"{API}/2026/topic-areas/4.2.1",
    "/api/masterplan/metall/compare?old=2020&new=2026",
]


@pytest.mark.parametrize("path", DRAFT_PAGES)
@pytest.mark.parametrize("persona", MAY_NOT_READ_DRAFTS)
def test_drafts_are_not_shown_to_others(draft, tenant_personas, persona, path):
    response = client_for(persona, tenant_personas).get(path)
    assert response.status_code == 404
    assert DRAFT_GOAL not in response.content.decode()


@pytest.mark.parametrize("path", DRAFT_PAGES)
@pytest.mark.parametrize("persona", MAY_READ_DRAFTS)
def test_the_management_and_the_board_read_drafts(draft, tenant_personas, persona, path):
    response = client_for(persona, tenant_personas).get(path, follow=True)
    assert response.status_code == 200


@pytest.mark.parametrize("persona", MAY_NOT_READ_DRAFTS)
def test_lists_and_search_do_not_reveal_drafts(draft, tenant_personas, persona):
    client = client_for(persona, tenant_personas)
    editions = client.get(reverse("masterplan:editions")).content.decode()
    assert "2026" not in editions
    assert "2026" not in json.dumps(client.get("/api/masterplan/metall/editions").json())
    search = client.get(reverse("masterplan:search"), {"q": "nur im Entwurf", "ausgabe": "2026"})
    assert DRAFT_GOAL not in search.content.decode()


@pytest.mark.parametrize("persona", ["other_cluster_manager", "cluster_manager"])
def test_a_draft_is_not_there_under_another_clusters_prefix(draft, tenant_personas, persona):
    client = client_for(persona, tenant_personas)
    for path in (
        "/c/kunststoffe/masterplan/2026/",
        "/c/kunststoffe/masterplan/2026/export.json",
        "/c/kunststoffe/api/masterplan/metall/editions/2026",
    ):
        assert client.get(path).status_code == 404
