"""Browser test (Debian's chromium) on a 390 px phone: the one search with live results while
typing, no wider than the screen, checked by axe-core for WCAG 2.1 AA."""

import pytest
from playwright.sync_api import expect

from clusterwerk.matchmaking.tests.factories import INSTITUTE_NAME, OWNER_NAME
from clusterwerk.portal.tests.search_support import ANONYMOUS_LISTING, build_search_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_on_a_phone_updates_while_typing(page, live_server, cluster, other_cluster, axe):
    build_search_world(cluster, other_cluster)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Suche", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suche")
    axe(page)

    page.get_by_label("Suchbegriff").press_sequentially("Laserschweißen", delay=20)
    # htmx swaps the results in without a page load and pushes the address.
    expect(page.get_by_role("heading", level=2)).to_have_text("5 Treffer für „Laserschweißen“")
    expect(page).to_have_url(f"{live_server.url}/suche/?q=Laserschwei%C3%9Fen")
    expect(page.get_by_role("link", name=INSTITUTE_NAME)).to_be_visible()
    expect(page.get_by_role("link", name=ANONYMOUS_LISTING)).to_be_visible()
    expect(page.get_by_text(OWNER_NAME)).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe(page)
    page.get_by_role("link", name="Akteure: 1").click()
    expect(page.locator("#treffer-actors")).to_be_in_viewport()

    page.get_by_label("Suchbegriff").fill("und für")
    expect(page.get_by_role("alert")).to_contain_text("nur aus Füllwörtern")
    axe(page)
