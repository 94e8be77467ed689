"""The tenant: which cluster a request, a command or a job works for.

Several clusters live in one instance. A web request names its cluster in the path
(`/c/<slug>/…`, see `middleware.ClusterMiddleware`); without the prefix it is the instance's
default cluster (`DEFAULT_CLUSTER_SLUG`, or the only cluster there is). Commands take
`--cluster SLUG` with the same default. Everything below the views receives the cluster
explicitly; this module is the only place that looks the default up.
"""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

from clusterwerk.core.models import Cluster


def default_cluster() -> Cluster | None:
    """The instance's default cluster: `DEFAULT_CLUSTER_SLUG`, else the only cluster."""
    cluster = Cluster.objects.filter(slug=settings.DEFAULT_CLUSTER_SLUG).first()
    if cluster is None:
        only = list(Cluster.objects.all()[:2])
        cluster = only[0] if len(only) == 1 else None
    return cluster


def cluster_by_slug(slug: str | None) -> Cluster:
    """The cluster with this slug (the default one for None/""); 404 with a German reason."""
    cluster = Cluster.objects.filter(slug=slug).first() if slug else default_cluster()
    if cluster is None:
        raise Http404(_("Dieses Cluster gibt es nicht."))
    return cluster
