"""The follow-up questions one and three years after the ceremony: scheduled for every
submitted application (29 February → 28 February), mailed once when due (also when two runs
overlap), answered only by the applicant, with German messages for bad input."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from clusterwerk.award.models import (
    ApplicationStatus,
    Decision,
    FollowUp,
    FollowUpOutcome,
    Phase,
)
from clusterwerk.award.services.follow_ups import (
    answer_follow_up,
    schedule_follow_ups,
    send_due_follow_ups,
)
from clusterwerk.award.tasks import follow_ups_work
from clusterwerk.award.tests.factories import make_application
from clusterwerk.core.dates import add_years
from clusterwerk.core.models import Job, JobState
from conftest import make_user

pytestmark = pytest.mark.django_db


def publish(edition, ceremony_on=None):
    edition.phase = Phase.PUBLISHED
    edition.ceremony_on = ceremony_on
    edition.results_published_at = timezone.now()
    edition.save()
    return edition


@pytest.fixture
def entries(edition, applicant, applicant_user, berlin_company):
    return {
        "winner": make_application(
            edition, applicant, decision=Decision.WINNER, created_by=applicant_user
        ),
        "other": make_application(edition, berlin_company, title="Ohne Preis"),
        "draft": make_application(edition, applicant, status=ApplicationStatus.DRAFT),
        "withdrawn": make_application(edition, applicant, status=ApplicationStatus.WITHDRAWN),
    }


def test_every_submitted_application_gets_questions_after_one_and_three_years(edition, entries):
    publish(edition, ceremony_on=datetime.date(2026, 11, 12))
    assert schedule_follow_ups(edition) == 4
    rows = FollowUp.objects.order_by("application__title", "years_after")
    assert {row.application_id for row in rows} == {entries["winner"].pk, entries["other"].pk}
    assert sorted({(row.years_after, row.due_on) for row in rows}) == [
        (1, datetime.date(2027, 11, 12)),
        (3, datetime.date(2029, 11, 12)),
    ]
    assert schedule_follow_ups(edition) == 0  # again: nothing new
    assert FollowUp.objects.count() == 4


def test_a_ceremony_on_29_february_is_asked_about_on_28_february(edition, entries):
    publish(edition, ceremony_on=datetime.date(2028, 2, 29))
    schedule_follow_ups(edition)
    dues = set(FollowUp.objects.values_list("years_after", "due_on"))
    assert dues == {(1, datetime.date(2029, 2, 28)), (3, datetime.date(2031, 2, 28))}


@pytest.mark.clock
def test_without_a_ceremony_date_the_release_counts(edition, entries):
    publish(edition)
    schedule_follow_ups(edition)
    expected_one = add_years(timezone.localdate(), 1)
    assert FollowUp.objects.filter(years_after=1).first().due_on == expected_one


def test_a_moved_ceremony_moves_unsent_questions_only(edition, entries):
    publish(edition, ceremony_on=datetime.date(2026, 11, 12))
    schedule_follow_ups(edition)
    sent = FollowUp.objects.get(application=entries["winner"], years_after=1)
    sent.sent_at = timezone.now()
    sent.save()
    edition.ceremony_on = datetime.date(2026, 11, 19)
    edition.save()
    schedule_follow_ups(edition)
    sent.refresh_from_db()
    assert sent.due_on == datetime.date(2027, 11, 12)
    other = FollowUp.objects.get(application=entries["other"], years_after=1)
    assert other.due_on == datetime.date(2027, 11, 19)


@pytest.mark.clock
def test_due_questions_are_mailed_once(
    edition,
    entries,
    applicant,
    applicant_user,
    mailoutbox,
    cluster,
    django_capture_on_commit_callbacks,
):
    colleague = make_user("kollege@metallbau-havelland.example", cluster)
    applicant.representatives.create(user=colleague)
    publish(edition)
    today = timezone.localdate()
    winner = entries["winner"]
    due = FollowUp.objects.create(
        application=winner, years_after=1, due_on=today - datetime.timedelta(days=2)
    )
    FollowUp.objects.create(application=winner, years_after=3, due_on=today + datetime.timedelta(1))
    FollowUp.objects.create(application=entries["other"], years_after=1, due_on=today)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_follow_ups() == 2
    due.refresh_from_db()
    assert due.sent_at is not None
    recipients = sorted(address for mail in mailoutbox for address in mail.to)
    # The winner's creator (who also represents it) and the colleague; the Berlin company has
    # no representative and no creator: nobody to ask, but the row counts as sent.
    assert recipients == sorted([colleague.email, applicant_user.email])
    mail = mailoutbox[0]
    assert mail.subject.startswith("Ein Jahr danach")
    assert reverse("award:follow-up", args=[due.pk]) in mail.body
    assert "Glückwunsch noch einmal zum Preis" in mail.body
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_follow_ups() == 0  # idempotent
    assert len(mailoutbox) == 2


@pytest.mark.clock
def test_nothing_is_sent_for_an_edition_that_is_not_published(
    edition, entries, mailoutbox, django_capture_on_commit_callbacks
):
    FollowUp.objects.create(
        application=entries["winner"], years_after=1, due_on=timezone.localdate()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_follow_ups() == 0
    assert mailoutbox == []


@pytest.mark.clock
def test_the_daily_task_reports_the_count(edition, entries, mailoutbox):
    publish(edition)
    FollowUp.objects.create(
        application=entries["winner"], years_after=1, due_on=timezone.localdate()
    )
    job = Job.objects.create(kind="award.follow_ups", title="Test", state=JobState.RUNNING)
    assert follow_ups_work(job) == 1
    job.refresh_from_db()
    assert job.result == {"sent": 1}
    assert job.state == JobState.SUCCEEDED


@pytest.fixture
def due_question(edition, entries):
    publish(edition)
    return FollowUp.objects.create(
        application=entries["winner"],
        years_after=1,
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )


@pytest.mark.clock
def test_the_applicant_answers_and_may_correct_the_answer(due_question, applicant_user, cluster):
    answered = answer_follow_up(
        user=applicant_user,
        cluster=cluster,
        follow_up=due_question,
        data={"outcome": FollowUpOutcome.DEVELOPING, "employees_added": "2", "note": "Läuft."},
    )
    assert answered.outcome == FollowUpOutcome.DEVELOPING
    assert answered.employees_added == 2
    assert answered.answered_by == applicant_user
    again = answer_follow_up(
        user=applicant_user,
        cluster=cluster,
        follow_up=due_question,
        data={"outcome": FollowUpOutcome.ON_MARKET, "employees_added": "2", "note": "Läuft."},
    )
    again.refresh_from_db()
    assert (again.outcome, again.employees_added, again.note) == (
        FollowUpOutcome.ON_MARKET,
        2,
        "Läuft.",
    )


@pytest.mark.clock
def test_only_the_applicant_answers(due_question, cluster_manager, member, cluster, other_cluster):
    data = {"outcome": FollowUpOutcome.STOPPED}
    for user in (cluster_manager, member):
        with pytest.raises(PermissionDenied):
            answer_follow_up(user=user, cluster=cluster, follow_up=due_question, data=data)
    with pytest.raises(Http404):
        answer_follow_up(
            user=cluster_manager, cluster=other_cluster, follow_up=due_question, data=data
        )
    due_question.refresh_from_db()
    assert due_question.answered_at is None


@pytest.mark.clock
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "outcome", "Bitte wählen Sie aus, was aus der Innovation geworden ist."),
        ({"outcome": "reich"}, "outcome", "Bitte wählen Sie eine der angebotenen Antworten."),
        (
            {"outcome": "on_market", "employees_added": "viele"},
            "employees_added",
            "Bitte eine ganze Zahl angeben, z. B. 3.",
        ),
        (
            {"outcome": "on_market", "employees_added": -1},
            "employees_added",
            "Die Zahl darf nicht negativ sein.",
        ),
        ({"outcome": "on_market", "note": "x" * 2001}, "note", "Bitte höchstens 2000 Zeichen"),
    ],
)
def test_bad_answers_get_a_german_message_and_nothing_is_written(
    due_question, applicant_user, cluster, data, field, message
):
    with pytest.raises(ValidationError) as error:
        answer_follow_up(user=applicant_user, cluster=cluster, follow_up=due_question, data=data)
    assert message in " ".join(error.value.message_dict[field])
    due_question.refresh_from_db()
    assert due_question.answered_at is None and due_question.outcome == ""


@pytest.mark.clock
def test_a_question_not_yet_due_cannot_be_answered(due_question, applicant_user, cluster):
    due_question.due_on = timezone.localdate() + datetime.timedelta(days=1)
    due_question.save()
    with pytest.raises(ValidationError) as error:
        answer_follow_up(
            user=applicant_user,
            cluster=cluster,
            follow_up=due_question,
            data={"outcome": "on_market"},
        )
    assert "erst ab dem" in error.value.messages[0]


# --- the page ------------------------------------------------------------------------------


@pytest.mark.clock
def test_the_page_is_the_applicants_and_404_for_everybody_else(
    client, due_question, applicant_user, cluster_manager, member
):
    url = reverse("award:follow-up", args=[due_question.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    for user in (cluster_manager, member):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"outcome": "stopped"}).status_code == 404
    client.force_login(applicant_user)
    response = client.get(url)
    assert response.status_code == 200
    assert "Was ist aus der Innovation geworden?" in response.content.decode()


@pytest.mark.clock
def test_the_form_keeps_the_input_and_shows_german_errors(client, due_question, applicant_user):
    client.force_login(applicant_user)
    url = reverse("award:follow-up", args=[due_question.pk])
    response = client.post(url, {"employees_added": "zwei", "note": "Mein Text"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Bitte wählen Sie aus, was aus der Innovation geworden ist." in text
    assert "Mein Text" in text
    due_question.refresh_from_db()
    assert due_question.answered_at is None
    response = client.post(url, {"outcome": "licensed", "employees_added": "zwei"})
    assert response.status_code == 400
    assert "Bitte eine ganze Zahl angeben" in response.content.decode()
    assert 'value="zwei"' in response.content.decode()
    response = client.post(url, {"outcome": "licensed", "employees_added": "4", "note": ""})
    assert response.status_code == 302
    due_question.refresh_from_db()
    assert (due_question.outcome, due_question.employees_added) == ("licensed", 4)
    assert "Antwort ändern" in client.get(url).content.decode()
