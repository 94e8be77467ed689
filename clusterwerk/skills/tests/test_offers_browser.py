"""Browser test (390 px phone): a company searches training offers by occupation and
district, opens one and finds the provider's profile – no WCAG 2.1 AA violation (axe-core)."""

import pytest
from playwright.sync_api import expect

from clusterwerk.actors.models import ActorKind
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.skills.models import Occupation, TrainingOffer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_offer_search_on_a_phone(page, live_server, cluster, plan, districts, occupations, axe):
    osz = make_actor(
        cluster, "OSZ Werder", kind=ActorKind.COMPETENCE_CENTRE, district=districts["12069"]
    )
    TrainingOffer.objects.create(
        cluster=cluster,
        provider=osz,
        title="Ausbildung Industriemechaniker/in",
        format="apprenticeship",
        occupation=Occupation.objects.get(code="25102"),
        district=districts["12069"],
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/fachkraefte/angebote/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bildungsangebote")
    axe(page)
    page.locator("#id_beruf").fill("25102")
    page.locator("#id_kreis").select_option("12054")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("heading", name="1 Angebot")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe(page)
    page.get_by_role("link", name="Ausbildung Industriemechaniker/in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ausbildung Industriemechaniker/in")
    expect(page.get_by_role("link", name="OSZ Werder")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe(page)
