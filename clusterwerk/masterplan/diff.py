"""Comparing two editions of the masterplan: the engine behind the diff page.

Elements are paired per kind, first by `lineage` (the identity that survives a revision),
then, among the elements left unpaired on both sides, by equal `number` (for editions that
were created independently, e.g. the reference data and an imported text). Every entry says
which pairing was used. Texts are compared word by word; paragraph breaks (a blank line in
the plain text) are kept as tokens of their own.
"""

import dataclasses
import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from clusterwerk.masterplan.models import (
    ActionField,
    Edition,
    ElementKind,
    KeyPoint,
    Revision,
    SuccessFactor,
    TopicArea,
    number_sort_key,
)

# --- Word diff -----------------------------------------------------------------------------

EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"
SKIP = "skip"

PARAGRAPH_BREAK = "\n\n"
SKIP_MARKER = "…"

_BLANK_LINE = re.compile(r"\n\s*\n")
_BREAK_SPLIT = re.compile(f"({PARAGRAPH_BREAK})")


@dataclass(frozen=True)
class Segment:
    """A run of words with one operation; paragraph breaks appear in `text` as a blank line."""

    op: str  # "equal" | "insert" | "delete" | "skip"
    text: str


def tokenize(text: str) -> list[str]:
    """Words split on whitespace, with PARAGRAPH_BREAK tokens between paragraphs."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    tokens: list[str] = []
    for paragraph in _BLANK_LINE.split(text):
        words = paragraph.split()
        if not words:
            continue
        if tokens:
            tokens.append(PARAGRAPH_BREAK)
        tokens.extend(words)
    return tokens


def _join_tokens(tokens: list[str]) -> str:
    text = ""
    for token in tokens:
        if token == PARAGRAPH_BREAK or not text or text.endswith(PARAGRAPH_BREAK):
            text += token
        else:
            text += " " + token
    return text


def _segment_tokens(text: str) -> list[str]:
    """Tokens of a segment's text (the inverse of _join_tokens)."""
    tokens: list[str] = []
    for part in _BREAK_SPLIT.split(text):
        if part == PARAGRAPH_BREAK:
            tokens.append(PARAGRAPH_BREAK)
        else:
            tokens.extend(part.split())
    return tokens


def word_diff(old_text: str, new_text: str) -> list[Segment]:
    """The word-level difference between two plain texts, as equal/delete/insert segments.

    A replaced run yields its delete segment before its insert segment.
    """
    old_tokens, new_tokens = tokenize(old_text), tokenize(new_text)
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    runs: list[tuple[str, list[str]]] = []

    def add(op: str, tokens: list[str]) -> None:
        if not tokens:
            return
        if runs and runs[-1][0] == op:
            runs[-1][1].extend(tokens)
        else:
            runs.append((op, list(tokens)))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add(EQUAL, old_tokens[i1:i2])
        else:
            add(DELETE, old_tokens[i1:i2])
            add(INSERT, new_tokens[j1:j2])
    return [Segment(op, _join_tokens(tokens)) for op, tokens in runs]


def _word_count(tokens: list[str]) -> int:
    return sum(1 for token in tokens if token != PARAGRAPH_BREAK)


def _head(tokens: list[str], words: int) -> list[str]:
    """The leading tokens up to and including the `words`-th word."""
    if words <= 0:
        return []
    seen = 0
    for index, token in enumerate(tokens):
        if token != PARAGRAPH_BREAK:
            seen += 1
            if seen == words:
                return tokens[: index + 1]
    return list(tokens)


def _tail(tokens: list[str], words: int) -> list[str]:
    return list(reversed(_head(list(reversed(tokens)), words)))


def collapse_equal(segments: list[Segment], context: int = 12) -> list[Segment]:
    """Shorten long unchanged runs for display.

    Keeps up to `context` words on each side of a change and replaces the rest of an equal
    run by one Segment("skip", "…"). Without any change the segments are returned as they are.
    """
    changed = [index for index, segment in enumerate(segments) if segment.op in (INSERT, DELETE)]
    if not changed:
        return list(segments)
    first_change, last_change = changed[0], changed[-1]
    result: list[Segment] = []
    for index, segment in enumerate(segments):
        if segment.op != EQUAL:
            result.append(segment)
            continue
        tokens = _segment_tokens(segment.text)
        keep_head = context if index > first_change else 0
        keep_tail = context if index < last_change else 0
        if _word_count(tokens) <= keep_head + keep_tail:
            result.append(segment)
            continue
        head, tail = _head(tokens, keep_head), _tail(tokens, keep_tail)
        if head:
            result.append(Segment(EQUAL, _join_tokens(head)))
        result.append(Segment(SKIP, SKIP_MARKER))
        if tail:
            result.append(Segment(EQUAL, _join_tokens(tail)))
    return result


