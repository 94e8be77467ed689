"""Placeholder until this module is written."""

from django.http import Http404


def import_actors(request, *args, **kwargs):
    raise Http404
