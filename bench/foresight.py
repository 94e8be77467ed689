#!/usr/bin/env python
"""Benchmark: the foresight (issue 17) at ten times the demo – results, radar, reports, the
rating page and the panel's saves.

Usage: .venv/bin/python bench/foresight.py [--scale 10] [--raters 20] [--repeat 20]
                                           [--database-url URL]

Builds its world in a throw-away SQLite file (or, with --database-url / DATABASE_URL, in that
database, which it migrates; create and drop a PostgreSQL database yourself, e.g.

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE cw_bench_foresight'
    .venv/bin/python bench/foresight.py \\
        --database-url postgres://postgres@127.0.0.1:5432/cw_bench_foresight
    psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE cw_bench_foresight'

Scale: the demo (`seed_foresight_demo`) has 25 items and 20 panellists who each rate every
item. `--scale N` multiplies the items and the panel (25 × N items, 20 × N panellists) and keeps
the workload of one person as in the demo: each item is rated by `--raters` panellists (20,
the demo's panel), so each panellist rates 25 items. At scale 10 that is 250 items, 200
panellists, 5 criteria, 25,000 ratings per round (`--raters 200`, everyone rating all 250
items, would give 250,000 per round: a Delphi panel does not rate 250 items each).

The world (bulk_create), at `--scale 10`:
- last cycle (published, classic, 1 round): 6 × N = 60 items, rated by 12 panellists each –
  the "previous" cycle for the radar's markers new/moved, and the 60-item radar page;
- this cycle (published, classic, 2 rounds): 250 items (50 carried from the last cycle, the
  rest new) in the 5 default segments, the default criteria and rings, 200 panellists;
  both rounds rated (about 8 % "kann ich nicht beurteilen", reasons on answers outside the
  first round's IQR), the expertise of each rater on each of their items, 2 comments per item;
- a real-time cycle in the rating phase: 250 items, 200 panellists, round 1 rated the same
  way; the panellist measured rates 25 items already.

Prints (ms: median and slowest of `--repeat` after 2 warm-ups; the queries of one more):
`results.cycle_results` (both rounds, the real-time cycle), `exports.cycle_report`,
`radar.layout` alone for 60 and 250 items (also 60 in one cell); the pages through the test
client (results, radar, PDF and XLSX, the rating list and page, the feedback partial); the
`foresight_results` command; `services.rating.save_rating` one by one in the real-time cycle
with the reason check (answers without reasons: the check runs for every criterion; an answer
the rule rejects is saved again with reasons). PostgreSQL gets ANALYZE after the load.
"""

import argparse
import contextlib
import io
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEMO_ITEMS, DEMO_PANEL, LAST_RATERS = 25, 20, 12
CANNOT_JUDGE = 0.08
REASON = "Die Entwicklung hängt an Förderprogrammen, die noch nicht beschlossen sind."


def people(count: int, cluster):
    from django.contrib.auth.hashers import make_password

    from clusterwerk.accounts.models import Role, RoleAssignment, User

    password = make_password(None)
    User.objects.bulk_create(
        User(email=f"expert{n:04d}@example.org", password=password) for n in range(count)
    )
    users = list(User.objects.filter(email__startswith="expert").order_by("email"))
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, cluster=cluster, role=Role.MEMBER) for u in users
    )
    manager = User.objects.create_user(email="management@example.org", password=None)
    RoleAssignment.objects.create(user=manager, cluster=cluster, role=Role.CLUSTER_MANAGER)
    return users, manager


def cycle(cluster, *, slug, year, mode, status, current_round=1, previous=None):
    from django.utils import timezone

    from clusterwerk.foresight.defaults import DEFAULT_CRITERIA, DEFAULT_RINGS, DEFAULT_SEGMENTS
    from clusterwerk.foresight.models import Criterion, Cycle, Ring, Segment

    made = Cycle.objects.create(
        cluster=cluster, slug=slug, year=year, title=f"Markt- und Technologievorausschau {year}",
        description="Welche Entwicklungen verändern die Metallbranche? " * 3, mode=mode,
        status=status, current_round=current_round, previous=previous,
        opened_at=timezone.now(),
        published_at=timezone.now() if status == "published" else None,
    )  # fmt: skip
    Criterion.objects.bulk_create(
        Criterion(cycle=made, order=n, role=c["role"], name=str(c["name"]),
                  question=str(c["question"]), labels=[str(x) for x in c["labels"]],
                  consensus_iqr=c["consensus_iqr"])
        for n, c in enumerate(DEFAULT_CRITERIA)
    )  # fmt: skip
    Segment.objects.bulk_create(
        Segment(cycle=made, name=str(name), order=n) for n, name in enumerate(DEFAULT_SEGMENTS)
    )
    Ring.objects.bulk_create(
        Ring(cycle=made, name=str(name), upper=upper, order=n)
        for n, (name, upper) in enumerate(DEFAULT_RINGS)
    )
    return made


