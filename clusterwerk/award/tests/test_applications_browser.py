"""Browser test (Debian's chromium, 390 px phone): a company's representative applies, fills
in the form (autosaved), uploads a PDF, submits and sees the confirmation; axe-core checks
every page for WCAG 2.1 AA."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from clusterwerk.award.models import Application, ApplicationStatus
from clusterwerk.award.tests.test_applications_services import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.clock]

PHONE = {"width": 390, "height": 844}


def test_a_company_applies_on_a_phone(
    page, live_server, edition, applicant, applicant_user, login_in_browser, axe
):
    page.set_viewport_size(PHONE)
    login_in_browser(page, applicant_user)
    page.goto(f"{live_server.url}/innovationspreis/{edition.year}/bewerben/")
    expect(page.get_by_label("Metallbau Havelland GmbH")).to_be_checked()
    axe(page)
    page.get_by_label("Titel der Innovation").fill("Laserhybridschweißen für Dickbleche")
    page.get_by_role("button", name="Entwurf anlegen").click()
    expect(page.get_by_role("heading", name="Bewerbung bearbeiten")).to_be_visible()
    axe(page)

    # Autosave: the status line says when it was saved.
    description = page.get_by_label("Beschreibung der Innovation")
    description.fill("Laser und Lichtbogen schweißen Dickbleche")
    description.press_sequentially(" in einem Zug.")  # typing: keyup, saved after a pause
    expect(page.get_by_role("status").filter(has_text="Gespeichert um")).to_be_visible()
    page.get_by_label("Entwicklungsstand").select_option("prototype")
    day = timezone.localdate() - datetime.timedelta(days=200)
    page.get_by_label("Entstanden am").fill(day.isoformat())
    page.get_by_label("Markt und Kunden").fill("Stahlbau und Schiffbau in Norddeutschland.")
    page.get_by_label("Wir versichern").check()
    page.wait_for_timeout(2500)
    expect(page.get_by_role("status").filter(has_text="Gespeichert um")).to_be_visible()
    stored = Application.objects.get()
    assert stored.stage == "prototype"
    assert stored.innovation_date == day
    assert stored.ip_declaration is True
    assert stored.market == "Stahlbau und Schiffbau in Norddeutschland."
    axe(page)

    # A PDF.
    page.get_by_label("PDF-Datei").set_input_files(
        files=[{"name": "Konzept.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Hochladen").click()
    expect(page.get_by_text("„Konzept.pdf“ ist hochgeladen.")).to_be_visible()
    expect(page.get_by_role("link", name="Konzept.pdf")).to_be_visible()
    axe(page)

    # Submit from the application's page.
    page.get_by_role("button", name="Speichern und weiter").click()
    expect(page.get_by_role("button", name="Jetzt einreichen")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Jetzt einreichen").click()
    expect(page.get_by_text("Ihre Bewerbung ist eingereicht.")).to_be_visible()
    expect(page.get_by_text("Änderungen sind bis")).to_be_visible()
    axe(page)
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED
    assert any("Laserhybridschweißen für Dickbleche" in message.subject for message in mail.outbox)

    page.goto(f"{live_server.url}/innovationspreis/meine-bewerbungen/")
    expect(page.get_by_role("heading", name="Meine Bewerbungen")).to_be_visible()
    expect(page.get_by_text("eingereicht", exact=True)).to_be_visible()
    axe(page)
