"""The brokerage pipeline page: monthly counts, listings by kind and status, access."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.matchmaking.models import (
    Interest,
    InterestStatus,
    Listing,
    ListingKind,
    ListingStatus,
)
from clusterwerk.matchmaking.pipeline_report import (
    CHART_HEIGHT,
    MonthRow,
    Period,
    build_chart,
    build_pipeline_report,
    nice_maximum,
)
from conftest import make_user

pytestmark = pytest.mark.clock

URL = reverse("matchmaking:pipeline")
TODAY = datetime.date(2025, 3, 20)


def moment(year, month, day) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


def listing(cluster, owner, title, *, published=None, kind=ListingKind.TECHNOLOGY_OFFER, **fields):
    status = fields.pop("status", ListingStatus.PUBLISHED if published else ListingStatus.DRAFT)
    created = published or moment(2024, 4, 2)
    row = Listing.objects.create(
        cluster=cluster,
        owner_actor=owner,
        kind=kind,
        title=title,
        description="Eine Beschreibung mit genug Zeichen für die Prüfung.",
        expires_on=datetime.date(2025, 12, 31),
        status=status,
        published_at=published,
        **fields,
    )
    Listing.objects.filter(pk=row.pk).update(created_at=created - datetime.timedelta(days=3))
    return row


def interest(listing_row, actor, *, sent, status=InterestStatus.PENDING, decided=None):
    row = Interest.objects.create(
        listing=listing_row, actor=actor, message="Wir haben Interesse.", status=status
    )
    Interest.objects.filter(pk=row.pk).update(created_at=sent, decided_at=decided)
    return row


@pytest.fixture
def brokerage(cluster, other_cluster):
    owner = make_actor(cluster, "Oderblech GmbH")
    first, second = make_actor(cluster, "Spree Laser KG"), make_actor(cluster, "Havel Guss AG")
    stranger = make_actor(other_cluster, "Kunststoff Teltow GmbH")
    old = listing(cluster, owner, "Altes Angebot", published=moment(2024, 5, 10))
    january = listing(
        cluster,
        owner,
        "Gesuch Januar",
        published=moment(2025, 1, 5),
        kind=ListingKind.RDI_REQUEST,
        is_demo=True,
    )
    march = listing(
        cluster, owner, "Maschine teilen", published=moment(2025, 3, 1), kind="equipment_sharing"
    )
    listing(cluster, owner, "Entwurf", kind=ListingKind.BUSINESS_REQUEST)
    listing(
        cluster,
        owner,
        "Beendet",
        published=moment(2024, 12, 1),
        status=ListingStatus.CLOSED,
    )
    foreign = listing(other_cluster, stranger, "Fremdes Inserat", published=moment(2025, 1, 7))
    interest(january, first, sent=moment(2025, 1, 20))
    interest(
        january,
        second,
        sent=moment(2025, 2, 3),
        status=InterestStatus.ACCEPTED,
        decided=moment(2025, 3, 2),
    )
    interest(
        march,
        first,
        sent=moment(2025, 3, 5),
        status=InterestStatus.DECLINED,
        decided=moment(2025, 3, 6),
    )
    interest(
        foreign,
        first,
        sent=moment(2025, 2, 1),
        status=InterestStatus.ACCEPTED,
        decided=moment(2025, 2, 2),
    )
    return old


def by_month(report) -> dict[str, tuple[int, int, int]]:
    return {
        month.month.strftime("%Y-%m"): (month.listings, month.interests, month.accepted)
        for month in report.months
    }


def test_last_twelve_months_by_default(cluster_manager, cluster, brokerage):
    report = build_pipeline_report(cluster_manager, cluster, {}, today=TODAY)
    months = by_month(report)
    assert (min(months), max(months)) == ("2024-04", "2025-03")
    assert len(months) == 12
    assert months["2024-05"] == (1, 0, 0)
    assert months["2024-12"] == (1, 0, 0)  # closed since, but published then
    assert months["2025-01"] == (1, 1, 0)  # the other cluster's listing is not counted
    assert months["2025-02"] == (0, 1, 0)
    assert months["2025-03"] == (1, 1, 1)
    assert report.totals.values == [4, 3, 1]
    assert report.period.year is None
    assert report.years == [2025, 2024]


def test_a_calendar_year(cluster_manager, cluster, brokerage):
    report = build_pipeline_report(cluster_manager, cluster, {"year": "2024"}, today=TODAY)
    assert len(report.months) == 12
    assert report.totals.values == [2, 0, 0]
    this_year = build_pipeline_report(cluster_manager, cluster, {"year": "2025"}, today=TODAY)
    assert [m.month.month for m in this_year.months] == [1, 2, 3]  # no empty future months


@pytest.mark.parametrize("value", ["1999", "abc", "2030"])
def test_an_unusable_year_falls_back_with_a_german_notice(
    cluster_manager, cluster, brokerage, value
):
    report = build_pipeline_report(cluster_manager, cluster, {"year": value}, today=TODAY)
    assert report.period.year is None
    assert "gibt es keine Zahlen" in report.notice


def test_listings_by_kind_and_status_and_interests_by_status(cluster_manager, cluster, brokerage):
    report = build_pipeline_report(cluster_manager, cluster, {}, today=TODAY)
    rows = {row.kind: row for row in report.kind_rows}
    statuses = [str(label) for label in ListingStatus.labels]
    published = statuses.index("veröffentlicht")
    assert rows[ListingKind.TECHNOLOGY_OFFER].counts[published] == 1
    assert rows[ListingKind.TECHNOLOGY_OFFER].total == 2  # plus the closed one
    assert rows[ListingKind.BUSINESS_REQUEST].counts[statuses.index("Entwurf")] == 1
    assert report.listing_total == 5
    assert report.demo_listings == 1
    interests = {entry.status: entry.count for entry in report.interest_statuses}
    assert interests == {"pending": 1, "accepted": 1, "declined": 1, "withdrawn": 0}
    assert report.acceptance_percent == 50


def test_superuser_sees_the_pipeline_of_the_cluster_asked_for(brokerage, cluster, other_cluster):
    # The pipeline is per cluster (the request's); it used to add up every cluster for
    # superusers.
    admin = make_user("admin@clusterwerk.test", is_superuser=True, is_staff=True)
    assert build_pipeline_report(admin, cluster, {}, today=TODAY).totals.values == [4, 3, 1]
    assert build_pipeline_report(admin, other_cluster, {}, today=TODAY).totals.values == [1, 1, 1]


def test_chart_geometry():
    months = [
        MonthRow(datetime.date(2025, month, 1), month, 2 * month, month // 2)
        for month in range(1, 13)
    ]
    chart = build_chart(
        months, Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), 2025)
    )
    assert len(chart.months) == 12 and all(len(month.bars) == 3 for month in chart.months)
    assert chart.grid[-1].value == 24  # the largest value is 24
    tallest = max(bar.height for month in chart.months for bar in month.bars)
    assert chart.plot_bottom - tallest == chart.plot_top
    assert all(
        chart.plot_left <= bar.x and bar.x + bar.width <= chart.plot_right
        for month in chart.months
        for bar in month.bars
    )
    assert chart.plot_bottom < CHART_HEIGHT


@pytest.mark.parametrize(
    ("largest", "maximum"),
    [(0, 4), (3, 4), (5, 8), (9, 12), (37, 40), (24, 24), (101, 120), (950, 1200)],
)
def test_nice_maximum(largest, maximum):
    assert nice_maximum(largest) == maximum


# --- The page -----------------------------------------------------------------------------------


def test_page_for_the_cluster_management(manager_client, brokerage):
    response = manager_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vermittlung in der Kooperationsbörse" in html
    assert 'role="img"' in html and "<caption id=" in html
    assert "Angenommene Kontakte" in html
    response = manager_client.get(URL, {"year": "2024"})
    assert response.status_code == 200
    assert '<option value="2024" selected>' in response.content.decode()


def test_bad_year_on_the_page(manager_client, brokerage):
    response = manager_client.get(URL, {"year": "zwanzig"})
    assert response.status_code == 200
    assert "gibt es keine Zahlen" in response.content.decode()


@pytest.mark.parametrize("persona", ["member", "board_member", "outsider"])
def test_forbidden_for_everybody_else(member_client_factory, cluster, persona):
    response = member_client_factory(persona).get(URL)
    assert response.status_code == 403
    assert "nur das Clustermanagement" in response.content.decode()


def test_visitors_are_sent_to_the_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_query_count_does_not_grow(manager_client, cluster, brokerage):
    with CaptureQueriesContext(connection) as first:
        assert manager_client.get(URL).status_code == 200
    owner = make_actor(cluster, "Neue Blechtechnik GmbH")
    partner = make_actor(cluster, "Neue Dreherei KG")
    for number in range(8):
        row = listing(cluster, owner, f"Inserat {number}", published=timezone.now())
        interest(row, partner, sent=timezone.now(), status=InterestStatus.ACCEPTED)
    with CaptureQueriesContext(connection) as second:
        assert manager_client.get(URL).status_code == 200
    assert len(second.captured_queries) == len(first.captured_queries)
