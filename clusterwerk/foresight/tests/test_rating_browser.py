"""Browser test (Debian's chromium, 390 px phone): a real-time Delphi round. Two panellists
rate an item, a third answers outside the group's interquartile range and must give a reason
(the field appears as soon as the step is chosen), a fourth sees the updated median and IQR
and the reason without a name; axe-core finds no WCAG 2.1 AA violation on any page."""

import pytest
from playwright.sync_api import expect

from clusterwerk.foresight.models import Rating
from clusterwerk.foresight.tests.factories import criterion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
IMPACT = "Wirkung auf das Cluster"


def rate_impact(page, address, step_label, *, reason=None):
    page.goto(address)
    group = page.get_by_role("group", name=IMPACT)
    group.get_by_label(step_label).check()
    if reason is not None:
        page.get_by_label(f"Begründung zu „{IMPACT}“").fill(reason)
    page.get_by_role("button", name="Bewertung speichern").click()


def test_realtime_rating_with_a_reason_outside_the_iqr(
    page, live_server, cycle, items, panellists, login_in_browser, axe
):
    cycle.min_answers = 2
    cycle.save()
    base = live_server.url
    item_page = f"{base}/foresight/{cycle.slug}/bewerten/W-01/"
    page.set_viewport_size(PHONE)
    first, second, third, fourth = panellists[:4]

    login_in_browser(page, first.user)
    page.goto(f"{base}/foresight/{cycle.slug}/bewerten/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bewerten")
    expect(page.get_by_text("0 von 3 Items vollständig bewertet")).to_be_visible()
    axe(page)
    rate_impact(page, item_page, "3 – mittel")
    expect(page.get_by_text("Ihre Bewertung ist gespeichert.")).to_be_visible()
    expect(page.get_by_text("erscheinen ab 2 Antworten").first).to_be_visible()
    axe(page)

    page.context.clear_cookies()
    login_in_browser(page, second.user)
    rate_impact(page, item_page, "3 – mittel")
    expect(page.get_by_text("Ihre Bewertung ist gespeichert.")).to_be_visible()
    expect(
        page.get_by_text("Median 3, Quartilsabstand 3 bis 3 (IQR 0) aus 2 Antworten")
    ).to_be_visible()

    page.context.clear_cookies()
    login_in_browser(page, third.user)
    page.goto(item_page)
    reason = page.get_by_label(f"Begründung zu „{IMPACT}“")
    expect(reason).to_be_hidden()
    page.get_by_role("group", name=IMPACT).get_by_label("5 – sehr hoch").check()
    expect(reason).to_be_visible()  # htmx asked the group's feedback for the chosen step
    expect(page.get_by_text("Ihre Antwort 5 liegt außerhalb des Quartilsabstands.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Bewertung speichern").click()
    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Ihre Antwort liegt außerhalb des Quartilsabstands der Gruppe")
    axe(page)
    assert not Rating.objects.filter(panellist=third).exists()
    page.get_by_label(f"Begründung zu „{IMPACT}“").fill(
        "Wasserstoff-Brenner kommen schneller in die Serienfertigung als gedacht."
    )
    page.get_by_role("button", name="Bewertung speichern").click()
    expect(page.get_by_text("Ihre Bewertung ist gespeichert.")).to_be_visible()
    rating = Rating.objects.get(panellist=third, criterion=criterion(cycle, "impact"))
    assert (rating.value, rating.first_value) == (5, 5)

    page.context.clear_cookies()
    login_in_browser(page, fourth.user)
    page.goto(item_page)
    feedback = page.locator(f"#fb-{criterion(cycle, 'impact').pk}")
    expect(feedback).to_contain_text("Median 3, Quartilsabstand 3 bis 4 (IQR 1) aus 3 Antworten")
    expect(feedback).to_contain_text("Wasserstoff-Brenner kommen schneller")
    expect(feedback).not_to_contain_text(third.name)
    expect(feedback).not_to_contain_text(third.pseudonym)
    axe(page)
    # The page is as wide as the phone: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
