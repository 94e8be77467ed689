"""Large XLSX exports of a consultation's contributions as background jobs
(`core.export_jobs`): the worker checks the requester's rights again, builds the sheet with
progress and stores the file in the job for download (`portal:job-file`)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from clusterwerk.core.export_jobs import clear_progress_note, with_progress
from clusterwerk.core.exports import XLSX_CONTENT_TYPE, XlsxWorkbook
from clusterwerk.core.jobs import finish_job, report_progress, running_job, start_job
from clusterwerk.core.models import Job
from clusterwerk.core.tasks import task
from clusterwerk.participation.exporting import contribution_table, export_filename
from clusterwerk.participation.permissions import can_manage_consultations
from clusterwerk.participation.queries import can_see_results, get_consultation_for_user

KIND = "participation.results_export"


@transaction.atomic
def start_results_xlsx_job(*, user, consultation, what: str, title: str, rows: int) -> Job:
    """Queue the XLSX file of `what` (comments, ratings, proposals) of `consultation` for
    `user`; `rows` is the expected number of rows (for the progress bar)."""
    return start_job(
        task=export_results_xlsx,
        kind=KIND,
        title=_("%(consultation)s: %(what)s als Excel-Datei")
        % {"consultation": consultation.title, "what": title},
        cluster=consultation.cluster,
        user=user,
        total=rows,
        slug=consultation.slug,
        what=what,
    )


@task()
def export_results_xlsx(*, job_id: str, slug: str, what: str) -> None:
    with running_job(job_id) as job:
        user = job.requested_by
        consultation = get_consultation_for_user(user, job.cluster, slug)
        if not can_see_results(user, consultation):
            raise PermissionDenied
        moderator = can_manage_consultations(user, consultation.cluster)
        table = contribution_table(consultation, what, moderator=moderator)
        total = table.count()
        report_progress(job, 0, total, note=_("Zeilen werden geschrieben"))
        book = XlsxWorkbook()
        count = book.add_sheet(
            table.title, header=table.columns, rows=with_progress(job, table.rows, total=total)
        )
        clear_progress_note(job)
        finish_job(
            job,
            result={"rows": count},
            file_name=export_filename(consultation, what, "xlsx", moderator=moderator),
            file_type=XLSX_CONTENT_TYPE,
            file_content=book.to_bytes(),
        )
