"""German text normalisation for search, matchmaking and topic classification.

Everything that compares German words goes through this module, so that a query, a stored
search document and a highlighted snippet agree on what counts as "the same word":

- `normalize_token` folds case, ß, umlauts and their ae/oe/ue spellings,
- `stem` applies the Snowball German stemmer,
- `split_compound` splits compounds against a small domain lexicon (data/lexicon_de.txt),
- domain synonyms (data/synonyms_de.txt) map e.g. "3D-Druck" and "additive Fertigung" to one
  group key.

A document is indexed under `index_terms(text)`; `build_search_document` stores them in one
string column. `parse_query` turns a query into `QueryTerm`s: a document matches when every
term matches one of its alternatives. Needles of four or more characters match as substrings
of index terms ("leichtbau" meets "leichtbaulos"), shorter ones and synonym keys only whole.

Pure Python: no Django, no network. The data files are read once per process.
"""

import html
import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer

DATA_DIR = Path(__file__).resolve().parent / "data"

SYNONYM_KEY_PREFIX = "syn:"
MIN_SUBSTRING_LENGTH = 4
MIN_PART_LENGTH = 3
EXACT_HIT = 1.0
SUBSTRING_HIT = 0.5
ELLIPSIS = "…"

# Linking elements (Fugenelemente) tried between two parts of a compound, shortest first.
LINKING_ELEMENTS = ("", "s", "n", "e", "es", "en", "er", "ns", "ens")
# A known part followed by an unknown rest is only split off when the rest is not one of
# these derivational endings ("Wissen|schaft", "Metall|isch").
DERIVATIONAL_ENDINGS = ("schaft", "lich", "isch", "heit", "keit", "ung", "ier", "bar")
# Minimal length of the known and of the unknown part when a compound is only partly known.
MIN_PARTIAL_SPLIT_LENGTH = 5
# A one-word synonym this long also matches as the start of a longer word
# ("Umformtechnik" → "Umformtechnikzentrum").
MIN_SYNONYM_PREFIX_LENGTH = 6

_HYPHENS = "-\u2010\u2011"
_WORD = r"(?:[^\W_]|[\u0300-\u036f\u00ad])+(?:(?<=\d)[.,]\d+)*"
_UNIT_RE = re.compile(rf"{_WORD}(?:[{_HYPHENS}]{_WORD})*(?P<dangling>[{_HYPHENS}](?=\s|$))?")
_HYPHEN_RE = re.compile(f"[{_HYPHENS}]")
# What may stand between the words of a multi-word synonym ("F&E", "kleine und mittlere").
_PHRASE_GAP_RE = re.compile(r"\s*[&+/]?\s*")
_COORDINATORS = frozenset({"und", "oder", "sowie", "bzw"})
_VOWELS = frozenset("aeiouy")

_stemmer = snowballstemmer.stemmer("german")
_stemmer_lock = threading.Lock()


# --- Words ---------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def normalize_token(word: str) -> str:
    """Fold one word to its comparable form: NFKC, lower case, ß→ss, umlauts and diacritics
    removed, ae/oe/ue spellings folded like umlauts, hyphens and soft hyphens dropped."""
    text = unicodedata.normalize("NFKC", word).casefold()
    text = _HYPHEN_RE.sub("", text.replace("\u00ad", ""))
    decomposed = unicodedata.normalize("NFKD", text)
    return _fold_digraphs("".join(c for c in decomposed if not unicodedata.combining(c)))


