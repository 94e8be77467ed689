"""The events section of the monitoring report (`portal.reports.events_sections`): the same
figures on the page, in JSON, CSV, XLSX and the PDF, in `manage.py monitoring_report`, with the
method text; counts only, the same for every reader."""

import csv
import datetime
import io
import json
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from clusterwerk.actors.models import Actor, ActorKind, District, DistrictKind
from clusterwerk.core.models import Cluster
from clusterwerk.events.models import (
    CheckIn,
    CheckInKind,
    CheckInMethod,
    EventFormat,
    EventStatus,
    FollowUp,
    FollowUpKind,
)
from clusterwerk.events.tests.factories import BERLIN, make_event, make_registration
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.masterplan.reference import load_all_reference_data
from clusterwerk.portal.reports import build_monitoring_report
from clusterwerk.projects.report_export import export_report

EVENT_SECTIONS = [
    "events",
    "events_formats",
    "events_topics",
    "events_participants",
    "events_districts",
]
PDFTOTEXT = Path("/usr/bin/pdftotext")


def at(year, month=6):
    return datetime.datetime(year, month, 10, 16, tzinfo=BERLIN)


def come(event, **values):
    registration = make_registration(event, **values)
    CheckIn.objects.create(
        registration=registration,
        kind=CheckInKind.ENTRY,
        method=CheckInMethod.QR,
        scanned_at=event.starts_at,
    )
    return registration


@pytest.fixture
def events(cluster):
    """2021: one Werkstattgespräch; 2022: two, one of them with the IKT cluster, and a
    cancelled one that does not count."""
    load_all_reference_data()
    lineage = topic_catalogue(cluster).lineage_by_number["5.1.2"]
    district = District.objects.get_or_create(
        ags="12069",
        defaults={
            "name": "Potsdam-Mittelmark",
            "kind": DistrictKind.RURAL_DISTRICT,
            "state": "Brandenburg",
            "centroid_latitude": 52.3,
            "centroid_longitude": 12.7,
        },
    )[0]
    craft = Actor.objects.create(
        name="Metallbau Beispiel",
        slug="metallbau-beispiel",
        kind=ActorKind.CRAFT_BUSINESS,
        district=district,
    )
    company = Actor.objects.create(name="Stahl AG", slug="stahl-ag", kind=ActorKind.COMPANY)
    first = make_event(cluster, starts_at=at(2021), status=EventStatus.DOCUMENTED, topics=[lineage])
    come(first, actor=craft)
    second = make_event(cluster, starts_at=at(2022), status=EventStatus.HELD, topics=[lineage])
    come(second, actor=craft)
    come(second, actor=company)
    make_registration(second, actor=company)  # confirmed, did not come
    camp = make_event(
        cluster,
        starts_at=at(2022, 9),
        status=EventStatus.DOCUMENTED,
        format=EventFormat.CROSS_CLUSTER_CAMP,
    )
    ikt, _created = Cluster.objects.get_or_create(
        slug="ikt-medien-kreativwirtschaft", defaults={"name": "Cluster IKT"}
    )
    camp.partner_clusters.add(ikt)
    come(camp, organisation_name="Freies Büro")
    come(make_event(cluster, starts_at=at(2022, 11), status=EventStatus.CANCELLED), actor=craft)
    follow_up = FollowUp.objects.create(event=second, kind=FollowUpKind.LISTING, title="Inserat")
    FollowUp.objects.filter(pk=follow_up.pk).update(created_at=at(2022, 7))
    return cluster


@pytest.fixture
def report(events):
    return build_monitoring_report(cluster=events, year=2022, user=None)


def values(report, section, row):
    return report.section(section).row(row).values


def test_the_report_has_the_events_sections_before_the_results(report):
    keys = [section.key for section in report.sections]
    start = keys.index("events")
    assert keys[start : start + 5] == EVENT_SECTIONS
    assert keys.index("brokerage") < start < keys.index("results")
    assert report.years == [2020, 2021, 2022]


