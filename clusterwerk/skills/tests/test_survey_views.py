"""The survey's pages: the management's list, form and manage page (counts per district,
remind, close), the company's answer page (choose the company, save a draft, submit, thank
you with the matrix link), bad input re-rendered in German with nothing saved, and access."""

import pytest
from django.urls import reverse

from clusterwerk.actors.models import ActorRepresentative
from clusterwerk.skills.models import ResponseStatus, Survey, SurveyAnswer, SurveyResponse
from clusterwerk.skills.tests.factories import answer, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(cluster, occupations):
    return make_survey(cluster, 2026, occupations)


def answer_url(survey, company=None):
    url = reverse("skills:survey_answer", args=[survey.year])
    return f"{url}?betrieb={company.pk}" if company else url


def form_data(survey, company, occupation, version=0, **figures):
    data = {"version": version, "betrieb": company.pk}
    for name, value in figures.items():
        data[f"o{occupation.pk}_{name}"] = value
    return data


def test_manager_lists_creates_and_edits(manager_client, survey, occupations):
    page = manager_client.get(reverse("skills:surveys"))
    assert page.status_code == 200
    assert "Betriebsbefragung Fachkräfte 2026" in page.content.decode()
    form = manager_client.get(reverse("skills:survey_create"))
    assert "Berufe filtern" in form.content.decode()
    created = manager_client.post(
        reverse("skills:survey_create"),
        {
            "title": "Befragung 2027",
            "year": "2027",
            "opens_on": "2027-02-01",
            "closes_on": "2027-03-31",
            "occupation_codes": ["25102", "24422"],
        },
    )
    assert created.status_code == 302
    survey_2027 = Survey.objects.get(year=2027)
    assert created.url == reverse("skills:survey_manage", args=[2027])
    edited = manager_client.post(
        reverse("skills:survey_edit", args=[2027]),
        {
            "title": "Befragung 2027 (neu)",
            "opens_on": "2027-02-01",
            "closes_on": "2027-03-30",
            "occupation_codes": ["25102"],
        },
    )
    assert edited.status_code == 302
    survey_2027.refresh_from_db()
    assert survey_2027.title == "Befragung 2027 (neu)"
    assert list(survey_2027.occupations.values_list("code", flat=True)) == ["25102"]


