"""The gaps page and its forms: the management only, other clusters 404, errors in German."""

import pytest
from django.urls import reverse

from clusterwerk.actors.tests.conftest import topic_lineage
from clusterwerk.events.models import Event
from clusterwerk.foresight.models import GapAction, GapDecision, Status
from clusterwerk.foresight.tests.factories import make_cycle, make_item, make_panellist
from clusterwerk.foresight.tests.test_gaps_signals import make_urgent
from clusterwerk.participation.models import PhaseKind, Proposal, ProposalKind
from clusterwerk.participation.tests.factories import make_consultation
from clusterwerk.projects.models import Project

ORIGIN = "aus Foresight-Zyklus 2021, Item W-07"


@pytest.fixture
def evaluated(cluster, plan):
    return make_cycle(cluster, status=Status.EVALUATION, year=2021, slug="foresight-2021")


@pytest.fixture
def gap_item(evaluated):
    item = make_item(
        evaluated, "W-07", title="Grüner Stahl", description="Stahl aus Direktreduktion."
    )
    make_urgent(item, [make_panellist(evaluated, f"p{n}@panel.example") for n in range(3)])
    return item


@pytest.fixture
def consultation(cluster, plan):
    return make_consultation(
        cluster, plan, phase=PhaseKind.INFORMATION, title="Fortschreibung", slug="fortschreibung"
    )


def url(name, *args):
    return reverse(f"foresight:{name}", args=["foresight-2021", *args])


