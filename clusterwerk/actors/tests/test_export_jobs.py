"""The directory's exports at scale: CSV streams; a large Excel file is a background job for
logged-in people and refused with an explanation for anonymous visitors; anonymous exports are
rate-limited per IP address."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from clusterwerk.actors.tests.test_directory_views import directory  # noqa: F401 (fixture)
from clusterwerk.core import export_jobs, ratelimit
from clusterwerk.core.models import Job, JobState

pytestmark = pytest.mark.django_db

CSV_URL = "/akteure/export.csv"
XLSX_URL = "/akteure/export.xlsx"


@pytest.fixture
def small_inline_limit(monkeypatch):
    """Two rows count as "large" here (instead of 5,000)."""
    monkeypatch.setattr(export_jobs, "XLSX_INLINE_ROWS", 1)


def cells_of(content: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [str(c) for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row]


def test_csv_streams(client, directory):  # noqa: F811
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response.streaming
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeffexterne_id;name;")
    assert "Havelländische Stahlbau GmbH" in content
    assert "Institut für Werkstoffsicherheit" in content
    assert "Entwurf Schweißerei" not in content  # drafts: only for the management


def test_small_xlsx_comes_at_once(client, directory):  # noqa: F811
    response = client.get(XLSX_URL)
    assert response.status_code == 200
    assert "Havelländische Stahlbau GmbH" in cells_of(response.content)
    assert not Job.objects.exists()


def test_large_xlsx_is_a_job_whose_file_the_requester_downloads(
    client,
    directory,  # noqa: F811
    member,
    outsider,
    small_inline_limit,
    django_capture_on_commit_callbacks,
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(XLSX_URL, {"q": "Schweißnähte"})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:job", args=[job.pk])
    assert job.requested_by == member
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert job.progress_total == job.progress_done

    page = client.get(response["Location"]).content.decode()
    assert "akteure.xlsx herunterladen" in page
    download = client.get(reverse("portal:job-file", args=[job.pk]))
    assert download.status_code == 200
    assert 'filename="akteure.xlsx"' in download["Content-Disposition"]
    cells = cells_of(download.content)
    assert "Havelländische Stahlbau GmbH" in cells
    assert "Institut für Werkstoffsicherheit" not in cells  # the filter went along
    assert "Mira Members" in " ".join(cells)  # contacts as the member may see them

    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.get(reverse("portal:job-file", args=[job.pk])).status_code == 404


def test_anonymous_large_xlsx_is_refused_clearly(client, directory, small_inline_limit):  # noqa: F811
    response = client.get(XLSX_URL, {"kind": "company"})
    assert response.status_code == 403
    content = response.content.decode()
    assert (
        "Für mehr als 1 Zeilen melden Sie sich bitte an – oder laden Sie die CSV-Datei." in content
    )
    assert 'href="/akteure/export.csv?kind=company"' in content
    assert not Job.objects.exists()


def test_anonymous_exports_are_rate_limited(client, directory, member):  # noqa: F811
    for _number in range(ratelimit.EXPORT_LIMIT):
        response = client.get(CSV_URL, REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 200
        b"".join(response.streaming_content)
    refused = client.get(XLSX_URL, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Ohne Anmeldung sind höchstens 10 Downloads in 10 Minuten möglich." in (
        refused.content.decode()
    )
    # another address, or a logged-in person, is not affected
    assert client.get(CSV_URL, REMOTE_ADDR="203.0.113.8").status_code == 200
    client.force_login(member)
    assert client.get(CSV_URL, REMOTE_ADDR="203.0.113.7").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_large_xlsx_job_runs_on_the_real_queue_with_progress(
    client,
    directory,  # noqa: F811
    cluster_manager,
    small_inline_limit,
    monkeypatch,
    settings,
):
    """With the database queue and a worker; progress is reported every row here (on SQLite
    through a connection of its own, since the rows come from an open cursor)."""
    from django.core.management import call_command

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 1)
    client.force_login(cluster_manager)

    response = client.get(XLSX_URL)
    job = Job.objects.get()
    assert response.status_code == 302
    assert job.state == JobState.QUEUED
    assert (
        "wartet auf einen freien Hintergrundprozess"
        in client.get(response["Location"]).content.decode()
    )

    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.message
    assert job.progress_done == job.progress_total == 4  # the management also sees the draft
    assert job.progress_note == ""
    cells = cells_of(client.get(reverse("portal:job-file", args=[job.pk])).content)
    assert "Entwurf Schweißerei" in cells
