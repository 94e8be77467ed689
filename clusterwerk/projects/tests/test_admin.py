from django.urls import reverse

from clusterwerk.projects.models import AssessmentCriterion
from conftest import make_user


def test_staff_configures_criteria_and_looks_at_projects(client, cluster):
    AssessmentCriterion.objects.create(
        cluster=cluster, key="innovation", name="Innovation", weight=25
    )
    admin = make_user("admin@clusterwerk.test", is_staff=True, is_superuser=True)
    client.force_login(admin)
    for name in ("projects_assessmentcriterion", "projects_fundingprogramme", "projects_project"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:projects_project_add")).status_code == 403
