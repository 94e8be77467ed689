"""Browser test (Debian's chromium): the district map, its links and its accessibility."""

import re

import pytest
from playwright.sync_api import expect

from clusterwerk.actors.reference import load_actor_reference_data
from clusterwerk.masterplan.reference import load_all_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(transactional_db):
    load_all_reference_data()
    return load_actor_reference_data()


def test_district_map_links_to_the_directory_and_is_accessible(
    page, live_server, reference_data, axe
):
    page.goto(f"{live_server.url}/akteure/karte/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Akteure nach Landkreisen und kreisfreien Städten"
    )
    cottbus = page.locator('a.district-map__link[aria-label^="Cottbus:"]')
    expect(cottbus).to_have_count(1)
    href = cottbus.get_attribute("href")
    assert href == "/akteure/?district=12052"
    expect(page.locator("figcaption")).to_contain_text("© GeoBasis-DE / BKG (2017)")
    table_link = page.get_by_role("table").get_by_role("link", name="Cottbus", exact=True)
    expect(table_link).to_have_attribute("href", "/akteure/?district=12052")
    axe(page)

    page.get_by_label("Art der Akteure").select_option("university")  # submits by itself
    page.wait_for_url(re.compile(r"kind=university"))
    expect(page.locator('a.district-map__link[aria-label^="Cottbus:"]')).to_have_attribute(
        "href", "/akteure/?district=12052&kind=university"
    )
    expect(page.locator("#map-legend-heading + p")).to_contain_text("Hochschule")
    axe(page)


def test_district_links_are_reachable_by_keyboard(page, live_server, reference_data):
    page.goto(f"{live_server.url}/akteure/karte/")
    first = page.locator("a.district-map__link").first
    first.focus()
    expect(first).to_be_focused()
    assert first.get_attribute("href").startswith("/akteure/?district=12")
