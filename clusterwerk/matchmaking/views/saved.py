"""Placeholder until the real views land (replaced in this issue)."""

from django.http import Http404


def listing_export(request, *args, **kwargs):
    raise Http404


def saved_search_list(request, *args, **kwargs):
    raise Http404


def saved_search_create(request, *args, **kwargs):
    raise Http404


def saved_search_hits(request, *args, **kwargs):
    raise Http404


def saved_search_delete(request, *args, **kwargs):
    raise Http404
