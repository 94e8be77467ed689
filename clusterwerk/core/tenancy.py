"""The tenant: which cluster a request, a command or a job works for.

Several clusters live in one instance. A web request names its cluster in the path
(`/c/<slug>/…`, see `middleware.ClusterMiddleware`); without the prefix it is the instance's
default cluster (`DEFAULT_CLUSTER_SLUG`, or the only cluster there is). Commands take
`--cluster SLUG` with the same default. Everything below the views receives the cluster
explicitly; this module is the only place that looks the default up.
"""

import re

from django.conf import settings
from django.http import Http404
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _

from clusterwerk.core.models import Cluster


def default_cluster() -> Cluster | None:
    """The instance's default cluster: `DEFAULT_CLUSTER_SLUG`, else the only cluster."""
    cluster = Cluster.objects.filter(slug=settings.DEFAULT_CLUSTER_SLUG).first()
    if cluster is None:
        only = list(Cluster.objects.all()[:2])
        cluster = only[0] if len(only) == 1 else None
    return cluster


def find_cluster(slug: str) -> Cluster | None:
    """The cluster with this slug, or None."""
    return Cluster.objects.filter(slug=slug).first()


def cluster_by_slug(slug: str | None) -> Cluster:
    """The cluster with this slug (the default one for None/""); 404 with a German reason."""
    cluster = find_cluster(slug) if slug else default_cluster()
    if cluster is None:
        raise Http404(_("Dieses Cluster gibt es nicht."))
    return cluster


_PREFIX_CLUSTER = re.compile(r"c/(?P<slug>[-a-z0-9_]+)/$")


def cluster_path(cluster: Cluster, path: str) -> str:
    """`path` – as `reverse()` or `get_absolute_url()` give it here – as an address of
    `cluster`: in a request of that cluster in the request's form (with or without
    `/c/<slug>/`), elsewhere (another cluster's request, a command, an e-mail) `/c/<slug>/…`,
    or unprefixed for the default cluster."""
    prefix = get_script_prefix()
    match = _PREFIX_CLUSTER.search(prefix)
    if match is not None and match["slug"] == cluster.slug:
        return path
    outer = prefix[: match.start()] if match is not None else prefix
    rest = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
    if rest.startswith(f"c/{cluster.slug}/"):
        return f"{outer}{rest}"  # named its cluster already
    if cluster.slug == settings.DEFAULT_CLUSTER_SLUG:
        return f"{outer}{rest}"
    return f"{outer}c/{cluster.slug}/{rest}"


def reverse_for_cluster(cluster: Cluster, viewname: str, args=None, kwargs=None) -> str:
    """The path of a page of `cluster`, wherever it is asked for (`cluster_path`). For links
    that must name their cluster, e.g. `get_absolute_url`."""
    return cluster_path(cluster, reverse(viewname, args=args, kwargs=kwargs))


def cluster_url(cluster: Cluster, path: str = "/") -> str:
    """The absolute address (`SITE_URL`) of `path` in `cluster`, for e-mails and exports
    written outside a request."""
    return settings.SITE_URL.rstrip("/") + cluster_path(cluster, path)


def request_cluster(request) -> Cluster:
    """The cluster a request works for (`middleware.ClusterMiddleware`); 404 on an instance
    without clusters (the lazy default wraps None there)."""
    if not request.cluster:
        raise Http404(_("Dieses Cluster gibt es nicht."))
    return request.cluster
