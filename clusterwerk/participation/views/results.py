"""Placeholder until the real views land (replaced in this issue)."""

from django.http import Http404


def results_page(request, *args, **kwargs):
    raise Http404


def results_export(request, *args, **kwargs):
    raise Http404
