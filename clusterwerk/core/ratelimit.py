"""Rate limits of anonymous downloads (exports), counted per IP address in the shared cache.

One place for every export view: `limit_anonymous_exports` wraps a view; an anonymous visitor
gets at most `EXPORT_LIMIT` exports per `EXPORT_WINDOW` seconds, then a 429 page with a German
reason (and `Retry-After`). Logged-in people are not limited here: their large exports run as
background jobs. The counter lives in the cache (Redis in production), so it counts across all
web workers; the client address is the one allauth's login throttling uses (it honours
`ALLAUTH_TRUSTED_PROXY_COUNT` behind a proxy).
"""

import functools
import time

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

EXPORT_LIMIT = 10
EXPORT_WINDOW = 10 * 60  # seconds


def client_ip(request) -> str:
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no address at all (a test client without REMOTE_ADDR)
        return "unknown"


def hit(scope: str, identity: str, *, limit: int, window: int) -> int | None:
    """Count one request of `identity` in `scope`. Returns None while within `limit` per
    fixed `window` (seconds), else the seconds until the window ends."""
    now = int(time.time())
    start = now - now % window
    key = f"ratelimit:{scope}:{identity}:{start}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        count = 1
    if count > limit:
        return max(1, start + window - now)
    return None


def anonymous_export_refused(request):
    """The 429 response for an anonymous visitor over the export limit, else None (and the
    export is counted)."""
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return None
    retry_after = hit("export", client_ip(request), limit=EXPORT_LIMIT, window=EXPORT_WINDOW)
    if retry_after is None:
        return None
    response = render(
        request,
        "core/export_rate_limited.html",
        {
            "limit": EXPORT_LIMIT,
            "minutes": EXPORT_WINDOW // 60,
            "retry_minutes": -(-retry_after // 60),
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def limit_anonymous_exports(view):
    """Decorator for export views: anonymous visitors are rate-limited per IP address."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        refused = anonymous_export_refused(request)
        if refused is not None:
            return refused
        return view(request, *args, **kwargs)

    return wrapped
