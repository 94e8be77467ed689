"""Occupation pages (public), the indicator import page (management: upload, preview with
line errors, confirm) and the occupations API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clusterwerk.skills.models import IndicatorImport
from clusterwerk.skills.services.indicators import import_indicators
from clusterwerk.skills.tests.indicator_files import GOOD_ROWS, csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(occupations, cluster, cluster_manager):
    return import_indicators(
        user=cluster_manager,
        cluster=cluster,
        data=csv_bytes(GOOD_ROWS),
        filename="engpass.csv",
        source="BA Engpassanalyse",
        region="Brandenburg",
        year=2024,
    )


def test_list_search_and_filters(client, imported):
    page = client.get(reverse("skills:occupations")).content.decode()
    assert "25102" in page and "Engpassberuf (Brandenburg 2024)" in page
    page = client.get(reverse("skills:occupations"), {"q": "Schweiß"}).content.decode()
    assert "24422" in page and "25102" not in page
    page = client.get(reverse("skills:occupations"), {"gruppe": "244"}).content.decode()
    assert "24412" in page and "25102" not in page
    assert "2 Berufe" in page


def test_detail_shows_the_verdict_per_year(client, imported):
    page = client.get(reverse("skills:occupation", args=["25102"])).content.decode()
    assert "Brandenburg 2024: Engpassberuf" in page
    assert "Abgeschlossene Vakanzzeit" in page and "Mittlere Punktzahl: 2,33" in page
    assert client.get(reverse("skills:occupation", args=["99999"])).status_code == 404


def test_import_page_is_for_the_management(client, member_client_factory, occupations):
    url = reverse("skills:indicator_import")
    assert client.get(url).status_code == 302
    assert member_client_factory("member").get(url).status_code == 403
    assert member_client_factory("other_cluster_manager").get(url).status_code == 403


def upload(data, name="engpass.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_import_preview_then_confirm(manager_client, occupations):
    url = reverse("skills:indicator_import")
    response = manager_client.post(
        url,
        {
            "file": upload(csv_bytes(GOOD_ROWS)),
            "source": "BA",
            "region": "Brandenburg",
            "year": "2024",
        },
    )
    page = response.content.decode()
    assert "Noch ist nichts gespeichert" in page
    assert not IndicatorImport.objects.exists()
    token = response.context["token"]
    response = manager_client.post(url, {"token": token}, follow=True)
    assert "Importiert: 3 Berufe mit 21 Indikatoren" in response.content.decode()
    assert IndicatorImport.objects.get().region == "Brandenburg"
    # the token is used up
    response = manager_client.post(url, {"token": token}, follow=True)
    assert "Die Vorschau ist abgelaufen" in response.content.decode()
    assert IndicatorImport.objects.count() == 1


def test_import_errors_by_line(manager_client, occupations):
    response = manager_client.post(
        reverse("skills:indicator_import"),
        {
            "file": upload(csv_bytes([row("25102", [3, 2, 5, 2, 3, 2]), row("11111", [1] * 6)])),
            "source": "BA",
            "region": "Brandenburg",
            "year": "2024",
        },
    )
    page = response.content.decode()
    assert "Die Datei enthält 2 Fehler. Es wurde nichts gespeichert." in page
    assert "Zeile 2: Die Punkte für" in page and "Zeile 3: „11111“ ist kein Schlüssel" in page
    assert not IndicatorImport.objects.exists()


def test_api(client, imported):
    occupations = client.get("/api/v1/skills/occupations").json()
    assert {o["code"] for o in occupations} == {"25102", "24412", "24422"}
    detail = client.get("/api/v1/skills/occupations/25102").json()
    assert detail["assessments"][0]["verdict"] == "shortage"
    assert len(detail["assessments"][0]["indicators"]) == 7
    assert client.get("/api/v1/skills/occupations/99999").status_code == 404
    rows = client.get("/api/v1/skills/assessments", {"year": 2024, "region": "Brandenburg"}).json()
    assert [(r["occupation"], r["verdict"]) for r in rows] == [
        ("24412", "watch"),
        ("24422", "none"),
        ("25102", "shortage"),
    ]
    assert client.get("/api/v1/skills/assessments", {"year": 2023}).json() == []
    assert client.get("/api/v1/skills/assessments", {"year": "abc"}).status_code == 422


def test_api_schema_names_are_prefixed(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert {"SkillsOccupationOut", "SkillsAssessmentOut", "SkillsOccupationDetailOut"} <= set(
        schemas
    )
