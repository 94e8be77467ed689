"""Browser tests (Debian's chromium): the value-chain view with a topic area and a keyword,
and the brokerage pipeline as the cluster management sees it; axe-core for WCAG 2.1 AA."""

import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clusterwerk.actors.models import ActorKind
from clusterwerk.actors.reference import ActorReferenceReport, load_districts, read_reference
from clusterwerk.actors.tests.conftest import make_actor, topic_lineage
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.matchmaking.models import Interest, InterestStatus, Listing, ListingStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.clock]

SCREENSHOTS = os.environ.get("CLUSTERWERK_SCREENSHOTS", "")


def shoot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.fixture
def directory(cluster):
    districts = load_districts(read_reference("districts.json"), ActorReferenceReport())
    plan = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    light, manufacturing = topic_lineage(plan, "4.2.1"), topic_lineage(plan, "4.4.2")
    make_actor(
        cluster,
        "Institut für Fügetechnik Potsdam",
        kind=ActorKind.RESEARCH_INSTITUTE,
        district=districts["12054"],
        competences=[("Prüfung von Schweißverbindungen", "process", [manufacturing])],
    )
    make_actor(
        cluster,
        "Schlosserei Werder",
        kind=ActorKind.CRAFT_BUSINESS,
        district=districts["12069"],
        competences=[("Schweißnähte an Geländern ausbessern", "process", [])],
    )
    make_actor(
        cluster,
        "Technische Hochschule Berlin-Mitte",
        kind=ActorKind.UNIVERSITY,
        district=districts["11000"],
        competences=[("Leichtbau mit neuen Werkstoffen", "material", [light])],
    )
    make_actor(
        cluster,
        "Leichtbauzentrum Dresden",
        kind=ActorKind.RESEARCH_INSTITUTE,
        district=districts["14612"],
        competences=[("Faserverbund-Leichtbau", "material", [light])],
    )
    return districts


def test_value_chain_with_topic_area_and_keyword(page, live_server, directory, axe):
    page.goto(live_server.url + reverse("portal:value-chain"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Wertschöpfungsanalyse: Kompetenzen und Lücken"
    )
    expect(page.get_by_role("heading", name="Abdeckung aller Themenbereiche")).to_be_visible()
    axe(page)

    page.get_by_label("Themenbereich des Masterplans").select_option("4.2.1")
    page.get_by_role("button", name="Analysieren").click()
    expect(page.get_by_role("heading", level=2, name="Ergebnis:", exact=False)).to_contain_text(
        "4.2.1"
    )
    expect(page.get_by_text("In Brandenburg hat kein veröffentlichter Akteur")).to_be_visible()
    candidates = page.get_by_role("table", name="Kandidaten außerhalb Brandenburgs", exact=False)
    expect(candidates.get_by_role("row")).to_have_count(3)  # header and two candidates
    expect(candidates).to_contain_text("Technische Hochschule Berlin-Mitte")
    expect(page.locator("path.value-chain-map__gap")).to_have_count(18)
    shoot(page, "value_chain_topic")
    axe(page)

    page.get_by_label("Themenbereich des Masterplans").select_option("")
    page.get_by_role("searchbox", name="Stichwort").fill("Schweißnaht")
    page.get_by_role("button", name="Analysieren").click()
    hits = page.get_by_role("table", name="Akteure in Brandenburg mit der Kompetenz, Wissenschaft")
    expect(hits).to_contain_text("Schlosserei Werder")
    expect(hits.locator("mark").first).to_be_visible()
    districts = page.get_by_role("table", name="je Landkreis", exact=False)
    expect(districts.get_by_role("row", name="Potsdam 1 0", exact=True)).to_be_visible()
    shoot(page, "value_chain_keyword")
    axe(page)

    page.get_by_label("Themenbereich des Masterplans").select_option("")
    page.get_by_role("searchbox", name="Stichwort").fill("und")
    page.get_by_role("button", name="Analysieren").click()
    expect(page.get_by_role("alert")).to_contain_text("enthält kein Wort")
    axe(page)


def test_pipeline_for_the_cluster_management(
    page, live_server, cluster, cluster_manager, directory, login_in_browser, axe
):
    owner = make_actor(cluster, "Oderblech GmbH", district=directory["12067"])
    partner = make_actor(cluster, "Spree Laser KG", district=directory["12067"])
    now = timezone.now()
    for months_ago in range(0, 10, 2):
        published = now - datetime.timedelta(days=30 * months_ago + 1)
        listing = Listing.objects.create(
            cluster=cluster,
            owner_actor=owner,
            kind="equipment_sharing",
            title=f"Abkantpresse {months_ago}",
            description="Unsere Abkantpresse ist an zwei Tagen frei.",
            expires_on=timezone.localdate() + datetime.timedelta(days=30),
            status=ListingStatus.PUBLISHED,
            published_at=published,
        )
        Interest.objects.create(
            listing=listing,
            actor=partner,
            message="Gern",
            status=InterestStatus.ACCEPTED,
            decided_at=now,
        )
    login_in_browser(page, cluster_manager)
    page.goto(live_server.url + reverse("matchmaking:pipeline"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vermittlung in der Kooperationsbörse"
    )
    chart = page.get_by_role("img", name="Säulendiagramm", exact=False)
    expect(chart).to_be_visible()
    box = chart.locator("rect.pipeline-series-0").last.bounding_box()
    assert box and box["width"] > 0
    table = page.get_by_role("table", name="Die Werte des Diagramms", exact=False)
    expect(table.locator("tfoot")).to_contain_text("5")
    shoot(page, "pipeline")
    axe(page)

    page.get_by_label("Zeitraum", exact=True).select_option(str(timezone.localdate().year))
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_role("heading", level=2, name="Im Zeitraum:", exact=False)).to_contain_text(
        str(timezone.localdate().year)
    )
    axe(page)
