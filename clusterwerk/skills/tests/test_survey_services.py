"""The company survey's services: setting up, opening, closing and reminding (management
only), and a company's answer – every rule for bad figures (German, naming the occupation
and the field, nothing written), permissions, the survey's period, optimistic locking and
"an edit changes exactly what the person changed"."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clusterwerk.core.exceptions import EditConflict
from clusterwerk.skills.models import (
    ResponseStatus,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    SurveyStatus,
)
from clusterwerk.skills.services import survey as services
from clusterwerk.skills.tests.factories import make_company, make_survey

pytestmark = pytest.mark.django_db

GOOD = {
    "employees": 12,
    "openings_12": 2,
    "openings_36": 5,
    "retirements_5y": 3,
    "training_offered": 2,
    "training_filled": 1,
    "difficulty": 4,
}


@pytest.fixture
def survey(cluster, occupations):
    return make_survey(cluster, 2026, occupations)


def save(company, survey, rows, **kwargs):
    return services.save_response(
        user=company.user, survey=survey, actor=company, rows=rows, **kwargs
    )


def nothing_written():
    return not SurveyResponse.objects.exists() and not SurveyAnswer.objects.exists()


# --- management ---------------------------------------------------------------------------------


def test_manager_creates_a_survey_as_draft(cluster, cluster_manager, occupations):
    today = timezone.localdate()
    survey = services.create_survey(
        user=cluster_manager,
        cluster=cluster,
        year=2027,
        title="Betriebsbefragung 2027",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=30),
        occupation_codes=["25102", "24412"],
    )
    assert survey.status == SurveyStatus.DRAFT
    assert sorted(survey.occupations.values_list("code", flat=True)) == ["24412", "25102"]


def test_create_refuses_unknown_codes_and_dates_in_the_wrong_order(
    cluster, cluster_manager, occupations
):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        services.create_survey(
            user=cluster_manager,
            cluster=cluster,
            year=2027,
            title="",
            opens_on=today,
            closes_on=today - datetime.timedelta(days=1),
            occupation_codes=["25102", "99999"],
        )
    errors = caught.value.message_dict
    assert "Den Schlüssel „99999“ gibt es" in errors["occupation_codes"][0]
    assert errors["closes_on"] == ["Das Ende liegt vor dem Beginn der Befragung."]
    assert errors["title"] == ["Bitte geben Sie der Befragung einen Titel."]
    assert not Survey.objects.exists()


def test_a_second_survey_of_the_same_year_is_refused(cluster, cluster_manager, survey):
    with pytest.raises(ValidationError) as caught:
        services.create_survey(
            user=cluster_manager,
            cluster=cluster,
            year=2026,
            title="Noch eine",
            opens_on=survey.opens_on,
            closes_on=survey.closes_on,
            occupation_codes=["25102"],
        )
    assert caught.value.message_dict["year"] == ["Für 2026 gibt es schon eine Befragung."]


@pytest.mark.parametrize("persona", ["member", "other_cluster_manager", "outsider"])
def test_only_the_management_sets_up(persona, request, cluster, survey):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.create_survey(
            user=user,
            cluster=cluster,
            year=2030,
            title="X",
            opens_on=survey.opens_on,
            closes_on=survey.closes_on,
            occupation_codes=["25102"],
        )
    for action in (services.open_survey, services.close_survey, services.remind_survey):
        with pytest.raises(PermissionDenied):
            action(user=user, survey=survey)


def test_update_keeps_answered_occupations(cluster_manager, survey, companies, occupations):
    save(companies[0], survey, {occupations[0].pk: GOOD})
    with pytest.raises(ValidationError) as caught:
        services.update_survey(
            user=cluster_manager, survey=survey, data={"occupation_codes": ["24412"]}
        )
    assert (
        "Industriemechaniker/innen bleibt in der Befragung"
        in (caught.value.message_dict["occupation_codes"][0])
    )
    services.update_survey(
        user=cluster_manager,
        survey=survey,
        data={"title": "Neu", "occupation_codes": ["25102", "24422"]},
    )
    survey.refresh_from_db()
    assert survey.title == "Neu"
    assert sorted(survey.occupations.values_list("code", flat=True)) == ["24422", "25102"]


def test_open_close_and_reopen(cluster_manager, survey):
    services.close_survey(user=cluster_manager, survey=survey)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
    with pytest.raises(ValidationError):
        services.close_survey(user=cluster_manager, survey=survey)
    services.open_survey(user=cluster_manager, survey=survey)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN


def test_reminders_go_to_companies_without_a_submitted_answer(
    cluster_manager, survey, companies, occupations, django_capture_on_commit_callbacks
):
    save(companies[0], survey, {occupations[0].pk: GOOD}, submit=True)
    save(companies[1], survey, {occupations[0].pk: GOOD})  # a draft is reminded
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        count = services.remind_survey(user=cluster_manager, survey=survey)
    assert count == 8
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert companies[0].user.email not in recipients
    assert companies[1].user.email in recipients
    assert len(recipients) == 8
    assert mail.outbox[0].subject == f"Erinnerung: {survey.title}"
    assert "/fachkraefte/befragung/2026/antworten/?betrieb=" in mail.outbox[0].body
    survey.refresh_from_db()
    assert survey.reminded_at is not None


def test_no_reminders_for_a_closed_survey(cluster_manager, survey, companies):
    services.close_survey(user=cluster_manager, survey=survey)
    with pytest.raises(PermissionDenied):
        services.remind_survey(user=cluster_manager, survey=survey)


# --- the company's answer ---------------------------------------------------------------------


def test_a_company_saves_a_draft_and_submits(survey, companies, occupations):
    company = companies[0]
    response = save(company, survey, {occupations[0].pk: GOOD}, expected_version=0)
    assert response.status == ResponseStatus.DRAFT
    assert response.version == 1
    answer = response.answers.get()
    assert (answer.employees, answer.retirements_5y, answer.difficulty) == (12, 3, 4)
    response = save(company, survey, {}, expected_version=1, submit=True)
    assert response.status == ResponseStatus.SUBMITTED
    assert response.submitted_by == company.user
    assert response.district == company.district
    assert response.version == 2


BAD_ROWS = [
    (
        {"employees": 2, "retirements_5y": 3},
        "25102.retirements_5y",
        "Industriemechaniker/innen – Ruhestand in den nächsten fünf Jahren: 3 Ruhestände sind "
        "mehr als die 2 Beschäftigten heute.",
    ),
    (
        {"openings_12": -1},
        "25102.openings_12",
        "Industriemechaniker/innen – Offene Stellen in den nächsten 12 Monaten: Die Zahl darf "
        "nicht negativ sein.",
    ),
    (
        {"employees": "2,5"},
        "25102.employees",
        "Industriemechaniker/innen – Beschäftigte heute: Bitte eine ganze Zahl angeben.",
    ),
    (
        {"employees": 2.5},
        "25102.employees",
        "Industriemechaniker/innen – Beschäftigte heute: Bitte eine ganze Zahl angeben.",
    ),
    (
        {"employees": "zwölf"},
        "25102.employees",
        "Industriemechaniker/innen – Beschäftigte heute: Bitte eine ganze Zahl angeben.",
    ),
    (
        {"training_offered": 1, "training_filled": 2},
        "25102.training_filled",
        "Industriemechaniker/innen – Ausbildungsplätze besetzt: 2 besetzte sind mehr als die 1 "
        "angebotenen Plätze.",
    ),
    (
        {"openings_12": 4, "openings_36": 3},
        "25102.openings_12",
        "Industriemechaniker/innen – Offene Stellen in den nächsten 12 Monaten: 4 offene Stellen "
        "in 12 Monaten sind mehr als die 3 in 36 Monaten; die 36 Monate schließen die ersten 12 "
        "ein.",
    ),
    (
        {"difficulty": 6},
        "25102.difficulty",
        "Industriemechaniker/innen – Schwierigkeit der Besetzung: Bitte eine Stufe von 1 "
        "(leicht) bis 5 (sehr schwer) wählen oder leer lassen.",
    ),
    (
        {"difficulty": 0},
        "25102.difficulty",
        "Industriemechaniker/innen – Schwierigkeit der Besetzung: Bitte eine Stufe von 1 "
        "(leicht) bis 5 (sehr schwer) wählen oder leer lassen.",
    ),
    (
        {"topic_lineage": "4.4.2"},
        "25102.topic_lineage",
        "Industriemechaniker/innen – Themenbereich: Bitte einen Themenbereich 6.x des "
        "veröffentlichten Masterplans wählen.",
    ),
]


@pytest.mark.parametrize("row,key,message", BAD_ROWS)
def test_bad_figures_are_refused_in_german_and_nothing_is_written(
    row, key, message, survey, companies, occupations
):
    good_second = {occupations[1].pk: GOOD}
    with pytest.raises(ValidationError) as caught:
        save(companies[0], survey, {occupations[0].pk: row, **good_second}, submit=True)
    assert caught.value.message_dict[key] == [message]
    assert nothing_written()


def test_every_error_at_once_and_nothing_changes_on_a_stored_answer(survey, companies, occupations):
    company = companies[0]
    save(company, survey, {occupations[0].pk: GOOD})
    before = list(SurveyAnswer.objects.values())
    with pytest.raises(ValidationError) as caught:
        save(
            company,
            survey,
            {
                occupations[0].pk: {"employees": 1},  # now below the 3 retirements
                occupations[1].pk: {"openings_36": -2, "training_filled": 1},
            },
        )
    keys = set(caught.value.message_dict)
    assert keys == {"25102.retirements_5y", "24412.openings_36", "24412.training_filled"}
    assert list(SurveyAnswer.objects.values()) == before
    assert SurveyResponse.objects.get().version == 1


def test_an_occupation_outside_the_survey_is_refused(survey, companies, occupations):
    survey.occupations.set(occupations[:1])
    with pytest.raises(ValidationError) as caught:
        save(companies[0], survey, {occupations[2].pk: GOOD})
    assert "gehört nicht zu dieser Befragung" in caught.value.message_dict["rows"][0]
    assert nothing_written()


def test_submitting_needs_figures(survey, companies):
    with pytest.raises(ValidationError) as caught:
        save(companies[0], survey, {}, submit=True)
    assert caught.value.message_dict["rows"] == [
        "Bitte tragen Sie vor dem Abgeben mindestens für einen Beruf Zahlen ein."
    ]
    assert nothing_written()


def test_topic_area_of_chapter_six(plan, survey, companies, occupations):
    from clusterwerk.actors.tests.conftest import topic_lineage

    lineage = str(topic_lineage(plan, "6.3.2"))
    response = save(companies[0], survey, {occupations[0].pk: {**GOOD, "topic_lineage": lineage}})
    assert str(response.answers.get().topic_lineage) == lineage


def test_a_non_representative_may_not_answer(survey, companies, occupations, member):
    with pytest.raises(PermissionDenied):
        services.save_response(
            user=member, survey=survey, actor=companies[0], rows={occupations[0].pk: GOOD}
        )
    # … nor for a company it does not represent
    with pytest.raises(PermissionDenied):
        services.save_response(
            user=companies[1].user,
            survey=survey,
            actor=companies[0],
            rows={occupations[0].pk: GOOD},
        )
    assert nothing_written()


def test_a_company_of_another_cluster_may_not_answer(survey, other_cluster, districts, occupations):
    stranger = make_company(other_cluster, "Kunststoff GmbH", districts["12069"], with_user=True)
    with pytest.raises(PermissionDenied) as caught:
        save(stranger, survey, {occupations[0].pk: GOOD})
    assert "kein Mitgliedsbetrieb dieses Clusters" in str(caught.value)
    assert nothing_written()


def test_a_chamber_is_no_company(survey, chamber, occupations):
    with pytest.raises(PermissionDenied):
        save(chamber, survey, {occupations[0].pk: GOOD})
    assert nothing_written()


@pytest.mark.parametrize(
    "change,reason",
    [
        ({"status": SurveyStatus.CLOSED}, "Die Befragung ist abgeschlossen"),
        ({"status": SurveyStatus.DRAFT}, "noch nicht eröffnet"),
        ({"closes_on_days": -1}, "Die Befragung endete am"),
        ({"opens_on_days": 1}, "Die Befragung beginnt am"),
    ],
)
def test_only_while_open(change, reason, survey, companies, occupations):
    today = timezone.localdate()
    if "status" in change:
        survey.status = change["status"]
    if "closes_on_days" in change:
        survey.closes_on = today + datetime.timedelta(days=change["closes_on_days"])
    if "opens_on_days" in change:
        survey.opens_on = today + datetime.timedelta(days=change["opens_on_days"])
    survey.save()
    with pytest.raises(PermissionDenied) as caught:
        save(companies[0], survey, {occupations[0].pk: GOOD})
    assert reason in str(caught.value)
    assert nothing_written()


def test_an_edit_changes_exactly_what_the_person_changed(survey, companies, occupations):
    company = companies[0]
    save(
        company,
        survey,
        {occupations[0].pk: GOOD, occupations[1].pk: {**GOOD, "employees": 30}},
    )
    before = {row["occupation_id"]: row for row in SurveyAnswer.objects.values()}
    response = save(company, survey, {occupations[0].pk: {"openings_36": 9}}, expected_version=1)
    after = {row["occupation_id"]: row for row in SurveyAnswer.objects.values()}
    assert after[occupations[1].pk] == before[occupations[1].pk]
    changed = {
        name
        for name, value in after[occupations[0].pk].items()
        if before[occupations[0].pk][name] != value
    }
    assert changed == {"openings_36"}
    assert after[occupations[0].pk]["openings_36"] == 9
    assert response.version == 2


def test_a_stale_version_is_a_conflict_and_writes_nothing(survey, companies, occupations):
    company = companies[0]
    save(company, survey, {occupations[0].pk: GOOD}, expected_version=0)
    save(company, survey, {occupations[0].pk: {"employees": 20}}, expected_version=1)
    with pytest.raises(EditConflict) as caught:
        save(company, survey, {occupations[0].pk: {"employees": 5}}, expected_version=1)
    assert caught.value.version == 2
    assert caught.value.current_for(company.user)["rows"][str(occupations[0].pk)]["employees"] == 20
    assert SurveyAnswer.objects.get().employees == 20


def test_two_first_saves_of_the_same_company_conflict(survey, companies, occupations):
    company = companies[0]
    save(company, survey, {occupations[0].pk: GOOD}, expected_version=0)
    with pytest.raises(EditConflict):
        save(company, survey, {occupations[1].pk: GOOD}, expected_version=0)
    assert SurveyAnswer.objects.count() == 1


def test_counts_per_district(survey, companies, occupations):
    for company in companies[:3]:
        save(company, survey, {occupations[0].pk: GOOD}, submit=True)
    save(companies[8], survey, {occupations[0].pk: GOOD})
    rows = {row["ags"]: row for row in services.district_counts(survey)}
    assert (rows["12069"]["submitted"], rows["12069"]["drafts"]) == (3, 0)
    assert (rows["12052"]["submitted"], rows["12052"]["drafts"]) == (0, 1)
