"""The demo's numbers: survey answers, official indicators and supply, drawn with a seeded
`random.Random` so that they are plausible and consistent (openings in 12 months never
above those in 36, retirements never above employees, places filled never above those
offered, difficulty 1–5) and show trends over the years."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from clusterwerk.skills.demo.data import (
    ANSWER_SHARE,
    COMPANY_COUNT,
    INDICATOR_REGION,
    INDICATOR_SOURCE,
    OCCUPATIONS,
    SUPPLY_SOURCE,
    SURVEY_YEARS,
)
from clusterwerk.skills.models import (
    SHORTAGE_INDICATORS,
    Indicator,
    IndicatorImport,
    IndicatorKind,
    OfficialAssessment,
    ResponseStatus,
    SupplyFigure,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    SurveyStatus,
    Verdict,
)

# Employees per occupation, by the company's size class (lower, upper).
EMPLOYEES = {"micro": (1, 4), "small": (2, 12), "medium": (4, 30), "large": (10, 80), "": (1, 6)}
# Yearly change of the openings' share: demand grows from 2022 to 2024.
TREND = {2022: 0.85, 2023: 1.0, 2024: 1.15}


def verdict_for(scores: list[int]) -> tuple[Decimal, str]:
    """The Engpassanalyse's rule (mean of the six shortage indicators' scores: ≥ 2.0
    shortage, < 1.5 none, between watch). Part A's `indicators.verdict_for` when present."""
    try:
        from clusterwerk.skills.indicators import verdict_for as official
    except ImportError:
        official = None
    if official is not None:
        return official(scores)
    mean = (Decimal(sum(scores)) / Decimal(len(scores))).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    if mean >= Decimal("2.0"):
        return mean, Verdict.SHORTAGE
    if mean < Decimal("1.5"):
        return mean, Verdict.NONE
    return mean, Verdict.WATCH


def choose_companies(rng: random.Random, companies: list) -> list:
    """Up to COMPANY_COUNT companies, every district with a demo company represented."""
    by_district = defaultdict(list)
    for company in companies:
        by_district[company.district_id].append(company)
    chosen = [rng.choice(group) for _district, group in sorted(by_district.items())]
    taken = {company.pk for company in chosen}
    rest = [company for company in companies if company.pk not in taken]
    rng.shuffle(rest)
    chosen += rest[: max(0, COMPANY_COUNT - len(chosen))]
    return sorted(chosen[:COMPANY_COUNT], key=lambda company: company.pk)


def _profile(rng: random.Random, company) -> dict:
    """Which occupations the company employs, how many, and its own hiring appetite."""
    low, high = EMPLOYEES.get(company.size_class or "", EMPLOYEES[""])
    picks = [occupation for occupation in OCCUPATIONS if rng.random() < occupation.weight]
    if not picks:
        picks = [max(OCCUPATIONS, key=lambda occupation: occupation.weight * rng.random())]
    return {
        occupation.code: {
            "employees": rng.randint(low, high),
            "appetite": rng.uniform(0.5, 1.6),
            "age": rng.uniform(0.05, 0.35),  # share retiring within five years
            "trains": rng.random() < 0.45,
        }
        for occupation in picks
    }


def write_surveys(cluster, occupations: dict, companies: list, rng: random.Random) -> None:
    profiles = {company.pk: _profile(rng, company) for company in companies}
    by_code = {occupation.code: occupation for occupation in OCCUPATIONS}
    for year in SURVEY_YEARS:
        survey = Survey.objects.create(
            cluster=cluster,
            year=year,
            title=f"Betriebsbefragung Fachkräfte {year} (Demo)",
            introduction=(
                "Demo-Befragung: Alle Angaben sind erfunden und dienen nur der Vorführung."
            ),
            opens_on=datetime.date(year, 3, 1),
            closes_on=datetime.date(year, 4, 30),
            status=SurveyStatus.CLOSED,
            is_demo=True,
        )
        survey.occupations.set(occupations.values())
        answering = [c for c in companies if rng.random() < ANSWER_SHARE[year]]
        responses = SurveyResponse.objects.bulk_create(
            [
                SurveyResponse(
                    survey=survey,
                    actor=company,
                    district_id=company.district_id,
                    status=ResponseStatus.SUBMITTED,
                    submitted_at=timezone.make_aware(
                        datetime.datetime(year, 3, 1 + rng.randint(0, 27), rng.randint(8, 18))
                    ),
                    is_demo=True,
                )
                for company in answering
            ]
        )
        answers = []
        for response, company in zip(responses, answering, strict=True):
            for code, profile in profiles[company.pk].items():
                answers.append(
                    _answer(rng, response, occupations[code], by_code[code], profile, year)
                )
                # The workforce drifts a little from year to year.
                profile["employees"] = max(1, profile["employees"] + rng.randint(-1, 2))
        SurveyAnswer.objects.bulk_create(answers)


