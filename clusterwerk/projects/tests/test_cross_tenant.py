"""Two tenants: cluster A (`cluster`, Metall, the default) and cluster B (`other_cluster`,
Kunststoffe). Every write path of projects – each form and each API write – is tried by every
persona on A's objects; only the roles of A that the rules name may write, everybody else is
refused (403/404, 401/login for anonymous) and nothing changes in the database. Under B's
prefix (`/c/kunststoffe/…`) A's objects do not exist for anybody (404), not even for A's
management. Members-only projects of A stay with A's members: list, detail and API leave them
out for B's people; A's report counts them for every reader (public totals) and B's report
never does."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from clusterwerk.projects import services
from clusterwerk.projects.models import (
    Assessment,
    AssessmentCriterion,
    AssessmentScore,
    PhaseChange,
    Project,
    ProjectHistory,
    ProjectResults,
    SupportActivity,
)
from clusterwerk.projects.tests.test_services import project_data

PERSONAS = (
    "cluster_manager",
    "board_member",
    "member",
    "other_cluster_manager",
    "other_cluster_member",
    "outsider",
    "anonymous",
)
MANAGEMENT = frozenset({"cluster_manager"})
ASSESSORS = frozenset({"cluster_manager", "board_member"})
MEMBERS = frozenset({"cluster_manager", "board_member", "member"})
B_PREFIX = "/c/kunststoffe"


@dataclass
class World:
    project: Project  # A's project, visible to A's members
    idea: Project  # an idea proposed by A's member, not decided yet
    company: object


@pytest.fixture
def world(cluster, other_cluster, cluster_manager, member, plan, programme, company, institute):
    AssessmentCriterion.objects.create(
        cluster=cluster, key="innovation", name="Innovationsgrad", weight=100
    )
    project = services.create_project(
        user=cluster_manager, cluster=cluster, data=project_data(company, institute)
    )
    idea = services.propose_idea(
        user=member, cluster=cluster, data={"title": "Gemeinsamer Prüfstand"}
    )
    return World(project=project, idea=idea, company=company)


@dataclass(frozen=True)
class WritePath:
    name: str
    api: bool
    method: str
    url: Callable[[World], str]
    data: Callable[[World], dict]
    allowed: frozenset[str]
    on_object: bool = True  # names an object of A by its id

    def __str__(self):
        return self.name


def _form_edit(world: World) -> dict:
    return {
        "title": "Neuer Titel",
        "visibility": "members",
        "version": world.project.version,
        "partners": f"{world.company.name}; Konsortialführung",
        "primary_topic": "4.4.2",
    }


WRITE_PATHS = [
    # --- pages (POST forms) ---
    WritePath(
        "page: create",
        False,
        "post",
        lambda w: "/projekte/neu/",
        lambda w: {"title": "Neues Vorhaben", "phase": "initiation", "visibility": "members"},
        MANAGEMENT,
        on_object=False,
    ),
    WritePath(
        "page: edit",
        False,
        "post",
        lambda w: f"/projekte/{w.project.pk}/bearbeiten/",
        _form_edit,
        MANAGEMENT,
    ),
    WritePath(
        "page: phase",
        False,
        "post",
        lambda w: f"/projekte/{w.project.pk}/phase/",
        lambda w: {"to_phase": "completed", "changed_on": "2099-01-01"},
        MANAGEMENT,
    ),
    WritePath(
        "page: propose idea",
        False,
        "post",
        lambda w: "/projekte/idee/",
        lambda w: {"title": "Noch eine Idee", "description": "Prüfstand teilen."},
        MEMBERS,
        on_object=False,
    ),
    WritePath(
        "page: decide idea",
        False,
        "post",
        lambda w: f"/projekte/{w.idea.pk}/idee/",
        lambda w: {"decision": "accept"},
        MANAGEMENT,
    ),
    WritePath(
        "page: assess",
        False,
        "post",
        lambda w: f"/projekte/{w.project.pk}/beurteilung/",
        lambda w: {"score_innovation": "4", "comment": "gut"},
        ASSESSORS,
    ),
    WritePath(
        "page: support",
        False,
        "post",
        lambda w: f"/projekte/{w.project.pk}/unterstuetzung/",
        lambda w: {"date": "2020-02-01", "kind": "application_advice"},
        MANAGEMENT,
    ),
    WritePath(
        "page: results",
        False,
        "post",
        lambda w: f"/projekte/{w.project.pk}/ergebnisse/",
        lambda w: {
            "new_products": "1",
            "new_processes": "0",
            "patents": "0",
            "jobs_created": "2",
            "follow_up_projects": "0",
        },
        MANAGEMENT,
    ),
    # --- API writes ---
    WritePath(
        "api: create",
        True,
        "post",
        lambda w: "/api/projects",
        lambda w: {"title": "Neues Vorhaben", "phase": "initiation"},
        MANAGEMENT,
        on_object=False,
    ),
    WritePath(
        "api: patch",
        True,
        "patch",
        lambda w: f"/api/projects/{w.project.pk}",
        lambda w: {"version": w.project.version, "title": "Neuer Titel"},
        MANAGEMENT,
    ),
    WritePath(
        "api: phase",
        True,
        "post",
        lambda w: f"/api/projects/{w.project.pk}/phase",
        lambda w: {"to_phase": "completed", "changed_on": "2099-01-01"},
        MANAGEMENT,
    ),
    WritePath(
        "api: propose idea",
        True,
        "post",
        lambda w: "/api/projects/ideas",
        lambda w: {"title": "Noch eine Idee"},
        MEMBERS,
        on_object=False,
    ),
    WritePath(
        "api: decide idea",
        True,
        "post",
        lambda w: f"/api/projects/{w.idea.pk}/decision",
        lambda w: {"accept": True},
        MANAGEMENT,
    ),
    WritePath(
        "api: assess",
        True,
        "post",
        lambda w: f"/api/projects/{w.project.pk}/assessment",
        lambda w: {"scores": {"innovation": 4}},
        ASSESSORS,
    ),
]
OBJECT_PATHS = [path for path in WRITE_PATHS if path.on_object]


def client_for(tenant_personas, persona: str) -> Client:
    client = Client()
    user = tenant_personas(persona)
    if user.is_authenticated:
        client.force_login(user)
    return client


def send(client: Client, path: WritePath, url: str, world: World):
    data = path.data(world)
    if path.api:
        return getattr(client, path.method)(url, data, content_type="application/json")
    return client.post(url, data)


def fingerprint() -> tuple:
    """Everything a project write could change."""
    return (
        list(
            Project.objects.order_by("pk").values_list(
                "pk", "cluster_id", "version", "title", "phase", "idea_status"
            )
        ),
        ProjectHistory.objects.count(),
        PhaseChange.objects.count(),
        SupportActivity.objects.count(),
        list(ProjectResults.objects.values_list("pk", "new_products", "jobs_created")),
        Assessment.objects.count(),
        AssessmentScore.objects.count(),
    )


def assert_refused(response, path: WritePath, persona: str, *, statuses=(403, 404), prefix=""):
    if persona == "anonymous":
        if path.api:
            assert response.status_code == 401
        else:
            assert response.status_code == 302
            assert response["Location"].startswith(f"{prefix}/konto/login/")
    else:
        assert response.status_code in statuses, (response.status_code, response.content[:300])


@pytest.mark.parametrize("path", WRITE_PATHS, ids=str)
@pytest.mark.parametrize("persona", PERSONAS)
def test_write_paths_of_cluster_a(tenant_personas, world, persona, path):
    """Only the roles of A the rules name write A's projects; B's management cannot."""
    client = client_for(tenant_personas, persona)
    before = fingerprint()
    response = send(client, path, path.url(world), world)
    if persona in path.allowed:
        if path.api:
            assert response.status_code in (200, 201), response.content
        else:
            assert response.status_code == 302
            assert not response["Location"].startswith("/konto/login/")
        assert fingerprint() != before
        written = Project.objects.order_by("-updated_at").first()
        assert written.cluster == world.project.cluster
    else:
        assert_refused(response, path, persona)
        assert fingerprint() == before


@pytest.mark.parametrize("path", OBJECT_PATHS, ids=str)
@pytest.mark.parametrize(
    "persona", ["other_cluster_manager", "other_cluster_member", "cluster_manager", "anonymous"]
)
def test_a_objects_do_not_exist_in_b(tenant_personas, world, persona, path):
    """Acting in B's tenant on A's object ids: 404 for everybody (B's funnel knows only B's
    projects), also for A's own management; nothing changes."""
    client = client_for(tenant_personas, persona)
    before = fingerprint()
    response = send(client, path, B_PREFIX + path.url(world), world)
    assert_refused(response, path, persona, statuses=(404,), prefix=B_PREFIX)
    assert fingerprint() == before


