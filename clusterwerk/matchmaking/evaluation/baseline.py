"""A plain BM25 baseline for the matching engine.

Lower-cased word tokens and nothing else: no stemming, no compound splitting, no synonyms, no
field weights, no kind preference. Each actor is one document of all its texts (the same
texts the engine indexes, see `evaluation.actor_texts`); the need's words are scored with
Okapi BM25 (k1 = 1.2, b = 0.75).
"""

import math
import re
from collections import Counter

_TOKEN_RE = re.compile(r"[^\W_]+")
K1 = 1.2
B = 0.75


def tokens(text: str) -> list[str]:
    return [token.lower() for token in _TOKEN_RE.findall(text or "")]


class Bm25Baseline:
    def __init__(self, documents: dict[str, str]):
        self.keys = sorted(documents)
        self.counts = [Counter(tokens(documents[key])) for key in self.keys]
        self.lengths = [sum(counts.values()) for counts in self.counts]
        self.average_length = (sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0
        document_frequency: Counter[str] = Counter()
        for counts in self.counts:
            document_frequency.update(counts.keys())
        total = len(self.keys)
        self.idf = {
            term: math.log(1 + (total - df + 0.5) / (df + 0.5))
            for term, df in document_frequency.items()
        }

    def score(self, position: int, query: set[str]) -> float:
        counts = self.counts[position]
        norm = K1 * (1 - B + B * self.lengths[position] / (self.average_length or 1.0))
        total = 0.0
        for term in query:
            frequency = counts.get(term, 0)
            if frequency:
                total += self.idf[term] * frequency * (K1 + 1) / (frequency + norm)
        return total

    def rank(self, text: str, *, limit: int = 10) -> list[str]:
        """The keys of the `limit` best documents, best first (ties by key)."""
        query = set(tokens(text))
        scored = [(self.score(position, query), key) for position, key in enumerate(self.keys)]
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [key for score, key in scored[:limit] if score > 0]