def _answer(rng, response, occupation, spec, profile, year) -> SurveyAnswer:
    employees = profile["employees"]
    expected = employees * spec.share * profile["appetite"] * TREND[year]
    openings_36 = max(0, round(rng.gauss(expected, max(0.5, expected / 3))))
    openings_12 = min(openings_36, round(openings_36 * rng.uniform(0.3, 0.7)))
    retirements = min(employees, round(rng.gauss(employees * profile["age"], 0.7)))
    offered = rng.randint(1, 3) if profile["trains"] else 0
    filled = rng.randint(0, offered) if year > 2022 else min(offered, rng.randint(0, offered + 1))
    base = spec.pressure + (year - 2023) * 0.4
    difficulty = None
    if openings_36 or rng.random() < 0.5:
        difficulty = min(5, max(1, round(rng.gauss(base + 1.2, 0.9))))
    return SurveyAnswer(
        response=response,
        occupation=occupation,
        employees=employees,
        openings_12=openings_12,
        openings_36=openings_36,
        retirements_5y=max(0, retirements),
        training_offered=offered,
        training_filled=filled,
        difficulty=difficulty,
    )


# --- Official indicators (demo) -----------------------------------------------------------

# A plausible value for a score 0–3 of each shortage indicator (the unit the BA uses).
VALUE_BY_SCORE = {
    IndicatorKind.VACANCY_TIME: (70, 110, 150, 200),  # days
    IndicatorKind.JOBSEEKERS_PER_VACANCY: (400, 250, 150, 80),  # per 100 vacancies
    IndicatorKind.UNEMPLOYMENT_RATE: (8.0, 5.0, 3.0, 1.8),  # per cent
    IndicatorKind.FOREIGN_SHARE_CHANGE: (0.2, 0.8, 1.5, 2.5),  # percentage points
    IndicatorKind.EXIT_RATE: (5.0, 7.0, 9.0, 12.0),  # per cent
    IndicatorKind.WAGE_TREND: (1.0, 2.0, 3.0, 4.5),  # per cent
}


def write_indicators(cluster, occupations: dict, rng: random.Random) -> None:
    for year in SURVEY_YEARS:
        batch = IndicatorImport.objects.create(
            cluster=cluster,
            source=INDICATOR_SOURCE,
            region=INDICATOR_REGION,
            year=year,
            filename=f"demo-engpassanalyse-{year}.csv",
            is_demo=True,
        )
        indicators, assessments = [], []
        for spec in OCCUPATIONS:
            occupation = occupations[spec.code]
            level = spec.pressure + (year - 2023) * 0.25
            scores = [min(3, max(0, round(rng.gauss(level, 0.6)))) for _kind in SHORTAGE_INDICATORS]
            for kind, score in zip(SHORTAGE_INDICATORS, scores, strict=True):
                value = VALUE_BY_SCORE[kind][score] * rng.uniform(0.92, 1.08)
                indicators.append(
                    Indicator(
                        batch=batch,
                        occupation=occupation,
                        kind=kind,
                        value=Decimal(f"{value:.3f}"),
                        score=score,
                    )
                )
            mean, verdict = verdict_for(scores)
            assessments.append(
                OfficialAssessment(
                    batch=batch,
                    occupation=occupation,
                    mean_score=mean,
                    verdict=verdict,
                    file_verdict=verdict,
                )
            )
        Indicator.objects.bulk_create(indicators)
        OfficialAssessment.objects.bulk_create(assessments)


# --- Supply ---------------------------------------------------------------------------------


def write_supply(cluster, occupations: dict, districts: list, providers: dict, rng) -> None:
    """Trainees and graduates per year, occupation and district: from the Oberstufenzentren
    (provider unknown: None) in most districts, and from a chamber's training centre where
    the chamber sits. Some districts have none for an occupation: gaps for the matrix."""
    rows = []
    for spec in OCCUPATIONS:
        if not spec.is_apprenticeship:
            continue
        served = [district for district in districts if rng.random() < 0.65]
        base = {district.pk: rng.randint(2, 14) for district in served}
        for year in SURVEY_YEARS:
            for district in served:
                trainees = max(0, base[district.pk] + rng.randint(-2, 2) - (2024 - year))
                rows.append(
                    _supply(cluster, year, occupations[spec.code], district, None, trainees, rng)
                )
                chamber = providers.get((district.pk, spec.chamber))
                if chamber is not None:
                    rows.append(
                        _supply(
                            cluster,
                            year,
                            occupations[spec.code],
                            district,
                            chamber,
                            rng.randint(4, 20),
                            rng,
                        )
                    )
    SupplyFigure.objects.bulk_create(rows)


def _supply(cluster, year, occupation, district, provider, trainees, rng) -> SupplyFigure:
    return SupplyFigure(
        cluster=cluster,
        year=year,
        occupation=occupation,
        district=district,
        provider=provider,
        trainees=trainees,
        graduates=min(trainees, round(trainees * rng.uniform(0.2, 0.4))),
        source=SUPPLY_SOURCE,
        is_demo=True,
    )