def items(made, count: int, rng, *, carried=()):
    """`count` items; the first ones carry the lineage (and key) of `carried`."""
    from clusterwerk.foresight.models import Item, ItemKind, Steep

    segments = list(made.segments.all())
    rows = []
    for n in range(count):
        old = carried[n] if n < len(carried) else None
        rows.append(
            Item(cycle=made, key=old.key if old else f"F-{n:03d}",
                 lineage=old.lineage if old else uuid.uuid4(), carried_from=old,
                 title=f"Entwicklung {n:03d}: Wasserstoff in der Wärmebehandlung",
                 description="Eine Entwicklung, die das Cluster betrifft. " * 4,
                 kind=rng.choice(ItemKind.values), steep=rng.choice(Steep.values),
                 segment=rng.choice(segments), tags=["Wasserstoff", "Energie"])
        )  # fmt: skip
    Item.objects.bulk_create(rows, batch_size=1000)
    return list(Item.objects.filter(cycle=made).order_by("pk"))


def panel(made, users, *, prefix="Expert/in"):
    from django.utils import timezone

    from clusterwerk.foresight.models import Panellist, StakeholderGroup

    groups = StakeholderGroup.values
    Panellist.objects.bulk_create(
        Panellist(cycle=made, user=u, name=f"Person {n:04d}", email=u.email,
                  pseudonym=f"{prefix} {n + 1:03d}", stakeholder_group=groups[n % len(groups)],
                  token=secrets.token_urlsafe(24), invited_at=timezone.now(),
                  accepted_at=timezone.now())
        for n, u in enumerate(users)
    )  # fmt: skip
    return list(Panellist.objects.filter(cycle=made).order_by("pk"))


def _value(centre: float, steps: int, rng, spread: float = 0.9) -> int | None:
    if rng.random() < CANNOT_JUDGE:
        return None
    return max(1, min(steps, round(centre + rng.gauss(0, spread))))


def _quartiles(values):
    if len(values) < 2:
        return None
    q1, _median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def ratings(made, made_items, seats, raters: int, rounds: int, rng) -> dict:
    """Each item rated by `raters` panellists (a rotation: every panellist the same load),
    `rounds` rounds; round 2 moves a third of the answers towards the first round's median;
    reasons on answers outside the round's IQR (most of them); expertise per rater and item."""
    from clusterwerk.foresight.models import Comment, Expertise, Rating

    criteria = list(made.criteria.all())
    order = seats[:]
    rng.shuffle(order)
    rows, expertise, comments, centres = [], [], [], {}
    for index, item in enumerate(made_items):
        chosen = [order[(index * raters + k) % len(order)] for k in range(raters)]
        for seat in chosen:
            expertise.append(Expertise(panellist=seat, item=item, level=rng.randint(1, 5)))
        for criterion in criteria:
            centre = rng.uniform(1.3, criterion.steps - 0.3)
            centres[(item.pk, criterion.pk)] = centre
            first = {seat.pk: _value(centre, criterion.steps, rng) for seat in chosen}
            answered = [v for v in first.values() if v is not None]
            median = statistics.median(answered) if answered else None
            for number in range(1, rounds + 1):
                now = first
                if number > 1:
                    now = {
                        pk: round(median) if v is not None and rng.random() < 0.35 else v
                        for pk, v in first.items()
                    }
                quartiles = _quartiles([v for v in now.values() if v is not None])
                for seat in chosen:
                    value = now[seat.pk]
                    outside = (
                        quartiles
                        and value is not None
                        and not (quartiles[0] <= value <= quartiles[1])
                    )
                    rows.append(
                        Rating(item=item, criterion=criterion, panellist=seat, round=number,
                               value=value, cannot_judge=value is None,
                               first_value=first[seat.pk],
                               reason=REASON if outside and rng.random() < 0.8 else "")
                    )  # fmt: skip
        for k in range(2):
            comments.append(
                Comment(item=item, panellist=chosen[k], body="Das sehen wir in der Praxis.")
            )
    Rating.objects.bulk_create(rows, batch_size=2000)
    Expertise.objects.bulk_create(expertise, batch_size=2000)
    Comment.objects.bulk_create(comments, batch_size=2000)
    return {"ratings": len(rows), "expertise": len(expertise), "centres": centres}


