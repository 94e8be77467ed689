"""Browser test (Debian's chromium, 390 px phone): register with a mistake first, land on the
waiting list, see the position, get the freed seat offered, accept it; the organisers'
overview; axe-core checks every page for WCAG 2.1 AA."""

import pytest
from playwright.sync_api import expect

from clusterwerk.accounts.models import User
from clusterwerk.events.models import QuestionKind, RegistrationStatus
from clusterwerk.events.services import registration as services
from clusterwerk.events.tests.factories import make_event
from clusterwerk.events.tests.registration_support import make_actor, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.clock]

PHONE = {"width": 390, "height": 844}


def test_waiting_list_offer_and_overview_on_a_phone(
    page, live_server, cluster, member, cluster_manager, login_in_browser, axe
):
    member.first_name, member.last_name = "Mia", "Meister"
    member.save()
    make_actor(cluster, "Metallbau Havelland GmbH")
    event = make_event(cluster, capacity=1, title="Werkstattgespräch Laserschweißen")
    event.questions.create(
        label="Verpflegung",
        kind=QuestionKind.CHOICE,
        choices=["vegetarisch", "alles"],
        required=True,
    )
    holder = sign_up(
        event,
        User.objects.create_user(email="erster@example.org", first_name="Erst"),
        answers={str(event.questions.get().pk): "alles"},
        organisation_name="Erste GmbH",
    )
    page.set_viewport_size(PHONE)
    login_in_browser(page, member)
    page.goto(f"{live_server.url}/veranstaltungen/{event.slug}/anmelden/")
    expect(page.get_by_label("Vorname")).to_have_value("Mia")
    expect(page.get_by_text("ausgebucht – Warteliste")).to_be_visible()
    axe(page)
    # Search the directory for the organisation: the form keeps what was typed.
    page.get_by_label("Nachname").fill("Meister-Neu")
    page.get_by_label("Organisation im Verzeichnis suchen").fill("havel")
    page.get_by_role("button", name="Suchen").click()
    page.get_by_label("Metallbau Havelland GmbH").check()
    expect(page.get_by_label("Nachname")).to_have_value("Meister-Neu")
    # Forgotten consent and question: German errors, nothing lost.
    page.get_by_role("button", name="Verbindlich anmelden").click()
    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Ohne Ihr Einverständnis ist keine Anmeldung möglich.")
    expect(errors).to_contain_text("Bitte beantworten Sie diese Frage.")
    expect(page.get_by_label("Nachname")).to_have_value("Meister-Neu")
    axe(page)
    page.get_by_label("vegetarisch").check()
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Verbindlich anmelden").click()
    expect(page.get_by_text("Platz 1 auf der Warteliste")).to_be_visible()
    axe(page)

    # The first person cancels: the seat is offered.
    services.cancel_registration(registration=holder, by=holder.user)
    page.goto(f"{live_server.url}/veranstaltungen/meine/")
    expect(page.get_by_role("heading", name="Meine Veranstaltungen")).to_be_visible()
    expect(page.get_by_text("Ein Platz ist frei geworden")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Platz annehmen").click()
    expect(page.get_by_text("Der Platz gehört Ihnen.")).to_be_visible()
    expect(page.get_by_role("heading", name="Ihr Ticket")).to_be_visible()
    axe(page)
    mine = event.registrations.get(user=member)
    assert mine.status == RegistrationStatus.CONFIRMED
    assert mine.actor.name == "Metallbau Havelland GmbH"

    page.get_by_role("link", name="Abmelden", exact=True).first.click()
    expect(page.get_by_role("heading", name="Wirklich abmelden?")).to_be_visible()
    axe(page)

    # The organisers' overview.
    page.context.clear_cookies()
    login_in_browser(page, cluster_manager)
    page.goto(f"{live_server.url}/veranstaltungen/{event.slug}/anmeldungen/")
    expect(page.get_by_text("1 von 1 Plätzen vergeben")).to_be_visible()
    axe(page)
