"""Browser test (Debian's chromium, 390 px phone): the management imports the Engpassanalyse –
a file with a wrong score first (errors by line, nothing saved), then a good file with a
preview and the confirmation – and the occupation list and page show the verdict; axe-core
finds no WCAG 2.1 AA violation on any of the pages."""

import pytest
from playwright.sync_api import expect

from clusterwerk.skills.models import IndicatorImport
from clusterwerk.skills.tests.indicator_files import GOOD_ROWS, csv_bytes, row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_import_page_on_a_phone(
    page, live_server, cluster, cluster_manager, occupations, login_in_browser, axe, tmp_path
):
    page.set_viewport_size(PHONE)
    login_in_browser(page, cluster_manager)
    page.goto(f"{live_server.url}/fachkraefte/indikatoren/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Engpassanalyse importieren")
    axe(page)

    bad = tmp_path / "kaputt.csv"
    bad.write_bytes(csv_bytes([row("25102", [3, 2, 5, 2, 3, 2])]))
    page.get_by_label("Datei der Engpassanalyse").set_input_files(str(bad))
    page.get_by_label("Region").fill("Brandenburg")
    page.get_by_label("Jahr").fill("2024")
    page.get_by_role("button", name="Datei prüfen (Vorschau)").click()
    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Es wurde nichts gespeichert.")
    expect(errors).to_contain_text("Zeile 2: Die Punkte für „Berufsspezifische Arbeitslosenquote“")
    axe(page)
    assert not IndicatorImport.objects.exists()

    good = tmp_path / "engpass.csv"
    good.write_bytes(csv_bytes(GOOD_ROWS))
    page.get_by_label("Datei der Engpassanalyse").set_input_files(str(good))
    page.get_by_label("Region").fill("Brandenburg")
    page.get_by_label("Jahr").fill("2024")
    page.get_by_role("button", name="Datei prüfen (Vorschau)").click()
    expect(page.get_by_text("Noch ist nichts gespeichert.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Import bestätigen").click()
    expect(page.get_by_text("Importiert: 3 Berufe mit 21 Indikatoren")).to_be_visible()
    axe(page)

    page.goto(f"{live_server.url}/fachkraefte/berufe/")
    expect(page.get_by_text("Engpassberuf (Brandenburg 2024)")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Berufe im Metallbau", exact=False).first.click()
    expect(
        page.get_by_role("heading", name="Brandenburg 2024: Anzeichen für Engpass")
    ).to_be_visible()
    axe(page)