def build(scale: int, raters: int, seed: int):
    from django.conf import settings

    from clusterwerk.core.models import Cluster

    rng = random.Random(seed)
    cluster, _ = Cluster.objects.get_or_create(
        slug=settings.DEFAULT_CLUSTER_SLUG, defaults={"name": "Cluster Metall (Benchmark)"}
    )
    panel_size, item_count = DEMO_PANEL * scale, DEMO_ITEMS * scale
    raters = min(raters, panel_size)
    users, manager = people(panel_size, cluster)

    last = cycle(cluster, slug="vorausschau-letzte", year=2024, mode="rounds", status="published")
    last_items = items(last, 6 * scale, rng)
    last_seats = panel(last, users)
    last_figures = ratings(last, last_items, last_seats, min(LAST_RATERS, panel_size), 1, rng)

    main = cycle(cluster, slug="vorausschau", year=2026, mode="rounds", status="published",
                 current_round=2, previous=last)  # fmt: skip
    main_items = items(main, item_count, rng, carried=last_items[: 5 * scale])
    main_seats = panel(main, users)
    main_figures = ratings(main, main_items, main_seats, raters, 2, rng)

    live = cycle(cluster, slug="echtzeit", year=2027, mode="realtime", status="rating")
    live_items = items(live, item_count, rng)
    live_seats = panel(live, users)
    live_figures = ratings(live, live_items, live_seats, raters, 1, rng)
    return {
        "cluster": cluster,
        "manager": manager,
        "users": users,
        "last": last,
        "main": main,
        "live": live,
        "live_items": live_items,
        "live_seats": live_seats,
        "centres": live_figures["centres"],
        "figures": {
            "panel": panel_size,
            "raters": raters,
            "items": item_count,
            "last_items": len(last_items),
            "last_ratings": last_figures["ratings"],
            "carried": 5 * scale,
            "main_ratings": main_figures["ratings"],
            "main_expertise": main_figures["expertise"],
            "live_ratings": live_figures["ratings"],
        },
    }


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


def row(label: str, times: list[float], queries: int, extra: str = "") -> None:
    print(f"{label:56s} {summary(times)} {queries:7d} {extra}")


def header(title: str, repeat: int) -> None:
    print(f"\n{title} (ms: median, max of {repeat}; queries of one more)")
    print(f"{'':56s} {'median':>8s} {'max':>8s} {'queries':>7s}")


def fresh(made):
    """The cycle as a view reads it (no cached criteria or segments)."""
    from clusterwerk.foresight.models import Cycle

    return Cycle.objects.select_related("cluster", "previous").get(pk=made.pk)


