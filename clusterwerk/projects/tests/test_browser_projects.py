"""Browser tests (Debian's chromium): project list, detail and the form with topic suggestions;
axe-core checks each page for WCAG 2.1 AA."""

import pytest
from playwright.sync_api import expect

from clusterwerk.projects import services
from clusterwerk.projects.models import Project
from clusterwerk.projects.tests.test_services import project_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_list_and_detail(
    page, live_server, cluster_manager, cluster, plan, programme, company, institute, axe
):
    services.create_project(
        user=cluster_manager,
        cluster=cluster,
        data=project_data(company, institute, visibility="public"),
    )
    page.goto(live_server.url + "/projekte/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Innovationsprojekte")
    axe(page)
    page.get_by_label("Phase").select_option(label="Laufzeit")
    page.get_by_role("button", name="Filtern").click()
    page.get_by_role("link", name="LaHyS: Laserhybridschweißen hochfester Stähle").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Laserhybridschweißen")
    expect(page.get_by_text("Verbund mit Wissenschaft")).to_be_visible()
    axe(page)


def test_manager_creates_a_project_with_topic_suggestions(
    page, live_server, cluster_manager, cluster, plan, programme, company, login_in_browser, axe
):
    login_in_browser(page, cluster_manager)
    page.goto(live_server.url + "/projekte/neu/")
    axe(page)
    page.get_by_label("Titel", exact=True).fill("Leichtbau mit Faserverbund")
    page.get_by_label("Beschreibung").fill(
        "Wir entwickeln leichte Bauteile aus neuen Werkstoffen und senken das Gewicht."
    )
    page.get_by_role("button", name="Themenbereiche vorschlagen").click()
    expect(page.locator("#topic-suggestions li").first).to_be_visible()
    axe(page)
    page.get_by_label("Haupt-Themenbereich").select_option("4.2.1")
    page.get_by_label("Partner").fill(company.name)
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Das Projekt wurde angelegt.")).to_be_visible()
    expect(page.get_by_role("heading", name="Unterstützung erfassen")).to_be_visible()
    axe(page)  # the detail page with the manager's forms (phase, support, results)
    assert Project.objects.get().topics.get().is_primary
