"""Periodic runs in an operator's own process: one per key, and a killed one frees its key."""

import datetime

import pytest
from django.utils import timezone

from clusterwerk.core import periodic
from clusterwerk.core.jobs import AlreadyRunning
from clusterwerk.core.models import Job, JobState

pytestmark = pytest.mark.django_db


def work(job):
    from clusterwerk.core.jobs import finish_job

    finish_job(job, result={"done": True}, message="erledigt")
    return 42


def test_a_run_here_counts_once_per_key():
    assert periodic.run_here(key="x:2026-12-04", kind="test", title="X", work=work) == 42
    job = Job.objects.get(run_key="x:2026-12-04")
    assert job.state == JobState.SUCCEEDED and job.attempts == 1
    with pytest.raises(AlreadyRunning):
        periodic.run_here(key="x:2026-12-04", kind="test", title="X", work=work)
    assert "kein zweites Mal" in periodic.refusal("x:2026-12-04")
    assert "Stand: fertig" in periodic.refusal("x:2026-12-04")


def test_a_failing_run_frees_its_key():
    def broken(job):
        raise RuntimeError("kaputt")

    with pytest.raises(RuntimeError):
        periodic.run_here(key="x:2026-12-04", kind="test", title="X", work=broken)
    assert Job.objects.get().state == JobState.FAILED
    assert periodic.run_here(key="x:2026-12-04", kind="test", title="X", work=work) == 42


def test_a_killed_run_frees_its_key_after_a_while():
    job = periodic.claim_run(kind="test", title="X", key="x:2026-12-04")
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, started_at=timezone.now())
    with pytest.raises(AlreadyRunning):
        periodic.claim_run(kind="test", title="X", key="x:2026-12-04")
    long_ago = timezone.now() - periodic.ABANDONED_AFTER - datetime.timedelta(minutes=1)
    Job.objects.filter(pk=job.pk).update(started_at=long_ago)
    again = periodic.claim_run(kind="test", title="X", key="x:2026-12-04")
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "abgebrochen" in job.message
    assert again.pk != job.pk


def test_a_queued_task_of_the_scheduler_is_never_taken_for_dead():
    """Runs with a task are the worker's business (core.jobs.recover_abandoned_tasks)."""
    job = Job.objects.create(kind="test", title="X", run_key="x:2026-12-04", task_result_id="t1")
    long_ago = timezone.now() - periodic.ABANDONED_AFTER * 3
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, started_at=long_ago)
    with pytest.raises(AlreadyRunning):
        periodic.claim_run(kind="test", title="X", key="x:2026-12-04")
