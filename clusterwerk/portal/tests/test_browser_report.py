"""Browser test (Debian's chromium): the monitoring report page with its SVG charts and
tables, checked by axe-core for WCAG 2.1 AA."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clusterwerk.projects.tests.report_support import build_report_dataset

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_page_with_charts_and_tables(
    page, live_server, cluster, cluster_manager, login_in_browser, axe
):
    build_report_dataset(cluster)
    login_in_browser(page, cluster_manager)
    page.goto(live_server.url + reverse("portal:report", args=[2019]))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ergebnis- und Wirkungsmonitoring 2019"
    )
    overview_chart = page.locator('svg[data-section="overview"]')
    expect(overview_chart).to_be_visible()
    assert "Balkendiagramm: Projekte im Überblick" in overview_chart.get_attribute("aria-label")
    expect(
        page.get_by_role("img", name="Balkendiagramm: Konsortialstruktur", exact=False)
    ).to_be_visible()
    box = overview_chart.locator("rect").last.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0
    table = page.get_by_role("table", name="Die Werte des Diagramms: Projekte im Überblick")
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name="Durchgeführte Projekte 3 4 7")).to_be_visible()
    expect(page.get_by_role("heading", name="Erfolgsgeschichten 2019")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Monitoring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ergebnis- und Wirkungsmonitoring")
    axe(page)


def test_anonymous_visitor_sees_the_same_totals(page, live_server, cluster, axe):
    build_report_dataset(cluster)
    page.goto(live_server.url + reverse("portal:report", args=[2019]))
    table = page.get_by_role("table", name="Die Werte des Diagramms: Projekte im Überblick")
    expect(table.get_by_role("row", name="Durchgeführte Projekte 3 4 7")).to_be_visible()
    expect(
        page.get_by_text("Alle Kennzahlen zählen sämtliche Projekte des Clusters")
    ).to_have_count(2)
    axe(page)
