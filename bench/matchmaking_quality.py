#!/usr/bin/env python
"""Benchmark: ranking quality of the matching engine on the evaluation needs, against a plain
BM25 baseline without stemming.

Usage: .venv/bin/python bench/matchmaking_quality.py [--misses] [--text PATH]

Without DATABASE_URL it works on a throw-away SQLite file: the masterplan reference edition
and the actor reference data (51 real institutions with competences and topic tags) are
loaded; with --text the published masterplan text is imported over the reference edition
(it then feeds the topic suggestion). Reports nDCG@5 and MRR of
- the engine (`match_actors`, with the need's listing kind where it has one),
- the engine's text part alone (no topic areas, no kind preference),
- the baseline (`evaluation/baseline.py`),
and with --misses, per need, the right partners (grade 2) missing from the engine's top 5.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIMIT = 10


def line(name, result):
    print(
        f"{name:<44} nDCG@5 {result.ndcg:.3f}  MRR {result.mrr:.3f}  "
        f"median {result.median_ms:6.2f} ms  p95 {result.p95_ms:6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the misses per need")
    parser.add_argument("--text", help="import this published masterplan text first")
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from clusterwerk.accounts.services import system_user
    from clusterwerk.actors.models import Actor
    from clusterwerk.actors.reference import load_actor_reference_data
    from clusterwerk.masterplan.reference import load_all_reference_data
    from clusterwerk.masterplan.services import import_masterplan_text
    from clusterwerk.matchmaking import engine
    from clusterwerk.matchmaking.evaluation import actor_texts, load_needs
    from clusterwerk.matchmaking.evaluation.baseline import Bm25Baseline
    from clusterwerk.matchmaking.evaluation.metrics import evaluate

    call_command("migrate", verbosity=0)
    (reference,) = load_all_reference_data()
    if args.text:
        import_masterplan_text(
            cluster=reference.cluster,
            user=system_user(),
            text=Path(args.text).read_text(encoding="utf-8"),
            label="2020",
            publish=True,
        )
    load_actor_reference_data()
    needs = load_needs()
    external = dict(Actor.objects.values_list("pk", "external_id"))
    print(f"database: {connection.vendor}; Python {sys.version.split()[0]}")
    print(
        f"actors: {engine.published_actors().count()} published; evaluation set: {len(needs)} "
        f"needs, {sum(len(n.relevant) for n in needs)} graded answers"
        f"{'; masterplan text imported' if args.text else ''}"
    )

    def ours(need):
        matches = engine.match_actors(
            engine.Need(
                text=need.text,
                listing_kind=need.listing_kind,
                cluster_id=reference.cluster.pk,
            ),
            limit=LIMIT,
        )
        return [external[match.actor_id] for match in matches]

    def text_only(need):
        return [external[pk] for pk in engine.rank_by_text(need.text, limit=LIMIT)]

    baseline = Bm25Baseline(actor_texts())
    engine.clear_cache()
    results = {
        "engine (match_actors)": evaluate(needs, ours),
        "engine, text part only": evaluate(needs, text_only),
        "baseline BM25, no stemming": evaluate(needs, lambda n: baseline.rank(n.text, limit=LIMIT)),
    }
    print()
    for name, result in results.items():
        line(name, result)
    if args.misses:
        names = dict(Actor.objects.values_list("external_id", "short_name"))
        for name, result in results.items():
            print(f"\nmisses – {name}:")
            for need in result.results:
                if need.misses or need.ndcg < 0.8:
                    got = ", ".join(names.get(key) or key for key in need.ranked[:5]) or "–"
                    missing = ", ".join(names.get(key) or key for key in need.misses) or "–"
                    print(f"  {need.id} nDCG {need.ndcg:.2f}: missing {missing}; got {got}")


if __name__ == "__main__":
    main()
