"""Browser test (Debian's chromium, 390 px phone): the public radar page of a published cycle
– radar, legend, chart and both tables – with no WCAG 2.1 AA violation (axe-core)."""

import pytest
from playwright.sync_api import expect

from clusterwerk.foresight.tests.test_radar_views import fake_results, published  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_radar_page_on_a_phone(page, live_server, published, axe):  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/foresight/{published.slug}/radar/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Radar")
    expect(page.get_by_role("img", name=f"Radar: {published.title}")).to_be_visible()
    expect(page.get_by_role("table", name="Items im Radar")).to_be_attached()
    expect(page.get_by_role("table", name="Items im Diagramm")).to_be_attached()
    expect(page.get_by_text("Quadrat: neu")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    axe(page)
