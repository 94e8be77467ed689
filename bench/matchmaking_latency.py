#!/usr/bin/env python
"""Benchmark: latency of the matching engine (`match_actors`) at scale 10 (25,060 demo
actors plus the 51 reference institutions).

Usage: .venv/bin/python bench/matchmaking_latency.py [--scale 10] [--repeat 3] [--seed 2020]
       [--reuse]

Without DATABASE_URL it works on a throw-away SQLite file. With DATABASE_URL (PostgreSQL, or
a SQLite file of your own) it migrates that database and fills it; with --reuse a database
that already holds demo actors is measured as it is (no set-up). Create and drop it
yourself, e.g.

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE cw_bench_match'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cw_bench_match \\
        .venv/bin/python bench/matchmaking_latency.py
    psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE cw_bench_match'

Reports the first match (after `clear_cache`: no cached statistics, topic suggestion model
cold), then median and 95th percentile of `match_actors` over the evaluation needs (free
text as written and, where the need has one, with its listing kind), `--repeat` rounds,
plus three variants with filters (radius around Potsdam, Berlin-Brandenburg with partner
kinds, cross-cluster). The first round of each variant starts without cached statistics
(document frequencies are counted in SQL), the later rounds find them in the cache; both are
reported. Then the time until an edited actor is seen, and the process's memory (RSS)
before the first match and after all of them.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POTSDAM = (52.40, 13.07)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def row(label: str, durations: list[float]) -> None:
    if not durations:
        return
    print(
        f"{label:<52} median {statistics.median(durations):7.1f} ms  "
        f"p95 {percentile(durations, 0.95):7.1f} ms  max {max(durations):7.1f} ms  "
        f"(n={len(durations)})"
    )


def rss_mb() -> float:
    """The process's resident memory now (Linux), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--reuse", action="store_true", help="measure a database that holds demo actors as is"
    )
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from clusterwerk.actors.demo import generate_demo_actors
    from clusterwerk.actors.models import Actor, ActorKind
    from clusterwerk.actors.reference import load_actor_reference_data
    from clusterwerk.core.models import Cluster
    from clusterwerk.masterplan.reference import load_all_reference_data
    from clusterwerk.matchmaking import engine
    from clusterwerk.matchmaking.evaluation import load_needs
    from clusterwerk.matchmaking.models import RegionScope

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if args.reuse and Actor.objects.filter(is_demo=True).exists():
        cluster = Cluster.objects.filter(
            pk__in=Actor.objects.filter(is_demo=True).values("memberships__cluster")[:1]
        ).get()
    else:
        (reference,) = load_all_reference_data()
        cluster = reference.cluster
        load_actor_reference_data()
        generate_demo_actors(cluster=cluster, scale=args.scale, seed=args.seed)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    setup = time.perf_counter() - started
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(
        f"actors: {engine.published_actors().count():,} published "
        f"({Actor.objects.filter(is_demo=True).count():,} demo); set-up {setup:.1f} s; "
        f"Python {sys.version.split()[0]}"
    )

    needs = load_needs()
    cluster_id = cluster.pk
    first = engine.Need(text=needs[0].text, cluster_id=cluster_id)
    engine.clear_cache()
    from clusterwerk.masterplan.classify import clear_cache as clear_topic_model

    clear_topic_model()
    memory_before = rss_mb()
    cold = timed(lambda: engine.match_actors(first))
    print(f"first match (nothing cached, topic model cold): {cold:.0f} ms")
    versions = [timed(engine.data_version) for _ in range(5)]
    print(f"data version (fingerprint query): median {statistics.median(versions):.2f} ms")
    print()

    uncached_durations = []

    def measure(label, make_need):
        durations = []
        engine.clear_cache()
        for round_number in range(args.repeat):
            for need in needs:
                query = make_need(need)
                start = time.perf_counter()
                engine.match_actors(query, limit=10)
                duration = (time.perf_counter() - start) * 1000
                (uncached_durations if round_number == 0 else durations).append(duration)
        row(label + " (statistics cached)", durations)
        return durations

    all_durations = []
    all_durations += measure("free text", lambda n: engine.Need(text=n.text, cluster_id=cluster_id))
    all_durations += measure(
        "with listing kind (where given)",
        lambda n: engine.Need(text=n.text, listing_kind=n.listing_kind, cluster_id=cluster_id),
    )
    all_durations += measure(
        "radius 50 km around Potsdam",
        lambda n: engine.Need(
            text=n.text,
            cluster_id=cluster_id,
            origin=POTSDAM,
            region=engine.Region(scope=RegionScope.RADIUS, radius_km=50),
        ),
    )
    all_durations += measure(
        "Berlin-Brandenburg, companies and craft businesses",
        lambda n: engine.Need(
            text=n.text,
            cluster_id=cluster_id,
            origin=POTSDAM,
            origin_kind=ActorKind.CRAFT_BUSINESS,
            partner_kinds=(ActorKind.COMPANY, ActorKind.CRAFT_BUSINESS),
            region=engine.Region(scope=RegionScope.BERLIN_BRANDENBURG),
        ),
    )
    all_durations += measure(
        "cross-cluster",
        lambda n: engine.Need(text=n.text, cluster_id=cluster_id, cross_cluster=True),
    )
    row("all of the above (statistics cached)", all_durations)
    row("all, first round (statistics counted in SQL)", uncached_durations)
    memory_after = rss_mb()
    matches = len(all_durations) + len(uncached_durations) + 1

    # An edit as the profile page makes it (services record the history the fingerprint sees).
    from clusterwerk.accounts.models import User
    from clusterwerk.actors.services import update_actor

    manager = User.objects.filter(email="bench@clusterwerk.test").first()
    manager = manager or User.objects.create_superuser(email="bench@clusterwerk.test", password="x")
    actor = Actor.objects.filter(is_demo=True).order_by("pk").first()
    before = engine.data_version()
    update_actor(
        cluster=cluster,
        actor=actor,
        user=manager,
        expected_version=actor.version,
        profile={"values": {"description": actor.description + " Neu: Laserhärten."}},
    )
    rebuild = timed(
        lambda: engine.match_actors(engine.Need(text="Laserhärten", cluster_id=cluster_id))
    )
    assert engine.data_version() != before
    print(f"\nfirst match after an actor was edited (new data version): {rebuild:.0f} ms")
    print(
        f"memory (RSS): {memory_before:.0f} MB before the first match, {memory_after:.0f} MB "
        f"after {matches:,} matches; peak "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
