"""Browser test (Debian's chromium, 390 px phone): the public winners page after the release
– winners, special prize and nominees readable on a phone, axe-core finds no WCAG 2.1 AA
violation – and the applicant's follow-up page with a mistake first."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clusterwerk.award.models import Decision, FollowUp, Phase
from clusterwerk.award.tests.factories import make_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.clock]

PHONE = {"width": 390, "height": 844}


def test_winners_page_and_follow_up_on_a_phone(
    page,
    live_server,
    edition,
    applicant,
    applicant_user,
    institute,
    berlin_company,
    login_in_browser,
    axe,
):
    winner = make_application(
        edition,
        applicant,
        title="Laserhybridschweißen für Dickbleche",
        decision=Decision.WINNER,
        partners=[institute],
        created_by=applicant_user,
    )
    make_application(edition, institute, title="Fügen ohne Wärme", decision=Decision.SPECIAL_PRIZE)
    make_application(edition, berlin_company, title="Blechroboter", decision=Decision.NOMINEE)
    edition.phase = Phase.PUBLISHED
    edition.ceremony_on = timezone.localdate() - datetime.timedelta(days=400)
    edition.results_published_at = timezone.now() - datetime.timedelta(days=400)
    edition.save()
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/innovationspreis/{edition.year}/preistraeger/")
    expect(page.get_by_role("heading", level=1)).to_have_text(edition.title)
    expect(page.get_by_role("heading", name="Preisträger", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Sonderpreis der Jury")).to_be_visible()
    expect(page.get_by_role("heading", name="Nominiert", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Metallbau Havelland GmbH", exact=True)).to_be_visible()
    axe(page)

    follow_up = FollowUp.objects.create(
        application=winner, years_after=1, due_on=timezone.localdate()
    )
    login_in_browser(page, applicant_user)
    page.goto(f"{live_server.url}/innovationspreis/nachfrage/{follow_up.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ein Jahr danach")
    axe(page)
    page.get_by_label("Wie viele neue Arbeitsplätze").fill("zwei")
    page.get_by_role("button", name="Antwort senden").click()
    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Bitte wählen Sie aus, was aus der Innovation geworden ist.")
    expect(errors).to_contain_text("Bitte eine ganze Zahl angeben")
    expect(page.get_by_label("Wie viele neue Arbeitsplätze")).to_have_value("zwei")
    axe(page)
    page.get_by_label("am Markt eingeführt").check()
    page.get_by_label("Wie viele neue Arbeitsplätze").fill("2")
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_text("Danke! Ihre Antwort ist gespeichert.")).to_be_visible()
    axe(page)
    follow_up.refresh_from_db()
    assert (follow_up.outcome, follow_up.employees_added) == ("on_market", 2)