_TAGS = {
    INSERT: ('<ins class="diff-insert">', "</ins>"),
    DELETE: ('<del class="diff-delete">', "</del>"),
    SKIP: ('<span class="diff-skip">', "</span>"),
}


def render_segments_html(segments: list[Segment]) -> SafeString:
    """Segments as HTML: one <p> per paragraph, changes in <ins>/<del>, every text escaped.

    An inserted or deleted paragraph break shows as a marked "¶" at the end of the paragraph.
    """
    paragraphs: list[list[str]] = [[]]
    for segment in segments:
        opening, closing = _TAGS.get(segment.op, ("", ""))
        for part in _BREAK_SPLIT.split(segment.text):
            if part == PARAGRAPH_BREAK:
                if segment.op in (INSERT, DELETE):
                    paragraphs[-1].append(f"{opening}¶{closing}")
                paragraphs.append([])
            elif part.strip():
                paragraphs[-1].append(f"{opening}{escape(part.strip())}{closing}")
    html = "".join(f"<p>{' '.join(parts)}</p>" for parts in paragraphs if parts)
    return mark_safe(html)  # every text fragment above is escaped


# --- Comparing editions ------------------------------------------------------------------

ADDED = "added"
REMOVED = "removed"
MOVED = "moved"
RENAMED = "renamed"
CHANGED = "changed"

BY_LINEAGE = "lineage"
BY_NUMBER = "number"

ACTION_FIELD = ActionField.kind
KEY_POINT = KeyPoint.kind
TOPIC_AREA = TopicArea.kind
SUCCESS_FACTOR = SuccessFactor.kind
KINDS = (ACTION_FIELD, KEY_POINT, TOPIC_AREA, SUCCESS_FACTOR)  # parents before children
PARENT_KIND = {KEY_POINT: ACTION_FIELD, TOPIC_AREA: KEY_POINT}

KEYWORDS = "keywords"

# The fields compared per kind, in display order, with their German labels.
FIELDS = {
    ACTION_FIELD: (("title", _("Titel")), ("intro", _("Einführung"))),
    KEY_POINT: (("title", _("Titel")), ("intro", _("Einführung"))),
    TOPIC_AREA: (
        ("title", _("Titel")),
        ("goal", _("Ziel")),
        ("description", _("Erläuterung des Ziels")),
        ("relevance", _("Relevanz")),
        ("potential", _("Potenzial")),
        (KEYWORDS, _("Schlagwörter")),
    ),
    SUCCESS_FACTOR: (("title", _("Titel")), ("description", _("Beschreibung"))),
}


@dataclass
class FieldChange:
    """One changed field of a paired element.

    Text fields carry a word diff in `segments`; keywords (compared as a set) carry
    `added`/`removed` instead and no segments.
    """

    field: str
    label: Any  # a lazy German string
    segments: list[Segment] = dataclasses.field(default_factory=list)
    added: list[str] = dataclasses.field(default_factory=list)
    removed: list[str] = dataclasses.field(default_factory=list)


@dataclass
class DiffEntry:
    """The difference for one element (or one pair of elements) of one kind."""

    kind: str
    change_types: set[str]
    old_element: Any = None
    new_element: Any = None
    old_number: str | None = None
    new_number: str | None = None
    old_parent_number: str | None = None
    new_parent_number: str | None = None
    field_changes: list[FieldChange] = dataclasses.field(default_factory=list)
    paired_by: str | None = None  # "lineage" | "number" | None (added or removed)
    parent_changed: bool = False  # moved under another parent (not only renumbered)
    provenance: list[str] = dataclasses.field(default_factory=list)  # see attach_provenance

    @property
    def element(self):
        return self.new_element if self.new_element is not None else self.old_element

    @property
    def number(self) -> str | None:
        return self.new_number if self.new_number is not None else self.old_number

    @property
    def kind_label(self):
        return ElementKind(self.kind).label


@dataclass
class ChangeCounts:
    added: int = 0
    removed: int = 0
    moved: int = 0
    renamed: int = 0
    changed: int = 0

    def __add__(self, other: "ChangeCounts") -> "ChangeCounts":
        return ChangeCounts(
            added=self.added + other.added,
            removed=self.removed + other.removed,
            moved=self.moved + other.moved,
            renamed=self.renamed + other.renamed,
            changed=self.changed + other.changed,
        )