def test_the_figures(report):
    assert values(report, "events", "held") == [0, 1, 2]
    assert values(report, "events", "cross_cluster") == [0, 0, 1]
    assert values(report, "events", "participants") == [0, 1, 3]
    assert values(report, "events", "confirmed") == [0, 1, 4]
    assert values(report, "events", "craft_businesses") == [0, 1, 1]
    assert values(report, "events", "follow_ups") == [0, 0, 1]
    assert values(report, "events", "follow_ups_listing") == [0, 0, 1]
    assert values(report, "events_formats", EventFormat.WORKSHOP_TALK) == [0, 1, 1]
    assert values(report, "events_formats", EventFormat.CROSS_CLUSTER_CAMP) == [0, 0, 1]
    topic = report.section("events_topics").row("5.1.2")
    assert topic.label.startswith("5.1.2 ")
    assert topic.values == [0, 1, 1]
    assert values(report, "events_topics", "none") == [0, 0, 1]
    assert values(report, "events_participants", ActorKind.CRAFT_BUSINESS) == [0, 1, 1]
    assert values(report, "events_participants", "none") == [0, 0, 1]
    assert values(report, "events_districts", "Potsdam-Mittelmark") == [0, 1, 1]
    assert values(report, "events_districts", "unknown") == [0, 0, 2]
    assert report.summary["events_held"] == 2
    assert report.summary["events_participants"] == 3
    assert report.summary["events_craft_businesses"] == 1


def test_the_method_says_how_events_are_counted(report):
    terms = [term for term, _text in report.method]
    assert "Veranstaltungen" in terms
    text = dict(report.method)["Veranstaltungen"]
    assert "ohne Einlass" in text


def test_everybody_sees_the_same_counts(events, outsider, cluster_manager):
    anonymous = build_monitoring_report(cluster=events, year=2022, user=None)
    for user in (outsider, cluster_manager):
        seen = build_monitoring_report(cluster=events, year=2022, user=user)
        for key in EVENT_SECTIONS:
            assert [r.values for r in seen.section(key).rows] == [
                r.values for r in anonymous.section(key).rows
            ]


def test_another_clusters_report_has_none_of_them(events, other_cluster):
    other = build_monitoring_report(cluster=other_cluster, year=2022, user=None)
    assert values(other, "events", "held") == [0, 0, 0]
    assert other.section("events_topics").rows == []


def test_monitoring_report_command_json_includes_the_events_section(events):
    out = StringIO()
    call_command("monitoring_report", "--year", "2022", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    sections = {section["key"]: section for section in data["sections"]}
    assert set(EVENT_SECTIONS) <= set(sections)
    rows = {row["key"]: row for row in sections["events"]["rows"]}
    assert rows["held"]["values"] == {"2020": 0, "2021": 1, "2022": 2}
    assert rows["participants"]["unit"] == "count"
    assert data["summary"]["events_held"] == 2
    assert any(entry["term"] == "Veranstaltungen" for entry in data["method"])


def test_csv_and_xlsx_carry_the_rows(report):
    rows = list(csv.reader(io.StringIO(export_report(report, "csv").content.decode())))
    held = [row for row in rows if row[:2] == ["events", "held"]]
    assert [row[2:4] for row in held] == [["2020", "0"], ["2021", "1"], ["2022", "2"]]
    workbook = load_workbook(io.BytesIO(export_report(report, "xlsx").content))
    for title in (
        "Veranstaltungen",
        "Veranstaltungen nach Format",
        "Veranstaltungen nach Thema",
        "Teilnahmen nach Art",
        "Teilnahmen nach Landkreis",
    ):
        assert title in workbook.sheetnames


@pytest.mark.skipif(not PDFTOTEXT.exists(), reason="pdftotext (poppler-utils) not installed")
def test_the_pdf_prints_the_sections(report, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(export_report(report, "pdf").content)
    text = subprocess.run(
        [str(PDFTOTEXT), "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Durchgeführte Veranstaltungen nach Format" in text
    assert "Teilnahmen nach Landkreis" in text
    assert "Cross-Cluster-Camp" in text


def test_the_page_shows_the_sections(client, events):
    response = client.get(reverse("portal:report", args=[2022]))
    assert response.status_code == 200
    page = response.content.decode()
    for key in EVENT_SECTIONS:
        assert f'id="section-{key}"' in page
    assert "Teilnahmen nach Art der Organisation" in page
