"""The demo of the Fachkräftematrix (`skills.demo.seed_skills_demo`): surveys 2022–2024 of
about 300 demo companies, demo indicators, supply, training offers and eight succession
cases; everything marked demo, the figures consistent, idempotent."""

from collections import Counter, defaultdict
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.db.models import F

from clusterwerk.accounts.models import User
from clusterwerk.actors.demo import generate_demo_actors
from clusterwerk.actors.reference import load_actor_reference_data
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.reference import load_all_reference_data
from clusterwerk.skills.demo import delete_demo_skills, seed_skills_demo
from clusterwerk.skills.demo.data import CASES, OCCUPATIONS, OFFERS, SURVEY_YEARS
from clusterwerk.skills.demo.figures import verdict_for
from clusterwerk.skills.models import (
    K_ANONYMITY,
    SHORTAGE_INDICATORS,
    CaseStatus,
    Indicator,
    IndicatorImport,
    InterestStatus,
    OfferFormat,
    OfficialAssessment,
    ResponseStatus,
    SuccessionCase,
    SuccessionInterest,
    SuccessorProfile,
    SupplyFigure,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    SurveyStatus,
    TrainingOffer,
    Verdict,
)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Reference data, 326 demo companies (scale 0.13) and the skills demo, seeded once for
    the module in a transaction that is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_all_reference_data()
        load_actor_reference_data()
        cluster = Cluster.objects.get(slug="metall")
        generate_demo_actors(cluster=cluster, scale=0.13)
        report = seed_skills_demo(cluster)
        yield SimpleNamespace(cluster=cluster, report=report)
        transaction.set_rollback(True)


@pytest.fixture
def demo_cluster(world, db):
    return world.cluster


def signature(cluster):
    answers = SurveyAnswer.objects.filter(response__survey__cluster=cluster).order_by(
        "response__survey__year", "response__actor__external_id", "occupation__code"
    )
    return (
        list(
            answers.values_list(
                "response__survey__year",
                "response__actor__external_id",
                "occupation__code",
                "employees",
                "openings_36",
                "retirements_5y",
            )
        ),
        sorted(SuccessionCase.objects.filter(cluster=cluster).values_list("title", "status")),
        TrainingOffer.objects.filter(cluster=cluster).count(),
    )


def test_the_report_counts_what_was_written(world, db):
    report = world.report
    assert not report.skipped
    assert report.surveys == 3
    assert 250 <= report.companies <= 300
    assert report.responses == SurveyResponse.objects.count()
    assert report.indicator_imports == 3
    assert report.offers == len(OFFERS) == 20
    assert sum(report.cases.values()) == 8
    assert report.profiles == 3


def test_three_closed_demo_surveys_with_every_demo_occupation(demo_cluster):
    surveys = Survey.objects.filter(cluster=demo_cluster).order_by("year")
    assert [survey.year for survey in surveys] == list(SURVEY_YEARS)
    for survey in surveys:
        assert survey.is_demo and survey.status == SurveyStatus.CLOSED
        assert survey.opens_on.year == survey.year and survey.closes_on > survey.opens_on
        codes = set(survey.occupations.values_list("code", flat=True))
        assert codes == {occupation.code for occupation in OCCUPATIONS}


def test_responses_are_submitted_demo_answers_of_demo_companies(demo_cluster):
    responses = SurveyResponse.objects.filter(survey__cluster=demo_cluster)
    assert responses.count() > 600
    assert not responses.exclude(is_demo=True).exists()
    assert not responses.exclude(status=ResponseStatus.SUBMITTED).exists()
    assert not responses.exclude(actor__is_demo=True).exists()
    assert not responses.exclude(district=F("actor__district")).exists()
    for response in responses.select_related("survey")[:50]:
        assert response.submitted_at.year == response.survey.year
    assert not responses.filter(answers=None).exists()
    districts = responses.values("district").distinct().count()
    assert districts >= 10