def functions(world, repeat: int) -> None:
    from django.core.management import call_command

    from clusterwerk.foresight import exports, radar, results

    header("functions", repeat)
    main, live, f = world["main"], world["live"], world["figures"]
    label = f"results.cycle_results, round 2 ({f['items']} items, {f['main_ratings'] // 2} ratings)"
    times, queries, rows = measure(lambda: results.cycle_results(fresh(main)), repeat)
    consensus = sum(r.consensus for r in rows)
    row(label, times, queries, f"{consensus} with consensus")
    times, queries, _ = measure(lambda: results.cycle_results(fresh(main), round=1), repeat)
    row("results.cycle_results, round 1 (no previous round)", times, queries)
    times, queries, _ = measure(lambda: results.cycle_results(fresh(live)), repeat)
    row(f"results.cycle_results, real time ({f['live_ratings']} ratings)", times, queries)
    times, queries, report = measure(lambda: exports.cycle_report(fresh(main)), repeat)
    markers = {}
    for r in report.rows:
        markers[r.marker] = markers.get(r.marker, 0) + 1
    row("exports.cycle_report (with the previous cycle's results)", times, queries,
        ", ".join(f"{k or 'none'} {v}" for k, v in sorted(markers.items())))  # fmt: skip

    blips = [
        radar.BlipInput(r.number, r.item.key, r.item.title, r.segment_index, r.ring_index,
                        r.marker)
        for r in report.rows if not r.off_radar
    ]  # fmt: skip
    segments, rings = report.segments, report.rings
    for count in (60, len(blips)):
        chosen = blips[:count]
        times, queries, _ = measure(lambda c=chosen: radar.layout(segments, rings, c), repeat)
        row(f"radar.layout alone, {len(chosen)} items", times, queries)
    one_cell = [radar.BlipInput(n + 1, f"Z-{n:02d}", f"Entwicklung {n}", 2, 1) for n in range(60)]
    times, queries, _ = measure(lambda: radar.layout(segments, rings, one_cell), repeat)
    row("radar.layout alone, 60 items in one cell", times, queries)
    times, queries, _ = measure(lambda: radar.render_svg(report.radar_layout, title="Radar",
                                                         description=""), repeat)  # fmt: skip
    row(f"radar.render_svg, {len(blips)} items", times, queries)

    for file_format in ("json", "text"):

        def command(fmt=file_format):
            out = io.StringIO()
            call_command("foresight_results", cycle=main.slug, format=fmt, stdout=out)
            return out.getvalue()

        times, queries, text = measure(command, repeat)
        row(f"foresight_results --format {file_format}", times, queries,
            f"{len(text) // 1024} KB")  # fmt: skip


def timed_get(client, path: str, repeat: int, **extra) -> str:
    def get():
        response = client.get(path, **extra)
        assert response.status_code == 200, (path, response.status_code)
        return response

    times, queries, response = measure(get, repeat)
    return f"{summary(times)} {queries:7d} {len(response.content) // 1024:5d} KB"


def pages(world, repeat: int) -> None:
    from django.test import Client
    from django.urls import reverse

    from clusterwerk.foresight.models import Rating
    from clusterwerk.foresight.services.rating import value_key

    main, last, live = world["main"], world["last"], world["live"]
    anonymous, management, expert = Client(), Client(), Client()
    management.force_login(world["manager"])
    seat = world["live_seats"][0]
    expert.force_login(seat.user)
    own = Rating.objects.filter(panellist=seat).select_related("item", "criterion").first()
    key, criterion = own.item.key, own.criterion
    n, m = world["figures"]["items"], world["figures"]["last_items"]
    listed = [
        (f"results page ({n} items)", anonymous, "anonymous",
         reverse("foresight:results", args=[main.slug])),
        (f"results page ({n} items)", management, "management",
         reverse("foresight:results", args=[main.slug])),
        ("results page, ?ansicht=gruppen", management, "management",
         reverse("foresight:results", args=[main.slug]) + "?ansicht=gruppen"),
        ("item fact sheet", anonymous, "anonymous",
         reverse("foresight:item", args=[main.slug, key])),
        (f"radar page ({n} items)", anonymous, "anonymous",
         reverse("foresight:radar", args=[main.slug])),
        (f"radar page ({m} items, no previous)", anonymous, "anonymous",
         reverse("foresight:radar", args=[last.slug])),
        (f"report PDF ({n} items)", anonymous, "anonymous",
         reverse("foresight:report_pdf", args=[main.slug])),
        (f"report XLSX ({n} items)", anonymous, "anonymous",
         reverse("foresight:report_xlsx", args=[main.slug])),
        (f"rating list, real time ({n} items)", expert, "panellist",
         reverse("foresight:rate", args=[live.slug])),
        ("rating page of an item, real time", expert, "panellist",
         reverse("foresight:rate_item", args=[live.slug, key])),
        ("feedback partial (htmx)", expert, "panellist",
         reverse("foresight:rate_feedback", args=[live.slug, key])
         + f"?criterion={criterion.pk}"),
        ("feedback partial with a choice (reason swapped oob)", expert, "panellist",
         reverse("foresight:rate_feedback", args=[live.slug, key])
         + f"?criterion={criterion.pk}&choice=1&{value_key(criterion.pk)}=1"),
    ]  # fmt: skip
    print(f"\npages (ms: median, max of {repeat}; queries of one request; size)")
    print(f"{'page':52s} {'client':10s} {'median':>8s} {'max':>8s} {'queries':>7s} {'size':>8s}")
    for label, client, name, path in listed:
        extra = {"HTTP_HX_REQUEST": "true"} if "partial" in label else {}
        print(f"{label:52s} {name:10s} {timed_get(client, path, repeat, **extra)}")


