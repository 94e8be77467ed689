"""The platform's periodic work, and what is due now (`manage.py schedule`).

Each entry names a periodic run, its period (hour, day or ISO week, local time) and the moment
within the period from which it is due. `enqueue_due` starts every run that is due and has not
run in its period yet, as a job with the run key `<name>:<period>` (`core.periodic`): a second
scheduler, a cron line that overlaps, a rerun of the command, or an operator's own command for
the same period start nothing twice. A run that is late (the scheduler was down on Monday
morning) starts as soon as the scheduler runs again within its period.

A failed run is tried again, at most `MAX_FAILED_RUNS` times per period and not before
`RETRY_FAILED_AFTER` has passed since the last failure; the digests then send only to those
still due.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.award import tasks as award_tasks
from clusterwerk.core import periodic
from clusterwerk.core.jobs import (
    AlreadyRunning,
    finish_job,
    prune_finished_jobs,
    running_job,
    start_job,
)
from clusterwerk.core.models import DigestFrequency, Job, JobState
from clusterwerk.core.tasks import task
from clusterwerk.events import tasks as events_tasks
from clusterwerk.governance import tasks as governance_tasks
from clusterwerk.matchmaking import tasks as matchmaking_tasks
from clusterwerk.participation import tasks as participation_tasks
from clusterwerk.participation.services.digest import run_name as participation_digest_name

logger = logging.getLogger(__name__)

RETRY_FAILED_AFTER = datetime.timedelta(minutes=30)
MAX_FAILED_RUNS = 3
# Finished results in the task queue's table (e-mails, runs, exports) are kept this long.
KEEP_TASK_RESULTS = datetime.timedelta(days=14)


@dataclass(frozen=True)
class Periodic:
    name: str  # the run key's first part
    frequency: str  # core.periodic.HOURLY | DAILY | WEEKLY
    due_after: datetime.timedelta  # from the start of the period
    kind: str
    title: Callable[[str], str]  # the job's title for a period label
    task: object
    task_kwargs: tuple[tuple[str, str], ...] = ()

    def key(self, now: datetime.datetime) -> str:
        return periodic.run_key(self.name, self.frequency, now)

    def is_due(self, now: datetime.datetime) -> bool:
        return now >= periodic.period_start(self.frequency, now) + self.due_after


# --- Pruning: old jobs and old task results -------------------------------------------------

PRUNE_RUN = "prune"
PRUNE_KIND = "core.prune"


def prune_task_results(*, now: datetime.datetime | None = None) -> int:
    """Delete the task queue's finished results older than KEEP_TASK_RESULTS (what
    django_tasks_db's `prune_db_task_results` does); nothing when the queue is not the
    database backend."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = prune_task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return 0
    now = now or timezone.now()
    deleted, _details = (
        DBTaskResult.objects.finished()
        .filter(backend_name=backend.alias, finished_at__lte=now - KEEP_TASK_RESULTS)
        .delete()
    )
    return deleted


def prune_work(job) -> dict:
    result = {"jobs": prune_finished_jobs(), "task_results": prune_task_results()}
    finish_job(
        job,
        result=result,
        message=_("%(jobs)d Aufträge und %(task_results)d Einträge der Warteschlange gelöscht.")
        % result,
    )
    return result


@task()
def prune_task(*, job_id: str) -> None:
    with running_job(job_id) as job:
        prune_work(job)


def prune_title(period: str) -> str:
    return _("Aufräumen: alte Aufträge und Warteschlangen-Einträge (%(period)s)") % {
        "period": period
    }


# --- The schedule ---------------------------------------------------------------------------


def _participation_digest(frequency: str, due_after: datetime.timedelta) -> Periodic:
    return Periodic(
        name=participation_digest_name(frequency),
        frequency=participation_tasks.digest_frequency(frequency),
        due_after=due_after,
        kind=participation_tasks.digest_kind(frequency),
        title=lambda period: participation_tasks.digest_title(frequency, period),
        task=participation_tasks.participation_digest_task,
        task_kwargs=(("frequency", frequency),),
    )


HOURS = datetime.timedelta(hours=1)
MINUTES = datetime.timedelta(minutes=1)

