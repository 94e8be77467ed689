"""The monitoring report's section "Innovationspreis": per edition year the submitted
applications, the eligible ones, winners, special prize and nominees (only once published),
and the follow-ups with their outcomes."""

import datetime

import pytest
from django.utils import timezone

from clusterwerk.award.models import (
    ApplicationStatus,
    Decision,
    FollowUp,
    FollowUpOutcome,
    FormalCheck,
    Phase,
)
from clusterwerk.award.reporting import award_sections, award_year_figures
from clusterwerk.award.tests.factories import make_application, make_award_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def editions(cluster, applicant, berlin_company, institute, other_cluster):
    old = make_award_edition(cluster, year=2019, phase=Phase.PUBLISHED)
    new = make_award_edition(cluster, year=2020, phase=Phase.DECISION)
    a = make_application(
        old, applicant, decision=Decision.WINNER, formal_check=FormalCheck.ELIGIBLE
    )
    make_application(
        old,
        berlin_company,
        decision=Decision.WINNER,
        formal_check=FormalCheck.ELIGIBLE,
        publication_consent=False,
    )
    b = make_application(
        old, institute, decision=Decision.SPECIAL_PRIZE, formal_check=FormalCheck.ELIGIBLE
    )
    make_application(old, applicant, decision=Decision.NOMINEE, formal_check=FormalCheck.ELIGIBLE)
    make_application(old, berlin_company, formal_check=FormalCheck.INELIGIBLE)
    make_application(old, applicant, status=ApplicationStatus.DRAFT)
    make_application(old, applicant, status=ApplicationStatus.WITHDRAWN)
    # 2020 is decided but not released: its decisions count nowhere yet.
    make_application(new, applicant, decision=Decision.WINNER, formal_check=FormalCheck.ELIGIBLE)
    make_application(new, institute)
    # Another cluster's edition does not count.
    foreign = make_award_edition(other_cluster, year=2019, phase=Phase.PUBLISHED)
    make_application(foreign, applicant, decision=Decision.WINNER)
    now = timezone.now()
    day = datetime.date(2020, 11, 12)
    FollowUp.objects.create(
        application=a,
        years_after=1,
        due_on=day,
        sent_at=now,
        answered_at=now,
        outcome=FollowUpOutcome.ON_MARKET,
        employees_added=3,
    )
    FollowUp.objects.create(
        application=b,
        years_after=1,
        due_on=day,
        sent_at=now,
        answered_at=now,
        outcome=FollowUpOutcome.DEVELOPING,
    )
    FollowUp.objects.create(application=a, years_after=3, due_on=day, sent_at=now)
    FollowUp.objects.create(application=b, years_after=3, due_on=day)
    return old, new


def test_the_figures_per_edition_year(cluster, editions, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        figures = award_year_figures(cluster, [2018, 2019, 2020])
    series = figures.series
    assert series(figures.editions) == [0, 1, 1]
    assert series(figures.applications) == [0, 5, 2]
    assert series(figures.eligible) == [0, 4, 1]
    assert series(figures.winners) == [0, 2, 0]
    assert series(figures.special_prizes) == [0, 1, 0]
    assert series(figures.nominees) == [0, 1, 0]
    assert series(figures.follow_ups_sent) == [0, 3, 0]
    assert series(figures.follow_ups_answered) == [0, 2, 0]
    assert series(figures.outcomes[FollowUpOutcome.ON_MARKET]) == [0, 1, 0]
    assert series(figures.outcomes[FollowUpOutcome.DEVELOPING]) == [0, 1, 0]
    assert series(figures.outcomes[FollowUpOutcome.STOPPED]) == [0, 0, 0]
    assert series(figures.employees_added) == [0, 3, 0]


def test_the_sections_for_the_report(cluster, editions):
    overview, follow_ups = award_sections(cluster, [2018, 2019, 2020])
    assert overview.key == "award"
    assert overview.title == "Innovationspreis"
    assert overview.row("applications").values == [0, 5, 2]
    assert overview.row("winners").values == [0, 2, 0]
    assert overview.summary == {
        "award_applications": "applications",
        "award_winners": "winners",
    }
    assert follow_ups.row("answered").values == [0, 2, 0]
    assert follow_ups.row("on_market").label == "Antwort: am Markt eingeführt"
    assert follow_ups.has_data


def test_an_empty_cluster_has_zeros(other_cluster):
    overview, follow_ups = award_sections(other_cluster, [2024, 2025, 2026])
    assert not overview.has_data and not follow_ups.has_data
