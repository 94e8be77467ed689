"""Reference data of Cross Cluster: the topics of masterplan table 4 get their first
recognition rule (`topics.TopicRule`) – keywords from the title and topic areas from the
masterplan's topic classifier – so that their pages show something before a management has
described them.

`tag_topics(cluster, user=…)` touches only the topics of `cluster` that have neither topic
areas nor keywords (a topic the management has described keeps its description): running it
again changes nothing. The portal's `load_reference_data` calls it after the clusters and
their topics are loaded.

Keywords
    The title's significant words, in the order they stand there: German stopwords
    (`core.text.is_stopword`) and the generic words of `data/generic_words.txt` ("neue",
    "Anwendungen", "inkl.") left out, words of fewer than four letters only when they are
    abbreviations in capitals ("KI"), each word once (compared in the normalised form of
    `core.text`, kept as written so that people read and edit them).
Topic areas
    The topic areas of `cluster`'s published masterplan that the classifier
    (`masterplan.classify.suggest_topic_areas`) suggests for the title with a share of at
    least `MIN_SUGGESTION_SHARE`, at most `MAX_TOPIC_AREAS`; none without a published edition.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.core.models import Cluster, CrossClusterTopic
from clusterwerk.core.text import is_stopword, normalize_token
from clusterwerk.masterplan.classify import NoPublishedEdition, suggest_topic_areas

MIN_SUGGESTION_SHARE = 0.2
MAX_TOPIC_AREAS = 3
MIN_WORD_LENGTH = 4
GENERIC_WORDS_FILE = Path(__file__).resolve().parent / "data" / "generic_words.txt"
_WORD_RE = re.compile(r"[^\W\d_][\w]*(?:-[\w]+)*")


@cache
def _generic_words() -> frozenset[str]:
    lines = GENERIC_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        normalize_token(line.strip()) for line in lines if line.strip() and line[0] != "#"
    )


def title_keywords(title: str) -> list[str]:
    """The significant words of a topic's title (see the module docstring)."""
    keywords, seen = [], set()
    for word in _WORD_RE.findall(title):
        normalized = normalize_token(word)
        if is_stopword(word) or normalized in _generic_words() or normalized in seen:
            continue
        if len(normalized) < MIN_WORD_LENGTH and not word.isupper():
            continue
        seen.add(normalized)
        keywords.append(word)
    return keywords


def suggested_lineages(title: str, cluster: Cluster) -> list[str]:
    """The classifier's topic areas for the title above the share threshold."""
    try:
        suggestions = suggest_topic_areas(title, cluster=cluster, limit=MAX_TOPIC_AREAS)
    except NoPublishedEdition:
        return []
    return [s.lineage for s in suggestions if s.score >= MIN_SUGGESTION_SHARE][:MAX_TOPIC_AREAS]


@dataclass
class TaggingReport:
    tagged: int = 0
    kept: int = 0

    def __str__(self) -> str:
        return f"{self.tagged} Cross-Cluster-Themen erschlossen, {self.kept} unverändert"


def tag_topics(cluster: Cluster, *, user) -> TaggingReport:
    """Keywords and topic areas for the undescribed topics of `cluster` (module docstring).
    For the cluster's management and the system user; idempotent."""
    if not manages_cluster(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement erschließt die Cross-Cluster-Themen."))
    report = TaggingReport()
    with transaction.atomic():
        for topic in CrossClusterTopic.objects.filter(cluster=cluster).order_by("order", "pk"):
            if topic.topic_lineages or topic.keywords:
                report.kept += 1
                continue
            topic.keywords = title_keywords(topic.title)
            topic.topic_lineages = suggested_lineages(topic.title, cluster)
            topic.save(update_fields=["keywords", "topic_lineages"])
            report.tagged += 1
    return report
