#!/usr/bin/env python
"""Benchmark: the events app at the size of a busy cluster – pages, services and the report.

Usage: .venv/bin/python bench/event_pages.py [--scale 10] [--repeat 20] [--database-url URL]

Builds its world in a throw-away SQLite file (or, with --database-url / DATABASE_URL, in that
database, which it migrates; create and drop a PostgreSQL database yourself, e.g.

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE cw_bench_events'
    .venv/bin/python bench/event_pages.py \\
        --database-url postgres://postgres@127.0.0.1:5432/cw_bench_events
    psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE cw_bench_events'

The world (bulk_create), at `--scale 10`: 500 events over 2025–2027 (the past ones held, 85 %
of their confirmed registrations checked in), 2,500 organisations each with a representative,
25,000 registrations of them; a series of 100 Werkstattgespräche, an event today with 300
registrations, a member with 20 registrations and a calendar feed, the cluster management.

Prints (ms: median and slowest of `--repeat` after 2 warm-ups; the queries of one more): the
pages through the test client, anonymous and logged in; `register` (400 seats, then the waiting
list) and `check_in` (300 tickets) one by one; on PostgreSQL 50 threads registering at once for
the last 5 seats; `events_year_figures` for 2025–2027. PostgreSQL gets ANALYZE after the load.
"""

import argparse
import datetime
import os
import random
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

YEARS = [2025, 2026, 2027]
SURNAMES = "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Bauer"
FIRST_NAMES = "Anna Ben Clara David Emma Finn Greta Hannes Ida Jonas Karla Lukas Mia Noah"


def people(scale: int, rng: random.Random, cluster):
    """`250 × scale` organisations in the directory, each with a representative (a member)."""
    from django.contrib.auth.hashers import make_password

    from clusterwerk.accounts.models import Role, RoleAssignment, User
    from clusterwerk.actors import models as a

    a.District.objects.bulk_create(
        a.District(ags=f"12{n:03d}", name=f"Landkreis {n}", kind="rural_district", state="BB",
                   centroid_latitude=52.4, centroid_longitude=13.0)
        for n in range(18)
    )  # fmt: skip
    districts = list(a.District.objects.order_by("ags"))
    kinds, weights = list(a.ActorKind.values), [30, 35, 5, 5, 4, 4, 3, 2, 4, 2, 3, 3]
    count = 250 * scale
    a.Actor.objects.bulk_create(
        a.Actor(kind=rng.choices(kinds, weights)[0], name=f"Organisation {n:05d}",
                slug=f"bench-org-{n:05d}", district=rng.choice(districts))
        for n in range(count)
    )  # fmt: skip
    actors = list(a.Actor.objects.filter(slug__startswith="bench-org-").order_by("slug"))
    a.ClusterMembership.objects.bulk_create(a.ClusterMembership(actor=x, cluster=cluster)
                                            for x in actors)  # fmt: skip
    password = make_password(None)
    User.objects.bulk_create(User(email=f"person{n:05d}@example.org", password=password)
                             for n in range(count))  # fmt: skip
    users = list(User.objects.filter(email__startswith="person").order_by("email"))
    a.ActorRepresentative.objects.bulk_create(a.ActorRepresentative(actor=actors[i], user=u)
                                              for i, u in enumerate(users))  # fmt: skip
    RoleAssignment.objects.bulk_create(RoleAssignment(user=u, cluster=cluster, role=Role.MEMBER)
                                       for u in users)  # fmt: skip
    manager = User.objects.create_user(email="management@example.org", password=None)
    RoleAssignment.objects.create(user=manager, cluster=cluster, role=Role.CLUSTER_MANAGER)
    return districts, actors, users, manager