@dataclass
class DiffCounts:
    """Change counts per kind; an entry that is both moved and renamed counts in both."""

    by_kind: dict[str, ChangeCounts] = dataclasses.field(
        default_factory=lambda: {kind: ChangeCounts() for kind in KINDS}
    )

    @property
    def totals(self) -> ChangeCounts:
        return sum(self.by_kind.values(), ChangeCounts())


@dataclass
class EditionDiff:
    old: Edition
    new: Edition
    entries: list[DiffEntry] = dataclasses.field(default_factory=list)
    counts: DiffCounts = dataclasses.field(default_factory=DiffCounts)

    @property
    def is_empty(self) -> bool:
        return not self.entries


@dataclass
class ElementPair:
    old: Any
    new: Any
    paired_by: str  # "lineage" | "number"


@dataclass
class Pairing:
    """The outcome of pairing one kind's elements of two editions."""

    pairs: list[ElementPair]
    removed: list[Any]  # only in the old edition
    added: list[Any]  # only in the new edition

    def partner_of_old(self) -> dict[int, Any]:
        """Old element id → its new partner."""
        return {pair.old.pk: pair.new for pair in self.pairs}


def pair_elements(old_elements: list, new_elements: list, *, match_numbers: bool = True) -> Pairing:
    """Pair elements of one kind: by lineage first, then the leftovers on both sides by number.

    An element paired by lineage is never paired again by number, so a topic area that kept
    its lineage but changed its number is "moved", and a new one taking over its number is
    "added". With `match_numbers=False` the leftovers stay added/removed.
    """
    new_by_lineage = {element.lineage: element for element in new_elements}
    pairs: list[ElementPair] = []
    old_left: list = []
    for old in old_elements:
        new = new_by_lineage.pop(old.lineage, None)
        if new is None:
            old_left.append(old)
        else:
            pairs.append(ElementPair(old, new, BY_LINEAGE))
    new_left = [element for element in new_elements if element.lineage in new_by_lineage]
    removed: list = []
    if match_numbers:
        new_by_number = {element.number: element for element in new_left}
        for old in old_left:
            new = new_by_number.pop(old.number, None)
            if new is None:
                removed.append(old)
            else:
                pairs.append(ElementPair(old, new, BY_NUMBER))
        new_left = [element for element in new_left if element.number in new_by_number]
    else:
        removed = old_left
    return Pairing(pairs=pairs, removed=removed, added=new_left)


def _load_elements(edition: Edition) -> dict[str, list]:
    """All elements of an edition in four queries, with parent caches filled in."""
    action_fields = list(ActionField.objects.filter(edition=edition))
    key_points = list(KeyPoint.objects.filter(edition=edition))
    topic_areas = list(TopicArea.objects.filter(edition=edition))
    success_factors = list(SuccessFactor.objects.filter(edition=edition))
    action_fields_by_id = {element.pk: element for element in action_fields}
    key_points_by_id = {element.pk: element for element in key_points}
    for element in [*action_fields, *key_points, *topic_areas, *success_factors]:
        element.edition = edition
    for key_point in key_points:
        key_point.action_field = action_fields_by_id[key_point.action_field_id]
    for topic_area in topic_areas:
        topic_area.key_point = key_points_by_id[topic_area.key_point_id]
    return {
        ACTION_FIELD: action_fields,
        KEY_POINT: key_points,
        TOPIC_AREA: topic_areas,
        SUCCESS_FACTOR: success_factors,
    }


def _parent(element):
    if isinstance(element, TopicArea):
        return element.key_point
    if isinstance(element, KeyPoint):
        return element.action_field
    return None


def _parent_number(element) -> str | None:
    parent = _parent(element)
    return parent.number if parent is not None else None


def _normalised_keywords(value) -> list[str]:
    result: list[str] = []
    for keyword in value or []:
        keyword = str(keyword).strip()
        if keyword and keyword not in result:
            result.append(keyword)
    return result


def _field_change(name: str, label, old_value, new_value) -> FieldChange | None:
    if name == KEYWORDS:
        old_keywords = _normalised_keywords(old_value)
        new_keywords = _normalised_keywords(new_value)
        added = [keyword for keyword in new_keywords if keyword not in old_keywords]
        removed = [keyword for keyword in old_keywords if keyword not in new_keywords]
        if not added and not removed:
            return None
        return FieldChange(field=name, label=label, added=added, removed=removed)
    if tokenize(old_value) == tokenize(new_value):
        return None  # same words and paragraphs; whitespace alone is no change
    return FieldChange(field=name, label=label, segments=word_diff(old_value, new_value))


