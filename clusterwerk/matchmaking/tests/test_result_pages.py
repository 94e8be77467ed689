"""Results that say where and why, through the test client and the API: the partner search
and a listing's "Passende Partner" show town, district and distance, topic areas by title,
groups by kind, and similar providers apart; the API carries the same as optional fields."""

import dataclasses
import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from clusterwerk.actors.models import CompetenceKind
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.matchmaking import engine, matches, services
from clusterwerk.matchmaking.models import ListingKind
from clusterwerk.matchmaking.tests.factories import (
    INSTITUTE_NAME,
    OWNER_NAME,
    listing_data,
    make_listing,
    make_market,
)
from conftest import make_user

pytestmark = pytest.mark.clock

TELTOW_NAME = "Teltower Aluminiumtechnik GmbH"
NEED = "Wer prüft Schweißnähte an Aluminium?"


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


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_text(response) -> str:
    """The page as text: tags out, entities resolved, spaces collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(body))


def section(page: str, start: str, end: str = "") -> str:
    part = page.split(start, 1)[1]
    return part.split(end, 1)[0] if end else part


def test_partner_search_shows_groups_town_district_and_distance(market):
    response = client_for(market.owner_user).get(
        reverse("matchmaking:partner-search"), {"need": NEED}
    )
    assert response.status_code == 200
    page = page_text(response)
    results = section(page, "passende Partner", "Sie möchten, dass passende Partner")
    assert "Entfernungen ab dem Standort von Metallbau Havelland GmbH." in page
    research = section(results, "Forschung & Transfer", "Unternehmen & Handwerk")
    business = section(results, "Unternehmen & Handwerk")
    assert INSTITUTE_NAME in research and TELTOW_NAME not in research
    assert TELTOW_NAME in business and INSTITUTE_NAME not in business
    # Town and district, once when they are the same; the distance from the user's company.
    assert re.search(
        rf"{TELTOW_NAME} .*Standort: Teltow, Potsdam-Mittelmark · ca\. \d+ km", business
    )
    assert re.search(rf"{INSTITUTE_NAME} .*Standort: Cottbus · ca\. 1\d\d km", research)
    # Group headings are headings; the names below them one level down.
    content = response.content.decode()
    assert '<h3 class="match-group__title">Forschung &amp; Transfer' in content
    assert re.search(r'<h4 class="match__name"><a [^>]*>Institut für Fügetechnik', content)


def test_partner_search_does_not_suggest_the_searchers_own_organisation(client, market):
    url = reverse("matchmaking:partner-search")
    need = {"need": "Pulverbeschichtung von Stahlteilen"}
    assert OWNER_NAME in page_text(client.get(url, need))
    own = page_text(client_for(market.owner_user).get(url, need))
    results = section(own, f"Entfernungen ab dem Standort von {OWNER_NAME}.", "Sie möchten")
    assert OWNER_NAME not in results


def test_partner_search_without_an_organisation_has_no_distance(client, market):
    response = client.get(reverse("matchmaking:partner-search"), {"need": NEED})
    page = page_text(response)
    assert "Standort: Cottbus" in page and "Standort: Teltow, Potsdam-Mittelmark" in page
    assert " km" not in section(page, "passende Partner", "Sie möchten")
    assert "Entfernungen ab" not in page


def test_one_group_has_no_group_headings(client, market):
    response = client.get(
        reverse("matchmaking:partner-search"), {"need": NEED, "partner_kinds": "company"}
    )
    content = response.content.decode()
    assert TELTOW_NAME in content and INSTITUTE_NAME not in content
    assert "match-group__title" not in content
    assert re.search(r'<h3 class="match__name"><a [^>]*>Teltower', content)


@pytest.fixture
def request_listing(market):
    listing = services.create_listing(
        cluster=market.cluster,
        user=market.owner_user,
        owner=market.owner,
        data=listing_data(),
        submit=True,
    )
    manager = make_user("pruefung@clusterwerk.test", market.cluster, "cluster_manager")
    return services.approve_listing(user=manager, listing=listing)


def test_listing_page_names_topic_areas_by_title_and_places(market, request_listing):
    page = page_text(client_for(market.owner_user).get(request_listing.get_absolute_url()))
    partners = section(page, "Passende Partner", "Passende Inserate")
    institute = section(partners, INSTITUTE_NAME)
    assert "Standort: Cottbus · ca. 1" in institute
    assert "Themenbereich „Beherrschen und Weiterentwickeln von Fertigungstechnologien“ 4.4.2" in (
        institute
    )
    assert "Themenbereich 4.4.2" not in partners  # no bare code


def test_listing_page_lists_similar_providers_apart(market, request_listing, monkeypatch):
    found = matches.actor_matches_for_listing

    def with_a_competitor(listing, **kwargs):
        return [
            dataclasses.replace(match, similar_offer=match.name == TELTOW_NAME)
            for match in found(listing, **kwargs)
        ]

    monkeypatch.setattr(matches, "actor_matches_for_listing", with_a_competitor)
    assert TELTOW_NAME in [match.name for match in found(request_listing)]
    response = client_for(market.owner_user).get(request_listing.get_absolute_url())
    content = response.content.decode()
    page = page_text(response)
    partners = section(page, "Passende Partner", "Ähnliche Anbieter")
    similar = section(page, "Ähnliche Anbieter", "Passende Inserate")
    assert INSTITUTE_NAME in partners and TELTOW_NAME not in partners
    assert TELTOW_NAME in similar and INSTITUTE_NAME not in similar
    assert "Standort: Teltow, Potsdam-Mittelmark" in similar
    assert re.search(
        r'</section>\s*<details class="similar-offers">\s*<summary>Ähnliche Anbieter', content
    )


# --- The API -------------------------------------------------------------------------------


def test_api_match_carries_place_distance_and_group(market):
    response = client_for(market.owner_user).get("/api/v1/matchmaking/match", {"q": NEED})
    assert response.status_code == 200, response.content
    by_name = {item["name"]: item for item in response.json()}
    institute, teltow = by_name[INSTITUTE_NAME], by_name[TELTOW_NAME]
    assert (institute["municipality"], institute["district"]) == ("Cottbus", "Cottbus")
    assert (teltow["municipality"], teltow["district"]) == ("Teltow", "Potsdam-Mittelmark")
    assert teltow["distance"] == f"ca. {int(teltow['distance_km'])} km"
    assert (institute["group"], teltow["group"]) == ("research", "business")
    assert institute["group_label"] == "Forschung & Transfer"
    assert institute["similar_offer"] is False
    # The documented fields are all still there, and the new ones are optional.
    assert {"actor_id", "name", "kind", "score", "reasons", "explanation"} <= set(institute)
    schema = Client().get("/api/openapi.json").json()["components"]["schemas"]["ActorMatchOut"]
    new = {"municipality", "district", "distance", "group", "group_label", "similar_offer"}
    assert new <= set(schema["properties"]) and not new & set(schema.get("required", []))


def test_api_anonymous_match_has_places_but_no_distance(client, market):
    body = client.get("/api/v1/matchmaking/match", {"q": NEED}).json()
    institute = next(item for item in body if item["name"] == INSTITUTE_NAME)
    assert institute["municipality"] == "Cottbus" and institute["distance"] is None


def test_api_listing_matches_carry_the_new_fields(market, request_listing):
    url = f"/api/v1/matchmaking/listings/{request_listing.pk}/matches"
    body = client_for(market.owner_user).get(url).json()
    institute = next(item for item in body["actors"] if item["name"] == INSTITUTE_NAME)
    assert institute["municipality"] == "Cottbus" and institute["distance"].startswith("ca. ")
    assert institute["group"] == "research"
    assert institute["topics"][0] == {
        "number": "4.4.2",
        "title": "Beherrschen und Weiterentwickeln von Fertigungstechnologien",
    }


# --- Listing cards: the Börse and the hits of a saved search --------------------------------


@pytest.fixture
def offers(market):
    shown = make_listing(
        market.institute,
        kind=ListingKind.TECHNOLOGY_OFFER,
        title="Schweißnähte prüfen im Technikum",
        topics=["4.4.2"],
    )
    hidden = make_listing(
        market.supplier,
        kind=ListingKind.TECHNOLOGY_OFFER,
        title="Lohnfertigung Schweißbaugruppen",
        is_anonymous=True,
    )
    return shown, hidden


def card(page: str, title: str) -> str:
    return section(page, title, "gültig bis")


def test_listing_cards_name_the_owners_town_unless_anonymous(client, market, offers):
    shown, hidden = offers
    page = page_text(client.get(reverse("matchmaking:listing-list")))
    assert "Institut für Fügetechnik Cottbus · Standort: Cottbus ·" in card(page, shown.title)
    assert "Anonymer Anbieter (Unternehmen) ·" in card(page, hidden.title)
    assert "Cottbus" not in card(page, hidden.title)
    assert "Themenbereich: „Beherrschen und Weiterentwickeln von Fertigungstechnologien“ 4.4.2" in (
        page
    )


def test_saved_search_hits_name_the_owners_town_unless_anonymous(market, offers):
    shown, hidden = offers
    search = services.save_search(
        user=market.owner_user, cluster=market.cluster, name="Schweißen", kinds=["technology_offer"]
    )
    url = reverse("matchmaking:saved-search-hits", args=[search.pk])
    page = page_text(client_for(market.owner_user).get(url))
    assert shown.title in page and hidden.title in page
    assert "Institut für Fügetechnik Cottbus · Standort: Cottbus ·" in card(page, shown.title)
    assert "Anonymer Anbieter" in card(page, hidden.title)
    assert "Cottbus" not in card(page, hidden.title)
