#!/usr/bin/env python
"""Benchmark: the yearly monitoring report over 10,000 synthetic projects, and its exports.

Usage: .venv/bin/python bench/monitoring_report.py [--projects 10000] [--actors 400]
       [--year 2022] [--repeat 5] [--seed 2020]
Without DATABASE_URL it works on a throw-away SQLite file; with DATABASE_URL pointing at an
empty PostgreSQL database it measures there. The data are deterministic (seeded): projects
initiated 2015–2024 in every phase, 1–5 partners drawn from a few hundred actors, a primary
and up to two secondary topic areas of the published masterplan, funding programmes, volumes
and results.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(function, repeat: int) -> list[float]:
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        durations.append(time.perf_counter() - start)
    return durations


def report_line(name: str, durations: list[float], extra: str = "") -> None:
    median = statistics.median(durations)
    print(
        f"{name:<40} median {median * 1000:8.1f} ms   "
        f"min {min(durations) * 1000:8.1f} ms   max {max(durations) * 1000:8.1f} ms   "
        f"(n={len(durations)}){extra}"
    )


def generate(cluster, *, projects: int, actors: int, seed: int) -> None:
    """Deterministic synthetic data, written with bulk_create."""
    from clusterwerk.actors.models import (
        BUSINESS_KINDS,
        SCIENCE_KINDS,
        Actor,
        ActorKind,
        District,
        SizeClass,
        Visibility,
    )
    from clusterwerk.masterplan.models import TopicArea
    from clusterwerk.masterplan.queries import get_published_edition
    from clusterwerk.projects.models import (
        AssignmentSource,
        FundingLevel,
        FundingProgramme,
        PartnerRole,
        PhaseChange,
        Project,
        ProjectPartner,
        ProjectPhase,
        ProjectResults,
        ProjectTopicArea,
    )

    rng = random.Random(seed)
    districts = list(District.objects.all()) or [None]
    kinds = (
        [ActorKind.COMPANY] * 60
        + [ActorKind.CRAFT_BUSINESS] * 12
        + [ActorKind.UNIVERSITY] * 8
        + [ActorKind.RESEARCH_INSTITUTE] * 10
        + [ActorKind.NETWORK, ActorKind.ASSOCIATION, ActorKind.CHAMBER] * 3
        + [ActorKind.COMPETENCE_CENTRE]
    )
    sizes = [SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM, SizeClass.LARGE, ""]
    actor_rows = Actor.objects.bulk_create(
        [
            Actor(
                name=f"Bench-Akteur {number:04d}",
                slug=f"bench-akteur-{number:04d}",
                kind=(kind := rng.choice(kinds)),
                size_class=rng.choice(sizes) if kind in BUSINESS_KINDS else "",
                district=rng.choice(districts),
            )
            for number in range(actors)
        ]
    )
    if actor_rows[0].pk is None:  # SQLite before 3.35 does not return ids
        actor_rows = list(Actor.objects.filter(slug__startswith="bench-akteur-"))
    programme_specs = [
        ("zim", "ZIM", FundingLevel.FEDERAL),
        ("staf", "StaF", FundingLevel.STATE),
        ("big-digital", "BIG digital", FundingLevel.STATE),
        ("efre", "EFRE", FundingLevel.EU),
        ("horizon-europe", "Horizon Europe", FundingLevel.EU),
        ("bund", "Bund (sonstige)", FundingLevel.FEDERAL),
        ("privat", "privat", FundingLevel.PRIVATE),
    ]
    programmes = [
        FundingProgramme.objects.get_or_create(
            key=f"bench-{key}",
            defaults={"name": name, "short_name": name, "level": level, "order": order},
        )[0]
        for order, (key, name, level) in enumerate(programme_specs)
    ]
    edition = get_published_edition(cluster)
    lineages = list(
        TopicArea.objects.filter(edition=edition).values_list("lineage", flat=True)
    ) or [None]
    phases = [
        (ProjectPhase.IDEA, 6),
        (ProjectPhase.INITIATION, 8),
        (ProjectPhase.CONSORTIUM, 8),
        (ProjectPhase.APPLICATION, 10),
        (ProjectPhase.RUNNING, 35),
        (ProjectPhase.COMPLETED, 28),
        (ProjectPhase.CANCELLED, 5),
    ]
    phase_values = [phase for phase, _ in phases]
    phase_weights = [weight for _, weight in phases]
    visibilities = (
        [Visibility.PUBLIC] * 5 + [Visibility.MEMBERS] * 4 + [Visibility.CLUSTER_MANAGEMENT]
    )
    rows = []
    for number in range(projects):
        year = rng.randint(2015, 2024)
        phase = rng.choices(phase_values, phase_weights)[0]
        dated = rng.random() < 0.7 and phase != ProjectPhase.IDEA
        start = datetime.date(year, rng.randint(1, 12), 1) if dated else None
        end = (
            start + datetime.timedelta(days=rng.randint(180, 1100))
            if start and rng.random() < 0.85
            else None
        )
        total = Decimal(rng.randrange(20_000, 3_000_000, 1000)) if rng.random() < 0.9 else None
        rows.append(
            Project(
                cluster=cluster,
                title=f"Bench-Projekt {number:05d}",
                acronym=f"B{number:05d}",
                phase=phase,
                start_date=start,
                end_date=end,
                year_initiated=year,
                is_rdi=rng.random() < 0.6,
                funding_programme=rng.choice(programmes) if rng.random() < 0.85 else None,
                total_volume=total,
                funding_amount=(total * Decimal("0.5")).quantize(Decimal("1")) if total else None,
                regional_volume=(total * Decimal(rng.choice(["0.6", "0.8", "1"]))).quantize(
                    Decimal("1")
                )
                if total and rng.random() < 0.8
                else None,
                visibility=rng.choice(visibilities),
                is_cross_cluster=rng.random() < 0.12,
            )
        )
    created = Project.objects.bulk_create(rows, batch_size=1000)
    if created[0].pk is None:
        created = list(Project.objects.filter(title__startswith="Bench-Projekt").order_by("pk"))
    partners, topics, results, changes, flags = [], [], [], [], []
    for project in created:
        members = rng.sample(actor_rows, rng.choices([1, 2, 3, 4, 5], [25, 30, 25, 12, 8])[0])
        for index, actor in enumerate(members):
            partners.append(
                ProjectPartner(
                    project=project,
                    actor=actor,
                    role=PartnerRole.LEAD if index == 0 else PartnerRole.PARTNER,
                )
            )
        project.is_joint = len(members) > 1
        project.with_science = any(actor.kind in SCIENCE_KINDS for actor in members)
        flags.append(project)
        chosen = rng.sample(lineages, min(len(lineages), rng.randint(1, 3)))
        for index, lineage in enumerate(chosen):
            if lineage is not None and rng.random() < 0.95:
                topics.append(
                    ProjectTopicArea(
                        project=project,
                        lineage=lineage,
                        is_primary=index == 0,
                        assigned_by=AssignmentSource.MANUAL,
                    )
                )
        if project.phase == ProjectPhase.COMPLETED:
            if project.end_date is None and rng.random() < 0.7:
                changes.append(
                    PhaseChange(
                        project=project,
                        from_phase=ProjectPhase.RUNNING,
                        to_phase=ProjectPhase.COMPLETED,
                        changed_on=datetime.date(
                            min(project.year_initiated + rng.randint(0, 3), 2024), 6, 30
                        ),
                    )
                )
            results.append(
                ProjectResults(
                    project=project,
                    new_products=rng.randint(0, 3),
                    new_processes=rng.randint(0, 2),
                    patents=rng.choice([0, 0, 0, 1, 2]),
                    jobs_created=rng.randint(0, 8),
                    follow_up_projects=rng.choice([0, 0, 1]),
                    success_story="Eine Erfolgsgeschichte aus dem Cluster."
                    if rng.random() < 0.15
                    else "",
                    reported_on=datetime.date(
                        min(
                            (
                                project.end_date
                                or project.start_date
                                or datetime.date(project.year_initiated, 1, 1)
                            ).year
                            + 1,
                            2024,
                        ),
                        3,
                        31,
                    ),
                )
            )
    ProjectPartner.objects.bulk_create(partners, batch_size=2000)
    ProjectTopicArea.objects.bulk_create(topics, batch_size=2000)
    ProjectResults.objects.bulk_create(results, batch_size=2000)
    PhaseChange.objects.bulk_create(changes, batch_size=2000)
    Project.objects.bulk_update(flags, ["is_joint", "with_science"], batch_size=1000)
    print(
        f"generated {len(created):,} projects, {len(partners):,} partners, "
        f"{len(topics):,} topic links, {len(results):,} results, {len(actor_rows):,} actors"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--actors", type=int, default=400)
    parser.add_argument("--year", type=int, default=2022)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2020)
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

    from clusterwerk.actors.reference import load_actor_reference_data
    from clusterwerk.masterplan.reference import load_all_reference_data
    from clusterwerk.portal.reports import build_monitoring_report as build_report
    from clusterwerk.projects.report_export import export_report

    call_command("migrate", verbosity=0)
    (reference,) = load_all_reference_data()
    load_actor_reference_data()
    cluster = reference.cluster
    print(f"database: {connection.vendor}; Python {sys.version.split()[0]}")
    start = time.perf_counter()
    generate(cluster, projects=args.projects, actors=args.actors, seed=args.seed)
    print(f"generation took {time.perf_counter() - start:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would gather them

    def management_report():
        return build_report(cluster=cluster, year=args.year, user=None, full_access=True)

    with CaptureQueriesContext(connection) as queries:
        report = management_report()
    summary = report.summary
    print(
        f"report {args.year}: {summary['projects_carried_out']:,} carried out, "
        f"{summary['projects_new']:,} newly initiated, {len(queries.captured_queries)} queries"
    )
    report_line("build_report (management view)", timed(management_report, args.repeat))
    anonymous = AnonymousUser()
    report_line(
        "build_report (anonymous visitor)",
        timed(lambda: build_report(cluster=cluster, year=args.year, user=anonymous), args.repeat),
    )
    for file_format in ("json", "csv", "xlsx", "pdf"):
        size = len(export_report(report, file_format).content)
        report_line(
            f"export {file_format.upper()} (report built)",
            timed(lambda f=file_format: export_report(report, f), args.repeat),
            f"   {size / 1024:,.0f} KiB",
        )


if __name__ == "__main__":
    main()
