#!/usr/bin/env python
"""Benchmark: the optimised schedule of a B2B day (`events.b2b_schedule.solve_schedule`).

Usage: .venv/bin/python bench/b2b_schedule.py [--participants 150] [--slots 12] [--tables 40]
       [--seed 2020] [--time-limit 10] [--database-url URL]

Builds a B2B day in a throw-away SQLite file (or, with --database-url / DATABASE_URL, in that
database, which it migrates; create and drop a PostgreSQL database yourself, e.g.

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE cw_bench_b2b'
    .venv/bin/python bench/b2b_schedule.py \\
        --database-url postgres://postgres@127.0.0.1:5432/cw_bench_b2b
    psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE cw_bench_b2b'

The day: `--participants` participants, `--slots` slots of 20 minutes with a lunch break in
the middle, `--tables` tables, at most 8 meetings per person. Each participant sends 3–8
wishes, drawn with a preference for a few popular organisations (as on real B2B days); about
a third of the wishes are returned (mutual), four in five of the one-sided ones are accepted,
each with a match score; about 20 % of the participants are away for part of the day (a
block of 2–4 slots). Prints the solve time and the figures of `solver_report`.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build(args):
    from django.utils import timezone

    from clusterwerk.core.models import Cluster
    from clusterwerk.events.models import (
        Audience,
        B2BParticipant,
        B2BSettings,
        B2BSlot,
        Event,
        EventFormat,
        EventStatus,
        MeetingWish,
        Registration,
        RegistrationStatus,
        TicketType,
        WishStatus,
    )

    rng = random.Random(args.seed)
    cluster, _ = Cluster.objects.get_or_create(
        slug="bench-b2b", defaults={"name": "Cluster Metall (Benchmark)"}
    )
    Registration.objects.filter(event__slug="bench-b2b-tag").delete()
    Event.objects.filter(slug="bench-b2b-tag").delete()
    starts = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    event = Event.objects.create(
        cluster=cluster,
        slug="bench-b2b-tag",
        format=EventFormat.B2B_DAY,
        title="B2B-Tag (Benchmark)",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
        venue_name="Messe",
        status=EventStatus.PUBLISHED,
    )
    ticket = TicketType.objects.create(
        event=event, name="Teilnahme", audience=Audience.OPEN, capacity=1000, order=0
    )
    B2BSettings.objects.create(event=event, table_count=args.tables, max_meetings_per_person=8)
    length = datetime.timedelta(minutes=20)
    lunch = args.slots // 2 + 1
    B2BSlot.objects.bulk_create(
        [
            B2BSlot(
                event=event,
                index=index,
                starts_at=starts + (index - 1) * length,
                ends_at=starts + index * length,
                is_break=index == lunch,
            )
            for index in range(1, args.slots + 1)
        ]
    )
    registrations = Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                ticket_type=ticket,
                first_name="Person",
                last_name=str(n),
                email=f"person{n}@example.org",
                organisation_name=f"Firma {n}",
                status=RegistrationStatus.CONFIRMED,
                ticket_code=f"bench-{n}-{args.seed}",
            )
            for n in range(args.participants)
        ]
    )
    participants = []
    for registration in registrations:
        available = []
        if rng.random() < 0.2:
            away = rng.randint(2, 4)
            first_away = rng.randint(1, args.slots - away + 1)
            available = [
                s for s in range(1, args.slots + 1) if not first_away <= s < first_away + away
            ]
        participants.append(
            B2BParticipant(event=event, registration=registration, available_slots=available)
        )
    participants = B2BParticipant.objects.bulk_create(participants)
    if not participants[0].pk:
        participants = list(B2BParticipant.objects.filter(event=event).order_by("pk"))
    # Popularity: a few organisations are wished by many.
    popularity = [rng.paretovariate(1.5) for _ in participants]
    wishes: dict[tuple[int, int], MeetingWish] = {}
    for index, person in enumerate(participants):
        count = rng.randint(3, 8)
        targets = set()
        while len(targets) < count:
            other = rng.choices(range(len(participants)), weights=popularity)[0]
            if other != index:
                targets.add(other)
        for other in targets:
            wishes[(index, other)] = MeetingWish(
                event=event,
                requester=person,
                target=participants[other],
                reason="Gemeinsames Projekt im Leichtbau",
                match_score=round(rng.random(), 3),
                suggested=True,
                status=WishStatus.ACCEPTED if rng.random() < 0.8 else WishStatus.PENDING,
            )
    # About a third of the wishes are returned: mutual, both accepted.
    for index, other in list(wishes):
        if (other, index) not in wishes and rng.random() < 1 / 3:
            wishes[(index, other)].status = WishStatus.ACCEPTED
            wishes[(other, index)] = MeetingWish(
                event=event,
                requester=participants[other],
                target=participants[index],
                reason="Gegenwunsch",
                status=WishStatus.ACCEPTED,
            )
    MeetingWish.objects.bulk_create(wishes.values())
    away = sum(1 for p in participants if p.available_slots)
    return event, len(wishes), away


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=150)
    parser.add_argument("--slots", type=int, default=12)
    parser.add_argument("--tables", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from clusterwerk.events.b2b_schedule import solve_schedule

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    event, wish_rows, away = build(args)
    print(
        f"database: {connection.vendor}; {args.participants} participants "
        f"({away} away for part of the day), {args.slots} slots (1 break), "
        f"{args.tables} tables, {wish_rows} wishes; set-up {time.perf_counter() - started:.1f} s"
    )
    start = time.perf_counter()
    report = solve_schedule(event=event, time_limit=args.time_limit)
    total = time.perf_counter() - start
    print(f"solve_schedule (import, read, solve, write) {total:6.2f} s   status {report['status']}")
    print(f"  of which CP-SAT                    {report['solver_seconds']:6.2f} s")
    print(
        f"wishes (pairs with an accepted wish) {report['wishes_total']:6d}   met "
        f"{report['wishes_met']} ({report['share_met'] * 100:.1f} %)"
    )
    print(
        f"mutual wishes                        {report['mutual_total']:6d}   "
        f"met {report['mutual_met']}"
    )
    print(
        f"meetings                             {report['meetings']:6d}   (table capacity "
        f"{report['tables'] * report['slots']}: {report['tables']} tables x "
        f"{report['slots']} meeting slots)"
    )
    print(
        f"idle gaps (slots)                    {report['idle_gaps']:6d}   "
        f"({report['idle_gaps'] / args.participants:.2f} per participant)"
    )


if __name__ == "__main__":
    main()
