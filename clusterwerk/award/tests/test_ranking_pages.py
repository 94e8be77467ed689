"""The ranking page and its XLSX export: the management only, raw and z ranking, agenda,
alpha, jurors; a conflicted manager does not find the application there."""

import io

import openpyxl
import pytest
from django.urls import reverse

from clusterwerk.accounts.models import Role, RoleAssignment
from clusterwerk.award.models import Phase
from clusterwerk.award.tests.factories import make_application, make_review
from clusterwerk.award.tests.scoring_support import block, set_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(edition, applicant, jurors):
    set_phase(edition, Phase.DISCUSSION)
    a = make_application(edition, applicant, title="Alpha-Schweißen")
    b = make_application(edition, applicant, title="Beta-Biegen")
    make_review(a, jurors[1], scores=5)
    make_review(a, jurors[2], scores=2)  # spread 3 > 1.5
    make_review(b, jurors[1], scores=3)
    make_review(b, jurors[2], scores=3)
    return a, b


@pytest.mark.parametrize(
    ("persona", "status"),
    [("member", 403), ("outsider", 403), ("other_cluster_manager", 403), ("cluster_manager", 200)],
)
def test_access(world, edition, persona, status, member_client_factory):
    client = member_client_factory(persona)
    for name in ("ranking", "ranking-export", "decisions", "audit"):
        assert client.get(reverse(f"award:{name}", args=[edition.year])).status_code == status


def test_a_juror_does_not_see_the_ranking(client, world, edition, jurors):
    client.force_login(jurors[1].user)
    assert client.get(reverse("award:ranking", args=[edition.year])).status_code == 403
    assert client.get(reverse("award:ranking-export", args=[edition.year])).status_code == 403


def test_ranking_page(manager_client, world, edition):
    body = manager_client.get(reverse("award:ranking", args=[edition.year])).content.decode()
    assert "Alpha-Schweißen" in body and "Beta-Biegen" in body
    assert "auf die Tagesordnung der Jurysitzung" in body
    assert "Spannweite 3,00" in body
    assert "Krippendorffs Alpha (ordinal)" in body
    assert "juror2@jury.example" in body  # the juror table
    assert "Rangfolge nach z-Werten" in body


def test_export(manager_client, world, edition):
    response = manager_client.get(reverse("award:ranking-export", args=[edition.year]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Rang", "Rang (z-Werte)", "Bewerbung", "Bewerber")
    assert [(row[0], row[2], row[6], row[10]) for row in rows[1:]] == [
        (1, "Alpha-Schweißen", 3.5, "ja"),
        (2, "Beta-Biegen", 3.0, "nein"),
    ]


def test_a_conflicted_manager_does_not_see_the_application(client, world, edition, jurors, cluster):
    chair = jurors[0].user
    RoleAssignment.objects.create(user=chair, cluster=cluster, role=Role.CLUSTER_MANAGER)
    block(jurors[0], world[0])
    client.force_login(chair)
    body = client.get(reverse("award:ranking", args=[edition.year])).content.decode()
    assert "Beta-Biegen" in body and "Alpha-Schweißen" not in body
    response = client.get(reverse("award:ranking-export", args=[edition.year]))
    titles = [
        row[2]
        for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
            values_only=True
        )
    ]
    assert "Alpha-Schweißen" not in titles
    body = client.get(reverse("award:decisions", args=[edition.year])).content.decode()
    assert "Alpha-Schweißen" not in body
