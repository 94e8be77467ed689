#!/usr/bin/env python
"""Benchmark: the one search `/suche/?q=…` (`clusterwerk.portal.search.site_search` and its
page) on the scale-10 demo dataset (25,060 synthetic actors, the demo projects, listings and
consultation).

Usage: .venv/bin/python bench/site_search.py [--scale 10] [--repeat 9] [--seed 2020]

Without DATABASE_URL it works on a throw-away SQLite file. With DATABASE_URL (SQLite file or
PostgreSQL) it migrates that database and fills it like `seed_demo --scale 10` (nothing
happens when the demo data is there already); create and drop it yourself, e.g.

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE bench_search'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search \\
        .venv/bin/python bench/site_search.py
    psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE bench_search'

Every query is one GET of the whole page as an anonymous visitor through Django's test
client (middleware, tenant, five groups, template): the masterplan, the directory, the
projects, the listings and the consultations of the default cluster. Each runs once to warm up,
then `--repeat` times; the figures are median and 95th percentile of the wall-clock time in
ms, and the median CPU time of this process ("cpu": Python, Django and SQLite, without the
PostgreSQL server) – on a machine shared with other work the CPU time varies much less than
the wall clock. Results go to docs/benchmarks.md.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (label, q) – what people type into the one search
QUERIES = [
    ("Laserschweißen (compound)", "Laserschweißen"),
    ("Schweißen", "Schweißen"),
    ("Leichtbau", "Leichtbau"),
    ("Korrosion", "Korrosion"),
    ("3D-Druck (synonym)", "3D-Druck"),
    ("Fachkräfte Ausbildung", "Fachkräfte Ausbildung"),
    ("Werkstoffprüfung Metall", "Werkstoffprüfung Metall"),
    ("Edelstahl Cottbus", "Edelstahl Cottbus"),
    ("Wasserstoff", "Wasserstoff"),
    ("nothing found (Flugzeugträger)", "Flugzeugträger"),
]


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from io import StringIO

    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from clusterwerk.actors.models import Actor
    from clusterwerk.core.tenancy import default_cluster
    from clusterwerk.portal.search import site_search

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", stdout=StringIO())
    call_command("seed_demo", scale=args.scale, seed=args.seed, force=True, stdout=StringIO())
    setup = time.perf_counter() - started
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load (see bench/actor_search.py).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(
        f"actors: {Actor.objects.count():,} ({Actor.objects.filter(is_demo=True).count():,} demo);"
        f" set-up {setup:.1f} s; Python {sys.version.split()[0]}"
    )

    cluster = default_cluster()
    client = Client()
    all_durations = []
    all_cpu = []
    header = f"{'query':<32} {'hits (plan/act/proj/list/cons)':>32} {'queries':>7}"
    print(f"{header} {'median':>9} {'p95':>9} {'cpu':>9}   (n={args.repeat})")
    for label, query in QUERIES:
        result = site_search(AnonymousUser(), cluster, query)
        hits = "/".join(f"{group.count:,}" for group in result.groups)
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/suche/", {"q": query})  # warm-up
        assert response.status_code == 200, (label, response.status_code)
        query_count = len(captured)
        durations = []
        cpu = []
        for _round in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get("/suche/", {"q": query})
            durations.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        all_durations += durations
        all_cpu += cpu
        print(
            f"{label:<32} {hits:>32} {query_count:>7} "
            f"{statistics.median(durations):>7.1f}ms {percentile(durations, 0.95):>7.1f}ms "
            f"{statistics.median(cpu):>7.1f}ms"
        )
    print(
        f"{'all queries':<32} {'':>32} {'':>7} {statistics.median(all_durations):>7.1f}ms "
        f"{percentile(all_durations, 0.95):>7.1f}ms {statistics.median(all_cpu):>7.1f}ms"
        f"   (n={len(all_durations)})"
    )


if __name__ == "__main__":
    main()
