"""Browser test (Debian's chromium) on a 390 px phone: the organiser opens the check-in page,
searches a name and lets the person in (htmx), opens a ticket's address (as the phone's camera
would) and lets that person in, registers somebody at the door; a stranger who opens a ticket
address sees no personal data; a member sees the ticket's QR code on "Mein Bereich". Every
page fits the screen and passes axe-core (WCAG 2.1 AA)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clusterwerk.events.models import CheckIn, Registration
from clusterwerk.events.tests.checkin_support import running_event, ticket
from clusterwerk.events.tests.factories import make_event, make_registration
from clusterwerk.events.tests.registration_support import make_actor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.clock]

PHONE = {"width": 390, "height": 844}


def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="de-DE", timezone_id="Europe/Berlin")
    return context, context.new_page()


def fits(page, axe):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"
    axe(page)


def test_the_organiser_checks_people_in_on_a_phone(
    browser, live_server, login_in_browser, axe, cluster, cluster_manager
):
    event = running_event(cluster, title="Werkstattgespräch Laserschweißen")
    company = make_actor(cluster, "Metallbau Oder GmbH")
    make_actor(cluster, "Gießerei Finsterwalde")
    ticket(event, first_name="Anna", last_name="Becker", actor=company)
    bernd = ticket(event, first_name="Bernd", last_name="Krause", organisation_name="Schmiede K")
    context, page = phone(browser)
    login_in_browser(page, cluster_manager)

    # the check-in page: search, Einlass
    page.goto(live_server.url + reverse("events:checkin", args=[event.slug]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Einlass")
    fits(page, axe)
    page.get_by_label("Name oder Organisation").fill("Becker")
    entry = page.get_by_role("button", name=re.compile(r"^Einlass\s*: Anna Becker$"))
    expect(entry).to_be_visible()
    entry.click()
    expect(page.get_by_role("status").filter(has_text="Eingelassen")).to_contain_text(
        "Eingelassen: Anna Becker (Metallbau Oder GmbH)"
    )
    counters = page.locator("#checkin-counters")
    expect(counters).to_contain_text("Anwesend")
    expect(counters.locator("div").nth(1).locator("dd")).to_have_text("1")
    expect(page.locator("#checkin-scans")).to_contain_text("Anna Becker")
    fits(page, axe)

    # the address in a QR code, as the camera opens it
    page.goto(
        live_server.url + reverse("events:checkin-ticket", args=[event.slug, bernd.ticket_code])
    )
    expect(page.get_by_text("Schmiede K")).to_be_visible()
    fits(page, axe)
    page.get_by_role("button", name="Einlass").click()
    expect(page.get_by_text("Eingelassen: Bernd Krause (Schmiede K)")).to_be_visible()
    expect(page.get_by_role("button", name="Ausgang")).to_be_visible()
    fits(page, axe)

    # somebody without a registration at the door
    page.goto(live_server.url + reverse("events:checkin", args=[event.slug]))
    page.get_by_label("Vorname").fill("Jonas")
    page.get_by_label("Nachname").fill("Schmidt")
    page.get_by_role("textbox", name="Organisation (freiwillig)").fill("Gießerei")
    choice = page.get_by_label("Gießerei Finsterwalde")
    expect(choice).to_be_visible()
    choice.check()
    fits(page, axe)
    page.get_by_role("button", name="Nachmelden und einlassen").click()
    expect(page.get_by_text("Nachgemeldet und eingelassen: Jonas Schmidt")).to_be_visible()
    fits(page, axe)
    context.close()

    assert CheckIn.objects.filter(kind="entry").count() == 3
    assert Registration.objects.get(last_name="Schmidt").actor.name == "Gießerei Finsterwalde"


def test_a_stranger_sees_only_whether_a_ticket_is_valid(browser, live_server, axe, cluster):
    event = running_event(cluster, title="Werkstattgespräch Biegen")
    registration = ticket(event, first_name="Anna", last_name="Becker")
    context, page = phone(browser)
    page.goto(
        live_server.url
        + reverse("events:checkin-ticket", args=[event.slug, registration.ticket_code])
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Ticket für Werkstattgespräch Biegen")
    expect(page.get_by_text("Dieses Ticket ist gültig.")).to_be_visible()
    assert "Becker" not in page.content()
    fits(page, axe)
    context.close()


def test_a_member_sees_the_ticket_on_my_area(
    browser, live_server, login_in_browser, axe, cluster, member
):
    make_registration(make_event(cluster, title="Clusterkonferenz"), user=member)
    context, page = phone(browser)
    login_in_browser(page, member)
    page.goto(live_server.url + reverse("portal:my-area"))
    image = page.get_by_role("img", name="QR-Code: Ticket für Clusterkonferenz")
    expect(image).to_be_visible()
    # The QR image loads after the page: wait until it has, then it must have a size.
    handle = image.element_handle()
    page.wait_for_function("img => img.complete", arg=handle)
    assert page.evaluate("img => img.naturalWidth", handle) > 0
    fits(page, axe)
    context.close()
