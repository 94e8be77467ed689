"""The open data: CSV and JSON parse, carry the licence, and the monitoring and events figures
equal those of the monitoring report (built by the portal, as its pages and downloads are);
the command and the API give the same data."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command

from clusterwerk.clusterprofile.models import OPEN_DATA_LICENCE
from clusterwerk.clusterprofile.opendata import DATASETS, EVENT_COLUMNS, MONITORING_COLUMNS
from clusterwerk.portal.reports import build_monitoring_report

pytestmark = pytest.mark.django_db

LINK = f'<{OPEN_DATA_LICENCE["url"]}>; rel="license"'


def fetch(client, name):
    as_json = client.get(f"/offene-daten/{name}.json")
    as_csv = client.get(f"/offene-daten/{name}.csv")
    for response in (as_json, as_csv):
        assert response.status_code == 200
        assert response["Link"] == LINK
        assert response["X-Content-Type-Options"] == "nosniff"
    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    document = json.loads(as_json.content.decode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig")), delimiter=";"))
    return document, rows


def test_every_dataset_parses_and_matches_the_report(client, world, cluster):
    documents = {name: fetch(client, name) for name in DATASETS}
    for name, (document, rows) in documents.items():
        assert document["dataset"] == name
        assert document["licence"]["id"] == "dl-de/by-2-0"
        assert document["licence"]["url"] == OPEN_DATA_LICENCE["url"]
        assert document["cluster"] == {"slug": "metall", "name": cluster.name}
        assert {"title", "source", "generated_at", "rows"} <= set(document)
        assert len(rows) == len(document["rows"])
        assert list(rows[0]) == document["columns"]  # header row in the columns' order
    figures, _rows = documents["kennzahlen"]
    assert figures["rows"][0]["wert"] == 2506
    assert figures["rows"][0]["quelle"] == "Amt für Statistik Berlin-Brandenburg"
    topics = {row["nummer"]: row for row in documents["themenbereiche"][0]["rows"]}
    assert topics[world.topic.number] | {"titel": None} == {
        "nummer": world.topic.number,
        "titel": None,
        "akteure": 1,
        "projekte": 1,
        "offene_inserate": 0,
    }

    monitoring, monitoring_csv = documents["monitoring"]
    years = [row["jahr"] for row in monitoring["rows"]]
    assert years == list(range(world.year - 4, world.year + 1))
    events, events_csv = documents["veranstaltungen"]
    assert [row["jahr"] for row in events["rows"]] == list(range(world.year - 3, world.year + 1))
    by_year = {row["jahr"]: row for row in events["rows"]}
    assert by_year[world.year - 1]["teilnahmen"] == 3
    compared = 0
    for report_year in (world.year, world.year - 3):
        report = build_monitoring_report(cluster=cluster, year=report_year, user=AnonymousUser())
        for year in report.years:
            row = next((r for r in monitoring["rows"] if r["jahr"] == year), None)
            if row is None:
                continue
            for column, section, indicator in MONITORING_COLUMNS:
                assert row[column] == report.value(section, indicator, year), (year, column)
                compared += 1
            if year in by_year:
                for column, key in EVENT_COLUMNS:
                    indicator = {"b2b_meetings_held": "b2b_meetings"}.get(key, key)
                    assert by_year[year][column] == report.value("events", indicator, year)
    assert compared == 5 * len(MONITORING_COLUMNS)
    assert monitoring["rows"][-1]["neu_initiierte_projekte"] == 1
    # The CSV holds the same numbers as the JSON.
    assert [int(r["durchgefuehrte_projekte"]) for r in monitoring_csv] == [
        r["durchgefuehrte_projekte"] for r in monitoring["rows"]
    ]
    assert [int(r["teilnahmen"]) for r in events_csv] == [r["teilnahmen"] for r in events["rows"]]


def test_open_data_page_unknown_dataset_and_formula_guard(client, world, cluster):
    html = client.get("/offene-daten/").content.decode()
    assert "dl-de/by-2-0" in html and OPEN_DATA_LICENCE["url"] in html
    for name in DATASETS:
        assert f'href="/offene-daten/{name}.csv"' in html
        assert f'href="/offene-daten/{name}.json"' in html
    assert f"{cluster.name}, Clusterwerk (dl-de/by-2-0)" in html  # attribution
    assert client.get("/offene-daten/personen.json").status_code == 404
    assert client.get("/offene-daten/kennzahlen.xml").status_code == 404
    cluster.figures.update(label="=HYPERLINK(1)")
    rows = client.get("/offene-daten/kennzahlen.csv").content.decode("utf-8-sig")
    assert ";'=HYPERLINK(1);" in rows


def test_command_prints_json_with_licence_and_csv(world, cluster, capsys):
    call_command("export_open_data", "--cluster", "metall", "--format", "json")
    document = json.loads(capsys.readouterr().out)
    assert document["cluster"]["slug"] == "metall"
    assert document["licence"]["id"] == "dl-de/by-2-0"
    assert document["licence"]["url"] == OPEN_DATA_LICENCE["url"]
    assert set(document["datasets"]) == set(DATASETS)
    assert document["datasets"]["monitoring"]["rows"][-1]["jahr"] == world.year
    call_command(
        "export_open_data", "--cluster", "metall", "--format", "csv", "--dataset", "kennzahlen"
    )
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter=";"))
    assert rows[0][0] == "schluessel" and rows[1][0] == "unternehmen"
    with pytest.raises(CommandError, match=r"Das Cluster „gibtsnicht“ gibt es nicht\."):
        call_command("export_open_data", "--cluster", "gibtsnicht")
    with pytest.raises(CommandError, match="Datensatz"):
        call_command("export_open_data", "--cluster", "metall", "--format", "csv")


def test_api_profile_and_open_data(client, world, cluster):
    response = client.get("/api/v1/profile")
    assert response.status_code == 200
    data = response.json()
    assert data["is_published"] is True
    assert data["de"]["tagline"] == world.profile.tagline
    assert data["en"]["tagline"] == world.profile.tagline_en
    assert data["en"]["about"] == "" and data["only_in_german"] == ["about"]
    assert data["team"][0]["name"] == "Dr. Jana Beispielmann"
    response = client.get("/api/v1/profile/open-data/veranstaltungen")
    assert response.status_code == 200
    assert response.json()["licence"]["id"] == "dl-de/by-2-0"
    missing = client.get("/api/v1/profile/open-data/personen")
    assert missing.status_code == 404 and "Datensatz" in missing.json()["detail"]
