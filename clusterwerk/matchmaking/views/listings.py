"""Placeholder until the real views land (replaced in this issue)."""

from django.http import Http404


def listing_list(request, *args, **kwargs):
    raise Http404


def listing_create(request, *args, **kwargs):
    raise Http404


def my_listings(request, *args, **kwargs):
    raise Http404


def listing_detail(request, *args, **kwargs):
    raise Http404


def listing_edit(request, *args, **kwargs):
    raise Http404


def listing_submit(request, *args, **kwargs):
    raise Http404


def listing_close(request, *args, **kwargs):
    raise Http404
