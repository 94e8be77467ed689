"""Large XLSX exports of the Akteursverzeichnis as background jobs (`core.export_jobs`).

The request starts the job with its filters (the query string); the worker builds the same
export for the same person (`Job.requested_by`) in the same cluster, reporting progress, and
stores the file in the job for download (`portal:job-file`).
"""

from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from clusterwerk.actors.exporting import EXPORT_COLUMNS, count_actors, table_rows
from clusterwerk.actors.search import DirectoryFilters, directory_actors
from clusterwerk.core.export_jobs import clear_progress_note, with_progress
from clusterwerk.core.exports import XLSX_CONTENT_TYPE, XlsxWorkbook
from clusterwerk.core.jobs import finish_job, report_progress, running_job, start_job
from clusterwerk.core.models import Cluster, Job
from clusterwerk.core.tasks import task

KIND = "actors.directory_export"


@transaction.atomic
def start_directory_xlsx_job(*, user, cluster: Cluster, query: str, rows: int) -> Job:
    """Queue the directory's XLSX file for `user` with the filters of `query` (a query
    string); `rows` is the expected number of rows (for the progress bar)."""
    return start_job(
        task=export_directory_xlsx,
        kind=KIND,
        title=_("Akteursverzeichnis als Excel-Datei"),
        cluster=cluster,
        user=user,
        total=rows,
        query=query,
    )


@task()
def export_directory_xlsx(*, job_id: str, query: str) -> None:
    with running_job(job_id) as job:
        user, cluster = job.requested_by, job.cluster
        filters = DirectoryFilters.from_params(QueryDict(query), cluster=cluster)
        actors = directory_actors(user, cluster, filters)
        total = count_actors(actors, user=user, cluster=cluster)
        report_progress(job, 0, total, note=_("Zeilen werden geschrieben"))
        book = XlsxWorkbook()
        count = book.add_sheet(
            "Akteure",
            header=EXPORT_COLUMNS,
            rows=with_progress(job, table_rows(actors, user=user, cluster=cluster), total=total),
        )
        clear_progress_note(job)
        finish_job(
            job,
            result={"rows": count},
            message=_("%(count)s Akteure exportiert.") % {"count": count},
            file_name="akteure.xlsx",
            file_type=XLSX_CONTENT_TYPE,
            file_content=book.to_bytes(),
        )
