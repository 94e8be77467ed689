import re

from django.conf import settings
from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from clusterwerk.core.models import Cluster
from clusterwerk.core.tenancy import default_cluster

CLUSTER_PREFIX = re.compile(r"^/c/(?P<slug>[-a-z0-9_]+)(?=/)")


class ChosenLanguageMiddleware(LocaleMiddleware):
    """German unless the user picked another language with the language switcher.

    Django's LocaleMiddleware follows the browser's Accept-Language header; for a German
    platform whose English catalogue is partial that mixes languages on one page.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ClusterMiddleware:
    """Sets `request.cluster`, the tenant every view works for.

    A path that starts with `/c/<slug>/` is served for that cluster: the prefix is taken off
    the path the URL patterns see and becomes part of the script prefix, so `reverse()` and
    `{% url %}` keep every link in the same cluster. Any other path is served for the
    instance's default cluster (`core.tenancy.default_cluster`). An unknown slug is a 404.
    Views pass `request.cluster` down explicitly; nothing below them looks a cluster up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = CLUSTER_PREFIX.match(request.path_info)
        if match is None:
            # Lazy like `request.user`: a page that never asks costs no query. It may wrap
            # None (an instance without clusters), so test it for truth, not `is None`.
            request.cluster = SimpleLazyObject(default_cluster)
            request.cluster_prefixed = False
            return self.get_response(request)
        slug = match["slug"]
        request.cluster = Cluster.objects.filter(slug=slug).first()
        if request.cluster is None:
            from clusterwerk.core.views import page_not_found

            return page_not_found(request, Http404(_("Dieses Cluster gibt es nicht.")))
        request.cluster_prefixed = True
        request.path_info = request.path_info[match.end() :] or "/"
        outer_prefix = get_script_prefix()
        set_script_prefix(f"{outer_prefix}c/{slug}/")
        try:
            return self.get_response(request)
        finally:
            set_script_prefix(outer_prefix)
