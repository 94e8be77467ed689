"""Browser test (Debian's chromium) on a 390 × 844 phone with the demo data: every page of
the main flows fits the screen's width (`scrollWidth <= 390`) and passes axe-core (WCAG 2.1
AA), for a visitor, a member and the cluster management; the listing form fits on about three
phone screens; the grouped picker filters as one types and its choice is saved."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from clusterwerk.actors.models import ActorRepresentative
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.models import Edition, EditionStatus, TopicArea
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.matchmaking.models import Listing, ListingStatus
from clusterwerk.participation.models import Consultation, Proposal
from clusterwerk.projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "clusterwerk-demo"
MEMBER = "betrieb@example.org"
MANAGER = "clustermanagement@example.org"
LISTING_FORM_MAX_HEIGHT = 2600  # about three screens of 844 px


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("load_reference_data", stdout=StringIO())
    call_command("seed_demo", "--scale", "0.02", stdout=StringIO())
    settings.DEBUG = False
    cluster = Cluster.objects.get(slug="metall")
    edition = Edition.objects.get(cluster=cluster, status=EditionStatus.PUBLISHED)
    actor = ActorRepresentative.objects.filter(user__email=MEMBER).first().actor
    consultation = Consultation.objects.filter(cluster=cluster).first()
    topic_area = TopicArea.objects.get(edition=edition, number="4.3.1")
    plan = f"/masterplan/{edition.slug}"
    profile = actor.get_absolute_url()
    own = Listing.objects.filter(owner_actor=actor)
    draft = own.filter(status=ListingStatus.DRAFT).first() or own.first()
    published = Listing.objects.filter(cluster=cluster, status=ListingStatus.PUBLISHED).first()
    project = Project.objects.filter(cluster=cluster).order_by("pk").first()
    consultation_url = f"/beteiligung/{consultation.slug}"
    proposal = Proposal.objects.filter(consultation=consultation).first()
    return {
        "cluster": cluster,
        "anonymous": [
            "/",
            "/masterplan/",
            f"{plan}/handlungsfeld/4/",
            f"{plan}/eckpunkt/4.3/",
            f"{plan}/themenbereich/4.3.1/",
            "/masterplan/suche/?q=Laser",
            "/akteure/",
            "/akteure/?q=Fr%C3%A4sen",
            profile,
            "/projekte/",
            f"/projekte/{project.pk}/",
            "/kooperation/",
            f"/kooperation/{published.pk}/",
            "/beteiligung/",
            f"{consultation_url}/",
            f"{consultation_url}/topic_area/{topic_area.lineage}/",
            f"{consultation_url}/vorschlag/{proposal.pk}/",
            "/monitoring/",
            "/monitoring/2019/",
            "/konto/login/",
            "/konto/signup/",
            "/suche/?q=Laserschwei%C3%9Fen",
        ],
        "member": [
            f"{profile}bearbeiten/",
            "/kooperation/neu/",
            f"/kooperation/{draft.pk}/bearbeiten/",
            "/kooperation/partnersuche/",
            "/kooperation/partnersuche/?need=Partner+f%C3%BCr+Laserschwei%C3%9Fen+von+Aluminium",
            "/kooperation/suchen/",
            "/kooperation/meine/",
            "/kooperation/wertschoepfung/",
            "/konto/meine-daten/",
            "/mein-bereich/",
            "/willkommen/?q=Metall",
            "/willkommen/neue-organisation/",
        ],
        "manager": [
            f"{profile}bearbeiten/",
            "/projekte/neu/",
            f"/projekte/{project.pk}/bearbeiten/",
            "/kooperation/suchen/",
            f"{consultation_url}/ergebnisse/",
            "/aufgaben/",
            "/akteure/zuordnungen/",
            "/akteure/einladungen/",
        ],
    }


def log_in(page, base_url, email):
    page.goto(f"{base_url}/konto/login/")
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def assert_fits_the_phone(page, base_url, path, axe):
    response = page.goto(base_url + path)
    assert response.status == 200, path
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width} px wide"
    axe(page)


def test_every_main_page_fits_a_phone(browser, live_server, demo, axe):
    for persona in ("anonymous", "member", "manager"):
        context = browser.new_context(viewport=PHONE, locale="de-DE", timezone_id="Europe/Berlin")
        page = context.new_page()
        if persona != "anonymous":
            log_in(page, live_server.url, MEMBER if persona == "member" else MANAGER)
        for path in demo[persona]:
            assert_fits_the_phone(page, live_server.url, path, axe)
        context.close()


def test_the_listing_form_fits_three_screens_and_its_picker_filters(
    browser, live_server, demo, axe
):
    context = browser.new_context(viewport=PHONE, locale="de-DE", timezone_id="Europe/Berlin")
    page = context.new_page()
    log_in(page, live_server.url, MEMBER)
    page.goto(live_server.url + "/kooperation/neu/")
    form = page.locator("form.listing-form")
    assert form.bounding_box()["height"] <= LISTING_FORM_MAX_HEIGHT

    topics = page.get_by_role("group", name="Themenbereiche des Masterplans")
    # Folded groups: the options are there but hidden until a group opens or the filter hits.
    expect(topics.get_by_label("6.3.2 Duale Ausbildung")).to_be_hidden()
    topics.get_by_label("Themenbereiche filtern").fill("duale ausbild")
    expect(topics.get_by_label("6.3.2 Duale Ausbildung")).to_be_visible()
    expect(topics.get_by_text("4.3 Prozesse effizient und nachhaltig")).to_be_hidden()
    topics.get_by_label("6.3.2 Duale Ausbildung").check()
    expect(topics.locator("[data-picker-selected]")).to_contain_text("6.3.2 Duale Ausbildung")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe(page)
    # Showing the listing in the other clusters is a rare choice: folded, next to the
    # partners from other clusters.
    shared = page.get_by_label("Auch in den anderen Clustern der Hauptstadtregion zeigen")
    expect(shared).to_be_hidden()
    page.locator("form.listing-form summary", has_text="Weitere Angaben").click()
    expect(shared).to_be_visible()
    expect(
        page.get_by_label("Auch Partner aus anderen Clustern der Hauptstadtregion")
    ).to_be_visible()

    page.get_by_label("Technologie-Gesuch").check()
    page.get_by_label("Titel").fill("Ausbildungsverbund für Zerspanungsmechaniker gesucht")
    page.get_by_label("Beschreibung").fill(
        "Wir suchen Betriebe, die mit uns gemeinsam Zerspanungsmechaniker ausbilden."
    )
    page.get_by_role("button", name="Als Entwurf speichern").click()
    page.wait_for_load_state()
    listing = Listing.objects.get(title="Ausbildungsverbund für Zerspanungsmechaniker gesucht")
    catalogue = topic_catalogue(demo["cluster"])
    assert catalogue.numbers_of(listing.topics.values_list("lineage", flat=True)) == ["6.3.2"]
    context.close()
