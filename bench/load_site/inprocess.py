"""The Django side of `bench/load.py`, run in a subprocess per database:

    python -m bench.load_site.inprocess resolve --db URL
    python -m bench.load_site.inprocess time --db URL --pages home,map --repeat 5

`resolve` prints the pages' paths on that database as JSON (placeholders filled); `time`
prints, per page, the status and the median wall-clock time in ms of `--repeat` warm GETs
through Django's test client (middleware, tenant, template – no HTTP, no gunicorn), after
`--warmup` untimed ones. The demo member's pages use a session of the demo member.
"""

import argparse
import json
import os
import statistics
import sys
import time


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.load_site.settings"
    import django

    django.setup()


def resolve_paths(keys: list[str]) -> dict[str, str]:
    from django.urls import reverse

    from clusterwerk.actors.queries import FIRST_DEMO_COMPANY_ID, demo_actors
    from clusterwerk.core.tenancy import default_cluster
    from clusterwerk.masterplan import queries

    from .pages import PAGES_BY_KEY, TOPIC_AREA

    cluster = default_cluster()
    edition = queries.get_published_edition(cluster)
    actor = demo_actors(cluster).filter(external_id=FIRST_DEMO_COMPANY_ID).first()
    if edition is None or actor is None:
        raise SystemExit("no published edition or no demo company 0001: run --prepare")
    fill = {
        "topic_area": reverse(
            "portal:topic-area", kwargs={"edition_slug": edition.slug, "number": TOPIC_AREA}
        ),
        "actor_profile": actor.get_absolute_url(),
    }
    return {key: PAGES_BY_KEY[key].path.format(**fill) for key in keys}


def time_pages(keys: list[str], repeat: int, warmup: int) -> dict[str, dict]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from .pages import DEMO_MEMBER, PAGES_BY_KEY

    paths = resolve_paths(keys)
    anonymous = Client(raise_request_exception=False)
    member = Client(raise_request_exception=False)
    member.force_login(get_user_model().objects.get(email=DEMO_MEMBER))
    results = {}
    for key in keys:
        client = member if PAGES_BY_KEY[key].member else anonymous
        statuses = set()
        for _ in range(warmup):
            statuses.add(client.get(paths[key]).status_code)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            statuses.add(client.get(paths[key]).status_code)
            times.append((time.perf_counter() - started) * 1000)
        results[key] = {
            "path": paths[key],
            "median_ms": statistics.median(times),
            "min_ms": min(times),
            "statuses": sorted(statuses),
        }
        print(f"  {key}: {results[key]['median_ms']:.0f} ms", file=sys.stderr, flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["resolve", "time"])
    parser.add_argument("--db", required=True)
    parser.add_argument("--pages", required=True, help="comma-separated page keys")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    setup(args.db)
    keys = args.pages.split(",")
    if args.mode == "resolve":
        result = resolve_paths(keys)
    else:
        result = time_pages(keys, args.repeat, args.warmup)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
