import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clusterwerk.core.exceptions import EditConflict
from clusterwerk.projects import services
from clusterwerk.projects.models import (
    IdeaStatus,
    PhaseChange,
    Project,
    ProjectPhase,
)
from clusterwerk.projects.queries import visible_projects


def project_data(company, institute, **changes):
    data = {
        "title": "Laserhybridschweißen hochfester Stähle",
        "acronym": "LaHyS",
        "description": "Qualifizierung des Laserhybridschweißens für dicke Bleche.",
        "phase": "running",
        "start_date": "2019-03-01",
        "end_date": "2021-02-28",
        "is_rdi": True,
        "funding_programme": "zim",
        "total_volume": "480000",
        "funding_amount": "260000",
        "regional_volume": "400000",
        "visibility": "members",
        "partners": [
            {"actor": company.pk, "role": "lead"},
            {"actor": institute.pk, "role": "partner"},
        ],
        "topics": {"primary": "4.4.2", "secondary": ["4.2.1"]},
    }
    data.update(changes)
    return data


def test_manager_creates_a_joint_project_with_science(
    cluster_manager, cluster, plan, programme, company, institute
):
    project = services.create_project(
        user=cluster_manager, cluster=cluster, data=project_data(company, institute)
    )
    assert project.year_initiated == 2019
    assert (project.is_joint, project.with_science, project.is_cross_cluster) == (True, True, False)
    assert project.topics.get(is_primary=True).lineage
    assert project.topics.count() == 2
    assert PhaseChange.objects.get(project=project).to_phase == ProjectPhase.RUNNING


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"start_date": "2020-01-01", "end_date": "2019-01-01"}, "end_date"),
        ({"total_volume": "-5"}, "total_volume"),
        ({"funding_amount": "900000"}, "funding_amount"),
        ({"topics": {"primary": "9.9.9"}}, "topics"),
        ({"funding_programme": "gibtsnicht"}, "funding_programme"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_gets_a_german_error_and_writes_nothing(
    cluster_manager, cluster, plan, programme, company, institute, changes, key
):
    with pytest.raises(ValidationError) as error:
        services.create_project(
            user=cluster_manager, cluster=cluster, data=project_data(company, institute, **changes)
        )
    assert key in error.value.message_dict
    assert not Project.objects.exists()


def test_the_same_partner_twice_is_refused(
    cluster_manager, cluster, plan, programme, company, institute
):
    partners = [{"actor": company.pk, "role": "lead"}, {"actor": company.pk, "role": "partner"}]
    with pytest.raises(ValidationError) as error:
        services.create_project(
            user=cluster_manager,
            cluster=cluster,
            data=project_data(company, institute, partners=partners),
        )
    assert "bereits Partner" in error.value.message_dict["partners.2"][0]


def test_members_cannot_create_but_can_propose_ideas(
    member, cluster_manager, outsider, cluster, plan, company, institute
):
    with pytest.raises(PermissionDenied):
        services.create_project(user=member, cluster=cluster, data={"title": "X"})
    idea = services.propose_idea(
        user=member, cluster=cluster, data={"title": "Gemeinsamer Prüfstand", "description": "…"}
    )
    assert idea.idea_status == IdeaStatus.PROPOSED
    assert idea in visible_projects(member)
    assert idea in visible_projects(cluster_manager)
    assert idea not in visible_projects(outsider)
    with pytest.raises(ValidationError):
        services.decide_idea(project=idea, user=cluster_manager, accept=False, reason="")
    services.decide_idea(project=idea, user=cluster_manager, accept=True)
    assert Project.objects.get(pk=idea.pk).idea_status == IdeaStatus.ACCEPTED


def test_phase_changes_are_dated_and_ordered(
    cluster_manager, cluster, plan, programme, company, institute
):
    project = services.create_project(
        user=cluster_manager,
        cluster=cluster,
        data=project_data(company, institute, phase="application"),
    )
    services.change_phase(
        project=project,
        user=cluster_manager,
        to_phase=ProjectPhase.RUNNING,
        changed_on=datetime.date.today(),
    )
    with pytest.raises(ValidationError):
        services.change_phase(
            project=project,
            user=cluster_manager,
            to_phase=ProjectPhase.COMPLETED,
            changed_on=datetime.date(2000, 1, 1),
        )
    assert list(project.phase_changes.values_list("to_phase", flat=True)) == [
        "application",
        "running",
    ]


def test_confidential_projects_are_hidden_from_outsiders(
    cluster_manager, outsider, member, client, cluster, plan, programme, company, institute
):
    project = services.create_project(
        user=cluster_manager,
        cluster=cluster,
        data=project_data(company, institute, visibility="cluster_management"),
    )
    assert project not in visible_projects(outsider)
    assert project not in visible_projects(member)
    assert project in visible_projects(cluster_manager)


def test_stale_version_is_refused(cluster_manager, cluster, plan, programme, company, institute):
    project = services.create_project(
        user=cluster_manager, cluster=cluster, data=project_data(company, institute)
    )
    services.update_project(
        project=project, user=cluster_manager, expected_version=1, data={"acronym": "NEU"}
    )
    with pytest.raises(EditConflict):
        services.update_project(
            project=project, user=cluster_manager, expected_version=1, data={"acronym": "ALT"}
        )


def test_odd_shapes_are_validation_errors(
    cluster_manager, cluster, plan, programme, company, institute
):
    for changes in (
        {"topics": {"primary": "4.4.2", "secondary": 5}},
        {"partners": [{"actor": 2**70, "role": "lead"}]},
    ):
        with pytest.raises(ValidationError):
            services.create_project(
                user=cluster_manager,
                cluster=cluster,
                data=project_data(company, institute, **changes),
            )
