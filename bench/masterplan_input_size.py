#!/usr/bin/env python
"""Benchmark: the masterplan importer on large inputs of three shapes.

Shapes (clusterwerk/masterplan/tests/large_inputs.py): one long line, many short lines, one
long "word" without a space. For 1 MB and 5 MB of each it times
- the parse alone (`parse_masterplan`, no size limit): shows that the time grows linearly;
- the import service (`import_masterplan_text`, dry run): the text over the 2 MB limit is
  refused before the parse.

Usage: .venv/bin/python bench/masterplan_input_size.py [--repeat N] [--sizes 1,5]
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


def timed(function, argument, repeat: int) -> tuple[list[float], list[float], str]:
    """Wall-clock and CPU time of each round (CPU time is steadier on a shared machine), and
    what the last round returned."""
    wall, cpu = [], []
    for _round in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        outcome = function(argument)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu, outcome


def report(name: str, wall: list[float], cpu: list[float], outcome: str) -> None:
    print(
        f"{name:<36} wall median {statistics.median(wall) * 1000:8.1f} ms "
        f"(min {min(wall) * 1000:8.1f}, max {max(wall) * 1000:8.1f})   "
        f"CPU median {statistics.median(cpu) * 1000:8.1f} ms   (n={len(wall)})  {outcome}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="1,5", help="sizes in MB, comma-separated")
    args = parser.parse_args()
    sizes = [float(size) for size in args.sizes.split(",")]

    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from clusterwerk.accounts.services import system_user
    from clusterwerk.core.models import Cluster
    from clusterwerk.masterplan.parsing import (
        MAX_TEXT_BYTES,
        MasterplanImportError,
        parse_masterplan,
    )
    from clusterwerk.masterplan.services import import_masterplan_text
    from clusterwerk.masterplan.tests.large_inputs import SHAPES, large_masterplan

    call_command("migrate", verbosity=0)
    cluster, _created = Cluster.objects.get_or_create(
        slug="metall", defaults={"name": "Cluster Metall Brandenburg", "short_name": "Metall"}
    )
    print(f"database: {connection.vendor}; Python {sys.version.split()[0]}")
    print(f"size limit of the importer: {MAX_TEXT_BYTES:,} bytes")

    def parse(text):
        tree = parse_masterplan(text).tree
        return f"{len(tree.topic_areas())} topic areas"

    def service(text):
        try:
            import_masterplan_text(
                cluster=cluster, user=system_user(), text=text, label="bench", dry_run=True
            )
        except MasterplanImportError as error:
            return f"refused: {error.problems[0]}"
        return "imported (dry run)"

    for shape in SHAPES:
        for megabytes in sizes:
            text = large_masterplan(shape, int(megabytes * 1_000_000))
            size = f"{len(text.encode('utf-8')) / 1_000_000:.1f} MB"
            report(f"parse {shape}, {size}", *timed(parse, text, args.repeat))
            report(f"import service {shape}, {size}", *timed(service, text, args.repeat))


if __name__ == "__main__":
    main()