def test_figures_are_consistent(demo_cluster):
    answers = SurveyAnswer.objects.filter(response__survey__cluster=demo_cluster)
    assert answers.count() > 1000
    assert not answers.filter(retirements_5y__gt=F("employees")).exists()
    assert not answers.filter(openings_12__gt=F("openings_36")).exists()
    assert not answers.filter(training_filled__gt=F("training_offered")).exists()
    assert not answers.filter(employees=0).exists()
    difficulties = set(answers.exclude(difficulty=None).values_list("difficulty", flat=True))
    assert difficulties <= {1, 2, 3, 4, 5} and len(difficulties) >= 4


def test_demand_grows_over_the_years(demo_cluster):
    per_year = {}
    for year in SURVEY_YEARS:
        answers = SurveyAnswer.objects.filter(response__survey__year=year)
        rows = list(answers.values_list("openings_36", "employees"))
        per_year[year] = sum(row[0] for row in rows) / sum(row[1] for row in rows)
    assert per_year[2022] < per_year[2023] < per_year[2024]


def test_many_but_not_all_cells_reach_k_companies(demo_cluster):
    cells = Counter(
        SurveyAnswer.objects.filter(
            response__survey__cluster=demo_cluster, response__survey__year=2024
        ).values_list("occupation__code", "response__district")
    )
    published = [cell for cell, companies in cells.items() if companies >= K_ANONYMITY]
    suppressed = [cell for cell, companies in cells.items() if companies < K_ANONYMITY]
    assert len(published) >= 20
    assert len(suppressed) >= 5


def test_demo_indicators_follow_the_rule(demo_cluster):
    imports = IndicatorImport.objects.filter(cluster=demo_cluster)
    assert sorted(imports.values_list("year", flat=True)) == list(SURVEY_YEARS)
    for batch in imports:
        assert batch.is_demo
        assert batch.source == "Demo – keine amtlichen Zahlen"
        assert batch.region == "Brandenburg"
        scores = defaultdict(list)
        for indicator in Indicator.objects.filter(batch=batch):
            assert indicator.kind in SHORTAGE_INDICATORS
            assert 0 <= indicator.score <= 3
            scores[indicator.occupation_id].append(indicator.score)
        assert len(scores) == len(OCCUPATIONS)
        for assessment in OfficialAssessment.objects.filter(batch=batch):
            assert len(scores[assessment.occupation_id]) == 6
            mean, verdict = verdict_for(scores[assessment.occupation_id])
            assert assessment.mean_score == mean
            assert assessment.verdict == verdict == assessment.file_verdict
    verdicts = set(OfficialAssessment.objects.values_list("verdict", flat=True))
    assert Verdict.SHORTAGE in verdicts and len(verdicts) >= 2


def test_the_rule_of_the_engpassanalyse():
    assert verdict_for([2, 2, 2, 2, 2, 2])[1] == Verdict.SHORTAGE
    assert verdict_for([1, 1, 1, 2, 2, 2])[1] == Verdict.WATCH
    assert verdict_for([1, 1, 1, 1, 2, 2])[1] == Verdict.NONE


def test_supply_figures_per_occupation_and_district(demo_cluster):
    figures = SupplyFigure.objects.filter(cluster=demo_cluster)
    assert figures.count() > 50
    assert not figures.exclude(is_demo=True).exists()
    assert not figures.filter(graduates__gt=F("trainees")).exists()
    assert figures.filter(provider=None).exists()
    assert figures.filter(provider__kind="chamber").exists()
    assert set(figures.values_list("year", flat=True)) == set(SURVEY_YEARS)


def test_training_offers_spread_over_formats_and_providers(demo_cluster):
    offers = TrainingOffer.objects.filter(cluster=demo_cluster)
    assert offers.count() == 20
    assert not offers.exclude(is_demo=True).exists()
    assert set(offers.values_list("format", flat=True)) == set(OfferFormat.values)
    kinds = set(offers.values_list("provider__kind", flat=True))
    assert {"chamber", "university"} <= kinds and kinds & {"company", "craft_business"}
    assert offers.values("district").distinct().count() >= 4
    assert not offers.filter(ends_on__lt=F("starts_on")).exists()
    assert offers.filter(topic_areas__isnull=False).exists()


