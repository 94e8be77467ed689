"""The report's exports (JSON, CSV, XLSX, PDF) and the monitoring_report command."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from clusterwerk.portal.reports import build_monitoring_report
from clusterwerk.projects.report_export import export_report, write_csv, write_pdf, write_xlsx
from clusterwerk.projects.tests.report_support import build_report_dataset

PDFTOPPM = Path("/usr/bin/pdftoppm")


@pytest.fixture
def report(cluster):
    build_report_dataset(cluster)
    return build_monitoring_report(cluster=cluster, year=2019, user=None, full_access=True)


def run_command(*args) -> str:
    out = io.StringIO()
    call_command("monitoring_report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_json_shape(report):
    data = json.loads(export_report(report, "json").content)
    assert data["cluster"] == {"slug": "metall", "name": "Cluster Metall Brandenburg"}
    assert data["year"] == 2019
    assert data["years"] == [2017, 2018, 2019]
    assert data["view"] == "cluster_management"
    assert data["summary"]["projects_carried_out"] == 7
    assert data["summary"]["projects_new"] == 4
    keys = [section["key"] for section in data["sections"]]
    assert keys == [
        "overview",
        "volume",
        "actors",
        "company_sizes",
        "funding_programmes",
        "funding_levels",
        "consortium",
        "action_fields",
        "key_points",
        "topic_areas",
        "districts",
        "cross_cluster",
        "brokerage",
        "events",
        "events_formats",
        "events_topics",
        "events_participants",
        "events_districts",
        "award",
        "award_follow_ups",
        "skills",
        "cross_cluster_partners",
        "results",
        "coverage",
    ]
    row = data["sections"][0]["rows"][0]
    assert set(row) == {"key", "label", "unit", "values"}
    assert len(data["success_stories"]) == 2


def test_csv_is_one_long_table(report):
    rows = list(csv.DictReader(io.StringIO(write_csv(report).decode())))
    assert list(rows[0]) == ["section", "indicator", "year", "value", "unit", "label"]
    by_key = {(r["section"], r["indicator"], r["year"]): r["value"] for r in rows}
    assert by_key[("overview", "carried_out", "2019")] == "7"
    assert by_key[("overview", "new", "2017")] == "2"
    assert by_key[("volume", "total_volume", "2019")] == "1600000.0"
    assert by_key[("volume", "regional_share", "2017")] == ""
    assert {r["year"] for r in rows} == {"2017", "2018", "2019"}


def test_xlsx_has_a_sheet_per_section_with_numbers(report):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(write_xlsx(report)))
    assert len(workbook.sheetnames) == 1 + len(report.sections) + 1
    assert workbook.sheetnames[0] == "Bericht"
    assert "Abdeckung" in workbook.sheetnames
    overview = workbook[workbook.sheetnames[1]]
    assert overview["A1"].value == "Projekte im Überblick"
    assert [cell.value for cell in overview[3]] == ["Indikator", 2017, 2018, 2019, "Einheit"]
    assert [cell.value for cell in overview[4]][:4] == ["Durchgeführte Projekte", 3, 4, 7]
    volume = workbook[workbook.sheetnames[2]]
    share = [cell.value for cell in volume[7]]
    assert share[0] == "Anteil in Berlin-Brandenburg (%)"
    assert share[3] == pytest.approx(0.833)
    assert volume.title == "Volumen"
    assert volume["D4"].value == 1600000
    assert volume["D4"].number_format == '#,##0 "€"'
    assert "Erfolgsgeschichten" in workbook.sheetnames


def test_pdf_is_written(report):
    """The PDF itself is tested in test_report_pdf.py (structure, pages, literal text)."""
    content = write_pdf(report)
    assert content.startswith(b"%PDF")
    assert content.rstrip().endswith(b"%%EOF")


def test_command_prints_json(cluster, report):
    data = json.loads(run_command("--cluster", "metall", "--year", "2019", "--format", "json"))
    assert data["summary"]["projects_carried_out"] == 7
    assert data["summary"]["projects_new"] == 4
    assert data["view"] == "cluster_management"


def test_command_prints_csv(cluster, report):
    output = run_command("--year", "2019", "--format", "csv")
    assert output.startswith("section,indicator,year,value")


@pytest.mark.parametrize("file_format", ["pdf", "xlsx", "csv"])
def test_command_writes_files(cluster, report, tmp_path, file_format):
    target = tmp_path / f"bericht.{file_format}"
    run_command("--year", "2019", "--format", file_format, "--output", str(target))
    assert target.stat().st_size > 100


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cluster", "gibt-es-nicht", "--year", "2019"], "Ein Cluster mit dem Kürzel"),
        (["--year", "2019", "--format", "docx"], "Unbekanntes Format „docx“"),
        (["--year", "1850"], "Das Berichtsjahr muss zwischen 2000 und"),
        (["--year", "neunzehn"], "ist keine Jahreszahl"),
    ],
)
def test_command_errors_in_german(cluster, args, message):
    with pytest.raises(CommandError, match=message):
        run_command(*args)


def test_pdftoppm_is_used_when_available():
    """Documents the environment: without pdftoppm the PDF test checks less."""
    if not PDFTOPPM.exists():
        pytest.skip("pdftoppm fehlt (Debian-Paket poppler-utils)")
    assert shutil.which(str(PDFTOPPM))


def test_command_reports_another_cluster(cluster, other_cluster, report):
    data = json.loads(run_command("--cluster", "kunststoffe", "--year", "2019"))
    assert data["cluster"]["slug"] == "kunststoffe"
    assert data["summary"]["projects_new"] == 0


def test_labels_never_run_as_formulas(report):
    """A label from the data (a district, a programme, a topic area) is text in CSV and XLSX."""
    from openpyxl import load_workbook

    formula = '=HYPERLINK("https://example.org","x")'
    report.section("districts").rows[0].label = formula
    rows = list(csv.DictReader(io.StringIO(write_csv(report).decode())))
    labels = {row["label"] for row in rows if row["section"] == "districts"}
    assert "'" + formula in labels
    assert formula not in labels
    workbook = load_workbook(io.BytesIO(write_xlsx(report)))
    cell = workbook["Landkreise"]["A4"]
    assert (cell.value, cell.data_type) == (formula, "s")
