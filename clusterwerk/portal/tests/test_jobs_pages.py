"""The pages of background jobs: the management's list, a job's progress (full page and the
htmx partial), its file; the funnel hides other people's and other clusters' jobs."""

import pytest
from django.urls import reverse

from clusterwerk.core.models import Job, JobState

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_export(cluster, member):
    return Job.objects.create(
        cluster=cluster,
        kind="actors.export",
        title="Export des Akteursverzeichnisses (XLSX)",
        requested_by=member,
        state=JobState.SUCCEEDED,
        file_name="akteure.xlsx",
        file_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        file_content=b"PK-not-really",
    )


def test_the_management_lists_the_clusters_jobs_with_the_queue(manager_client, finished_export):
    response = manager_client.get(reverse("portal:jobs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Export des Akteursverzeichnisses (XLSX)" in page
    assert "fertig" in page
    assert "Aufträge bleiben liegen, bis ein Hintergrundprozess läuft" in page


def test_members_may_not_see_the_list(member_client_factory):
    response = member_client_factory("member").get(reverse("portal:jobs"))
    assert response.status_code == 403


def test_the_requester_follows_progress_and_downloads_the_file(
    member_client_factory, finished_export
):
    client = member_client_factory("member")
    running = Job.objects.create(
        cluster=finished_export.cluster,
        kind="participation.export",
        title="Export der Beiträge",
        requested_by=finished_export.requested_by,
        state=JobState.RUNNING,
        progress_done=250,
        progress_total=1000,
    )
    page = client.get(reverse("portal:job", args=[running.pk])).content.decode()
    assert 'value="25"' in page and "250 von 1000" in page
    assert 'hx-trigger="every 1s"' in page

    partial = client.get(reverse("portal:job", args=[running.pk]), HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith('<div class="job-progress')

    done = client.get(reverse("portal:job", args=[finished_export.pk])).content.decode()
    assert "hx-trigger" not in done
    assert "akteure.xlsx herunterladen" in done
    download = client.get(reverse("portal:job-file", args=[finished_export.pk]))
    assert download.status_code == 200
    assert download.content == b"PK-not-really"
    assert download["Content-Disposition"] == 'attachment; filename="akteure.xlsx"'


@pytest.mark.parametrize("persona", ["board_member", "other_cluster_manager"])
def test_other_people_get_404(member_client_factory, finished_export, persona):
    client = member_client_factory(persona)
    assert client.get(reverse("portal:job", args=[finished_export.pk])).status_code == 404
    assert client.get(reverse("portal:job-file", args=[finished_export.pk])).status_code == 404


def test_the_management_may_open_a_members_job(manager_client, finished_export):
    response = manager_client.get(reverse("portal:job-file", args=[finished_export.pk]))
    assert response.status_code == 200


def test_the_list_shows_the_installations_periodic_runs_but_not_other_clusters_jobs(
    manager_client, other_cluster
):
    Job.objects.create(
        kind="periodic", title="Wochen-Digest der Börse 2026-W49", run_key="match_digest:2026-W49"
    )
    Job.objects.create(kind="actors.import", title="Import anderer Cluster", cluster=other_cluster)
    Job.objects.create(kind="oneoff", title="Ohne Cluster und ohne Lauf")
    page = manager_client.get(reverse("portal:jobs")).content.decode()
    assert "Wochen-Digest der Börse 2026-W49" in page
    assert "Import anderer Cluster" not in page
    assert "Ohne Cluster und ohne Lauf" not in page


def test_an_import_job_opens_on_the_import_page(manager_client, cluster, cluster_manager):
    job = Job.objects.create(
        cluster=cluster, kind="actors.import", title="Import", requested_by=cluster_manager
    )
    response = manager_client.get(reverse("portal:job", args=[job.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("actors:import-job", args=[job.pk])
