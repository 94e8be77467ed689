"""The Kooperationsbörse's periodic work as tasks: the daily expiry of listings and the weekly
digest of saved searches. `manage.py schedule` (clusterwerk.portal.schedule) enqueues them as
periodic runs; the operators' commands `expire_listings` and `send_match_digest` run the same
work in their own process under the same run key (`core.periodic`), so neither runs twice in a
period."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterwerk.accounts.services import system_user
from clusterwerk.core import periodic
from clusterwerk.core.jobs import finish_job, running_job
from clusterwerk.core.tasks import task
from clusterwerk.matchmaking import digest
from clusterwerk.matchmaking.services import expire_listings

EXPIRE_RUN = "expire_listings"
EXPIRE_FREQUENCY = periodic.DAILY
EXPIRE_KIND = "matchmaking.expire_listings"
DIGEST_RUN = digest.RUN_NAME
DIGEST_FREQUENCY = digest.RUN_FREQUENCY
DIGEST_KIND = "matchmaking.match_digest"


def expire_title(period: str) -> str:
    return _("Kooperationsbörse: abgelaufene Inserate markieren (%(period)s)") % {"period": period}


def digest_title(period: str) -> str:
    return _("Kooperationsbörse: wöchentliche E-Mail der gespeicherten Suchen (%(period)s)") % {
        "period": period
    }


def expire_work(job) -> int:
    count = expire_listings(user=system_user())
    message = ngettext(
        "%(count)d Inserat als abgelaufen markiert.",
        "%(count)d Inserate als abgelaufen markiert.",
        count,
    ) % {"count": count}
    finish_job(job, result={"expired": count}, message=message)
    return count


def digest_work(job) -> digest.DigestRun:
    """Send the digests; the job fails (and the scheduler tries again later, for the users
    still due) when some could not be queued."""
    run = digest.send_digests()
    result = {
        "sent": len(run.sent),
        "without_hits": run.without_hits,
        "failed": [item.user.pk for item in run.failed],
    }
    message = _("%(sent)d E-Mail(s) verschickt, %(quiet)d Person(en) ohne neue Treffer.") % {
        "sent": len(run.sent),
        "quiet": run.without_hits,
    }
    if run.failed:
        message += " " + _(
            "%(failed)d E-Mail(s) fehlgeschlagen; sie folgen beim nächsten Lauf."
        ) % {"failed": len(run.failed)}
    finish_job(job, result=result, message=message, failed=bool(run.failed))
    return run


@task()
def expire_listings_task(*, job_id: str) -> None:
    with running_job(job_id) as job:
        expire_work(job)


@task()
def send_match_digest_task(*, job_id: str) -> None:
    with running_job(job_id) as job:
        digest_work(job)


@task()
def conversation_notice_task(*, interest_id: int, user_id: int) -> None:
    """The e-mail notice of a conversation that the notice interval held back."""
    from clusterwerk.matchmaking.services.conversations import send_held_back_notice

    send_held_back_notice(interest_id=interest_id, user_id=user_id)
