"""k-anonymity of the matrix, as properties over random answer sets (hypothesis).

For random surveys (two years, two occupations, two districts, 0–7 companies per cell):

1. **Indistinguishability** – a second answer set that differs from the first only inside
   suppressed cells (other figures, another number of companies below k) yields exactly the
   same published output everywhere: the matrix and the district pages, the API (matrix and
   districts), the XLSX export, the command's JSON and the district sentences. So no
   computation on what is published – subtraction between totals and cells included – can
   tell anything about a suppressed cell.
2. **Subtraction** – every published total (per occupation, per district, overall) equals
   the sum of the published cells it covers, so any difference of published numbers is a
   sum of published cells.
3. **No cell below k** – wherever companies are shown they are at least K_ANONYMITY, and a
   cell without companies shows no figure.
"""

import io
import json
import re
from itertools import product

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from clusterwerk.skills.matrix import build_matrix, district_summary
from clusterwerk.skills.models import K_ANONYMITY
from clusterwerk.skills.tests.factories import answer, make_company, make_survey
from clusterwerk.skills.tests.matrix_world import supply

pytestmark = pytest.mark.django_db

YEARS = (2023, 2024)
AGS = ("12069", "12052")
FIGURES = ("openings_36", "retirements", "employees", "openings_12")

figures = st.fixed_dictionaries(
    {
        "openings_36": st.integers(0, 9),
        "retirements": st.integers(0, 5),
        "employees": st.integers(0, 40),
        "openings_12": st.integers(0, 4),
    }
)
cell_answers = st.lists(figures, min_size=0, max_size=7)


@pytest.fixture
def pool(cluster, districts, occupations):
    companies = {
        ags: [make_company(cluster, f"Firma {ags}-{n}", districts[ags]) for n in range(7)]
        for ags in AGS
    }
    return {"companies": companies, "occupations": occupations[:2], "districts": districts}


def _keys(pool):
    return list(product(YEARS, range(len(pool["occupations"])), AGS))


def _write(cluster, pool, data, supplies):
    surveys = {year: make_survey(cluster, year, pool["occupations"]) for year in YEARS}
    for (year, index, ags), rows in data.items():
        occupation = pool["occupations"][index]
        for company, row in zip(pool["companies"][ags], rows, strict=False):
            answer(
                surveys[year],
                company,
                occupation,
                openings_36=row["openings_36"],
                retirements_5y=row["retirements"],
                employees=row["employees"],
                openings_12=row["openings_12"],
            )
    for (year, index, ags), value in supplies.items():
        if value:
            supply(cluster, year, pool["occupations"][index], pool["districts"][ags], value, 1)


TOKENS = re.compile(r'(csrfmiddlewaretoken" value="|nonce="|"X-CSRFToken": ")[^"]*')


def _xlsx_values(content: bytes) -> list:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book]


def published_output(cluster, pool, manager) -> dict:
    """Everything the matrix publishes, in every channel."""
    anonymous = Client()
    staff = Client()
    staff.force_login(manager)
    out = {}
    for year in YEARS:
        matrix = build_matrix(cluster, year)
        out[f"api-{year}"] = anonymous.get(f"/api/v1/skills/matrix?year={year}").json()
        out[f"page-{year}"] = TOKENS.sub(
            r"\1", anonymous.get(f"/fachkraefte/matrix/?jahr={year}").content.decode()
        )
        out[f"xlsx-{year}"] = _xlsx_values(
            staff.get(f"/fachkraefte/matrix/fachkraeftematrix.xlsx?jahr={year}").content
        )
        stdout = io.StringIO()
        call_command("skills_matrix", cluster="metall", year=year, format="json", stdout=stdout)
        out[f"command-{year}"] = json.loads(stdout.getvalue())
        for ags in AGS:
            district = pool["districts"][ags]
            out[f"sentences-{year}-{ags}"] = district_summary(
                cluster, district, year, matrix=matrix
            )
            out[f"district-api-{year}-{ags}"] = anonymous.get(
                f"/api/v1/skills/districts/{ags}?year={year}"
            ).json()
            out[f"district-page-{year}-{ags}"] = TOKENS.sub(
                r"\1",
                anonymous.get(f"/fachkraefte/matrix/kreis/{ags}/?jahr={year}").content.decode(),
            )
    return out


