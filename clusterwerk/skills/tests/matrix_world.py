"""Shared builders for the matrix tests: surveys with answers, indicator verdicts, supply
figures and offers."""

from decimal import Decimal

from clusterwerk.skills.models import (
    IndicatorImport,
    OfferFormat,
    OfficialAssessment,
    SupplyFigure,
    TrainingOffer,
)
from clusterwerk.skills.tests.factories import answer, make_survey


def verdict(cluster, occupation, value, *, year=2024, region="Brandenburg"):
    batch, _ = IndicatorImport.objects.get_or_create(
        cluster=cluster, source="BA Engpassanalyse", region=region, year=year
    )
    mean = {"shortage": "2.30", "watch": "1.70", "none": "1.00"}[value]
    return OfficialAssessment.objects.create(
        batch=batch, occupation=occupation, mean_score=Decimal(mean), verdict=value
    )


def supply(cluster, year, occupation, district, trainees=0, graduates=0):
    return SupplyFigure.objects.create(
        cluster=cluster,
        year=year,
        occupation=occupation,
        district=district,
        trainees=trainees,
        graduates=graduates,
    )


def offer(cluster, provider, occupation, district, **overrides):
    values = {
        "cluster": cluster,
        "provider": provider,
        "title": f"Ausbildung {occupation.label}",
        "format": OfferFormat.APPRENTICESHIP,
        "occupation": occupation,
        "district": district,
    }
    values.update(overrides)
    return TrainingOffer.objects.create(**values)


def survey_with_answers(cluster, year, occupations, companies, **figures):
    """A survey of `year` where every company answers every occupation with `figures`."""
    survey = make_survey(cluster, year, occupations)
    for company in companies:
        for occupation in occupations:
            answer(survey, company, occupation, **figures)
    return survey