def writes(world, saves: int) -> None:
    from django.core.exceptions import ValidationError

    from clusterwerk.foresight.models import Item, Rating
    from clusterwerk.foresight.services.rating import save_rating

    live, seat = world["live"], world["live_seats"][0]
    user, centres = seat.user, world["centres"]
    mine = set(Rating.objects.filter(panellist=seat).values_list("item_id", flat=True))
    own_items = list(Item.objects.filter(pk__in=mine).order_by("pk"))
    new_items = list(Item.objects.filter(cycle=live).exclude(pk__in=mine).order_by("pk"))
    criteria = list(live.criteria.all())
    rng = random.Random(7)
    plan = []
    for n in range(saves):
        pool = own_items if n % 2 == 0 or not new_items else new_items
        plan.append(pool[(n // 2) % len(pool)])
    took, rejected = [], 0
    for n, item in enumerate(plan):
        item = Item.objects.select_related("cycle__cluster").get(pk=item.pk)
        answers = {
            c.pk: max(1, min(c.steps, round(centres[(item.pk, c.pk)] + rng.gauss(0, 1.0))))
            for c in criteria
        }
        start = time.perf_counter()
        try:
            save_rating(user=user, item=item, answers=answers, expertise=1 + n % 5)
        except ValidationError:
            rejected += 1
            save_rating(user=user, item=item, answers=answers,
                        reasons={c.pk: REASON for c in criteria}, expertise=1 + n % 5)  # fmt: skip
        took.append(time.perf_counter() - start)
    ordered = sorted(took)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    print(
        f"\nsave_rating() one by one, {len(took)} saves of 5 answers (real time, reason check; "
        f"half new items, half changed): {len(took) / sum(took):6.1f} saves/s "
        f"(p50 {statistics.median(ordered) * 1000:5.1f} ms, p95 {p95 * 1000:5.1f} ms); "
        f"{rejected} rejected for a missing reason and saved again with reasons (in the time)"
    )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    item = Item.objects.select_related("cycle__cluster").get(pk=own_items[0].pk)
    answers = {c.pk: max(1, min(c.steps, round(centres[(item.pk, c.pk)]))) for c in criteria}
    with CaptureQueriesContext(connection) as captured, contextlib.suppress(ValidationError):
        save_rating(user=user, item=item, answers=answers)
    print(f"queries of one save (5 answers, no reasons): {len(captured.captured_queries)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name, default in (("--scale", 10), ("--raters", DEMO_PANEL), ("--repeat", 20),
                          ("--saves", 100), ("--seed", 2017)):  # fmt: skip
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

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    world = build(args.scale, args.raters, args.seed)
    if connection.vendor == "postgresql":  # statistics, as autovacuum keeps them in production
        connection.cursor().execute("ANALYZE")
    f = world["figures"]
    print(
        f"database: {connection.vendor}; scale {args.scale}: {f['items']} items, "
        f"{f['panel']} panellists, {f['raters']} raters per item, 5 criteria; this cycle "
        f"(classic, 2 rounds, published) {f['main_ratings']} ratings, {f['main_expertise']} "
        f"expertise statements, {f['carried']} items carried from the last cycle "
        f"({f['last_items']} items, {f['last_ratings']} ratings); real-time cycle (rating) "
        f"{f['live_ratings']} ratings; set-up {time.perf_counter() - started:.1f} s "
        f"(migrate {migrated - started:.1f} s, build {time.perf_counter() - migrated:.1f} s)"
    )
    functions(world, args.repeat)
    pages(world, args.repeat)
    writes(world, args.saves)


if __name__ == "__main__":
    main()
