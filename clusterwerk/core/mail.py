"""Every e-mail of the platform goes through the task queue, from here.

`send_email_later(...)` hands the message to the queue once the current transaction commits;
the `deliver_email` task sends it. When the mail server cannot be reached or refuses for the
moment (an SMTP or connection error), the task enqueues itself again after a pause that grows
(`RETRY_DELAYS`: 1, 5, 15, 60 and 240 minutes) and logs an error after the last attempt. The
write that caused the e-mail never fails because of it: a request answers before any mail
server is asked.

A backend that cannot defer a task (Django's ImmediateBackend, which the tests use) gets one
attempt: the failure is logged and the mail dropped.

The message travels as JSON in the queue's table (subject, bodies, addresses, headers, and
small text attachments such as an iCalendar invitation as (file name, text, MIME type)); the
finished task results are pruned by the scheduler (`clusterwerk.portal.schedule`).
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from clusterwerk.core.tasks import task

logger = logging.getLogger(__name__)

# The pause before the 2nd, 3rd, … attempt; after the last one the mail is given up.
RETRY_DELAYS = tuple(datetime.timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 240))
# A mail server that accepts the connection and then says nothing must not hold a worker for
# ever (Django's default EMAIL_TIMEOUT is None); EMAIL_TIMEOUT overrides this.
SMTP_TIMEOUT_SECONDS = 30
# Errors worth another attempt: the server is down, slow, or refuses for the moment.
TRANSIENT_ERRORS = (OSError, smtplib.SMTPException)


def send_email_later(
    *,
    subject: str,
    body: str,
    to: list[str] | tuple[str, ...] | str,
    html_body: str | None = None,
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
    from_email: str | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
    after_commit: bool = True,
) -> None:
    """Send the e-mail from the task queue once the current transaction commits (at once
    outside a transaction). Nothing is sent when the transaction rolls back.

    `after_commit=False` enqueues right away, for callers outside our transactions
    (allauth's flows): with the database backend the queue's row is part of whatever
    transaction is open, so a rollback still drops it.

    `attachments`: (file name, text content, MIME type) each – text only, since the message
    is stored as JSON until it is sent (e.g. `("termin.ics", ics_text, "text/calendar")`)."""
    recipients = [to] if isinstance(to, str) else [address for address in to if address]
    if not recipients:
        return
    message = {
        "subject": " ".join(str(subject).splitlines()).strip(),
        "body": str(body),
        "to": recipients,
        "html_body": str(html_body) if html_body else None,
        "reply_to": list(reply_to or []),
        "headers": dict(headers or {}),
        "from_email": from_email,
        "attachments": [
            [str(name), str(content), str(mimetype)]
            for name, content, mimetype in attachments or ()
        ],
    }
    if after_commit:
        transaction.on_commit(lambda: _enqueue(message, attempt=1))
    else:
        _enqueue(message, attempt=1)


def _enqueue(message: dict, *, attempt: int, run_after: datetime.datetime | None = None) -> bool:
    """Put the delivery on the queue; False (and an error in the log) when the queue refuses.
    Runs after the commit: an exception here would turn a saved write into an error page."""
    try:
        delivery = deliver_email if run_after is None else deliver_email.using(run_after=run_after)
        delivery.enqueue(message=message, attempt=attempt)
    except Exception:
        logger.exception(
            "E-mail %r to %s could not be queued (attempt %d); it is lost.",
            message["subject"],
            ", ".join(message["to"]),
            attempt,
        )
        return False
    return True


def build_message(message: dict) -> EmailMultiAlternatives:
    connection = get_connection(timeout=settings.EMAIL_TIMEOUT or SMTP_TIMEOUT_SECONDS)
    email = EmailMultiAlternatives(
        connection=connection,
        subject=message["subject"],
        body=message["body"],
        from_email=message.get("from_email") or None,
        to=message["to"],
        reply_to=message.get("reply_to") or None,
        headers=message.get("headers") or None,
    )
    if message.get("html_body"):
        email.attach_alternative(message["html_body"], "text/html")
    for name, content, mimetype in message.get("attachments") or ():
        email.attach(name, content, mimetype)
    return email


def _is_permanent(error: Exception) -> bool:
    """Every recipient refused with a 5xx code: another attempt cannot help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return all(code >= 500 for code, _reason in error.recipients.values())
    return False


def retry_delay(attempt: int) -> datetime.timedelta | None:
    """The pause after the failed `attempt` (1-based), or None when it was the last."""
    if attempt > len(RETRY_DELAYS):
        return None
    return RETRY_DELAYS[attempt - 1]


class EmailUndeliverable(Exception):
    """The last attempt failed, or the server refused every recipient for good."""


@task()
def deliver_email(*, message: dict, attempt: int = 1) -> dict:
    """Send one e-mail; on a transient error enqueue the next attempt with a growing pause."""
    recipients = ", ".join(message["to"])
    try:
        build_message(message).send()
    except TRANSIENT_ERRORS as error:
        delay = None if _is_permanent(error) else retry_delay(attempt)
        if delay is None:
            logger.error(
                "E-mail %r to %s failed after %d attempt(s); giving up: %s",
                message["subject"],
                recipients,
                attempt,
                error,
            )
            # The task ends as failed, so the queue's health counts it (/auftraege/).
            raise EmailUndeliverable(f"{recipients}: {error}") from error
        if not deliver_email.get_backend().supports_defer:
            logger.error(
                "E-mail %r to %s failed (%s); the task backend cannot retry later, giving up.",
                message["subject"],
                recipients,
                error,
            )
            return {"sent": False, "attempt": attempt, "gave_up": True}
        logger.warning(
            "E-mail %r to %s failed (attempt %d: %s); next attempt in %s.",
            message["subject"],
            recipients,
            attempt,
            error,
            delay,
        )
        _enqueue(message, attempt=attempt + 1, run_after=timezone.now() + delay)
        return {"sent": False, "attempt": attempt, "retry_in_seconds": delay.total_seconds()}
    return {"sent": True, "attempt": attempt}
