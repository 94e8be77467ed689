"""A plain TF-IDF baseline for the topic-area suggestion.

Word tokens lower-cased, nothing else: no stemming, no compound splitting, no synonyms, no
field weights. Each topic area is one document of all its masterplan texts (and appended
project texts, when given; not the classifier's project vocabulary); a description is compared
by cosine similarity of TF-IDF vectors (smoothed idf, raw term frequency, L2 norm).
"""

import math
import re
from collections import Counter
from collections.abc import Sequence

from clusterwerk.masterplan.classify import TopicText, _number_key

_TOKEN_RE = re.compile(r"[^\W_]+")
# Fields that are not the masterplan's texts: the classifier's own project vocabulary.
NOT_MASTERPLAN = frozenset({"vocabulary"})


def tokens(text: str) -> list[str]:
    return [token.lower() for token in _TOKEN_RE.findall(text or "")]


class TfidfBaseline:
    def __init__(self, topics: Sequence[TopicText]):
        self.topics = sorted(topics, key=lambda topic: _number_key(topic.number))
        counts = [
            Counter(
                tokens(
                    " ".join(
                        text
                        for name, text in topic.fields.items()
                        if text and name not in NOT_MASTERPLAN
                    )
                )
            )
            for topic in self.topics
        ]
        total = len(counts)
        document_frequency: Counter[str] = Counter()
        for topic_counts in counts:
            document_frequency.update(topic_counts.keys())
        self.idf = {
            term: math.log((1 + total) / (1 + df)) + 1 for term, df in document_frequency.items()
        }
        self.vectors = [self._vector(topic_counts) for topic_counts in counts]

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        vector = {
            term: count * self.idf[term] for term, count in counts.items() if term in self.idf
        }
        norm = math.sqrt(sum(weight * weight for weight in vector.values())) or 1.0
        return {term: weight / norm for term, weight in vector.items()}

    def suggest(self, text: str, *, limit: int = 3) -> list[str]:
        """The numbers of the `limit` most similar topic areas, best first."""
        query = self._vector(Counter(tokens(text)))
        if not query:
            return []
        scored = [
            (sum(weight * vector.get(term, 0.0) for term, weight in query.items()), topic)
            for topic, vector in zip(self.topics, self.vectors, strict=True)
        ]
        scored.sort(key=lambda item: (-item[0], _number_key(item[1].number)))
        return [topic.number for score, topic in scored[:limit] if score > 0]
