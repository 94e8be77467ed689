"""The Beteiligung's periodic work as tasks: the notices of phase changes (hourly) and the
e-mail digests (daily and weekly). `manage.py schedule` (clusterwerk.portal.schedule) enqueues
them as periodic runs; the operators' commands `notify_phase_changes` and
`send_participation_digest` run the same work in their own process under the same run key
(`core.periodic`), so none of them runs twice in a period."""

from django.utils.translation import gettext as _

from clusterwerk.accounts.services import system_user
from clusterwerk.core import periodic
from clusterwerk.core.jobs import finish_job, running_job
from clusterwerk.core.models import DigestFrequency
from clusterwerk.core.tasks import task
from clusterwerk.participation.services import notify_phase_changes, send_digests
from clusterwerk.participation.services.digest import RUN_FREQUENCIES, DigestRun

PHASE_RUN = "phase_notices"
PHASE_FREQUENCY = periodic.HOURLY
PHASE_KIND = "participation.phase_notices"


def digest_kind(frequency: str) -> str:
    return f"participation.digest_{frequency}"


def digest_frequency(frequency: str) -> str:
    """The period of the digest's runs (`core.periodic`)."""
    return RUN_FREQUENCIES[DigestFrequency(frequency)]


def phase_title(period: str) -> str:
    return _("Beteiligung: Benachrichtigungen über neue Phasen (%(period)s)") % {"period": period}


def digest_title(frequency: str, period: str) -> str:
    if frequency == DigestFrequency.DAILY:
        return _("Beteiligung: tägliche E-Mail-Zusammenfassung (%(period)s)") % {"period": period}
    return _("Beteiligung: wöchentliche E-Mail-Zusammenfassung (%(period)s)") % {"period": period}


def phase_work(job) -> int:
    created = notify_phase_changes(user=system_user())
    finish_job(
        job,
        result={"created": created},
        message=_("%(count)d Benachrichtigung(en) über Phasenwechsel angelegt.")
        % {"count": created},
    )
    return created


def digest_work(job, frequency: str) -> DigestRun:
    """Send the digests of one frequency; the job fails (and the scheduler tries again later,
    for the people still due) when some could not be queued."""
    run = send_digests(user=system_user(), frequency=frequency)
    message = _("%(sent)d E-Mail(s) verschickt; %(waiting)d Person(en) warten.") % {
        "sent": len(run.sent),
        "waiting": run.waiting,
    }
    if run.failed:
        message += " " + _(
            "%(failed)d E-Mail(s) fehlgeschlagen; sie folgen beim nächsten Lauf."
        ) % {"failed": len(run.failed)}
    finish_job(
        job,
        result={
            "sent": len(run.sent),
            "waiting": run.waiting,
            "failed": [item.user.pk for item in run.failed],
        },
        message=message,
        failed=bool(run.failed),
    )
    return run


@task()
def phase_notices_task(*, job_id: str) -> None:
    with running_job(job_id) as job:
        phase_work(job)


@task()
def participation_digest_task(*, job_id: str, frequency: str) -> None:
    with running_job(job_id) as job:
        digest_work(job, frequency)
