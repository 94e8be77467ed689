#!/usr/bin/env python
"""Benchmark (issue 13): the web import of 25,000 actors as a background job, and the
directory export of all of them through the view: CSV before (built in the request) and after
(streamed), XLSX in the request against XLSX as a background job.

Steps, into a fresh database with the reference data (as `bench/import_actors.py`):
1. the import as a job: the upload goes into the queue (`start_import_job`), a worker
   (`manage.py worker --batch`, in this process) runs it; wall time from the upload to the
   finished job, and how many progress updates the job got;
2. the directory CSV, as a logged-in cluster manager through the test client: the old way
   (`HttpResponse` filled by `exporting.write_csv`) and the new view (streaming): time until
   the view returns, until the first bytes, until the last; peak Python memory (tracemalloc,
   in a second, separate pass, since tracing slows everything down);
3. XLSX: the old way (built in the request) against the job (request, worker, file).

Usage: .venv/bin/python bench/export_streaming.py [--rows N]
Without DATABASE_URL it works on a throw-away SQLite file; for PostgreSQL point DATABASE_URL at
an empty database (the script migrates it).
"""

import argparse
import itertools
import os
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=25_000)
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections
    from django.http import HttpResponse
    from django.test import Client
    from import_actors import generate_csv, load_reference_data

    from clusterwerk.accounts.models import Role, RoleAssignment, User
    from clusterwerk.actors import exporting
    from clusterwerk.actors.importing import jobs as import_jobs
    from clusterwerk.actors.models import Actor
    from clusterwerk.actors.search import DirectoryFilters, directory_actors
    from clusterwerk.core import export_jobs
    from clusterwerk.core.models import Cluster, Job
    from clusterwerk.masterplan.queries import topic_catalogue

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_reference_data()
    cluster = Cluster.objects.get(slug="metall")
    data = generate_csv(args.rows, sorted(topic_catalogue(cluster).lineage_by_number))
    manager = User.objects.create_user(email="bench-manager@clusterwerk.test", password="x")
    RoleAssignment.objects.create(user=manager, cluster=cluster, role=Role.CLUSTER_MANAGER)
    print(f"file: {args.rows:,} rows, {len(data) / 1024 / 1024:.1f} MB CSV")
    print(f"database: {connection.vendor}; Python {sys.version.split()[0]}; {os.cpu_count()} cores")
    print(f"setup: {time.perf_counter() - started:.1f} s")

    def run_worker():
        call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    # 1. The import as a job --------------------------------------------------------------
    updates = []
    real_report = import_jobs.report_progress

    def counting_report(job, done, total=None, note=""):
        updates.append((time.perf_counter(), done, total, note))
        real_report(job, done, total, note)

    import_jobs.report_progress = counting_report
    begin = time.perf_counter()
    job = import_jobs.start_import_job(
        data=data, filename="bench.csv", user=manager, cluster=cluster, dry_run=False
    )
    queued = time.perf_counter() - begin
    seen = []  # what a polling page sees: (time, done, note), read on its own connection
    polling = threading.Event()

    def poll():
        try:
            while not polling.wait(0.5):
                state = Job.objects.values_list("progress_done", "progress_note").get(pk=job.pk)
                if not seen or seen[-1][1:] != state:
                    seen.append((time.perf_counter(), *state))
        finally:
            connections.close_all()

    poller = threading.Thread(target=poll)
    poller.start()
    run_worker()
    wall = time.perf_counter() - begin
    polling.set()
    poller.join()
    job.refresh_from_db()
    still = [b[0] - a[0] for a, b in itertools.pairwise([*seen, (time.perf_counter(),)])]
    longest = still.index(max(still))
    print(
        f"the polling page saw {len(seen)} different progress states, the longest unchanged "
        f"for {max(still):.1f} s (at {seen[longest][1]}, {seen[longest][2]}): "
        + ", ".join(f"{done}" + (f" ({note})" if note else "") for _t, done, note in seen[:3])
        + " … "
        + ", ".join(f"{done}" for _t, done, _note in seen[-3:])
    )
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(updates)]
    print(
        f"import as a job: upload queued in {queued * 1000:.0f} ms; finished ({job.state}) after "
        f"{wall:.1f} s wall; {len(updates)} progress updates, longest gap {max(gaps):.1f} s; "
        f"result {job.result.get('summary')}"
    )
    assert Actor.objects.count() >= args.rows

    client = Client()
    client.force_login(manager)
    total = exporting.count_actors(
        directory_actors(manager, cluster, DirectoryFilters.from_params({}, cluster=cluster)),
        user=manager,
        cluster=cluster,
    )

    def old_csv():
        actors = directory_actors(
            manager, cluster, DirectoryFilters.from_params({}, cluster=cluster)
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        exporting.write_csv(actors, user=manager, cluster=cluster, stream=response)
        return response

    def measure(label, request, consume):
        begin = time.perf_counter()
        response = request()
        returned = time.perf_counter() - begin
        first, size = consume(response)
        end = time.perf_counter() - begin
        print(
            f"{label:<34} view returns {returned:6.2f} s, first bytes {first - begin:6.2f} s, "
            f"all {end:6.2f} s ({size / 1024 / 1024:.1f} MB)"
        )

    def consume_plain(response):
        return time.perf_counter(), len(response.content)

    def consume_stream(response):
        iterator = iter(response.streaming_content)
        size = len(next(iterator))
        first = time.perf_counter()
        for chunk in iterator:
            size += len(chunk)
        return first, size

    def peak(label, request, consume):
        tracemalloc.start()
        tracemalloc.reset_peak()
        consume(request())
        _current, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"{label:<34} peak Python memory {top / 1024 / 1024:7.1f} MB")

    print(f"directory export: {total:,} actors")
    for _round in range(2):  # the second round is the warm one
        measure("CSV before (built in the request)", old_csv, consume_plain)
        measure("CSV after (streamed)", lambda: client.get("/akteure/export.csv"), consume_stream)
    peak("CSV before (built in the request)", old_csv, consume_plain)
    peak("CSV after (streamed)", lambda: client.get("/akteure/export.csv"), consume_stream)

    def old_xlsx():
        actors = directory_actors(
            manager, cluster, DirectoryFilters.from_params({}, cluster=cluster)
        )
        response = HttpResponse(content_type="application/octet-stream")
        exporting.write_xlsx(actors, user=manager, cluster=cluster, stream=response)
        return response

    measure("XLSX before (built in the request)", old_xlsx, consume_plain)
    if total <= export_jobs.XLSX_INLINE_ROWS:  # a small run: make it "large" all the same
        export_jobs.XLSX_INLINE_ROWS = total - 1
    begin = time.perf_counter()
    response = client.get("/akteure/export.xlsx")
    returned = time.perf_counter() - begin
    job = Job.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    run_worker()
    job.refresh_from_db()
    download = client.get(f"/auftraege/{job.pk}/datei/")
    end = time.perf_counter() - begin
    print(
        f"{'XLSX after (background job)':<34} request answers {returned:6.2f} s "
        f"(redirect {response.status_code}), file ready and downloaded {end:6.2f} s "
        f"({len(download.content) / 1024 / 1024:.1f} MB, job {job.state}, "
        f"{job.progress_done:,}/{job.progress_total:,})"
    )
    print(f"total: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
