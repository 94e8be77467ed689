"""Placeholder until this module is written."""

from django.http import Http404


def actor_directory(request, *args, **kwargs):
    raise Http404


def directory_export(request, *args, **kwargs):
    raise Http404
