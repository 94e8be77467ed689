"""The occupation page's demand block: the matrix's published cells of the occupation (at
least five companies), a total of those cells only, nothing from a smaller district."""

import pytest
from django.urls import reverse

from clusterwerk.skills.tests.factories import answer, make_survey

pytestmark = pytest.mark.django_db


def test_only_districts_with_five_companies_show_and_the_total_sums_them(
    client, cluster, occupations, companies
):
    mechanics = occupations[0]
    survey = make_survey(cluster, 2024, occupations)
    for company in companies[:7]:  # Potsdam-Mittelmark: seven companies
        answer(survey, company, mechanics, openings_36=3, retirements_5y=1)
    for company in companies[7:]:  # Cottbus: two companies
        answer(survey, company, mechanics, openings_36=50, retirements_5y=9)
    body = client.get(reverse("skills:occupation", args=[mechanics.code])).content.decode()
    assert "Bedarf im Cluster 2024" in body
    assert "Potsdam-Mittelmark" in body
    assert "Cottbus" not in body
    assert ">21<" in body  # 7 × 3 openings in the published district
    assert ">50<" not in body and ">71<" not in body  # nothing of Cottbus, not even in a total


def test_without_a_survey_there_is_no_block(client, cluster, occupations):
    body = client.get(reverse("skills:occupation", args=[occupations[0].code])).content.decode()
    assert "Bedarf im Cluster" not in body
