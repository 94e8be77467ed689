"""Large exports as background jobs: the rule and the pieces every export view shares.

An XLSX file of more than `XLSX_INLINE_ROWS` rows is made by a worker, not in the request: the
view starts a job (`core.jobs.start_job`) and sends the person to its progress page, where the
file waits to be downloaded. Anonymous visitors may not start jobs: they get a page that says
so (`refuse_large_xlsx`) and points to the login and the CSV file, which streams at any size.
"""

from collections.abc import Iterable, Iterator, Sequence

from django.shortcuts import render
from django.utils.formats import number_format

from clusterwerk.core.jobs import report_progress

XLSX_INLINE_ROWS = 5_000
PROGRESS_EVERY = 500  # rows between progress reports of an export job


def runs_as_job(file_format: str, rows: int) -> bool:
    return file_format == "xlsx" and rows > XLSX_INLINE_ROWS


def refuse_large_xlsx(request, *, rows: int, csv_url: str = ""):
    """The page (403) for an anonymous visitor who asked for a large XLSX file."""
    return render(
        request,
        "core/export_too_large.html",
        {
            "rows": rows,
            "rows_text": number_format(rows, force_grouping=True),
            "limit_text": number_format(XLSX_INLINE_ROWS, force_grouping=True),
            "csv_url": csv_url,
        },
        status=403,
    )


def clear_progress_note(job) -> None:
    """A finished job shows its result, not what it was doing last."""
    report_progress(job, job.progress_done, note="")


def with_progress(job, rows: Iterable[Sequence], *, total: int) -> Iterator[Sequence]:
    """Pass `rows` through, reporting to `job` every PROGRESS_EVERY rows."""
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY == 0:
            report_progress(job, done, total)
