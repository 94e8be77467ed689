#!/usr/bin/env python
"""Benchmark: topic-area suggestion on both evaluation sets, against a plain TF-IDF baseline.

Usage: .venv/bin/python bench/classify_topics.py [--text PATH] [--no-text] [--folds K]
                                                  [--nested] [--tune] [--misses]
Without DATABASE_URL it works on a throw-away SQLite file: the 2020 reference edition is
loaded and, when the file exists, the published masterplan text imported over it.

Reports top-1/top-3 accuracy (a hit when the correct primary number is among the first k)
- on the old set (`topic_projects.json`, written by this project): from the masterplan texts
  alone, and leave-one-out (the other items are labelled projects);
- on the fresh set (`topic_projects_fresh.json`, real project descriptions, paraphrased): from
  the texts alone, and k-fold (the other folds are labelled projects, with and without the old
  set); with --nested also the constants tuned per outer fold on the old set and the other
  folds only (the scored fold never takes part in a choice), likewise 10-fold on the old set;
- the same for the TF-IDF baseline (labelled project texts appended to their topic areas);
and the latency per suggestion (median/p95), also through `suggest_topic_areas` with both
sets stored in the database as labelled projects. --tune runs the coordinate search on both
sets (leave-one-out plus texts only) from `tuning.START` and prints the constants: how
`DEFAULT_PARAMS` were chosen. Every search starts from `tuning.START`, never from them.
"""

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_TEXT = ROOT.parent / "shared" / "seeds" / "masterplan-metall-brandenburg-2020.txt"


def line(name, result):
    print(
        f"{name:<58} top-1 {result.top1_accuracy:6.1%}  top-3 {result.top3_accuracy:6.1%}  "
        f"({result.top1}/{result.top3} of {result.total})  "
        f"median {result.median_ms:6.2f} ms  p95 {result.p95_ms:6.2f} ms"
    )


def prepare(args):
    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from clusterwerk.accounts.services import system_user
    from clusterwerk.masterplan.reference import load_all_reference_data
    from clusterwerk.masterplan.services import import_masterplan_text

    call_command("migrate", verbosity=0)
    (reference,) = load_all_reference_data()
    path = Path(args.text)
    with_text = not args.no_text and path.is_file()
    if with_text:
        import_masterplan_text(
            cluster=reference.cluster,
            user=system_user(),
            text=path.read_text(encoding="utf-8"),
            label="2020",
            publish=True,
        )
    return scratch, reference.cluster, (path.name if with_text else None)


