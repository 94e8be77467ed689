"""Browser test (Debian's chromium): the management turns a gap signal into a proposal and
dismisses another, with every form open; axe-core finds no WCAG 2.1 AA violation."""

import pytest
from playwright.sync_api import expect

from clusterwerk.foresight.models import Status
from clusterwerk.foresight.tests.factories import make_cycle, make_item, make_panellist
from clusterwerk.foresight.tests.test_gaps_signals import make_urgent
from clusterwerk.participation.models import PhaseKind, Proposal
from clusterwerk.participation.tests.factories import make_consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_management_turns_a_gap_into_a_proposal(
    page, live_server, cluster, plan, cluster_manager, login_in_browser, axe
):
    cycle = make_cycle(cluster, status=Status.EVALUATION, year=2021, slug="foresight-2021")
    seats = [make_panellist(cycle, f"p{n}@panel.example") for n in range(3)]
    for key, title in [("W-07", "Grüner Stahl"), ("W-08", "KI in der Qualitätsprüfung")]:
        make_urgent(make_item(cycle, key, title=title, description=f"{title}."), seats)
    make_consultation(cluster, plan, phase=PhaseKind.INFORMATION, title="Fortschreibung 2026")

    page.set_viewport_size(PHONE)
    login_in_browser(page, cluster_manager)
    page.goto(f"{live_server.url}/foresight/foresight-2021/luecken/")
    expect(page.get_by_role("heading", name="W-07 Grüner Stahl")).to_be_visible()
    for summary in page.locator("summary").all():
        summary.click()
    axe(page)

    gap = page.locator("#gap-W-07")
    gap.get_by_label("Eckpunkt (für einen neuen Themenbereich)").select_option("4.2")
    gap.get_by_role("button", name="Vorschlag einreichen").click()
    expect(page.get_by_text("aus W-07 eingereicht")).to_be_visible()
    assert Proposal.objects.get().origin == "aus Foresight-Zyklus 2021, Item W-07"

    other = page.locator("#gap-W-08")
    other.locator("summary", has_text="Verwerfen").click()
    other.get_by_label("Warum wird die Lücke verworfen?").fill("   ")  # passes `required`
    other.get_by_role("button", name="Lücke verwerfen").click()
    expect(other.get_by_role("alert")).to_contain_text("Bitte begründen Sie")
    axe(page)
