import pytest
from django.urls import reverse

from clusterwerk.projects import services
from clusterwerk.projects.models import AssessmentCriterion, Project
from clusterwerk.projects.tests.test_services import project_data


@pytest.fixture
def project(cluster_manager, cluster, plan, programme, company, institute):
    return services.create_project(
        user=cluster_manager, cluster=cluster, data=project_data(company, institute)
    )


@pytest.fixture
def secret(cluster_manager, cluster, plan, programme, company, institute):
    return services.create_project(
        user=cluster_manager,
        cluster=cluster,
        data=project_data(
            company, institute, title="Geheimes Vorhaben", visibility="cluster_management"
        ),
    )


def test_list_and_detail_for_members(member_client_factory, project, secret):
    browser = member_client_factory("member")
    page = browser.get(reverse("projects:list")).content.decode()
    assert "Laserhybridschweißen" in page
    assert "Geheimes Vorhaben" not in page
    detail = browser.get(project.get_absolute_url())
    assert detail.status_code == 200
    assert "4.4.2" in detail.content.decode()
    assert browser.get(secret.get_absolute_url()).status_code == 404


def test_outsiders_never_see_confidential_projects(client, member_client_factory, project, secret):
    for browser in (client, member_client_factory("outsider")):
        assert "Geheimes Vorhaben" not in browser.get(reverse("projects:list")).content.decode()
        assert browser.get(secret.get_absolute_url()).status_code == 404
    assert (
        "Geheimes"
        in member_client_factory("cluster_manager").get(reverse("projects:list")).content.decode()
    )


def test_list_filters(member_client_factory, project):
    browser = member_client_factory("cluster_manager")
    assert "LaHyS" in browser.get(reverse("projects:list") + "?topic=4.4.2").content.decode()
    assert "LaHyS" not in browser.get(reverse("projects:list") + "?topic=4.2.2").content.decode()
    assert (
        "LaHyS"
        in browser.get(reverse("projects:list") + "?year=2019&phase=running").content.decode()
    )
    assert "LaHyS" not in browser.get(reverse("projects:list") + "?programme=efre").content.decode()
    assert browser.get(reverse("projects:list") + "?year=abc&page=x").status_code == 200


def test_list_query_count_is_constant(
    django_assert_max_num_queries,
    member_client_factory,
    cluster_manager,
    cluster,
    plan,
    programme,
    company,
    institute,
):
    browser = member_client_factory("member")
    for number in range(12):
        services.create_project(
            user=cluster_manager,
            cluster=cluster,
            data=project_data(company, institute, title=f"Projekt {number}"),
        )
    with django_assert_max_num_queries(15):
        assert browser.get(reverse("projects:list")).status_code == 200


