"""Browser test (Debian's chromium): on a phone, a representative changes only the number of
employees; the cluster management approves; every competence and contact is still there.
axe-core checks the edit page and the review page for WCAG 2.1 AA."""

import pytest
from playwright.sync_api import expect

from clusterwerk.actors.models import ChangeRequest, ChangeRequestStatus
from clusterwerk.actors.profile_data import catalogue_and_snapshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_field_edit_approved_changes_only_that_field(
    cluster, page, live_server, actor_a, representative, cluster_manager, login_in_browser, axe
):
    actor_a.employees, actor_a.size_class = 3, "micro"
    actor_a.save(update_fields=["employees", "size_class"])
    _catalogue, before = catalogue_and_snapshot(actor_a, cluster)
    assert len(before["competences"]) == 2 and len(before["contacts"]) == 4

    page.set_viewport_size({"width": 390, "height": 844})
    login_in_browser(page, representative)
    page.goto(live_server.url + actor_a.get_absolute_url())
    page.get_by_role("link", name="Änderungen vorschlagen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("bearbeiten")
    axe(page)
    page.get_by_label("Beschäftigte").fill("5")
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    expect(page.get_by_text("zur Prüfung an das Clustermanagement gesendet")).to_be_visible()

    change = ChangeRequest.objects.get()
    assert change.proposed == {"values": {"employees": 5}}

    page.context.clear_cookies()
    login_in_browser(page, cluster_manager)
    page.goto(f"{live_server.url}/akteure/pruefung/{change.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Änderung prüfen")
    table = page.get_by_role("table", name="Vorgeschlagene Änderungen")
    expect(table.get_by_role("rowheader")).to_have_text(["Beschäftigte"])
    expect(page.get_by_role("radio", name="Annehmen")).not_to_be_checked()
    expect(page.get_by_role("radio", name="Ablehnen")).not_to_be_checked()
    axe(page)

    page.get_by_role("button", name="Entscheidung speichern").click()
    expect(page.get_by_text("Bitte wählen Sie „Annehmen“ oder „Ablehnen“.").first).to_be_visible()
    page.get_by_role("radio", name="Annehmen").check()
    page.get_by_role("button", name="Entscheidung speichern").click()
    expect(page.get_by_text("Die Entscheidung wurde gespeichert.")).to_be_visible()

    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.APPROVED
    actor_a.refresh_from_db()
    _catalogue, after = catalogue_and_snapshot(actor_a, cluster)
    assert after["values"] == {**before["values"], "employees": 5}
    assert after["competences"] == before["competences"]
    assert after["contacts"] == before["contacts"]
    assert after["activities"] == before["activities"]

    page.goto(live_server.url + actor_a.get_absolute_url())
    expect(page.get_by_text("WIG-Schweißen von Edelstahl")).to_be_visible()
    expect(page.get_by_text("Pulverbeschichtung")).to_be_visible()
