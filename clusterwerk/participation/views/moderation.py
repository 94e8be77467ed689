"""Placeholder until the real views land (replaced in this issue)."""

from django.http import Http404


def report_content(request, *args, **kwargs):
    raise Http404


def moderation_queue(request, *args, **kwargs):
    raise Http404


def moderate_content(request, *args, **kwargs):
    raise Http404


def block_toggle(request, *args, **kwargs):
    raise Http404
