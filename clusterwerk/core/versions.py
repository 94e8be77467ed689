"""Data versions: what cached pages and fragments are keyed by, so that no cache outlives a change.

Every cluster has one version per data area (`AREAS`). A service that changes the data of an
area bumps its version (`bump`, or the decorator `changes`); a cached page or fragment puts the
versions of the areas it shows into its key (`cache_key`, `get_or_set`), so a change makes the
next request miss and compute afresh. Nothing relies on a timeout guessed to be short enough:
the timeout of cached values (`MAX_AGE`) only keeps the cache from filling up.

A version is a random token kept in the shared cache (`settings.CACHES`, shared by the web and
the task workers). A version that the cache has lost (evicted, cleared) is replaced by a new
random token, so keys built from it never meet entries made before – a loss is a miss, never
stale content.

A bump happens twice: at once (a later read in the same transaction sees no stale entry) and
again when the transaction commits (`transaction.on_commit`): an entry that another request
computed from the data before the commit, under the version of the first bump, is orphaned by
the second. A rolled-back change only costs a miss.
"""

import functools
import hashlib
import secrets
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

# The data areas; a page names those it shows.
MASTERPLAN = "masterplan"  # editions, their tree and texts, the cluster and its key figures
ACTORS = "actors"  # the directory: actors, competences, contacts, districts, reference data
PROJECTS = "projects"  # projects, partners, funding, assessments
MATCHMAKING = "matchmaking"  # the Kooperationsbörse: listings, interests
PARTICIPATION = "participation"  # consultations, contributions, records
EVENTS = "events"  # events, series, registrations, check-ins, follow-ups, B2B days
AWARD = "award"  # the innovation prize: editions, applications, jury, decisions
FORESIGHT = "foresight"  # foresight cycles, items, panel, ratings, gap decisions
SKILLS = "skills"  # occupations, indicators, survey, supply, training offers, succession
AREAS = (MASTERPLAN, ACTORS, PROJECTS, MATCHMAKING, PARTICIPATION, EVENTS, AWARD, FORESIGHT, SKILLS)

# Memory hygiene only (never what makes content current): cached values live at most a week.
MAX_AGE = 7 * 24 * 3600

_PREFIX = "cw:v1"


def _cluster_id(cluster) -> int | None:
    if cluster is None:
        return None
    return cluster if isinstance(cluster, int) else cluster.pk


def _version_key(cluster_id: int, area: str) -> str:
    return f"{_PREFIX}:version:{cluster_id}:{area}"


def _check_areas(areas: Iterable[str]) -> tuple[str, ...]:
    areas = tuple(areas)
    unknown = set(areas) - set(AREAS)
    if unknown:
        raise ValueError(f"Unknown data area(s): {sorted(unknown)}")
    return areas


def versions(cluster, areas: Iterable[str]) -> dict[str, str]:
    """The current versions of `areas` in `cluster`: one round trip to the cache (two when a
    version is new)."""
    areas = _check_areas(areas)
    cluster_id = _cluster_id(cluster)
    keys = {_version_key(cluster_id, area): area for area in areas}
    found = cache.get_many(list(keys))
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, secrets.token_hex(8), timeout=None)
        found.update(cache.get_many(missing))
    # A cache that keeps nothing (DummyCache) gives a fresh token each time: never a hit.
    return {area: found.get(key) or secrets.token_hex(8) for key, area in keys.items()}


def _all_cluster_ids() -> list[int]:
    from clusterwerk.core.models import Cluster

    return list(Cluster.objects.values_list("pk", flat=True))


def _set_new_versions(cluster_ids: list[int] | None, areas: tuple[str, ...]) -> None:
    if cluster_ids is None:
        cluster_ids = _all_cluster_ids()
    cache.set_many(
        {_version_key(pk, area): secrets.token_hex(8) for pk in cluster_ids for area in areas},
        timeout=None,
    )


def bump(*areas: str, cluster=None, clusters: Iterable | None = None) -> None:
    """Mark the data of `areas` as changed in `cluster` (or in each of `clusters`; with
    neither: in every cluster – for data that all clusters share, e.g. the directory or
    reference data). Call it in the service that writes, inside its transaction."""
    areas = _check_areas(areas)
    if cluster is not None:
        cluster_ids = [_cluster_id(cluster)]
    elif clusters is not None:
        cluster_ids = [_cluster_id(item) for item in clusters]
    else:
        cluster_ids = None
    _set_new_versions(cluster_ids, areas)
    transaction.on_commit(lambda: _set_new_versions(cluster_ids, areas))


def _cluster_in_arguments(arguments: Iterable) -> object | None:
    from clusterwerk.core.models import Cluster

    for value in arguments:
        if isinstance(value, Cluster):
            return value
    for value in arguments:
        cluster_id = getattr(value, "cluster_id", None)
        if isinstance(cluster_id, int):
            return cluster_id
    return None


def changes(*areas: str, shared: bool = False) -> Callable:
    """Decorator for a service that changes the data of `areas`: bumps their versions when
    the service returns (inside its transaction, so again on commit). The cluster is the
    service's `Cluster` argument, else that of the first argument with a `cluster_id` (an
    edition, a listing, a consultation …), else every cluster; `shared=True` (the directory's
    actors belong to several clusters): always every cluster."""
    _check_areas(areas)

    def decorator(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            result = function(*args, **kwargs)
            cluster = None if shared else _cluster_in_arguments([*kwargs.values(), *args])
            bump(*areas, cluster=cluster)
            return result

        return wrapper

    return decorator


def cache_key(name: str, cluster, areas: Iterable[str], *parts, daily: bool = True) -> str:
    """A cache key for `name` in `cluster`: the versions of `areas`, the active language, the
    day (`daily`: content that depends on today's date, e.g. running phases or expired
    listings) and `parts` (role or visibility class, page number …)."""
    current = versions(cluster, areas)
    pieces = [
        name,
        str(_cluster_id(cluster)),
        translation.get_language() or "",
        *(f"{area}={current[area]}" for area in sorted(current)),
        timezone.localdate().isoformat() if daily else "",
        *(str(part) for part in parts),
    ]
    digest = hashlib.sha256("|".join(pieces).encode()).hexdigest()[:32]
    return f"{_PREFIX}:{name}:{digest}"


def get_or_set(name: str, cluster, areas: Iterable[str], compute: Callable, *parts, daily=True):
    """The value of `compute()` cached under `cache_key(name, cluster, areas, *parts)`."""
    key = cache_key(name, cluster, areas, *parts, daily=daily)
    sentinel = object()
    value = cache.get(key, sentinel)
    if value is sentinel:
        value = compute()
        cache.set(key, value, MAX_AGE)
    return value
