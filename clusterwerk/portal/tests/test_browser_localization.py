"""Browser test (Debian's chromium, 390 px phone): switching to English with the footer's
language switch; numbers and dates follow, the icon loads, axe-core finds nothing."""

import datetime

import pytest
from playwright.sync_api import expect

from clusterwerk.actors.models import Visibility
from clusterwerk.projects.tests.report_support import make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_switch_to_english_on_a_phone(page, live_server, cluster, axe):
    project = make_project(
        cluster,
        "Leichtbau mit Laserschweißen",
        year_initiated=2019,
        start_date=datetime.date(2019, 3, 1),
        visibility=Visibility.PUBLIC,
        total_volume=1234567,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/projekte/{project.pk}/")
    expect(page.get_by_text("1.234.567 €")).to_be_visible()
    switch = page.get_by_label("Sprache")
    expect(switch.locator("option")).to_have_text(["Deutsch", "English"])
    assert switch.locator("option").evaluate_all("nodes => nodes.map(n => n.lang)") == [
        "de",
        "en",
    ]
    axe(page)

    switch.select_option("en")
    switch.locator("xpath=ancestor::form").locator("button[type=submit]").click()
    page.wait_for_load_state()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("1,234,567 €")).to_be_visible()
    expect(page.get_by_text("March 1, 2019", exact=False)).to_be_visible()
    expect(page.locator("#language-select option")).to_have_text(["Deutsch", "English"])
    axe(page)

    icon = page.request.get(f"{live_server.url}/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"] in {
        "image/x-icon",
        "image/vnd.microsoft.icon",
    }
