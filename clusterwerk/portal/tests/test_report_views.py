"""The monitoring report page, its index and its downloads through the test client (the pages
moved from projects to the portal with the tenant: the report of the request's cluster at
/monitoring/<year>/, the old addresses with the cluster slug redirect)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterwerk.core import versions
from clusterwerk.projects.tests.report_support import add_filler_projects, build_report_dataset


@pytest.fixture
def dataset(cluster):
    return build_report_dataset(cluster)


def report_url(year=2019):
    return reverse("portal:report", args=[year])


def test_page_shows_figures_charts_and_tables(manager_client, dataset):
    response = manager_client.get(report_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ergebnis- und Wirkungsmonitoring 2019" in html
    assert html.count('role="img"') >= 5
    assert 'data-section="overview"' in html
    assert "Die Werte des Diagramms:" in html
    assert "6.3.2 Duale Ausbildung" in html  # coverage: no project carried out in 2019
    assert "Vertrauliches" not in html  # no project titles except success stories
    assert "Ersatzteile aus dem 3D-Drucker" in html
    overview = response.context["report"].section("overview")
    assert overview.row("carried_out").values == [3, 4, 7]
    assert overview.row("new").values == [2, 2, 4]


def test_outsider_page_counts_confidential_projects(client, outsider, dataset):
    client.force_login(outsider)
    report = client.get(report_url()).context["report"]
    assert report.value("overview", "carried_out") == 7
    assert report.value("overview", "new") == 4
    assert not report.full_view


def test_anonymous_visitor_sees_the_same_totals(client, dataset):
    response = client.get(report_url())
    assert response.status_code == 200
    assert response.context["report"].value("overview", "new") == 4


def test_index_lists_years(client, dataset):
    response = client.get(reverse("portal:report-index"))
    assert response.status_code == 200
    assert report_url(2019) in response.content.decode()
    years = {entry["year"]: entry["new_projects"] for entry in response.context["years"]}
    assert years[2019] == 4  # every project counts, also for anonymous visitors


@pytest.mark.parametrize("year", [1999, 2999])
def test_year_out_of_range_is_404(client, cluster, year):
    assert client.get(report_url(year)).status_code == 404


def test_unknown_cluster_is_404(client, cluster):
    assert client.get("/c/gibt-es-nicht/monitoring/2019/").status_code == 404
    assert client.get("/monitoring/gibt-es-nicht/2019/").status_code == 404


@pytest.mark.parametrize(
    ("file_format", "content_type", "start"),
    [
        ("pdf", "application/pdf", b"%PDF"),
        ("xlsx", "application/vnd.openxmlformats", b"PK"),
        ("csv", "text/csv", b"section,indicator,year,value"),
        ("json", "application/json", b"{"),
    ],
)
def test_downloads(manager_client, dataset, file_format, content_type, start):
    url = reverse("portal:report-export", args=[2019, file_format])
    response = manager_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert f'filename="monitoring-metall-2019.{file_format}"' in response["Content-Disposition"]
    assert response.content.startswith(start)


def test_download_unknown_format_is_404(manager_client, dataset):
    url = reverse("portal:report-export", args=[2019, "docx"])
    assert manager_client.get(url).status_code == 404


def test_download_for_outsider_counts_but_does_not_name_confidential_projects(
    client, outsider, dataset
):
    client.force_login(outsider)
    url = reverse("portal:report-export", args=[2019, "json"])
    data = client.get(url).json()
    assert data["summary"]["projects_new"] == 4
    assert data["view"] == "visible_projects"
    assert "Vertrauliches" not in client.get(url).content.decode()


@pytest.mark.parametrize("persona", ["cluster_manager", "outsider"])
def test_query_count_does_not_grow_with_projects(
    client, cluster, dataset, django_assert_num_queries, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    with CaptureQueriesContext(connection) as first:
        assert client.get(report_url()).status_code == 200
    add_filler_projects(cluster, dataset, 12)
    add_filler_projects(cluster, dataset, 5, year=2018)
    versions.bump(versions.PROJECTS)  # the factories write past the services
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(report_url())
    assert response.context["report"].value("overview", "new") >= 13


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/monitoring/metall/", "/monitoring/"),
        ("/monitoring/metall/2019/", "/monitoring/2019/"),
        ("/monitoring/metall/2019/export/pdf/", "/monitoring/2019/export/pdf/"),
        ("/monitoring/kunststoffe/2019/", "/c/kunststoffe/monitoring/2019/"),
        ("/monitoring/kunststoffe/2019/export/csv/", "/c/kunststoffe/monitoring/2019/export/csv/"),
        ("/c/kunststoffe/monitoring/metall/2019/", "/monitoring/2019/"),
        ("/c/metall/monitoring/kunststoffe/", "/c/kunststoffe/monitoring/"),
    ],
)
def test_old_addresses_redirect_permanently(client, cluster, other_cluster, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_another_clusters_report_under_its_prefix(client, cluster, other_cluster, dataset):
    """The projects of cluster A are not counted in the report of cluster B."""
    response = client.get("/c/kunststoffe/monitoring/2019/")
    assert response.status_code == 200
    assert response.context["cluster"] == other_cluster
    assert response.context["report"].value("overview", "new") == 0
    assert 'href="/c/kunststoffe/monitoring/2018/"' in response.content.decode()
    index = client.get("/c/kunststoffe/monitoring/")
    assert {entry["new_projects"] for entry in index.context["years"]} == {0}
