#!/usr/bin/env python
"""Benchmark: in-process time of the six public pages, anonymous and as a member.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/cache_s10 \\
           .venv/bin/python bench/public_pages.py [--repeat 20] [--cache locmem|db|as-configured]

It reads an existing database that `make setup` filled (ideally `seed_demo --scale 10`); it
writes nothing but the login session of the demo member and cache entries. Every page is
requested through Django's test client (the whole middleware stack, templates and the cache
as configured), twice to warm up, then `--repeat` times; the figures are the median and the
slowest of those in ms. The last column: the anonymous request right after a change (all data
versions bumped, so the page is computed afresh and stored), median of 5. `--cache` picks
the cache the process uses (default: the embedded default of the settings, i.e. `CACHE_URL`
or the database cache). Without the demo data (e.g. in `make bench` on a fresh checkout) it
says so and stops.

Pages: `/`, the topic area 4.4.2 of the published edition, the profile of the demo company
0001, `/akteure/karte/`, `/monitoring/2019/` (where `/monitoring/metall/2019/` redirects to)
and `/kooperation/`. Results go to docs/benchmarks.md.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MEMBER_EMAIL = "betrieb@example.org"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--cache", choices=["as-configured", "locmem", "db"], default="as-configured"
    )
    return parser.parse_args()


def setup_django(cache: str) -> None:
    if cache == "locmem":
        os.environ["CACHE_URL"] = "locmem://"
    elif cache == "db":
        os.environ["CACHE_URL"] = "db://"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def page_paths() -> list[tuple[str, str]]:
    from django.urls import reverse

    from clusterwerk.actors.models import Actor
    from clusterwerk.core.models import Cluster
    from clusterwerk.masterplan import queries

    cluster = Cluster.objects.get(slug="metall")
    edition = queries.get_published_edition(cluster)
    topic_area = reverse(
        "portal:topic-area", kwargs={"edition_slug": edition.slug, "number": "4.4.2"}
    )
    actor = Actor.objects.filter(name__startswith="Demo-Metallbau 0001").first()
    profile = reverse("portal:actor-profile", kwargs={"pk": actor.pk, "slug": actor.slug})
    return [
        ("/", "/"),
        ("topic area 4.4.2", topic_area),
        ("actor profile (demo company 0001)", profile),
        ("/akteure/karte/", "/akteure/karte/"),
        ("/monitoring/2019/", "/monitoring/2019/"),
        ("/kooperation/", "/kooperation/"),
    ]


def timed(client, path: str, repeat: int) -> tuple[float, float]:
    for _ in range(2):  # warm: the first request fills the caches
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times), max(times)


def after_a_change(client, path: str, rounds: int = 5) -> float | None:
    """The first request after a change (every data version bumped): the page computed
    afresh and stored. None before data versions existed."""
    try:
        from clusterwerk.core import versions
    except ImportError:
        return None
    times = []
    for _ in range(rounds):
        versions.bump(*versions.AREAS)
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times)


def main() -> None:
    arguments = parse_arguments()
    setup_django(arguments.cache)
    from django.conf import settings
    from django.db import DatabaseError, connection
    from django.test import Client

    from clusterwerk.accounts.models import User
    from clusterwerk.core.models import Cluster

    try:
        seeded = (
            Cluster.objects.filter(slug="metall").exists()
            and User.objects.filter(email=MEMBER_EMAIL).exists()
        )
    except DatabaseError:  # not even migrated
        seeded = False
    if not seeded:
        print("skipped: needs a database filled by `make setup` (better: seed_demo --scale 10)")
        return
    anonymous = Client()
    member = Client()
    member.force_login(User.objects.get(email=MEMBER_EMAIL))
    paths = page_paths()
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"database: {connection.vendor}, cache: {backend}, median of {arguments.repeat} (warm)")
    print(
        "| page | anonymous median | anonymous max | member median | member max "
        "| first after a change |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for label, path in paths:
        anonymous_median, anonymous_max = timed(anonymous, path, arguments.repeat)
        member_median, member_max = timed(member, path, arguments.repeat)
        miss = after_a_change(anonymous, path)
        print(
            f"| {label} | {anonymous_median:.1f} ms | {anonymous_max:.1f} ms "
            f"| {member_median:.1f} ms | {member_max:.1f} ms "
            f"| {'–' if miss is None else f'{miss:.1f} ms'} |"
        )


if __name__ == "__main__":
    main()
