"""The Kooperationsbörse in the monitoring report: listings published, interests sent and
contacts accepted per year, on the page and in every export. The portal contributes the
section to the projects' report (`portal.reports`)."""

import csv
import datetime
import io
import json
import shutil
import subprocess

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.matchmaking.models import Interest, InterestStatus, Listing, ListingStatus
from clusterwerk.matchmaking.queries import brokerage_totals
from clusterwerk.portal.reports import brokerage_section
from clusterwerk.portal.reports import build_monitoring_report as build_report
from clusterwerk.projects.monitoring import build_report as build_projects_report
from clusterwerk.projects.report_export import write_csv, write_json, write_pdf, write_xlsx
from clusterwerk.projects.tests.report_support import build_report_dataset


def moment(year, month, day) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 30))


def listing(cluster, owner, title, published, status=ListingStatus.PUBLISHED) -> Listing:
    return Listing.objects.create(
        cluster=cluster,
        owner_actor=owner,
        kind="technology_offer",
        title=title,
        description="Eine ausreichend lange Beschreibung des Inserats.",
        expires_on=datetime.date(2030, 1, 1),
        status=status,
        published_at=published,
    )


def interest(listing_row, actor, sent, *, accepted_on=None, outcome=None) -> Interest:
    row = Interest.objects.create(listing=listing_row, actor=actor, message="Interesse")
    values = {"created_at": sent}
    if accepted_on:
        values |= {"status": InterestStatus.ACCEPTED, "decided_at": accepted_on}
    if outcome:
        values |= {"outcome": outcome[0], "outcome_at": outcome[1]}
    Interest.objects.filter(pk=row.pk).update(**values)
    return row


@pytest.fixture
def dataset(cluster):
    return build_report_dataset(cluster)


@pytest.fixture
def brokerage(cluster, other_cluster, dataset):
    """2017: 1 listing; 2018: 2 listings, 2 interests, 1 accepted (in 2019: the other);
    2019: 1 listing (closed since), 1 interest; plus another cluster's listing and a draft.
    Outcomes: the 2018 contact "kein Bedarf" (recorded in 2018), the 2019 contact
    "Kooperation vereinbart" (2019); the other cluster's contact one too (not counted)."""
    owner = make_actor(cluster, "Oderblech Börse GmbH")
    first, second = make_actor(cluster, "Spree Laser KG"), make_actor(cluster, "Havel Guss AG")
    listing(cluster, owner, "Angebot 2017", moment(2017, 6, 1))
    offer = listing(cluster, owner, "Angebot 2018", moment(2018, 2, 1))
    listing(cluster, owner, "Gesuch 2018", moment(2018, 11, 30))
    later = listing(cluster, owner, "Gesuch 2019", moment(2019, 1, 15), ListingStatus.CLOSED)
    listing(cluster, owner, "Entwurf", None, ListingStatus.DRAFT)
    interest(
        offer,
        first,
        moment(2018, 3, 1),
        accepted_on=moment(2018, 3, 10),
        outcome=("no_need", moment(2018, 5, 1)),
    )
    interest(
        offer,
        second,
        moment(2018, 12, 20),
        accepted_on=moment(2019, 1, 5),
        outcome=("cooperation", moment(2019, 2, 1)),
    )
    interest(later, first, moment(2019, 2, 1))
    stranger = make_actor(other_cluster, "Kunststoff Teltow GmbH")
    foreign = listing(other_cluster, stranger, "Fremd", moment(2019, 3, 1))
    interest(
        foreign,
        first,
        moment(2019, 3, 2),
        accepted_on=moment(2019, 3, 3),
        outcome=("cooperation", moment(2019, 3, 4)),
    )


@pytest.fixture
def report(cluster, brokerage, cluster_manager):
    return build_report(cluster=cluster, year=2019, user=cluster_manager)


def series(report, indicator):
    return report.section("brokerage").row(indicator).values


def test_the_three_years(report):
    assert report.years == [2017, 2018, 2019]
    assert series(report, "listings") == [1, 2, 1]
    assert series(report, "interests") == [0, 2, 1]
    assert series(report, "accepted") == [0, 1, 1]
    assert series(report, "cooperation") == [0, 0, 1]
    assert series(report, "project_idea") == [0, 0, 0]
    assert series(report, "no_need") == [0, 1, 0]