def _fold_digraphs(word: str) -> str:
    """ae/oe/ue → a/o/u ("Loesung" → "losung"), following the Snowball German rule: "qu"
    stays, and a "u" between two vowels is a consonant ("neue", "Steuer", "Bauer")."""
    if "ae" not in word and "oe" not in word and "ue" not in word:
        return word
    folded = []
    i = 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair == "qu":
            folded.append(pair)
            i += 2
        elif pair in ("ae", "oe") or (pair == "ue" and not (i and word[i - 1] in _VOWELS)):
            folded.append(pair[0])
            i += 2
        else:
            folded.append(word[i])
            i += 1
    return "".join(folded)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball German stem of the normalised word ("Werkstoffe" → "werkstoff")."""
    normalized = normalize_token(word)
    with _stemmer_lock:  # the Snowball stemmer object keeps state while it works
        return _stemmer.stemWord(normalized)


def is_stopword(word: str) -> bool:
    """True for German function words ("und", "für") and single letters."""
    normalized = normalize_token(word)
    return normalized in _stopwords() or (len(normalized) == 1 and not normalized.isdigit())


# --- Data files ----------------------------------------------------------------------------


def _data_lines(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(normalize_token(word) for word in _data_lines("stopwords_de.txt"))


@dataclass(frozen=True)
class _Lexicon:
    forms: frozenset[str]
    form_by_stem: dict[str, str]


@cache
def _lexicon() -> _Lexicon:
    forms = {normalize_token(word) for word in _data_lines("lexicon_de.txt")}
    form_by_stem = {}
    for form in sorted(forms, key=len):
        form_by_stem.setdefault(stem(form), form)
    return _Lexicon(frozenset(forms), form_by_stem)


@dataclass(frozen=True)
class _Synonyms:
    keys_by_signature: dict[str, frozenset[str]]
    prefix_signatures: frozenset[str]
    max_words: int


@cache
def _synonyms() -> _Synonyms:
    keys_by_signature: dict[str, set[str]] = {}
    max_words = 1
    for line in _data_lines("synonyms_de.txt"):
        members = [member.strip() for member in line.split("|") if member.strip()]
        signatures = [_signature(_units(member)) for member in members]
        key = SYNONYM_KEY_PREFIX + signatures[0]
        for member, signature in zip(members, signatures, strict=True):
            keys_by_signature.setdefault(signature, set()).add(key)
            max_words = max(max_words, len(_units(member)))
    prefix_signatures = {
        signature
        for signature in keys_by_signature
        if len(signature) >= MIN_SYNONYM_PREFIX_LENGTH and signature.isalpha()
    }
    return _Synonyms(
        {signature: frozenset(keys) for signature, keys in keys_by_signature.items()},
        frozenset(prefix_signatures),
        max_words,
    )


def synonym_group_key(expression: str) -> str | None:
    """The group key of a listed synonym ("additive Fertigung" → "syn:3ddruck"), else None."""
    keys = _synonyms().keys_by_signature.get(_signature(_units(expression)), frozenset())
    return min(keys) if keys else None


# --- Compounds -----------------------------------------------------------------------------


def split_compound(word: str) -> list[str]:
    """Split a German compound into lexicon words ("Schweißnähte" → ["schweiss", "naht"]).

    Parts come back normalised, in their lexicon form. A word that is no compound (or is
    listed as a whole) comes back as a one-element list with its normalised form. When only
    the first or the last part is known, the unknown rest is returned as it stands.
    """
    normalized = normalize_token(word)
    return list(_split_normalized(normalized)) or [normalized]


@lru_cache(maxsize=65536)
def _split_normalized(word: str) -> tuple[str, ...]:
    if _known_final_part(word):
        return ()
    return _decompose(word)


def _decompose(word: str) -> tuple[str, ...]:
    """Parts of the word even if the lexicon lists it whole ("fuhrungskraft")."""
    if len(word) < 2 * MIN_PART_LENGTH or not word.isalpha():
        return ()
    return _split_from(word, 0) or _split_partly_known(word)


def _known_final_part(segment: str) -> str | None:
    lexicon = _lexicon()
    if segment in lexicon.forms:
        return segment
    return lexicon.form_by_stem.get(stem(segment))


def _split_from(word: str, start: int) -> tuple[str, ...] | None:
    """Longest-first decomposition of word[start:] into lexicon parts, or None."""
    forms = _lexicon().forms
    for end in range(len(word), start + MIN_PART_LENGTH - 1, -1):
        segment = word[start:end]
        if end == len(word):
            final = _known_final_part(segment) if start else None
            if final:
                return (final,)
            continue
        if segment not in forms:
            continue
        for link in LINKING_ELEMENTS:
            if not word.startswith(link, end) or len(word) - end - len(link) < MIN_PART_LENGTH:
                continue
            rest = _split_from(word, end + len(link))
            if rest:
                return (segment, *rest)
    return None


def _split_partly_known(word: str) -> tuple[str, ...]:
    """A known head with an unknown modifier or a known modifier with an unknown head."""
    forms = _lexicon().forms
    shortest = MIN_PARTIAL_SPLIT_LENGTH
    for end in range(len(word) - shortest, shortest - 1, -1):
        if word[:end] in forms:
            rest = word[end:]
            if not rest.startswith(DERIVATIONAL_ENDINGS):
                return (word[:end], rest)
            break
    for start in range(shortest, len(word) - shortest + 1):
        final = _known_final_part(word[start:])
        if final:
            return (word[:start], final)
    return ()


# --- Tokens --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """One word of a text as written; hyphenated words are one unit with several parts."""

    start: int
    end: int
    joined: str  # normalised, hyphens dropped: "itsicherheit"
    parts: tuple[str, ...]  # normalised hyphen parts, or the word alone
    phrase_gap: bool  # only a phrase gap (blank, "&", "/") separates it from the previous unit

    @property
    def is_stopword(self) -> bool:
        return is_stopword(self.joined)

    @property
    def stem(self) -> str:
        return stem(self.joined)


def _units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    matches = list(_UNIT_RE.finditer(text))
    for index, match in enumerate(matches):
        parts = tuple(normalize_token(part) for part in _HYPHEN_RE.split(match.group(0)) if part)
        joined = "".join(parts)
        if not joined:  # a stray soft hyphen or combining mark
            continue
        if match.group("dangling"):
            joined, parts = _complete_truncation(parts, joined, matches[index + 1 : index + 3])
        previous_end = units[-1].end if units else 0
        gap = text[previous_end : match.start()]
        phrase_gap = bool(units) and _PHRASE_GAP_RE.fullmatch(gap) is not None
        units.append(_Unit(match.start(), match.end(), joined, parts, phrase_gap))
    return units


def _complete_truncation(
    parts: tuple[str, ...], joined: str, following: Sequence[re.Match]
) -> tuple[str, tuple[str, ...]]:
    """Complete the truncated "Fach-" of "Fach- und Führungskräfte" to "fachkraft"."""
    if len(following) < 2 or normalize_token(following[0].group(0)) not in _COORDINATORS:
        return joined, parts
    head_parts = _decompose(normalize_token(following[1].group(0)))
    if len(head_parts) < 2:
        return joined, parts
    head = head_parts[-1]
    return joined + head, (*parts, head)


def tokenize(text: str) -> list[str]:
    """The normalised words of a text, stopwords included. A hyphenated word yields its parts
    and then the joined form ("IT-Sicherheit" → "it", "sicherheit", "itsicherheit"); "3D" and
    "4.0" stay whole."""
    tokens: list[str] = []
    for unit in _units(text):
        if len(unit.parts) > 1:
            tokens.extend(unit.parts)
        tokens.append(unit.joined)
    return tokens


def _unit_terms(unit: _Unit) -> set[str]:
    """Index terms of one word: its stem, the stems of its hyphen and compound parts."""
    terms = {unit.stem}
    words = unit.parts if len(unit.parts) > 1 else (unit.joined,)
    for word in words:
        if is_stopword(word):
            continue
        terms.add(stem(word))
        terms.update(stem(part) for part in _split_normalized(word))
    return terms


# --- Synonyms in running text --------------------------------------------------------------


def _signature(units: Sequence[_Unit]) -> str:
    return "".join(unit.stem for unit in units)


def _window_signatures(window: Sequence[_Unit]) -> set[str]:
    """The stems of the window glued together; the last word may also count with its first
    compound part ("additiven Fertigungsverfahren" meets "additive Fertigung")."""
    signature = _signature(window)
    signatures = {signature}
    head_parts = _split_normalized(window[-1].joined)
    if head_parts:
        signatures.add(_signature(window[:-1]) + stem(head_parts[0]))
    if len(window) == 1 and len(window[0].parts) > 1:
        signatures.update(_hyphen_part_signatures(window[0].parts))
    return signatures


def _hyphen_part_signatures(parts: Sequence[str]) -> set[str]:
    """Runs of hyphen parts: "KI-Anwendungen" holds "KI", "3D-Druck-Verfahren" "3D-Druck"."""
    return {
        stem("".join(parts[first:last]))
        for first in range(len(parts))
        for last in range(first + 1, len(parts) + 1)
    }


@dataclass(frozen=True)
class _SynonymMatch:
    first: int  # index of the first unit
    last: int  # index of the last unit (inclusive)
    keys: frozenset[str]


def _synonym_matches(units: Sequence[_Unit], *, by_prefix: bool = True) -> list[_SynonymMatch]:
    """Every window of consecutive units that spells a listed synonym. With `by_prefix`, a
    word that starts with a long one-word synonym counts too (documents, not queries: the
    query "Hochschulnetzwerk" must not turn into "any Hochschule")."""
    synonyms = _synonyms()
    matches = []
    for first in range(len(units)):
        for last in range(first, min(len(units), first + synonyms.max_words)):
            if last > first and not units[last].phrase_gap:
                break
            keys = set()
            for signature in _window_signatures(units[first : last + 1]):
                keys.update(synonyms.keys_by_signature.get(signature, ()))
            if by_prefix and first == last:
                keys.update(_prefix_synonym_keys(units[first].stem))
            if keys:
                matches.append(_SynonymMatch(first, last, frozenset(keys)))
    return matches


def _prefix_synonym_keys(word_stem: str) -> set[str]:
    synonyms = _synonyms()
    keys: set[str] = set()
    for length in range(MIN_SYNONYM_PREFIX_LENGTH, len(word_stem)):
        if word_stem[:length] in synonyms.prefix_signatures:
            keys.update(synonyms.keys_by_signature[word_stem[:length]])
    return keys


# --- Index ---------------------------------------------------------------------------------


def term_counts(text: str) -> Counter[str]:
    """How often each index term occurs in a text (each word counts once per term)."""
    units = _units(text)
    counts: Counter[str] = Counter()
    for unit in units:
        if not unit.is_stopword:
            counts.update(_unit_terms(unit))
    for match in _synonym_matches(units):
        counts.update(match.keys)
    return counts


def index_terms(text: str) -> set[str]:
    """What a document is indexed under: stems of its words, stems of compound and hyphen
    parts, and the keys of the synonym groups it mentions."""
    return set(_cached_index_terms(text))


@lru_cache(maxsize=50_000)
def _cached_index_terms(text: str) -> frozenset[str]:
    # Imports and demo data index the same competence texts thousands of times.
    return frozenset(term_counts(text))


def build_search_document(*texts: str) -> str:
    """The sorted, de-duplicated index terms of all texts, space-separated and padded with a
    space on both ends, so that " term " matches one whole term; "" when there is none."""
    terms = set().union(*(index_terms(text) for text in texts if text))
    return f" {' '.join(sorted(terms))} " if terms else ""


# --- Queries -------------------------------------------------------------------------------


def is_synonym_key(term: str) -> bool:
    return term.startswith(SYNONYM_KEY_PREFIX)


def matches_as_substring(needle: str) -> bool:
    """Needles of four or more characters match inside index terms, others only whole; so do
    synonym keys and generic modifiers (data/modifiers_de.txt: "dünn" must not meet
    "Dünnschicht", see `is_bound_modifier`)."""
    return (
        len(needle) >= MIN_SUBSTRING_LENGTH
        and not is_synonym_key(needle)
        and not is_bound_modifier(needle)
    )


def is_bound_modifier(needle: str) -> bool:
    """Whether the needle is the stem of an adjective or generic modifier (data file
    modifiers_de.txt), which as the first part of a compound changes the meaning of its head
    and so meets only the same whole index term."""
    return needle in _modifier_stems()


@cache
def _modifier_stems() -> frozenset[str]:
    stems = set()
    for word in _data_lines("modifiers_de.txt"):
        # The inflected forms stem differently at times ("hohe" → "hoh", "freie" → "freie").
        stems.update(stem(form) for form in (word, word + "e", word + "en", word + "er"))
    return frozenset(stems)


def like_pattern(needle: str) -> str:
    """What a stored search document must contain (SQL LIKE / `contains`) for the needle."""
    return needle if matches_as_substring(needle) else f" {needle} "


def needle_in(needle: str, terms: Collection[str]) -> bool:
    """Whether the needle meets one of the index terms, by the rules of `like_pattern`."""
    if needle in terms:
        return True
    if not matches_as_substring(needle):
        return False
    return any(needle in term for term in terms if not is_synonym_key(term))


@dataclass(frozen=True)
class QueryTerm:
    """One word (or one multi-word synonym) of a query.

    `alternatives` are tuples of needles: the term matches a document when all needles of
    at least one tuple meet its index terms ("Leichtbauwerkstoffe" matches by its own stem
    or by both "leichtbau" and "werkstoff").
    """

    text: str
    alternatives: tuple[tuple[str, ...], ...]

    @property
    def needles(self) -> set[str]:
        return {needle for alternative in self.alternatives for needle in alternative}

    def matches(self, terms: Collection[str]) -> bool:
        return any(
            all(needle_in(needle, terms) for needle in alternative)
            for alternative in self.alternatives
        )


def parse_query(query: str) -> list[QueryTerm]:
    """Split a search query into terms; stopwords are dropped, listed multi-word synonyms
    ("additive Fertigung", "kleine und mittlere Unternehmen") become one term."""
    units = _units(query or "")
    longest_synonym = {}
    for match in _synonym_matches(units, by_prefix=False):
        current = longest_synonym.get(match.first)
        if current is None or match.last > current.last:
            longest_synonym[match.first] = match
    terms = []
    index = 0
    while index < len(units):
        synonym = longest_synonym.get(index)
        last = synonym.last if synonym else index
        window = units[index : last + 1]
        alternatives = _window_alternatives(window)
        if synonym:
            alternatives += [(key,) for key in sorted(synonym.keys)]
        if alternatives:
            text = query[window[0].start : window[-1].end]
            terms.append(QueryTerm(text, tuple(dict.fromkeys(alternatives))))
        index = last + 1
    return terms


def _window_alternatives(window: Sequence[_Unit]) -> list[tuple[str, ...]]:
    content = [unit for unit in window if not unit.is_stopword]
    if not content:
        return []
    if len(window) > 1:
        return [tuple(dict.fromkeys(unit.stem for unit in content))]
    unit = content[0]
    alternatives = [(unit.stem,)]
    hyphen_parts = tuple(stem(part) for part in unit.parts if not is_stopword(part))
    if len(unit.parts) > 1 and hyphen_parts:
        alternatives.append(tuple(dict.fromkeys(hyphen_parts)))
    compound_parts = _split_normalized(unit.joined)
    if compound_parts:
        alternatives.append(tuple(dict.fromkeys(stem(part) for part in compound_parts)))
    return alternatives


def document_matches(terms: Sequence[QueryTerm], document_terms: Collection[str]) -> bool:
    """AND across query terms, OR across each term's alternatives."""
    return bool(terms) and all(term.matches(document_terms) for term in terms)