def build(scale: int, seed: int):
    from django.conf import settings
    from django.utils import timezone

    from clusterwerk.core.models import Cluster
    from clusterwerk.events import models as ev
    from clusterwerk.events.tests.factories import BERLIN

    rng, now = random.Random(seed), timezone.now()
    cluster, _ = Cluster.objects.get_or_create(
        slug=settings.DEFAULT_CLUSTER_SLUG, defaults={"name": "Cluster Metall (Benchmark)"}
    )
    districts, actors, users, manager = people(scale, rng, cluster)
    series = ev.EventSeries.objects.create(
        cluster=cluster, slug="werkstattgespraeche", title="Innovation im Metallhandwerk"
    )
    # Events at 10:00 (Berlin) on random days of 2025–2027; the big one (0) today, check-in open.
    days = (datetime.date(2028, 1, 1) - datetime.date(2025, 1, 1)).days
    formats = [f for f in ev.EventFormat.values if f != ev.EventFormat.B2B_DAY]
    events = []
    for n in range(50 * scale):
        day = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(days))
        starts = datetime.datetime.combine(day, datetime.time(10), tzinfo=BERLIN)
        starts = now + datetime.timedelta(hours=1) if n == 0 else starts
        past = starts + datetime.timedelta(hours=3) < now
        names, weights = ("held documented published cancelled", [60, 25, 10, 5]) if past else (
            "published draft cancelled", [90, 5, 5])  # fmt: skip
        status = "published" if n == 0 else rng.choices(names.split(), weights)[0]
        fmt = ev.EventFormat.WORKSHOP_TALK if 1 <= n <= 100 else rng.choice(formats)
        events.append(
            ev.Event(
                cluster=cluster, slug=f"bench-event-{n:04d}", format=fmt,
                series=series if 1 <= n <= 100 else None,
                title=f"{ev.EventFormat(fmt).label} Nr. {n}",
                description="Praxisnahes Gespräch über Leichtbau und Fügetechnik. " * 4,
                starts_at=starts, ends_at=starts + datetime.timedelta(hours=3),
                venue_name="Lehrwerkstatt", street="Musterstraße 1", postal_code="14467",
                municipality="Potsdam", district=rng.choice(districts),
                is_public=n == 0 or rng.random() > 0.15, status=status,
                published_at=now,
            )
        )  # fmt: skip
    ev.Event.objects.bulk_create(events)
    events = list(ev.Event.objects.filter(slug__startswith="bench-event-").order_by("slug"))
    # Registrations: 300 for the big event, 20 of the member (user 0), the rest spread.
    rest = 2500 * scale - 300 - 20
    shares = [rng.paretovariate(2.5) for _ in events[1:]]
    counts = [300] + [min(int(rest * s / sum(shares)), len(users) - 1) for s in shares]
    counts[1] += rest - sum(counts[1:])
    member_events = set(rng.sample(range(1, len(events)), 20))
    tickets = ev.TicketType.objects.bulk_create(
        ev.TicketType(event=e, name="Teilnahme", capacity=max(20, c + rng.randint(-5, 30)))
        for e, c in zip(events, counts, strict=True)
    )
    rows, entered = [], []
    surnames, first_names = SURNAMES.split(), FIRST_NAMES.split()
    for index, (event, ticket, count) in enumerate(zip(events, tickets, counts, strict=True)):
        chosen = rng.sample(range(1, len(users)), count) + [0] * (index in member_events)
        past = event.ends_at < now
        for person in chosen:
            status = "confirmed"
            if index and person:
                status = rng.choices(["confirmed", "cancelled", "waitlisted"], [90, 7, 3])[0]
                status = "cancelled" if past and status == "waitlisted" else status
            rows.append(
                ev.Registration(
                    event=event, ticket_type=ticket, user=users[person], actor=actors[person],
                    first_name=rng.choice(first_names), last_name=rng.choice(surnames),
                    email=users[person].email, status=status,
                    confirmed_at=now if status == "confirmed" else None,
                    waitlisted_at=now if status == "waitlisted" else None,
                    ticket_code=secrets.token_urlsafe(18),
                )
            )  # fmt: skip
            if (
                past
                and status == "confirmed"
                and event.status != "cancelled"
                and rng.random() < 0.85
            ):
                entered.append((rows[-1], event.starts_at))
    ev.Registration.objects.bulk_create(rows, batch_size=2000)
    if rows[0].pk is None:  # backends without RETURNING
        by_code = dict(ev.Registration.objects.values_list("ticket_code", "pk"))
        for row in rows:
            row.pk = by_code[row.ticket_code]
    ev.CheckIn.objects.bulk_create(
        (ev.CheckIn(registration_id=r.pk, kind="entry", method="qr", scanned_at=at)
         for r, at in entered),
        batch_size=2000,
    )  # fmt: skip
    ev.CalendarFeedToken.objects.create(user=users[0], token=secrets.token_urlsafe(24))
    return cluster, events, users, actors, manager, series, len(rows), len(entered)


