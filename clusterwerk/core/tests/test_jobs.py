"""Background jobs on the task queue: the life of a job, periodic runs without overlap, and a
killed worker's task that another worker picks up again."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clusterwerk.core import jobs
from clusterwerk.core.models import Job, JobState, WorkerHeartbeat
from clusterwerk.core.tasks import TaskResultStatus, task

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@task()
def count_to(*, job_id: str, until: int) -> None:
    with jobs.running_job(job_id) as job:
        for number in range(1, until + 1):
            jobs.report_progress(job, number, until)
        jobs.finish_job(
            job,
            result={"counted": until},
            message=f"{until} gezählt",
            file_name="zahlen.csv",
            file_type="text/csv",
            file_content=b"1\n2\n3\n",
        )


@task()
def break_down(*, job_id: str) -> None:
    with jobs.running_job(job_id):
        raise RuntimeError("kaputt")


@pytest.fixture
def queue(settings):
    settings.TASKS = DATABASE_TASKS


def run_worker():
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_job_waits_in_the_queue_until_a_worker_runs_it(queue, cluster):
    job = jobs.start_job(task=count_to, kind="test.count", title="Zählen", cluster=cluster, until=3)
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    assert DBTaskResult.objects.get(pk=job.task_result_id).status == TaskResultStatus.READY

    run_worker()

    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert (job.progress_done, job.progress_total, job.percent) == (3, 3, 100)
    assert job.result == {"counted": 3}
    assert bytes(job.file_content) == b"1\n2\n3\n"
    assert job.has_file
    assert job.attempts == 1
    assert not WorkerHeartbeat.objects.exists()  # a worker that stops says goodbye


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_marked_failed_with_a_german_message(queue, cluster):
    job = jobs.start_job(task=break_down, kind="test.break", title="Kaputt", cluster=cluster)
    run_worker()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "Fehler" in job.message
    task_result = DBTaskResult.objects.get(pk=job.task_result_id)
    assert task_result.status == TaskResultStatus.FAILED
    assert "kaputt" in task_result.traceback


@pytest.mark.django_db(transaction=True)
def test_a_killed_workers_task_is_picked_up_again(queue, cluster):
    job = jobs.start_job(task=count_to, kind="test.count", title="Zählen", cluster=cluster, until=2)
    # A worker claimed the task and was killed (kill -9): RUNNING, its heartbeat stopped.
    task_result = DBTaskResult.objects.get(pk=job.task_result_id)
    task_result.claim("killed-worker")
    WorkerHeartbeat.objects.create(
        worker_id="killed-worker", seen_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, attempts=1)

    run_worker()  # a new worker starts, recovers the task and runs it

    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert job.attempts == 2
    task_result.refresh_from_db()
    assert task_result.status == TaskResultStatus.SUCCESSFUL
    assert task_result.worker_ids[0] == "killed-worker"
    assert len(task_result.worker_ids) == 2


@pytest.mark.django_db(transaction=True)
def test_a_live_workers_task_is_left_alone(queue, cluster):
    job = jobs.start_job(task=count_to, kind="test.count", title="Zählen", cluster=cluster, until=2)
    task_result = DBTaskResult.objects.get(pk=job.task_result_id)
    task_result.claim("busy-worker")
    jobs.beat("busy-worker", host="here", pid=1)

    assert jobs.recover_abandoned_tasks() == 0
    task_result.refresh_from_db()
    assert task_result.status == TaskResultStatus.RUNNING

    later = timezone.now() + jobs.STALE_AFTER + datetime.timedelta(seconds=1)
    assert jobs.recover_abandoned_tasks(now=later) == 1
    task_result.refresh_from_db()
    assert task_result.status == TaskResultStatus.READY


@pytest.mark.django_db
def test_a_periodic_run_starts_once_per_key(cluster, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = jobs.start_job(
            task=count_to, kind="test.count", title="Zählen", run_key="count:2026-12-04", until=1
        )
    first.refresh_from_db()
    assert first.state == JobState.SUCCEEDED  # tests run tasks at once
    with pytest.raises(jobs.AlreadyRunning):
        jobs.start_job(
            task=count_to, kind="test.count", title="Zählen", run_key="count:2026-12-04", until=1
        )
    # A failed run may be repeated.
    Job.objects.filter(pk=first.pk).update(state=JobState.FAILED)
    jobs.start_job(
        task=count_to, kind="test.count", title="Zählen", run_key="count:2026-12-04", until=1
    )
    assert Job.objects.filter(run_key="count:2026-12-04").count() == 2


@pytest.mark.django_db
def test_finished_jobs_are_pruned_after_two_weeks(cluster):
    old = Job.objects.create(kind="x", title="alt", state=JobState.SUCCEEDED)
    Job.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - jobs.KEEP_FINISHED - datetime.timedelta(hours=1)
    )
    recent = Job.objects.create(
        kind="x", title="neu", state=JobState.SUCCEEDED, finished_at=timezone.now()
    )
    waiting = Job.objects.create(kind="x", title="wartet")
    assert jobs.prune_finished_jobs() == 1
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


@pytest.mark.django_db(transaction=True)
def test_a_worker_never_takes_back_its_own_task(queue, cluster):
    job = jobs.start_job(task=count_to, kind="test.count", title="Zählen", cluster=cluster, until=2)
    task_result = DBTaskResult.objects.get(pk=job.task_result_id)
    task_result.claim("slow-writer")  # its heartbeat could not be written (SQLite lock)
    assert jobs.recover_abandoned_tasks(calling_worker="slow-writer") == 0
    assert jobs.recover_abandoned_tasks(calling_worker="another") == 1