def compare_fields(kind: str, old, new) -> list[FieldChange]:
    """The changed fields of a pair, in display order."""
    changes = []
    for name, label in FIELDS[kind]:
        change = _field_change(name, label, getattr(old, name), getattr(new, name))
        if change is not None:
            changes.append(change)
    return changes


def _pair_entry(kind: str, pair: ElementPair, parent_partners: dict[int, Any]) -> DiffEntry | None:
    old, new = pair.old, pair.new
    changes = compare_fields(kind, old, new)
    change_types = set()
    if any(change.field == "title" for change in changes):
        change_types.add(RENAMED)
    if any(change.field != "title" for change in changes):
        change_types.add(CHANGED)
    old_parent, new_parent = _parent(old), _parent(new)
    parent_changed = old_parent is not None and parent_partners.get(old_parent.pk) != new_parent
    if parent_changed or old.number != new.number:
        change_types.add(MOVED)
    if not change_types:
        return None
    return DiffEntry(
        kind=kind,
        change_types=change_types,
        old_element=old,
        new_element=new,
        old_number=old.number,
        new_number=new.number,
        old_parent_number=_parent_number(old),
        new_parent_number=_parent_number(new),
        field_changes=changes,
        paired_by=pair.paired_by,
        parent_changed=parent_changed,
    )


def _reading_order(entry: DiffEntry) -> tuple:
    """Success factors after the tree; by number, a removed element before what took its place."""
    group = 1 if entry.kind == SUCCESS_FACTOR else 0
    is_removed = REMOVED in entry.change_types
    element = entry.element
    return (
        group,
        number_sort_key(entry.number),
        0 if is_removed else 1,
        entry.number,
        element.order,
    )


def _removed_entry(kind: str, element) -> DiffEntry:
    return DiffEntry(
        kind=kind,
        change_types={REMOVED},
        old_element=element,
        old_number=element.number,
        old_parent_number=_parent_number(element),
    )


def _added_entry(kind: str, element) -> DiffEntry:
    return DiffEntry(
        kind=kind,
        change_types={ADDED},
        new_element=element,
        new_number=element.number,
        new_parent_number=_parent_number(element),
    )


def compare_editions(old: Edition, new: Edition, *, match_numbers: bool = True) -> EditionDiff:
    """Everything added, removed, moved, renamed and changed from `old` to `new`.

    Runs eight queries whatever the size of the editions. With `match_numbers=False` the
    elements are paired by lineage only, and unpaired ones are reported as added/removed.
    """
    old_elements, new_elements = _load_elements(old), _load_elements(new)
    diff = EditionDiff(old=old, new=new)
    pairings: dict[str, Pairing] = {}
    for kind in KINDS:  # parents first: a child's "moved" needs its parent's pairing
        pairing = pair_elements(old_elements[kind], new_elements[kind], match_numbers=match_numbers)
        pairings[kind] = pairing
        parent_kind = PARENT_KIND.get(kind)
        parent_partners = pairings[parent_kind].partner_of_old() if parent_kind else {}
        for element in pairing.removed:
            diff.entries.append(_removed_entry(kind, element))
        for element in pairing.added:
            diff.entries.append(_added_entry(kind, element))
        for pair in pairing.pairs:
            entry = _pair_entry(kind, pair, parent_partners)
            if entry is not None:
                diff.entries.append(entry)
    diff.entries.sort(key=_reading_order)
    for entry in diff.entries:
        counts = diff.counts.by_kind[entry.kind]
        for change_type in entry.change_types:
            setattr(counts, change_type, getattr(counts, change_type) + 1)
    return diff


def attach_provenance(diff: EditionDiff) -> EditionDiff:
    """Give each added or changed entry the messages of its element's revisions in the newer
    edition (e.g. "aus Vorschlag #12, Beteiligung 2020"), oldest first, each once. One query."""
    lineages = {entry.new_element.lineage for entry in diff.entries if entry.new_element}
    if not lineages:
        return diff
    messages: dict = {}
    revisions = (
        Revision.objects.filter(edition=diff.new, element_lineage__in=lineages)
        .exclude(message="")
        .order_by("created_at", "id")
        .values_list("element_lineage", "message")
    )
    for lineage, message in revisions:
        found = messages.setdefault(lineage, [])
        if message not in found:
            found.append(message)
    for entry in diff.entries:
        if entry.new_element is not None:
            entry.provenance = messages.get(entry.new_element.lineage, [])
    return diff
