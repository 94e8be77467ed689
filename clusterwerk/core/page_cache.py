"""Whole public pages for anonymous visitors, cached per data version (`core.versions`).

A page that carries nothing personal for an anonymous visitor is rendered once per data
version, cluster, language, day and address, and served from the cache afterwards. What is
per request stays per request:

- the CSRF token (every page has one, for htmx and the language switcher): the stored page has
  a placeholder where the token was, and every answer gets the visitor's own token;
- messages: a request with messages waiting is rendered afresh (and consumes them);
- logged-in users, htmx requests, other methods than GET/HEAD, unknown query parameters and
  answers that set cookies or are not 200 pass through uncached.
"""

import functools
import re

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.middleware.csrf import _unmask_cipher_token, get_token

from clusterwerk.core import versions

CSRF_PLACEHOLDER = "\x00csrf-token\x00"
_TOKEN_CANDIDATE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_KEPT_HEADERS = ("Content-Type", "Vary", "X-Robots-Tag", "Link")


def _cacheable_request(request, params: tuple[str, ...]) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.user.is_authenticated or getattr(request, "htmx", False):
        return False
    if any(name not in params for name in request.GET):
        return False
    if not getattr(request, "cluster", None):
        return False
    return len(get_messages(request)) == 0


def _with_placeholder(content: bytes, secret: str | None) -> bytes | None:
    """The page with the CSRF token replaced; None when a token cannot be told apart."""
    if secret is None:
        return content

    def replace(match):
        candidate = match.group().decode()
        if _unmask_cipher_token(candidate) == secret:
            return CSRF_PLACEHOLDER.encode()
        return match.group()

    return _TOKEN_CANDIDATE.sub(replace, content)


def page_key(request, areas, daily: bool) -> str:
    return versions.cache_key(
        "page", request.cluster, areas, request.get_full_path(), request.method, daily=daily
    )


def cache_public_page(*areas: str, params: tuple[str, ...] = (), daily: bool = True):
    """View decorator: serve anonymous visitors the page cached per version of `areas`.

    `params`: the query parameters the page knows (others pass through, so that made-up
    addresses cannot fill the cache); `daily`: the page depends on today's date."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request, params):
                return view(request, *args, **kwargs)
            key = page_key(request, areas, daily)
            stored = cache.get(key)
            if stored is not None:
                return _answer(request, stored)
            response = view(request, *args, **kwargs)
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and len(get_messages(request)) == 0
            ):
                content = _with_placeholder(response.content, request.META.get("CSRF_COOKIE"))
                headers = {
                    name: response[name] for name in _KEPT_HEADERS if response.has_header(name)
                }
                cache.set(key, {"content": content, "headers": headers}, versions.MAX_AGE)
            return response

        return wrapper

    return decorator


def _answer(request, stored: dict):
    from django.http import HttpResponse

    content = stored["content"]
    placeholder = CSRF_PLACEHOLDER.encode()
    if placeholder in content:
        content = content.replace(placeholder, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in stored["headers"].items():
        response[name] = value
    return response