def test_create_form_shows_german_errors(manager_client, occupations):
    page = manager_client.post(
        reverse("skills:survey_create"),
        {"title": "", "year": "2027", "opens_on": "2027-03-01", "closes_on": "2027-02-01"},
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "Bitte geben Sie der Befragung einen Titel." in text
    assert "Bitte wählen Sie mindestens einen Beruf." in text
    assert not Survey.objects.exists()


def test_manage_page_counts_per_district_and_buttons(
    manager_client, survey, companies, occupations, mailoutbox, django_capture_on_commit_callbacks
):
    for company in companies[:2]:
        answer(survey, company, occupations[0])
    SurveyResponse.objects.create(survey=survey, actor=companies[8], district=companies[8].district)
    page = manager_client.get(reverse("skills:survey_manage", args=[2026]))
    text = page.content.decode()
    assert "Antworten je Kreis" in text
    assert "Potsdam-Mittelmark" in text and "Cottbus" in text
    assert "7 Betriebe erinnern" in text
    with django_capture_on_commit_callbacks(execute=True):
        reminded = manager_client.post(
            reverse("skills:survey_manage", args=[2026]), {"action": "remind"}, follow=True
        )
    assert "7 Betriebe ohne abgegebene Antwort werden per E-Mail erinnert." in (
        reminded.content.decode()
    )
    assert len(mailoutbox) == 7
    closed = manager_client.post(
        reverse("skills:survey_manage", args=[2026]), {"action": "close"}, follow=True
    )
    assert "Die Befragung ist abgeschlossen." in closed.content.decode()


@pytest.mark.parametrize("persona", ["member", "other_cluster_manager", "outsider"])
def test_management_pages_are_for_the_management(persona, member_client_factory, survey):
    client = member_client_factory(persona)
    for url in (
        reverse("skills:survey_create"),
        reverse("skills:survey_edit", args=[2026]),
        reverse("skills:survey_manage", args=[2026]),
    ):
        assert client.get(url).status_code == 403
    assert (
        client.post(reverse("skills:survey_manage", args=[2026]), {"action": "close"}).status_code
        == 403
    )


def test_anonymous_is_sent_to_the_login(client, survey):
    response = client.get(answer_url(survey))
    assert response.status_code == 302
    assert "/konto/login/" in response.url


def test_a_company_answers_and_is_thanked(client, survey, companies, occupations):
    company = companies[0]
    client.force_login(company.user)
    page = client.get(answer_url(survey))
    text = page.content.decode()
    assert 'inputmode="numeric"' in text
    assert "Entwurf speichern" in text and "Abgeben" in text
    draft = client.post(
        answer_url(survey),
        {
            **form_data(
                survey,
                company,
                occupations[0],
                employees="12",
                openings_12="1",
                openings_36="3",
                retirements_5y="2",
                difficulty="4",
            ),
            "entwurf": "1",
        },
    )
    assert draft.status_code == 302
    response = SurveyResponse.objects.get()
    assert response.status == ResponseStatus.DRAFT
    submitted = client.post(
        answer_url(survey),
        {
            **form_data(
                survey,
                company,
                occupations[0],
                version=1,
                employees="12",
                openings_12="1",
                openings_36="3",
                retirements_5y="2",
                difficulty="4",
            ),
            "abgeben": "1",
        },
    )
    assert submitted.status_code == 302
    assert submitted.url.startswith(reverse("skills:survey_thanks", args=[2026]))
    thanks = client.get(submitted.url)
    assert "Vielen Dank!" in thanks.content.decode()
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED


def test_bad_figures_are_shown_in_german_and_nothing_is_saved(
    client, survey, companies, occupations
):
    company = companies[0]
    client.force_login(company.user)
    page = client.post(
        answer_url(survey),
        {
            **form_data(survey, company, occupations[0], employees="2", retirements_5y="3"),
            **form_data(survey, company, occupations[1], openings_12="-1"),
            "abgeben": "1",
        },
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "nichts wurde gespeichert" in text
    assert "Industriemechaniker/innen – Ruhestand in den nächsten fünf Jahren: 3 Ruhestände" in text
    assert "Metallbauer/innen – Offene Stellen in den nächsten 12 Monaten: Die Zahl darf" in text
    assert 'value="3"' in text  # what the person typed stays
    assert not SurveyResponse.objects.exists()


def test_an_edit_on_the_page_changes_only_what_changed(client, survey, companies, occupations):
    company = companies[0]
    answer(survey, company, occupations[0], employees=10, openings_12=1, openings_36=2)
    answer(
        survey, company, occupations[1], employees=4, openings_12=0, openings_36=0, retirements_5y=0
    )
    client.force_login(company.user)
    page = client.get(answer_url(survey))
    form = page.context["form"]
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    data.update(betrieb=company.pk, entwurf="1")
    data[f"o{occupations[0].pk}_employees"] = "11"
    before = {row["occupation_id"]: row for row in SurveyAnswer.objects.values()}
    client.post(answer_url(survey), data)
    after = {row["occupation_id"]: row for row in SurveyAnswer.objects.values()}
    assert after[occupations[1].pk] == before[occupations[1].pk]
    assert after[occupations[0].pk] == {**before[occupations[0].pk], "employees": 11}
    assert SurveyAnswer.objects.count() == 2


def test_a_stale_page_is_a_conflict(client, survey, companies, occupations):
    company = companies[0]
    client.force_login(company.user)
    client.post(
        answer_url(survey),
        {**form_data(survey, company, occupations[0], employees="5"), "entwurf": "1"},
    )
    page = client.post(
        answer_url(survey),
        {**form_data(survey, company, occupations[0], version=0, employees="7"), "entwurf": "1"},
    )
    assert page.status_code == 409
    assert "inzwischen an anderer Stelle geändert" in page.content.decode()
    assert SurveyAnswer.objects.get().employees == 5


def test_a_representative_of_several_companies_picks_one(client, survey, companies, occupations):
    user = companies[0].user
    ActorRepresentative.objects.create(actor=companies[1], user=user)
    client.force_login(user)
    page = client.get(answer_url(survey))
    text = page.content.decode()
    assert "Für welchen Betrieb antworten Sie?" in text
    assert "Betrieb 1" in text and "Betrieb 2" in text
    chosen = client.get(answer_url(survey, companies[1]))
    assert "Sie antworten für Betrieb 2." in chosen.content.decode()


def test_someone_without_a_company_is_told_how_to_join(client, survey, member):
    client.force_login(member)
    page = client.get(answer_url(survey))
    assert page.status_code == 403
    assert "Zuerst Ihren Betrieb zuordnen" in page.content.decode()


def test_a_closed_survey_takes_no_answers(client, survey, companies, occupations):
    survey.status = "closed"
    survey.save()
    company = companies[0]
    client.force_login(company.user)
    page = client.post(
        answer_url(survey),
        {**form_data(survey, company, occupations[0], employees="5"), "abgeben": "1"},
    )
    assert "Die Befragung ist abgeschlossen" in page.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_survey_of_another_cluster_is_not_found(client, other_cluster, occupations, companies):
    make_survey(other_cluster, 2025, occupations)
    client.force_login(companies[0].user)
    assert client.get(reverse("skills:survey_answer", args=[2025])).status_code == 404
