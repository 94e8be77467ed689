"""Large exports as background jobs: the rule and the pieces every export view shares.

An XLSX file of more than `XLSX_INLINE_ROWS` rows is made by a worker, not in the request: the
view starts a job (`core.jobs.start_job`) and sends the person to its progress page, where the
file waits to be downloaded. Anonymous visitors may not start jobs: they get a page that says
so (`refuse_large_xlsx`) and points to the login and the CSV file, which streams at any size.
"""

import logging
import threading
from collections.abc import Iterable, Iterator, Sequence

from django.db import connection, connections
from django.shortcuts import render
from django.utils.formats import number_format

from clusterwerk.core.jobs import report_progress

logger = logging.getLogger(__name__)

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


def report_progress_beside(job, done: int, total: int | None = None, note: str = "") -> None:
    """`report_progress` through a connection of its own (a short thread: Django's connections
    are per thread), committed at once, whatever the task's connection is doing: inside a
    transaction (an UPDATE there stays invisible to the polling page until the commit), or
    reading from an open cursor on SQLite (whose snapshot may not write once another
    connection, e.g. the worker's heartbeat, has written). Progress is best effort: a failure
    is logged, never raised."""

    def report() -> None:
        try:
            report_progress(job, done, total, note)
        except Exception:
            logger.warning("Progress of job %s not stored.", job.pk, exc_info=True)
        finally:
            connections.close_all()

    thread = threading.Thread(target=report, name="job-progress", daemon=True)
    thread.start()
    thread.join(timeout=30)


def with_progress(job, rows: Iterable[Sequence], *, total: int) -> Iterator[Sequence]:
    """Pass `rows` through, reporting to `job` every PROGRESS_EVERY rows. On SQLite the rows
    come from an open cursor, so the report goes through another connection."""
    report = report_progress_beside if connection.vendor == "sqlite" else report_progress
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY == 0:
            report(job, done, total)
