"""Placeholder until this module is written."""

from django.http import Http404


def district_map(request, *args, **kwargs):
    raise Http404