def test_page_lists_gaps_with_reasons_and_prefilled_forms(manager_client, gap_item, consultation):
    response = manager_client.get(url("gaps"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "W-07 Grüner Stahl" in content
    assert "kein Themenbereich zugeordnet" in content
    assert 'value="Grüner Stahl"' in content  # the proposal's title, prefilled
    assert "Fortschreibung" in content  # the consultation to choose
    assert 'name="proposal-W-07-key_point"' in content
    assert url("gap_dismiss", "W-07") in content


def test_no_forms_before_the_evaluation(manager_client, gap_item):
    gap_item.cycle.status = Status.RATING
    gap_item.cycle.save()
    content = manager_client.get(url("gaps")).content.decode()
    assert "wird über Lücken noch nicht entschieden" in content
    assert url("gap_dismiss", "W-07") not in content


def test_proposal_form_creates_a_proposal(manager_client, gap_item, consultation, plan):
    response = manager_client.post(
        url("gap_proposal", "W-07"),
        {
            "proposal-W-07-consultation": "fortschreibung",
            "proposal-W-07-kind": ProposalKind.NEW_TOPIC_AREA,
            "proposal-W-07-key_point": "4.2",
            "proposal-W-07-title": "Grüner Stahl",
            "proposal-W-07-text": "Betriebe bereiten sich auf grünen Stahl vor.",
            "proposal-W-07-rationale": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#gap-W-07")
    proposal = Proposal.objects.get()
    assert proposal.origin == ORIGIN
    assert proposal.element_lineage == plan.key_points.get(number="4.2").lineage
    page = manager_client.get(url("gaps")).content.decode()
    assert proposal.get_absolute_url() in page
    assert url("gap_proposal", "W-07") not in page  # decided: the form is gone
    detail = manager_client.get(proposal.get_absolute_url()).content.decode()
    assert "Herkunft" in detail and ORIGIN in detail


def test_amendment_form(manager_client, gap_item, consultation, plan):
    response = manager_client.post(
        url("gap_proposal", "W-07"),
        {
            "proposal-W-07-consultation": "fortschreibung",
            "proposal-W-07-kind": ProposalKind.AMENDMENT,
            "proposal-W-07-topic_area": "4.2.1",
            "proposal-W-07-field": "description",
            "proposal-W-07-text": "Neue Erläuterung mit grünem Stahl.",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.element_lineage == topic_lineage(plan, "4.2.1")
    assert proposal.field == "description"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"proposal-W-07-consultation": "gibt-es-nicht"}, "Beteiligung dieses Clusters"),
        ({"proposal-W-07-key_point": ""}, "Bitte wählen Sie den Eckpunkt."),
        ({"proposal-W-07-key_point": "9.9"}, "Diesen Eckpunkt gibt es nicht."),
        ({"proposal-W-07-title": ""}, "Bitte geben Sie einen Titel ein."),
        ({"proposal-W-07-text": ""}, "Bitte geben Sie den vorgeschlagenen Text ein."),
        ({"proposal-W-07-kind": "x"}, "Bitte wählen Sie die Art des Vorschlags."),
    ],
)
def test_bad_proposal_input_rerenders_in_german(
    manager_client, gap_item, consultation, data, message
):
    values = {
        "proposal-W-07-consultation": "fortschreibung",
        "proposal-W-07-kind": ProposalKind.NEW_TOPIC_AREA,
        "proposal-W-07-key_point": "4.2",
        "proposal-W-07-title": "Grüner Stahl",
        "proposal-W-07-text": "Text.",
    }
    values.update(data)
    response = manager_client.post(url("gap_proposal", "W-07"), values)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Proposal.objects.exists() and not GapDecision.objects.exists()


def test_workshop_form(manager_client, gap_item):
    response = manager_client.post(
        url("gap_workshop", "W-07"),
        {
            "workshop-W-07-title": "Werkstattgespräch: Grüner Stahl",
            "workshop-W-07-starts_at": "2027-03-04T10:00",
            "workshop-W-07-municipality": "Eisenhüttenstadt",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.title == "Werkstattgespräch: Grüner Stahl"
    assert GapDecision.objects.get().event_id == event.pk


def test_workshop_without_place_is_refused(manager_client, gap_item):
    response = manager_client.post(
        url("gap_workshop", "W-07"),
        {"workshop-W-07-title": "WG", "workshop-W-07-starts_at": "2027-03-04T10:00"},
    )
    assert response.status_code == 400
    assert "Bitte geben Sie einen Veranstaltungsort" in response.content.decode()
    response = manager_client.post(
        url("gap_workshop", "W-07"),
        {"workshop-W-07-title": "WG", "workshop-W-07-starts_at": "morgen"},
    )
    assert response.status_code == 400
    assert "JJJJ-MM-TTTHH:MM" in response.content.decode()
    assert not Event.objects.exists()


def test_project_form(manager_client, gap_item):
    response = manager_client.post(
        url("gap_project", "W-07"),
        {"project-W-07-title": "Grüner Stahl im Betrieb", "project-W-07-description": "Idee."},
    )
    assert response.status_code == 302
    assert Project.objects.get().title == "Grüner Stahl im Betrieb"


def test_dismiss_form(manager_client, gap_item):
    response = manager_client.post(url("gap_dismiss", "W-07"), {"dismiss-W-07-note": ""})
    assert response.status_code == 400
    assert "Bitte begründen Sie, warum die Lücke verworfen wird." in response.content.decode()
    response = manager_client.post(
        url("gap_dismiss", "W-07"), {"dismiss-W-07-note": "Deckt das Netzwerk ab."}
    )
    assert response.status_code == 302
    assert GapDecision.objects.get().action == GapAction.DISMISSED
    page = manager_client.get(url("gaps")).content.decode()
    assert "Deckt das Netzwerk ab." in page


def test_unknown_item_is_404(manager_client, gap_item):
    response = manager_client.post(url("gap_dismiss", "X-99"), {"dismiss-X-99-note": "x"})
    assert response.status_code == 404


def test_get_on_a_write_is_405(manager_client, gap_item):
    assert manager_client.get(url("gap_dismiss", "W-07")).status_code == 405


@pytest.mark.parametrize("persona", ["member", "board_member", "outsider"])
def test_others_may_not(member_client_factory, persona, gap_item):
    client = member_client_factory(persona)
    assert client.get(url("gaps")).status_code in (403, 404)
    response = client.post(url("gap_dismiss", "W-07"), {"dismiss-W-07-note": "Nein."})
    assert response.status_code in (403, 404)
    assert not GapDecision.objects.exists()


def test_published_cycle_gaps_are_403_for_members(member_client_factory, gap_item):
    gap_item.cycle.status = Status.PUBLISHED
    gap_item.cycle.save()
    assert member_client_factory("member").get(url("gaps")).status_code == 403


def test_other_clusters_manager_may_not(client, other_cluster_manager, gap_item):
    client.force_login(other_cluster_manager)
    assert client.get(url("gaps")).status_code == 403
    response = client.post(url("gap_dismiss", "W-07"), {"dismiss-W-07-note": "Nein."})
    assert response.status_code == 403
    assert not GapDecision.objects.exists()


def test_cycle_of_another_cluster_is_404(manager_client, other_cluster):
    foreign = make_cycle(other_cluster, status=Status.EVALUATION, year=2021, slug="fremd-2021")
    make_item(foreign, "W-07")
    gaps_url = reverse("foresight:gaps", args=["fremd-2021"])
    assert manager_client.get(gaps_url).status_code == 404
    dismiss_url = reverse("foresight:gap_dismiss", args=["fremd-2021", "W-07"])
    assert manager_client.post(dismiss_url, {"dismiss-W-07-note": "x"}).status_code == 404
    assert not GapDecision.objects.exists()


def test_anonymous_is_sent_to_login(client, gap_item):
    response = client.get(url("gaps"))
    assert response.status_code == 302 and "login" in response["Location"]
    response = client.post(url("gap_dismiss", "W-07"), {"dismiss-W-07-note": "Nein."})
    assert response.status_code == 302
    assert not GapDecision.objects.exists()
