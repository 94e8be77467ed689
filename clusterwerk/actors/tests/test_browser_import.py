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