@pytest.mark.parametrize("path", [p for p in WRITE_PATHS if not p.on_object], ids=str)
def test_b_management_creates_in_b_only(tenant_personas, world, other_cluster, path):
    """Creating under B's prefix makes a project of B, never one of A."""
    client = client_for(tenant_personas, "other_cluster_manager")
    response = send(client, path, B_PREFIX + path.url(world), world)
    assert response.status_code in (201, 302), response.content
    newest = Project.objects.order_by("-pk").first()
    assert newest.cluster == other_cluster


# --- members-only content ---------------------------------------------------------------------


@pytest.fixture
def members_only(world):
    """A's project is for A's members (visibility "members"), initiated 2019."""
    assert world.project.visibility == "members" and world.project.year_initiated == 2019
    return world.project


READERS = [
    ("cluster_manager", True),
    ("member", True),
    ("other_cluster_manager", False),
    ("other_cluster_member", False),
    ("outsider", False),
    ("anonymous", False),
]


@pytest.mark.parametrize(("persona", "sees"), READERS)
def test_members_only_project_in_pages_and_api(tenant_personas, members_only, persona, sees):
    client = client_for(tenant_personas, persona)
    title = members_only.title
    assert (title in client.get("/projekte/").content.decode()) is sees
    assert client.get(f"/projekte/{members_only.pk}/").status_code == (200 if sees else 404)
    items = client.get("/api/projects").json()["items"]
    assert (members_only.pk in [item["id"] for item in items]) is sees
    assert client.get(f"/api/projects/{members_only.pk}").status_code == (200 if sees else 404)


