"""Browser tests (Debian's chromium): the public masterplan pages and the Fortschreibung,
each page checked with axe-core for WCAG 2.1 AA."""

import re

import pytest
from playwright.sync_api import expect

from clusterwerk.accounts.services import system_user
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.reference import load_all_reference_data
from clusterwerk.masterplan.services import import_masterplan_text, revise_edition
from clusterwerk.masterplan.tests.samples import seed_text_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOAL_LABEL = re.compile(r"^Ziel\b")  # not "Erläuterung des Ziels"


@pytest.fixture
def masterplan(transactional_db):
    """The reference data, and the published 2020 text imported over it when at hand."""
    (report,) = load_all_reference_data()
    path = seed_text_path()
    if path is not None:
        import_masterplan_text(
            cluster=report.cluster,
            user=system_user(),
            text=path.read_text(encoding="utf-8"),
            label="2020",
            publish=True,
        )
    return report.cluster


def test_landing_to_topic_area_to_diff(page, live_server, masterplan, axe):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cluster Metall Brandenburg")
    expect(page.get_by_text("2.506")).to_be_visible()
    expect(page.get_by_text("Teltow-Fläming")).to_be_visible()
    axe(page)

    page.get_by_role(
        "link", name=re.compile("Innovationswerkstatt Metall Brandenburg")
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Innovationswerkstatt")
    axe(page)

    page.get_by_role("link", name=re.compile("4.4.2")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Beherrschen und Weiterentwickeln von Fertigungstechnologien"
    )
    for section in ("Ziel", "Relevanz", "Potenzial"):
        expect(page.get_by_role("heading", name=section, exact=True)).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Mit Vorgänger vergleichen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ausgaben vergleichen")
    expect(page.locator(".diff-entry").first).to_be_visible()
    if seed_text_path() is not None:
        expect(page.locator("ins").first).to_be_visible()
    axe(page)


def test_search_finds_word_forms(page, live_server, masterplan, axe):
    page.goto(live_server.url + "/masterplan/suche/")
    page.get_by_label("Suchbegriff").fill("Leichtbau")
    page.get_by_role("button", name="Suchen").click()
    results = page.locator("#search-results")
    expect(results).to_contain_text("Produkte mit verbesserten Eigenschaften")
    expect(results.locator("mark").first).to_be_visible()
    axe(page)


def test_manager_revises_a_topic_area_and_publishes(
    page, live_server, masterplan, cluster_manager, login_in_browser, axe
):
    published = masterplan.editions.get(status=EditionStatus.PUBLISHED)
    revise_edition(source=published, label="2026", user=cluster_manager)
    login_in_browser(page, cluster_manager)

    page.goto(live_server.url + "/masterplan/2026/themenbereich/4.4.2/")
    page.get_by_role("link", name="Bearbeiten", exact=True).click()
    goal = page.get_by_role("textbox", name=GOAL_LABEL)
    expect(goal).to_be_visible()
    axe(page)
    goal.fill("Fertigungstechnologien gemeinsam mit den Hochschulen weiterentwickeln.")
    page.get_by_label("Schlagwörter").fill("Fertigungstechnik, additive Fertigung, Schweißen")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Gespeichert")).to_be_visible()
    expect(page.locator(".goal")).to_have_text(
        "Fertigungstechnologien gemeinsam mit den Hochschulen weiterentwickeln."
    )

    page.get_by_role("link", name="Änderungsverlauf").click()
    edit_row = page.get_by_role("row").filter(has_text="Schlagwörter").first
    expect(edit_row).to_contain_text("Carla")
    expect(edit_row).to_contain_text("geändert")
    axe(page)

    page.get_by_role("link", name="Ausgabe veröffentlichen …").click()
    axe(page)
    page.get_by_role("button", name="Jetzt veröffentlichen").click()
    expect(page.get_by_text("ist jetzt veröffentlicht")).to_be_visible()
    published.refresh_from_db()
    assert published.status == EditionStatus.ARCHIVED


def test_second_editor_gets_a_conflict(
    page, live_server, masterplan, cluster_manager, login_in_browser, axe
):
    published = masterplan.editions.get(status=EditionStatus.PUBLISHED)
    draft = revise_edition(source=published, label="2026", user=cluster_manager)
    login_in_browser(page, cluster_manager)
    page.goto(live_server.url + "/masterplan/2026/themenbereich/6.3.2/bearbeiten/")
    expect(page.get_by_role("textbox", name=GOAL_LABEL)).to_be_visible()

    # Meanwhile somebody else saves the same topic area.
    from clusterwerk.masterplan.services import update_element

    topic_area = draft.topic_areas.get(number="6.3.2")
    update_element(
        element=topic_area,
        user=cluster_manager,
        expected_version=topic_area.version,
        values={"goal": "Fassung der Kollegin."},
    )

    page.get_by_role("textbox", name=GOAL_LABEL).fill("Meine Fassung.")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("alert")).to_contain_text("Bearbeitungskonflikt")
    axe(page)
    topic_area.refresh_from_db()
    assert topic_area.goal == "Fassung der Kollegin."


def test_fortschreibung_pages_are_accessible(
    page, live_server, masterplan, cluster_manager, login_in_browser, axe
):
    published = masterplan.editions.get(status=EditionStatus.PUBLISHED)
    revise_edition(source=published, label="2026", user=cluster_manager)
    login_in_browser(page, cluster_manager)
    for path in (
        "/masterplan/ausgaben/",
        "/masterplan/2026/",
        "/masterplan/2026/eckpunkt/4.3/",
        "/masterplan/2026/eckpunkt/4.3/themenbereich-neu/",
        "/masterplan/2026/themenbereich/4.3.2/verschieben/",
        "/masterplan/2026/themenbereich/4.3.2/loeschen/",
    ):
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe(page)

    # a form with errors keeps its accessibility
    page.goto(live_server.url + "/masterplan/2026/eckpunkt/4.3/themenbereich-neu/")
    page.get_by_label("Nummer").fill("4.3.1")
    page.get_by_label("Titel").fill("Doppelte Nummer")
    page.get_by_role("button", name="Anlegen").click()
    expect(page.get_by_role("alert")).to_contain_text("schon vergeben")
    axe(page)
