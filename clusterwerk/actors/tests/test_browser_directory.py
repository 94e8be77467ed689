"""Browser tests (Debian's chromium): the directory's live search, a filter, a profile link,
the phone layout, and axe-core for WCAG 2.1 AA on the page with results."""

import re

import pytest
from playwright.sync_api import expect

from clusterwerk.actors.models import ActorKind, SizeClass
from clusterwerk.actors.tests.directory_support import make_actor, make_reference_data
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory(cluster):
    edition = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    lineages = {area.number: str(area.lineage) for area in edition.topic_areas.all()}
    make_reference_data()
    actors = {
        "welder": make_actor(
            "Havelländische Stahlbau GmbH",
            competences=[
                {"text": "WIG-Schweißen von Edelstahl", "topics": ["4.4.2"]},
                "Pulverbeschichtung",
            ],
            district="12069",
            municipality="Werder (Havel)",
            size_class=SizeClass.SMALL,
            activities=["25.62"],
            cluster=cluster,
            topic_lineages=lineages,
        ),
        "institute": make_actor(
            "Institut für Werkstoffsicherheit",
            kind=ActorKind.RESEARCH_INSTITUTE,
            competences=["Materialprüfung, Materialografie", "Schweißtechnische Verfahren"],
            district="12052",
            municipality="Cottbus",
            size_class=SizeClass.MEDIUM,
            cluster=cluster,
        ),
        "demo": make_actor(
            "Demo-Metallbau Beispielstadt",
            competences=["MAG-Schweißen von Baustahl"],
            district="12072",
            is_demo=True,
            cluster=cluster,
        ),
    }
    for number in range(22):
        make_actor(
            f"Zerspanungsbetrieb {number:02d}",
            competences=["CNC-Fräsen", "Drehen"],
            district="12067",
            size_class=SizeClass.MICRO,
            cluster=cluster,
        )
    return actors


def cards(page):
    return page.locator("#directory-results li.actor-card")


def test_live_search_filter_and_profile_link(page, live_server, directory, axe):
    page.goto(live_server.url + "/akteure/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Akteursverzeichnis")
    expect(page.get_by_role("heading", level=2, name="25 Akteure")).to_be_visible()
    expect(cards(page)).to_have_count(20)
    expect(page.get_by_role("navigation", name="Seiten der Ergebnisliste")).to_be_visible()
    axe(page)

    # Typing is enough: htmx asks for the results after a short pause.
    page.get_by_label("Suchbegriff").fill("Schweißnähte")
    expect(page.get_by_role("heading", level=2, name="3 Akteure")).to_be_visible()
    expect(cards(page)).to_have_count(3)
    expect(page.locator("#directory-results mark").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/akteure/\?q=Schwei%C3%9Fn%C3%A4hte$"))
    expect(page.locator("#directory-status")).to_have_text("3 Akteure gefunden")
    expect(page.locator(".badge--demo").first).to_be_visible()
    axe(page)

    # A filter: the kind of actor, with its count beside it.
    page.get_by_text("Filter", exact=True).click()
    institute_kind = page.get_by_label(re.compile(r"^Forschungseinrichtung \(1\)$"))
    institute_kind.check()
    expect(page.get_by_role("heading", level=2, name="1 Akteur")).to_be_visible()
    expect(cards(page)).to_have_count(1)
    expect(page.locator("#facet-kind-company")).to_have_text("(2)")
    expect(page).to_have_url(re.compile(r"kind=research_institute"))
    axe(page)

    institute = directory["institute"]
    page.get_by_role("link", name="Institut für Werkstoffsicherheit", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(institute.get_absolute_url()) + "$"))


def test_works_without_javascript(browser, live_server, directory):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.goto(live_server.url + "/akteure/")
    page.get_by_label("Suchbegriff").fill("Materialprüfung")
    page.get_by_role("button", name="Suchen", exact=True).click()
    expect(page.get_by_role("heading", level=2, name="1 Akteur")).to_be_visible()
    expect(cards(page)).to_have_count(1)
    context.close()


def test_pages_and_the_phone_layout(page, live_server, directory, axe):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/akteure/?q=Fr%C3%A4sen")
    expect(page.get_by_role("heading", level=2, name="22 Akteure")).to_be_visible()
    page.get_by_role("link", name="Weiter").click()
    expect(cards(page)).to_have_count(2)
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.get_by_role("link", name="Seite 2")).to_have_attribute("aria-current", "page")
    # Nothing wider than the phone's screen.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    axe(page)
