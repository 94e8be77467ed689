"""The eligibility rules, each passed and failed, with explanations that name the facts;
the age of the innovation on the calendar (leap days!), the fourth entry, a Berlin site, a
research institute without a company, a stage too low, missing data."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clusterwerk.actors.models import ActorKind
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.award import eligibility
from clusterwerk.award.models import ApplicationStatus, EligibilityRule, RuleKind, Stage
from clusterwerk.award.tests.factories import make_application
from clusterwerk.core.dates import add_years

pytestmark = [pytest.mark.django_db]
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def result(application, kind) -> eligibility.RuleResult:
    (found,) = [r for r in eligibility.evaluate(application) if r.kind == kind]
    return found


def at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T12:00").replace(tzinfo=BERLIN)


@pytest.mark.clock
def test_a_good_application_passes_every_rule(edition, applicant):
    application = make_application(edition, applicant)
    results = eligibility.evaluate(application)
    assert [r.kind for r in results] == list(edition.rules.values_list("kind", flat=True))
    assert all(r.passed for r in results), results
    assert eligibility.is_eligible(application)
    assert result(application, RuleKind.SITE_IN_BRANDENBURG).explanation == (
        "Standort: Potsdam-Mittelmark (Brandenburg) – erfüllt"
    )


def test_a_berlin_site_fails(edition, berlin_company):
    application = make_application(edition, berlin_company)
    site = result(application, RuleKind.SITE_IN_BRANDENBURG)
    assert not site.passed
    assert (
        site.explanation == "Standort: Berlin (Berlin) liegt nicht in Brandenburg – nicht erfüllt"
    )
    assert not eligibility.is_eligible(application)


def test_a_missing_district_says_what_is_missing(cluster, edition):
    nowhere = make_actor(cluster, "Ohne Ort GmbH")
    site = result(make_application(edition, nowhere), RuleKind.SITE_IN_BRANDENBURG)
    assert not site.passed
    assert "„Ohne Ort GmbH“ ist im Akteursverzeichnis kein Landkreis" in site.explanation


def test_a_stage_too_low_fails(edition, applicant):
    application = make_application(edition, applicant, stage=Stage.IDEA)
    stage = result(application, RuleKind.MIN_STAGE)
    assert not stage.passed
    assert stage.explanation == (
        "Entwicklungsstand „Idee“ liegt unter „Experimentelle Entwicklung“ – nicht erfüllt"
    )
    assert stage.label == "Mindestens dieser Entwicklungsstand: Experimentelle Entwicklung"
    enough = make_application(edition, applicant, stage=Stage.EXPERIMENTAL)
    assert result(enough, RuleKind.MIN_STAGE).passed


def test_a_missing_stage_or_date_does_not_pass(edition, applicant):
    application = make_application(edition, applicant, stage="", innovation_date=None)
    stage = result(application, RuleKind.MIN_STAGE)
    age = result(application, RuleKind.MAX_AGE_YEARS)
    assert not stage.passed and "nicht angegeben" in stage.explanation
    assert not age.passed and "fehlt" in age.explanation


@pytest.mark.parametrize(
    ("born", "deadline", "passed", "age"),
    [
        # A leap-day innovation has its anniversary on 28 February in a common year.
        ("2024-02-29", "2027-02-28", True, "3 Jahre"),
        ("2024-02-29", "2027-03-01", False, "3 Jahre und 1 Tag"),
        # A deadline on a leap day: three years after 28 February 2025 is 28 February 2028.
        ("2025-02-28", "2028-02-28", True, "3 Jahre"),
        ("2025-02-28", "2028-02-29", False, "3 Jahre und 1 Tag"),
        ("2025-03-01", "2028-02-29", True, "2 Jahre und 365 Tage"),
        # Across the turn of the year.
        ("2023-12-31", "2026-12-31", True, "3 Jahre"),
        ("2023-12-30", "2026-12-31", False, "3 Jahre und 1 Tag"),
    ],
)
def test_the_age_is_counted_on_the_calendar(edition, applicant, born, deadline, passed, age):
    edition.deadline = at(deadline)
    edition.save()
    application = make_application(
        edition, applicant, innovation_date=datetime.date.fromisoformat(born)
    )
    check = result(application, RuleKind.MAX_AGE_YEARS)
    assert check.passed is passed
    day = datetime.date.fromisoformat(deadline).strftime("%d.%m.%Y")
    assert f"am Einsendeschluss {day}: {age}" in check.explanation
    assert check.explanation.endswith("– erfüllt" if passed else "– nicht erfüllt")


def test_the_deadline_day_is_local(edition, applicant):
    """A deadline at 23:30 in Berlin counts with its local day (in UTC it is 22:30)."""
    edition.deadline = datetime.datetime(2027, 2, 28, 23, 30, tzinfo=BERLIN)
    edition.save()
    application = make_application(edition, applicant, innovation_date=datetime.date(2024, 2, 29))
    assert result(application, RuleKind.MAX_AGE_YEARS).passed


@pytest.mark.clock
def test_too_old_relative_to_today(edition, applicant):
    deadline_day = timezone.localtime(edition.deadline).date()
    oldest = add_years(deadline_day, -3)
    assert result(
        make_application(edition, applicant, innovation_date=oldest), RuleKind.MAX_AGE_YEARS
    ).passed
    too_old = make_application(
        edition, applicant, innovation_date=oldest - datetime.timedelta(days=1)
    )
    check = result(too_old, RuleKind.MAX_AGE_YEARS)
    assert not check.passed and "mehr als 3 Jahre" in check.explanation


def test_an_innovation_after_the_deadline_fails(edition, applicant):
    later = timezone.localtime(edition.deadline).date() + datetime.timedelta(days=1)
    check = result(
        make_application(edition, applicant, innovation_date=later), RuleKind.MAX_AGE_YEARS
    )
    assert not check.passed and "nach dem Einsendeschluss" in check.explanation


def test_a_fourth_entry_is_refused(edition, applicant):
    for number in range(3):
        make_application(edition, applicant, title=f"Eintrag {number}")
    make_application(edition, applicant, title="Zurückgezogen", status=ApplicationStatus.WITHDRAWN)
    fourth = make_application(edition, applicant, title="Vierter", status=ApplicationStatus.DRAFT)
    assert eligibility.entries_of(edition, applicant) == 4
    assert eligibility.entries_of(edition, applicant, exclude=fourth) == 3
    check = result(fourth, RuleKind.MAX_ENTRIES)
    assert not check.passed
    assert check.explanation == (
        "Dies ist die 4. Bewerbung von „Metallbau Havelland GmbH“ in diesem Jahrgang, erlaubt "
        "sind höchstens 3 – nicht erfüllt"
    )
    third = result(fourth.__class__.objects.get(title="Eintrag 2"), RuleKind.MAX_ENTRIES)
    assert third.passed


def test_of_four_drafts_the_first_three_pass(edition, applicant):
    drafts = [
        make_application(edition, applicant, title=f"Entwurf {n}", status=ApplicationStatus.DRAFT)
        for n in range(4)
    ]
    assert [result(d, RuleKind.MAX_ENTRIES).passed for d in drafts] == [True, True, True, False]


def test_research_only_with_a_company(edition, institute, applicant, cluster, districts):
    alone = make_application(edition, institute)
    check = result(alone, RuleKind.RESEARCH_NEEDS_COMPANY)
    assert not check.passed
    assert check.explanation == (
        "„Institut für Fügetechnik Cottbus“ (Forschungseinrichtung) bewirbt sich ohne ein "
        "Unternehmen als Partner – nicht erfüllt"
    )
    university = make_actor(
        cluster, "BTU Cottbus", kind=ActorKind.UNIVERSITY, district=districts["12052"]
    )
    with_science = make_application(edition, institute, partners=[university])
    assert not result(with_science, RuleKind.RESEARCH_NEEDS_COMPANY).passed
    together = make_application(edition, institute, partners=[applicant])
    check = result(together, RuleKind.RESEARCH_NEEDS_COMPANY)
    assert check.passed and "Metallbau Havelland GmbH" in check.explanation
    company = result(make_application(edition, applicant), RuleKind.RESEARCH_NEEDS_COMPANY)
    assert company.passed and "keine Forschungseinrichtung" in company.explanation


def test_applicant_kinds(edition, applicant, institute):
    EligibilityRule.objects.create(
        edition=edition, kind=RuleKind.APPLICANT_KINDS, parameter="company,craft_business", order=9
    )
    assert result(make_application(edition, applicant), RuleKind.APPLICANT_KINDS).passed
    check = result(make_application(edition, institute), RuleKind.APPLICANT_KINDS)
    assert not check.passed
    assert "zugelassen sind nur: Unternehmen, Handwerksbetrieb" in check.explanation


def test_rules_in_plain_german(edition):
    texts = [eligibility.describe_rule(rule) for rule in edition.rules.all()]
    assert texts == [
        "Der Bewerber hat einen Standort in Brandenburg.",
        "Die Innovation hat mindestens den Entwicklungsstand „Experimentelle Entwicklung“ "
        "erreicht.",
        "Die Innovation ist am Einsendeschluss höchstens 3 Jahre alt.",
        "Jeder Bewerber reicht höchstens 3 Bewerbungen je Jahrgang ein.",
        "Hochschulen und Forschungseinrichtungen bewerben sich nur gemeinsam mit einem "
        "Unternehmen als Partner.",
    ]


def test_evaluate_writes_nothing(edition, applicant):
    application = make_application(edition, applicant)
    with CaptureQueriesContext(connection) as queries:
        eligibility.evaluate(application)
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
