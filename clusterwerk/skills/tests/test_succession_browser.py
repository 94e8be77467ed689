"""Browser test (Debian's chromium) on a 390 px phone: an owner creates a succession case, the
chamber releases it, a searcher's interest is mediated by the chamber without revealing the
owner, then the owner agrees and both see the contact; axe-core finds no WCAG 2.1 AA
violation on any page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clusterwerk.skills.models import SuccessionCase
from clusterwerk.skills.services import succession as services
from clusterwerk.skills.tests.factories import make_searcher
from clusterwerk.skills.tests.test_succession_services import profile_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_succession_case_is_mediated_by_the_chamber(
    page, live_server, cluster, companies, chamber, login_in_browser, axe
):
    owner = companies[0].user
    searcher = make_searcher("sucht@nachfolge.example", cluster)
    services.save_profile(user=searcher, cluster=cluster, data=profile_data())
    page.set_viewport_size(PHONE)
    base = live_server.url

    # The owner creates the case and submits it to the chamber.
    login_in_browser(page, owner)
    page.goto(f"{base}/fachkraefte/nachfolge/neu/")
    axe(page)
    page.get_by_label("Zuständige Kammer").select_option(label="Handwerkskammer Potsdam")
    page.get_by_label("Geplanter Ausstieg (Jahr)").fill(str(timezone.localdate().year + 4))
    page.get_by_label("Externer Verkauf").check()
    page.get_by_label("Überschrift (anonym)").fill("Metallbaubetrieb sucht Nachfolge")
    page.get_by_label("Beschreibung (anonym)").fill("Stahlbau, treue Kundschaft, zwölf Leute.")
    page.get_by_label("Branche").fill("Metallbau")
    page.get_by_label("Größe", exact=True).select_option("small")
    page.get_by_label("Landkreis / kreisfreie Stadt").select_option("12069")
    page.get_by_label("Einwilligung: anonym im Nachfolge-Radar der Kammern zählen").check()
    page.get_by_role("button", name="Als Entwurf anlegen").click()
    expect(page.get_by_text("als Entwurf angelegt")).to_be_visible()
    page.get_by_role("button", name="Bei der Kammer einreichen").click()
    expect(page.get_by_text("zur Freigabe vor")).to_be_visible()
    axe(page)
    case = SuccessionCase.objects.get()
    page.context.clear_cookies()

    # The chamber releases it from its desk.
    login_in_browser(page, chamber.user)
    page.goto(f"{base}/fachkraefte/nachfolge/kammer/")
    axe(page)
    page.get_by_role("link", name="Metallbaubetrieb sucht Nachfolge").click()
    page.get_by_role("button", name="Anzeige freigeben").click()
    expect(page.get_by_text("Die anonyme Anzeige ist freigegeben.")).to_be_visible()
    page.context.clear_cookies()

    # The searcher finds the anonymous listing and sends an interest to the chamber.
    login_in_browser(page, searcher)
    page.goto(f"{base}/fachkraefte/nachfolge/")
    axe(page)
    expect(page.get_by_text("Betrieb 1")).to_have_count(0)
    page.get_by_role("link", name="Metallbaubetrieb sucht Nachfolge").click()
    expect(page.get_by_text("Betrieb 1")).to_have_count(0)
    page.get_by_label("Nachricht an die Kammer").fill("Ich bin Metallbaumeisterin.")
    page.get_by_role("button", name="An die Kammer senden").click()
    expect(page.get_by_text("Ihr Interesse liegt bei der Kammer")).to_be_visible()
    expect(page.get_by_text("Betrieb 1")).to_have_count(0)
    axe(page)
    interest_url = page.url
    page.context.clear_cookies()

    # The chamber checks it and forwards it.
    login_in_browser(page, chamber.user)
    page.goto(interest_url)
    page.get_by_label("An die Inhaberin/den Inhaber weiterleiten").check()
    axe(page)
    page.get_by_role("button", name="Prüfung speichern").click()
    expect(page.get_by_text("Ihre Prüfung ist gespeichert.")).to_be_visible()
    page.context.clear_cookies()

    # The owner sees the interest without the searcher's name, and agrees.
    login_in_browser(page, owner)
    page.goto(interest_url)
    expect(page.get_by_text(searcher.email)).to_have_count(0)
    axe(page)
    page.get_by_role("button", name="Kontakt zustimmen").click()
    expect(page.get_by_text("Kontakt vereinbart").first).to_be_visible()
    expect(page.get_by_role("link", name=searcher.email)).to_be_visible()
    page.context.clear_cookies()

    # Now the searcher sees who the owner is.
    login_in_browser(page, searcher)
    page.goto(f"{base}/fachkraefte/nachfolge/meine/")
    expect(page.get_by_text("Betrieb 1").first).to_be_visible()
    expect(page.get_by_role("link", name=owner.email).first).to_be_visible()
    axe(page)
    assert case.interests.get().status == "agreed"
