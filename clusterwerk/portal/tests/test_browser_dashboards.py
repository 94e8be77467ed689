"""Browser tests (Debian's chromium): "Mein Bereich" on a 390 px phone and "Aufgaben" on the
desktop, reached through the login, checked by axe-core for WCAG 2.1 AA."""

import re

import pytest
from playwright.sync_api import expect

from clusterwerk.matchmaking.tests.factories import make_market
from clusterwerk.portal.tests.dashboard_support import (
    change_request,
    consultation_of,
    follow,
    listing_in_review,
    listing_with_interest,
    proposed_idea,
    reported_comment,
    saved_search,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def action(label: str, title: str) -> re.Pattern:
    """The accessible name of a dashboard's action link: the action, then what it is for."""
    return re.compile(rf"^{re.escape(label)}\W+{re.escape(title)}$")


def test_my_area_on_a_phone(page, live_server, cluster, login_in_browser, axe):
    market = make_market(cluster)
    listing, _interest = listing_with_interest(market)
    saved_search(market.owner_user, cluster)
    follow(market.owner_user, consultation_of(market, title="Fortschreibung 2026"))
    page.set_viewport_size({"width": 390, "height": 844})
    login_in_browser(page, market.owner_user)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mein Bereich")
    expect(
        page.get_by_role("link", name=action("Interesse beantworten", listing.title))
    ).to_have_count(2)
    expect(page.get_by_text("Es fehlen: Beschreibung")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe(page)
    page.get_by_role("link", name=action("Profil ergänzen", market.owner.name)).click()
    expect(page).to_have_url(
        f"{live_server.url}/akteure/{market.owner.pk}/{market.owner.slug}/bearbeiten/"
    )


def test_tasks_on_the_desktop(page, live_server, cluster, cluster_manager, login_in_browser, axe):
    market = make_market(cluster)
    change_request(market.owner, market.owner_user, cluster, age_days=3)
    listing_in_review(market.supplier, market.supplier_user, age_days=1)
    proposed_idea(cluster, market.owner_user)
    reported_comment(consultation_of(market), market.owner_user, market.institute_user)
    login_in_browser(page, cluster_manager)
    expect(page.get_by_role("heading", level=1)).to_have_text("Aufgaben")
    expect(page.get_by_role("row", name="Profiländerungen 1 seit 3 Tagen")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Neueste zuerst").click()
    expect(page.get_by_role("link", name="Älteste zuerst")).to_be_visible()
    page.get_by_role("link", name=action("Änderung prüfen", market.owner.name)).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/akteure/pruefung/" in page.url
