#!/usr/bin/env python
"""Benchmark: ranking quality of the matching engine on the evaluation sets, against a plain
BM25 baseline without stemming, and the cross-validated choice of the engine's constants.

Usage: .venv/bin/python bench/matchmaking_quality.py [--misses] [--text PATH] [--cv K]

Without DATABASE_URL it works on a throw-away SQLite file: the masterplan reference edition
and the actor reference data (51 real institutions with competences and topic tags) are
loaded; with --text the published masterplan text is imported over the reference edition
(it then feeds the topic suggestion). For each evaluation set – the old one
(`evaluation/needs.json`) and the fresh one (`evaluation/needs_fresh.json`, written by
others, unseen while the engine was built) – it reports nDCG@5 and MRR of
- the engine (`match_actors`, with the need's listing kind where it has one),
- the engine's text part alone (no topic areas, no kind preference),
- the baseline (`evaluation/baseline.py`),
and with --misses, per need, the right partners (grade 2) missing from the engine's top 5.

With --cv K the tuned constants of `engine.weights` (`TUNED`, the values tried) are chosen by
K-fold cross-validation over the union of the sets (`evaluation/crossval.py`): every need is
ranked once per setting of the grid (all combinations); for each fold the setting with the
best mean on the other folds is chosen and the fold's needs are scored with it. With
--search coordinate the choice is coordinate ascent from the committed values instead, over
`TUNED` and `MORE_TUNED`. It reports these held-out figures per set, the setting each fold
chose, and the setting the same choice makes on all needs (the one to commit).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIMIT = 10
# The constants chosen by cross-validation, with the values tried.
TUNED = {
    "DAMPED_WEIGHT": (0.1, 0.3, 0.6, 1.0),
    "MODIFIER_WEIGHT": (0.3, 0.6, 1.0),
    "MMR_LAMBDA": (0.7, 0.8, 0.9, 1.0),
    "THESAURUS_WEIGHT": (0.0, 0.15, 0.3, 0.5, 0.7, 0.9),
}
# With --search coordinate also these (the score's older weights; not changed by default).
MORE_TUNED = {
    "TOPIC_WEIGHT": (0.1, 0.2, 0.3, 0.4),
    "KIND_WEIGHT": (0.06, 0.12, 0.2),
}


def line(name, result):
    print(
        f"  {name:<30} nDCG@5 {result.ndcg:.3f}  MRR {result.mrr:.3f}  "
        f"median {result.median_ms:6.2f} ms  p95 {result.p95_ms:6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the misses per need")
    parser.add_argument("--text", help="import this published masterplan text first")
    parser.add_argument("--cv", type=int, default=0, help="choose the constants by K-fold CV")
    parser.add_argument("--search", choices=("grid", "coordinate"), default="grid")
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
    from clusterwerk.matchmaking.engine import weights
    from clusterwerk.matchmaking.evaluation import EVALUATION_SETS, actor_texts, load_needs
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
    sets = {name: load_needs(path) for name, path in EVALUATION_SETS.items() if path.exists()}
    external = dict(Actor.objects.values_list("pk", "external_id"))
    print(f"database: {connection.vendor}; Python {sys.version.split()[0]}")
    print(f"actors: {engine.published_actors().count()} published")
    for name, needs in sets.items():
        graded = sum(len(need.relevant) for need in needs)
        print(f"set {name}: {len(needs)} needs, {graded} graded answers")
    if args.text:
        print("masterplan text imported")

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
    if args.cv:
        cross_validation(args.cv, sets, ours, weights, args.search)
    print(
        "\nconstants: "
        + ", ".join(
            f"{name} {getattr(weights, name, '–')}" for name in sorted({**TUNED, **MORE_TUNED})
        )
    )
    for set_name, needs in sets.items():
        results = {
            "engine (match_actors)": evaluate(needs, ours),
            "engine, text part only": evaluate(needs, text_only),
            "baseline BM25, no stemming": evaluate(
                needs, lambda n: baseline.rank(n.text, limit=LIMIT)
            ),
        }
        ratio = results["engine (match_actors)"].ndcg / (
            results["baseline BM25, no stemming"].ndcg or 1.0
        )
        print(f"\nset {set_name} ({len(needs)} needs; engine / BM25 nDCG@5 = {ratio:.2f}):")
        for name, result in results.items():
            line(name, result)
        if args.misses:
            misses(results, Actor)


def misses(results, actor_model) -> None:
    names = dict(actor_model.objects.values_list("external_id", "short_name"))
    for name, result in results.items():
        print(f"\n  misses – {name}:")
        for need in result.results:
            if need.misses or need.ndcg < 0.8:
                got = ", ".join(names.get(key) or key for key in need.ranked[:5]) or "–"
                missing = ", ".join(names.get(key) or key for key in need.misses) or "–"
                print(f"    {need.id} nDCG {need.ndcg:.2f}: missing {missing}; got {got}")


def cross_validation(k, sets, ours, weights, search) -> None:
    from clusterwerk.matchmaking.evaluation.crossval import (
        cross_validate,
        cross_validate_search,
        grid,
    )
    from clusterwerk.matchmaking.evaluation.metrics import ndcg_at_k

    keyed = {f"{name}:{need.id}": need for name, set_needs in sets.items() for need in set_needs}
    ids = list(keyed)
    values = TUNED if search == "grid" else {**TUNED, **MORE_TUNED}
    tuned = {name: tried for name, tried in values.items() if hasattr(weights, name)}
    committed = {name: getattr(weights, name) for name in tuned}
    started = time.perf_counter()
    table = {}

    def score(setting):
        if setting not in table:
            for name, value in setting:
                setattr(weights, name, value)
            table[setting] = {
                key: ndcg_at_k(ours(need), need.relevant) for key, need in keyed.items()
            }
        return table[setting]

    try:
        if search == "grid":
            result = cross_validate({setting: score(setting) for setting in grid(tuned)}, ids, k)
        else:
            result = cross_validate_search(tuned, committed, score, ids, k)
    finally:
        for name, value in committed.items():
            setattr(weights, name, value)
    settings = list(table)
    elapsed = time.perf_counter() - started
    print(
        f"\n{k}-fold cross-validation ({search}) over {len(ids)} needs, {len(settings)} "
        "settings tried "
        f"({elapsed:.0f} s):"
    )
    for name, set_needs in sets.items():
        own = [f"{name}:{need.id}" for need in set_needs]
        print(f"  held-out nDCG@5, set {name}: {result.mean(own):.3f}")
    print(f"  held-out nDCG@5, all: {result.mean():.3f}")
    for fold, setting in enumerate(result.chosen):
        print(f"  fold {fold}: " + ", ".join(f"{name} {value}" for name, value in setting))
    print(
        "  best on all needs (commit these): "
        + ", ".join(f"{name} {value}" for name, value in result.final)
        + f" (nDCG@5 {result.final_score:.3f} on all, not held out)"
    )
    for name, set_needs in sets.items():
        mean = sum(score(result.final)[f"{name}:{n.id}"] for n in set_needs) / len(set_needs)
        print(f"    set {name} with them: {mean:.3f}")


if __name__ == "__main__":
    main()
