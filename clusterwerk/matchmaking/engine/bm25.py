"""Text scoring: Okapi BM25 over the index terms of `clusterwerk.core.text` (stems, compound
parts, synonym keys). A needle of four or more characters also meets longer terms, at half
weight (`core.text.SUBSTRING_HIT`); `Vocabulary` finds those terms in many documents,
`field_match` in one."""

import math
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from clusterwerk.core.text import (
    EXACT_HIT,
    SUBSTRING_HIT,
    SYNONYM_KEY_PREFIX,
    QueryTerm,
    is_synonym_key,
    matches_as_substring,
)

BM25_K1 = 1.2
BM25_B = 0.25


class Vocabulary:
    """The index terms of a field, for finding the terms that contain a needle."""

    def __init__(self, terms: Iterable[str]):
        self.terms = sorted(term for term in terms if not is_synonym_key(term))
        self.starts = []
        offset = 0
        for term in self.terms:
            self.starts.append(offset)
            offset += len(term) + 1
        self.joined = "\n".join(self.terms)
        self._cache: dict[str, tuple[str, ...]] = {}

    def containing(self, needle: str) -> tuple[str, ...]:
        """Terms that hold the needle but are not it (`text.needle_in`'s substring rule)."""
        if not matches_as_substring(needle):
            return ()
        cached = self._cache.get(needle)
        if cached is not None:
            return cached
        found = []
        start = self.joined.find(needle)
        while start != -1:
            index = bisect_right(self.starts, start) - 1
            term = self.terms[index]
            if term != needle:
                found.append(term)
            start = self.joined.find(needle, self.starts[index] + len(term) + 1)
        result = tuple(found)
        if len(self._cache) > 20_000:  # bounded: queries are free text
            self._cache.clear()
        self._cache[needle] = result
        return result


def idf(document_frequency: int, total: int) -> float:
    return math.log(1 + (total - document_frequency + 0.5) / (document_frequency + 0.5))


def saturated(frequency: float, norm: float) -> float:
    return frequency * (BM25_K1 + 1) / (frequency + BM25_K1 * norm)


@dataclass
class TermHits:
    """One query term's share of the text score, per candidate position."""

    term: QueryTerm
    contributions: dict[int, float]


NeedleSets = dict[str, tuple[frozenset[int], frozenset[int]]]


def needle_sets(
    needle: str, postings: dict[str, list[int]], vocabulary: Vocabulary, known: NeedleSets
) -> tuple[frozenset[int], frozenset[int]]:
    """Positions whose field holds the needle as a whole term, and as a whole term or inside
    a longer one; remembered in `known` (a query's words share needles)."""
    if needle not in known:
        exact = frozenset(postings.get(needle, ()))
        longer = vocabulary.containing(needle)
        if longer:
            around = set(exact)
            for term in longer:
                around.update(postings.get(term, ()))
            known[needle] = (exact, frozenset(around))
        else:
            known[needle] = (exact, exact)
    return known[needle]


def field_hits(
    term: QueryTerm,
    postings: dict[str, list[int]],
    vocabulary: Vocabulary,
    known: NeedleSets | None = None,
) -> tuple[set[int], set[int]]:
    """Positions where the term meets the field fully (all needles of an alternative as
    whole terms) and only partly (some needle only inside a longer term)."""
    known = {} if known is None else known
    full: set[int] = set()
    reached: set[int] = set()
    for alternative in term.alternatives:
        sets = [needle_sets(needle, postings, vocabulary, known) for needle in alternative]
        if len(sets) == 1:
            full |= sets[0][0]
            reached |= sets[0][1]
            continue
        full |= frozenset.intersection(*(exact for exact, _around in sets))
        reached |= frozenset.intersection(*(around for _exact, around in sets))
    return full, reached - full


def joined_terms(column: str) -> str:
    """A stored index column (" a b syn:c d ", sorted) for `field_match`: the same without
    synonym keys (a needle meets longer terms, never a synonym key it happens to be part
    of). Sorted, the synonym keys stand together: one cut."""
    first = column.find(" " + SYNONYM_KEY_PREFIX)
    if first == -1:
        return column
    last = column.rfind(" " + SYNONYM_KEY_PREFIX)
    return column[:first] + column[column.index(" ", last + 1) :]


def field_match(term: QueryTerm, terms: frozenset[str], joined: str) -> float:
    """How the term meets one field (its index terms, and `joined_terms` of them):
    `EXACT_HIT` when all needles of an alternative are whole terms, `SUBSTRING_HIT` when all
    meet but some only inside a longer term, else 0 (`field_hits`' rule for one document)."""
    best = 0.0
    for alternative in term.alternatives:
        whole = True
        for needle in alternative:
            if needle in terms:
                continue
            if matches_as_substring(needle) and needle in joined:
                whole = False
                continue
            break
        else:
            if whole:
                return EXACT_HIT
            best = SUBSTRING_HIT
    return best
