"""The need's topic areas: the cluster it is asked in, and the topic areas with their weights.

Explicit topic areas (a listing's) share the weight 1; a need without them gets the areas
`masterplan.classify` suggests for its text in the cluster's published edition, each weighing
its suggestion's share.
"""

from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.classify import NoPublishedEdition, suggest_topic_areas
from clusterwerk.matchmaking.engine.needs import Need

SUGGESTED_TOPICS = 3


def need_cluster(need: Need) -> Cluster | None:
    """The cluster the need is asked in (None: none, no topic suggestion, no cross-cluster)."""
    if need.cluster_id is None:
        return None
    return Cluster.objects.filter(pk=need.cluster_id).first()


def topic_weights(need: Need, cluster: Cluster | None) -> dict[str, float]:
    """The need's topic areas (lineages) with their weights (see the module docstring)."""
    if need.topic_lineages:
        lineages = {str(lineage) for lineage in need.topic_lineages}
        return {lineage: 1.0 / len(lineages) for lineage in lineages}
    if cluster is None or not need.text.strip():
        return {}
    try:
        suggestions = suggest_topic_areas(need.text, cluster=cluster, limit=SUGGESTED_TOPICS)
    except NoPublishedEdition:
        return {}
    return {suggestion.lineage: suggestion.score for suggestion in suggestions}