def _in_world(cluster, pool, data, supplies, manager):
    with transaction.atomic():
        _write(cluster, pool, data, supplies)
        output = published_output(cluster, pool, manager)
        transaction.set_rollback(True)
    return output


def _perturbed(draw, data):
    """`data` with every suppressed cell (1–4 companies) replaced by other answers."""
    changed = dict(data)
    for key, rows in data.items():
        if 0 < len(rows) < K_ANONYMITY:
            changed[key] = draw(st.lists(figures, min_size=1, max_size=K_ANONYMITY - 1))
    return changed


@settings(
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no slow shrinking against a database
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data())
def test_suppressed_cells_cannot_be_told_apart_anywhere(cluster, pool, cluster_manager, data):
    keys = _keys(pool)
    answers = {key: data.draw(cell_answers, label=str(key)) for key in keys}
    supplies = {key: data.draw(st.integers(0, 12)) for key in keys}
    other = _perturbed(data.draw, answers)
    first = _in_world(cluster, pool, answers, supplies, cluster_manager)
    second = _in_world(cluster, pool, other, supplies, cluster_manager)
    for channel in first:
        assert first[channel] == second[channel], channel


@settings(
    max_examples=40,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no slow shrinking against a database
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data())
def test_totals_are_sums_of_published_cells_and_no_cell_below_k(cluster, pool, data):
    keys = _keys(pool)
    answers = {key: data.draw(cell_answers, label=str(key)) for key in keys}
    with transaction.atomic():
        _write(cluster, pool, answers, {})
        for year in YEARS:
            matrix = build_matrix(cluster, year)
            published = [c for c in matrix.cells if c.companies is not None]
            for cell in matrix.cells:
                raw = answers[(year, pool["occupations"].index(cell.occupation), cell.district.ags)]
                if len(raw) >= K_ANONYMITY:
                    assert cell.companies == len(raw)
                    assert cell.openings_36 == sum(r["openings_36"] for r in raw)
                else:
                    assert cell.companies is None
                    assert all(
                        getattr(cell, name) is None for name in FIGURES if name != "retirements"
                    )
                    assert cell.retirements is None and cell.trend is None
            groups = [(matrix.total, published)]
            groups += [
                (matrix.totals_by_occupation[o.pk], [c for c in published if c.occupation == o])
                for o in matrix.occupations
            ]
            groups += [
                (matrix.totals_by_district[d.pk], [c for c in published if c.district == d])
                for d in matrix.districts
            ]
            for total, cells in groups:
                assert total.cells == len(cells)
                assert total.companies == sum(c.companies for c in cells)
                for name in FIGURES:
                    assert getattr(total, name) == sum(getattr(c, name) for c in cells)
            stdout = io.StringIO()
            call_command("skills_matrix", cluster="metall", year=year, format="json", stdout=stdout)
            for row in json.loads(stdout.getvalue()):
                if row["companies"] is None:
                    assert row["openings"] is None and row["retirements"] is None
                else:
                    assert row["companies"] >= K_ANONYMITY
        transaction.set_rollback(True)


def test_subtraction_attack_on_district_total_finds_nothing(cluster, pool):
    """The classic attack: district total minus the published cells of the district. With
    sums over raw answers it would give the suppressed cell; here it gives zero."""
    occupations = pool["occupations"]
    answers = {key: [] for key in _keys(pool)}
    answers[(2024, 0, "12069")] = [
        {"openings_36": 2, "retirements": 1, "employees": 5, "openings_12": 1}
    ] * 6
    answers[(2024, 1, "12069")] = [
        {"openings_36": 7, "retirements": 3, "employees": 5, "openings_12": 1}
    ] * 2
    _write(cluster, pool, answers, {})
    matrix = build_matrix(cluster, 2024)
    district = pool["districts"]["12069"]
    total = matrix.totals_by_district[district.pk]
    published = matrix.cell(occupations[0], district)
    assert total.openings_36 - published.openings_36 == 0
    assert matrix.totals_by_occupation[occupations[1].pk].openings_36 == 0
    assert matrix.total.openings_36 == 12
