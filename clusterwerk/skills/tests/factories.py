"""Small builders for skills tests (plain functions, no factory framework), written straight
to the database so that each test states only what it is about.

- `make_occupation(code, title, **overrides)` – a KldB 2010 Berufsgattung (5 digits: skill
  level from the fifth digit) or Berufsgruppe (3 digits).
- `make_company(cluster, name, district, **overrides)` – a member company of the cluster
  (`employees=` for its size); `with_user=True` adds a representative (`company.user`).
- `make_chamber(cluster, name, district)` – a chamber actor with a representative
  (`chamber.user`).
- `make_survey(cluster, year, occupations, **overrides)` – an open survey (today within its
  period).
- `answer(survey, company, occupation, **figures)` – a submitted response (created on first
  use) with the figures for one occupation.
- `make_case(cluster, company, chamber, **overrides)` – a succession case (status draft).
"""

import datetime

from django.utils import timezone

from clusterwerk.accounts.models import Role
from clusterwerk.actors.models import ActorKind, SizeClass
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.matchmaking.tests.factories import make_representative
from clusterwerk.skills.models import (
    CaseStatus,
    Chamber,
    Occupation,
    OccupationLevel,
    ResponseStatus,
    SuccessionCase,
    SuccessionKind,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    SurveyStatus,
)


def make_occupation(code: str, title: str, **overrides) -> Occupation:
    values = {
        "code": code,
        "title": title,
        "level": OccupationLevel.TYPE if len(code) == 5 else OccupationLevel.GROUP,
        "skill_level": int(code[4]) if len(code) == 5 else None,
        "is_apprenticeship": len(code) == 5 and code[4] == "2",
        "chamber": Chamber.IHK,
        "source": "Test",
    }
    values.update(overrides)
    return Occupation.objects.create(**values)


def make_company(cluster, name: str, district, **overrides):
    with_user = overrides.pop("with_user", False)
    overrides.setdefault("employees", 20)
    company = make_actor(cluster, name, district=district, **overrides)
    if with_user:
        email = f"inhaber@{company.slug}.example"
        company.user = make_representative(company, email, cluster)
    return company


def make_chamber(cluster, name: str, district, **overrides):
    chamber = make_actor(cluster, name, kind=ActorKind.CHAMBER, district=district, **overrides)
    email = f"nachfolge@{chamber.slug}.example"
    chamber.user = make_representative(chamber, email, cluster)
    return chamber


def make_survey(cluster, year: int, occupations, **overrides) -> Survey:
    today = timezone.localdate()
    values = {
        "cluster": cluster,
        "year": year,
        "title": f"Betriebsbefragung Fachkräfte {year}",
        "opens_on": today - datetime.timedelta(days=10),
        "closes_on": today + datetime.timedelta(days=20),
        "status": SurveyStatus.OPEN,
    }
    values.update(overrides)
    survey = Survey.objects.create(**values)
    survey.occupations.set(occupations)
    return survey


def answer(survey: Survey, company, occupation: Occupation, **figures) -> SurveyAnswer:
    response, _created = SurveyResponse.objects.get_or_create(
        survey=survey,
        actor=company,
        defaults={
            "district": company.district,
            "status": ResponseStatus.SUBMITTED,
            "submitted_at": timezone.now(),
        },
    )
    values = {"employees": 10, "openings_12": 1, "openings_36": 2, "retirements_5y": 1}
    values.update(figures)
    return SurveyAnswer.objects.create(response=response, occupation=occupation, **values)


def make_case(cluster, company, chamber, **overrides) -> SuccessionCase:
    values = {
        "cluster": cluster,
        "company": company,
        "chamber": chamber,
        "owner": getattr(company, "user", None),
        "created_by": getattr(company, "user", None),
        "exit_year": timezone.localdate().year + 3,
        "kind": SuccessionKind.EXTERNAL,
        "title": "Metallbaubetrieb mit Stammkundschaft sucht Nachfolge",
        "listing_text": "Eingeführter Betrieb im Stahl- und Metallbau, gute Auftragslage.",
        "sector": "Metallbau",
        "size_class": SizeClass.SMALL,
        "district": company.district,
        "status": CaseStatus.DRAFT,
    }
    values.update(overrides)
    return SuccessionCase.objects.create(**values)


def make_searcher(email: str, cluster):
    """A signed-up member without an organisation, who wants to take over a company."""
    from conftest import make_user

    return make_user(email, cluster, Role.MEMBER)
