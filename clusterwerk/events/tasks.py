"""The events' periodic work as tasks: every hour, waiting-list offers that ran out are marked
expired and their seats offered to the next people waiting (`services.registration.
expire_offers`). `manage.py schedule` (clusterwerk.portal.schedule) enqueues the run once per
hour under the run key `expire_event_offers:<hour>` (`core.periodic`)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterwerk.core import periodic
from clusterwerk.core.jobs import finish_job, running_job
from clusterwerk.core.tasks import task
from clusterwerk.events.services.privacy import erase_expired_registrations
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


# --- Retention: personal data of registrations of long-past events ---------------------------

ERASE_RUN = "erase_event_registrations"
ERASE_FREQUENCY = periodic.DAILY
ERASE_KIND = "events.erase_registrations"


def erase_title(period: str) -> str:
    return _("Veranstaltungen: Personendaten vergangener Anmeldungen löschen (%(period)s)") % {
        "period": period
    }


def erase_work(job) -> int:
    count = erase_expired_registrations()
    message = ngettext(
        "Personendaten von %(count)d Anmeldung gelöscht.",
        "Personendaten von %(count)d Anmeldungen gelöscht.",
        count,
    ) % {"count": count}
    finish_job(job, result={"erased": count}, message=message)
    return count


@task()
def erase_registrations_task(*, job_id: str) -> None:
    with running_job(job_id) as job:
        erase_work(job)
