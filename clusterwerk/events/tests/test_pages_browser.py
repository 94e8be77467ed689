# ruff: noqa: F811 (fixtures from pages_support)
"""Browser test (Debian's chromium) on a 390 px phone: the cluster management creates a
Werkstattgespräch with a contingent and publishes it; a visitor finds it in the calendar
filtered by format and opens it. axe-core checks every page for WCAG 2.1 AA."""

import pytest
from playwright.sync_api import expect

from clusterwerk.events.models import Event, EventStatus
from clusterwerk.events.tests.pages_support import day_in, districts, plan  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.clock]

PHONE = {"width": 390, "height": 844}
TITLE = "Werkstattgespräch Laserschweißen in Cottbus"


@pytest.fixture
def phone_page(browser, browser_context_args):
    contexts = []

    def open_page():
        context = browser.new_context(**browser_context_args, viewport=PHONE)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def check(page, axe):
    """Accessible and not wider than the phone."""
    axe(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def test_manager_creates_and_publishes_visitor_finds_it(
    phone_page, live_server, cluster_manager, plan, districts, login_in_browser, axe
):
    page = phone_page()
    login_in_browser(page, cluster_manager)
    page.goto(live_server.url + "/veranstaltungen/verwalten/")
    check(page, axe)
    page.get_by_role("link", name="Neue Veranstaltung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neue Veranstaltung")
    check(page, axe)
    # Bad input first: German errors, nothing lost.
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_role("button", name="Entwurf anlegen").click()
    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Bitte wählen Sie das Format.")
    expect(errors).to_contain_text("Bitte geben Sie das Datum an.")
    expect(page.get_by_label("Titel")).to_have_value(TITLE)
    check(page, axe)
    page.get_by_label("Format").select_option(label="Werkstattgespräch")
    page.get_by_label("Datum").fill(day_in(21).isoformat())
    page.get_by_label("Beginn (Uhrzeit)").fill("16:00")
    page.get_by_label("Ende (Uhrzeit)").fill("19:00")
    page.get_by_label("Veranstaltungsort").fill("Lehrwerkstatt der Handwerkskammer")
    page.locator("#id_municipality").fill("Cottbus")
    page.get_by_label("Landkreis / kreisfreie Stadt").select_option(label="Cottbus")
    page.get_by_role("button", name="Entwurf anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontingente und Fragen")
    check(page, axe)
    page.get_by_label("Bezeichnung").fill("Handwerksbetriebe")
    page.get_by_label("Zielgruppe").select_option(label="Handwerk")
    page.get_by_label("Plätze").fill("12")
    page.get_by_role("button", name="Kontingent anlegen").click()
    expect(page.get_by_text("Das Kontingent ist angelegt.")).to_be_visible()
    expect(page.get_by_text("0 von 12 Plätzen vergeben")).to_be_visible()
    check(page, axe)
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.get_by_text("Die Veranstaltung ist veröffentlicht.")).to_be_visible()
    check(page, axe)
    event = Event.objects.get()
    assert event.status == EventStatus.PUBLISHED

    # A visitor on a phone finds it by format.
    visitor = phone_page()
    visitor.goto(live_server.url + "/veranstaltungen/")
    check(visitor, axe)
    visitor.get_by_label("Format").select_option(label="Forum")
    visitor.get_by_role("button", name="Filtern").click()
    expect(
        visitor.get_by_text("Keine kommenden Veranstaltungen für diese Auswahl.")
    ).to_be_visible()
    visitor.get_by_label("Format").select_option(label="Werkstattgespräch")
    visitor.get_by_role("button", name="Filtern").click()
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
    check(visitor, axe)
    visitor.get_by_role("link", name="Monat").click()
    expect(visitor.get_by_role("heading", level=2).first).to_be_visible()
    check(visitor, axe)
    visitor.goto(live_server.url + "/veranstaltungen/?format=workshop_talk")
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.get_by_text("12 von 12 Plätzen frei")).to_be_visible()
    check(visitor, axe)