# --- Scoring -------------------------------------------------------------------------------


def _dampened(frequency: float) -> float:
    return 1 + math.log(frequency) if frequency >= 1 else frequency


def _needle_score(needle: str, counts: Counter[str]) -> float:
    exact = counts.get(needle, 0)
    inside = 0
    if matches_as_substring(needle):
        inside = sum(
            count
            for term, count in counts.items()
            if needle in term and term != needle and not is_synonym_key(term)
        )
    return _dampened(EXACT_HIT * exact + SUBSTRING_HIT * inside)


def score_counts(
    counts: Counter[str], terms: Sequence[QueryTerm], *, partial: bool = False
) -> float:
    """Relevance of one text (given its `term_counts`): per query term its best alternative,
    exact hits worth `EXACT_HIT`, substring hits `SUBSTRING_HIT`, frequency dampened.

    An alternative of several needles ("leichtbau" + "werkstoff") counts with its weakest
    needle, so only when the text holds all of them; with `partial` it counts with their
    mean, for one field of a document that holds the other needles elsewhere.
    """
    combine = (lambda scores: sum(scores) / len(scores)) if partial else min
    total = 0.0
    for term in terms:
        total += max(
            combine([_needle_score(needle, counts) for needle in alternative])
            for alternative in term.alternatives
        )
    return total


