"""The import page of the cluster management (actors:import) and the template file."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from clusterwerk.accounts.services import system_user
from clusterwerk.actors.importing import COLUMNS, import_actors
from clusterwerk.actors.models import Actor
from clusterwerk.actors.tests.transfer_support import (
    csv_bytes,
    load_transfer_reference,
    sample_rows,
    xlsx_bytes,
)
from clusterwerk.actors.views.transfer import import_template

URL = reverse("actors:import")


@pytest.fixture
def reference(cluster):
    load_transfer_reference(cluster)
    return cluster


def upload(data: bytes, name: str = "akteure.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def import_via_page(django_capture_on_commit_callbacks):
    """Post to the import page like a browser: the upload becomes a job (run at once by the
    tests' task backend once the request commits) and the answer sends the browser to the
    job's page, which shows the result."""

    def post(client, data, url=URL):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        if response.status_code != 302:
            return response
        assert "/akteure/import/" in response["Location"]
        return client.get(response["Location"])

    return post


def test_anonymous_is_sent_to_login(client, reference):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["member", "outsider", "board_member"])
def test_others_get_403_and_nothing_is_written(member_client_factory, reference, persona):
    client = member_client_factory(persona)
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"file": upload(csv_bytes(sample_rows()))})
    assert response.status_code == 403
    assert Actor.objects.count() == 0


def test_manager_sees_the_form_and_the_schema(manager_client, reference):
    response = manager_client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'enctype="multipart/form-data"' in content
    assert "Nur prüfen, nichts speichern" in content
    assert "Aufbau der Datei" in content
    for column in COLUMNS:
        assert f"<code>{column}</code>" in content
    assert "Ansprechpersonen werden nicht importiert" in content


def test_upload_with_errors_shows_them_and_writes_nothing(
    manager_client, reference, import_via_page
):
    rows = sample_rows()
    rows[1][3] = "14A74"
    rows[3][5] = "Atlantis"

    response = import_via_page(manager_client, {"file": upload(csv_bytes(rows))})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Die Datei enthält 2 Fehler. Es wurde nichts gespeichert." in content
    assert "Zeile 2, Spalte „plz“: Die Postleitzahl hat fünf Ziffern." in content
    assert "Zeile 4, Spalte „kreis“: Unbekannter Landkreis „Atlantis“" in content
    assert Actor.objects.count() == 0


def test_successful_upload_shows_the_summary(
    manager_client, reference, cluster_manager, import_via_page
):
    response = import_via_page(manager_client, {"file": upload(csv_bytes(sample_rows()))})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Import abgeschlossen" in content
    assert "3 Zeilen importiert: 3 Akteure angelegt, 0 aktualisiert." in content
    assert Actor.objects.count() == 3
    assert Actor.objects.get(external_id="HR-1").history.get().user == cluster_manager


def test_xlsx_upload(manager_client, reference, import_via_page):
    response = import_via_page(
        manager_client, {"file": upload(xlsx_bytes(sample_rows()), "akteure.xlsx")}
    )
    assert response.status_code == 200
    assert Actor.objects.count() == 3


def test_check_only_writes_nothing(manager_client, reference, import_via_page):
    response = import_via_page(
        manager_client, {"file": upload(csv_bytes(sample_rows())), "dry_run": "on"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Prüfung ohne Fehler – nichts gespeichert" in content
    assert "Beim Import würden 3 Akteure angelegt und 0 aktualisiert." in content
    assert Actor.objects.count() == 0


def test_without_a_file_the_form_complains(manager_client, reference):
    response = manager_client.post(URL, {})
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()


def test_junk_file_gets_a_clear_message(manager_client, reference, import_via_page):
    response = import_via_page(
        manager_client, {"file": upload(b"\x89PNG\r\n\x1a\n\x00\x00", "bild.png")}
    )
    assert response.status_code == 200
    assert "weder eine CSV-Datei (Text) noch eine XLSX-Datei" in response.content.decode()


def test_template_file_is_importable(reference, cluster_manager, member):
    request = RequestFactory().get("/akteure/import/vorlage.csv")
    request.user = cluster_manager
    request.cluster = reference
    response = import_template(request)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = response.content
    assert data.decode("utf-8").startswith("\ufeff" + ";".join(COLUMNS))
    result = import_actors(
        source=data, filename="vorlage.csv", user=cluster_manager, cluster=reference
    )
    assert result.created == 1
    example = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))[1]
    assert example[COLUMNS.index("cluster")] == reference.slug
    request.user = member
    with pytest.raises(PermissionDenied):
        import_template(request)


def test_superuser_imports_into_the_cluster_of_the_page(
    client, reference, other_cluster, import_via_page
):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser(email="admin@clusterwerk.test")
    client.force_login(admin)
    url = f"/c/kunststoffe{URL}"
    page = client.get(url).content.decode()
    assert "Der Import geht in das Cluster <strong>Cluster Kunststoffe und Chemie</strong>." in page
    assert 'name="cluster"' not in page  # no choice: the import goes into the page's cluster

    response = import_via_page(client, {"file": upload(csv_bytes(sample_rows()))}, url)
    # topic area numbers are those of the row's cluster, and "kunststoffe" has no plan here
    assert response.status_code == 200
    assert "Unbekannte Themenbereiche: 4.4.2" in response.content.decode()

    rows = [row[:7] for row in sample_rows()]  # without the competences
    response = import_via_page(client, {"file": upload(csv_bytes(rows)), "cluster": "metall"}, url)

    assert response.status_code == 200
    assert set(Actor.objects.values_list("memberships__cluster__slug", flat=True)) == {
        "kunststoffe"
    }


