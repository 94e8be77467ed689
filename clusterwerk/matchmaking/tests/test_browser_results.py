"""Browser tests (Debian's chromium) on a 390 px phone: the partner search groups its results
and says where each partner sits and how far away; a listing's page shows similar providers
folded apart from the partners; axe-core finds no WCAG 2.1 AA violation."""

import dataclasses
import re

import pytest
from playwright.sync_api import expect

from clusterwerk.actors.models import CompetenceKind
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.matchmaking import engine, matches, services
from clusterwerk.matchmaking.tests.factories import INSTITUTE_NAME, listing_data, make_market
from conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.clock]

TELTOW_NAME = "Teltower Aluminiumtechnik GmbH"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def market(cluster):
    found = make_market(cluster)
    make_actor(
        cluster,
        TELTOW_NAME,
        district=found.districts["12069"],
        municipality="Teltow",
        latitude=52.40,
        longitude=13.27,
        competences=[
            ("Schweißnähte an Aluminium prüfen und nacharbeiten", CompetenceKind.SERVICE, [])
        ],
    )
    engine.clear_cache()
    return found


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_partner_search_on_a_phone(page, live_server, market, login_in_browser, axe):
    page.set_viewport_size(PHONE)
    login_in_browser(page, market.owner_user)
    page.goto(live_server.url + "/kooperation/partnersuche/")
    page.get_by_label("Wonach suchen Sie?").fill("Wer prüft Schweißnähte an Aluminium?")
    page.get_by_role("button", name="Partner finden").click()
    results = page.get_by_role("region", name=re.compile("passende Partner"))
    research = results.get_by_role("heading", level=3, name=re.compile("Forschung & Transfer"))
    business = results.get_by_role("heading", level=3, name=re.compile("Unternehmen & Handwerk"))
    expect(research).to_be_visible()
    expect(business).to_be_visible()
    expect(
        page.get_by_text("Entfernungen ab dem Standort von Metallbau Havelland GmbH.")
    ).to_be_visible()
    # The htmx swap kept the address of the search.
    expect(page).to_have_url(re.compile(r"need=Wer"))
    teltow = results.get_by_role("listitem").filter(
        has=page.get_by_role("heading", level=4, name=TELTOW_NAME)
    )
    expect(teltow.get_by_text("Teltow, Potsdam-Mittelmark")).to_be_visible()
    expect(teltow.get_by_text(re.compile(r"^ca\. \d+ km"))).to_be_visible()
    institute = results.get_by_role("listitem").filter(
        has=page.get_by_role("heading", level=4, name=INSTITUTE_NAME)
    )
    expect(institute.get_by_text("Cottbus", exact=True)).to_be_visible()
    expect(institute.get_by_text(re.compile(r"^ca\. 1\d\d km"))).to_be_visible()
    # The research group comes first (its best hit ranks highest), each partner in its group.
    assert research.bounding_box()["y"] < institute.bounding_box()["y"]
    assert business.bounding_box()["y"] < teltow.bounding_box()["y"]
    assert fits_the_phone(page)
    axe(page)


def test_similar_providers_fold_apart_on_a_phone(
    page, live_server, market, login_in_browser, axe, monkeypatch
):
    found = matches.actor_matches_for_listing

    def with_a_competitor(listing, **kwargs):
        return [
            dataclasses.replace(match, similar_offer=match.name == TELTOW_NAME)
            for match in found(listing, **kwargs)
        ]

    monkeypatch.setattr(matches, "actor_matches_for_listing", with_a_competitor)
    listing = services.create_listing(
        cluster=market.cluster,
        user=market.owner_user,
        owner=market.owner,
        data=listing_data(),
        submit=True,
    )
    manager = make_user("pruefung@clusterwerk.test", market.cluster, "cluster_manager")
    services.approve_listing(user=manager, listing=listing)
    page.set_viewport_size(PHONE)
    login_in_browser(page, market.owner_user)
    page.goto(live_server.url + listing.get_absolute_url())
    partners = page.get_by_role("region", name="Passende Partner")
    expect(partners.get_by_role("link", name=INSTITUTE_NAME)).to_be_visible()
    expect(partners.get_by_role("link", name=TELTOW_NAME)).to_have_count(0)
    expect(partners.get_by_text(re.compile("Fertigungstechnologien"))).to_be_visible()
    similar = page.locator("details.similar-offers")
    expect(similar.get_by_role("link", name=TELTOW_NAME)).to_be_hidden()
    axe(page)
    similar.get_by_text("Ähnliche Anbieter").click()
    expect(similar.get_by_role("link", name=TELTOW_NAME)).to_be_visible()
    expect(similar.get_by_text("Teltow, Potsdam-Mittelmark")).to_be_visible()
    assert fits_the_phone(page)
    axe(page)
