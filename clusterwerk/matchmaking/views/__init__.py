"""The pages of the Kooperationsbörse. Every view works for the request's cluster
(`request.cluster`, see `core.middleware.ClusterMiddleware`) and passes it down."""

from django.http import Http404
from django.utils.translation import gettext as _


def request_cluster(request):
    """The cluster the request is for; 404 on an instance without clusters."""
    if not request.cluster:
        raise Http404(_("Dieses Cluster gibt es nicht."))
    return request.cluster
