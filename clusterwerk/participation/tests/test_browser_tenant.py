"""Browser test (Debian's chromium): the Beteiligung of a second cluster under its own
addresses (`/c/kunststoffe/beteiligung/…`). A member of B takes part in B's members-only
consultation and every link keeps them in B; A's consultation is not listed there. B's
management records a workshop in B. axe-core checks every page (WCAG 2.1 AA)."""

import re

import pytest
from playwright.sync_api import expect

from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation.models import Audience, Comment, Workshop
from clusterwerk.participation.tests.factories import make_consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def consultations(cluster, other_cluster):
    in_a = make_consultation(
        cluster,
        make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED),
        title="Beteiligung Metall",
        slug="beteiligung-metall",
    )
    in_b = make_consultation(
        other_cluster,
        make_edition(other_cluster, label="2024", status=EditionStatus.PUBLISHED),
        title="Beteiligung Kunststoffe",
        slug="beteiligung-kunststoffe",
        audience=Audience.MEMBERS,
    )
    return in_a, in_b


def test_a_member_of_b_takes_part_in_bs_tenant(
    page, live_server, consultations, other_cluster_member, login_in_browser, axe
):
    _in_a, in_b = consultations
    login_in_browser(page, other_cluster_member)
    page.goto(live_server.url + "/c/kunststoffe/beteiligung/")
    expect(page.get_by_role("link", name="Beteiligung Kunststoffe")).to_be_visible()
    expect(page.get_by_role("link", name="Beteiligung Metall")).to_have_count(0)
    axe(page)
    page.get_by_role("link", name="Beteiligung Kunststoffe").click()
    expect(page).to_have_url(re.compile(r"/c/kunststoffe/beteiligung/beteiligung-kunststoffe/$"))
    axe(page)
    page.get_by_role("link", name=re.compile(r"4\.2\.1\s*Produkte mit verbesserten")).click()
    expect(page).to_have_url(re.compile(r"/c/kunststoffe/beteiligung/beteiligung-kunststoffe/"))
    page.get_by_label("Ihr Kommentar").fill("Recyclingfähige Kunststoffe gehören dazu.")
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    expect(page.get_by_text("Ihr Kommentar ist veröffentlicht")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/c/kunststoffe/beteiligung/beteiligung-kunststoffe/"))
    axe(page)
    assert Comment.objects.get().consultation == in_b

    # A's consultation does not exist in B's tenant.
    response = page.goto(live_server.url + "/c/kunststoffe/beteiligung/beteiligung-metall/")
    assert response.status == 404


def test_bs_management_records_a_workshop_in_b(
    page, live_server, consultations, other_cluster, other_cluster_manager, login_in_browser, axe
):
    login_in_browser(page, other_cluster_manager)
    page.goto(live_server.url + "/c/kunststoffe/beteiligung/workshops/")
    axe(page)
    page.get_by_role("link", name="Workshop erfassen").click()
    expect(page).to_have_url(re.compile(r"/c/kunststoffe/beteiligung/workshops/neu/$"))
    page.get_by_label("Titel").fill("Werkstattgespräch Kunststoffe")
    page.get_by_label("Datum").fill("2026-12-10")
    page.get_by_label("Teilnehmende").fill("8")
    axe(page)
    page.get_by_role("button", name="Speichern").click()
    expect(page).to_have_url(re.compile(r"/c/kunststoffe/beteiligung/workshops/$"))
    expect(page.get_by_text("Werkstattgespräch Kunststoffe")).to_be_visible()
    axe(page)
    assert Workshop.objects.get().cluster == other_cluster
