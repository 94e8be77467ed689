"""URLs for test_forbidden_logging: a view that refuses and one that breaks."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path


def refuse(request):
    raise PermissionDenied("Nur für das Clustermanagement.")


def break_down(request):
    raise RuntimeError("kaputt")


urlpatterns = [
    path("verboten/", refuse),
    path("kaputt/", break_down),
    path("", include("config.urls")),
]
