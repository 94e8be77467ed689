"""Placeholder until the real views land (replaced in this issue)."""

from django.http import Http404


def element_page(request, *args, **kwargs):
    raise Http404


def comment_edit(request, *args, **kwargs):
    raise Http404


def comment_delete(request, *args, **kwargs):
    raise Http404
