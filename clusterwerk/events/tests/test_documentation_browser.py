"""Browser test (Debian's chromium) on a 390 px phone: the organiser documents a
Werkstattgespräch – marks it held, sees the attendance per organisation from the check-ins,
writes the minutes, creates a follow-up listing for an attending company, opens the feedback
survey and closes the documentation; an attendee answers the survey; the organiser reads the
results. axe-core finds no WCAG 2.1 AA violation on any page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clusterwerk.events.models import EventStatus, Feedback, FollowUpKind
from clusterwerk.events.tests.documentation_support import make_documented
from clusterwerk.matchmaking.models import Listing, ListingStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TITLE = "Partner für Laserschweißen von Aluminium gesucht"


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def new_page(browser, browser_context_args):
    contexts = []

    def open_page():
        context = browser.new_context(**browser_context_args, viewport=PHONE)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_organiser_documents_the_event(
    new_page, live_server, cluster, cluster_manager, login_in_browser, axe
):
    doc = make_documented(cluster, status=EventStatus.PUBLISHED)
    event = doc.event
    document_url = live_server.url + reverse("events:document", args=[event.slug])
    page = new_page()
    login_in_browser(page, cluster_manager)
    page.goto(document_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dokumentation")
    axe(page)
    page.get_by_role("button", name="Als durchgeführt markieren").click()
    expect(page.get_by_text("Die Veranstaltung ist als durchgeführt markiert.")).to_be_visible()
    axe(page)
    assert fits_the_phone(page)

    # Attendance from the check-ins, per organisation of the directory.
    table = page.get_by_role("table", name="Teilnehmende je Organisation (aus dem Einlass)")
    owner_row = table.get_by_role("row", name="Metallbau Havelland GmbH")
    expect(owner_row).to_contain_text("Unternehmen")
    expect(owner_row).to_contain_text("Potsdam-Mittelmark")
    expect(owner_row.get_by_role("cell").last).to_have_text("2")
    expect(table.get_by_role("row", name="nicht im Verzeichnis")).to_contain_text("1")
    expect(table.get_by_role("link", name="Institut für Fügetechnik Cottbus")).to_have_attribute(
        "href", doc.market.institute.get_absolute_url()
    )

    # Minutes.
    page.get_by_role("textbox", name="Protokoll").fill(
        "**Ergebnisse**\n\n- Drei Betriebe wollen einen Prüfstand teilen\n- Nächster Termin im Mai"
    )
    page.get_by_role("button", name="Protokoll speichern").click()
    expect(page.get_by_text("Das Protokoll ist gespeichert.")).to_be_visible()
    axe(page)

    # A follow-up listing for an attending company: first without a description.
    listing_form = page.locator("details", has_text="Inserat in der Kooperationsbörse")
    listing_form.locator("summary").click()
    listing_form.get_by_label("Neues Inserat für").select_option(label="Metallbau Havelland GmbH")
    listing_form.get_by_label("Art des Inserats").select_option(label="F&E-Kooperationsgesuch")
    listing_form.get_by_label("Titel").fill(TITLE)
    listing_form.get_by_role("button", name="Eintragen").click()
    expect(page.get_by_role("alert")).to_contain_text("Beschreibung")
    axe(page)
    listing_form = page.locator("details", has_text="Inserat in der Kooperationsbörse")
    listing_form.get_by_label("Beschreibung").fill(
        "Aus dem Werkstattgespräch: Wer schweißt mit uns Aluminiumgehäuse für Prüfstände?"
    )
    listing_form.get_by_role("button", name="Eintragen").click()
    expect(page.get_by_text("Das Ergebnis ist eingetragen.")).to_be_visible()
    results = page.locator("#ergebnisse")
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()
    axe(page)
    listing = Listing.objects.get()
    assert (listing.owner_actor, listing.status) == (doc.market.owner, ListingStatus.DRAFT)
    assert event.follow_ups.get().kind == FollowUpKind.LISTING

    # Feedback survey and closing the documentation.
    page.get_by_role("button", name="Feedback-Umfrage öffnen").click()
    expect(page.get_by_text("Die Feedback-Umfrage ist offen")).to_be_visible()
    page.get_by_role("button", name="Dokumentation abschließen").click()
    expect(page.get_by_text("Dokumentiert: Protokoll und Ergebnisse")).to_be_visible()
    axe(page)
    assert fits_the_phone(page)
    event.refresh_from_db()
    assert event.status == EventStatus.DOCUMENTED

    # An attendee answers on their phone.
    attendee_page = new_page()
    login_in_browser(attendee_page, doc.owner_attendee.user)
    attendee_page.goto(live_server.url + reverse("events:feedback", args=[event.slug]))
    axe(attendee_page)
    attendee_page.get_by_label("4 – gut").check()
    attendee_page.get_by_label("Was sollen wir beibehalten").fill("Sehr praxisnah.")
    attendee_page.get_by_role("button", name="Feedback senden").click()
    expect(attendee_page.get_by_text("Danke für Ihr Feedback!")).to_be_visible()
    axe(attendee_page)
    assert fits_the_phone(attendee_page)
    assert Feedback.objects.get().rating == 4

    # The organiser reads the results.
    page.goto(live_server.url + reverse("events:feedback-results", args=[event.slug]))
    expect(page.get_by_text("Sehr praxisnah.")).to_be_visible()
    axe(page)
    assert fits_the_phone(page)
