"""The product's URLs plus `/__bare__/`: a bare Django view ("ok") behind the same settings and
middleware, the ceiling of requests per second on this machine that the pages are compared
with."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import handler404, handler500


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("__bare__/", bare),
    path("", include("config.urls")),
]

__all__ = ["handler404", "handler500", "urlpatterns"]
