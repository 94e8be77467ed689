"""Readable reasons of a suggestion: the description's own words for the index terms that
carried a topic area's score."""

import re
from collections import defaultdict

from clusterwerk.core.text import (
    index_terms,
    is_synonym_key,
    normalize_token,
    split_compound,
    stem,
)

WORD_RE = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*")


def readable(
    term: str, surfaces: dict[str, list[str]], topic_surface: dict[str, str]
) -> str | None:
    """The description's own word when it stems to the term, else the masterplan's word
    for it (a compound part), else the description's shortest word holding it."""
    candidates = surfaces.get(term, [])
    if is_synonym_key(term):
        return min(candidates, key=len) if candidates else None
    for word in candidates:
        if stem(word) == term:
            return word
    for word in candidates:
        part = compound_part(word, term)
        if part:
            return part
    if term in topic_surface:
        return topic_surface[term]
    return min(candidates, key=len) if candidates else None


def compound_part(word: str, term: str) -> str | None:
    """The part of a compound as written ("Verbundausbildung", "verbund" → "Verbund")."""
    for part in split_compound(word):
        if stem(part) != term:
            continue
        # Normalised position → original position, character by character (ß → ss).
        folded, origin = "", []
        for position, char in enumerate(word):
            piece = normalize_token(char)
            folded += piece
            origin.extend([position] * len(piece))
        start = folded.find(part)
        if start < 0:
            return None
        end = start + len(part)
        written = word[origin[start] : origin[end - 1] + 1]
        return written[:1].upper() + written[1:]
    return None


def query_surfaces(text: str) -> dict[str, list[str]]:
    """Index term → the words (and up to three-word phrases, for synonyms) that yield it."""
    surfaces: dict[str, list[str]] = defaultdict(list)
    words = WORD_RE.findall(text)
    for word in words:
        for term in index_terms(word):
            if word not in surfaces[term]:
                surfaces[term].append(word)
    for size in (2, 3):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            for term in index_terms(phrase):
                if is_synonym_key(term) and phrase not in surfaces[term]:
                    surfaces[term].append(phrase)
    return surfaces
