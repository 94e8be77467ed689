"""Browser tests (Debian's chromium): the whole Kooperationsbörse flow – a member creates an
anonymous F&E request, the cluster management approves it, the owner sees matching partners,
another member expresses interest, the owner accepts and both see each other's contact – and
the partner search; axe-core checks every page for WCAG 2.1 AA."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clusterwerk.matchmaking.models import InterestStatus, Listing, ListingStatus
from clusterwerk.matchmaking.tests.factories import INSTITUTE_NAME, OWNER_NAME, make_market

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.clock]

TITLE = "Forschungspartner für Laserschweißen von Aluminium"


@pytest.fixture
def market(cluster):
    return make_market(cluster)


@pytest.fixture
def new_page(browser, browser_context_args):
    """A page in a browser context of its own (its own login)."""
    contexts = []

    def open_page():
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_request_review_match_interest_accept(
    page, new_page, live_server, market, cluster_manager, login_in_browser, axe
):
    # The owner's representative writes an anonymous F&E request and submits it.
    login_in_browser(page, market.owner_user)
    page.goto(live_server.url + "/kooperation/")
    axe(page)
    page.get_by_role("link", name="Neues Inserat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neues Inserat")
    expect(page.get_by_text("Inserat für Metallbau Havelland GmbH")).to_be_visible()
    axe(page)
    # Bad input first: the form comes back with clear German errors.
    page.get_by_label("Gültig bis").fill("2020-01-31")
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Bitte wählen Sie die Art des Inserats.")
    expect(errors).to_contain_text("Bitte beschreiben Sie, worum es geht.")
    expect(errors).to_contain_text("Das Ablaufdatum liegt in der Vergangenheit.")
    axe(page)
    page.get_by_label("Gültig bis").fill(
        (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    )
    page.get_by_label("F&E-Kooperationsgesuch").check()
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Beschreibung").fill(
        "Wir wollen Aluminiumgehäuse laserschweißen statt kleben und suchen ein Institut, "
        "das die Schweißnähte mit uns entwickelt und prüft."
    )
    # The topic areas fold by Eckpunkt; the rarely used inputs sit in "Weitere Angaben".
    page.get_by_text(re.compile(r"^4\.4 ")).click()
    page.get_by_label(re.compile(r"^4\.4\.2 ")).check()
    page.get_by_text("Weitere Angaben").click()
    page.get_by_label("Schlagwörter").fill("Laserschweißen, Aluminium")
    page.get_by_label("Forschungseinrichtung").check()
    page.get_by_label("Anonym veröffentlichen").check()
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    expect(page.get_by_text("liegt dem Clustermanagement zur Prüfung vor")).to_be_visible()
    expect(page.get_by_text("Status: in Prüfung")).to_be_visible()
    axe(page)
    listing = Listing.objects.get()
    assert listing.is_anonymous and listing.status == ListingStatus.IN_REVIEW

    # The cluster management approves it in the review queue.
    manager = new_page()
    login_in_browser(manager, cluster_manager)
    manager.goto(live_server.url + "/kooperation/")
    manager.get_by_role("link", name="Inserate prüfen (1)").click()
    expect(manager.get_by_role("heading", level=2, name=TITLE)).to_be_visible()
    expect(manager.get_by_text(OWNER_NAME)).to_be_visible()
    axe(manager)
    manager.get_by_role("button", name="Freigeben").click()
    expect(manager.get_by_text("ist veröffentlicht")).to_be_visible()
    expect(manager.get_by_text("Keine Inserate warten auf Prüfung.")).to_be_visible()
    axe(manager)

    # The owner sees matching partners, each with the reasons.
    page.reload()
    partners = page.get_by_role("region", name="Passende Partner")
    expect(partners.get_by_role("link", name=INSTITUTE_NAME)).to_be_visible()
    expect(partners.get_by_text(re.compile(r"\d+ % passend")).first).to_be_visible()
    expect(partners.get_by_text("Warum:").first).to_be_visible()
    axe(page)

    # A representative of the institute finds the request without the owner's name …
    interested = new_page()
    login_in_browser(interested, market.institute_user)
    interested.goto(live_server.url + "/kooperation/")
    card = interested.get_by_role("listitem").filter(has_text=TITLE)
    expect(card.get_by_text("Anonymer Anbieter (Unternehmen)")).to_be_visible()
    axe(interested)
    card.get_by_role("link", name=TITLE).click()
    expect(interested.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(interested.get_by_text(OWNER_NAME)).to_have_count(0)
    axe(interested)
    # … and expresses interest (an empty message gets a clear error first).
    interested.get_by_role("button", name="Interesse senden").click()
    expect(
        interested.get_by_text("Bitte schreiben Sie eine kurze Nachricht.").first
    ).to_be_visible()
    axe(interested)
    interested.get_by_label("Ihre Nachricht").fill(
        "Wir schweißen Aluminium mit dem Laser und prüfen Nähte zerstörungsfrei."
    )
    interested.get_by_role("button", name="Interesse senden").click()
    expect(interested.get_by_text("Ihre Interessensbekundung ist beim Anbieter.")).to_be_visible()
    axe(interested)

    # The owner accepts; now both sides see each other's contact.
    page.reload()
    interests = page.get_by_role("region", name=re.compile("Interessensbekundungen"))
    expect(interests.get_by_text("Wir schweißen Aluminium mit dem Laser")).to_be_visible()
    expect(page.get_by_text("ingo.igel@fuegetechnik.example")).to_have_count(0)
    axe(page)
    page.get_by_label("Antwort an die Organisation").fill("Gern, rufen Sie uns an.")
    page.get_by_role("button", name="Annehmen").click()
    expect(page.get_by_text("Angenommen.")).to_be_visible()
    expect(page.get_by_role("link", name="ingo.igel@fuegetechnik.example")).to_be_visible()
    axe(page)

    interested.reload()
    expect(interested.get_by_text(f"Anbieter: {OWNER_NAME}")).to_be_visible()
    expect(interested.get_by_role("link", name="rita.richter@havelland.example")).to_be_visible()
    expect(interested.get_by_text("Gern, rufen Sie uns an.")).to_be_visible()
    axe(interested)
    interested.goto(live_server.url + "/kooperation/meine/")
    expect(interested.get_by_role("link", name="rita.richter@havelland.example")).to_be_visible()
    axe(interested)
    assert listing.interests.get().status == InterestStatus.ACCEPTED


def test_partner_search(page, live_server, market, axe):
    page.goto(live_server.url + "/kooperation/partnersuche/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnersuche")
    axe(page)
    page.get_by_role("button", name="Partner finden").click()
    expect(page.get_by_text("Bitte beschreiben Sie, wonach Sie suchen.").first).to_be_visible()
    axe(page)
    page.get_by_label("Wonach suchen Sie?").fill("Wer prüft Schweißnähte an Aluminium?")
    page.get_by_role("button", name="Partner finden").click()
    expect(page.get_by_role("link", name=INSTITUTE_NAME)).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ % passend")).first).to_be_visible()
    axe(page)
    page.get_by_text("Genauer: Art der Partner, Anliegen, Region").click()
    page.get_by_label("Unternehmen", exact=True).check()
    page.get_by_role("button", name="Partner finden").click()
    expect(page.get_by_role("link", name=INSTITUTE_NAME)).to_have_count(0)
    axe(page)