@pytest.mark.parametrize(("persona", "sees"), READERS)
def test_members_only_project_in_the_report(tenant_personas, members_only, persona, sees):
    """Counted in A's report whoever reads (confidentiality applies to listing, not to
    counting), never in B's; its title appears in no report of a reader who may not see it."""
    client = client_for(tenant_personas, persona)
    for prefix, expected in (("", 1), (B_PREFIX, 0)):
        page = client.get(f"{prefix}/monitoring/2019/")
        assert page.context["report"].value("overview", "new") == expected
        api = client.get(f"{prefix}/api/projects/report/2019").json()
        assert api["summary"]["projects_new"] == expected
        download = client.get(f"{prefix}/monitoring/2019/export/json/")
        assert download.json()["summary"]["projects_new"] == expected
        if not sees:
            assert members_only.title not in page.content.decode()
            assert members_only.title not in download.content.decode()


@pytest.mark.parametrize("persona", ["other_cluster_manager", "other_cluster_member"])
def test_b_sees_nothing_of_a_in_its_own_tenant(tenant_personas, members_only, persona):
    client = client_for(tenant_personas, persona)
    assert members_only.title not in client.get(f"{B_PREFIX}/projekte/").content.decode()
    assert client.get(f"{B_PREFIX}/projekte/{members_only.pk}/").status_code == 404
    assert client.get(f"{B_PREFIX}/api/projects").json()["count"] == 0
    assert client.get(f"{B_PREFIX}/api/projects/{members_only.pk}").status_code == 404
    report = client.get(f"{B_PREFIX}/api/projects/report/2019").json()
    assert report["summary"]["projects_new"] == 0
    download = client.get(f"{B_PREFIX}/monitoring/2019/export/json/").json()
    assert download["summary"]["projects_new"] == 0


def test_a_management_sees_a_projects_only_in_a(tenant_personas, members_only):
    client = client_for(tenant_personas, "cluster_manager")
    assert client.get(f"/projekte/{members_only.pk}/").status_code == 200
    assert client.get(f"{B_PREFIX}/projekte/{members_only.pk}/").status_code == 404
    assert client.get(f"{B_PREFIX}/api/projects/{members_only.pk}").status_code == 404
    assert client.get(f"{B_PREFIX}/projekte/ideen/").status_code == 403
    ideas = client.get("/projekte/ideen/").content.decode()
    assert "Gemeinsamer Prüfstand" in ideas


def test_pages_of_a_cluster_without_published_edition(tenant_personas, world, other_cluster):
    """Cluster B has no masterplan edition: its pages work all the same."""
    client = client_for(tenant_personas, "other_cluster_manager")
    for url in (
        "/projekte/",
        "/projekte/neu/",
        "/projekte/idee/",
        "/projekte/ideen/",
        "/monitoring/",
        "/monitoring/2019/",
    ):
        assert client.get(B_PREFIX + url).status_code == 200, url
    suggestions = client.post(f"{B_PREFIX}/projekte/themenvorschlag/", {"title": "Leichtbau"})
    assert suggestions.status_code == 200
    response = client.post(
        f"{B_PREFIX}/projekte/neu/",
        {"title": "Ohne Masterplan", "phase": "initiation", "visibility": "members"},
    )
    assert response.status_code == 302
    project = Project.objects.get(title="Ohne Masterplan")
    assert project.cluster == other_cluster
    assert project.get_absolute_url() == f"{B_PREFIX}/projekte/{project.pk}/"  # its own cluster
    assert client.get(project.get_absolute_url()).status_code == 200
    api = client.post(
        f"{B_PREFIX}/api/projects/classify", {"text": "Leichtbau"}, content_type="application/json"
    )
    assert api.status_code == 422
