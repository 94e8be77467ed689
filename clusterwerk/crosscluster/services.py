"""Writes of Cross Cluster: the management of a topic's own cluster describes the topic –
its explanation, the topic areas of its masterplan and the keywords by which the topic pages
recognise what belongs to it (`topics.TopicRule`).

`CrossClusterTopic` has no edit counter, so the last save wins; the edit page shows what was
stored when it was opened.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.core import validation
from clusterwerk.core.models import Cluster, CrossClusterTopic
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.masterplan.models import number_sort_key
from clusterwerk.masterplan.queries import topic_catalogue

MAX_DESCRIPTION = 3000
MAX_KEYWORDS = 20
MAX_KEYWORD_LENGTH = 80
MAX_TOPIC_AREAS = 10


def topic_numbers(topic: CrossClusterTopic) -> list[str]:
    """The topic's topic areas as numbers of its cluster's published edition (plan order)."""
    return topic_catalogue(topic.cluster).numbers_of(topic.topic_lineages or [])


def topic_data(topic: CrossClusterTopic) -> dict:
    """The topic in the services' format (for forms and the API)."""
    return {
        "description": topic.description,
        "topic_lineages": topic_numbers(topic),
        "keywords": list(topic.keywords or []),
    }


def _lineages(value, cluster: Cluster, errors: PayloadErrors) -> list[str]:
    numbers = validation.string_list(
        value, "topic_lineages", errors, max_items=MAX_TOPIC_AREAS, max_length=20
    )
    catalogue = topic_catalogue(cluster)
    unknown = [number for number in numbers if number not in catalogue.lineage_by_number]
    if unknown:
        errors.add(
            "topic_lineages",
            _("Diese Themenbereiche gibt es im veröffentlichten Masterplan nicht: %(numbers)s.")
            % {"numbers": ", ".join(unknown)},
        )
        return []
    return [catalogue.lineage_by_number[number] for number in sorted(numbers, key=number_sort_key)]


def update_topic(
    *,
    user,
    cluster: Cluster,
    topic: CrossClusterTopic,
    description,
    topic_lineages,
    keywords,
    version: int | None = None,
) -> CrossClusterTopic:
    """Describe `topic` of `cluster`. `topic_lineages`: numbers of the cluster's published
    masterplan ("4.2.1"), a list or a text separated by commas; `keywords` likewise.
    `version` is accepted for the API's sake and ignored (the topic has no edit counter).
    PermissionDenied unless the user manages `cluster` and the topic is `cluster`'s own;
    ValidationError by field (German)."""
    del version
    if topic.cluster_id != cluster.pk or not manages_cluster(user, cluster):
        raise PermissionDenied(
            _("Nur das Clustermanagement des Clusters, das das Thema vorschlägt, ändert es.")
        )
    errors = PayloadErrors()
    values = {
        "description": validation.text(
            description, "description", errors, max_length=MAX_DESCRIPTION
        ),
        "topic_lineages": _lineages(topic_lineages, cluster, errors),
        "keywords": validation.string_list(
            keywords, "keywords", errors, max_items=MAX_KEYWORDS, max_length=MAX_KEYWORD_LENGTH
        ),
    }
    errors.raise_if_any()
    with transaction.atomic():
        locked = CrossClusterTopic.objects.select_for_update().get(pk=topic.pk)
        for name, value in values.items():
            setattr(locked, name, value)
            setattr(topic, name, value)
        locked.save(update_fields=list(values))
    return topic
