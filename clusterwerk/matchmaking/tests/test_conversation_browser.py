"""Browser test (Debian's chromium) on two 390 px phones: the owner accepts an interest, both
sides see each other's named contacts in the conversation, exchange messages (sent without a
reload), the owner proposes a meeting with two times, the institute picks one, the outcome
is recorded, and a reported message is hidden by the cluster management; axe-core finds no
WCAG 2.1 AA violation on the thread and moderation pages."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from clusterwerk.matchmaking.models import ContactOutcome, MeetingStatus
from clusterwerk.matchmaking.tests.conversation_support import add_contacts, future
from clusterwerk.matchmaking.tests.factories import (
    INSTITUTE_NAME,
    make_interest,
    make_listing,
    make_market,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TITLE = "Laserschneiden von Blechen bis 20 mm"


@pytest.fixture
def phone(browser, browser_context_args):
    """Pages of their own browser contexts (their own logins), each a 390 px phone."""
    contexts = []

    def open_page():
        context = browser.new_context(**browser_context_args, viewport=PHONE)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_accept_talk_meet_and_record_the_outcome(
    phone, live_server, cluster, cluster_manager, login_in_browser, axe
):
    market = make_market(cluster)
    add_contacts(market)
    listing = make_listing(market.owner, created_by=market.owner_user, title=TITLE)
    interest = make_interest(listing, market.institute, market.institute_user)

    # The owner accepts the interest and goes to the conversation.
    owner = phone()
    login_in_browser(owner, market.owner_user)
    owner.goto(live_server.url + listing.get_absolute_url())
    owner.get_by_role("button", name=re.compile("^Annehmen")).click()
    expect(owner.get_by_text("Angenommen.")).to_be_visible()
    owner.get_by_role("link", name=re.compile("^Zum Gespräch")).click()
    expect(owner.get_by_role("heading", level=1)).to_contain_text(TITLE)
    contacts = owner.get_by_role("region", name="Ihre Ansprechpersonen")
    expect(contacts.get_by_text("Dr. Ines Naht")).to_be_visible()
    expect(contacts.get_by_role("link", name="0355 123456")).to_be_visible()
    expect(owner.get_by_text("Otto Ohnezustimmung")).to_have_count(0)
    no_horizontal_scroll(owner)
    axe(owner)

    # A message, sent without leaving the page.
    owner.get_by_label("Ihre Nachricht").fill("Guten Tag, wann können wir sprechen?")
    owner.get_by_role("button", name="Nachricht senden").click()
    expect(owner.get_by_role("status")).to_contain_text("Ihre Nachricht ist gesendet.")
    expect(owner.get_by_text("Guten Tag, wann können wir sprechen?")).to_be_visible()
    expect(owner.get_by_label("Ihre Nachricht")).to_have_value("")
    expect(owner.get_by_label("Ihre Nachricht")).to_be_focused()  # ready for the next one

    # The institute sees the owner's general contact (nobody named there) and answers.
    partner = phone()
    login_in_browser(partner, market.institute_user)
    partner.goto(live_server.url + "/mein-bereich/")
    expect(partner.get_by_text("1 neue Nachricht").first).to_be_visible()
    partner.goto(live_server.url + f"/kooperation/gespraech/{interest.pk}/")
    expect(partner.get_by_text("keine Ansprechperson der Weitergabe")).to_be_visible()
    expect(partner.get_by_role("link", name="info@havelland.example")).to_be_visible()
    expect(partner.get_by_text("Guten Tag, wann können wir sprechen?")).to_be_visible()
    partner.get_by_label("Ihre Nachricht").fill("Gern – schlagen Sie Termine vor.")
    partner.get_by_role("button", name="Nachricht senden").click()
    expect(partner.get_by_text("Gern – schlagen Sie Termine vor.")).to_be_visible()
    axe(partner)

    # The owner proposes a meeting with two times; an empty place comes back first.
    owner.reload()
    expect(owner.get_by_text("Gern – schlagen Sie Termine vor.")).to_be_visible()
    first, second = future(10, 10), future(11, 14)
    owner.get_by_text("Treffen vorschlagen").click()
    owner.get_by_label("Termin 1").fill(first.strftime("%Y-%m-%dT%H:%M"))
    owner.get_by_label("Termin 2").fill(second.strftime("%Y-%m-%dT%H:%M"))
    owner.get_by_label("Dauer (Minuten)").select_option("90")
    owner.get_by_role("button", name="Vorschlag senden").click()
    expect(
        owner.get_by_text("Bitte geben Sie einen Ort oder einen Link zum Online-Treffen an.")
    ).to_be_visible()
    axe(owner)
    owner.get_by_label("Ort").fill("Werder (Havel), Am Hafen 3")
    owner.get_by_role("button", name="Vorschlag senden").click()
    expect(owner.get_by_text("Ihr Terminvorschlag ist bei der anderen Seite.")).to_be_visible()

    # The institute picks the second time.
    partner.reload()
    meetings = partner.get_by_role("region", name="Treffen")
    meetings.get_by_label(re.compile(second.strftime("%d. ").lstrip("0") + ".*14:00")).check()
    meetings.get_by_role("button", name="Termin zusagen").click()
    expect(partner.get_by_text("Der Termin ist bestätigt.")).to_be_visible()
    expect(partner.get_by_role("link", name="In den Kalender (.ics)")).to_be_visible()
    axe(partner)
    meeting = interest.meetings.get()
    assert meeting.status == MeetingStatus.CONFIRMED
    assert meeting.chosen.starts_at == second

    # The owner downloads the calendar file and records the outcome.
    owner.reload()
    with owner.expect_download() as download:
        owner.get_by_role("link", name="In den Kalender (.ics)").click()
    assert "BEGIN:VEVENT" in Path(download.value.path()).read_text(encoding="utf-8")
    owner.get_by_label("Kooperation vereinbart").check()
    owner.get_by_role("button", name="Ergebnis speichern").click()
    expect(owner.get_by_text("Das Ergebnis ist gespeichert.")).to_be_visible()
    expect(owner.get_by_text("Ergebnis: Kooperation vereinbart")).to_be_visible()
    no_horizontal_scroll(owner)
    axe(owner)
    interest.refresh_from_db()
    assert interest.outcome == ContactOutcome.COOPERATION
    assert INSTITUTE_NAME in owner.content()

    # The institute reports the owner's message; the cluster management hides it.
    partner.reload()
    partner.get_by_text("Nachricht melden").first.click()
    partner.get_by_label("Was ist an der Nachricht nicht in Ordnung?").first.fill("Werbung")
    partner.get_by_role("button", name="Melden", exact=True).first.click()
    expect(partner.get_by_text("Danke. Das Clustermanagement prüft die Nachricht.")).to_be_visible()
    manager = phone()
    login_in_browser(manager, cluster_manager)
    manager.goto(live_server.url + "/kooperation/nachrichten/moderation/")
    expect(manager.get_by_text("Guten Tag, wann können wir sprechen?")).to_be_visible()
    expect(manager.get_by_text("Grund: Werbung")).to_be_visible()
    no_horizontal_scroll(manager)
    axe(manager)
    manager.get_by_label("Grund der Ausblendung").fill("Kein Bezug zum Inserat")
    manager.get_by_role("button", name="Ausblenden").click()
    expect(manager.get_by_text("Die Nachricht ist ausgeblendet.")).to_be_visible()
    partner.reload()
    expect(partner.get_by_text("Nachricht von der Moderation ausgeblendet")).to_be_visible()
    expect(partner.get_by_text("Guten Tag, wann können wir sprechen?")).to_have_count(0)
    axe(partner)
