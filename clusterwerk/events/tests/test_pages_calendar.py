# ruff: noqa: F811 (fixtures from pages_support)
"""The public calendar: list (upcoming, past), month view, filters, what is hidden from whom,
and a constant number of queries."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterwerk.actors.tests.conftest import topic_lineage
from clusterwerk.events.models import EventFormat, EventSeries, EventStatus
from clusterwerk.events.tests.factories import make_event
from clusterwerk.events.tests.pages_support import districts, plan  # noqa: F401
from clusterwerk.masterplan.tests.factories import make_edition  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
BERLIN = ZoneInfo("Europe/Berlin")
URL = "/veranstaltungen/"


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BERLIN)


@pytest.fixture
def world(cluster, plan, districts):
    # The coming events lie after every date CI pins the clock to (the latest: 29 February 2028).
    series = EventSeries.objects.create(
        cluster=cluster, slug="innovation", title="Innovation im Metallhandwerk"
    )
    lineage = topic_lineage(plan, "4.4.2")
    return {
        "talk": make_event(
            cluster,
            title="Werkstattgespräch Cottbus",
            district=districts["12052"],
            series=series,
            topics=[lineage],
            starts_at=at(datetime.date(2028, 6, 14)),
        ),
        "forum": make_event(
            cluster,
            title="Forum Leichtbau",
            format=EventFormat.FORUM,
            district=districts["12054"],
            starts_at=at(datetime.date(2028, 6, 20)),
        ),
        "past": make_event(
            cluster, title="Clusterkonferenz 2025", starts_at=at(datetime.date(2025, 11, 5))
        ),
        "draft": make_event(cluster, title="Geheimer Entwurf", status=EventStatus.DRAFT),
        "members": make_event(cluster, title="Mitgliedertreffen", is_public=False),
        "series": series,
    }


def titles(response) -> str:
    return response.content.decode()


def test_upcoming_list_hides_past_drafts_and_members_only(client, world):
    response = client.get(URL)
    html = titles(response)
    assert response.status_code == 200
    assert "Werkstattgespräch Cottbus" in html and "Forum Leichtbau" in html
    assert html.index("Werkstattgespräch Cottbus") < html.index("Forum Leichtbau")
    for hidden in ("Clusterkonferenz 2025", "Geheimer Entwurf", "Mitgliedertreffen"):
        assert hidden not in html
    assert "2 kommende Veranstaltungen" in html


def test_members_see_members_only_events(client, world, member):
    client.force_login(member)
    html = titles(client.get(URL))
    assert "Mitgliedertreffen" in html and "Geheimer Entwurf" not in html


def test_other_cluster_people_see_no_members_only_event(client, world, other_cluster_manager):
    client.force_login(other_cluster_manager)
    html = titles(client.get(URL))
    assert "Mitgliedertreffen" not in html and "Geheimer Entwurf" not in html


def test_past_tab(client, world):
    html = titles(client.get(URL, {"zeit": "vergangen"}))
    assert "Clusterkonferenz 2025" in html and "Forum Leichtbau" not in html


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"format": "forum"}, "Forum Leichtbau", "Werkstattgespräch Cottbus"),
        ({"thema": "4.4.2"}, "Werkstattgespräch Cottbus", "Forum Leichtbau"),
        ({"kreis": "12054"}, "Forum Leichtbau", "Werkstattgespräch Cottbus"),
        ({"reihe": "innovation"}, "Werkstattgespräch Cottbus", "Forum Leichtbau"),
    ],
)
def test_filters(client, world, params, shown, hidden):
    html = titles(client.get(URL, params))
    assert shown in html and hidden not in html


def test_unknown_filter_values_are_ignored(client, world):
    response = client.get(URL, {"format": "<x>", "thema": "9.9", "monat": "kaputt"})
    assert response.status_code == 200
    assert "Forum Leichtbau" in titles(response)


def test_htmx_gets_the_results_only(client, world):
    response = client.get(URL, {"format": "forum"}, HTTP_HX_REQUEST="true")
    html = titles(response)
    assert "<html" not in html and "Forum Leichtbau" in html


def test_month_view(client, world):
    response = client.get(URL, {"ansicht": "monat", "monat": "2028-06"})
    html = titles(response)
    assert response.status_code == 200
    assert "Juni 2028" in html
    assert 'href="#tag-2028-06-14"' in html and 'id="tag-2028-06-20"' in html
    assert "Werkstattgespräch Cottbus" in html and "Forum Leichtbau" in html
    assert "monat=2028-05" in html and "monat=2028-07" in html
    html = titles(client.get(URL, {"ansicht": "monat", "monat": "2028-06", "format": "forum"}))
    assert "Werkstattgespräch Cottbus" not in html and "Forum Leichtbau" in html


def test_series_page(client, world):
    response = client.get("/veranstaltungen/reihe/innovation/")
    assert response.status_code == 200
    assert "Werkstattgespräch Cottbus" in titles(response)
    assert client.get("/veranstaltungen/reihe/gibt-es-nicht/").status_code == 404


def test_the_list_reads_a_constant_number_of_queries(
    client, cluster, plan, member, django_assert_num_queries
):
    lineage = topic_lineage(plan, "4.4.2")
    client.force_login(member)
    make_event(cluster, title="Eins", topics=[lineage])
    client.get(URL)  # warm the topic catalogue
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for number in range(6):
        make_event(cluster, title=f"Mehr {number}", topics=[lineage])
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert "7 kommende Veranstaltungen" in titles(response)


def test_navigation_names_the_calendar(client, cluster):
    assert 'href="/veranstaltungen/">Veranstaltungen</a>' in titles(client.get(URL))


def test_month_view_shows_a_multi_day_event_on_each_of_its_days(client, cluster):
    make_event(
        cluster,
        title="Messeauftritt Hannover",
        format=EventFormat.TRADE_FAIR,
        starts_at=at(datetime.date(2027, 4, 12), 9),
        ends_at=at(datetime.date(2027, 4, 16), 18),
    )
    html = titles(client.get(URL, {"ansicht": "monat", "monat": "2027-04"}))
    for day in range(12, 17):
        assert f'id="tag-2027-04-{day}"' in html
    assert html.count("Messeauftritt Hannover") == 5


def test_the_organisers_list_reads_a_constant_number_of_queries(
    manager_client, cluster, django_assert_num_queries
):
    make_event(cluster, title="Eins")
    with CaptureQueriesContext(connection) as few:
        manager_client.get("/veranstaltungen/verwalten/")
    for number in range(5):
        make_event(cluster, title=f"Mehr {number}")
    with django_assert_num_queries(len(few.captured_queries)):
        response = manager_client.get("/veranstaltungen/verwalten/")
    assert "Mehr 4" in titles(response)
