"""The set-up pages: the list (the public sees published cycles), the overview (management
dashboard, panellist's link, public links), the cycle form, criteria, radar, phase change,
items and sources – German errors, an edit changes exactly what was changed, 403/404 for
everyone but the cluster's management."""

import pytest
from django.test import Client
from django.urls import reverse

from clusterwerk.actors.tests.conftest import topic_lineage
from clusterwerk.foresight.models import Cycle, Item, Source, SourceKind, Status
from clusterwerk.foresight.services import cycles as cycle_services
from clusterwerk.foresight.services import items as item_services
from clusterwerk.foresight.tests.factories import make_cycle, make_item, make_panellist
from clusterwerk.foresight.tests.test_setup_services import PDF

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def draft(cluster):
    return make_cycle(cluster, status=Status.PREPARATION, opened_at=None, slug="entwurf")


def test_the_list_shows_the_public_published_cycles(cluster, manager_client):
    make_cycle(cluster, year=2021, slug="alt", title="Vorausschau 2021", status=Status.PUBLISHED)
    make_cycle(cluster, slug="geheim", title="Geheimer Zyklus")
    page = html(Client().get("/foresight/"))
    assert "Vorausschau 2021" in page and "Geheimer Zyklus" not in page
    assert "Neuer Zyklus" not in page
    page = html(manager_client.get("/foresight/"))
    assert "Geheimer Zyklus" in page and "Neuer Zyklus" in page


def test_the_dashboard(draft, manager_client):
    page = html(manager_client.get("/foresight/entwurf/"))
    assert "Phase: Vorbereitung" in page
    assert "Es gibt noch kein Item." in page
    assert "Bewertung eröffnen" in page
    assert "/foresight/entwurf/kriterien/" in page and "/foresight/entwurf/items/" in page


def test_a_panellist_sees_the_rate_link_not_the_dashboard(cycle, client):
    seat = make_panellist(cycle, "p@panel.example")
    client.force_login(seat.user)
    page = html(client.get(f"/foresight/{cycle.slug}/"))
    assert "Jetzt bewerten" in page and reverse("foresight:rate", args=[cycle.slug]) in page
    assert "Bewertung schließen" not in page


@pytest.mark.parametrize("persona", ["member", "outsider", "other_cluster_manager"])
def test_an_unpublished_cycle_is_404_for_others(cycle, persona, member_client_factory):
    client = member_client_factory(persona)
    assert client.get(f"/foresight/{cycle.slug}/").status_code == 404
    # The management's pages under the request's cluster: 403 (the cycle exists here).
    assert client.get(f"/foresight/{cycle.slug}/items/").status_code == 403


def test_management_pages_are_403_for_a_member_of_a_published_cycle(cluster, member_client_factory):
    make_cycle(cluster, slug="fertig", status=Status.PUBLISHED)
    client = member_client_factory("member")
    assert client.get("/foresight/fertig/").status_code == 200
    assert client.get("/foresight/fertig/bearbeiten/").status_code == 403
    assert client.post("/foresight/fertig/phase/", {"action": "close"}).status_code == 403
    assert client.get("/foresight/neu/").status_code == 403


def test_anonymous_is_sent_to_login(draft):
    response = Client().get("/foresight/entwurf/items/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_create_a_cycle(manager_client, cluster):
    response = manager_client.post(
        "/foresight/neu/",
        {
            "title": "Vorausschau Metall",
            "year": "2027",
            "slug": "",
            "mode": "realtime",
            "rounds_planned": "2",
            "min_answers": "3",
            "reason_outside_iqr": "on",
            "ring_basis": "horizon",
        },
    )
    cycle = Cycle.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == "/foresight/vorausschau-metall-2027/"
    )
    assert cycle.criteria.count() == 5


def test_the_cycle_form_shows_german_errors(manager_client):
    response = manager_client.post(
        "/foresight/neu/",
        {
            "title": "",
            "year": "1900",
            "mode": "realtime",
            "rounds_planned": "2",
            "min_answers": "1",
            "ring_basis": "horizon",
        },
    )
    page = html(response)
    assert response.status_code == 400
    assert "Bitte geben Sie einen Titel an." in page
    assert not Cycle.objects.exists()