def measure(call, repeat: int) -> tuple[list[float], int, object]:
    """Times of `repeat` calls after 2 warm-up calls; the queries of one more; its result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        call()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    connection.queries_log.clear()  # DEBUG keeps only the last 9,000
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return times, len(queries), result


def summary(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:8.1f} {max(times) * 1000:8.1f}"


def timed_get(client, path: str, repeat: int) -> str:
    def get():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    times, queries, response = measure(get, repeat)
    return f"{summary(times)} {queries:7d} {len(response.content) // 1024:5d} KB"


def pages(world, repeat: int) -> None:
    from django.db.models import Count
    from django.db.models.functions import TruncMonth
    from django.test import Client
    from django.urls import reverse

    from clusterwerk.events.models import CalendarFeedToken, Event, Registration

    cluster, events, users, _actors, manager, series, *_ = world
    visible = Event.objects.filter(cluster=cluster, is_public=True).exclude(status="draft")
    busy = (
        visible.annotate(month=TruncMonth("starts_at")).values("month")
        .annotate(n=Count("pk")).order_by("-n").first()
    )  # fmt: skip
    month, big = busy["month"].strftime("%Y-%m"), events[0]
    last_name = Registration.objects.filter(event=big).values_list("last_name", flat=True)[0]
    token = CalendarFeedToken.objects.get(user=users[0]).token
    anonymous, member, organiser = Client(), Client(), Client()
    member.force_login(users[0])
    organiser.force_login(manager)
    public = [
        ("list /veranstaltungen/", "/veranstaltungen/"),
        (f"month {month} ({busy['n']} events)", f"/veranstaltungen/?ansicht=monat&monat={month}"),
        ("filtered ?format=workshop_talk", "/veranstaltungen/?format=workshop_talk"),
        ("event page (300 registrations)", big.get_absolute_url()),
        ("series ICS (100 events)", reverse("events:series-ics", args=[series.slug])),
        ("API /api/v1/events/?limit=50", "/api/v1/events/?limit=50"),
    ]
    print(f"\npages (ms: median, max of {repeat}; queries of one request; size)")
    print(f"{'page':42s} {'client':9s} {'median':>8s} {'max':>8s} {'queries':>7s} {'size':>8s}")
    for label, path in public:
        for name, client in (("anonymous", anonymous), ("member", member)):
            print(f"{label:42s} {name:9s} {timed_get(client, path, repeat)}")
    own = [
        ("/veranstaltungen/meine/ (20 registrations)", member, "member", reverse("events:mine")),
        ("personal feed (20 events)", anonymous, "token", reverse("events:feed", args=[token])),
        ("…/anmeldungen/ (300 registrations)", organiser, "organiser",
         reverse("events:registrations", args=[big.slug])),
        (f"…/einlass/?q={last_name} (300 registrations)", organiser, "organiser",
         reverse("events:checkin", args=[big.slug]) + f"?q={last_name}"),
    ]  # fmt: skip
    for label, client, name, path in own:
        print(f"{label:42s} {name:9s} {timed_get(client, path, repeat)}")


def rate(took: list[float], unit: str) -> str:
    ordered = sorted(took)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (
        f"{len(took) / sum(took):7.1f} {unit}/s  (p50 {statistics.median(ordered) * 1000:5.1f} ms,"
        f" p95 {p95 * 1000:5.1f} ms)"
    )


def new_event(cluster, slug: str, capacity: int):
    from django.utils import timezone

    from clusterwerk.events.tests.factories import make_event

    starts = timezone.now() + datetime.timedelta(days=30)
    return make_event(cluster, slug=slug, capacity=capacity, starts_at=starts)


def person(users, actors, n: int, last_name: str) -> dict:
    user = users[n]
    return {"user": user, "actor": actors[n], "first_name": "Erika", "last_name": last_name,
            "email": user.email}  # fmt: skip


def services(world) -> None:
    from django.db import connection

    from clusterwerk.events.models import Registration
    from clusterwerk.events.services.checkin import check_in
    from clusterwerk.events.services.registration import register

    cluster, events, users, actors, manager, *_ = world
    print("\nservices")
    event = new_event(cluster, "bench-register", 400)
    ticket = event.ticket_types.get()
    times = {"confirmed": [], "waitlisted": []}
    for n in range(1, 501):
        start = time.perf_counter()
        done = register(event=event, ticket_type=ticket, **person(users, actors, n, f"Muster{n}"))
        times[done.status].append(time.perf_counter() - start)
    assert (len(times["confirmed"]), len(times["waitlisted"])) == (400, 100)
    print(f"register() one by one, 400 seats        {rate(times['confirmed'], 'registrations')}")
    print(f"register() into the waiting list (100)  {rate(times['waitlisted'], 'registrations')}")
    big, took = events[0], []
    for code in Registration.objects.filter(event=big).values_list("ticket_code", flat=True):
        start = time.perf_counter()
        check_in(event=big, code=code, kind="entry", by=manager)
        took.append(time.perf_counter() - start)
    print(f"check_in() over {len(took)} tickets              {rate(took, 'scans')}")
    if connection.vendor != "postgresql":
        print("50 threads for the last 5 seats: PostgreSQL only (skipped on SQLite)")
        return
    race(cluster, users, actors)


def race(cluster, users, actors) -> None:
    from django.db import connection

    from clusterwerk.events.services.registration import register
    from clusterwerk.events.tests.factories import make_registration

    event = new_event(cluster, "bench-race", 100)
    ticket = event.ticket_types.get()
    for n in range(600, 695):
        make_registration(event, user=users[n])
    barrier, errors = threading.Barrier(50), []

    def one(n: int) -> None:
        try:
            barrier.wait()
            register(event=event, ticket_type=ticket, **person(users, actors, n, f"Schnell{n}"))
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=one, args=(n,)) for n in range(700, 750)]
    start = time.perf_counter()
    for method in (threading.Thread.start, threading.Thread.join):
        for thread in threads:
            method(thread)
    wall = time.perf_counter() - start
    racers = event.registrations.filter(last_name__startswith="Schnell")
    confirmed = racers.filter(status="confirmed").count()
    waitlisted = racers.filter(status="waitlisted").count()
    print(
        f"50 threads for the last 5 seats: wall {wall * 1000:.0f} ms; confirmed {confirmed}, "
        f"waitlisted {waitlisted}, errors {len(errors)}"
    )
    assert not errors, errors[:3]
    assert (confirmed, waitlisted) == (5, 45), (confirmed, waitlisted)
    assert event.registrations.filter(status="confirmed").count() == 100


def report(cluster, repeat: int) -> None:
    from clusterwerk.events.reporting import events_year_figures

    times, queries, figures = measure(lambda: events_year_figures(cluster, YEARS), repeat)
    print(f"\nevents_year_figures({YEARS[0]}–{YEARS[-1]}) ms median, max {summary(times)}")
    print(
        f"  {queries} queries; held {figures.series(figures.held)}, participants "
        f"{figures.series(figures.participants)}, confirmed {figures.series(figures.confirmed)}, "
        f"organisations {figures.series(figures.organisations)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name, default in (("--scale", 10), ("--repeat", 20), ("--seed", 2025)):
        parser.add_argument(name, type=int, default=default)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    world = build(args.scale, args.seed)
    if connection.vendor == "postgresql":  # statistics, as autovacuum keeps them in production
        connection.cursor().execute("ANALYZE")
    cluster, events, *_, rows, checked_in = world
    past = sum(1 for e in events if e.ends_at < timezone.now())
    print(
        f"database: {connection.vendor}; scale {args.scale}: {len(events)} events "
        f"({past} past), {len(world[3])} actors, {rows} registrations, {checked_in} check-ins; "
        f"set-up {time.perf_counter() - started:.1f} s (migrate {migrated - started:.1f} s, "
        f"build {time.perf_counter() - migrated:.1f} s)"
    )
    pages(world, args.repeat)
    services(world)
    report(cluster, args.repeat)


if __name__ == "__main__":
    main()