def score_text(text: str, terms: Sequence[QueryTerm], *, partial: bool = False) -> float:
    return score_counts(term_counts(text), terms, partial=partial) if text else 0.0


# --- Highlighting --------------------------------------------------------------------------


def _as_terms(query: str | Sequence[QueryTerm]) -> Sequence[QueryTerm]:
    return parse_query(query) if isinstance(query, str) else query


def match_spans(text: str, query: str | Sequence[QueryTerm]) -> list[tuple[int, int]]:
    """(start, end) character ranges of the words in text that meet the query, merged where
    only blanks separate them."""
    needles = set().union(*(term.needles for term in _as_terms(query)))
    if not text or not needles:
        return []
    units = _units(text)
    spans = [
        (unit.start, unit.end)
        for unit in units
        if not unit.is_stopword and any(needle_in(n, _unit_terms(unit)) for n in needles)
    ]
    for match in _synonym_matches(units):
        if match.keys & needles:
            spans.append((units[match.first].start, units[match.last].end))
    return _merge_spans(text, spans)


def _merge_spans(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _render(text: str, spans: Sequence[tuple[int, int]], start: int, end: int) -> str:
    pieces = []
    position = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        pieces.append(html.escape(text[position:span_start]))
        pieces.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(html.escape(text[position:end]))
    return "".join(pieces)


def highlight(text: str, query: str | Sequence[QueryTerm]) -> str:
    """HTML-escaped text with the words that meet the query wrapped in <mark>. Returns a
    plain str: the caller marks it safe."""
    return _render(text or "", match_spans(text or "", query), 0, len(text or ""))


def snippet(text: str, query: str | Sequence[QueryTerm], width: int = 200) -> str:
    """Like `highlight`, cut to about `width` characters around the first match, with "…"
    where the text was cut."""
    text = text or ""
    spans = match_spans(text, query)
    if len(text) <= width:
        return _render(text, spans, 0, len(text))
    first = spans[0][0] if spans else 0
    start = min(first, _word_start(text, max(0, first - width // 3)))
    end = max(start, _word_end(text, min(len(text), start + width), start))
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    return prefix + _render(text, spans, start, end) + suffix


def _word_start(text: str, position: int) -> int:
    if position == 0 or text[position - 1].isspace():
        return position
    blank = text.find(" ", position)
    return blank + 1 if blank != -1 else position


def _word_end(text: str, position: int, start: int) -> int:
    if position >= len(text) or text[position].isspace():
        return position
    blank = text.rfind(" ", start, position)
    return blank if blank > start else position
