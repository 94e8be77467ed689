"""The monitoring report's figures against the hand-counted dataset of report_support."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterwerk.accounts.models import Role
from clusterwerk.projects.models import ProjectPhase
from clusterwerk.projects.monitoring import build_report, is_valid_report_year
from clusterwerk.projects.tests.report_support import (
    add_filler_projects,
    build_report_dataset,
    make_project,
)
from conftest import make_user


@pytest.fixture
def dataset(cluster):
    return build_report_dataset(cluster)


@pytest.fixture
def report(cluster, dataset, cluster_manager):
    return build_report(cluster=cluster, year=2019, user=cluster_manager)


def series(report, section, indicator):
    return report.section(section).row(indicator).values


def test_years_are_the_report_year_and_two_before(report):
    assert report.years == [2017, 2018, 2019]
    assert report.full_view
    assert report.edition_label == "2020"


def test_carried_out_and_newly_initiated(report):
    # carried out 2019: P1 P2 P3 P4 P7 P9 (completed 2019-03 per history) P10
    assert series(report, "overview", "carried_out") == [3, 4, 7]
    # new: 2017 P8 P9; 2018 P7 P11 (cancelled after starting); 2019 P1–P4 (not P5 idea, P6)
    assert series(report, "overview", "new") == [2, 2, 4]
    assert series(report, "overview", "new_rdi") == [0, 1, 2]
    assert series(report, "overview", "carried_out_rdi") == [0, 1, 3]
    assert series(report, "overview", "new_joint") == [0, 2, 3]
    assert series(report, "overview", "new_with_science") == [0, 1, 2]


def test_completed_project_without_dates_or_history_counts_in_first_year(cluster, dataset):
    make_project(cluster, "Kurz und fertig", year_initiated=2018, phase=ProjectPhase.COMPLETED)
    report = build_report(cluster=cluster, year=2019, user=None, full_access=True)
    assert series(report, "overview", "carried_out") == [3, 5, 7]


def test_volumes_and_regional_share(report):
    assert series(report, "volume", "total_volume") == [0.0, 300000.0, 1600000.0]
    assert series(report, "volume", "funding_amount") == [0.0, 150000.0, 1000000.0]
    # 2019: (400k + 100k) / (500k + 100k); P4 has no regional volume
    assert series(report, "volume", "regional_share") == [None, 100.0, 83.3]


def test_actors_by_kind_and_companies_by_size(report):
    assert series(report, "actors", "all") == [2, 4, 5]
    assert series(report, "actors", "company") == [1, 3, 2]
    assert series(report, "actors", "craft_business") == [0, 0, 1]
    assert series(report, "actors", "university") == [0, 0, 1]
    assert series(report, "actors", "research_institute") == [0, 1, 1]
    assert series(report, "actors", "network") == [1, 0, 0]
    assert series(report, "company_sizes", "micro") == [0, 1, 1]
    assert series(report, "company_sizes", "small") == [1, 1, 1]
    assert series(report, "company_sizes", "medium") == [0, 0, 1]
    assert series(report, "company_sizes", "large") == [0, 1, 0]


def test_funding_sources(report, dataset):
    zim = f"programme_{dataset.programmes['zim'].pk}"
    assert series(report, "funding_programmes", zim) == [0, 1, 1]
    assert series(report, "funding_programmes", "none") == [2, 1, 1]
    assert series(report, "funding_levels", "eu") == [0, 0, 1]
    assert series(report, "funding_levels", "state") == [0, 0, 1]
    assert series(report, "funding_levels", "federal") == [0, 1, 1]
    assert series(report, "funding_levels", "eu_funding") == [0.0, 0.0, 700000.0]


def test_consortium_structure(report):
    assert series(report, "consortium", "single_company") == [1, 0, 1]
    assert series(report, "consortium", "companies_only") == [0, 1, 1]
    assert series(report, "consortium", "companies_with_science") == [0, 1, 1]
    assert series(report, "consortium", "science_only") == [0, 0, 1]
    assert series(report, "consortium", "other") == [1, 0, 0]


def test_thematic_structure_by_primary_topic(report):
    assert series(report, "topic_areas", "4.2.1") == [0, 0, 2]
    assert series(report, "topic_areas", "4.4.2") == [0, 1, 1]
    assert series(report, "topic_areas", "none") == [1, 1, 1]
    assert series(report, "key_points", "4.2") == [0, 0, 2]
    assert series(report, "action_fields", "4") == [0, 1, 3]
    assert series(report, "action_fields", "6") == [1, 0, 0]


def test_districts_of_the_lead_partner(report):
    assert series(report, "districts", "Potsdam") == [1, 1, 3]
    assert series(report, "districts", "Cottbus") == [1, 0, 1]
    assert series(report, "districts", "Berlin") == [0, 1, 0]


def test_cross_cluster_share(report):
    assert series(report, "cross_cluster", "new_share") == [0.0, 0.0, 25.0]
    assert series(report, "cross_cluster", "carried_out_share") == [0.0, 0.0, 14.3]


def test_results_and_success_stories(report):
    assert series(report, "results", "reports") == [0, 1, 2]
    assert series(report, "results", "new_products") == [0, 0, 2]
    assert series(report, "results", "new_processes") == [0, 0, 1]
    assert series(report, "results", "jobs_created") == [0, 3, 0]
    assert series(report, "results", "success_stories") == [0, 0, 2]
    assert [story.title for story in report.success_stories] == [
        "Additive Fertigung von Ersatzteilen",
        "Werkstattgespräche Netzwerk",
    ]


def test_coverage_lists_topic_areas_without_carried_out_project(report):
    coverage = report.section("coverage")
    assert [row.key for row in coverage.rows] == ["6.3.2"]
    assert coverage.rows[0].values == [1, 1, 0]
    assert report.summary["topic_areas_without_projects"] == 1
    assert report.summary["topic_areas_total"] == 3


def test_outsider_counts_every_project_but_lists_only_public_stories(
    cluster, dataset, outsider, report
):
    """Confidentiality applies to listing a project, not to counting it."""
    public = build_report(cluster=cluster, year=2019, user=outsider)
    assert not public.full_view
    assert public.summary == report.summary
    assert [section.rows for section in public.sections] == [
        section.rows for section in report.sections
    ]
    assert series(public, "overview", "carried_out") == [3, 4, 7]
    assert series(public, "volume", "total_volume")[-1] == 1600000.0
    assert [story.title for story in public.success_stories] == [
        "Additive Fertigung von Ersatzteilen"
    ]


def test_member_lists_the_stories_of_members_projects(cluster, dataset, member):
    report = build_report(cluster=cluster, year=2019, user=member)
    assert series(report, "overview", "new")[-1] == 4
    assert series(report, "results", "success_stories")[-1] == 2
    assert [story.title for story in report.success_stories] == [
        "Additive Fertigung von Ersatzteilen",
        "Werkstattgespräche Netzwerk",
    ]


def test_manager_of_another_cluster_gets_the_public_lists(cluster, other_cluster, dataset):
    """A role in one cluster says nothing about another: no members-only projects listed."""
    stranger = make_user("fremd@clusterwerk.test", other_cluster, Role.CLUSTER_MANAGER)
    report = build_report(cluster=cluster, year=2019, user=stranger)
    assert series(report, "overview", "new") == [2, 2, 4]
    assert not report.full_view
    assert len(report.success_stories) == 1


def test_other_clusters_projects_are_not_counted(cluster, other_cluster, dataset):
    make_project(other_cluster, "Kunststoffprojekt", year_initiated=2019)
    report = build_report(cluster=cluster, year=2019, user=None, full_access=True)
    assert series(report, "overview", "new")[-1] == 4


def test_report_is_json_safe(report):
    data = json.loads(json.dumps(report.as_dict()))
    assert data["summary"]["projects_carried_out"] == 7
    assert data["summary"]["projects_new"] == 4
    assert data["sections"][0]["rows"][0]["values"] == {"2017": 3, "2018": 4, "2019": 7}


def test_without_published_edition_the_report_still_works(cluster, dataset):
    dataset.edition.delete()
    report = build_report(cluster=cluster, year=2019, user=None, full_access=True)
    assert report.edition_label is None
    assert report.section("coverage").rows == []
    assert series(report, "topic_areas", "none") == [1, 1, 1]
    assert report.section("topic_areas").row("none")


def test_query_count_is_constant(cluster, dataset, cluster_manager):
    with CaptureQueriesContext(connection) as small:
        build_report(cluster=cluster, year=2019, user=cluster_manager)
    add_filler_projects(cluster, dataset, 20)
    add_filler_projects(cluster, dataset, 10, year=2017)
    cluster_manager = type(cluster_manager).objects.get(pk=cluster_manager.pk)
    with CaptureQueriesContext(connection) as large:
        report = build_report(cluster=cluster, year=2019, user=cluster_manager)
    # 14 for the projects' figures (the portal adds 3 for the Kooperationsbörse)
    assert len(large.captured_queries) == len(small.captured_queries) <= 14
    assert series(report, "overview", "new") == [12, 2, 24]


def test_report_year_range():
    assert is_valid_report_year(2019)
    assert not is_valid_report_year(1999)
    assert not is_valid_report_year(2999)


def test_project_completed_twice_is_counted_once(cluster, dataset):
    import datetime

    from clusterwerk.projects.models import PhaseChange

    project = make_project(
        cluster,
        "Zweimal abgeschlossen",
        year_initiated=2019,
        phase=ProjectPhase.COMPLETED,
        total_volume="1000",
        primary_topic=dataset.topics["4.2.1"],
    )
    for day in (datetime.date(2019, 2, 1), datetime.date(2019, 9, 1)):
        PhaseChange.objects.create(
            project=project, from_phase="running", to_phase="completed", changed_on=day
        )
    report = build_report(cluster=cluster, year=2019, user=None, full_access=True)
    assert series(report, "overview", "carried_out")[-1] == 8
    assert series(report, "overview", "new")[-1] == 5
    assert series(report, "volume", "total_volume")[-1] == 1601000.0
    assert series(report, "topic_areas", "4.2.1")[-1] == 3


def test_topic_of_another_edition_is_listed_apart(cluster, dataset):
    import uuid

    make_project(cluster, "Altes Thema", year_initiated=2019, primary_topic=uuid.uuid4())
    report = build_report(cluster=cluster, year=2019, user=None, full_access=True)
    assert series(report, "action_fields", "other_edition") == [0, 0, 1]
    assert series(report, "action_fields", "none") == [1, 1, 1]
