"""Browser test (Debian's chromium) at 390 px: the matrix and a district page show the
aggregated result; axe-core finds no WCAG 2.1 AA violation."""

import pytest
from playwright.sync_api import expect

from clusterwerk.skills.tests.matrix_world import survey_with_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_matrix_and_district_page_on_a_phone(
    page, live_server, cluster, districts, occupations, companies, axe
):
    survey_with_answers(cluster, 2024, occupations[:2], companies, openings_36=2, retirements_5y=1)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/fachkraefte/matrix/")
    expect(page.get_by_role("heading", name="Fachkräftematrix 2024")).to_be_visible()
    expect(page.get_by_role("img", name="Ampel der Fachkräftematrix 2024")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Potsdam-Mittelmark").first.click()
    expect(page.get_by_text("Potsdam-Mittelmark 2024: am knappsten")).to_be_visible()
    axe(page)
