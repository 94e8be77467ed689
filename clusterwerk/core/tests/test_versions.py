"""Data versions (`core.versions`) and the system check that wants a cache shared by all
processes."""

import pytest
from django.core.cache import cache
from django.db import transaction

from clusterwerk.core import versions
from clusterwerk.core.checks import refuse_per_process_cache_in_production

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}
DATABASE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "clusterwerk_cache",
    }
}


def current(cluster, area=versions.ACTORS) -> str:
    return versions.versions(cluster, [area])[area]


def test_a_version_stays_until_it_is_bumped(cluster):
    first = current(cluster)
    assert current(cluster) == first
    versions.bump(versions.ACTORS, cluster=cluster)
    assert current(cluster) != first


def test_a_bump_happens_at_once_and_again_on_commit(cluster, django_capture_on_commit_callbacks):
    before = current(cluster)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        versions.bump(versions.ACTORS, cluster=cluster)
        during = current(cluster)
        # Another request computes from the data before the commit and stores it under
        # the version it sees now …
        versions.get_or_set("page", cluster, [versions.ACTORS], lambda: "stale")
    assert during != before
    assert len(callbacks) == 1
    # … the bump on commit orphans that entry.
    assert current(cluster) != during
    assert versions.get_or_set("page", cluster, [versions.ACTORS], lambda: "fresh") == "fresh"


def test_a_lost_version_is_a_miss_never_an_old_entry(cluster):
    assert versions.get_or_set("page", cluster, [versions.ACTORS], lambda: "old") == "old"
    cache.delete(f"cw:v1:version:{cluster.pk}:{versions.ACTORS}")  # evicted
    assert versions.get_or_set("page", cluster, [versions.ACTORS], lambda: "new") == "new"


def test_keys_differ_by_cluster_language_and_parts(cluster, other_cluster):
    from django.utils import translation

    key = versions.cache_key("page", cluster, [versions.ACTORS], "published")
    assert key == versions.cache_key("page", cluster, [versions.ACTORS], "published")
    assert key != versions.cache_key("page", other_cluster, [versions.ACTORS], "published")
    assert key != versions.cache_key("page", cluster, [versions.ACTORS], "management")
    with translation.override("en"):
        assert key != versions.cache_key("page", cluster, [versions.ACTORS], "published")
    with pytest.raises(ValueError):
        versions.cache_key("page", cluster, ["weather"])


def test_the_decorator_bumps_the_cluster_of_the_arguments(cluster, other_cluster):
    @versions.changes(versions.PROJECTS)
    def for_cluster(*, cluster):
        return "done"

    @versions.changes(versions.ACTORS, shared=True)
    def shared(*, cluster):
        return "done"

    mine, theirs = current(cluster, versions.PROJECTS), current(other_cluster, versions.PROJECTS)
    assert for_cluster(cluster=cluster) == "done"
    assert current(cluster, versions.PROJECTS) != mine
    assert current(other_cluster, versions.PROJECTS) == theirs

    mine, theirs = current(cluster), current(other_cluster)
    shared(cluster=cluster)
    assert current(cluster) != mine and current(other_cluster) != theirs


def test_a_failing_service_bumps_nothing(cluster):
    @versions.changes(versions.PROJECTS)
    def failing(*, cluster):
        raise ValueError("no")

    before = current(cluster, versions.PROJECTS)
    with pytest.raises(ValueError):
        failing(cluster=cluster)
    assert current(cluster, versions.PROJECTS) == before


@pytest.mark.parametrize(
    ("debug", "caches", "errors"),
    [
        (False, LOCMEM, ["clusterwerk.E002"]),
        (False, DUMMY, ["clusterwerk.E002"]),
        (False, REDIS, []),
        (False, DATABASE, []),
        (True, LOCMEM, []),
    ],
)
def test_production_refuses_a_cache_per_process(settings, debug, caches, errors):
    settings.DEBUG = debug
    settings.CACHES = caches
    found = refuse_per_process_cache_in_production(None)
    assert [error.id for error in found] == errors
    if errors:
        assert "CACHE_URL" in found[0].hint


def test_the_command_bumps_after_writes_past_the_services(cluster, other_cluster):
    import io

    from django.core.management import call_command

    mine, theirs = current(cluster), current(other_cluster)
    call_command(
        "bump_data_versions", "--area", "actors", "--cluster", cluster.slug, stdout=io.StringIO()
    )
    assert current(cluster) != mine and current(other_cluster) == theirs
    call_command("bump_data_versions", stdout=io.StringIO())
    assert current(other_cluster) != theirs
