#!/usr/bin/env python
"""Benchmark: parse and import the published masterplan text, and search the imported plan.

Usage: .venv/bin/python bench/import_masterplan.py [PATH] [--repeat N]
Without DATABASE_URL it works on a throw-away SQLite file; results go to docs/benchmarks.md.
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
DEFAULT_TEXT = ROOT.parent / "shared" / "seeds" / "masterplan-metall-brandenburg-2020.txt"


def timed(function, repeat: int) -> list[float]:
    durations = []
    for round_number in range(repeat):
        start = time.perf_counter()
        function(round_number)
        durations.append(time.perf_counter() - start)
    return durations


def report(name: str, durations: list[float]) -> None:
    median = statistics.median(durations)
    print(
        f"{name:<44} median {median * 1000:8.1f} ms   "
        f"min {min(durations) * 1000:8.1f} ms   max {max(durations) * 1000:8.1f} ms   "
        f"(n={len(durations)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", default=os.environ.get("MASTERPLAN_TEXT", DEFAULT_TEXT))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    path = Path(args.path)
    if not path.is_file():
        sys.exit(f"Masterplan-Text nicht gefunden: {path}")

    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from clusterwerk.accounts.services import system_user
    from clusterwerk.masterplan.parsing import decode_masterplan_bytes, parse_masterplan
    from clusterwerk.masterplan.reference import load_all_reference_data
    from clusterwerk.masterplan.search import search_edition
    from clusterwerk.masterplan.services import import_masterplan_text

    call_command("migrate", verbosity=0)
    (reference,) = load_all_reference_data()
    cluster = reference.cluster
    system = system_user()
    data = path.read_bytes()
    text = decode_masterplan_bytes(data)
    print(f"text: {path.name}, {len(data):,} bytes, {text.count(chr(10)) + 1:,} lines")
    print(f"database: {connection.vendor}; Python {sys.version.split()[0]}")

    report("parse (text → tree)", timed(lambda _: parse_masterplan(text), args.repeat))
    report(
        "first import into a new edition",
        timed(
            lambda n: import_masterplan_text(
                cluster=cluster, user=system, text=text, label=f"bench-{n}"
            ),
            args.repeat,
        ),
    )
    report(
        "re-import of the same text (no change)",
        timed(
            lambda _: import_masterplan_text(
                cluster=cluster, user=system, text=text, label="bench-0"
            ),
            args.repeat,
        ),
    )
    edition = cluster.editions.get(label="bench-0")
    for query in ("Werkstoff", "Leichtbau", "3D-Druck", "Fachkräfte Ausbildung"):
        report(
            f"search „{query}“ ({len(search_edition(edition, query))} hits)",
            timed(lambda _, q=query: search_edition(edition, q), args.repeat * 3),
        )


if __name__ == "__main__":
    main()
