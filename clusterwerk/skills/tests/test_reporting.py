"""The Fachkräftematrix in the monitoring report: responding companies, training places over
published cells only, offers, released and handed-over succession cases, agreed contacts."""

import datetime

import pytest
from django.utils import timezone

from clusterwerk.skills.models import (
    CaseStatus,
    InterestStatus,
    OfferFormat,
    SearcherKind,
    SuccessionInterest,
    SuccessorProfile,
    TrainingOffer,
)
from clusterwerk.skills.reporting import skills_sections, skills_year_figures
from clusterwerk.skills.tests.factories import answer, make_case, make_survey

pytestmark = pytest.mark.django_db


def moment(year, month=6):
    return timezone.make_aware(datetime.datetime(year, month, 15, 12))


def test_training_places_count_only_cells_with_five_companies(cluster, occupations, companies):
    survey = make_survey(cluster, 2024, occupations)
    for company in companies[:7]:  # Potsdam-Mittelmark: published
        answer(survey, company, occupations[0], training_offered=2, training_filled=1)
    for company in companies[7:]:  # Cottbus: two companies, suppressed
        answer(survey, company, occupations[0], training_offered=40, training_filled=30)
    figures = skills_year_figures(cluster, [2023, 2024])
    assert figures.series("companies") == [0, 9]
    assert figures.series("training_offered") == [0, 14]
    assert figures.series("training_filled") == [0, 7]


def test_offers_and_succession_count_in_their_year(cluster, companies, chamber, member):
    TrainingOffer.objects.create(
        cluster=cluster,
        provider=chamber,
        title="Schweißkurs",
        format=OfferFormat.FURTHER_TRAINING,
        district=chamber.district,
        starts_on=datetime.date(2024, 3, 1),
    )
    released = make_case(
        cluster, companies[0], chamber, status=CaseStatus.RELEASED, released_at=moment(2024)
    )
    make_case(
        cluster,
        companies[1],
        chamber,
        status=CaseStatus.HANDED_OVER,
        released_at=moment(2023),
        handed_over_at=moment(2024, 9),
    )
    profile = SuccessorProfile.objects.create(
        cluster=cluster, user=member, kind=SearcherKind.PERSON, title="Suche", description="…"
    )
    SuccessionInterest.objects.create(
        case=released,
        profile=profile,
        message="Interesse",
        status=InterestStatus.AGREED,
        answered_at=moment(2024, 10),
    )
    section = skills_sections(cluster, [2023, 2024])[0]
    values = {row.key: row.values for row in section.rows}
    assert values["offers"] == [0, 1]
    assert values["cases_released"] == [1, 1]
    assert values["cases_handed_over"] == [0, 1]
    assert values["contacts_agreed"] == [0, 1]
