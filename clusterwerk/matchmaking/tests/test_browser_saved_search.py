"""Browser test (Debian's chromium): a member saves a search on the list page of the Börse,
sees the "neue Treffer" count once a matching listing is published, and opens the hits;
axe-core checks each page for WCAG 2.1 AA."""

import re

import pytest
from playwright.sync_api import expect

from clusterwerk.matchmaking.models import SavedSearch
from clusterwerk.matchmaking.tests.saved_support import OWNER_NAME, build_world, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_save_a_search_and_follow_its_new_hits(page, live_server, cluster, login_in_browser, axe):
    world = build_world(cluster)
    login_in_browser(page, world.other_member)
    page.goto(live_server.url + "/kooperation/?q=Laserschweißen")
    save_form = page.get_by_role("region", name="Suche speichern")
    expect(save_form).to_be_visible()
    axe(page)
    save_form.get_by_label("Name der Suche").fill("Laser für Aluminium")
    save_form.get_by_label("Benachrichtigung").select_option("weekly")
    save_form.get_by_role("button", name="Suche speichern").click()
    expect(page.get_by_text("Die Suche „Laser für Aluminium“ ist gespeichert.")).to_be_visible()
    search = SavedSearch.objects.get(user=world.other_member)
    assert (search.query, search.digest) == ("Laserschweißen", "weekly")
    navigation = page.get_by_role("navigation", name="Hauptnavigation")
    expect(navigation).not_to_contain_text("neue")

    listing = publish(world, is_anonymous=True)
    page.reload()
    expect(navigation.get_by_role("link", name=re.compile("Kooperation"))).to_contain_text(
        "1 neuer Treffer"
    )

    page.goto(live_server.url + "/kooperation/suchen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine gespeicherten Suchen")
    axe(page)
    page.get_by_role("link", name="1 neuer Treffer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Treffer der Suche „Laser für Aluminium“"
    )
    expect(page.get_by_role("link", name=listing.title)).to_be_visible()
    expect(page.get_by_text("Anonymer Anbieter (Unternehmen)")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(OWNER_NAME)
    axe(page)

    page.reload()  # seen: the count is gone, the listing is still among the hits
    expect(navigation).not_to_contain_text("neuer Treffer")
    expect(page.get_by_role("link", name=listing.title)).to_be_visible()
