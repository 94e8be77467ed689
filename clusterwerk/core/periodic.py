"""Periodic runs: one run per name and period, whoever starts it.

A periodic run (the daily expiry of listings, the weekly digest, …) is a `Job` whose `run_key`
names the work and its period, e.g. `match_digest:2026-W49`. The unique constraint on
`Job.run_key` (see `core.jobs.start_job`) lets only one run of a key be waiting, running or
done: two schedulers, an overlapping cron line and an operator's manual run never do the work
twice. A failed run may be repeated.

The scheduler (`manage.py schedule`, `clusterwerk.portal.schedule`) enqueues a run as a task;
the operators' commands (`send_match_digest`, …) run it in their own process with
`claim_run` + `running_job`, under the same key.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.core.jobs import AlreadyRunning, running_job
from clusterwerk.core.models import Job, JobState

HOURLY = "hourly"
DAILY = "daily"
WEEKLY = "weekly"

# A run in a command's own process has no task and no worker heartbeat; when such a process
# was killed, its job stays "running". After this long it is taken for dead, so that the
# period can be run again.
ABANDONED_AFTER = datetime.timedelta(hours=2)


def period_start(frequency: str, now: datetime.datetime | None = None) -> datetime.datetime:
    """The local start of the period that contains `now` (the hour, the day, the ISO week
    beginning on Monday)."""
    local = timezone.localtime(now or timezone.now())
    if frequency == HOURLY:
        start = local.replace(minute=0, second=0, microsecond=0)
    elif frequency == DAILY:
        start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    elif frequency == WEEKLY:
        monday = local.date() - datetime.timedelta(days=local.weekday())
        start = datetime.datetime.combine(monday, datetime.time())
    else:
        raise ValueError(f"unknown frequency: {frequency}")
    # Rebuild the moment in local time: the period may have begun before a change of the
    # summer time offset.
    return timezone.make_aware(start.replace(tzinfo=None))


def period_label(frequency: str, now: datetime.datetime | None = None) -> str:
    """`2026-12-04T10` (hour), `2026-12-04` (day) or `2026-W49` (ISO week), in local time."""
    start = period_start(frequency, now)
    if frequency == HOURLY:
        return start.strftime("%Y-%m-%dT%H")
    if frequency == DAILY:
        return start.date().isoformat()
    year, week, _weekday = start.isocalendar()
    return f"{year}-W{week:02d}"


def run_key(name: str, frequency: str, now: datetime.datetime | None = None) -> str:
    return f"{name}:{period_label(frequency, now)}"


def blocking_run(key: str) -> Job | None:
    """The job that holds the key (waiting, running or done), if any."""
    return Job.objects.filter(run_key=key).exclude(state=JobState.FAILED).first()


def _release_if_abandoned(key: str, now: datetime.datetime) -> None:
    """A run of a command's own process (no task) that has been running for too long was
    killed: mark it failed, which frees the key."""
    Job.objects.filter(
        run_key=key,
        state=JobState.RUNNING,
        task_result_id="",
        started_at__lt=now - ABANDONED_AFTER,
    ).update(
        state=JobState.FAILED,
        finished_at=now,
        message=_("Der Lauf wurde abgebrochen (Prozess beendet)."),
    )


def claim_run(*, kind: str, title: str, key: str, cluster=None) -> Job:
    """The job of a run in the caller's own process (an operator's command): created waiting,
    to be wrapped in `core.jobs.running_job`. Raises `AlreadyRunning` when a run of the key
    is waiting, running or done."""
    _release_if_abandoned(key, timezone.now())
    try:
        with transaction.atomic():
            return Job.objects.create(kind=kind, title=title, cluster=cluster, run_key=key)
    except IntegrityError as error:
        raise AlreadyRunning(key) from error


def refusal(key: str) -> str:
    """A German sentence for an operator whose run was refused."""
    job = blocking_run(key)
    if job is None:
        return _("Ein Lauf „%(key)s“ hat eben begonnen.") % {"key": key}
    when = timezone.localtime(job.created_at).strftime("%d.%m.%Y %H:%M")
    return _(
        "Der Lauf „%(key)s“ ist bereits beauftragt (%(when)s, Stand: %(state)s, Auftrag "
        "%(id)s); er wird kein zweites Mal gestartet."
    ) % {"key": key, "state": job.get_state_display(), "when": when, "id": job.pk}


def run_here(*, key: str, kind: str, title: str, work):
    """Run `work(job)` in this process as the periodic run `key` (an operator's command) and
    return what it returns. Raises `AlreadyRunning` when the key is taken; an exception in
    `work` marks the job failed and propagates."""
    job = claim_run(kind=kind, title=title, key=key)
    with running_job(str(job.pk)) as running:
        return work(running)
