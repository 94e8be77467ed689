"""Browser tests (Debian's chromium) on a 390 px phone: a new account finds its way in.

(a) sign up → claim an organisation → the management approves → the person posts a listing;
(b) sign up → register a new organisation → approved → the person edits the profile.
axe-core checks every page for WCAG 2.1 AA, and no page of the front door is wider than the
phone."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clusterwerk.accounts.tests.factories import mark_email_verified
from clusterwerk.actors.models import ActorStatus, ChangeRequest, Claim, ClaimStatus
from clusterwerk.matchmaking.models import Listing, ListingStatus
from clusterwerk.matchmaking.tests.factories import OWNER_NAME, make_market
from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.clock]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone_page(browser, browser_context_args):
    """Pages of their own browser contexts (their own logins), each a 390 px phone."""
    contexts = []

    def open_page():
        context = browser.new_context(**browser_context_args, viewport=PHONE)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def check(page, axe):
    """Accessible and not wider than the phone."""
    axe(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def sign_up(page, live_server, mailoutbox, axe, email):
    """Sign up with e-mail verification, as a new company's person does."""
    page.goto(live_server.url + reverse("account_signup"))
    check(page, axe)
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Konto anlegen").click()
    page.wait_for_load_state()
    if page.url.endswith(reverse("account_email_verification_sent")):
        message = next(m for m in mailoutbox if m.to == [email])
        confirm = re.search(r"https?://[^/\s]+(/konto/confirm-email/[^\s]+/)", message.body)[1]
        page.goto(live_server.url + confirm)
        check(page, axe)
        page.get_by_role("button", name="Bestätigen").click()
        page.wait_for_load_state()
    if "/willkommen/" not in page.url:
        # Confirmed in a session that did not sign up: log in.
        page.goto(live_server.url + reverse("account_login"))
        page.get_by_label("E-Mail").fill(email)
        page.get_by_label("Passwort").fill(PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Willkommen bei Clusterwerk")
    check(page, axe)


def approve_in_queue(page, live_server, login_in_browser, manager, axe, organisation):
    login_in_browser(page, manager)
    page.goto(live_server.url + reverse("actors:claim-queue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Zuordnungsanträge")
    check(page, axe)
    page.get_by_role("link", name=re.compile(f"Prüfen.*{re.escape(organisation)}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zuordnungsantrag prüfen")
    check(page, axe)
    page.get_by_role("button", name="Annehmen").click()
    expect(page.get_by_text("Angenommen:")).to_be_visible()
    check(page, axe)


def test_claim_approve_and_post_a_listing(
    page,
    phone_page,
    live_server,
    cluster,
    cluster_manager,
    login_in_browser,
    axe,
    mailoutbox,
    settings,
):
    # The real way in: the e-mail address is confirmed (that makes the domain hint possible).
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    market = make_market(cluster)
    market.owner.website = "https://www.havelland.example"
    market.owner.save()
    mark_email_verified(cluster_manager)
    page.set_viewport_size(PHONE)
    sign_up(page, live_server, mailoutbox, axe, "neu@havelland.example")

    # Find the organisation by name and ask to represent it.
    page.get_by_label("Name oder Postleitzahl").fill("Havelland")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_text(OWNER_NAME, exact=True)).to_be_visible()
    check(page, axe)
    page.get_by_role("link", name=re.compile(f"Zuordnung beantragen.*{OWNER_NAME}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zuordnung beantragen")
    check(page, axe)
    page.get_by_label("Nachricht an das Clustermanagement").fill("Ich leite den Einkauf.")
    page.get_by_role("button", name="Antrag senden").click()
    expect(page.get_by_text("Ihr Antrag ist beim Clustermanagement")).to_be_visible()
    expect(page.get_by_text("wartet auf Prüfung")).to_be_visible()
    expect(page.get_by_text("Was Sie schon jetzt tun können")).to_be_visible()
    check(page, axe)
    claim = Claim.objects.get()
    assert claim.actor == market.owner and claim.domain_matches  # info@havelland.example

    # The cluster management approves it, and invites somebody else.
    manager_page = phone_page()
    approve_in_queue(manager_page, live_server, login_in_browser, cluster_manager, axe, OWNER_NAME)
    manager_page.get_by_role("link", name="Personen einladen").click()
    expect(manager_page.get_by_role("heading", level=1)).to_have_text("Personen einladen")
    manager_page.get_by_label("Organisation: Name oder Postleitzahl").fill("Lausitz")
    manager_page.get_by_role("button", name="Suchen").click()
    manager_page.get_by_role("link", name=re.compile("Auswählen.*Lausitz")).click()
    manager_page.get_by_label("E-Mail-Adresse der Person").fill("einkauf@lausitz.example")
    manager_page.get_by_role("button", name="Einladung senden").click()
    expect(manager_page.get_by_text("Die Einladung an einkauf@lausitz.example")).to_be_visible()
    check(manager_page, axe)
    assert Claim.objects.get().status == ClaimStatus.APPROVED
    assert any("Sie vertreten jetzt" in m.subject for m in mailoutbox)

    # The person posts a listing for the organisation.
    page.goto(live_server.url + reverse("actors:welcome"))
    expect(page.get_by_role("link", name=OWNER_NAME)).to_be_visible()
    check(page, axe)
    page.get_by_role("link", name="Inserat aufgeben").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neues Inserat")
    axe(page)
    page.get_by_label("Gültig bis").fill(
        (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    )
    page.get_by_label("F&E-Kooperationsgesuch").check()
    page.get_by_label("Titel").fill("Partner für Pulverbeschichtung gesucht")
    page.get_by_label("Beschreibung").fill(
        "Wir suchen einen Partner, der mit uns eine neue Pulverbeschichtung erprobt."
    )
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    expect(page.get_by_text("liegt dem Clustermanagement zur Prüfung vor")).to_be_visible()
    axe(page)
    listing = Listing.objects.get(title="Partner für Pulverbeschichtung gesucht")
    assert listing.owner_actor == market.owner and listing.status == ListingStatus.IN_REVIEW


def test_register_approve_and_edit_the_profile(
    page,
    phone_page,
    live_server,
    cluster,
    cluster_manager,
    login_in_browser,
    axe,
    mailoutbox,
    settings,
):
    # The real way in: the e-mail address is confirmed (that makes the domain hint possible).
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    make_market(cluster)
    mark_email_verified(cluster_manager)
    page.set_viewport_size(PHONE)
    sign_up(page, live_server, mailoutbox, axe, "chefin@laser-uckermark.de")

    # Not in the directory: register the organisation.
    page.get_by_label("Name oder Postleitzahl").fill("Uckermark")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_text("Keine Organisation zu „Uckermark“ gefunden.")).to_be_visible()
    check(page, axe)
    page.get_by_role("link", name="Neue Organisation anmelden").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neue Organisation anmelden")
    check(page, axe)
    # A look-alike of a known organisation is questioned first.
    page.get_by_label("Name der Organisation").fill("Metallbau Havelland")
    page.get_by_label("Postleitzahl").fill("16303")
    page.get_by_role("button", name="Organisation anmelden").click()
    expect(page.get_by_role("heading", name="Gibt es Ihre Organisation schon?")).to_be_visible()
    check(page, axe)
    page.get_by_label("Name der Organisation").fill("Lasertechnik Uckermark GmbH")
    page.get_by_label("Straße und Hausnummer").fill("Am Hafen 3")
    page.locator("#id_municipality").fill("Schwedt/Oder")
    page.get_by_label("Website").fill("https://www.laser-uckermark.de")
    page.get_by_label("Größenklasse").select_option("small")
    page.get_by_label("Erste Kompetenzen").fill("Laserschweißen\nLaserschneiden")
    page.get_by_label("Keiner der Treffer ist meine Organisation").check()
    page.get_by_role("button", name="Organisation anmelden").click()
    expect(page.get_by_text("Ihre Organisation ist angelegt")).to_be_visible()
    expect(page.get_by_text("wartet auf Prüfung")).to_be_visible()
    check(page, axe)
    claim = Claim.objects.get()
    assert claim.actor.status == ActorStatus.DRAFT and claim.domain_matches

    approve_in_queue(
        phone_page(),
        live_server,
        login_in_browser,
        cluster_manager,
        axe,
        "Lasertechnik Uckermark GmbH",
    )
    actor = Claim.objects.get().actor
    actor.refresh_from_db()
    assert actor.status == ActorStatus.PUBLISHED

    # The person edits the profile: the change goes to review, exactly as typed.
    page.goto(live_server.url + reverse("actors:welcome"))
    page.get_by_role("link", name="Lasertechnik Uckermark GmbH").click()
    check(page, axe)
    page.goto(live_server.url + reverse("actors:edit", args=[actor.pk, actor.slug]))
    axe(page)
    page.locator("#id_description").fill("Lohnfertigung mit Faserlasern.")
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    expect(page.get_by_text("zur Prüfung an das Clustermanagement gesendet")).to_be_visible()
    axe(page)
    change = ChangeRequest.objects.get(actor=actor)
    assert change.proposed == {"values": {"description": "Lohnfertigung mit Faserlasern."}}
