"""Placeholder until the real views land (replaced in this issue)."""

from django.http import Http404


def brokerage_pipeline(request, *args, **kwargs):
    raise Http404
