#!/usr/bin/env python
"""Benchmark: generate the synthetic demo companies (seed_demo's actors) at a given scale.

Usage: .venv/bin/python bench/demo_actors.py [--scale 10] [--seed 2020]
Without DATABASE_URL it works on a throw-away SQLite file; with DATABASE_URL pointing at an
empty PostgreSQL database it measures there. Results go to docs/benchmarks.md.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from clusterwerk.actors.demo import generate_demo_actors
    from clusterwerk.actors.reference import load_actor_reference_data
    from clusterwerk.masterplan.reference import load_all_reference_data

    call_command("migrate", verbosity=0)
    (report,) = load_all_reference_data()
    load_actor_reference_data()
    print(f"database: {connection.vendor}, scale {args.scale}, seed {args.seed}")

    start = time.perf_counter()
    demo = generate_demo_actors(cluster=report.cluster, scale=args.scale, seed=args.seed)
    first = time.perf_counter() - start
    start = time.perf_counter()
    generate_demo_actors(cluster=report.cluster, scale=args.scale, seed=args.seed)
    again = time.perf_counter() - start
    print(f"generate {demo.created:>6} demo actors       {first:8.1f} s")
    print(f"second run (nothing to do)        {again:8.2f} s")


if __name__ == "__main__":
    main()
