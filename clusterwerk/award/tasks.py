"""The innovation prize's periodic work as tasks: every day, the follow-up questions that are
due (one and three years after the ceremony) are mailed to the applicants
(`services.follow_ups.send_due_follow_ups`). `manage.py schedule` (clusterwerk.portal.schedule)
enqueues the run once per day under the run key `award_follow_ups:<day>` (`core.periodic`)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterwerk.award.services.follow_ups import send_due_follow_ups
from clusterwerk.core import periodic
from clusterwerk.core.jobs import finish_job, running_job
from clusterwerk.core.tasks import task

FOLLOW_UPS_RUN = "award_follow_ups"
FOLLOW_UPS_FREQUENCY = periodic.DAILY
FOLLOW_UPS_KIND = "award.follow_ups"


def follow_ups_title(period: str) -> str:
    return _("Innovationspreis: fällige Nachfragen an die Bewerber senden (%(period)s)") % {
        "period": period
    }


def follow_ups_work(job) -> int:
    count = send_due_follow_ups()
    message = ngettext(
        "%(count)d Nachfrage versandt.",
        "%(count)d Nachfragen versandt.",
        count,
    ) % {"count": count}
    finish_job(job, result={"sent": count}, message=message)
    return count


@task()
def send_follow_ups_task(*, job_id: str) -> None:
    with running_job(job_id) as job:
        follow_ups_work(job)
