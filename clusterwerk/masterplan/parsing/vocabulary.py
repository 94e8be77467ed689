"""Vocabulary-based restoration: the document's own word statistics, and the joining of lines
into flowing text (undoing the line-end hyphenation)."""

import re
from collections import Counter

from clusterwerk.masterplan.parsing.lines import Line

CONJUNCTIONS = {"und", "oder", "bzw.", "sowie", "bis"}
INFLECTIONS = ("es", "en", "s", "n", "e")

WORD = re.compile(r"[0-9A-Za-zÄÖÜäöüß]+(?:-[0-9A-Za-zÄÖÜäöüß]+)*")
TRUNCATION = re.compile(r"(?<![-\w])([A-Za-zÄÖÜäöüß]+)-(?=(,)|\s+(und|oder|bzw\.|sowie)\s)")
PLAIN_BEFORE_CONNECTOR = re.compile(
    r"(?<![-\w])([A-Za-zÄÖÜäöüß]+)(?=(,)\s|\s+(und|oder|bzw\.|sowie)\s)"
)


class Vocabulary:
    """Word statistics of the document, used to repair what the extraction broke."""

    def __init__(self):
        self.counts: Counter = Counter()
        self.hyphenated: dict[str, str] = {}  # "CoronaPandemie" -> "Corona-Pandemie"
        self.truncated: Counter = Counter()  # ("markt", "und") -> times written "Markt- und"
        self.plain: Counter = Counter()  # ("markt", "und") -> times written "Markt und"

    @classmethod
    def build(cls, all_lines: list[Line], regular_lines: list[Line]) -> "Vocabulary":
        vocabulary = cls()
        flowing = join_lines([line for line in all_lines if not line.blank])
        for word in WORD.findall(flowing):
            vocabulary.counts[word] += 1
            if "-" in word:
                vocabulary.hyphenated.setdefault(word.replace("-", ""), word)
                for part in word.split("-"):
                    vocabulary.counts[part] += 1
        regular = join_lines(regular_lines)
        for match in TRUNCATION.finditer(regular):
            vocabulary.truncated[(match.group(1).lower(), match.group(2) or match.group(3))] += 1
        for match in PLAIN_BEFORE_CONNECTOR.finditer(regular):
            vocabulary.plain[(match.group(1).lower(), match.group(2) or match.group(3))] += 1
        return vocabulary

    def knows(self, word: str, minimum: int = 1) -> bool:
        return self.counts.get(word, 0) >= minimum

    def is_truncation(self, word: str, connector: str) -> bool:
        key = (word.lower(), connector)
        return self.truncated[key] > self.plain[key]

    def truncated_anywhere(self, word: str) -> bool:
        lowered = word.lower()
        truncated = sum(n for (w, _c), n in self.truncated.items() if w == lowered)
        return truncated > self.plain[(lowered, ",")]

    def knows_stem(self, word: str) -> bool:
        """Known as it is or without a German inflection ending (Prozesses → Prozess)."""
        candidates = [word] + [word[: -len(end)] for end in INFLECTIONS if word.endswith(end)]
        return any(self.knows(candidate) for candidate in candidates if len(candidate) > 2)


def join_lines(lines: list[Line], vocabulary: Vocabulary | None = None) -> str:
    """Join consecutive lines into flowing text, undoing the line-end hyphenation."""
    text = ""
    previous = None
    for line in lines:
        text = line.text if previous is None else append_line(text, previous, line, vocabulary)
        previous = line
    return text


def append_line(text: str, previous: Line, line: Line, vocabulary: Vocabulary | None) -> str:
    next_text = line.text
    next_word = next_text.split(" ", 1)[0]
    if not text:
        return next_text
    if text.endswith("-") and len(text) > 1 and text[-2].isalpha():
        if previous.ends_with_space or next_word in CONJUNCTIONS or next_word.startswith(","):
            return f"{text} {next_text}"  # "Produkt- und Prozess…": a truncated compound
        if next_word[:1].isupper() or next_word[:1].isdigit():
            return text + next_text  # "Corona-" / "Einschränkungen"
        if vocabulary is not None and keeps_line_end_hyphen(text, next_word, vocabulary):
            return text + next_text
        return text[:-1] + next_text  # "Wirt-" / "schaft"
    if previous.ends_with_space:
        return f"{text} {next_text}"
    if text[-1:].isalpha() and next_word[:1].isalpha():
        # No space before the line break: the word goes on, its hyphen lost in bold type
        # ("Ge" / "staltung"; "MINT" / "Berufe" where the document writes "MINT-Berufe").
        if next_word[:1].islower():
            return text + next_text
        last_word = re.search(r"[A-Za-zÄÖÜäöüß]+$", text[-80:]).group(0)
        first_word = re.match(r"[A-Za-zÄÖÜäöüß]+", next_word).group(0)
        if vocabulary is not None and vocabulary.knows(f"{last_word}-{first_word}"):
            return f"{text}-{next_text}"
    return f"{text} {next_text}"


def keeps_line_end_hyphen(text: str, next_word: str, vocabulary: Vocabulary) -> bool:
    head = re.search(r"([A-Za-zÄÖÜäöüß]+)-$", text[-80:])
    tail = re.match(r"[A-Za-zÄÖÜäöüß]+", next_word)
    if not head or not tail:
        return False
    hyphenated = f"{head.group(1)}-{tail.group(0)}"
    joined = f"{head.group(1)}{tail.group(0)}"
    return vocabulary.knows(hyphenated) and not vocabulary.knows(joined)
