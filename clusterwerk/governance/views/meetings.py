"""Stand-in until the meetings part lands: the addresses other parts link to."""

from django.http import Http404
from django.urls import path


def _pending(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    path("gremien/<slug:slug>/sitzungen/neu/", _pending, name="meeting-create"),
    path("gremien/<slug:slug>/sitzungen/<int:pk>/", _pending, name="meeting"),
]
