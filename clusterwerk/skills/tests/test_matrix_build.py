"""The matrix: cells, k rule, official verdict, supply, light, trend, totals, the sentences
and the gaps."""

import pytest

from clusterwerk.skills.matrix import (
    build_matrix,
    district_summary,
    light_for,
    matrix_gaps,
    occupation_demand,
)
from clusterwerk.skills.tests.factories import answer, make_survey
from clusterwerk.skills.tests.matrix_world import offer, supply, survey_with_answers, verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cluster, districts, occupations, companies):
    """2024: companies 1–7 (Potsdam-Mittelmark) and 8–9 (Cottbus) answer for 25102 with
    openings_36=2, retirements=1 each; 2023: companies 1–5 with openings_36=1."""
    industrial = occupations[0]
    survey_with_answers(cluster, 2024, [industrial], companies, openings_36=2, retirements_5y=1)
    survey_with_answers(cluster, 2023, [industrial], companies[:5], openings_36=1, retirements_5y=1)
    return industrial


def test_cells_over_five_companies_show_figures_others_none(cluster, districts, world):
    matrix = build_matrix(cluster, 2024)
    pm = matrix.cell(world, districts["12069"])
    cb = matrix.cell(world, districts["12052"])
    assert (pm.companies, pm.openings_36, pm.retirements) == (7, 14, 7)
    assert (cb.companies, cb.openings_36, cb.retirements, cb.employees) == (None,) * 4
    assert matrix.total.companies == 7 and matrix.total.openings_36 == 14


def test_totals_are_sums_of_published_cells_only(cluster, districts, world):
    matrix = build_matrix(cluster, 2024)
    assert matrix.totals_by_occupation[world.pk].openings_36 == 14  # not 18
    assert matrix.totals_by_district[districts["12052"].pk].openings_36 == 0


def test_latest_year_is_default_and_trend_compares_published_cells(cluster, districts, world):
    matrix = build_matrix(cluster)
    assert matrix.year == 2024 and matrix.previous_year == 2023
    assert matrix.cell(world, districts["12069"]).trend == "up"  # 21 against 10
    assert matrix.cell(world, districts["12052"]).trend is None


def test_official_verdict_is_the_latest_of_the_year_or_before(cluster, districts, world):
    verdict(cluster, world, "watch", year=2022)
    verdict(cluster, world, "shortage", year=2023)
    verdict(cluster, world, "none", year=2025)
    assert build_matrix(cluster, 2024).cell(world, districts["12069"]).official_verdict == (
        "shortage"
    )
    assert build_matrix(cluster, 2023).cells[0].official_verdict == "shortage"


def test_supply_adds_trainees_and_graduates_of_all_providers(cluster, districts, world, chamber):
    supply(cluster, 2024, world, districts["12069"], trainees=10, graduates=3)
    supply(cluster, 2023, world, districts["12069"], trainees=99)
    assert build_matrix(cluster, 2024).cell(world, districts["12069"]).supply == 13


@pytest.mark.parametrize(
    "verdict_value, demand, supply_value, light",
    [
        ("shortage", None, 0, "red"),
        (None, 21, 13, "red"),  # 21 ≥ 13 + 6.5
        (None, 18, 13, "amber"),
        (None, 3, 0, "red"),
        (None, 2, 0, "amber"),
        ("watch", 1, 10, "amber"),
        ("none", None, 5, "green"),
        (None, 5, 5, "green"),
        (None, None, 7, "grey"),
    ],
)
def test_light(verdict_value, demand, supply_value, light):
    assert light_for(verdict_value, demand, supply_value) == light


def test_suppressed_cell_light_ignores_its_figures(cluster, districts, world):
    cell = build_matrix(cluster, 2024).cell(world, districts["12052"])
    assert cell.light == "grey"


def test_district_sentences(cluster, districts, world):
    supply(cluster, 2024, world, districts["12069"], trainees=5)
    sentences = district_summary(cluster, districts["12069"], 2024)
    assert sentences[0] == (
        "Potsdam-Mittelmark 2024: am knappsten Industriemechaniker/innen – 21 Personen werden "
        "in drei Jahren gebraucht (offene Stellen und Ruhestand), 5 Personen sind in Ausbildung "
        "oder Abschluss; mindestens 16 Personen zusätzlich auszubilden."
    )
    cottbus = district_summary(cluster, districts["12052"], 2024)
    assert "weniger als 5 Betriebe" in " ".join(cottbus)
    assert not any("2 " in sentence or "4 " in sentence for sentence in cottbus[1:])


def test_gaps_need_shortage_and_no_offer_nearby(cluster, districts, world, chamber):
    gaps = matrix_gaps(cluster, 2024)
    assert [(g.cell.district.ags) for g in gaps] == ["12069"]
    verdict(cluster, world, "shortage")
    assert {g.cell.district.ags for g in matrix_gaps(cluster, 2024)} == {"12069", "12052"}
    offer(cluster, chamber, world, districts["12054"])  # Potsdam, next to Potsdam-Mittelmark
    assert [g.cell.district.ags for g in matrix_gaps(cluster, 2024)] == ["12052"]


def test_unpublished_offer_does_not_close_a_gap(cluster, districts, world, chamber):
    offer(cluster, chamber, world, districts["12069"], is_published=False)
    assert len(matrix_gaps(cluster, 2024)) == 1


def test_occupation_demand_hook_returns_published_cells(cluster, districts, world, occupations):
    cells = occupation_demand(cluster, world, 2024)
    assert [c.district.ags for c in cells] == ["12069"]
    assert occupation_demand(cluster, occupations[1], 2024) == []


def test_draft_responses_and_other_clusters_do_not_count(
    cluster, other_cluster, districts, occupations, companies
):
    survey = make_survey(cluster, 2024, occupations[:1])
    for company in companies[:5]:
        answer(survey, company, occupations[0])
    survey.responses.filter(actor=companies[0]).update(status="draft")
    foreign = make_survey(other_cluster, 2024, occupations[:1])
    answer(foreign, companies[0], occupations[0])
    assert build_matrix(cluster, 2024).cells[0].companies is None
    assert build_matrix(other_cluster, 2024).cells[0].companies is None


def test_empty_cluster_has_no_matrix(cluster):
    matrix = build_matrix(cluster)
    assert matrix.year is None and matrix.cells == []
