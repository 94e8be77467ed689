"""Browser test (390 px phone): a member of the metal cluster opens the cross-cluster topics,
a topic with both clusters stacked, and searches partners in another cluster; axe-core finds
no WCAG 2.1 AA violation on any page."""

import pytest
from playwright.sync_api import expect

from clusterwerk.accounts.models import Role
from clusterwerk.crosscluster.tests.conftest import build_world
from conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_topic_page_and_partner_search_on_a_phone(
    page, live_server, cluster, login_in_browser, axe
):
    world = build_world(cluster)
    member = make_user("mitglied-browser@clusterwerk.test", cluster, Role.MEMBER)
    page.set_viewport_size(PHONE)
    login_in_browser(page, member)
    base = live_server.url

    page.goto(f"{base}/cross-cluster/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cross Cluster")
    axe(page)
    page.get_by_role("link", name="Laser für die Materialbearbeitung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Laser für die Materialbearbeitung")
    expect(page.get_by_role("heading", name="Cluster Optik und Photonik", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Wie wir zuordnen")).to_be_visible()
    # Stacked on a phone: the partner's column starts below the own one.
    own = page.get_by_role("heading", name="Cluster Metall Brandenburg", level=2).bounding_box()
    partner = page.get_by_role("heading", name="Cluster Optik und Photonik", level=2)
    assert partner.bounding_box()["y"] > own["y"] + 100
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe(page)

    page.get_by_role("link", name="Partnersuche in anderen Clustern").first.click()
    page.get_by_label("Wonach suchen Sie?").fill("Laser")
    page.get_by_label("Cluster Optik und Photonik").check()
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("link", name="Photonik Adlershof")).to_be_visible()
    expect(page.get_by_role("link", name="Laserquelle zur Mitnutzung")).to_be_visible()
    axe(page)
    assert world.topic.pk
