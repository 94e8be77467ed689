"""The project vocabulary of the topic areas (data/topic_terms_2020.txt): words that project
descriptions use and the masterplan's texts lack, per topic-area number.

Keyed by number, as the masterplan 2020 numbers its topic areas: an edition that renumbers
them gets the words of the number it now carries (a test checks that every number of the
2020 reference edition has a line and that the file names no other).
"""

from functools import cache
from pathlib import Path

VOCABULARY_FILE = Path(__file__).resolve().parent / "data" / "topic_terms_2020.txt"


class VocabularyFormatError(ValueError):
    """A line of the vocabulary file does not follow the format; the message names it."""


def parse_vocabulary(source: str, name: str = VOCABULARY_FILE.name) -> dict[str, tuple[str, ...]]:
    """Number → its words, in the file's order."""
    vocabulary: dict[str, tuple[str, ...]] = {}
    for line_number, raw in enumerate(source.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        number, separator, rest = line.partition(":")
        number = number.strip()
        words = tuple(word.strip() for word in rest.split("|") if word.strip())
        if not separator or not number.replace(".", "").isdigit() or not words:
            raise VocabularyFormatError(f"{name}, line {line_number}: expected 'N.N.N: a | b'")
        if number in vocabulary:
            raise VocabularyFormatError(f"{name}, line {line_number}: {number} listed twice")
        vocabulary[number] = words
    return vocabulary


@cache
def topic_vocabulary() -> dict[str, tuple[str, ...]]:
    return parse_vocabulary(VOCABULARY_FILE.read_text(encoding="utf-8"))


def vocabulary_text(number: str) -> str:
    """The words for a topic-area number as one text ("" when the file has none)."""
    return ", ".join(topic_vocabulary().get(number, ()))
