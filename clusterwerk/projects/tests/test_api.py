"""The projects REST API: reads with visibility, filters and a fixed number of queries; writes
per role; validation (422 with German messages by field), conflicts (409), classification,
the assessment aggregate (the monitoring report is in portal/tests/test_report_api.py)."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clusterwerk.accounts.models import Role
from clusterwerk.actors.models import District, DistrictKind, Visibility
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.projects import services
from clusterwerk.projects.assessment import assessment_summary
from clusterwerk.projects.models import (
    AssessmentCriterion,
    IdeaStatus,
    Project,
)
from clusterwerk.projects.tests.test_services import project_data
from conftest import make_user

pytestmark = pytest.mark.django_db

BASE = "/api/projects"


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


def create(user, cluster, company, institute, **changes) -> Project:
    return services.create_project(
        user=user, cluster=cluster, data=project_data(company, institute, **changes)
    )


@pytest.fixture
def project(cluster_manager, cluster, plan, programme, company, institute):
    return create(cluster_manager, cluster, company, institute)


@pytest.fixture
def confidential(cluster_manager, cluster, plan, programme, company, institute):
    return create(
        cluster_manager,
        cluster,
        company,
        institute,
        title="Geheimes Vorhaben",
        visibility=Visibility.CLUSTER_MANAGEMENT,
    )


# --- reading ------------------------------------------------------------------------------------


def test_detail_shows_partners_topics_programme_flags_and_history(client, project, member):
    response = logged_in(member).get(f"{BASE}/{project.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Laserhybridschweißen hochfester Stähle"
    assert body["programme"]["key"] == "zim"
    assert Decimal(body["total_volume"]) == Decimal("480000")
    assert (body["is_joint"], body["with_science"], body["is_cross_cluster"]) == (
        True,
        True,
        False,
    )
    assert [(p["name"], p["kind"], p["role"]) for p in body["partners"]] == [
        ("Oderblech GmbH", "company", "lead"),
        ("Institut für Fügetechnik", "research_institute", "partner"),
    ]
    assert body["lead"]["name"] == "Oderblech GmbH"
    assert [(t["number"], t["is_primary"], t["assigned_by"]) for t in body["topics"]] == [
        ("4.4.2", True, "manual"),
        ("4.2.1", False, "manual"),
    ]
    assert body["topics"][0]["title"]
    assert [change["to_phase"] for change in body["phase_history"]] == ["running"]
    assert body["results"] is None
    assert body["assessment"] is None  # members do not see the assessment
    assert body["version"] == project.version


def test_public_project_is_readable_anonymously(client, project):
    Project.objects.filter(pk=project.pk).update(visibility=Visibility.PUBLIC)
    assert client.get(f"{BASE}/{project.pk}").status_code == 200
    assert client.get(BASE).json()["count"] == 1


def test_members_project_is_hidden_from_anonymous_and_outsiders(client, project, outsider):
    assert_error(client.get(f"{BASE}/{project.pk}"), 404)
    assert client.get(BASE).json() == {"count": 0, "items": []}
    assert_error(logged_in(outsider).get(f"{BASE}/{project.pk}"), 404)


def test_confidential_project_never_reaches_outsiders_or_members(
    client, confidential, project, outsider, member, cluster_manager
):
    Project.objects.filter(pk=project.pk).update(visibility=Visibility.PUBLIC)
    for user in (outsider, member):
        user_client = logged_in(user)
        assert_error(user_client.get(f"{BASE}/{confidential.pk}"), 404, "Nicht gefunden")
        assert "Geheimes Vorhaben" not in titles(user_client.get(BASE))
        # The public project shares the partner; the confidential one stays hidden.
        by_actor = user_client.get(BASE, {"actor": confidential.partners.first().actor_id})
        assert titles(by_actor) == ["Laserhybridschweißen hochfester Stähle"]
    assert_error(client.get(f"{BASE}/{confidential.pk}"), 404)
    manager = logged_in(cluster_manager)
    assert manager.get(f"{BASE}/{confidential.pk}").status_code == 200
    assert manager.get(BASE).json()["count"] == 2


def test_partner_representative_sees_a_confidential_project(confidential, company):
    representative = make_user("vertreter@clusterwerk.test")
    company.representatives.create(user=representative)
    response = logged_in(representative).get(f"{BASE}/{confidential.pk}")
    assert response.status_code == 200


def test_proposed_idea_is_seen_by_proposer_and_managers_only(
    member, board_member, cluster_manager, cluster, plan
):
    idea = services.propose_idea(user=member, cluster=cluster, data={"title": "Schweißroboter"})
    assert logged_in(member).get(f"{BASE}/{idea.pk}").status_code == 200
    assert logged_in(cluster_manager).get(f"{BASE}/{idea.pk}").status_code == 200
    assert_error(logged_in(board_member).get(f"{BASE}/{idea.pk}"), 404)


# --- filters and query counts -------------------------------------------------------------------


@pytest.fixture
def districts(db):
    return {
        ags: District.objects.create(
            ags=ags,
            name=name,
            kind=DistrictKind.RURAL_DISTRICT,
            nuts3="",
            state="Brandenburg",
            centroid_latitude=52.4,
            centroid_longitude=13.0,
        )
        for ags, name in (("12069", "Potsdam-Mittelmark"), ("12067", "Oder-Spree"))
    }


@pytest.fixture
def portfolio(cluster_manager, cluster, plan, programme, company, institute, districts):
    """Three projects: LaHyS (2019, ZIM, 4.4.2, lead in 12069), Duale Ausbildung (2018,
    no programme, 6.3.2, lead in 12067) and an idea-phase project (2020) with the institute."""
    company.district = districts["12069"]
    company.save()
    other = make_actor(cluster, "Spreeguss GmbH", district=districts["12067"])
    first = create(cluster_manager, cluster, company, institute)
    second = create(
        cluster_manager,
        cluster,
        company,
        institute,
        title="Ausbildungsverbund Metall",
        acronym="AVM",
        phase="completed",
        start_date="2018-01-01",
        end_date="2018-12-31",
        funding_programme="",
        partners=[{"actor": other.pk, "role": "lead"}],
        topics={"primary": "6.3.2"},
    )
    third = create(
        cluster_manager,
        cluster,
        company,
        institute,
        title="Idee Leichtbau",
        acronym="",
        phase="initiation",
        start_date="",
        end_date="",
        year_initiated=2020,
        funding_programme="",
        partners=[{"actor": institute.pk, "role": "lead"}],
        topics={"primary": "4.2.1"},
    )
    return {"first": first, "second": second, "third": third, "other": other}


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {},
            [
                "Idee Leichtbau",
                "Laserhybridschweißen hochfester Stähle",
                "Ausbildungsverbund Metall",
            ],
        ),
        ({"phase": "completed"}, ["Ausbildungsverbund Metall"]),
        ({"year": 2019}, ["Laserhybridschweißen hochfester Stähle"]),
        ({"topic": "4.2.1"}, ["Idee Leichtbau", "Laserhybridschweißen hochfester Stähle"]),
        ({"topic": "6.3.2"}, ["Ausbildungsverbund Metall"]),
        ({"programme": "zim"}, ["Laserhybridschweißen hochfester Stähle"]),
        ({"district": "12069"}, ["Laserhybridschweißen hochfester Stähle"]),
        ({"district": "12067"}, ["Ausbildungsverbund Metall"]),
        ({"cluster": "metall", "year": 2018}, ["Ausbildungsverbund Metall"]),
        ({"limit": 1, "offset": 1}, ["Laserhybridschweißen hochfester Stähle"]),
    ],
)
def test_filters(manager_client, portfolio, params, expected):
    assert titles(manager_client.get(BASE, params)) == expected


def test_actor_filter_finds_any_partner(manager_client, portfolio, institute):
    assert titles(manager_client.get(BASE, {"actor": institute.pk})) == [
        "Idee Leichtbau",
        "Laserhybridschweißen hochfester Stähle",
    ]
    body = manager_client.get(BASE, {"actor": portfolio["other"].pk, "limit": 1}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["lead"]["district"] == "12067"
    assert item["topics"][0]["number"] == "6.3.2"
    assert item["programme"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"topic": "9.9.9"}, "topic"),
        ({"programme": "gibtsnicht"}, "programme"),
        ({"district": "99999"}, "district"),
        ({"cluster": "gibtsnicht"}, "cluster"),
        ({"phase": "irgendwas"}, "query.phase"),
        ({"limit": 101}, "query.limit"),
        ({"year": "neunzehn"}, "query.year"),
    ],
)
def test_unusable_filters_get_422(manager_client, portfolio, params, field):
    body = assert_error(manager_client.get(BASE, params), 422)
    assert field in error_fields(body)


def test_list_query_count_is_constant(
    manager_client, portfolio, cluster_manager, cluster, company, institute
):
    def queries_for(params) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get(BASE, params).status_code == 200
        return len(captured)

    params = {"topic": "4.4.2", "limit": 100}
    few = queries_for(params)
    for number in range(25):
        create(
            cluster_manager,
            cluster,
            company,
            institute,
            title=f"Projekt {number:02d}",
            partner_clusters=["metall"],
        )
    many = queries_for(params)
    assert few == many
    assert manager_client.get(BASE, params).json()["count"] == 26


def test_list_and_detail_with_django_assert_num_queries(
    client, portfolio, cluster_manager, cluster, company, institute, django_assert_num_queries
):
    Project.objects.update(visibility=Visibility.PUBLIC)
    # the request's cluster (the API works for one since the tenant became explicit), count,
    # page, partners (with actors and districts), topics, topic titles
    with django_assert_num_queries(6):
        assert client.get(BASE).status_code == 200
    for number in range(10):
        create(
            cluster_manager, cluster, company, institute, title=f"P{number}", visibility="public"
        )
    with django_assert_num_queries(6):
        assert len(client.get(BASE).json()["items"]) == 13


# --- writing ------------------------------------------------------------------------------------


def create_body(company, institute, **changes) -> dict:
    return {"cluster": "metall", **project_data(company, institute, **changes)}


def test_manager_creates_a_project(manager_client, cluster, plan, programme, company, institute):
    response = send(manager_client, "post", BASE, create_body(company, institute))
    assert response.status_code == 201, response.content
    body = response.json()
    project = Project.objects.get()
    assert body["id"] == project.pk
    assert body["cluster"] == "metall"
    assert body["year_initiated"] == 2019
    assert body["with_science"] is True
    assert body["assessment"] == {"count": 0, "overall": None, "max_score": 5, "criteria": []}


def test_anonymous_write_is_401(client, project, company, institute):
    assert_error(send(client, "post", BASE, create_body(company, institute)), 401, "Anmeldung")
    assert_error(send(client, "patch", f"{BASE}/{project.pk}", {"version": 1}), 401)
    assert_error(send(client, "post", f"{BASE}/ideas", {"title": "x"}), 401)
    assert_error(send(client, "post", f"{BASE}/{project.pk}/assessment", {"scores": {}}), 401)


def test_member_cannot_create_patch_or_change_phase(member, project, company, institute):
    member_client = logged_in(member)
    assert_error(send(member_client, "post", BASE, create_body(company, institute)), 403)
    # Even invalid data: the permission comes first.
    assert_error(
        send(member_client, "post", BASE, create_body(company, institute, total_volume="-1")),
        403,
    )
    assert_error(
        send(member_client, "patch", f"{BASE}/{project.pk}", {"version": 1, "title": "Neu"}),
        403,
    )
    assert_error(
        send(member_client, "post", f"{BASE}/{project.pk}/phase", {"to_phase": "completed"}), 403
    )
    assert Project.objects.get().title == "Laserhybridschweißen hochfester Stähle"


def test_manager_of_another_cluster_cannot_create_here(
    other_cluster, plan, programme, company, institute
):
    other_manager = make_user("andere@clusterwerk.test", other_cluster, Role.CLUSTER_MANAGER)
    response = send(logged_in(other_manager), "post", BASE, create_body(company, institute))
    assert_error(response, 403, "Clustermanagement")
    assert not Project.objects.exists()


def test_outsider_patching_a_confidential_project_gets_404(outsider, confidential):
    response = send(logged_in(outsider), "patch", f"{BASE}/{confidential.pk}", {"version": 1})
    assert_error(response, 404)


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"start_date": "2020-01-01", "end_date": "2019-01-01"}, "end_date", "vor dem Beginn"),
        ({"total_volume": "-5"}, "total_volume", "nicht negativ"),
        ({"funding_amount": -1}, "funding_amount", "nicht negativ"),
        ({"topics": {"primary": "9.9.9"}}, "topics", "Unbekannte Themenbereiche: 9.9.9"),
        ({"funding_programme": "gibtsnicht"}, "funding_programme", "Unbekanntes Förderprogramm"),
        ({"title": ""}, "title", "erforderlich"),
        ({"start_date": "kein Datum"}, "start_date", "JJJJ-MM-TT"),
        ({"partners": "keine Liste"}, "partners", "Liste"),
    ],
)
def test_bad_input_gets_422_by_field_and_writes_nothing(
    manager_client, cluster, plan, programme, company, institute, changes, field, fragment
):
    response = send(manager_client, "post", BASE, create_body(company, institute, **changes))
    body = assert_error(response, 422, fragment)
    assert field in error_fields(body)
    assert not Project.objects.exists()


def test_the_same_partner_twice_gets_422(manager_client, plan, programme, company, institute):
    partners = [{"actor": company.pk, "role": "lead"}, {"actor": company.pk, "role": "partner"}]
    response = send(
        manager_client, "post", BASE, create_body(company, institute, partners=partners)
    )
    body = assert_error(response, 422, "bereits Partner")
    assert "partners.2" in error_fields(body)
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"cluster": "gibtsnicht"}, "cluster"),
        ({"unknown_field": 1}, "body.payload.unknown_field"),
    ],
)
def test_unknown_cluster_or_field_gets_422(
    manager_client, plan, programme, company, institute, body, field
):
    response = send(manager_client, "post", BASE, {**create_body(company, institute), **body})
    assert field in error_fields(assert_error(response, 422))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"topics": {"primary": "4.4.2", "secondary": 5}}, "topics"),
        ({"partners": [{"actor": 10**30, "role": "lead"}]}, "partners.1"),
        ({"partners": [{"actor": 1, "role": ["lead"]}]}, "partners.1"),
        ({"year_initiated": 10**30}, "year_initiated"),
        ({"visibility": [1]}, "visibility"),
        ({"title": 123}, "title"),
    ],
)
def test_odd_shapes_get_422_not_500(
    manager_client, plan, programme, company, institute, changes, field
):
    response = send(manager_client, "post", BASE, create_body(company, institute, **changes))
    assert field in error_fields(assert_error(response, 422))


def test_huge_ids_get_422_or_404_not_500(manager_client, plan):
    assert_error(manager_client.get(f"{BASE}/{10**30}"), 422)
    assert_error(manager_client.get(BASE, {"actor": 10**30}), 422)
    assert_error(manager_client.get(BASE, {"topic": "x" * 500}), 422)
    assert manager_client.get(BASE, {"offset": 10**30}).json() == {"count": 0, "items": []}


def test_bad_json_never_500(manager_client, project):
    assert send(manager_client, "post", BASE, "{kein json").status_code == 400
    assert send(manager_client, "post", BASE, "[]").status_code == 422
    response = send(manager_client, "patch", f"{BASE}/{project.pk}", {"version": "alt"})
    assert_error(response, 422)


def test_manager_patches_with_the_current_version(manager_client, project, company):
    response = send(
        manager_client,
        "patch",
        f"{BASE}/{project.pk}",
        {
            "version": project.version,
            "title": "LaHyS II",
            "partners": [{"actor": company.pk, "role": "lead"}],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "LaHyS II"
    assert body["version"] == project.version + 1
    assert (body["is_joint"], body["with_science"]) == (False, False)
    assert body["acronym"] == "LaHyS"  # untouched fields stay


def test_patch_with_bad_data_gets_422(manager_client, project):
    response = send(
        manager_client,
        "patch",
        f"{BASE}/{project.pk}",
        {"version": project.version, "end_date": "2018-01-01"},
    )
    assert "end_date" in error_fields(assert_error(response, 422, "vor dem Beginn"))
    # Checked against the stored total volume (480,000 €).
    response = send(
        manager_client,
        "patch",
        f"{BASE}/{project.pk}",
        {"version": project.version, "funding_amount": "500000"},
    )
    assert "funding_amount" in error_fields(assert_error(response, 422, "Projektvolumen"))
    assert (
        send(
            manager_client, "patch", f"{BASE}/{project.pk}", {"version": 1, "phase": "completed"}
        ).status_code
        == 422
    )  # phases change through /phase


def test_stale_version_gets_409_with_the_current_state(manager_client, project):
    stale = project.version
    first = send(manager_client, "patch", f"{BASE}/{project.pk}", {"version": stale, "title": "A"})
    assert first.status_code == 200
    second = send(manager_client, "patch", f"{BASE}/{project.pk}", {"version": stale, "title": "B"})
    body = assert_error(second, 409, "inzwischen geändert")
    assert body["version"] == stale + 1
    assert body["current"]["title"] == "A"
    assert body["current"]["topics"] == {
        "primary": "4.4.2",
        "secondary": ["4.2.1"],
        "assigned_by": "manual",
    }
    assert body["current"]["funding_programme"] == "zim"
    assert Project.objects.get().title == "A"


def test_phase_change_is_dated_and_in_the_history(manager_client, project):
    response = send(
        manager_client,
        "post",
        f"{BASE}/{project.pk}/phase",
        {"to_phase": "completed", "changed_on": "2099-01-01", "note": "Schlussbericht"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["phase"] == "completed"
    assert body["phase_history"][-1] == {
        "from_phase": "running",
        "to_phase": "completed",
        "to_phase_label": "abgeschlossen",
        "changed_on": "2099-01-01",
        "note": "Schlussbericht",
    }
    again = send(manager_client, "post", f"{BASE}/{project.pk}/phase", {"to_phase": "completed"})
    assert "to_phase" in error_fields(assert_error(again, 422, "bereits in dieser Phase"))
    earlier = send(
        manager_client,
        "post",
        f"{BASE}/{project.pk}/phase",
        {"to_phase": "running", "changed_on": "2000-01-01"},
    )
    assert "changed_on" in error_fields(assert_error(earlier, 422))
    unknown = send(manager_client, "post", f"{BASE}/{project.pk}/phase", {"to_phase": "x"})
    assert_error(unknown, 422, "Unbekannte Phase")


def test_member_proposes_an_idea_and_manager_accepts_it(member, cluster_manager, plan):
    response = send(
        logged_in(member),
        "post",
        f"{BASE}/ideas",
        {"title": "Schweißroboter für Kleinserien", "topics": {"primary": "4.4.2"}},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["phase"], body["idea_status"], body["visibility"]) == (
        "idea",
        "proposed",
        "cluster_management",
    )
    idea = Project.objects.get(pk=body["id"])
    assert idea.proposed_by == member
    manager = logged_in(cluster_manager)
    refused = send(manager, "post", f"{BASE}/{idea.pk}/decision", {"accept": False})
    assert "reason" in error_fields(assert_error(refused, 422, "begründen"))
    accepted = send(manager, "post", f"{BASE}/{idea.pk}/decision", {"accept": True})
    assert accepted.json()["idea_status"] == IdeaStatus.ACCEPTED


def test_outsider_cannot_propose_and_bad_idea_gets_422(outsider, member, plan):
    response = send(logged_in(outsider), "post", f"{BASE}/ideas", {"title": "Idee"})
    assert_error(response, 403)
    bad = send(
        logged_in(member), "post", f"{BASE}/ideas", {"title": "", "topics": {"primary": "1"}}
    )
    assert error_fields(assert_error(bad, 422)) == {"title", "topics"}
    assert not Project.objects.exists()


# --- assessment ---------------------------------------------------------------------------------


@pytest.fixture
def criteria(cluster):
    rows = [("masterplan", "Masterplan-Bezug", "2"), ("innovation", "Innovationsgrad", "1")]
    created = [
        AssessmentCriterion.objects.create(
            cluster=cluster, key=key, name=name, weight=Decimal(weight), order=order
        )
        for order, (key, name, weight) in enumerate(rows)
    ]
    AssessmentCriterion.objects.create(
        cluster=cluster, key="alt", name="Altes Kriterium", weight=Decimal(5), is_active=False
    )
    return created


def test_assessment_aggregate_is_the_weighted_mean(
    project, criteria, cluster_manager, board_member, member
):
    manager = send(
        logged_in(cluster_manager),
        "post",
        f"{BASE}/{project.pk}/assessment",
        {"scores": {"masterplan": 5, "innovation": 2}, "comment": "stark"},
    )
    assert manager.status_code == 200, manager.content
    board = send(
        logged_in(board_member),
        "post",
        f"{BASE}/{project.pk}/assessment",
        {"scores": {"masterplan": 3, "innovation": 4}},
    )
    assert board.status_code == 200, board.content
    # means: masterplan 4, innovation 3; weighted (2·4 + 1·3) / 3 = 3.67
    assert board.json() == {
        "count": 2,
        "overall": 3.67,
        "max_score": 5,
        "criteria": [
            {
                "key": "masterplan",
                "name": "Masterplan-Bezug",
                "weight": 2.0,
                "mean": 4.0,
                "count": 2,
            },
            {
                "key": "innovation",
                "name": "Innovationsgrad",
                "weight": 1.0,
                "mean": 3.0,
                "count": 2,
            },
        ],
    }
    assert assessment_summary(project).overall == 3.67
    detail = logged_in(board_member).get(f"{BASE}/{project.pk}").json()
    assert detail["assessment"]["overall"] == 3.67
    assert logged_in(member).get(f"{BASE}/{project.pk}").json()["assessment"] is None


def test_assessment_permissions_and_validation(project, criteria, cluster_manager, member):
    forbidden = send(
        logged_in(member),
        "post",
        f"{BASE}/{project.pk}/assessment",
        {"scores": {"masterplan": 5, "innovation": 2}},
    )
    assert_error(forbidden, 403)
    bad = send(
        logged_in(cluster_manager),
        "post",
        f"{BASE}/{project.pk}/assessment",
        {"scores": {"masterplan": 9, "gibtsnicht": 1}},
    )
    assert error_fields(assert_error(bad, 422)) == {"masterplan", "innovation", "gibtsnicht"}


def test_summary_without_assessments_and_with_zero_weights(project, criteria):
    summary = assessment_summary(project)
    assert (summary.count, summary.overall) == (0, None)
    assert [item.mean for item in summary.criteria] == [None, None]
    AssessmentCriterion.objects.filter(cluster=project.cluster).update(weight=0)
    assert assessment_summary(project).overall is None


# --- classification -----------------------------------------------------------------------------


def test_classify_returns_numbered_suggestions(client, plan):
    response = send(
        client,
        "post",
        f"{BASE}/classify",
        {"text": "Schweißen und Fügen dicker Bleche mit neuen Fertigungstechnologien", "limit": 2},
    )
    assert response.status_code == 200, response.content
    suggestions = response.json()
    assert 1 <= len(suggestions) <= 2
    for suggestion in suggestions:
        assert set(suggestion) == {"number", "title", "score", "reasons"}
        assert isinstance(suggestion["score"], float)
        assert isinstance(suggestion["reasons"], list)
    assert suggestions[0]["number"] == "4.4.2"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "x" * 5001}, "body.payload.text"),
        ({"text": "Fräsen", "limit": 11}, "body.payload.limit"),
        ({"text": "Fräsen", "cluster": "gibtsnicht"}, "cluster"),
    ],
)
def test_classify_refuses_bad_input(client, plan, body, field):
    response = send(client, "post", f"{BASE}/classify", body)
    assert field in error_fields(assert_error(response, 422))


def test_classify_without_published_plan_gets_422(client, cluster):
    response = send(client, "post", f"{BASE}/classify", {"text": "Fräsen"})
    assert "cluster" in error_fields(assert_error(response, 422, "veröffentlichte"))


def test_classify_empty_text_gives_no_suggestions(client, plan):
    assert send(client, "post", f"{BASE}/classify", {"text": "  "}).json() == []


def test_no_500_for_a_missing_project(manager_client):
    assert_error(manager_client.get(f"{BASE}/999999"), 404)
    assert_error(send(manager_client, "patch", f"{BASE}/999999", {"version": 1}), 404)
