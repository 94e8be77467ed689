"""No lost edits in the listing form: changing one thing changes exactly that thing; the
lists of a listing (topics, districts, partner kinds, keywords) stay as they are, in their
order, and a listing posted unchanged is not written (a published one does not go back to
review)."""

import pytest
from django.test import Client
from django.urls import reverse

from clusterwerk.actors.models import ActorKind
from clusterwerk.actors.tests.form_support import page_form
from clusterwerk.matchmaking import services
from clusterwerk.matchmaking.models import (
    Listing,
    ListingStatus,
    Maturity,
    RegionScope,
)
from clusterwerk.matchmaking.tests.factories import make_listing, make_market

pytestmark = pytest.mark.clock

NOTHING_CHANGED = "Keine Änderungen – es gab nichts zu speichern."


@pytest.fixture
def market(cluster):
    return make_market(cluster)


@pytest.fixture
def listing(market):
    listing = make_listing(
        market.owner,
        created_by=market.owner_user,
        keywords=["Laserschneiden", "Edelstahl", "Dünnblech"],
        partner_kinds=[ActorKind.RESEARCH_INSTITUTE, ActorKind.COMPANY],
        maturity=Maturity.PROTOTYPE,
        region_scope=RegionScope.DISTRICTS,
        districts=[market.districts["12052"], market.districts["12069"]],
        topics=["4.4.2", "4.2.1"],
        is_anonymous=True,
        cross_cluster=True,
    )
    return listing


def state(listing):
    listing = Listing.objects.get(pk=listing.pk)
    return {
        **services.listing_data(listing),
        "status": listing.status,
        "version": listing.version,
        "topic_rows": sorted(listing.topics.values_list("lineage", flat=True)),
    }


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit(listing, user, **changes):
    browser = client_for(user)
    url = reverse("matchmaking:listing-edit", args=[listing.pk])
    data = page_form(browser, url, button="action")
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return browser.post(url, data, follow=True)


def test_management_changes_the_title_only(market, listing, cluster_manager):
    before = state(listing)
    response = edit(listing, cluster_manager, title="Laserschneiden bis 25 mm")
    assert "Das Inserat wurde gespeichert." in response.content.decode()
    assert state(listing) == {
        **before,
        "title": "Laserschneiden bis 25 mm",
        "version": before["version"] + 1,
    }


def test_owner_changes_one_district_and_the_rest_stays(market, listing):
    before = state(listing)
    edit(listing, market.owner_user, districts=["12052"])
    after = state(listing)
    assert after == {
        **before,
        "districts": ["12052"],
        "status": ListingStatus.IN_REVIEW,
        "version": before["version"] + 1,
    }


@pytest.mark.parametrize("persona", ["owner_user", "manager"])
def test_an_unchanged_submit_writes_nothing(market, listing, cluster_manager, persona):
    user = cluster_manager if persona == "manager" else market.owner_user
    before = state(listing)
    response = edit(listing, user)
    assert NOTHING_CHANGED in response.content.decode()
    assert state(listing) == before
    assert before["status"] == ListingStatus.PUBLISHED


def test_an_unchanged_draft_can_still_be_submitted(market):
    draft = make_listing(market.owner, status=ListingStatus.DRAFT, created_by=market.owner_user)
    browser = client_for(market.owner_user)
    url = reverse("matchmaking:listing-edit", args=[draft.pk])
    data = page_form(browser, url, button="action")
    data["action"] = ["submit"]
    browser.post(url, data)
    draft.refresh_from_db()
    assert draft.status == ListingStatus.IN_REVIEW
