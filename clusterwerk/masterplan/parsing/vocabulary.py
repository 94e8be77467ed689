"""Vocabulary-based restoration: the document's own word statistics, and the joining of lines
into flowing text (undoing the line-end hyphenation)."""

import re
from collections import Counter

from clusterwerk.masterplan.parsing.lines import Line

CONJUNCTIONS = {"und", "oder", "bzw.", "sowie", "bis"}
INFLECTIONS = ("es", "en", "s", "n", "e")

WORD = re.compile(r"[0-9A-Za-zÄÖÜäöüß]+(?:-[0-9A-Za-zÄÖÜäöüß]+)*")
TRUNCATION = re.compile(r"(?<![-\w])([A-Za-zÄÖÜäöüß]+)-(?=(,)|\s+(und|oder|bzw\.|sowie)\s)")
# The last word of a text and the first of a line (the lookbehind spares the search from
# trying every letter of the last word as its start).
LAST_WORD = re.compile(r"(?<![A-Za-zÄÖÜäöüß])[A-Za-zÄÖÜäöüß]+$")
LAST_WORD_WITH_HYPHEN = re.compile(r"(?<![A-Za-zÄÖÜäöüß])([A-Za-zÄÖÜäöüß]+)-$")
FIRST_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
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
        self.truncated_words: Counter = Counter()  # "markt" -> times truncated before anything

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
        for (word, _connector), times in vocabulary.truncated.items():
            vocabulary.truncated_words[word] += times
        return vocabulary

    def knows(self, word: str, minimum: int = 1) -> bool:
        return self.counts.get(word, 0) >= minimum

    def is_truncation(self, word: str, connector: str) -> bool:
        key = (word.lower(), connector)
        return self.truncated[key] > self.plain[key]

    def truncated_anywhere(self, word: str) -> bool:
        lowered = word.lower()
        return self.truncated_words[lowered] > self.plain[(lowered, ",")]

    def knows_stem(self, word: str) -> bool:
        """Known as it is or without a German inflection ending (Prozesses → Prozess)."""
        candidates = [word] + [word[: -len(end)] for end in INFLECTIONS if word.endswith(end)]
        return any(self.knows(candidate) for candidate in candidates if len(candidate) > 2)


class FlowingText:
    """Text that grows at its end, put together in linear time.

    The pieces are joined once, at the end; the rules that join lines and paragraphs look only
    at the text's first character and at its last characters, which are kept at hand (`END`
    of them, more than the 80 the rules read).
    """

    END = 160

    def __init__(self, text: str = ""):
        self.pieces: list[str] = []
        self.first = ""
        self.end = ""
        self.extend(0, "", text)

    def __bool__(self) -> bool:
        return bool(self.end)

    def __str__(self) -> str:
        return "".join(self.pieces)

    def extend(self, drop: int, separator: str, text: str) -> None:
        """Drop `drop` characters from the end, then append the separator and the text."""
        if drop:
            self.pieces[-1] = self.pieces[-1][:-drop]
            if not self.pieces[-1]:
                self.pieces.pop()
            self.end = self.end[:-drop]
        for piece in (separator, text):
            if piece:
                self.pieces.append(piece)
                self.end = (self.end + piece[-self.END :])[-self.END :]
        if not self.first and self.pieces:
            self.first = self.pieces[0][:1]


def join_lines(lines: list[Line], vocabulary: Vocabulary | None = None) -> str:
    """Join consecutive lines into flowing text, undoing the line-end hyphenation."""
    text = FlowingText()
    previous = None
    for line in lines:
        if previous is None:
            text.extend(0, "", line.text)
        else:
            text.extend(*line_joint(text.end, previous, line, vocabulary), line.text)
        previous = line
    return str(text)


def line_joint(
    end: str, previous: Line, line: Line, vocabulary: Vocabulary | None
) -> tuple[int, str]:
    """How the next line joins the text that ends with `end`: how many characters to drop from
    the text (its line-end hyphen) and what goes between."""
    next_word = line.text.split(" ", 1)[0]
    if not end:
        return 0, ""
    if end.endswith("-") and len(end) > 1 and end[-2].isalpha():
        if previous.ends_with_space or next_word in CONJUNCTIONS or next_word.startswith(","):
            return 0, " "  # "Produkt- und Prozess…": a truncated compound
        if next_word[:1].isupper() or next_word[:1].isdigit():
            return 0, ""  # "Corona-" / "Einschränkungen"
        if vocabulary is not None and keeps_line_end_hyphen(end, next_word, vocabulary):
            return 0, ""
        return 1, ""  # "Wirt-" / "schaft"
    if previous.ends_with_space:
        return 0, " "
    if end[-1:].isalpha() and next_word[:1].isalpha():
        # No space before the line break: the word goes on, its hyphen lost in bold type
        # ("Ge" / "staltung"; "MINT" / "Berufe" where the document writes "MINT-Berufe").
        if next_word[:1].islower():
            return 0, ""
        last_word = LAST_WORD.search(end[-80:]).group(0)
        first_word = FIRST_WORD.match(next_word).group(0)
        if vocabulary is not None and vocabulary.knows(f"{last_word}-{first_word}"):
            return 0, "-"
    return 0, " "


def keeps_line_end_hyphen(text: str, next_word: str, vocabulary: Vocabulary) -> bool:
    head = LAST_WORD_WITH_HYPHEN.search(text[-80:])
    tail = FIRST_WORD.match(next_word)
    if not head or not tail:
        return False
    hyphenated = f"{head.group(1)}-{tail.group(0)}"
    joined = f"{head.group(1)}{tail.group(0)}"
    return vocabulary.knows(hyphenated) and not vocabulary.knows(joined)