def test_the_figures_are_those_of_brokerage_totals(cluster, report):
    for index, year in enumerate(report.years):
        totals = brokerage_totals([cluster.pk], year)
        keys = ("listings", "interests", "accepted", "cooperation", "project_idea", "no_need")
        assert [series(report, key)[index] for key in keys] == [totals[key] for key in keys]


def test_summary_has_the_report_year(report):
    assert report.summary["brokerage_listings"] == 1
    assert report.summary["brokerage_interests"] == 1
    assert report.summary["brokerage_contacts"] == 1


def test_everybody_sees_the_same_counts(cluster, brokerage, outsider):
    # counts without names; the section does not depend on who reads the report
    for user in (None, outsider):
        report = build_report(cluster=cluster, year=2019, user=user)
        assert series(report, "listings") == [1, 2, 1]


def test_without_listings_the_section_is_empty(cluster, dataset):
    report = build_report(cluster=cluster, year=2019, user=None, full_access=True)
    section = report.section("brokerage")
    assert [row.key for row in section.rows] == [
        "listings",
        "interests",
        "accepted",
        "cooperation",
        "project_idea",
        "no_need",
    ]
    assert not section.has_data


def test_the_projects_report_alone_has_no_brokerage_section(cluster, brokerage):
    report = build_projects_report(cluster=cluster, year=2019, user=None, full_access=True)
    assert "brokerage" not in [section.key for section in report.sections]
    assert "brokerage_listings" not in report.summary


def test_the_section_costs_four_queries(cluster, brokerage):
    with CaptureQueriesContext(connection) as captured:
        section = brokerage_section(cluster, [2017, 2018, 2019])
    assert len(captured.captured_queries) == 4
    assert section.key == "brokerage" and section.has_data
    # In the whole report the Börse's tables are read six times: the four queries of this
    # section and two of the section "Zusammenarbeit mit anderen Clustern" (listings shared
    # with other clusters: published per year, open now) – a constant number, never per row.
    with CaptureQueriesContext(connection) as captured:
        build_report(cluster=cluster, year=2019, user=None, full_access=True)
    listings = [
        query
        for query in captured.captured_queries
        if "matchmaking_listing" in query["sql"] or "matchmaking_interest" in query["sql"]
    ]
    assert len(listings) == 4 + 2


# --- Exports ------------------------------------------------------------------------------------


def test_json(report):
    data = json.loads(write_json(report))
    section = next(entry for entry in data["sections"] if entry["key"] == "brokerage")
    assert section["title"] == "Kooperationsbörse"
    assert section["rows"][0]["values"] == {"2017": 1, "2018": 2, "2019": 1}
    assert data["summary"]["brokerage_contacts"] == 1


def test_csv(report):
    rows = list(csv.reader(io.StringIO(write_csv(report).decode())))
    brokerage = [row for row in rows if row[0] == "brokerage"]
    assert len(brokerage) == 18  # six rows, three years
    assert brokerage[7][:5] == ["brokerage", "accepted", "2018", "1", "count"]


def test_xlsx(report):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(write_xlsx(report)))
    sheet = workbook["Kooperationsbörse"]
    assert sheet["A1"].value == "Kooperationsbörse"
    assert [cell.value for cell in sheet[4]][:4] == ["Veröffentlichte Inserate", 1, 2, 1]
    assert [cell.value for cell in sheet[6]][:4] == ["Angenommene Kontakte", 0, 1, 1]


def test_pdf(report, tmp_path):
    content = write_pdf(report)
    assert content.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext fehlt (Debian-Paket poppler-utils)")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Kooperationsbörse" in text
    assert "Angenommene Kontakte" in text


# --- The page -----------------------------------------------------------------------------------


def test_page_shows_the_section_and_the_definition(manager_client, brokerage):
    url = reverse("portal:report", args=[2019])
    html = manager_client.get(url).content.decode()
    assert 'id="section-brokerage"' in html
    assert "Veröffentlichte Inserate" in html
    assert reverse("matchmaking:pipeline") in html  # managers get the monthly figures
    assert "im Jahr der Annahme" in html
    public = Client().get(url).content.decode()
    assert 'id="section-brokerage"' in public
    assert reverse("matchmaking:pipeline") not in public
