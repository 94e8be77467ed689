"""System checks that protect a production deployment from development defaults."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=False)
def refuse_development_secret_in_production(app_configs, **kwargs):
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "DEBUG=False with the development SECRET_KEY.",
                hint="Set SECRET_KEY in the environment to a long random value (see .env.example).",
                id="clusterwerk.E001",
            )
        ]
    return []


PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=False)
def refuse_per_process_cache_in_production(app_configs, **kwargs):
    """Login throttling and rate limits count in the cache, and cached pages are keyed by data
    versions that any process bumps: every web and task worker must share one cache."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if not settings.DEBUG and backend in PER_PROCESS_CACHES:
        return [
            Error(
                f"DEBUG=False with a cache that each process keeps for itself ({backend}).",
                hint=(
                    "Set CACHE_URL to redis://HOST:6379/0 (several machines) or db:// (the "
                    "database cache, one machine or a shared database); see .env.example and "
                    "docs/deployment.md. Login throttling, rate limits and the data versions "
                    "of cached pages would otherwise count per worker."
                ),
                id="clusterwerk.E002",
            )
        ]
    return []
