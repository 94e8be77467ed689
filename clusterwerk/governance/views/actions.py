"""Stand-in until the action items part lands: the addresses other parts link to."""

from django.http import Http404
from django.urls import path


def _pending(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    path("gremien/aufgaben/", _pending, name="action-items"),
]
