"""Public totals: the report's figures count every project of the cluster whoever looks; only
the lists (the success stories) depend on what the reader may see; the page, the downloads,
the API and the `monitoring_report` command show the same figures."""

import csv
import datetime
import io
import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from clusterwerk.projects.models import ProjectResults
from clusterwerk.projects.tests.report_support import build_report_dataset

PDFTOTEXT = Path("/usr/bin/pdftotext")
CONFIDENTIAL_STORY = "Das vertrauliche Fügeverfahren spart ein Drittel der Nacharbeit."


@pytest.fixture
def dataset(cluster):
    dataset = build_report_dataset(cluster)
    # P4 is confidential (cluster management only) and now has a success story of 2019.
    ProjectResults.objects.create(
        project=dataset.projects.p4,
        success_story=CONFIDENTIAL_STORY,
        reported_on=datetime.date(2019, 11, 1),
    )
    return dataset


def page_report(client):
    response = client.get(reverse("portal:report", args=[2019]))
    assert response.status_code == 200
    return response


def command_json(*args) -> dict:
    out = io.StringIO()
    call_command("monitoring_report", "--year", "2019", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def values(data: dict) -> dict:
    """Every figure of a JSON report: (section, indicator, year) → value."""
    return {
        (section["key"], row["key"], year): value
        for section in data["sections"]
        for row in section["rows"]
        for year, value in row["values"].items()
    }


def test_anonymous_and_manager_see_the_same_totals(manager_client, dataset):
    anonymous = page_report(Client()).context["report"]
    management = page_report(manager_client).context["report"]
    assert anonymous.summary == management.summary
    assert anonymous.summary["projects_carried_out"] == 7
    assert anonymous.summary["projects_new"] == 4
    assert [s.rows for s in anonymous.sections] == [s.rows for s in management.sections]
    assert not anonymous.full_view
    assert management.full_view


def test_a_confidential_project_is_counted_but_not_listed(manager_client, dataset):
    response = page_report(Client())
    report = response.context["report"]
    html = response.content.decode()
    # counted: P4's story is one of the three of 2019 (P7, P9, P4) …
    assert report.value("results", "success_stories") == 3
    assert report.summary["success_stories"] == 3
    # … but neither its title nor its story is shown to the public
    assert [story.title for story in report.success_stories] == [
        "Additive Fertigung von Ersatzteilen"
    ]
    assert "Vertrauliches Fügeverfahren" not in html
    assert CONFIDENTIAL_STORY not in html
    for file_format in ("json", "csv"):
        download = Client().get(reverse("portal:report-export", args=[2019, file_format]))
        assert "Vertrauliches" not in download.content.decode()
    management = page_report(manager_client).content.decode()
    assert CONFIDENTIAL_STORY in management


def test_the_method_says_totals_count_all_projects_and_lists_the_visible(dataset):
    html = page_report(Client()).content.decode()
    assert "Alle Kennzahlen zählen sämtliche Projekte des Clusters" in html
    assert "zeigen nur freigegebene Projekte" in html
    assert "nur, wo Sie das Projekt sehen dürfen" not in html


def test_every_format_shows_the_same_figures(cluster, dataset):
    """`monitoring_report --format json` (the management's command) and what an anonymous
    visitor gets: page, JSON, CSV, XLSX, API and PDF."""
    from openpyxl import load_workbook

    command = command_json()
    expected = values(command)
    anonymous = Client()
    page = page_report(anonymous).context["report"]
    assert page.summary == command["summary"]
    assert values(page.as_dict()) == expected

    def download(file_format):
        response = anonymous.get(reverse("portal:report-export", args=[2019, file_format]))
        assert response.status_code == 200
        return response.content

    exported = json.loads(download("json"))
    assert exported["summary"] == command["summary"]
    assert values(exported) == expected
    api = anonymous.get("/api/projects/report/2019").json()
    assert api["summary"] == command["summary"]

    rows = csv.DictReader(io.StringIO(download("csv").decode()))
    as_csv = {(r["section"], r["indicator"], r["year"]): r["value"] for r in rows}
    assert as_csv == {key: "" if value is None else str(value) for key, value in expected.items()}

    workbook = load_workbook(io.BytesIO(download("xlsx")))
    overview = workbook[workbook.sheetnames[1]]
    assert [cell.value for cell in overview[4]][:4] == ["Durchgeführte Projekte", 3, 4, 7]
    assert [cell.value for cell in overview[8]][:4] == ["Neu initiierte Projekte", 2, 2, 4]

    if PDFTOTEXT.exists():
        text = subprocess.run(
            [str(PDFTOTEXT), "-layout", "-", "-"],
            input=download("pdf"),
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode()
        # The summary's table: label, 2017, 2018, 2019, change
        assert any(
            line.split()[:5] == ["Durchgeführte", "Projekte", "3", "4", "7"]
            for line in text.splitlines()
        )
        assert "Vertrauliches" not in text


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_logged_in_readers_get_the_same_totals(client, dataset, persona, request):
    client.force_login(request.getfixturevalue(persona))
    data = client.get(reverse("portal:report-export", args=[2019, "json"])).json()
    assert data["summary"] == command_json()["summary"]
    assert data["counted"] == "all_projects"


def test_the_command_can_write_the_public_edition(cluster, dataset):
    public = command_json("--public")
    assert public["view"] == "visible_projects"
    assert [story["title"] for story in public["success_stories"]] == [
        "Additive Fertigung von Ersatzteilen"
    ]
    assert public["summary"] == command_json()["summary"]


def test_demo_data_command_and_anonymous_page_show_68_and_32(db):
    """The issue's check on the demo data: `monitoring_report --year 2019 --format json` and
    the page an anonymous visitor sees give the same totals, 68 carried out and 32 new."""
    from clusterwerk.actors.demo import generate_demo_actors
    from clusterwerk.actors.reference import load_actor_reference_data
    from clusterwerk.core.models import Cluster
    from clusterwerk.masterplan.reference import load_all_reference_data
    from clusterwerk.projects.demo import generate_demo_projects
    from clusterwerk.projects.reference import load_project_reference_data

    load_all_reference_data()
    load_actor_reference_data()
    load_project_reference_data()
    cluster = Cluster.objects.get(slug="metall")
    generate_demo_actors(cluster=cluster, scale=0.05)
    generate_demo_projects(cluster=cluster)

    command = command_json("--cluster", "metall")
    response = page_report(Client())
    page = response.context["report"]
    assert (command["summary"]["projects_carried_out"], command["summary"]["projects_new"]) == (
        68,
        32,
    )
    assert page.summary == command["summary"]
    assert values(page.as_dict()) == values(command)
    figures = dict(response.context["figures"])
    assert figures["Durchgeführte Projekte"] == "68"
    assert figures["Neu initiierte Projekte"] == "32"
