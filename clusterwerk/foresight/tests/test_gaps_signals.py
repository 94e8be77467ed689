"""Gap signals: high impact, near horizon, and nothing in the cluster for it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterwerk.actors.models import ActorStatus
from clusterwerk.actors.tests.conftest import make_actor, topic_lineage
from clusterwerk.foresight.gaps import gap_signals
from clusterwerk.foresight.models import GapAction, GapDecision, Status
from clusterwerk.foresight.results import cycle_results
from clusterwerk.foresight.tests.factories import make_cycle, make_item, make_panellist, rate
from clusterwerk.masterplan.queries import clear_topic_catalogues
from clusterwerk.projects.models import IdeaStatus, ProjectPhase
from clusterwerk.projects.tests.report_support import make_project


def make_urgent(item, panellists, *, impact=(4, 5, 5), horizon=(1, 2, 2)):
    """Three answers each: by default median impact 5 and median horizon 2 – a gap when the
    cluster has nothing for it."""
    for panellist, impact_value, horizon_value in zip(panellists, impact, horizon, strict=False):
        rate(panellist, item, {"impact": impact_value, "horizon": horizon_value})


@pytest.fixture
def evaluated(cluster, plan):
    return make_cycle(cluster, status=Status.EVALUATION, year=2021, slug="foresight-2021")


@pytest.fixture
def seats(evaluated):
    return [make_panellist(evaluated, f"expertin{n}@panel.example") for n in range(1, 4)]


def keys(gaps):
    return [gap.item.key for gap in gaps]


def test_item_without_topic_area_is_a_gap(evaluated, seats):
    item = make_item(evaluated, "W-07", title="Grüner Stahl")
    make_urgent(item, seats)
    [gap] = gap_signals(evaluated)
    assert gap.item == item
    assert str(gap.impact) in ("5", "5.00") and str(gap.horizon) in ("2", "2.00")
    assert gap.reasons == ["kein Themenbereich zugeordnet"]
    assert gap.topics == [] and gap.decisions == []


def test_topic_area_without_projects_or_competences(evaluated, seats, plan):
    item = make_item(evaluated, "W-01", topics=[topic_lineage(plan, "4.2.1")])
    make_urgent(item, seats)
    [gap] = gap_signals(evaluated)
    assert gap.topics == ["4.2.1"]
    assert gap.reasons == ["keine Projekte in 4.2.1", "keine Kompetenzen im Verzeichnis"]


def test_a_project_in_the_topic_area_closes_the_gap(cluster, evaluated, seats, plan):
    lineage = topic_lineage(plan, "4.2.1")
    make_urgent(make_item(evaluated, "W-01", topics=[lineage]), seats)
    make_project(cluster, "Wasserstoff im Betrieb", year_initiated=2020, primary_topic=lineage)
    assert gap_signals(evaluated) == []


def test_a_proposed_idea_does_not_close_the_gap(cluster, evaluated, seats, plan):
    lineage = topic_lineage(plan, "4.2.1")
    make_urgent(make_item(evaluated, "W-01", topics=[lineage]), seats)
    project = make_project(
        cluster,
        "Idee Wasserstoff",
        year_initiated=2021,
        phase=ProjectPhase.IDEA,
        primary_topic=lineage,
    )
    project.idea_status = IdeaStatus.PROPOSED
    project.save()
    assert keys(gap_signals(evaluated)) == ["W-01"]


def test_a_competence_in_the_directory_closes_the_gap(cluster, evaluated, seats, plan):
    lineage = topic_lineage(plan, "4.4.2")
    make_urgent(make_item(evaluated, "W-02", topics=[lineage]), seats)
    make_actor(cluster, "Schweißtechnik GmbH", competences=[("Schweißen", "process", [lineage])])
    assert gap_signals(evaluated) == []


def test_competences_elsewhere_do_not_count(cluster, other_cluster, evaluated, seats, plan):
    lineage = topic_lineage(plan, "4.4.2")
    make_urgent(make_item(evaluated, "W-02", topics=[lineage]), seats)
    make_actor(other_cluster, "Fremd GmbH", competences=[("Schweißen", "process", [lineage])])
    make_actor(
        cluster,
        "Entwurf GmbH",
        status=ActorStatus.DRAFT,
        competences=[("Schweißen", "process", [lineage])],
    )
    make_project(other_cluster, "Fremdes Projekt", year_initiated=2020, primary_topic=lineage)
    [gap] = gap_signals(evaluated)
    assert gap.reasons == ["keine Projekte in 4.4.2", "keine Kompetenzen im Verzeichnis"]


def test_one_covered_topic_area_is_enough(cluster, evaluated, seats, plan):
    covered, bare = topic_lineage(plan, "4.4.2"), topic_lineage(plan, "4.2.1")
    make_urgent(make_item(evaluated, "W-03", topics=[covered, bare]), seats)
    make_project(cluster, "Laser", year_initiated=2020, primary_topic=covered)
    assert gap_signals(evaluated) == []


@pytest.mark.parametrize(
    ("impact", "horizon"),
    [((3, 4, 3), (1, 1, 2)), ((5, 5, 5), (3, 3, 4)), ((4, 3, 3), (2, 2, 2))],
)
def test_low_impact_or_far_horizon_is_no_gap(evaluated, seats, impact, horizon):
    make_urgent(make_item(evaluated, "W-04"), seats, impact=impact, horizon=horizon)
    assert gap_signals(evaluated) == []


def test_unrated_items_are_no_gaps(evaluated, seats):
    make_item(evaluated, "W-05")
    rate(seats[0], make_item(evaluated, "W-06"), {"impact": 5})
    assert gap_signals(evaluated) == []


def test_topic_area_outside_the_current_edition_counts_as_none(evaluated, seats):
    import uuid

    make_urgent(make_item(evaluated, "W-08", topics=[uuid.uuid4()]), seats)
    [gap] = gap_signals(evaluated)
    assert gap.reasons == ["kein Themenbereich zugeordnet"]


def test_gaps_carry_their_decisions_and_flag_the_results(evaluated, seats, cluster_manager):
    item = make_item(evaluated, "W-07")
    make_urgent(item, seats)
    other = make_item(evaluated, "W-09")
    decision = GapDecision.objects.create(
        item=item, action=GapAction.DISMISSED, note="Kein Thema.", decided_by=cluster_manager
    )
    results = cycle_results(evaluated)
    [gap] = gap_signals(evaluated, results)
    assert gap.decisions == [decision] and gap.actions == {GapAction.DISMISSED}
    flags = {result.item.key: result.gap for result in results}
    assert flags == {"W-07": True, other.key: False}


def test_constant_number_of_queries(evaluated, seats, plan):
    def count(number_of_items):
        start = evaluated.items.count()
        for index in range(start, start + number_of_items):
            topics = [topic_lineage(plan, "4.2.1")] if index % 2 else []
            make_urgent(make_item(evaluated, f"Q-{index:02d}", topics=topics), seats)
        results = cycle_results(evaluated)
        clear_topic_catalogues()  # both counts include building the catalogue
        with CaptureQueriesContext(connection) as context:
            gaps = gap_signals(evaluated, results)
        return len(context), len(gaps)

    few, few_gaps = count(2)
    many, many_gaps = count(8)
    assert few_gaps == 2 and many_gaps == 10
    assert few == many
