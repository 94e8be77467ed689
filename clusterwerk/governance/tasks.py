"""The bodies' work in the task queue: the meetings' invitation e-mails
(`services.meetings.send_invitations` enqueues them) and the daily reminders of action items
(`remind_action_items`, enqueued by the scheduler – see REMIND_* for its entry in
`clusterwerk.portal.schedule` – or run by `manage.py remind_action_items`)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterwerk.core import periodic
from clusterwerk.core.jobs import finish_job, running_job
from clusterwerk.core.tasks import task

REMIND_RUN = "governance_action_reminders"
REMIND_FREQUENCY = periodic.DAILY
REMIND_KIND = "governance.action_reminders"


def remind_title(period: str) -> str:
    return _("Gremien: Erinnerung an fällige Aufgaben (%(period)s)") % {"period": period}


def remind_work(job) -> int:
    from clusterwerk.governance.services.actions import send_action_reminders

    count = send_action_reminders()
    message = ngettext(
        "%(count)d Erinnerung an eine Aufgabe verschickt.",
        "%(count)d Erinnerungen an Aufgaben verschickt.",
        count,
    ) % {"count": count}
    finish_job(job, result={"reminded": count}, message=message)
    return count


@task()
def send_meeting_invitations(
    *, meeting_id: int, kind: str = "invitation", member_ids: list[int] | None = None
) -> int:
    """Mail the invitation (or its update, or the cancellation) with the iCal attachment."""
    from clusterwerk.governance.services.meetings import deliver_invitations

    return deliver_invitations(meeting_id=meeting_id, kind=kind, member_ids=member_ids)


@task()
def remind_action_items(*, job_id: str | None = None) -> int:
    """The daily reminders of open action items due in three days or overdue (at most one a
    day per item). With `job_id`: as the scheduler's periodic run."""
    if job_id is None:
        from clusterwerk.governance.services.actions import send_action_reminders

        return send_action_reminders()
    with running_job(job_id) as job:
        return remind_work(job)
