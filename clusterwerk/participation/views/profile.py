"""Placeholder until the real views land (replaced in this issue)."""

from django.http import Http404


def participant_profile(request, *args, **kwargs):
    raise Http404


def notification_list(request, *args, **kwargs):
    raise Http404
