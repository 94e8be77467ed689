"""The issue's whole journey in the browser (Debian's chromium) on 390 px phones: a craft
business finds a Werkstattgespräch in the calendar, registers, lands on the waiting list, gets
the freed seat offered and accepts it, adds the event to its calendar, and is let in at the
door by the QR code of its ticket; the organiser then documents the event with the attendance
from the check-ins and a follow-up listing. axe-core finds no WCAG 2.1 AA violation on any page
and no page is wider than the phone."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from clusterwerk.accounts.models import User
from clusterwerk.actors.models import ActorKind
from clusterwerk.events.models import (
    Audience,
    CheckInKind,
    EventFormat,
    EventStatus,
    FollowUpKind,
    RegistrationStatus,
)
from clusterwerk.events.services import registration as registrations
from clusterwerk.events.tests.factories import make_event
from clusterwerk.events.tests.registration_support import make_actor, sign_up
from clusterwerk.matchmaking.models import Listing, ListingStatus
from clusterwerk.matchmaking.tests.factories import make_market
from conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.clock]

PHONE = {"width": 390, "height": 844}
TITLE = "Werkstattgespräch Schweißen von Aluminium"
LISTING = "Partner für Aluminium-Schweißvorrichtungen gesucht"


@pytest.fixture
def phone(browser, browser_context_args):
    contexts = []

    def open_phone():
        context = browser.new_context(**browser_context_args, viewport=PHONE)
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


def check(page, axe):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"
    axe(page)


def test_from_the_calendar_through_the_waiting_list_to_the_door_and_the_documentation(
    phone, live_server, login_in_browser, axe, cluster, cluster_manager, pinned_clock
):
    make_market(cluster)  # a published plan and the directory's districts
    anna = make_user("anna@example.org", cluster, "member", first_name="Anna", last_name="Hahn")
    craft = make_actor(
        cluster, "Schlosserei Hahn", kind=ActorKind.CRAFT_BUSINESS, representative=anna
    )
    starts_at = (timezone.now() + datetime.timedelta(minutes=90)).replace(second=0, microsecond=0)
    event = make_event(
        cluster,
        title=TITLE,
        format=EventFormat.WORKSHOP_TALK,
        starts_at=starts_at,
        ticket_types=[{"name": "Handwerk", "audience": Audience.CRAFT, "capacity": 1}],
    )
    first = User.objects.create_user(email="erster@example.org", first_name="Erst")
    holder = sign_up(
        event,
        first,
        actor=make_actor(cluster, "Metallbau Erst", kind=ActorKind.CRAFT_BUSINESS),
    )

    # Find the Werkstattgespräch in the calendar and register: the seat is taken.
    page = phone()
    login_in_browser(page, anna)
    page.goto(live_server.url + reverse("events:calendar"))
    page.get_by_label("Format").select_option(label="Werkstattgespräch")
    page.get_by_role("button", name="Filtern").click()
    check(page, axe)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    check(page, axe)
    page.get_by_role("link", name="Anmelden", exact=True).click()
    expect(page.get_by_text("ausgebucht – Warteliste")).to_be_visible()
    page.get_by_label("Schlosserei Hahn").check()
    page.get_by_label("Ich bin einverstanden").check()
    check(page, axe)
    page.get_by_role("button", name="Verbindlich anmelden").click()
    expect(page.get_by_text("Platz 1 auf der Warteliste")).to_be_visible()
    check(page, axe)
    mine = event.registrations.get(user=anna)
    assert mine.status == RegistrationStatus.WAITLISTED and mine.actor == craft

    # The first person cancels; the seat is offered to Anna, who takes it.
    registrations.cancel_registration(registration=holder, by=first)
    page.goto(live_server.url + reverse("events:mine"))
    expect(page.get_by_text("Ein Platz ist frei geworden")).to_be_visible()
    check(page, axe)
    page.get_by_role("button", name="Platz annehmen").click()
    expect(page.get_by_text("Der Platz gehört Ihnen.")).to_be_visible()
    expect(page.get_by_role("img", name="QR-Code Ihres Tickets für den Einlass")).to_be_visible()
    check(page, axe)
    mine.refresh_from_db()
    assert mine.status == RegistrationStatus.CONFIRMED

    # Add it to the calendar: the file parses back with the event in Europe/Berlin.
    page.goto(live_server.url + event.get_absolute_url())
    ics_link = page.get_by_role("link", name="In den eigenen Kalender (iCal)")
    answer = page.request.get(live_server.url + ics_link.get_attribute("href"))
    assert answer.ok and answer.headers["content-type"].startswith("text/calendar")
    (entry,) = Calendar.from_ical(answer.body()).walk("VEVENT")
    assert str(entry["SUMMARY"]) == TITLE
    assert entry.decoded("DTSTART") == starts_at
    assert str(entry.decoded("DTSTART").tzinfo) == "Europe/Berlin"
    assert str(entry["STATUS"]) == "CONFIRMED"

    # At the door the organiser's phone opens the address in the QR code and lets Anna in.
    door = phone()
    login_in_browser(door, cluster_manager)
    door.goto(
        live_server.url + reverse("events:checkin-ticket", args=[event.slug, mine.ticket_code])
    )
    expect(door.get_by_text("Schlosserei Hahn")).to_be_visible()
    check(door, axe)
    door.get_by_role("button", name="Einlass").click()
    expect(door.get_by_text("Eingelassen: Anna Hahn (Schlosserei Hahn)")).to_be_visible()
    check(door, axe)
    assert list(mine.check_ins.values_list("kind", flat=True)) == [CheckInKind.ENTRY]

    # After the event the organiser documents it: attendance from the check-ins, a follow-up.
    pinned_clock.shift(datetime.timedelta(hours=4))
    door.goto(live_server.url + reverse("events:document", args=[event.slug]))
    door.get_by_role("button", name="Als durchgeführt markieren").click()
    expect(door.get_by_text("Die Veranstaltung ist als durchgeführt markiert.")).to_be_visible()
    table = door.get_by_role("table", name="Teilnehmende je Organisation (aus dem Einlass)")
    expect(table.get_by_role("row", name=re.compile("Schlosserei Hahn"))).to_contain_text(
        "Handwerksbetrieb"
    )
    check(door, axe)
    listing_form = door.locator("details", has_text="Inserat in der Kooperationsbörse")
    listing_form.locator("summary").click()
    listing_form.get_by_label("Neues Inserat für").select_option(label="Schlosserei Hahn")
    listing_form.get_by_label("Art des Inserats").select_option(label="Geschäfts-Gesuch")
    listing_form.get_by_label("Titel").fill(LISTING)
    listing_form.get_by_label("Beschreibung").fill(
        "Aus dem Werkstattgespräch: Wer baut mit uns Vorrichtungen für Aluminiumrahmen?"
    )
    listing_form.get_by_role("button", name="Eintragen").click()
    expect(door.get_by_text("Das Ergebnis ist eingetragen.")).to_be_visible()
    expect(door.locator("#ergebnisse").get_by_role("link", name=LISTING)).to_be_visible()
    check(door, axe)

    event.refresh_from_db()
    assert event.status == EventStatus.HELD
    follow_up = event.follow_ups.get()
    assert follow_up.kind == FollowUpKind.LISTING
    listing = Listing.objects.get(title=LISTING)
    assert (listing.owner_actor, listing.status) == (craft, ListingStatus.DRAFT)
    assert follow_up.listing == listing
