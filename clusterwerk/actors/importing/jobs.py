"""The actor import of the web page as a background job.

The page (`actors.views.transfer`) hands the uploaded file to `start_import_job`: the bytes
go into the job's row in the database (`Job.file_content`, never a local file: the worker may
run on another machine), and `run_import` checks and writes them on the task queue, reporting
progress while it checks and while it writes. The job's `result` holds what the page shows at
the end: the summary of `ImportResult`, or the line-numbered problems (all or nothing, nothing
written). The upload is dropped from the row when the job ends (`finish_job` replaces the file).
"""

from dataclasses import asdict

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils.translation import gettext as _

from clusterwerk.actors.importing import import_actors
from clusterwerk.actors.importing.schema import ActorImportError, ImportProblem, ImportResult
from clusterwerk.core.export_jobs import report_progress_beside
from clusterwerk.core.jobs import finish_job, report_progress, running_job, start_job
from clusterwerk.core.models import Cluster, Job
from clusterwerk.core.tasks import task

KIND = "actors.import"
MAX_STORED_PROBLEMS = 300  # the page shows this many; the count says how many there were


@transaction.atomic
def start_import_job(*, data: bytes, filename: str, user, cluster: Cluster, dry_run: bool) -> Job:
    """Queue the import of `data` (a CSV or XLSX file) into `cluster` by `user` (who must
    manage it: the task checks again). The task starts once this transaction commits."""
    title = (_("Akteure prüfen: %(file)s") if dry_run else _("Akteure importieren: %(file)s")) % {
        "file": filename
    }
    job = start_job(
        task=run_import,
        kind=KIND,
        title=title[:200],
        cluster=cluster,
        user=user,
        filename=filename,
        dry_run=dry_run,
    )
    Job.objects.filter(pk=job.pk).update(file_content=data)
    return job


def _progress_note(done: int, total: int, dry_run: bool) -> str:
    rows = total if dry_run else total // 2
    if done < rows:
        return _("Zeilen werden geprüft")
    return _("Akteure werden gespeichert") if not dry_run else _("Prüfung abgeschlossen")


@task()
def run_import(*, job_id: str, filename: str, dry_run: bool) -> None:
    with running_job(job_id) as job:
        report_progress(job, 0, note=_("Datei wird gelesen"))
        if job.requested_by is None or job.cluster is None:  # the account was deleted since
            finish_job(
                job,
                failed=True,
                result=problems_result(
                    [ImportProblem(_("Nur das Clustermanagement importiert Akteure."))]
                ),
            )
            return
        data = bytes(Job.objects.values_list("file_content", flat=True).get(pk=job.pk))

        def progress(done: int, total: int) -> None:
            note = _progress_note(done, total, dry_run)
            if not dry_run and done > total // 2:  # the writing phase: in its transaction
                # On SQLite that transaction holds the only write lock: nothing can be stored
                # beside it, and the page shows "Akteure werden gespeichert" until the end.
                if connection.vendor != "sqlite":
                    report_progress_beside(job, done, total, note)
            else:
                report_progress(job, done, total, note)

        try:
            outcome = import_actors(
                source=data,
                filename=filename,
                user=job.requested_by,
                cluster=job.cluster,
                dry_run=dry_run,
                progress=progress,
            )
        except ActorImportError as error:
            problems = error.problems
        except PermissionDenied as error:
            problems = [ImportProblem(str(error))]
        else:
            problems = None
        report_progress(job, job.progress_done, note="")  # the result replaces the note
        if problems is None:
            finish_job(job, result={"summary": asdict(outcome)})
        else:
            finish_job(job, failed=True, result=problems_result(problems))


def problems_result(problems: list[ImportProblem]) -> dict:
    return {
        "problems": [asdict(problem) for problem in problems[:MAX_STORED_PROBLEMS]],
        "problem_count": len(problems),
    }


def job_outcome(job: Job) -> dict:
    """What the import page shows of a finished job: `result` (an ImportResult) or
    `problems` (ImportProblems) with their count."""
    summary = job.result.get("summary")
    problems = [ImportProblem(**item) for item in job.result.get("problems", [])]
    count = job.result.get("problem_count", len(problems))
    return {
        "result": ImportResult(**summary) if summary else None,
        "problems": [str(problem) for problem in problems],
        "problem_count": count,
        "hidden_problem_count": max(0, count - len(problems)),
    }
