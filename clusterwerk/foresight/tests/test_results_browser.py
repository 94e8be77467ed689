"""Browser test (Debian's chromium, 390 px phone): a published cycle's results table, its
weighted and per-group views and an item's fact sheet – readable on a phone, axe-core finds
no WCAG 2.1 AA violation."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clusterwerk.foresight.models import Comment, Status
from clusterwerk.foresight.tests.factories import rate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.clock]

PHONE = {"width": 390, "height": 844}


def test_results_and_fact_sheet_on_a_phone(page, live_server, cycle, items, panellists, axe):
    w01 = items[0]
    for panellist, impact, expertise in zip(
        panellists, [4, 5, 2, 4, None], [5, 2, 2, 4, 3], strict=True
    ):
        rate(
            panellist,
            w01,
            {"impact": impact, "uncertainty": 3, "horizon": 2},
            expertise=expertise,
            reason="Im Handwerk kaum Thema." if impact == 2 else "",
        )
    Comment.objects.create(item=w01, panellist=panellists[0], body="Wasserstoff bleibt teuer.")
    cycle.status = Status.PUBLISHED
    cycle.published_at = timezone.now()
    cycle.save()
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/foresight/{cycle.slug}/ergebnisse/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(cycle.title)
    expect(page.get_by_role("heading", name="Wirkung auf das Cluster")).to_be_visible()
    expect(page.get_by_text("2 abweichende Antworten").first).to_be_visible()
    axe(page)

    page.get_by_label("Nach Expertise gewichtet").check()
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_role("columnheader", name="Median (gewichtet)").first).to_be_visible()
    axe(page)

    page.get_by_label("Nach Gruppen").check()
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_role("columnheader", name="Handwerk").first).to_be_visible()
    axe(page)

    page.get_by_role("link", name="W-01").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Wasserstoff in der Metallbearbeitung"
    )
    expect(page.get_by_text("Im Handwerk kaum Thema.")).to_be_visible()
    expect(page.get_by_text("Wasserstoff bleibt teuer.")).to_be_visible()
    axe(page)
