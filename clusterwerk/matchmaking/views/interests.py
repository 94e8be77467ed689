"""Placeholder until the real views land (replaced in this issue)."""

from django.http import Http404


def interest_send(request, *args, **kwargs):
    raise Http404


def interest_accept(request, *args, **kwargs):
    raise Http404


def interest_decline(request, *args, **kwargs):
    raise Http404


def interest_withdraw(request, *args, **kwargs):
    raise Http404
