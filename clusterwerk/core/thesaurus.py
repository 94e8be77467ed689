"""Problem → competence thesaurus for the metal cluster (data/thesaurus_de.txt).

Small companies describe a need by its problem ("Verzug", "Risse nach dem Härten", "Späne
entsorgen"); the directory describes what actors can do ("Wärmebehandlung", "zerstörungsfreie
Prüfung", "Recycling"). Each entry of the thesaurus maps one problem and its variants to the
competences that solve it, in the directory's own words, with a grounding (masterplan topic
areas, institutions) in a comment:

    Verzug | verzogen | Verwerfung -> Wärmebehandlung | Fügetechnik | Simulation   # 4.4.2; BAM

`expansions(text)` returns the entries whose problem expressions occur in a text. Words are
compared through `clusterwerk.core.text`: normalised and stemmed, so inflected forms meet
("Risse" meets "Riss"); a one-word expression also meets a part of a compound that the
compound splitting yields ("Schweißverzug" holds "Verzug"; a part before the last one only
when it has five letters or more), never a plain substring ("Grundriss" does not hold "Riss").
A multi-word expression matches when its words follow one another in the text, stopwords
between them ignored, within one sentence; an expression with a single content word keeps its
stopwords ("zu schwer" is not "schwer").

Pure Python: no Django. The file is read once per process.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from clusterwerk.core import text as core_text

THESAURUS_FILE = "thesaurus_de.txt"
ARROW = "->"
MIN_TARGETS = 2
MAX_TARGETS = 6

# A compound's last part always counts as a word of it ("Schweißverzug" holds "Verzug"); a
# part before it only with this many letters: the compound splitting finds short lexicon
# words where none are meant ("Spannmittel" → "span" + "mittel" is no matter of "Späne").
MIN_MODIFIER_LENGTH = 5
# Between two words of a multi-word expression: a sentence ends here.
_SENTENCE_BREAK_RE = re.compile(r"[.!?;:\n]")


class ThesaurusFormatError(ValueError):
    """A line of the thesaurus file does not follow the format; the message names the line."""


@dataclass(frozen=True)
class Expansion:
    problem: str  # the entry's first problem expression as written ("Verzug")
    targets: tuple[str, ...]  # the target competences as written ("Wärmebehandlung", …)
    grounding: str  # the comment after '#', stripped ("4.4.2; BAM, Panta Rhei")


@dataclass(frozen=True)
class _Pattern:
    """One problem expression as the words a text must hold in order: the stems of its
    content words, and of its stopwords where it has a single content word ("zu schwer" is
    not "schwer"; "auf der Messe" meets "auf der Messe", not "Messe")."""

    entry: int  # index into the entries
    words: tuple[tuple[str, bool], ...]  # (stem, is_stopword)


class _Thesaurus:
    """Parsed entries with their expressions indexed by their first word."""

    def __init__(self, source: str, name: str = THESAURUS_FILE) -> None:
        self.entries: tuple[Expansion, ...]
        self.expressions: tuple[tuple[str, ...], ...]  # per entry: the problem and variants
        self._patterns_by_first: dict[str, list[_Pattern]] = {}
        self._parse(source, name)
        self.expansions = lru_cache(maxsize=4096)(self._expansions)

    # --- Parsing

    def _parse(self, source: str, name: str) -> None:
        entries: list[Expansion] = []
        expressions_per_entry: list[tuple[str, ...]] = []
        seen: dict[tuple[tuple[str, bool], ...], int] = {}  # words → line of the first use
        for number, raw in enumerate(source.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{name}, line {number}"
            expansion, expressions = _parse_line(line, where)
            for expression in expressions:
                for words in _expression_words(expression, where):
                    if words in seen:
                        raise ThesaurusFormatError(
                            f"{where}: problem {expression!r} is already listed on line "
                            f"{seen[words]}"
                        )
                    seen[words] = number
                    pattern = _Pattern(len(entries), words)
                    self._patterns_by_first.setdefault(words[0][0], []).append(pattern)
            entries.append(expansion)
            expressions_per_entry.append(tuple(expressions))
        self.entries = tuple(entries)
        self.expressions = tuple(expressions_per_entry)

    # --- Matching

    def _expansions(self, text: str) -> tuple[Expansion, ...]:
        words = _text_words(text)
        found: dict[int, None] = {}
        patterns_by_first = self._patterns_by_first
        for position, word in enumerate(words):
            here: list[int] = []
            for key in word.keys:
                for pattern in patterns_by_first.get(key, ()):
                    if pattern.entry not in found and _matches_at(pattern, words, position):
                        here.append(pattern.entry)
            if here:
                found.update(dict.fromkeys(sorted(here)))  # file order at one position
        return tuple(self.entries[entry] for entry in found)


def _parse_line(line: str, where: str) -> tuple[Expansion, list[str]]:
    body, hash_sign, comment = line.partition("#")
    grounding = comment.strip()
    if not hash_sign or not grounding:
        raise ThesaurusFormatError(f"{where}: the grounding comment ('# …') is missing")
    if body.count(ARROW) != 1:
        raise ThesaurusFormatError(f"{where}: expected exactly one '{ARROW}'")
    left, right = body.split(ARROW)
    expressions = _members(left, "problem", where)
    targets = _members(right, "target", where)
    if not MIN_TARGETS <= len(targets) <= MAX_TARGETS:
        raise ThesaurusFormatError(
            f"{where}: expected {MIN_TARGETS} to {MAX_TARGETS} targets, found {len(targets)}"
        )
    return Expansion(expressions[0], tuple(targets), grounding), expressions


def _members(side: str, role: str, where: str) -> list[str]:
    members = [member.strip() for member in side.split("|")]
    if not any(members):
        raise ThesaurusFormatError(f"{where}: no {role} before/after '{ARROW}'")
    if not all(members):
        raise ThesaurusFormatError(f"{where}: an empty {role} between '|'")
    return members


def _expression_words(expression: str, where: str) -> list[tuple[tuple[str, bool], ...]]:
    """The word sequences the expression matches as: its content words (with its stopwords
    when it has only one content word), and for a single hyphenated word
    ("CE-Kennzeichnung") also its parts written apart ("CE Kennzeichnung")."""
    units = core_text._units(expression)
    content = [unit for unit in units if not unit.is_stopword]
    if not content:
        raise ThesaurusFormatError(f"{where}: problem {expression!r} has only stopwords")
    if len(content) == 1:
        words = tuple((unit.stem, unit.is_stopword) for unit in units)
    else:
        words = tuple((unit.stem, False) for unit in content)
    sequences = [words]
    if len(units) == 1 and len(units[0].parts) > 1:
        parts = tuple(
            (core_text.stem(part), False)
            for part in units[0].parts
            if not core_text.is_stopword(part)
        )
        if len(parts) > 1:
            sequences.append(parts)
    return sequences


# --- Text side -----------------------------------------------------------------------------


class _TextWord(NamedTuple):
    keys: frozenset[str]  # content word: stems of it and its parts; stopword: its stem
    is_stopword: bool
    breaks_before: bool  # a sentence ends between the previous word and this one


def _text_words(text: str) -> list[_TextWord]:
    """The words of a text as core.text cuts them (without its completion of truncated
    words such as "Fach-"). The text is taken apart at blanks first, and each piece is
    looked up once per process: after warm-up a text costs little more than `str.split`."""
    words: list[_TextWord] = []
    for line in text.splitlines():
        pending_break = True  # a line break ends a sentence
        for piece in line.split():
            piece_words, breaks_after = _piece_words(piece)
            for word in piece_words:
                words.append(word._replace(breaks_before=True) if pending_break else word)
                pending_break = False
            pending_break = pending_break or breaks_after
    return words


@lru_cache(maxsize=65536)
def _piece_words(piece: str) -> tuple[tuple[_TextWord, ...], bool]:
    """The words of a blank-free piece of text ("Späne.", "CE-Kennzeichnung,") and whether a
    sentence ends after the last of them."""
    words = []
    previous_end = 0
    for match in core_text._UNIT_RE.finditer(piece):
        keys, is_stopword = _word_keys(match.group(0))
        if keys:
            breaks = bool(_SENTENCE_BREAK_RE.search(piece, previous_end, match.start()))
            words.append(_TextWord(keys, is_stopword, breaks))
            previous_end = match.end()
    return tuple(words), bool(_SENTENCE_BREAK_RE.search(piece, previous_end))


@lru_cache(maxsize=65536)
def _word_keys(written: str) -> tuple[frozenset[str], bool]:
    parts = tuple(
        core_text.normalize_token(part) for part in core_text._HYPHEN_RE.split(written) if part
    )
    joined = "".join(parts)
    if not joined:
        return frozenset(), False
    if core_text.is_stopword(joined):
        return frozenset({core_text.stem(joined)}), True
    keys = {core_text.stem(joined)}
    if len(parts) > 2:  # runs of hyphen parts: "3D-Druck-Verfahren" holds "3D-Druck"
        keys.update(
            core_text.stem("".join(parts[first:last]))
            for first in range(len(parts) - 1)
            for last in range(first + 2, len(parts) + 1)
        )
    for word in parts if len(parts) > 1 else (joined,):
        if core_text.is_stopword(word):
            continue
        keys.add(core_text.stem(word))
        *modifiers, head = core_text._split_normalized(word) or (word,)
        keys.add(core_text.stem(head))
        keys.update(
            core_text.stem(modifier)
            for modifier in modifiers
            if len(modifier) >= MIN_MODIFIER_LENGTH
        )
    return frozenset(keys), False


def _matches_at(pattern: _Pattern, words: Sequence[_TextWord], position: int) -> bool:
    """Whether the pattern's words follow one another from words[position] on: stopwords of
    the text are skipped unless the pattern asks for one, a sentence end breaks the run."""
    if words[position].is_stopword != pattern.words[0][1]:
        return False
    index = position
    for key, is_stopword in pattern.words[1:]:
        index += 1
        if not is_stopword:
            while index < len(words) and words[index].is_stopword:
                if words[index].breaks_before:
                    return False
                index += 1
        if index >= len(words):
            return False
        word = words[index]
        if word.breaks_before or word.is_stopword != is_stopword or key not in word.keys:
            return False
    return True


# --- Public API ----------------------------------------------------------------------------


@cache
def _default() -> _Thesaurus:
    path = core_text.DATA_DIR / THESAURUS_FILE
    return _Thesaurus(path.read_text(encoding="utf-8"))


def entries() -> tuple[Expansion, ...]:
    """All entries of the thesaurus, in file order."""
    return _default().entries


def expansions(text: str) -> list[Expansion]:
    """The entries one of whose problem expressions occurs in the text, in the order of
    their first occurrence, each once."""
    if not text:
        return []
    return list(_default().expansions(text))


def _from_lines(lines: Iterable[str]) -> _Thesaurus:
    """A thesaurus from the given lines instead of the file (for tests)."""
    return _Thesaurus("\n".join(lines), name="<lines>")
