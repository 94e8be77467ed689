#!/usr/bin/env python
"""Benchmark: the directory search (`clusterwerk.actors.search.search_directory`) on the
scale-10 demo dataset (25,060 synthetic actors).

Usage: .venv/bin/python bench/actor_search.py [--scale 10] [--repeat 9] [--seed 2020]

Without DATABASE_URL it works on a throw-away SQLite file. With DATABASE_URL (PostgreSQL) it
migrates that database and fills it; create and drop it yourself, e.g.

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE clusterwerk_h4bench'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/clusterwerk_h4bench \\
        .venv/bin/python bench/actor_search.py
    psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE clusterwerk_h4bench'

Every query is one page of the directory as /akteure/ shows it: count, ranked page of 20,
competences and their topics, three facet counts, and the highlighted competences. Each runs
once to warm up, then `--repeat` times; the figures are median and 95th percentile in ms,
and the median CPU time of this process ("cpu": Python, Django and SQLite, without the
PostgreSQL server).
Results go to docs/benchmarks.md.
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

# (label, GET parameters of /akteure/)
QUERIES = [
    ("no query, page 1", {}),
    ("no query, page 50", {"page": "50"}),
    ("Schweißen", {"q": "Schweißen"}),
    ("Schweißnähte", {"q": "Schweißnähte"}),
    ("Korrosion", {"q": "Korrosion"}),
    ("Laserschneiden", {"q": "Laserschneiden"}),
    ("Zerspanung, page 5", {"q": "Zerspanung", "page": "5"}),
    ("Blechbearbeitung (compound)", {"q": "Blechbearbeitung"}),
    ("Leichtbauwerkstoffe (compound)", {"q": "Leichtbauwerkstoffe"}),
    ("3D-Druck (synonym)", {"q": "3D-Druck"}),
    ("Werkstoffprüfung Metall", {"q": "Werkstoffprüfung Metall"}),
    ("Edelstahl Cottbus", {"q": "Edelstahl Cottbus"}),
    ("CNC Fräsen", {"q": "CNC Fräsen"}),
    ("Aluminium Druckguss", {"q": "Aluminium Druckguss"}),
    ("Stahlbau + Oder-Spree", {"q": "Stahlbau", "district": "12067"}),
    ("Schweißen + kind + size", {"q": "Schweißen", "kind": "company", "size": "small"}),
    ("Wärmebehandlung + WZ 25", {"q": "Wärmebehandlung", "wz": "25"}),
    (
        "Pulverbeschichtung + 3 districts",
        {"q": "Pulverbeschichtung", "district": ["12069", "12067", "12072"]},
    ),
    ("topic 4.4.2 + craft, page 3", {"topic": "4.4.2", "kind": "craft_business", "page": "3"}),
    ("Qualitätssicherung + RWK 4", {"q": "Qualitätssicherung", "growth_core": "4"}),
    ("nothing found (Flugzeugträger)", {"q": "Flugzeugträger"}),
    # the two search pages of issue 13's load benchmark
    ("Laserschweißen (compound)", {"q": "Laserschweißen"}),
    ("Korrosionsschutz Stahl", {"q": "Korrosionsschutz Stahl"}),
]


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def trigram_note() -> str:
    """Whether the trigram index of migration actors.0002 is there (PostgreSQL)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'actors_actor_search_document_trgm'"
        )
        (present,) = cursor.fetchone()
    return " (with pg_trgm index)" if present else " (without pg_trgm index)"


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
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from clusterwerk.actors.demo import generate_demo_actors
    from clusterwerk.actors.models import Actor
    from clusterwerk.actors.reference import load_actor_reference_data
    from clusterwerk.actors.search import DirectoryFilters, load_directory_options, search_directory
    from clusterwerk.masterplan.reference import load_all_reference_data

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    (reference,) = load_all_reference_data()
    load_actor_reference_data()
    report = generate_demo_actors(cluster=reference.cluster, scale=args.scale, seed=args.seed)
    setup = time.perf_counter() - started
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load: fresh statistics, and on PostgreSQL the GIN
        # index's pending list merged (until then every search reads it through).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}{trigram_note()}")
    print(
        f"actors: {Actor.objects.count():,} ({Actor.objects.filter(is_demo=True).count():,} demo;"
        f" {'already there' if getattr(report, 'skipped', False) else 'generated'});"
        f" set-up {setup:.1f} s; Python {sys.version.split()[0]}"
    )

    user = AnonymousUser()
    cluster = reference.cluster
    options = load_directory_options(cluster)
    all_durations = []
    all_cpu = []
    header = f"{'query':<36} {'found':>7} {'queries':>7} {'median':>9} {'p95':>9} {'cpu':>9}"
    print(f"{header}   (n={args.repeat})")
    for label, params in QUERIES:
        filters = DirectoryFilters.from_params(params, cluster=cluster, options=options)
        assert not filters.problems, (label, filters.problems)
        with CaptureQueriesContext(connection) as captured:
            result = search_directory(user, cluster, filters)  # warm-up
        query_count = len(captured)
        durations = []
        cpu = []
        for _round in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            search_directory(user, cluster, filters)
            durations.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        all_durations += durations
        all_cpu += cpu
        print(
            f"{label:<36} {result.total:>7,} {query_count:>7} "
            f"{statistics.median(durations):>7.1f}ms {percentile(durations, 0.95):>7.1f}ms "
            f"{statistics.median(cpu):>7.1f}ms"
        )
    print(
        f"{'all queries':<36} {'':>7} {'':>7} {statistics.median(all_durations):>7.1f}ms "
        f"{percentile(all_durations, 0.95):>7.1f}ms {statistics.median(all_cpu):>7.1f}ms"
        f"   (n={len(all_durations)})"
    )


if __name__ == "__main__":
    main()
