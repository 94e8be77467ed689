"""Placeholder until the real views land (replaced in this issue)."""

from django.http import Http404


def interview_list(request, *args, **kwargs):
    raise Http404


def interview_create(request, *args, **kwargs):
    raise Http404


def interview_edit(request, *args, **kwargs):
    raise Http404


def workshop_list(request, *args, **kwargs):
    raise Http404


def workshop_create(request, *args, **kwargs):
    raise Http404


def workshop_edit(request, *args, **kwargs):
    raise Http404
