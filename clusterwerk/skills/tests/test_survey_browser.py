"""Browser test (Debian's chromium, 390 px phone): a company answers the survey – a
contradiction is refused in German and nothing is saved, the corrected answer is saved as a
draft and then handed in, and the thank-you page links to the matrix; axe-core finds no WCAG
2.1 AA violation on any page."""

import pytest
from playwright.sync_api import expect

from clusterwerk.skills.models import ResponseStatus, SurveyAnswer, SurveyResponse
from clusterwerk.skills.tests.factories import make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_company_answers_the_survey_on_a_phone(
    page, live_server, cluster, plan, occupations, companies, login_in_browser, axe
):
    make_survey(cluster, 2026, occupations[:2])
    company = companies[0]
    page.set_viewport_size(PHONE)
    login_in_browser(page, company.user)
    page.goto(f"{live_server.url}/fachkraefte/befragung/2026/antworten/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Betriebsbefragung")
    axe(page)

    mechanics = page.get_by_role("group", name="Industriemechaniker/innen (25102)")
    mechanics.get_by_label("Beschäftigte heute").fill("12")
    mechanics.get_by_label("Offene Stellen in den nächsten 12 Monaten").fill("2")
    mechanics.get_by_label("Offene Stellen in den nächsten 36 Monaten").fill("5")
    mechanics.get_by_label("Ruhestand in den nächsten fünf Jahren").fill("14")
    mechanics.get_by_role("group", name="Wie schwer").get_by_label("5 – sehr schwer").check()
    mechanics.get_by_label("Themenbereich des Masterplans").select_option(
        label="6.3.2 Duale Ausbildung"
    )
    page.get_by_role("button", name="Entwurf speichern").click()
    errors = page.get_by_role("alert")
    expect(errors).to_contain_text(
        "Industriemechaniker/innen – Ruhestand in den nächsten fünf Jahren: 14 Ruhestände sind "
        "mehr als die 12 Beschäftigten heute."
    )
    axe(page)
    assert not SurveyResponse.objects.exists()

    mechanics = page.get_by_role("group", name="Industriemechaniker/innen (25102)")
    mechanics.get_by_label("Ruhestand in den nächsten fünf Jahren").fill("3")
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_text("Ihr Entwurf ist gespeichert.").first).to_be_visible()
    axe(page)
    assert SurveyAnswer.objects.get().retirements_5y == 3

    page.get_by_role("button", name="Abgeben").click()
    expect(page.get_by_role("heading", name="Vielen Dank!")).to_be_visible()
    axe(page)
    assert SurveyResponse.objects.get().status == ResponseStatus.SUBMITTED
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