def test_eight_succession_cases_in_every_state(demo_cluster):
    cases = SuccessionCase.objects.filter(cluster=demo_cluster)
    assert cases.count() == len(CASES) == 8
    assert not cases.exclude(is_demo=True).exists()
    assert Counter(cases.values_list("status", flat=True)) == {
        CaseStatus.DRAFT: 1,
        CaseStatus.SUBMITTED: 1,
        CaseStatus.RELEASED: 4,
        CaseStatus.HANDED_OVER: 1,
        CaseStatus.WITHDRAWN: 1,
    }
    assert set(cases.values_list("chamber__kind", flat=True)) == {"chamber"}
    assert cases.values("chamber").distinct().count() == 2
    for case in cases:
        assert case.company.is_demo
        assert case.owner.email.endswith("@example.org")
        assert case.owner.has_usable_password()
        assert case.district_id == case.company.district_id
        released = case.status in (CaseStatus.RELEASED, CaseStatus.HANDED_OVER)
        assert (case.released_at is not None) == released
        if released:
            assert case.released_by.represented_actors.filter(actor=case.chamber).exists()
        assert case.company.name not in case.listing_text
    on_behalf = cases.exclude(created_by=F("owner"))
    assert on_behalf.count() == 2
    for case in on_behalf:
        assert case.created_by.represented_actors.filter(actor=case.chamber).exists()


def test_profiles_and_interests_in_several_states(demo_cluster):
    profiles = SuccessorProfile.objects.filter(cluster=demo_cluster)
    assert profiles.count() == 3 and not profiles.exclude(is_demo=True).exists()
    interests = SuccessionInterest.objects.filter(case__cluster=demo_cluster)
    statuses = set(interests.values_list("status", flat=True))
    assert {InterestStatus.SUBMITTED, InterestStatus.FORWARDED, InterestStatus.AGREED} <= statuses
    assert not interests.filter(case__status__in=[CaseStatus.DRAFT, CaseStatus.SUBMITTED]).exists()
    for interest in interests.exclude(status=InterestStatus.SUBMITTED):
        assert interest.checked_by is not None and interest.checked_at is not None


def test_seeding_again_changes_nothing(world, db):
    before = signature(world.cluster)
    users = User.objects.count()
    report = seed_skills_demo(world.cluster)
    assert report.skipped
    assert signature(world.cluster) == before
    assert User.objects.count() == users


def test_an_incomplete_demo_is_written_again_the_same(world, db):
    before = signature(world.cluster)
    SuccessionCase.objects.filter(cluster=world.cluster, status=CaseStatus.DRAFT).delete()
    report = seed_skills_demo(world.cluster)
    assert not report.skipped and report.deleted
    assert signature(world.cluster) == before


def test_delete_removes_every_demo_row(world, db):
    delete_demo_skills(world.cluster)
    for model in (Survey, IndicatorImport, SupplyFigure, TrainingOffer, SuccessionCase):
        assert not model.objects.filter(cluster=world.cluster).exists()
    assert not SurveyResponse.objects.exists() and not SuccessionInterest.objects.exists()


def test_a_real_survey_of_a_demo_year_stops_the_demo(world, db):
    delete_demo_skills(world.cluster)
    Survey.objects.create(
        cluster=world.cluster,
        year=2023,
        title="Echte Befragung",
        opens_on="2023-03-01",
        closes_on="2023-04-30",
    )
    with pytest.raises(ValueError, match="echte Betriebsbefragung 2023"):
        seed_skills_demo(world.cluster)


def test_without_demo_companies_the_demo_says_so(world, db):
    cluster = Cluster.objects.create(slug="leer", name="Cluster ohne Demo-Unternehmen")
    with pytest.raises(ValueError, match="Demo-Unternehmen"):
        seed_skills_demo(cluster)