def test_manager_of_another_cluster_gets_403_and_changes_nothing(
    client, reference, other_cluster, other_cluster_manager, import_via_page
):
    import_actors(
        source=csv_bytes(sample_rows()), filename="a.csv", user=system_user(), cluster=reference
    )
    before = list(Actor.objects.order_by("pk").values_list("pk", "name", "version"))
    client.force_login(other_cluster_manager)
    rows = sample_rows()
    rows[1][1] = "Übernommen GmbH"

    assert client.get(URL).status_code == 403
    assert client.get(reverse("actors:import-template")).status_code == 403
    response = client.post(URL, {"file": upload(csv_bytes(rows))})

    assert response.status_code == 403
    assert list(Actor.objects.order_by("pk").values_list("pk", "name", "version")) == before
    # on the page of their own cluster, the actors of the other stay out of reach
    response = import_via_page(client, {"file": upload(csv_bytes(rows))}, f"/c/kunststoffe{URL}")
    assert response.status_code == 200
    assert "Sie dürfen ihn nicht ändern" in response.content.decode()
    assert list(Actor.objects.order_by("pk").values_list("pk", "name", "version")) == before


# --- The import as a background job ---------------------------------------------------------

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker():
    from django.core.management import call_command

    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_the_upload_waits_in_the_queue_then_a_worker_imports_it(
    client, reference, cluster_manager, settings
):
    from clusterwerk.core.models import Job, JobState

    settings.TASKS = DATABASE_TASKS
    client.force_login(cluster_manager)
    rows = sample_rows() * 1  # three actors
    data = csv_bytes(rows)

    response = client.post(URL, {"file": upload(data)})

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("actors:import-job", args=[job.pk])
    assert bytes(job.file_content) == data  # in the database, for a worker on any machine
    assert job.requested_by == cluster_manager and job.cluster == reference
    page = client.get(response["Location"])
    content = page.content.decode()
    assert "wartet auf einen freien Hintergrundprozess" in content
    assert "<progress" in content
    assert "Aktualisieren" in content  # without JavaScript: reload by hand
    assert f'hx-get="{reverse("actors:import-job", args=[job.pk])}"' in content
    assert Actor.objects.count() == 0

    run_worker()

    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert job.file_content is None  # the upload is dropped once imported
    assert Actor.objects.count() == 3
    partial = client.get(response["Location"], headers={"HX-Request": "true"})
    content = partial.content.decode()
    assert "<html" not in content
    assert "hx-get" not in content  # finished: no more polling
    assert "3 Zeilen importiert: 3 Akteure angelegt, 0 aktualisiert." in content


def test_progress_is_reported_while_checking_and_writing(reference, cluster_manager, monkeypatch):
    from clusterwerk.actors.importing import jobs as import_jobs
    from clusterwerk.actors.importing import schema

    monkeypatch.setattr(schema, "PROGRESS_EVERY", 1)
    monkeypatch.setattr("clusterwerk.actors.importing.checking.PROGRESS_EVERY", 1)
    from clusterwerk.core import export_jobs

    reports = []
    real = import_jobs.report_progress

    def recording(job, done, total=None, note=""):
        reports.append((done, total, note))
        real(job, done, total, note)

    monkeypatch.setattr(import_jobs, "report_progress", recording)
    monkeypatch.setattr(export_jobs, "report_progress", recording)  # beside the transaction
    from clusterwerk.core.models import Job

    job = Job.objects.create(
        kind=import_jobs.KIND,
        title="t",
        cluster=reference,
        requested_by=cluster_manager,
        file_content=csv_bytes(sample_rows()),
    )
    import_jobs.run_import.call(job_id=str(job.pk), filename="a.csv", dry_run=False)

    notes = [note for _done, _total, note in reports]
    assert "Zeilen werden geprüft" in notes
    assert "Akteure werden gespeichert" in notes
    assert (3, 6, "Akteure werden gespeichert") in reports  # checked, the writing starts
    if connection.vendor != "sqlite":  # beside the writing transaction (see the task)
        assert (6, 6, "Akteure werden gespeichert") in reports  # three checked, three written
    assert reports[-1][2] == ""  # the finished job shows its result, not the last note
    job.refresh_from_db()
    assert job.percent == 100
    assert Actor.objects.count() == 3


def test_the_job_of_another_clusters_manager_is_404(
    manager_client, reference, other_cluster, other_cluster_manager, import_via_page
):
    from django.test import Client

    from clusterwerk.core.models import Job

    import_via_page(manager_client, {"file": upload(csv_bytes(sample_rows()))})
    job = Job.objects.get()
    client = Client()
    client.force_login(other_cluster_manager)
    for url in (
        reverse("actors:import-job", args=[job.pk]),
        reverse("portal:job", args=[job.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.get(f"/c/kunststoffe{url}").status_code == 404
    assert manager_client.get(reverse("actors:import-job", args=[job.pk])).status_code == 200
