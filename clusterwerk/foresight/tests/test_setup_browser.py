"""Browser test (Debian's chromium): the cluster management creates a foresight cycle, adds an
item and opens the rating; axe-core checks every page for WCAG 2.1 AA, the item pages also
at 390 px."""

import pytest
from playwright.sync_api import expect

from clusterwerk.foresight.models import Cycle, Item, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.clock]

PHONE = {"width": 390, "height": 844}


def test_the_management_sets_up_a_cycle_and_opens_rating(
    page, live_server, cluster, cluster_manager, plan, login_in_browser, axe
):
    login_in_browser(page, cluster_manager)
    page.goto(f"{live_server.url}/foresight/")
    axe(page)
    page.get_by_role("link", name="Neuer Zyklus").click()
    expect(page.get_by_role("heading", name="Neuer Zyklus")).to_be_visible()
    axe(page)
    page.get_by_label("Titel").fill("Vorausschau Metall")
    page.get_by_label("Jahr").fill("2027")
    page.get_by_role("button", name="Zyklus anlegen").click()
    expect(page.get_by_text("Der Zyklus ist angelegt")).to_be_visible()
    expect(page.get_by_text("Es gibt noch kein Item.")).to_be_visible()
    axe(page)
    cycle = Cycle.objects.get()
    assert cycle.slug == "vorausschau-metall-2027"

    page.get_by_role("link", name="Kriterien").click()
    expect(page.get_by_role("heading", name="Kriterien", exact=True)).to_be_visible()
    axe(page)
    page.go_back()
    page.get_by_role("link", name="Radar einrichten").click()
    axe(page)
    page.go_back()

    page.get_by_role("link", name="Items", exact=True).click()
    axe(page)
    page.get_by_role("link", name="Neues Item").click()
    page.set_viewport_size(PHONE)
    axe(page)
    page.get_by_label("Kennung").fill("W-01")
    page.get_by_label("Titel").fill("Wasserstoff in der Metallbearbeitung")
    page.get_by_label("Art").select_option("technology")
    page.get_by_label("STEEP-Kategorie").select_option("technological")
    page.get_by_label("Radarsegment").select_option(label="Energie & Mobilität")
    page.get_by_label("Schlagworte").fill("Wasserstoff, Energie")
    page.get_by_role("button", name="Item anlegen").click()
    expect(page.get_by_text("Das Item „W-01“ ist angelegt.")).to_be_visible()
    axe(page)
    page.get_by_label("Titel der Quelle").fill("Wasserstoffstrategie")
    page.get_by_label("Adresse (https://…)").fill("https://example.org/h2")
    page.get_by_role("button", name="Link hinzufügen").click()
    expect(page.get_by_role("link", name="Wasserstoffstrategie")).to_be_visible()
    axe(page)
    assert Item.objects.get().tags == ["Wasserstoff", "Energie"]

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/foresight/{cycle.slug}/")
    page.get_by_role("button", name="Bewertung eröffnen").click()
    expect(page.get_by_text("Der Zyklus ist jetzt in der Phase „Bewertung läuft“.")).to_be_visible()
    expect(page.get_by_role("button", name="Bewertung schließen")).to_be_visible()
    axe(page)
    assert Cycle.objects.get().status == Status.RATING
