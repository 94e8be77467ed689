"""Pages, API, command, XLSX and gap actions of the matrix, with permissions."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from clusterwerk.events.models import Event
from clusterwerk.projects.models import Project
from clusterwerk.skills.models import GapAction, MatrixGapDecision
from clusterwerk.skills.services import matrix as services
from clusterwerk.skills.tests.matrix_world import survey_with_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cluster, districts, occupations, companies):
    survey_with_answers(cluster, 2024, occupations[:1], companies, openings_36=2, retirements_5y=1)
    return occupations[0]


def test_matrix_page_shows_published_cells_and_hides_small_ones(client, world):
    html = client.get("/fachkraefte/matrix/").content.decode()
    assert "Fachkräftematrix 2024" in html and 'role="img"' in html
    assert "7 Betriebe: 14 offene Stellen, 7 Ruhestand" in html
    assert "2 Betriebe" not in html and "zu wenige Antworten" in html


def test_unknown_year_is_404(client, world):
    assert client.get("/fachkraefte/matrix/?jahr=1999").status_code == 404
    assert client.get("/fachkraefte/matrix/?jahr=abc").status_code == 404


def test_district_page_has_sentences_and_offer_links(client, world):
    response = client.get("/fachkraefte/matrix/kreis/12069/")
    html = response.content.decode()
    assert "Potsdam-Mittelmark 2024: am knappsten Industriemechaniker/innen" in html
    assert client.get("/fachkraefte/matrix/kreis/99999/").status_code == 404


def test_api_matrix_and_district(client, world):
    data = client.get("/api/v1/skills/matrix?year=2024").json()
    cells = {c["district"]: c for c in data["cells"]}
    assert cells["12069"]["companies"] == 7 and cells["12052"]["companies"] is None
    assert cells["12052"]["openings"] is None
    assert data["total"]["openings"] == 14
    district = client.get("/api/v1/skills/districts/12052?year=2024").json()
    assert district["total"]["openings"] == 0
    assert client.get("/api/v1/skills/districts/abc").status_code == 422
    assert client.get("/api/v1/skills/matrix?year=99").status_code == 422


def test_command_json_contract(world):
    out = io.StringIO()
    call_command("skills_matrix", cluster="metall", year=2024, format="json", stdout=out)
    rows = json.loads(out.getvalue())
    for row in rows:
        assert {"occupation", "district", "official_verdict", "openings", "retirements"} <= set(row)
        assert row["companies"] is None or row["companies"] >= 5
    by_district = {row["district"]: row for row in rows}
    assert by_district["12069"]["occupation"] == "25102"
    assert by_district["12052"]["openings"] is None
    text = io.StringIO()
    call_command("skills_matrix", cluster="metall", year=2024, format="text", stdout=text)
    assert "12069" in text.getvalue()


def test_command_bad_input(world):
    with pytest.raises(CommandError, match="keine Betriebsbefragung 2019"):
        call_command("skills_matrix", cluster="metall", year=2019)
    with pytest.raises(CommandError, match="Unbekanntes Format"):
        call_command("skills_matrix", cluster="metall", format="xml")


def test_xlsx_for_management_only(manager_client, member, other_cluster_manager, world):
    response = manager_client.get("/fachkraefte/matrix/fachkraeftematrix.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd")
    assert Client().get("/fachkraefte/matrix/fachkraeftematrix.xlsx").status_code == 302
    for user in (member, other_cluster_manager):
        other = Client()
        other.force_login(user)
        assert other.get("/fachkraefte/matrix/fachkraeftematrix.xlsx").status_code == 403
        assert other.get("/fachkraefte/matrix/luecken/").status_code == 403


def test_gaps_page_and_dismiss(manager_client, cluster_manager, world):
    html = manager_client.get("/fachkraefte/matrix/luecken/").content.decode()
    assert "Industriemechaniker/innen – Potsdam-Mittelmark" in html
    url = "/fachkraefte/matrix/luecken/2024/25102/12069/verwerfen/"
    bad = manager_client.post(url, {"dismiss-25102-12069-note": "   "})
    assert bad.status_code == 400
    assert "Bitte begründen Sie" in bad.content.decode()
    good = manager_client.post(url, {"dismiss-25102-12069-note": "Wird 2025 geprüft."})
    assert good.status_code == 302
    decision = MatrixGapDecision.objects.get()
    assert decision.action == GapAction.DISMISSED and decision.note == "Wird 2025 geprüft."


def test_gap_to_project_idea_and_workshop(cluster, cluster_manager, districts, world):
    decision = services.gap_to_project_idea(
        user=cluster_manager, cluster=cluster, year=2024, occupation=world,
        district=districts["12069"],
    )  # fmt: skip
    project = Project.objects.get(pk=decision.project_id)
    assert "Industriemechaniker/innen" in project.title
    decision = services.gap_to_workshop(
        user=cluster_manager, cluster=cluster, year=2024, occupation=world,
        district=districts["12069"],
        starts_at=datetime.datetime(2030, 3, 1, 10, tzinfo=datetime.UTC),
    )  # fmt: skip
    assert Event.objects.get(pk=decision.event_id).status == "draft"


def test_gap_actions_refuse_twice_non_gaps_and_other_clusters(
    cluster, cluster_manager, other_cluster_manager, districts, world
):
    from django.core.exceptions import PermissionDenied, ValidationError

    args = {"cluster": cluster, "year": 2024, "occupation": world}
    services.dismiss_gap(user=cluster_manager, district=districts["12069"], note="x", **args)
    with pytest.raises(ValidationError, match="bereits entschieden"):
        services.dismiss_gap(user=cluster_manager, district=districts["12069"], note="y", **args)
    with pytest.raises(ValidationError, match="keine Lücke"):
        services.dismiss_gap(user=cluster_manager, district=districts["12052"], note="y", **args)
    with pytest.raises(PermissionDenied):
        services.dismiss_gap(
            user=other_cluster_manager, district=districts["12069"], note="y", **args
        )


def test_other_cluster_sees_its_own_empty_matrix(client, other_cluster, world):
    response = client.get(f"/c/{other_cluster.slug}/fachkraefte/matrix/")
    assert response.status_code == 200
    assert "14 offene Stellen" not in response.content.decode()