SCHEDULE: tuple[Periodic, ...] = (
    Periodic(
        name=participation_tasks.PHASE_RUN,
        frequency=participation_tasks.PHASE_FREQUENCY,
        due_after=15 * MINUTES,  # every hour at :15
        kind=participation_tasks.PHASE_KIND,
        title=participation_tasks.phase_title,
        task=participation_tasks.phase_notices_task,
    ),
    Periodic(
        name=events_tasks.EXPIRE_OFFERS_RUN,
        frequency=events_tasks.EXPIRE_OFFERS_FREQUENCY,
        due_after=10 * MINUTES,  # every hour at :10
        kind=events_tasks.EXPIRE_OFFERS_KIND,
        title=events_tasks.expire_offers_title,
        task=events_tasks.expire_offers_task,
    ),
    Periodic(
        name=matchmaking_tasks.EXPIRE_RUN,
        frequency=matchmaking_tasks.EXPIRE_FREQUENCY,
        due_after=5 * MINUTES,  # daily at 00:05
        kind=matchmaking_tasks.EXPIRE_KIND,
        title=matchmaking_tasks.expire_title,
        task=matchmaking_tasks.expire_listings_task,
    ),
    Periodic(
        name=events_tasks.ERASE_RUN,
        frequency=events_tasks.ERASE_FREQUENCY,
        due_after=3 * HOURS,  # daily at 03:00
        kind=events_tasks.ERASE_KIND,
        title=events_tasks.erase_title,
        task=events_tasks.erase_registrations_task,
    ),
    Periodic(
        name=award_tasks.FOLLOW_UPS_RUN,
        frequency=award_tasks.FOLLOW_UPS_FREQUENCY,
        due_after=8 * HOURS,  # daily at 08:00, in working hours
        kind=award_tasks.FOLLOW_UPS_KIND,
        title=award_tasks.follow_ups_title,
        task=award_tasks.send_follow_ups_task,
    ),
    Periodic(
        name=governance_tasks.REMIND_RUN,
        frequency=governance_tasks.REMIND_FREQUENCY,
        due_after=7 * HOURS,  # daily at 07:00
        kind=governance_tasks.REMIND_KIND,
        title=governance_tasks.remind_title,
        task=governance_tasks.remind_action_items,
    ),
    Periodic(
        name=PRUNE_RUN,
        frequency=periodic.DAILY,
        due_after=3 * HOURS + 30 * MINUTES,  # daily at 03:30
        kind=PRUNE_KIND,
        title=prune_title,
        task=prune_task,
    ),
    _participation_digest(DigestFrequency.DAILY, 6 * HOURS),  # daily at 06:00
    _participation_digest(DigestFrequency.WEEKLY, 6 * HOURS),  # Mondays at 06:00
    Periodic(
        name=matchmaking_tasks.DIGEST_RUN,
        frequency=matchmaking_tasks.DIGEST_FREQUENCY,
        due_after=7 * HOURS,  # Mondays at 07:00
        kind=matchmaking_tasks.DIGEST_KIND,
        title=matchmaking_tasks.digest_title,
        task=matchmaking_tasks.send_match_digest_task,
    ),
)


# Why a run does not start now.
NOT_DUE = "not_due"
TAKEN = "taken"  # waiting, running or done in this period
FAILED_RECENTLY = "failed_recently"
FAILED_TOO_OFTEN = "failed_too_often"


@dataclass(frozen=True)
class Decision:
    entry: Periodic
    key: str
    job: Job | None = None  # started now
    reason: str = ""  # why not
    latest: Job | None = None  # the key's latest run before now, if any


def _held_back(key: str, now: datetime.datetime) -> str:
    """Why a run of `key` must not start now: it is waiting, running or done, or it failed
    too often or too recently. Empty when it may start."""
    if periodic.blocking_run(key) is not None:
        return TAKEN
    failures = Job.objects.filter(run_key=key, state=JobState.FAILED).aggregate(
        count=Count("pk"), last=Max("finished_at")
    )
    if failures["count"] >= MAX_FAILED_RUNS:
        return FAILED_TOO_OFTEN
    last = failures["last"]
    if last and now - last < RETRY_FAILED_AFTER:
        return FAILED_RECENTLY
    return ""


def due_runs(now: datetime.datetime | None = None) -> list[Decision]:
    """What the schedule would start now, and why not the rest (without starting anything)."""
    now = now or timezone.now()
    decisions = []
    for entry in SCHEDULE:
        key = entry.key(now)
        latest = Job.objects.filter(run_key=key).defer("file_content").first()
        if not entry.is_due(now):
            decisions.append(Decision(entry, key, reason=NOT_DUE, latest=latest))
            continue
        decisions.append(Decision(entry, key, reason=_held_back(key, now), latest=latest))
    return decisions


def enqueue_due(now: datetime.datetime | None = None) -> list[Decision]:
    """Start every run that is due now; returns a decision per entry (`job` set for the runs
    started)."""
    now = now or timezone.now()
    decisions = []
    for decision in due_runs(now):
        if decision.reason:
            decisions.append(decision)
            continue
        entry = decision.entry
        try:
            job = start_job(
                task=entry.task,
                kind=entry.kind,
                title=entry.title(periodic.period_label(entry.frequency, now)),
                run_key=decision.key,
                **dict(entry.task_kwargs),
            )
        except AlreadyRunning:  # another scheduler was faster
            decisions.append(Decision(entry, decision.key, reason=TAKEN, latest=decision.latest))
            continue
        logger.info("Periodic run %s enqueued (job %s).", decision.key, job.pk)
        decisions.append(Decision(entry, decision.key, job=job))
    return decisions
