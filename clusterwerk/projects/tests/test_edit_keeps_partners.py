"""No lost edits in the project form: changing one thing changes exactly that thing. Partner
lines and topics the person did not touch stay as they are (roles, topics of earlier
editions, who assigned a topic and with which score), also where a partner's name is
ambiguous or the partner has been archived since."""

import uuid

import pytest
from django.urls import reverse

from clusterwerk.actors.models import ActorStatus
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.actors.tests.form_support import page_form
from clusterwerk.projects import services
from clusterwerk.projects.models import (
    AssignmentSource,
    Project,
    ProjectHistory,
    ProjectPartner,
    ProjectTopicArea,
)
from clusterwerk.projects.tests.test_services import project_data

pytestmark = pytest.mark.django_db

OLD_EDITION_LINEAGE = uuid.UUID("00000000-0000-4000-8000-000000000042")


@pytest.fixture
def project(cluster_manager, cluster, other_cluster, plan, programme, company, institute):
    project = services.create_project(
        user=cluster_manager, cluster=cluster, data=project_data(company, institute)
    )
    project.topics.filter(is_primary=True).update(
        assigned_by=AssignmentSource.SUGGESTION, score=0.83
    )
    ProjectTopicArea.objects.create(
        project=project, lineage=OLD_EDITION_LINEAGE, assigned_by=AssignmentSource.IMPORT
    )
    project.partner_clusters.set([other_cluster])
    return project


def state(project):
    """Everything the edit form could touch, read from the database."""
    project = Project.objects.get(pk=project.pk)
    scalars = {name: getattr(project, name) for name in services.SCALAR_FIELDS}
    return {
        **scalars,
        "partners": sorted(project.partners.values_list("pk", "actor_id", "role")),
        "topics": sorted(
            project.topics.values_list("pk", "lineage", "is_primary", "assigned_by", "score")
        ),
        "partner_clusters": sorted(project.partner_clusters.values_list("pk", flat=True)),
    }


def edit(browser, project, **changes):
    url = reverse("projects:edit", args=[project.pk])
    data = page_form(browser, url)
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return browser.post(url, data, follow=True)


def test_changing_the_title_keeps_partners_topics_and_everything_else(
    member_client_factory, project
):
    before = state(project)
    response = edit(member_client_factory("cluster_manager"), project, title="LaHyS II")
    assert "Das Projekt wurde gespeichert." in response.content.decode()
    assert state(project) == {**before, "title": "LaHyS II"}


def test_an_unchanged_submit_writes_nothing(member_client_factory, project):
    before, version = state(project), project.version
    history = ProjectHistory.objects.filter(project=project).count()
    response = edit(member_client_factory("cluster_manager"), project)
    assert "Keine Änderungen – es gab nichts zu speichern." in response.content.decode()
    assert state(project) == before
    project.refresh_from_db()
    assert project.version == version
    assert ProjectHistory.objects.filter(project=project).count() == history


def test_a_partner_with_an_ambiguous_name_stays_and_roles_can_change(
    member_client_factory, project, cluster, company, institute
):
    make_actor(cluster, company.name, slug="oderblech-gmbh-2", postal_code="15230")
    browser = member_client_factory("cluster_manager")
    before = state(project)
    edit(browser, project, acronym="LaHyS-2")
    assert state(project) == {**before, "acronym": "LaHyS-2"}

    lines = f"{company.name}; Konsortialführung\n{institute.name}; assoziierter Partner"
    response = edit(browser, project, partners=lines)
    assert response.status_code == 200
    assert sorted(ProjectPartner.objects.filter(project=project).values_list("actor", "role")) == [
        (company.pk, "lead"),
        (institute.pk, "associated"),
    ]
    after = state(project)
    assert {key: value for key, value in after.items() if key != "partners"} == {
        **{key: value for key, value in before.items() if key != "partners"},
        "acronym": "LaHyS-2",
    }


def test_an_archived_partner_does_not_block_or_vanish_in_an_unrelated_edit(
    member_client_factory, project, institute
):
    institute.status = ActorStatus.ARCHIVED
    institute.save(update_fields=["status"])
    before = state(project)
    response = edit(member_client_factory("cluster_manager"), project, description="Neu.")
    assert "Das Projekt wurde gespeichert." in response.content.decode()
    assert state(project) == {**before, "description": "Neu."}


def test_browser_line_breaks_do_not_count_as_a_partner_change(member_client_factory, project):
    before = state(project)
    url = reverse("projects:edit", args=[project.pk])
    browser = member_client_factory("cluster_manager")
    data = page_form(browser, url)
    data["partners"] = [data["partners"][0].replace("\n", "\r\n") + "\r\n"]
    data["acronym"] = ["LHS"]
    browser.post(url, data)
    assert state(project) == {**before, "acronym": "LHS"}


def test_changing_a_secondary_topic_keeps_the_primary_ones_origin(member_client_factory, project):
    before = state(project)
    edit(member_client_factory("cluster_manager"), project, secondary_topics=["6.3.2"])
    after = state(project)
    primary = [row for row in after["topics"] if row[2]]
    assert [row[1:] for row in primary] == [row[1:] for row in before["topics"] if row[2]]
    kept = [row for row in after["topics"] if row[1] == OLD_EDITION_LINEAGE]
    assert [row[2:4] for row in kept] == [(False, AssignmentSource.IMPORT)]
    assert len(after["topics"]) == 3  # primary, the new secondary and the earlier edition's
    assert {key: value for key, value in after.items() if key != "topics"} == {
        key: value for key, value in before.items() if key != "topics"
    }