def test_an_edit_changes_exactly_what_was_changed(draft, manager_client):
    before = cycle_services.cycle_data(draft)
    form = manager_client.get("/foresight/entwurf/bearbeiten/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["reason_outside_iqr"] = "on" if data.pop("reason_outside_iqr") else ""
    data["period_start"] = draft.period_start.isoformat()
    data["period_end"] = draft.period_end.isoformat()
    data["title"] = "Geänderter Titel"
    response = manager_client.post("/foresight/entwurf/bearbeiten/", data)
    assert response.status_code == 302, html(response)
    after = cycle_services.cycle_data(Cycle.objects.get(pk=draft.pk))
    assert {k for k in before if before[k] != after[k]} == {"title"}


def test_criteria_editor(draft, manager_client):
    page = html(manager_client.get("/foresight/entwurf/kriterien/"))
    assert "Wirkung auf das Cluster" in page and "sehr hoch" in page
    criteria = list(draft.criteria.all())
    data = {"kriterien-TOTAL_FORMS": "2", "kriterien-INITIAL_FORMS": "1"}
    data.update(
        {
            "kriterien-0-id": criteria[0].pk,
            "kriterien-0-name": "Wirkung",
            "kriterien-0-role": "impact",
            "kriterien-0-labels": "wenig\nviel",
            "kriterien-0-consensus_iqr": "1,0",
            "kriterien-1-name": "Zeithorizont",
            "kriterien-1-role": "horizon",
            "kriterien-1-labels": "nur eine Stufe",
        }
    )
    response = manager_client.post("/foresight/entwurf/kriterien/", data)
    assert response.status_code == 400
    assert "mindestens zwei beschriftete Stufen" in html(response)
    data["kriterien-1-labels"] = "bald\nspäter"
    response = manager_client.post("/foresight/entwurf/kriterien/", data)
    assert response.status_code == 302
    assert list(draft.criteria.values_list("name", flat=True)) == ["Wirkung", "Zeithorizont"]


def test_radar_setup(draft, manager_client):
    response = manager_client.post(
        "/foresight/entwurf/radar-einrichten/",
        {"part": "segments", "radar-segments": "A\nB\nC\nD\nE\nF\nG"},
    )
    assert response.status_code == 302
    assert draft.segments.count() == 7
    response = manager_client.post(
        "/foresight/entwurf/radar-einrichten/",
        {
            "part": "rings",
            "ringe-TOTAL_FORMS": "2",
            "ringe-INITIAL_FORMS": "0",
            "ringe-0-name": "Innen",
            "ringe-0-upper": "3",
            "ringe-1-name": "Außen",
            "ringe-1-upper": "2",
        },
    )
    assert response.status_code == 400
    assert "größer sein als die des inneren Rings" in html(response)


def test_transition_with_blockers_and_then_open(draft, manager_client):
    response = manager_client.post("/foresight/entwurf/phase/", {"action": "open"}, follow=True)
    assert "Es gibt noch kein Item." in html(response)
    make_item(draft, "W-01")
    response = manager_client.post("/foresight/entwurf/phase/", {"action": "open"}, follow=True)
    assert "Bewertung läuft" in html(response)
    assert Cycle.objects.get().status == Status.RATING


def test_item_create_edit_and_delete(draft, manager_client, plan):
    response = manager_client.post(
        "/foresight/entwurf/items/neu/",
        {
            "key": "W-07",
            "title": "Grüner Stahl",
            "kind": "market",
            "steep": "ecological",
            "segment": str(draft.segments.first().pk),
            "tags": "Stahl, CO2",
            "topics": ["4.4.2"],
        },
    )
    assert response.status_code == 302
    item = Item.objects.get()
    assert item.tags == ["Stahl", "CO2"]
    assert [t.topic_lineage for t in item.topic_areas.all()] == [topic_lineage(plan, "4.4.2")]
    page = html(manager_client.get("/foresight/entwurf/items/"))
    assert "Grüner Stahl" in page and "4.4.2" in page
    response = manager_client.post(
        "/foresight/entwurf/items/neu/", {"key": "W-07", "title": "", "kind": "trend"}
    )
    assert response.status_code == 400
    assert "Bitte geben Sie einen Titel an." in html(response)
    response = manager_client.post("/foresight/entwurf/items/W-07/loeschen/")
    assert response.status_code == 302 and not Item.objects.exists()


def test_an_item_edit_changes_exactly_what_was_changed(draft, manager_client, plan):
    item = make_item(draft, "W-01", tags=["a", "b"], topics=[topic_lineage(plan, "4.4.2")])
    before = item_services.item_data(item)
    form = manager_client.get("/foresight/entwurf/items/W-01/bearbeiten/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["description"] = "Neue Beschreibung"
    response = manager_client.post("/foresight/entwurf/items/W-01/bearbeiten/", data)
    assert response.status_code == 302, html(response)
    after = item_services.item_data(Item.objects.get())
    assert {k for k in before if before[k] != after[k]} == {"description"}


def test_sources_through_the_funnel(draft, manager_client):
    make_item(draft, "W-01")
    response = manager_client.post(
        "/foresight/entwurf/items/W-01/quellen/",
        {"kind": "document", "dokument-title": "Studie", "dokument-file": _pdf()},
    )
    assert response.status_code == 302
    document = Source.objects.get()
    url = f"/foresight/entwurf/items/W-01/quellen/{document.pk}/"
    response = manager_client.get(url)
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert Client().get(url).status_code == 404  # not published: nobody else
    response = manager_client.post(
        "/foresight/entwurf/items/W-01/quellen/",
        {"kind": "link", "link-title": "Link", "link-url": "ftp://x"},
    )
    assert response.status_code == 400 and "https://" in html(response)
    manager_client.post(url)
    assert not Source.objects.filter(kind=SourceKind.DOCUMENT).exists()


def test_another_clusters_manager_may_do_nothing_here(draft, member_client_factory):
    client = member_client_factory("other_cluster_manager")
    assert client.get("/foresight/entwurf/").status_code == 404
    assert client.get("/foresight/entwurf/kriterien/").status_code == 403
    assert client.post("/foresight/entwurf/phase/", {"action": "open"}).status_code == 403
    assert Cycle.objects.get().status == Status.PREPARATION


def test_a_cycle_of_another_cluster_is_404(other_cluster, manager_client):
    make_cycle(other_cluster, slug="fremd", status=Status.PUBLISHED)
    assert manager_client.get("/foresight/fremd/").status_code == 404
    assert manager_client.get("/foresight/fremd/bearbeiten/").status_code == 404


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("studie.pdf", PDF, content_type="application/pdf")
