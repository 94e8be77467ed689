"""The Fachkräftematrix and the Nachfolgebörse in "Mein Bereich": an open survey my company
has not answered, my succession case with an interest waiting for my answer, and the
chamber's desk for its people."""

import pytest
from django.urls import reverse

from clusterwerk.actors.tests.conftest import districts  # noqa: F401
from clusterwerk.skills.models import (
    CaseStatus,
    InterestStatus,
    SearcherKind,
    SuccessionInterest,
    SuccessorProfile,
)
from clusterwerk.skills.services import survey as survey_services
from clusterwerk.skills.tests.conftest import chamber, companies, occupations  # noqa: F401
from clusterwerk.skills.tests.factories import make_case, make_survey

pytestmark = pytest.mark.django_db


def my_area(client, user):
    client.force_login(user)
    return client.get("/api/v1/me/dashboard").json()["skills"]


def test_an_open_survey_shows_until_my_company_submits(client, cluster, companies, occupations):  # noqa: F811
    survey = make_survey(cluster, 2024, occupations)
    company = companies[0]
    rows = my_area(client, company.user)
    assert [row["title"] for row in rows] == [survey.title]
    assert rows[0]["action_url"].endswith(f"?betrieb={company.pk}")
    survey_services.save_response(
        user=company.user,
        survey=survey,
        actor=company,
        rows={occupations[0].pk: {"employees": 4, "openings_12": 1, "openings_36": 2}},
        submit=True,
    )
    assert my_area(client, company.user) == []


def test_the_owner_sees_a_forwarded_interest_and_the_chamber_its_desk(
    client,
    cluster,
    companies,  # noqa: F811
    chamber,  # noqa: F811
    member,
):
    company = companies[0]
    case = make_case(cluster, company, chamber, status=CaseStatus.RELEASED)
    profile = SuccessorProfile.objects.create(
        cluster=cluster,
        user=member,
        kind=SearcherKind.PERSON,
        title="Meisterin sucht Betrieb",
        description="Metallbaumeisterin mit zehn Jahren Erfahrung.",
    )
    SuccessionInterest.objects.create(
        case=case, profile=profile, message="Ich habe Interesse.", status=InterestStatus.FORWARDED
    )
    rows = my_area(client, company.user)
    assert rows[0]["title"] == case.title
    assert rows[0]["status"] == "1 Anfrage wartet auf Ihre Antwort"
    desk = my_area(client, chamber.user)
    assert desk[0]["action_url"] == reverse("skills:chamber_desk")
    body = client.get(reverse("portal:my-area")).content.decode()
    assert "Fachkräfte und Nachfolge" in body
