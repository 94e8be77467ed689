"""Placeholder until the real views land (replaced in this issue)."""

from django.http import Http404


def review_queue(request, *args, **kwargs):
    raise Http404


def listing_approve(request, *args, **kwargs):
    raise Http404


def listing_return(request, *args, **kwargs):
    raise Http404
