"""The demo projects: the 2019 figures of the masterplan (68 carried out, 32 newly initiated,
the majority joint projects with science), deterministic and idempotent, consistent data."""

import datetime
import itertools
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Exists, OuterRef, Q

from clusterwerk.actors.demo import generate_demo_actors
from clusterwerk.actors.models import SCIENCE_KINDS, ActorKind
from clusterwerk.actors.reference import load_actor_reference_data
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.models import TopicArea
from clusterwerk.masterplan.queries import get_published_edition
from clusterwerk.masterplan.reference import load_all_reference_data
from clusterwerk.projects.demo import (
    DEMO_AS_OF,
    TITLE_PREFIX,
    expected_project_count,
    generate_demo_projects,
)
from clusterwerk.projects.models import (
    ACTIVE_PHASES,
    PartnerRole,
    PhaseChange,
    Project,
    ProjectPhase,
    ProjectResults,
    SupportActivity,
)
from clusterwerk.projects.reference import load_project_reference_data
from clusterwerk.projects.services import derived_flags

pytestmark = pytest.mark.django_db


def count_2019(cluster, year: int = 2019) -> dict[str, int]:
    """The 2019 figures by the masterplan's definitions, counted in the database (independent
    of the generator's own figures)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    completed_before = PhaseChange.objects.filter(
        project=OuterRef("pk"), to_phase=ProjectPhase.COMPLETED, changed_on__lt=first
    )
    dated = Q(start_date__isnull=False, end_date__isnull=False)
    carried_out = (
        Project.objects.filter(cluster=cluster, phase__in=ACTIVE_PHASES)
        .annotate(completed_before=Exists(completed_before))
        .filter(
            (dated & Q(start_date__lte=last, end_date__gte=first))
            | (
                ~dated
                & Q(year_initiated__lte=year)
                & ~Q(phase=ProjectPhase.COMPLETED, completed_before=True)
            )
        )
    )
    new = Project.objects.filter(cluster=cluster, year_initiated=year).exclude(
        phase__in=[ProjectPhase.CANCELLED, ProjectPhase.IDEA]
    )
    return {
        "carried_out": carried_out.count(),
        "newly_initiated": new.count(),
        "joint": carried_out.filter(is_joint=True).count(),
        "with_science": carried_out.filter(with_science=True).count(),
        "new_carried_out": carried_out.filter(year_initiated=year).count(),
    }


@pytest.fixture
def demo_cluster(db):
    load_all_reference_data()
    load_actor_reference_data()
    load_project_reference_data()
    cluster = Cluster.objects.get(slug="metall")
    generate_demo_actors(cluster=cluster, scale=0.05)
    return cluster


@pytest.fixture
def demo(demo_cluster):
    report = generate_demo_projects(cluster=demo_cluster)
    return demo_cluster, report


def signature(cluster):
    """Everything that identifies the demo projects, independent of primary keys."""
    rows = []
    for project in (
        Project.objects.filter(cluster=cluster, is_demo=True)
        .prefetch_related("partners__actor", "topics", "phase_changes", "partner_clusters")
        .order_by("title", "acronym")
    ):
        rows.append(
            (
                project.title,
                project.acronym,
                project.description,
                project.phase,
                project.start_date,
                project.end_date,
                project.year_initiated,
                project.total_volume,
                project.funding_amount,
                project.funding_programme_id and project.funding_programme.key,
                project.visibility,
                sorted((p.actor.slug, p.role) for p in project.partners.all()),
                sorted(c.slug for c in project.partner_clusters.all()),
                sorted((str(t.lineage), t.is_primary) for t in project.topics.all()),
                [(c.to_phase, c.changed_on) for c in project.phase_changes.all()],
            )
        )
    return rows


# --- the figures ----------------------------------------------------------------------------


def test_2019_shows_68_projects_32_newly_initiated_most_with_science(demo):
    cluster, report = demo
    figures = count_2019(cluster)
    assert figures["carried_out"] == 68
    assert figures["newly_initiated"] == 32
    assert figures["new_carried_out"] == 32  # the new ones are among those carried out
    assert figures["with_science"] * 2 > figures["carried_out"]
    assert figures["with_science"] == 40
    # The generator's own figures agree with the independent count.
    assert report.figures[2019].carried_out == 68
    assert report.figures[2019].newly_initiated == 32
    assert report.figures[2019].with_science == figures["with_science"]
    assert report.figures[2019].joint == figures["joint"]


def test_the_other_years_are_plausible(demo):
    cluster, report = demo
    counted = {year: count_2019(cluster, year) for year in (2017, 2018, 2019, 2020)}
    carried = [counted[year]["carried_out"] for year in (2017, 2018, 2019, 2020)]
    new = [counted[year]["newly_initiated"] for year in (2017, 2018, 2019, 2020)]
    assert carried == [48, 61, 68, 75]
    assert new == [24, 28, 32, 30]
    for year in (2017, 2018, 2020):
        assert counted[year]["new_carried_out"] == counted[year]["newly_initiated"]
        assert report.figures[year].carried_out == counted[year]["carried_out"]
        assert report.figures[year].newly_initiated == counted[year]["newly_initiated"]
        assert 0.35 < counted[year]["with_science"] / counted[year]["carried_out"] < 0.8


def test_the_figures_hold_for_another_seed(demo_cluster):
    generate_demo_projects(cluster=demo_cluster, seed=7)
    figures = count_2019(demo_cluster)
    assert (figures["carried_out"], figures["newly_initiated"]) == (68, 32)
    assert figures["with_science"] == 40


def test_the_monitoring_report_shows_68_and_32(demo):
    monitoring = pytest.importorskip("clusterwerk.projects.monitoring")
    if not hasattr(monitoring, "build_report"):
        pytest.skip("clusterwerk.projects.monitoring.build_report is not there yet")
    cluster, _report = demo
    report = monitoring.build_report(cluster=cluster, year=2019, user=None, full_access=True)
    summary = report.summary
    assert summary["projects_carried_out"] == 68
    assert summary["projects_new"] == 32
    assert summary["projects_carried_out_with_science"] * 2 > summary["projects_carried_out"]
    assert report.years == [2017, 2018, 2019]
    assert report.value("overview", "carried_out", 2017) == 48
    assert report.value("overview", "new", 2018) == 28


# --- determinism and idempotence ------------------------------------------------------------


def test_deterministic_for_a_seed(demo):
    cluster, report = demo
    first = signature(cluster)
    Project.objects.filter(cluster=cluster, is_demo=True).delete()
    again = generate_demo_projects(cluster=cluster)
    assert again.created == report.created == expected_project_count()
    assert signature(cluster) == first


def test_another_seed_gives_other_projects(demo):
    cluster, _report = demo
    first = signature(cluster)
    Project.objects.filter(cluster=cluster, is_demo=True).delete()
    generate_demo_projects(cluster=cluster, seed=7)
    assert signature(cluster) != first


def test_idempotent_and_regenerated_when_the_count_differs(demo):
    cluster, report = demo
    assert report.created == report.total == expected_project_count()
    ids = set(Project.objects.filter(is_demo=True).values_list("pk", flat=True))
    second = generate_demo_projects(cluster=cluster)
    assert second.skipped and second.created == 0 and second.deleted == 0
    assert set(Project.objects.filter(is_demo=True).values_list("pk", flat=True)) == ids
    assert second.figures[2019].carried_out == 68

    Project.objects.filter(pk=min(ids)).delete()
    third = generate_demo_projects(cluster=cluster)
    assert not third.skipped
    assert third.deleted == expected_project_count() - 1
    assert third.total == expected_project_count()
    assert count_2019(cluster)["carried_out"] == 68


def test_real_projects_are_left_alone(demo_cluster, cluster_manager):
    real = Project.objects.create(cluster=demo_cluster, title="Echtes Projekt", phase="idea")
    generate_demo_projects(cluster=demo_cluster)
    Project.objects.filter(is_demo=True).first().delete()
    generate_demo_projects(cluster=demo_cluster)
    assert Project.objects.filter(pk=real.pk).exists()


# --- consistency ----------------------------------------------------------------------------


def test_partners_and_flags_are_consistent(demo):
    cluster, _report = demo
    cross = 0
    for project in Project.objects.filter(cluster=cluster, is_demo=True).prefetch_related(
        "partners__actor", "partner_clusters"
    ):
        partners = list(project.partners.all())
        leads = [p for p in partners if p.role == PartnerRole.LEAD]
        assert len(leads) == 1, project
        assert len({p.actor_id for p in partners}) == len(partners)
        for partner in partners:
            actor = partner.actor
            if actor.kind in SCIENCE_KINDS:
                assert not actor.is_demo  # the real universities and institutes
            else:
                assert actor.is_demo
                assert actor.kind in (ActorKind.COMPANY, ActorKind.CRAFT_BUSINESS)
        kinds = [p.actor.kind for p in partners if p.role != PartnerRole.SUBCONTRACTOR]
        others = [c for c in project.partner_clusters.all() if c.pk != cluster.pk]
        expected = derived_flags(partner_kinds=kinds, foreign_cluster=bool(others))
        assert {
            "is_joint": project.is_joint,
            "with_science": project.with_science,
            "is_cross_cluster": project.is_cross_cluster,
        } == expected, project
        cross += project.is_cross_cluster
    assert cross >= 5


def test_dates_and_phase_history_are_consistent(demo):
    cluster, _report = demo
    projects = Project.objects.filter(cluster=cluster, is_demo=True).prefetch_related(
        "phase_changes", "support_activities"
    )
    phases = Counter()
    for project in projects:
        phases[project.phase] += 1
        changes = list(project.phase_changes.all())
        assert changes, project
        assert changes[0].from_phase == ""
        for before, after in itertools.pairwise(changes):
            assert after.from_phase == before.to_phase
            assert after.changed_on >= before.changed_on
        assert changes[-1].to_phase == project.phase
        assert all(change.changed_on <= DEMO_AS_OF for change in changes)
        assert all(s.date <= DEMO_AS_OF for s in project.support_activities.all())
        if project.phase == ProjectPhase.IDEA:
            assert project.year_initiated is None and project.start_date is None
            continue
        assert changes[0].to_phase == ProjectPhase.INITIATION
        assert changes[0].changed_on.year == project.year_initiated
        assert project.support_activities.exists()
        assert (project.start_date is None) == (project.end_date is None)
        if project.start_date is None:
            assert project.phase in (
                ProjectPhase.INITIATION,
                ProjectPhase.CONSORTIUM,
                ProjectPhase.APPLICATION,
                ProjectPhase.CANCELLED,
            )
            continue
        assert project.start_date.year == project.year_initiated
        assert project.start_date < project.end_date
        running = next(c for c in changes if c.to_phase == ProjectPhase.RUNNING)
        assert running.changed_on == project.start_date
        if project.phase == ProjectPhase.COMPLETED:
            assert project.end_date < DEMO_AS_OF
        else:
            assert project.phase == ProjectPhase.RUNNING
            assert project.start_date <= DEMO_AS_OF <= project.end_date
    assert set(phases) == set(ProjectPhase.values)


def test_amounts_are_consistent(demo):
    cluster, _report = demo
    with_volume = 0
    for project in Project.objects.filter(cluster=cluster, is_demo=True):
        if project.total_volume is None:
            assert project.funding_amount is None and project.regional_volume is None
            continue
        with_volume += 1
        assert project.total_volume > 0
        assert 0 <= project.funding_amount <= project.total_volume
        assert 0 <= project.regional_volume <= project.total_volume
        if project.funding_programme.key == "privat":
            assert project.funding_amount == 0
    assert with_volume > 100


def test_topics_titles_visibility_and_results(demo):
    cluster, _report = demo
    edition = get_published_edition(cluster)
    lineages = set(TopicArea.objects.filter(edition=edition).values_list("lineage", flat=True))
    projects = Project.objects.filter(cluster=cluster, is_demo=True).prefetch_related(
        "topics", "partners__actor", "partner_clusters"
    )
    titles = Counter()
    secondary = 0
    for project in projects:
        assert project.title.startswith(TITLE_PREFIX)
        assert project.acronym
        assert project.search_document.strip()
        text = project.description
        for name in [p.actor.name for p in project.partners.all()] + [
            c.name for c in project.partner_clusters.all()
        ]:
            text = text.replace(name, "X")  # names like "… GmbH & Co. KG"
        assert 2 <= text.count(". ") + 1 <= 5, text
        assert text.endswith("Synthetischer Demo-Datensatz.")
        topics = list(project.topics.all())
        assert sum(t.is_primary for t in topics) == 1
        assert {t.lineage for t in topics} <= lineages
        secondary += len(topics) == 2
        titles[project.title] += 1
    assert secondary > 20
    assert max(titles.values()) == 1
    assert len(set(projects.values_list("acronym", flat=True))) == projects.count()
    visibility = Counter(projects.values_list("visibility", flat=True))
    assert visibility["cluster_management"] < visibility["members"]
    assert visibility["cluster_management"] < visibility["public"]
    assert visibility["cluster_management"] > 0
    results = ProjectResults.objects.filter(project__in=projects)
    assert not results.exclude(project__phase=ProjectPhase.COMPLETED).exists()
    assert results.exclude(success_story="").count() >= 10
    assert SupportActivity.objects.filter(project__in=projects).count() > 2 * projects.count()


# --- the command ----------------------------------------------------------------------------


def test_seed_demo_prints_the_2019_figures_and_survives_a_new_scale(db, capsys, settings):
    settings.DEBUG = True
    call_command("load_reference_data")
    call_command("seed_demo", scale=0.05)
    output = capsys.readouterr().out
    assert f"Demo-Projekte: {expected_project_count()} angelegt" in output
    assert "2019: 68 durchgeführt, 32 neu initiiert" in output
    assert "Verbundprojekte mit Wissenschaft" in output
    call_command("seed_demo", scale=0.05)
    assert "vorhanden (unverändert)" in capsys.readouterr().out
    # Other demo companies: the demo projects that point at the old ones are made anew.
    call_command("seed_demo", scale=0.06)
    output = capsys.readouterr().out
    assert "2019: 68 durchgeführt, 32 neu initiiert" in output
    cluster = Cluster.objects.get(slug="metall")
    assert count_2019(cluster)["carried_out"] == 68
