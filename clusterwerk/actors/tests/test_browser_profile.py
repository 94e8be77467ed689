"""Browser tests (Debian's chromium): open a profile, and a representative edits their own
profile; axe-core checks every page for WCAG 2.1 AA."""

import re

import pytest
from playwright.sync_api import expect

from clusterwerk.actors.models import ChangeRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_open_a_profile_as_a_visitor(page, live_server, actor_a, axe):
    page.goto(live_server.url + actor_a.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Metallbau Havelland GmbH")
    expect(page.get_by_text("WIG-Schweißen von Edelstahl")).to_be_visible()
    expect(page.get_by_text("Paula Public")).to_be_visible()
    expect(page.get_by_text("Mira Members")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("4.4.2"))).to_be_visible()
    axe(page)


def test_representative_edits_own_profile(
    page, live_server, actor_a, representative, login_in_browser, axe
):
    login_in_browser(page, representative)
    page.goto(live_server.url + actor_a.get_absolute_url())
    page.get_by_role("link", name="Änderungen vorschlagen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("bearbeiten")
    axe(page)

    page.get_by_label("Beschreibung").fill("Stahlbau, Geländer und Laserschneiden bis 20 mm.")
    new_competence = page.locator("fieldset.formset-item", has_text="Kompetenz 3")
    new_competence.get_by_label("Kompetenz", exact=True).fill("Laserschneiden")
    new_competence.get_by_label("Art").select_option(label="Verfahren")
    page.get_by_role("button", name="Zur Prüfung einreichen").click()

    expect(page.get_by_text("zur Prüfung an das Clustermanagement gesendet")).to_be_visible()
    expect(page.get_by_text("warten auf Prüfung")).to_be_visible()
    axe(page)
    change = ChangeRequest.objects.get()
    assert change.proposed["competences"][-1]["text"] == "Laserschneiden"
