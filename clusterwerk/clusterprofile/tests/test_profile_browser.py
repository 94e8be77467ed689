"""Browser test (Debian's chromium, 390 px phone): the English profile and the open data page
render without horizontal scrolling and without WCAG 2.1 AA violations (axe-core)."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_english_profile_and_open_data_on_a_phone(page, live_server, world, axe):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/profil/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cluster Metall Brandenburg")
    expect(page.locator("#only-in-german")).to_contain_text("Who we are")
    expect(page.locator('[lang="de"]').first).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe(page)
    page.goto(f"{live_server.url}/offene-daten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Offene Daten")
    expect(
        page.get_by_role("link", name="dl-de/by-2-0").or_(
            page.get_by_role("link", name="Datenlizenz Deutschland – Namensnennung – Version 2.0")
        )
    ).to_be_visible()
    axe(page)
