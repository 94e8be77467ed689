"""The pages of the Beteiligung, by what they show. Every page works for the request's
cluster (`request.cluster`, the tenant) and passes it to the funnels and services."""

from django.http import Http404
from django.utils.translation import gettext as _


def request_cluster(request):
    """The request's cluster, or 404 on an instance without clusters."""
    if not request.cluster:
        raise Http404(_("Dieses Cluster gibt es nicht."))
    return request.cluster
