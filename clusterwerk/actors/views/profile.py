"""Placeholder until this module is written."""

from django.http import Http404


def actor_create(request, *args, **kwargs):
    raise Http404


def review_queue(request, *args, **kwargs):
    raise Http404


def review_change(request, *args, **kwargs):
    raise Http404


def actor_redirect(request, *args, **kwargs):
    raise Http404


def actor_detail(request, *args, **kwargs):
    raise Http404


def actor_edit(request, *args, **kwargs):
    raise Http404


def actor_history(request, *args, **kwargs):
    raise Http404


def actor_merge(request, *args, **kwargs):
    raise Http404


def actor_archive(request, *args, **kwargs):
    raise Http404


def contact_data_export(request, *args, **kwargs):
    raise Http404


def contact_erase(request, *args, **kwargs):
    raise Http404
