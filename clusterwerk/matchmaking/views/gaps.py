"""Placeholder until the real views land (replaced in this issue)."""

from django.http import Http404


def value_chain(request, *args, **kwargs):
    raise Http404
