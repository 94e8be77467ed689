#!/usr/bin/env python
"""Benchmark: a large consultation – results page aggregates, exports, and single writes.

Usage: .venv/bin/python bench/participation_results.py [--people 2000] [--comments 10000]
       [--ratings 40000] [--proposals 300] [--repeat 5] [--seed 2020]
Without DATABASE_URL it works on a throw-away SQLite file; with DATABASE_URL pointing at an
empty PostgreSQL database it measures there. The 2020 reference edition is loaded; people,
comments (a third of them replies), ratings over all plan elements, proposals and supports
are generated deterministically with bulk_create.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
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


def line(name: str, durations: list[float], extra: str = "") -> None:
    ordered = sorted(durations)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"{name:<44} median {statistics.median(durations) * 1000:8.1f} ms   "
        f"p95 {p95 * 1000:8.1f} ms   (n={len(durations)}){extra}"
    )


def generate(cluster, edition, args):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from clusterwerk.masterplan.models import ActionField, KeyPoint, TopicArea
    from clusterwerk.participation.markdown import render
    from clusterwerk.participation.models import (
        AffiliationType,
        Comment,
        Consultation,
        ParticipantProfile,
        Phase,
        PhaseKind,
        Proposal,
        ProposalKind,
        Rating,
        Support,
    )

    rng = random.Random(args.seed)
    now = timezone.now()
    consultation = Consultation.objects.create(
        cluster=cluster, edition=edition, title="Benchmark-Beteiligung", slug="benchmark"
    )
    day = datetime.timedelta(days=1)
    Phase.objects.bulk_create(
        [
            Phase(
                consultation=consultation,
                kind=PhaseKind.INFORMATION,
                starts_at=now - 40 * day,
                ends_at=now - 30 * day,
            ),
            Phase(
                consultation=consultation,
                kind=PhaseKind.PARTICIPATION,
                starts_at=now - 30 * day,
                ends_at=now + 30 * day,
                allows_comment=True,
                allows_rate=True,
                allows_propose=True,
                allows_support=True,
            ),
        ]
    )
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(email=f"person{n:05d}@bench.invalid") for n in range(args.people)]
    )
    affiliations = list(AffiliationType.values)
    ParticipantProfile.objects.bulk_create(
        [
            ParticipantProfile(
                user=user, display_name=f"Person {n}", affiliation_type=rng.choice(affiliations)
            )
            for n, user in enumerate(users)
        ]
    )
    elements = (
        [(a.kind, a.lineage) for a in ActionField.objects.filter(edition=edition)]
        + [(k.kind, k.lineage) for k in KeyPoint.objects.filter(edition=edition)]
        + [(t.kind, t.lineage) for t in TopicArea.objects.filter(edition=edition)]
    )
    bodies = [
        "Die **Fachkräftesicherung** braucht mehr Verbundausbildung in der Region.",
        "Wir würden gern mitmachen: *Leichtbau* mit Aluminium, siehe https://example.org/a.",
        "- Wasserstoff\n- Digitalisierung der Fertigung\n- Kreislaufwirtschaft",
    ]
    comments = Comment.objects.bulk_create(
        [
            Comment(
                consultation=consultation,
                element_kind=kind,
                element_lineage=lineage,
                author=rng.choice(users),
                body=body,
                body_html=render(body),
            )
            for kind, lineage in (rng.choice(elements) for _ in range(args.comments))
            for body in [rng.choice(bodies)]
        ]
    )
    replies = comments[::3]
    for reply, parent in zip(replies[1:], replies, strict=False):
        if (reply.element_lineage, reply.element_kind) == (
            parent.element_lineage,
            parent.element_kind,
        ):
            reply.parent = parent
    Comment.objects.bulk_update(replies, ["parent"])
    pairs = set()
    while len(pairs) < min(args.ratings, args.people * len(elements)):
        pairs.add((rng.randrange(args.people), rng.randrange(len(elements))))
    Rating.objects.bulk_create(
        [
            Rating(
                consultation=consultation,
                element_kind=elements[e][0],
                element_lineage=elements[e][1],
                user=users[u],
                relevance=rng.randint(1, 5),
                priority=rng.randint(1, 3),
            )
            for u, e in sorted(pairs)
        ]
    )
    topic_areas = list(TopicArea.objects.filter(edition=edition))
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(
                consultation=consultation,
                kind=ProposalKind.AMENDMENT,
                element_kind=area.kind,
                element_lineage=area.lineage,
                field="goal",
                original_text=area.goal,
                proposed_text=area.goal + " Ergänzt um Wasserstoff.",
                title=area.title,
                author=rng.choice(users),
            )
            for area in (rng.choice(topic_areas) for _ in range(args.proposals))
        ]
    )
    Support.objects.bulk_create(
        [
            Support(proposal=proposal, user=user)
            for proposal in proposals
            for user in rng.sample(users, rng.randint(0, 20))
            if user.pk != proposal.author_id
        ]
    )
    return consultation, users, elements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--ratings", type=int, default=40_000)
    parser.add_argument("--proposals", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from clusterwerk.masterplan.reference import load_all_reference_data
    from clusterwerk.participation import services
    from clusterwerk.participation.exporting import export_contributions
    from clusterwerk.participation.queries import consultation_results

    call_command("migrate", verbosity=0)
    (reference,) = load_all_reference_data()
    cluster, edition = reference.cluster, reference.edition
    print(f"database: {connection.vendor}; Python {sys.version.split()[0]}")
    start = time.perf_counter()
    consultation, users, elements = generate(cluster, edition, args)
    print(
        f"generated {args.people} people, {args.comments} comments, {args.ratings} ratings, "
        f"{args.proposals} proposals in {time.perf_counter() - start:.1f} s"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    with CaptureQueriesContext(connection) as queries:
        consultation_results(consultation)
    line(
        "results page aggregates",
        timed(lambda: consultation_results(consultation), args.repeat),
        f"   {len(queries)} queries",
    )
    for what in ("comments", "ratings", "proposals"):
        for file_format in ("csv", "xlsx"):
            durations = timed(
                lambda w=what, f=file_format: export_contributions(
                    consultation, w, f, moderator=True
                ),
                max(1, args.repeat // 2),
            )
            line(f"export {what}.{file_format} (moderator)", durations)

    rng = random.Random(args.seed + 1)
    samples = []
    for _ in range(200):
        user = rng.choice(users)
        kind, lineage = rng.choice(elements)
        begin = time.perf_counter()
        services.rate(
            user=user,
            consultation=consultation,
            element_kind=kind,
            lineage=lineage,
            relevance=rng.randint(1, 5),
            priority=rng.randint(1, 3),
        )
        samples.append(time.perf_counter() - begin)
    line("services.rate (insert or change)", samples)
    from django.contrib.auth import get_user_model

    # Fresh people: the generated comments are all "recent" and would hit the posting limit.
    writers = get_user_model().objects.bulk_create(
        [get_user_model()(email=f"writer{n:03d}@bench.invalid") for n in range(100)]
    )
    samples = []
    for user in writers:
        kind, lineage = rng.choice(elements)
        begin = time.perf_counter()
        services.add_comment(
            user=user,
            consultation=consultation,
            element_kind=kind,
            lineage=lineage,
            body="Ein kurzer Hinweis mit **Betonung** und einem Link https://example.org.",
        )
        samples.append(time.perf_counter() - begin)
    line("services.add_comment (all checks)", samples)


if __name__ == "__main__":
    main()
