"""Reads of Cross Cluster with their rules: the topics of a cluster, the access funnel for
one topic, and the clusters a page may offer as partners.

A topic of masterplan table 4 belongs to `topic.cluster` and names `topic.partner_cluster`;
both clusters show it (the table is public). It is changed only by the management of
`topic.cluster`, and only in that cluster's pages.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.core.models import Cluster, CrossClusterTopic


def cluster_topics(cluster: Cluster) -> QuerySet[CrossClusterTopic]:
    """The topics in which `cluster` takes part – as the proposing cluster or as partner."""
    return (
        CrossClusterTopic.objects.filter(Q(cluster=cluster) | Q(partner_cluster=cluster))
        .select_related("cluster", "partner_cluster")
        .order_by("cluster__name", "partner_cluster__name", "order", "pk")
    )


def other_cluster(topic: CrossClusterTopic, cluster: Cluster) -> Cluster:
    """The topic's cluster that is not `cluster`."""
    return topic.partner_cluster if topic.cluster_id == cluster.pk else topic.cluster


def can_edit_topic(user, cluster: Cluster, topic: CrossClusterTopic) -> bool:
    """The management of the topic's own cluster, in that cluster's pages."""
    return topic.cluster_id == cluster.pk and manages_cluster(user, cluster)


def get_topic_for_user(user, cluster: Cluster, pk: int, *, write: bool = False):
    """The access funnel for one topic as seen from `cluster`: 404 when the cluster does not
    take part in it, 403 when `write` and the user may not change it here."""
    try:
        topic = cluster_topics(cluster).get(pk=pk)
    except (CrossClusterTopic.DoesNotExist, ValueError, OverflowError):
        raise Http404(_("Dieses Cross-Cluster-Thema gibt es in diesem Cluster nicht.")) from None
    if write and not can_edit_topic(user, cluster, topic):
        raise PermissionDenied(
            _("Nur das Clustermanagement von %(cluster)s ändert dieses Thema.")
            % {"cluster": topic.cluster.name}
        )
    return topic


def partner_clusters_of(cluster: Cluster) -> QuerySet[Cluster]:
    """The other clusters of the instance, by name (the partner search's choices)."""
    return Cluster.objects.exclude(pk=cluster.pk).order_by("name")
