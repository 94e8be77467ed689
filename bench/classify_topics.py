#!/usr/bin/env python
"""Benchmark: topic-area suggestion on the evaluation set, against a plain TF-IDF baseline.

Usage: .venv/bin/python bench/classify_topics.py [--text PATH] [--no-text] [--misses]
Without DATABASE_URL it works on a throw-away SQLite file: the 2020 reference edition is
loaded and, when the file exists, the published masterplan text imported over it.

Reports top-1/top-3 accuracy (a hit when the correct primary number is among the first k)
- from the masterplan texts alone, and
- leave-one-out: the other evaluation projects serve as labelled projects,
and the latency per suggestion (median/p95), also through `suggest_topic_areas` with the
labelled projects stored in the database.
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


def line(name, result):
    print(
        f"{name:<48} top-1 {result.top1_accuracy:6.1%}  top-3 {result.top3_accuracy:6.1%}  "
        f"({result.top1}/{result.top3} of {result.total})  "
        f"median {result.median_ms:6.2f} ms  p95 {result.p95_ms:6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--text", default=os.environ.get("MASTERPLAN_TEXT", DEFAULT_TEXT))
    parser.add_argument("--no-text", action="store_true", help="only the reference data")
    parser.add_argument("--misses", action="store_true", help="list the top-3 misses")
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from clusterwerk.accounts.services import system_user
    from clusterwerk.masterplan.classify import (
        LabelledExample,
        TopicModel,
        TopicText,
        clear_cache,
        suggest_topic_areas,
        topic_texts,
    )
    from clusterwerk.masterplan.queries import get_published_edition
    from clusterwerk.masterplan.reference import load_all_reference_data
    from clusterwerk.masterplan.services import import_masterplan_text
    from clusterwerk.projects.evaluation import evaluate, load_evaluation_set
    from clusterwerk.projects.evaluation.baseline import TfidfBaseline
    from clusterwerk.projects.models import AssignmentSource, Project, ProjectTopicArea

    call_command("migrate", verbosity=0)
    (reference,) = load_all_reference_data()
    cluster = reference.cluster
    path = Path(args.text)
    with_text = not args.no_text and path.is_file()
    if with_text:
        import_masterplan_text(
            cluster=cluster,
            user=system_user(),
            text=path.read_text(encoding="utf-8"),
            label="2020",
            publish=True,
        )
    edition = get_published_edition(cluster)
    topics = topic_texts(edition)
    items = load_evaluation_set()
    lineage = {topic.number: topic.lineage for topic in topics}
    print(f"database: {connection.vendor}; Python {sys.version.split()[0]}")
    print(
        f"edition {edition.label}: {len(topics)} topic areas, "
        f"{'with the full text (' + path.name + ')' if with_text else 'reference data only'}; "
        f"evaluation set: {len(items)} projects"
    )

    def votes(item):
        result = {lineage[item.primary]: 1.0}
        for number in item.secondary:
            result.setdefault(lineage[number], 0.5)
        return result

    examples = [
        LabelledExample(key=item.id, text=item.full_text, votes=votes(item)) for item in items
    ]

    start = time.perf_counter()
    ours = TopicModel(topics)
    build_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    learned = TopicModel(topics, examples)
    build_labelled_ms = (time.perf_counter() - start) * 1000
    baseline = TfidfBaseline(topics)

    def numbers(suggestions):
        return [suggestion.number for suggestion in suggestions]

    def baseline_loo(item):
        augmented = []
        for topic in topics:
            extra = " ".join(
                other.full_text
                for other in items
                if other.id != item.id and other.primary == topic.number
            )
            augmented.append(
                TopicText(
                    topic.number, topic.title, topic.lineage, {**topic.fields, "projects": extra}
                )
            )
        return TfidfBaseline(augmented).suggest(item.full_text, limit=3)

    results = {
        "ours, masterplan texts only": evaluate(
            items, lambda item: numbers(ours.suggest(item.full_text, limit=3))
        ),
        "ours, leave-one-out with labelled projects": evaluate(
            items,
            lambda item: numbers(learned.suggest(item.full_text, limit=3, exclude=[item.id])),
        ),
        "baseline TF-IDF, masterplan texts only": evaluate(
            items, lambda item: baseline.suggest(item.full_text, limit=3)
        ),
        "baseline TF-IDF, leave-one-out (texts appended)": evaluate(items, baseline_loo),
    }
    print()
    for name, result in results.items():
        line(name, result)
    print(
        f"\nmodel build: {build_ms:.0f} ms (texts only), "
        f"{build_labelled_ms:.0f} ms (with {len(examples)} labelled)"
    )
    if args.misses:
        for name, result in results.items():
            print(f"\nmisses – {name}:")
            for item_id, expected, got in result.misses:
                print(f"  {item_id}: expected {expected}, got {', '.join(got) or '–'}")

    # Through the public function: labelled projects stored as Project + ProjectTopicArea.
    for item in items:
        project = Project.objects.create(cluster=cluster, title=item.title, description=item.text)
        ProjectTopicArea.objects.create(
            project=project,
            lineage=lineage[item.primary],
            is_primary=True,
            assigned_by=AssignmentSource.MANUAL,
        )
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
