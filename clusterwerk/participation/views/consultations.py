"""Placeholder until the real views land (replaced in this issue)."""

from django.http import Http404


def consultation_list(request, *args, **kwargs):
    raise Http404


def consultation_create(request, *args, **kwargs):
    raise Http404


def consultation_detail(request, *args, **kwargs):
    raise Http404


def consultation_edit(request, *args, **kwargs):
    raise Http404


def phase_close(request, *args, **kwargs):
    raise Http404


def follow_toggle(request, *args, **kwargs):
    raise Http404
