"""Background jobs: work that runs on the task queue on someone's behalf, with progress and a
result to show (see `clusterwerk.core.models.Job`).

A view starts a job with `start_job(...)` and the task to run; the task receives the job's id,
wraps its work in `running_job(job_id)`, reports progress with `report_progress` and ends with
`finish_job` (result, message, an optional file) — an exception marks the job failed with a
German message, and the task queue records the traceback. `recover_abandoned_tasks` puts the
tasks of killed workers back into the queue (the worker command calls it).
"""

import datetime
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.core.models import Cluster, Job, JobState, WorkerHeartbeat
from clusterwerk.core.tasks import TaskResultStatus

logger = logging.getLogger(__name__)

# A worker writes its heartbeat this often; one silent for STALE_AFTER is taken for dead.
HEARTBEAT_SECONDS = 5
STALE_AFTER = datetime.timedelta(seconds=30)
# Finished jobs (and their files) are kept this long, then pruned by the scheduler.
KEEP_FINISHED = datetime.timedelta(days=14)


class AlreadyRunning(Exception):
    """A periodic run of this key is queued, running or done already."""


def start_job(
    *,
    task,
    kind: str,
    title: str,
    cluster: Cluster | None = None,
    user=None,
    run_key: str = "",
    total: int = 0,
    **task_kwargs,
) -> Job:
    """Create the job and enqueue `task(job_id=…, **task_kwargs)` once the transaction commits.

    With a `run_key` the job is a periodic run: a second start of the same key while one is
    waiting, running or has succeeded raises `AlreadyRunning` (idempotent, no overlap)."""
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind,
                title=title,
                cluster=cluster,
                requested_by=user if user is not None and user.is_authenticated else None,
                run_key=run_key,
                progress_total=total,
            )
    except IntegrityError as error:
        raise AlreadyRunning(run_key) from error

    def enqueue():
        result = task.enqueue(job_id=str(job.pk), **task_kwargs)
        job.task_result_id = str(result.id)
        Job.objects.filter(pk=job.pk).update(task_result_id=job.task_result_id)

    transaction.on_commit(enqueue)
    return job


@contextmanager
def running_job(job_id: str) -> Iterator[Job]:
    """Mark the job running for the block; an exception marks it failed (and re-raises, so
    the task queue records the traceback)."""
    Job.objects.filter(pk=job_id).update(
        state=JobState.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    job = Job.objects.get(pk=job_id)
    try:
        yield job
    except Exception:
        Job.objects.filter(pk=job_id).update(
            state=JobState.FAILED,
            finished_at=timezone.now(),
            message=_(
                "Der Auftrag ist mit einem Fehler abgebrochen. Bitte versuchen Sie es erneut."
            ),
        )
        raise
    job.refresh_from_db(fields=["state"])
    if job.state == JobState.RUNNING:  # the block did not finish it: done without a result
        finish_job(job)


def report_progress(job: Job, done: int, total: int | None = None, note: str = "") -> None:
    """Store how far the job is (one UPDATE; the page polls it)."""
    fields = {"progress_done": done, "progress_note": note[:200]}
    if total is not None:
        fields["progress_total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def finish_job(
    job: Job,
    *,
    result: dict | None = None,
    message: str = "",
    failed: bool = False,
    file_name: str = "",
    file_type: str = "",
    file_content: bytes | None = None,
) -> None:
    """End the job: succeeded (with its result and file) or failed with reasons (e.g. an
    import's line-numbered errors in `result`) — a failure the person can act on."""
    job.state = JobState.FAILED if failed else JobState.SUCCEEDED
    job.finished_at = timezone.now()
    job.result = result or {}
    job.message = message[:500]
    job.file_name = file_name
    job.file_type = file_type
    job.file_content = file_content
    if not failed and job.progress_total:
        job.progress_done = job.progress_total
    job.save(
        update_fields=[
            "state",
            "finished_at",
            "result",
            "message",
            "file_name",
            "file_type",
            "file_content",
            "progress_done",
        ]
    )


def beat(worker_id: str, *, host: str, pid: int) -> None:
    """The worker's sign of life."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": timezone.now(), "host": host, "pid": pid}
    )


def stop_beating(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def recover_abandoned_tasks(
    *, now: datetime.datetime | None = None, calling_worker: str = ""
) -> int:
    """Put tasks back into the queue whose worker died while running them (its heartbeat is
    older than STALE_AFTER, or it never had one). Their jobs show "wartet" again. Returns the
    number of tasks recovered. The calling worker's own tasks are never taken: it is alive,
    even when its heartbeat could not be written for a while (a long write on SQLite)."""
    from django_tasks_db.models import DBTaskResult  # the database backend's queue table

    now = now or timezone.now()
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=now - STALE_AFTER).values_list(
            "worker_id", flat=True
        )
    )
    recovered = 0
    with transaction.atomic():
        running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
        if transaction.get_connection().features.has_select_for_update_skip_locked:
            running = running.select_for_update(skip_locked=True)
        for task_result in running:
            worker_ids = task_result.worker_ids or []
            if worker_ids and worker_ids[-1] in (alive | {calling_worker}):
                continue
            task_result.status = TaskResultStatus.READY
            task_result.started_at = None
            task_result.save(update_fields=["status", "started_at"])
            Job.objects.filter(task_result_id=str(task_result.pk), state=JobState.RUNNING).update(
                state=JobState.QUEUED, progress_note=_("wird nach einem Neustart fortgesetzt")
            )
            logger.warning(
                "Task %s (%s) of a stopped worker goes back to the queue.",
                task_result.pk,
                task_result.task_path,
            )
            recovered += 1
        WorkerHeartbeat.objects.filter(seen_at__lt=now - STALE_AFTER * 10).delete()
    return recovered


def prune_finished_jobs(*, now: datetime.datetime | None = None) -> int:
    """Delete finished jobs (and their files) older than KEEP_FINISHED."""
    now = now or timezone.now()
    deleted, _details = Job.objects.filter(
        state__in=[JobState.SUCCEEDED, JobState.FAILED], finished_at__lt=now - KEEP_FINISHED
    ).delete()
    return deleted
