"""The events' periodic work as tasks: every hour, waiting-list offers that ran out are marked
expired and their seats offered to the next people waiting (`services.registration.
expire_offers`). `manage.py schedule` (clusterwerk.portal.schedule) enqueues the run once per
hour under the run key `expire_event_offers:<hour>` (`core.periodic`)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterwerk.core import periodic
from clusterwerk.core.jobs import finish_job, running_job
from clusterwerk.core.tasks import task
from clusterwerk.events.services.registration import expire_offers

EXPIRE_OFFERS_RUN = "expire_event_offers"
EXPIRE_OFFERS_FREQUENCY = periodic.HOURLY
EXPIRE_OFFERS_KIND = "events.expire_offers"


def expire_offers_title(period: str) -> str:
    return _("Veranstaltungen: abgelaufene Nachrückplätze weitergeben (%(period)s)") % {
        "period": period
    }


def expire_offers_work(job) -> int:
    count = expire_offers()
    message = ngettext(
        "%(count)d Angebot abgelaufen und weitergegeben.",
        "%(count)d Angebote abgelaufen und weitergegeben.",
        count,
    ) % {"count": count}
    finish_job(job, result={"expired": count}, message=message)
    return count


@task()
def expire_offers_task(*, job_id: str) -> None:
    with running_job(job_id) as job:
        expire_offers_work(job)
