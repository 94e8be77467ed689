"""Browser test (Debian's chromium): the cluster management imports a CSV file, fixes the
reported line and imports again; axe-core checks the import page for WCAG 2.1 AA."""

import pytest
from playwright.sync_api import expect

from clusterwerk.actors.models import Actor
from clusterwerk.actors.tests.transfer_support import (
    csv_bytes,
    load_transfer_reference,
    sample_rows,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def csv_file(rows) -> dict:
    return {"name": "akteure.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows)}


def test_manager_fixes_a_line_and_imports(
    page, live_server, cluster, cluster_manager, login_in_browser, axe
):
    load_transfer_reference(cluster)
    rows = sample_rows()
    rows[2][3] = "15A90"  # line 3: a postal code with a letter
    login_in_browser(page, cluster_manager)

    page.goto(live_server.url + "/akteure/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Akteure importieren")
    axe(page)

    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(csv_file(rows))
    page.get_by_role("button", name="Hochladen").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Die Datei enthält 1 Fehler. Es wurde nichts gespeichert.")
    expect(alert).to_contain_text("Zeile 3, Spalte „plz“: Die Postleitzahl hat fünf Ziffern.")
    axe(page)
    assert Actor.objects.count() == 0

    rows[2][3] = "15890"
    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(csv_file(rows))
    page.get_by_role("button", name="Hochladen").click()
    result = page.locator("#import-result")
    expect(result).to_contain_text("Import abgeschlossen")
    expect(result).to_contain_text("3 Zeilen importiert: 3 Akteure angelegt, 0 aktualisiert.")
    expect(page.get_by_role("alert")).to_have_count(0)
    axe(page)
    assert Actor.objects.count() == 3


def test_the_import_runs_in_the_background_and_shows_its_result_in_place(
    page, live_server, cluster, cluster_manager, login_in_browser, axe, settings
):
    """With a real queue: the page of the job shows the progress bar while the import waits;
    a worker runs it, and the page (polling with htmx) shows the summary without a reload."""
    from django.core.management import call_command

    from clusterwerk.core.models import Job, JobState

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    load_transfer_reference(cluster)
    login_in_browser(page, cluster_manager)

    page.goto(live_server.url + "/akteure/import/")
    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(csv_file(sample_rows()))
    page.get_by_role("button", name="Hochladen").click()

    expect(page.get_by_role("status").first).to_contain_text(
        "wartet auf einen freien Hintergrundprozess"
    )
    expect(page.get_by_label("Fortschritt")).to_be_visible()
    expect(page.get_by_role("link", name="Aktualisieren")).to_be_visible()
    axe(page)
    job = Job.objects.get()
    assert job.state == JobState.QUEUED
    assert Actor.objects.count() == 0

    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    result = page.locator("#import-result")
    expect(result).to_contain_text("Import abgeschlossen", timeout=10_000)
    expect(result).to_contain_text("3 Zeilen importiert: 3 Akteure angelegt, 0 aktualisiert.")
    expect(page.get_by_label("Fortschritt")).to_have_count(0)
    expect(page.get_by_text("Akteure werden gespeichert")).to_have_count(0)  # no stale note
    axe(page)
    assert Actor.objects.count() == 3