def baseline_results(topics, old, fresh, folds):
    """The TF-IDF baseline: texts only, and with labelled project texts appended."""
    from clusterwerk.masterplan.classify import TopicText
    from clusterwerk.projects.evaluation import evaluate
    from clusterwerk.projects.evaluation.baseline import TfidfBaseline
    from clusterwerk.projects.evaluation.tuning import folds as split

    def appended(train):
        return TfidfBaseline(
            [
                TopicText(
                    topic.number,
                    topic.title,
                    topic.lineage,
                    {
                        **topic.fields,
                        "projects": " ".join(
                            item.full_text for item in train if item.primary == topic.number
                        ),
                    },
                )
                for topic in topics
            ]
        )

    plain = TfidfBaseline(topics)
    results = {
        "old: baseline TF-IDF, texts only": evaluate(
            old, lambda item: plain.suggest(item.full_text, limit=3)
        ),
        "old: baseline TF-IDF, leave-one-out (texts appended)": evaluate(
            old,
            lambda item: appended([o for o in old if o.id != item.id]).suggest(
                item.full_text, limit=3
            ),
        ),
    }
    if fresh:
        results["fresh: baseline TF-IDF, texts only"] = evaluate(
            fresh, lambda item: plain.suggest(item.full_text, limit=3)
        )
        parts = split(fresh, folds)
        models = {}
        for index, part in enumerate(parts):
            train = [item for other, p in enumerate(parts) if other != index for item in p]
            model = appended([*train, *old])
            models.update({item.id: model for item in part})
        results[f"fresh: baseline TF-IDF, {folds}-fold + old set (appended)"] = evaluate(
            fresh, lambda item: models[item.id].suggest(item.full_text, limit=3)
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--text", default=os.environ.get("MASTERPLAN_TEXT", DEFAULT_TEXT))
    parser.add_argument("--no-text", action="store_true", help="only the reference data")
    parser.add_argument("--folds", type=int, default=5, help="folds of the fresh set")
    parser.add_argument("--nested", action="store_true", help="nested tuning per fold")
    parser.add_argument("--tune", action="store_true", help="tune the constants (old set)")
    parser.add_argument("--misses", action="store_true", help="list the top-3 misses")
    args = parser.parse_args()

    _scratch, cluster, text_name = prepare(args)
    from django.db import connection

    from clusterwerk.masterplan.classify import (
        DEFAULT_PARAMS,
        TopicModel,
        clear_cache,
        suggest_topic_areas,
        topic_texts,
    )
    from clusterwerk.masterplan.queries import get_published_edition
    from clusterwerk.projects.evaluation import FRESH_FILE, load_evaluation_set
    from clusterwerk.projects.evaluation import tuning as cv
    from clusterwerk.projects.models import AssignmentSource, Project, ProjectTopicArea

    edition = get_published_edition(cluster)
    topics = topic_texts(edition)
    old = load_evaluation_set()
    fresh = load_evaluation_set(FRESH_FILE) if FRESH_FILE.is_file() else []
    print(f"database: {connection.vendor}; Python {sys.version.split()[0]}")
    print(
        f"edition {edition.label}: {len(topics)} topic areas, "
        f"{'with the full text (' + text_name + ')' if text_name else 'reference data only'}; "
        f"old set: {len(old)} projects; fresh set: {len(fresh)} projects"
    )
    if fresh:
        digest = hashlib.sha256(FRESH_FILE.read_bytes()).hexdigest()
        print(f"fresh set {FRESH_FILE.name} sha256 {digest}")

    if args.tune:
        found = cv.tune(cv.objective_for(topics, old, fresh), log=print)
        print(f"\ntuned on both sets: {found}")
        return

    params = DEFAULT_PARAMS
    start = time.perf_counter()
    TopicModel(topics, params=params)
    build_ms = (time.perf_counter() - start) * 1000

    results = {
        "old: ours, texts only": cv.texts_only(topics, old, params),
        "old: ours, leave-one-out with labelled projects": cv.leave_one_out(topics, old, params),
    }
    results["old: before issue 14 (tuning.START), texts only"] = cv.texts_only(
        topics, old, cv.START, hints=None
    )
    results["old: before issue 14 (tuning.START), leave-one-out"] = cv.leave_one_out(
        topics, old, cv.START, hints=None
    )
    if args.nested:
        results["old: ours, 10-fold, constants tuned per fold (nested)"] = cv.k_fold(
            topics, old, lambda train: cv.tune(cv.objective_for(topics, train)), k=10
        )
    if fresh:
        k = args.folds
        results["fresh: ours, texts only"] = cv.texts_only(topics, fresh, params)
        results[f"fresh: ours, {k}-fold, other folds labelled"] = cv.k_fold(
            topics, fresh, params, k=k
        )
        results[f"fresh: ours, {k}-fold, other folds + old set labelled"] = cv.k_fold(
            topics, fresh, params, k=k, extra=old
        )
        if args.nested:

            def nested(train):
                objective = cv.objective_for(topics, old, train)
                return cv.tune(objective)

            results[f"fresh: ours, {k}-fold + old set, tuned per fold (nested)"] = cv.k_fold(
                topics, fresh, nested, k=k, extra=old
            )
    if fresh:
        results["fresh: before issue 14 (tuning.START), texts only"] = cv.texts_only(
            topics, fresh, cv.START, hints=None
        )
        results[f"fresh: before issue 14, {args.folds}-fold + old set"] = cv.k_fold(
            topics, fresh, cv.START, k=args.folds, extra=old, hints=None
        )
    results.update(baseline_results(topics, old, fresh, args.folds))
    print()
    for name, result in results.items():
        line(name, result)
    print(f"\nfirst model build (texts only): {build_ms:.0f} ms")
    if args.misses:
        for name, result in results.items():
            print(f"\nmisses – {name}:")
            for item_id, expected, got in result.misses:
                print(f"  {item_id}: expected {expected}, got {', '.join(got) or '–'}")

    # Through the public function: labelled projects stored as Project + ProjectTopicArea.
    lineage = {topic.number: topic.lineage for topic in topics}
    for item in [*old, *fresh]:
        project = Project.objects.create(cluster=cluster, title=item.title, description=item.text)
        ProjectTopicArea.objects.create(
            project=project,
            lineage=lineage[item.primary],
            is_primary=True,
            assigned_by=AssignmentSource.MANUAL,
        )
    items = [*old, *fresh]
    clear_cache()
    start = time.perf_counter()
    suggest_topic_areas(items[0].full_text, cluster=cluster)
    cold_ms = (time.perf_counter() - start) * 1000
    durations = []
    for _ in range(3):
        for item in items:
            start = time.perf_counter()
            suggest_topic_areas(item.full_text, cluster=cluster, limit=3)
            durations.append(time.perf_counter() - start)
    durations.sort()
    print(
        f"suggest_topic_areas (database, {len(items)} labelled projects): "
        f"first call incl. model build {cold_ms:.0f} ms; then median "
        f"{statistics.median(durations) * 1000:.2f} ms, "
        f"p95 {durations[round(0.95 * (len(durations) - 1))] * 1000:.2f} ms (n={len(durations)})"
    )


if __name__ == "__main__":
    main()
