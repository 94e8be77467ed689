"""The results page in the result phase and the interview list, in a real browser."""

import datetime

import pytest

from clusterwerk.actors.models import Actor, ActorKind, ClusterMembership
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation.models import Interview, PhaseKind
from clusterwerk.participation.tests.factories import make_consultation
from clusterwerk.participation.tests.results_helpers import (
    amendment,
    comment,
    person,
    rating,
    support,
    topic,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def consultation(cluster):
    published = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    consultation = make_consultation(
        cluster, published, phase=PhaseKind.RESULT, title="Beteiligung 2026"
    )
    ta = topic(published, "4.2.1")
    anna = person("anna@example.org", name="Anna", affiliation="company")
    bert = person("bert@example.org", name="Bert", affiliation="science")
    comment(consultation, ta, anna, body="Leichtbau braucht Prüfstände.")
    rating(consultation, ta, anna, 5, 3)
    rating(consultation, ta, bert, 3, 2)
    support(amendment(consultation, ta, anna, text="Leichte Produkte."), bert)
    return consultation


def test_results_page_in_the_result_phase(page, live_server, consultation, axe):
    page.goto(f"{live_server.url}/beteiligung/{consultation.slug}/ergebnisse/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Ergebnisse")
    table = page.locator("table.results-table")
    assert "Produkte mit verbesserten Eigenschaften" in table.inner_text()
    assert page.locator("svg.distribution").count() == 2
    axe(page)


def test_interview_list_as_manager(
    page, live_server, cluster, consultation, cluster_manager, login_in_browser, axe
):
    actor = Actor.objects.create(name="Muster Metallbau GmbH", kind=ActorKind.COMPANY)
    ClusterMembership.objects.create(actor=actor, cluster=cluster)
    Interview.objects.create(
        cluster=cluster,
        consultation=consultation,
        held_on=datetime.date(2026, 3, 2),
        actor=actor,
        interviewee_function="Geschäftsführerin",
    )
    login_in_browser(page, cluster_manager)
    page.goto(f"{live_server.url}/beteiligung/interviews/")
    assert "Muster Metallbau GmbH" in page.locator("table").inner_text()
    axe(page)
    page.get_by_role("link", name="Interview erfassen").click()
    page.wait_for_load_state()
    axe(page)
