"""Every e-mail through the task queue: a write never fails because of the mail server, a
refused delivery is retried with a growing pause, and allauth's e-mails take the same way."""

import datetime
import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clusterwerk.actors.models import Invitation
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.core import mail as core_mail
from clusterwerk.core.tasks import TaskResultStatus
from conftest import make_user

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DELIVERY = "clusterwerk.core.mail.deliver_email"


class RefusingBackend(BaseEmailBackend):
    """A mail server that cannot be reached."""

    attempts = 0

    def send_messages(self, email_messages):
        RefusingBackend.attempts += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def queue(settings):
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "clusterwerk.core.tests.test_mail.RefusingBackend"
    RefusingBackend.attempts = 0


def run_worker():
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def deliveries():
    return DBTaskResult.objects.filter(task_path=DELIVERY).order_by("enqueued_at")


MESSAGE = {
    "subject": "Betreff",
    "body": "Text\n",
    "to": ["empfang@example.org"],
    "html_body": None,
    "reply_to": [],
    "headers": {},
    "from_email": None,
}


# --- the write succeeds, the e-mail waits in the queue ----------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_write_succeeds_while_the_mail_server_is_down_and_the_mail_is_retried(
    queue, mail_server_down, client, cluster, caplog
):
    manager = make_user("leitung@example.org", cluster, "cluster_manager")
    actor = make_actor(cluster, "Havelblech GmbH")
    client.force_login(manager)

    response = client.post(
        reverse("actors:invitations"), {"actor": actor.pk, "email": "neu@havelblech.test"}
    )

    assert response.status_code in (200, 302)
    assert Invitation.objects.filter(email="neu@havelblech.test").exists()  # the row is saved
    [queued] = deliveries()
    assert queued.status == TaskResultStatus.READY
    assert queued.args_kwargs["kwargs"]["message"]["to"] == ["neu@havelblech.test"]
    assert mail.outbox == []  # nobody asked the mail server during the request

    before = timezone.now()
    with caplog.at_level(logging.WARNING, logger="clusterwerk.core.mail"):
        run_worker()

    assert RefusingBackend.attempts == 1
    first, retry = deliveries()
    assert first.status == TaskResultStatus.SUCCESSFUL  # this attempt is over …
    assert retry.status == TaskResultStatus.READY  # … the next one waits
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.args_kwargs["kwargs"]["message"] == first.args_kwargs["kwargs"]["message"]
    delay = retry.run_after - before
    assert datetime.timedelta(seconds=55) < delay < datetime.timedelta(seconds=90)
    assert "next attempt in 0:01:00" in caplog.text

    run_worker()  # not due yet: the worker leaves it alone
    assert RefusingBackend.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_the_pause_grows_and_the_last_attempt_gives_up_with_an_error(
    queue, mail_server_down, caplog
):
    pauses = []
    for attempt in range(1, len(core_mail.RETRY_DELAYS) + 1):
        before = timezone.now()
        core_mail.deliver_email.call(message=MESSAGE, attempt=attempt)
        retry = deliveries().last()
        assert retry.args_kwargs["kwargs"]["attempt"] == attempt + 1
        pauses.append(round((retry.run_after - before).total_seconds() / 60))
    assert pauses == [1, 5, 15, 60, 240]

    with (
        caplog.at_level(logging.ERROR, logger="clusterwerk.core.mail"),
        pytest.raises(core_mail.EmailUndeliverable),
    ):
        core_mail.deliver_email.call(message=MESSAGE, attempt=6)
    assert "failed after 6 attempt(s); giving up" in caplog.text
    assert deliveries().count() == 5  # no seventh attempt


@pytest.mark.django_db(transaction=True)
def test_the_last_failure_shows_as_a_failed_task(queue, mail_server_down):
    core_mail._enqueue(MESSAGE, attempt=len(core_mail.RETRY_DELAYS) + 1)
    run_worker()
    [last] = deliveries()
    assert last.status == TaskResultStatus.FAILED
    assert "EmailUndeliverable" in last.traceback


def test_a_recipient_refused_for_good_is_not_retried(settings, db, monkeypatch, caplog):
    settings.TASKS = DATABASE_TASKS

    def refuse(self):
        raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with pytest.raises(core_mail.EmailUndeliverable):
        core_mail.deliver_email.call(message=MESSAGE, attempt=1)
    assert not deliveries().exists()


# --- the immediate backend of the tests ----------------------------------------------------


def test_with_the_immediate_backend_the_mail_leaves_after_the_commit(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        core_mail.send_email_later(
            subject="Hallo\nWelt", body="Text", to=["a@example.org", ""], html_body="<p>Text</p>"
        )
        assert mail.outbox == []  # not before the commit
    [message] = mail.outbox
    assert message.subject == "Hallo Welt"
    assert message.to == ["a@example.org"]
    assert message.alternatives[0][1] == "text/html"


def test_a_rolled_back_write_sends_nothing(db, django_capture_on_commit_callbacks):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        core_mail.send_email_later(subject="S", body="B", to=["a@example.org"])
        raise RuntimeError
    assert mail.outbox == []


def test_the_immediate_backend_cannot_retry_and_logs(
    db, mail_server_down, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        core_mail.send_email_later(subject="S", body="B", to=["a@example.org"])
    assert RefusingBackend.attempts == 1
    assert "cannot retry later" in caplog.text


def test_no_recipient_no_mail(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        core_mail.send_email_later(subject="S", body="B", to=[])
    assert callbacks == [] and mail.outbox == []


# --- allauth ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_password_reset_mail_goes_through_the_queue(queue, client):
    user = make_user("technik@drehteile.test")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    assert mail.outbox == []
    [queued] = deliveries()
    assert queued.args_kwargs["kwargs"]["message"]["to"] == [user.email]

    run_worker()

    [message] = mail.outbox
    assert message.subject == "[Clusterwerk] Passwort zurücksetzen"
    assert message.to == [user.email]
    assert "/konto/password/reset/key/" in message.body


def test_a_silent_mail_server_cannot_hold_a_worker_for_ever(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_TIMEOUT = None
    assert core_mail.build_message(MESSAGE).connection.timeout == 30
    settings.EMAIL_TIMEOUT = 10
    assert core_mail.build_message(MESSAGE).connection.timeout == 10


# --- attachments ---------------------------------------------------------------------------

INVITATION = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


@pytest.mark.django_db(transaction=True)
def test_a_text_attachment_travels_through_the_queue_and_its_retry(queue, settings):
    core_mail.send_email_later(
        subject="Termin",
        body="Im Anhang.\n",
        to="empfang@example.org",
        attachments=[("termin.ics", INVITATION, "text/calendar")],
    )
    [queued] = deliveries()
    stored = queued.args_kwargs["kwargs"]["message"]["attachments"]
    assert stored == [["termin.ics", INVITATION, "text/calendar"]]

    settings.EMAIL_BACKEND = "clusterwerk.core.tests.test_mail.RefusingBackend"
    RefusingBackend.attempts = 0
    run_worker()
    _first, retry = deliveries()
    assert retry.args_kwargs["kwargs"]["message"]["attachments"] == stored  # kept for the retry

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    core_mail.deliver_email.call(**retry.args_kwargs["kwargs"])
    [sent] = mail.outbox
    [(name, content, mimetype)] = sent.attachments
    assert (name, mimetype) == ("termin.ics", "text/calendar")
    assert "BEGIN:VCALENDAR" in content
    assert "VERSION:2.0" in sent.message().as_string()


def test_a_message_without_attachments_builds_as_before():
    email = core_mail.build_message(MESSAGE)  # the stored form of mails queued before
    assert email.attachments == []
