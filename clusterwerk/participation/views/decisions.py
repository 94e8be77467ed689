"""Placeholder until the real views land (replaced in this issue)."""

from django.http import Http404


def proposal_decide(request, *args, **kwargs):
    raise Http404


def proposal_apply(request, *args, **kwargs):
    raise Http404