def test_manager_creates_through_the_form_with_errors_first(
    member_client_factory, cluster, plan, programme, company, institute
):
    browser = member_client_factory("cluster_manager")
    data = {
        "title": "Digitale Auftragsabwicklung im Handwerk",
        "phase": "initiation",
        "visibility": "members",
        "start_date": "2020-05-01",
        "end_date": "2020-01-01",
        "total_volume": "-10",
        "primary_topic": "4.4.2",
        "partners": f"{company.name}\n{company.name}",
    }
    response = browser.post(reverse("projects:create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Das Ende liegt vor dem Beginn." in page
    assert "nicht negativ" in page
    assert "bereits Partner" in page
    assert not Project.objects.exists()

    data.update(
        end_date="2021-04-30", total_volume="120000", partners=f"{company.name}\n{institute.pk}"
    )
    response = browser.post(reverse("projects:create"), data)
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.with_science


def test_members_cannot_create_or_edit(member_client_factory, project):
    browser = member_client_factory("member")
    assert browser.get(reverse("projects:create")).status_code == 403
    assert browser.get(reverse("projects:edit", args=[project.pk])).status_code == 403
    assert browser.post(reverse("projects:phase", args=[project.pk]), {}).status_code == 403


def test_phase_change_through_the_detail_page(member_client_factory, project):
    browser = member_client_factory("cluster_manager")
    response = browser.post(
        reverse("projects:phase", args=[project.pk]),
        {"to_phase": "completed", "changed_on": "2099-01-01", "note": "fertig"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.phase == "completed"


def test_member_proposes_an_idea_and_manager_accepts(member_client_factory, cluster, plan):
    member = member_client_factory("member")
    response = member.post(
        reverse("projects:idea-propose"),
        {"title": "Gemeinsamer Prüfstand", "description": "Prüfstand für Schweißnähte teilen."},
    )
    assert response.status_code == 302
    idea = Project.objects.get()
    manager = member_client_factory("cluster_manager")
    assert "Gemeinsamer Prüfstand" in manager.get(reverse("projects:idea-queue")).content.decode()
    manager.post(reverse("projects:idea-decide", args=[idea.pk]), {"decision": "accept"})
    idea.refresh_from_db()
    assert idea.idea_status == "accepted"


def test_assessment_by_the_advisory_board(member_client_factory, project, cluster):
    AssessmentCriterion.objects.create(
        cluster=cluster, key="innovation", name="Innovationsgrad", weight=60
    )
    AssessmentCriterion.objects.create(
        cluster=cluster, key="kooperation", name="Kooperation", weight=40
    )
    board = member_client_factory("board_member")
    response = board.post(
        reverse("projects:assess", args=[project.pk]),
        {"score_innovation": "5", "score_kooperation": "0", "comment": "stark"},
    )
    assert response.status_code == 302
    page = board.get(project.get_absolute_url()).content.decode()
    assert "3,0 von 5 Punkten" in page
    assert (
        member_client_factory("member")
        .post(reverse("projects:assess", args=[project.pk]), {})
        .status_code
        == 403
    )


def test_topic_area_and_actor_pages_list_visible_projects(
    client, member_client_factory, project, secret, plan, company
):
    url = reverse("portal:topic-area", args=[plan.slug, "4.4.2"])
    member = member_client_factory("member")
    page = member.get(url).content.decode()
    assert "LaHyS" in page and "Geheimes Vorhaben" not in page
    assert "LaHyS" not in client.get(url).content.decode()  # members-only project
    profile = member.get(company.get_absolute_url()).content.decode()
    assert "LaHyS" in profile and "Geheimes Vorhaben" not in profile


def test_topic_suggestions_partial(client, plan):
    response = client.post(
        reverse("projects:suggest"),
        {"title": "Leichtbau", "description": "Leichte Bauteile aus neuen Werkstoffen."},
    )
    assert response.status_code == 200
    assert "<li>" in response.content.decode()
    empty = client.post(reverse("projects:suggest"), {"title": "", "description": ""})
    assert "Noch keine Vorschläge" in empty.content.decode()


def test_manager_records_support_and_results(member_client_factory, project):
    manager = member_client_factory("cluster_manager")
    response = manager.post(
        reverse("projects:support", args=[project.pk]),
        {"date": "2020-02-01", "kind": "application_advice", "description": "ZIM-Antrag"},
    )
    assert response.status_code == 302
    assert project.support_activities.get().kind == "application_advice"
    manager.post(
        reverse("projects:results", args=[project.pk]),
        {
            "new_products": "2",
            "new_processes": "1",
            "patents": "0",
            "jobs_created": "3",
            "follow_up_projects": "1",
            "success_story": "Serienreif.",
        },
    )
    project.refresh_from_db()
    assert project.results.jobs_created == 3
    manager.post(reverse("projects:results", args=[project.pk]), {"new_products": "-1"})
    project.refresh_from_db()
    assert project.results.new_products == 2
    member = member_client_factory("member")
    assert member.post(reverse("projects:support", args=[project.pk]), {}).status_code == 403
