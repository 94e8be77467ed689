"""Parse the published masterplan text, as it comes out of the PDF, into a `PlanTree`.

The text extraction of the PDF is noisy in ways this parser knows about:
- in bold type the period comes out as U+FFFD (`4�1�1`, `Region�`) and hyphens get lost:
  inside words (`CoronaPandemie`), at line ends (`Ge` / `staltung`) and in truncated
  compounds (`Berufs und Studienorientierung`);
- tabs stand inside sentences, words are hyphenated across lines (`Wirt-` / `schaft`);
- footnotes, link annotations (bare URLs) and page furniture stand between paragraphs and
  cut paragraphs in two;
- the figures of the action fields repeat the structure as bullet lists;
- chapter headings sometimes follow the text they head, or are cut to a fragment;
- a partial, tab-indented table of contents stands at the end.

The parser works in two passes: a walk over the lines assigns every line to an element of the
plan (or drops it as noise), then the texts are assembled. The second pass repairs lost
hyphens with the document's own vocabulary: a bold `Markt und Technologie…` becomes
`Markt- und …` only because the regular text writes `Markt- und …` and never `Markt und …`.
"""

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from clusterwerk.masterplan.tree import ActionFieldNode, KeyPointNode, PlanTree, TopicAreaNode

BOLD_PERIOD = "\ufffd"
TERMINAL_PUNCTUATION = (".", "!", "?", ":", "“", '"', "”")
CONJUNCTIONS = {"und", "oder", "bzw.", "sowie", "bis"}
FUNCTION_WORDS = {
    "für", "und", "oder", "mit", "von", "der", "die", "das", "den", "dem", "des", "im", "in",
    "zu", "zur", "zum", "bei", "auf", "aus", "als", "sowie", "durch", "an", "am", "bzw.",
}  # fmt: skip
INFLECTIONS = ("es", "en", "s", "n", "e")
SECTIONS = {"Ziel": "goal", "Relevanz": "relevance", "Potenzial": "potential"}
SECTION_NAMES = {"goal": "Ziel", "relevance": "Relevanz", "potential": "Potenzial"}
MAX_FOOTNOTE_GAP = 8
TOC_SIMILARITY = 0.85
MAX_HEADING_LINES = 4
FIGURE_SEARCH_LINES = 90

ACTION_FIELD_HEADING = re.compile(r"^(\d{1,2})\s+Handlungsfeld\b\s*(.*)$")
CHAPTER_HEADING = re.compile(r"^(\d{1,2})\s+([A-ZÄÖÜ][^.!?:]{1,90})$")
KEY_POINT_HEADING = re.compile(r"^(\d{1,2})\.([1-9]\d?)\s+([A-ZÄÖÜ„\"].*)$")
TOPIC_AREA_HEADING = re.compile(r"^(\d{1,2})\.([1-9]\d?)\.([1-9]\d?)\s+([A-ZÄÖÜ„\"].*)$")
SECTION_MARKER = re.compile(r"^■?\s*(Ziel|Relevanz|Potenzial)\s*:?$")
FOOTNOTE_START = re.compile(r"^(\d{1,3})\s+(\S.*)$")
TOC_ENTRY = re.compile(r"^ ?\t\s*(\d{1,2}(?:\.\d{1,2}){0,2})\s+(\S.*)$")
PAGE_FURNITURE = re.compile(r"^\d*\s*Masterplan\s+\S+\s+–\s")
URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")
CAPTION = re.compile(r"^(?:Abbildung|Tabelle)\s+\d+:")
FIGURE_START = re.compile(r"^Handlungsfeld\s+\S[^.!?]*$")
CROSS_REFERENCE = re.compile(r"Abschnitt(?:e|en)?\s+(\d{1,2}\.\d{1,2}\.\d{1,2})\b")
WORD = re.compile(r"[0-9A-Za-zÄÖÜäöüß]+(?:-[0-9A-Za-zÄÖÜäöüß]+)*")
TRUNCATION = re.compile(r"(?<![-\w])([A-Za-zÄÖÜäöüß]+)-(?=(,)|\s+(und|oder|bzw\.|sowie)\s)")
PLAIN_BEFORE_CONNECTOR = re.compile(
    r"(?<![-\w])([A-Za-zÄÖÜäöüß]+)(?=(,)\s|\s+(und|oder|bzw\.|sowie)\s)"
)
FOOTNOTE_MARKER = re.compile(
    r"(?<=[a-zäöüß)“”\"])(\d{1,2})(?=[\s,.;:)]|$)|(?<=[a-zäöüß]\.)(\d{1,2})(?=\s|$)"
)


class MasterplanImportError(ValueError):
    """The text cannot be imported; `problems` says why, with line numbers."""

    def __init__(self, problems: list["Problem"]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str

    def __str__(self):
        if self.line is None:
            return self.message
        return _("Zeile %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ParseResult:
    tree: PlanTree
    notes: list[Problem] = field(default_factory=list)  # what was skipped or not placed
    line_count: int = 0
    footnote_count: int = 0


@dataclass
class Line:
    number: int  # 1-based line number in the file
    raw: str  # as in the file, with U+FFFD turned into "."
    text: str  # tabs folded, spaces collapsed, stripped
    bold_end: bool = False  # the line ended with a bold period (U+FFFD)

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def starts_block(self) -> bool:
        """The extraction indents the first line of a new text block (page or column)."""
        return bool(self.text) and self.raw[:1] in (" ", "\t")

    @property
    def ends_with_space(self) -> bool:
        return self.raw[-1:] in (" ", "\t")


Paragraph = list[Line]


@dataclass
class RawTopicArea:
    number: str
    heading: list[Line]
    sections: dict[str, list[Paragraph]] = field(default_factory=dict)  # goal statement: "goal"
    span: list[Line] = field(default_factory=list)  # every line up to the next heading


@dataclass
class RawKeyPoint:
    number: str
    heading: list[Line]
    intro: list[Paragraph] = field(default_factory=list)
    topic_areas: list[RawTopicArea] = field(default_factory=list)


@dataclass
class RawActionField:
    number: str
    heading: list[Line]
    intro: list[Paragraph] = field(default_factory=list)
    key_points: list[RawKeyPoint] = field(default_factory=list)


# --- Reading the file --------------------------------------------------------------------


def decode_masterplan_bytes(data: bytes) -> str:
    """Decode a file's bytes; refuse empty, binary and non-UTF-8 content."""
    if not data.strip():
        raise MasterplanImportError([Problem(None, _("Die Datei ist leer."))])
    head = data[:65536]
    if b"\x00" in head or _control_character_share(head) > 0.02:
        raise MasterplanImportError(
            [Problem(None, _("Die Datei ist keine Textdatei (sie enthält Binärdaten)."))]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise MasterplanImportError(
            [Problem(line, _("Die Datei ist nicht UTF-8-kodiert (ungültiges Byte)."))]
        ) from error


def _control_character_share(data: bytes) -> float:
    control = sum(1 for byte in data if byte < 32 and byte not in (9, 10, 12, 13))
    return control / max(len(data), 1)


# --- Entry point ---------------------------------------------------------------------------


def parse_masterplan(text: str) -> ParseResult:
    """Parse the text into a tree; raise MasterplanImportError when it is not a masterplan."""
    lines = split_lines(text)
    walker = Walker(lines)
    walker.walk()
    if not walker.action_fields:
        raise MasterplanImportError(
            walker.problems
            or [
                Problem(
                    None,
                    _(
                        "Keine Masterplan-Struktur gefunden: Die Datei enthält kein "
                        "Handlungsfeld (Überschrift wie „4 Handlungsfeld …“)."
                    ),
                )
            ]
        )
    vocabulary = Vocabulary.build(lines, walker.regular_lines())
    assembler = Assembler(vocabulary, walker.footnote_numbers, walker.toc_titles)
    tree = assembler.build_tree(walker.action_fields)
    problems = walker.problems + validate_tree(tree)
    if problems:
        raise MasterplanImportError(problems)
    notes = walker.notes + assembler.notes
    return ParseResult(
        tree=tree,
        notes=notes,
        line_count=len(lines),
        footnote_count=len(walker.footnote_numbers),
    )


def split_lines(text: str) -> list[Line]:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    result = []
    for number, original in enumerate(text.split("\n"), start=1):
        bold_end = original.rstrip().endswith(BOLD_PERIOD)
        raw = original.replace(BOLD_PERIOD, ".").replace("\u00ad", "").replace("\f", "")
        folded = re.sub(r"\s+", " ", raw).strip()
        result.append(Line(number=number, raw=raw.rstrip("\n"), text=folded, bold_end=bold_end))
    return result


# --- First pass: assign lines to elements ----------------------------------------------------


class Walker:
    """Walks the lines once and sorts them into action fields, key points and topic areas."""

    def __init__(self, lines: list[Line]):
        self.lines = lines
        self.index = 0
        self.action_fields: list[RawActionField] = []
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        self.toc_titles: dict[str, str] = {}
        self.footnote_numbers: set[int] = set()
        self.expected_footnote = 1
        self.chapter = 0
        self.chapter_is_action_field = False
        self.target: list[Paragraph] | None = None  # where content goes; None: skipped
        self.paragraph: Paragraph = []
        self.section = ""  # "goal_statement", "goal", "relevance", "potential", "intro"
        self.topic_area: RawTopicArea | None = None
        self.key_point: RawKeyPoint | None = None
        self.action_field: RawActionField | None = None

    # -- the walk

    def walk(self):
        while self.index < len(self.lines):
            line = self.lines[self.index]
            if line.blank:
                self.end_paragraph()
                self.index += 1
                continue
            if self.topic_area is not None:
                self.topic_area.span.append(line)
            self.step(line)

    def step(self, line: Line):
        if (
            self.take_toc_entry(line)
            or self.take_furniture(line)
            or self.take_footnote(line)
            or self.take_figure(line)
        ):
            return
        if self.at_paragraph_start(line) and self.take_heading(line):
            return
        if self.is_orphan_fragment(line):
            self.notes.append(Problem(line.number, _("Bruchstück „%s“ übersprungen.") % line.text))
            self.index += 1
            return
        self.add_content(line)
        self.index += 1

    def add_content(self, line: Line):
        if self.target is None:
            return
        if (
            line.starts_block
            and self.paragraph
            and self.paragraph[-1].text.endswith(TERMINAL_PUNCTUATION)
        ):
            self.end_paragraph()  # a new page or column that starts a new paragraph
        self.paragraph.append(line)
        if self.section == "goal_statement" and line.bold_end:
            self.end_paragraph()  # the bold goal statement ends with its (bold) period

    def end_paragraph(self):
        if self.paragraph and self.target is not None:
            self.target.append(self.paragraph)
            if self.section == "goal_statement":
                self.switch_target(self.topic_area.sections.setdefault("goal", []), "goal")
        self.paragraph = []

    def switch_target(self, target: list[Paragraph] | None, section: str):
        self.paragraph = []
        self.target = target
        self.section = section

    def previous_line(self) -> Line | None:
        return self.lines[self.index - 1] if self.index > 0 else None

    def at_paragraph_start(self, line: Line) -> bool:
        previous = self.previous_line()
        return previous is None or previous.blank or line.starts_block or not self.paragraph

    # -- noise: table of contents, footnotes, furniture, URLs, figures

    def take_toc_entry(self, line: Line) -> bool:
        match = TOC_ENTRY.match(line.raw)
        if not match:
            return False
        self.end_paragraph()
        self.toc_titles[match.group(1)] = re.sub(r"\s+", " ", match.group(2)).strip()
        self.index += 1
        return True

    def take_footnote(self, line: Line) -> bool:
        number = self.footnote_number(line)
        if number is None:
            return False
        self.end_paragraph()
        self.register_footnote(number)
        self.index += 1
        self.consume_footnote_lines()
        return True

    def footnote_number(self, line: Line) -> int | None:
        match = FOOTNOTE_START.match(line.text)
        if not match or ACTION_FIELD_HEADING.match(line.text) or self.is_chapter_heading(line):
            return None
        number = int(match.group(1))
        if not self.expected_footnote <= number <= self.expected_footnote + MAX_FOOTNOTE_GAP:
            return None
        previous = self.previous_line()
        if previous is not None and not previous.blank and self.paragraph:
            return None
        return number

    def register_footnote(self, number: int):
        self.footnote_numbers.add(number)
        self.expected_footnote = number + 1

    def consume_footnote_lines(self):
        """Footnote text runs to a blank line, or on past it while its sentence is open."""
        last = self.lines[self.index - 1]
        while self.index < len(self.lines):
            line = self.lines[self.index]
            if self.topic_area is not None and not line.blank:
                self.topic_area.span.append(line)
            if not line.blank:
                match = FOOTNOTE_START.match(line.text)
                if match and int(match.group(1)) == self.expected_footnote:
                    self.register_footnote(int(match.group(1)))
                last = line
                self.index += 1
                continue
            following = self.next_nonblank_index(self.index)
            if following is None:
                return
            next_line = self.lines[following]
            if last.text.endswith((".", ")")) or next_line.starts_block:
                return
            if self.looks_structural(next_line):
                return
            self.index = following

    def next_nonblank_index(self, start: int) -> int | None:
        for index in range(start, len(self.lines)):
            if not self.lines[index].blank:
                return index
        return None

    def looks_structural(self, line: Line) -> bool:
        return bool(
            TOPIC_AREA_HEADING.match(line.text)
            or KEY_POINT_HEADING.match(line.text)
            or SECTION_MARKER.match(line.text)
            or ACTION_FIELD_HEADING.match(line.text)
            or TOC_ENTRY.match(line.raw)
            or self.footnote_number_ahead(line)
        )

    def footnote_number_ahead(self, line: Line) -> bool:
        match = FOOTNOTE_START.match(line.text)
        return bool(match) and int(match.group(1)) == self.expected_footnote

    def take_furniture(self, line: Line) -> bool:
        """Running heads with page numbers, and link annotations (bare URLs)."""
        if PAGE_FURNITURE.match(line.text) or URL_LINE.match(line.text):
            self.index += 1
            return True
        return False

    def take_figure(self, line: Line) -> bool:
        if CAPTION.match(line.text):
            self.end_paragraph()
            self.index += 1
            self.skip_caption_lines()
            return True
        if FIGURE_START.match(line.text) and not self.paragraph:
            caption = self.find_caption(self.index)
            if caption is not None:
                self.end_paragraph()
                self.index = caption + 1
                self.skip_caption_lines()
                return True
        return False

    def find_caption(self, start: int) -> int | None:
        for index in range(start + 1, min(start + FIGURE_SEARCH_LINES, len(self.lines))):
            line = self.lines[index]
            if CAPTION.match(line.text):
                return index
            if TOPIC_AREA_HEADING.match(line.text) or SECTION_MARKER.match(line.text):
                return None
        return None

    def skip_caption_lines(self):
        """A caption may wrap to a second line; the next block starts indented."""
        while self.index < len(self.lines):
            line = self.lines[self.index]
            if line.blank or line.starts_block:
                return
            self.index += 1

    def is_orphan_fragment(self, line: Line) -> bool:
        """A one-line block, cut from a heading (e.g. "netzwerk Metall Brandenburg")."""
        following = self.lines[self.index + 1] if self.index + 1 < len(self.lines) else None
        return (
            line.starts_block
            and not self.paragraph
            and line.text[:1].islower()
            and not line.text.endswith(TERMINAL_PUNCTUATION)
            and following is not None
            and following.starts_block
        )

    # -- headings

    def take_heading(self, line: Line) -> bool:
        return (
            self.take_action_field_heading(line)
            or self.take_chapter_heading(line)
            or self.take_topic_area_heading(line)
            or self.take_key_point_heading(line)
            or self.take_section_marker(line)
        )

    def heading_lines(self, first: Line) -> list[Line]:
        """The heading's line and the lines that continue it (a heading broken in two)."""
        lines = [first]
        index = self.index + 1
        while index < len(self.lines) and len(lines) < MAX_HEADING_LINES:
            line = self.lines[index]
            if line.blank or line.starts_block or self.looks_structural(line):
                break
            if CAPTION.match(line.text) or URL_LINE.match(line.text):
                break
            lines.append(line)
            index += 1
        return lines

    def take_action_field_heading(self, line: Line) -> bool:
        match = ACTION_FIELD_HEADING.match(line.text)
        if not match:
            return False
        number = int(match.group(1))
        heading = self.heading_lines(line)
        self.end_paragraph()
        if number == self.chapter and self.chapter_is_action_field:
            pass  # the running head of the chapter's pages
        elif number == self.chapter + 1 or not self.action_fields:
            self.start_action_field(str(number), heading, line)
        else:
            self.problems.append(
                Problem(
                    line.number,
                    _("Handlungsfeld %(number)s folgt nicht auf Kapitel %(chapter)s.")
                    % {"number": number, "chapter": self.chapter},
                )
            )
        self.index += len(heading)
        return True

    def is_chapter_heading(self, line: Line) -> bool:
        """A short title line "N Title" whose number continues the chapter sequence."""
        match = CHAPTER_HEADING.match(line.text)
        return bool(match) and self.chapter < int(match.group(1)) <= self.chapter + 3

    def take_chapter_heading(self, line: Line) -> bool:
        match = CHAPTER_HEADING.match(line.text)
        if not self.is_chapter_heading(line):
            return False
        heading = self.heading_lines(line)
        self.end_paragraph()
        moved = self.cut_trailing_block(line)
        self.chapter = int(match.group(1))
        self.chapter_is_action_field = False
        self.close_elements()
        self.switch_target(None, "")
        title = re.sub(r"^\d{1,2}\s+", "", join_lines(heading))
        skipped = _(
            "Kapitel %(number)s „%(title)s“ ist nicht Teil der Struktur und wurde übersprungen."
        )
        self.notes.append(Problem(line.number, skipped % {"number": self.chapter, "title": title}))
        if moved:
            self.notes.append(
                Problem(
                    moved[0][0].number,
                    _("Text vor der Überschrift von Kapitel %s wurde diesem Kapitel zugeordnet.")
                    % self.chapter,
                )
            )
        self.index += len(heading)
        return True

    def start_action_field(self, number: str, heading: list[Line], line: Line):
        moved = self.cut_trailing_block(line)
        self.chapter = int(number)
        self.chapter_is_action_field = True
        self.close_elements()
        self.action_field = RawActionField(number=number, heading=heading, intro=moved)
        self.action_fields.append(self.action_field)
        self.switch_target(self.action_field.intro, "intro")

    def cut_trailing_block(self, heading_line: Line) -> list[Paragraph]:
        """Paragraphs printed before a chapter heading that does not start its own block.

        The page layout puts some chapter headings after the chapter's first text block; that
        block belongs to the new chapter, not to the end of the previous one.
        """
        if heading_line.starts_block or not self.target:
            return []
        for position in range(len(self.target) - 1, -1, -1):
            if self.target[position][0].starts_block:
                moved = self.target[position:]
                del self.target[position:]
                return moved
        return []

    def close_elements(self):
        self.topic_area = None
        self.key_point = None
        self.action_field = None

    def take_key_point_heading(self, line: Line) -> bool:
        match = KEY_POINT_HEADING.match(line.text)
        if not match or not self.chapter_is_action_field:
            return False
        if int(match.group(1)) != self.chapter:
            return False
        heading = self.heading_lines(line)
        self.end_paragraph()
        number = f"{int(match.group(1))}.{int(match.group(2))}"
        self.topic_area = None
        self.key_point = RawKeyPoint(number=number, heading=heading)
        self.action_field.key_points.append(self.key_point)
        self.switch_target(self.key_point.intro, "intro")
        self.index += len(heading)
        return True

    def take_topic_area_heading(self, line: Line) -> bool:
        match = TOPIC_AREA_HEADING.match(line.text)
        if not match or not self.chapter_is_action_field or int(match.group(1)) != self.chapter:
            return False
        heading = self.heading_lines(line)
        self.end_paragraph()
        number = ".".join(str(int(part)) for part in match.groups()[:3])
        parent_number = number.rsplit(".", 1)[0]
        if self.key_point is None or self.key_point.number != parent_number:
            self.problems.append(
                Problem(
                    line.number,
                    _("Themenbereich %(number)s steht nicht unter Eckpunkt %(parent)s.")
                    % {"number": number, "parent": parent_number},
                )
            )
            self.topic_area = None
            self.switch_target(None, "")
        else:
            self.topic_area = RawTopicArea(number=number, heading=heading, span=list(heading))
            self.key_point.topic_areas.append(self.topic_area)
            self.switch_target(self.topic_area.sections.setdefault("before_goal", []), "")
        self.index += len(heading)
        return True

    def take_section_marker(self, line: Line) -> bool:
        match = SECTION_MARKER.match(line.text)
        if not match or self.topic_area is None:
            return False
        self.end_paragraph()
        name = SECTIONS[match.group(1)]
        statement_key = "goal_statement" if name == "goal" else name
        if statement_key in self.topic_area.sections:
            self.problems.append(
                Problem(
                    line.number,
                    _("Themenbereich %(number)s: Abschnitt „%(section)s“ kommt doppelt vor.")
                    % {"number": self.topic_area.number, "section": match.group(1)},
                )
            )
        target = self.topic_area.sections.setdefault(statement_key, [])
        self.switch_target(target, statement_key)
        self.index += 1
        return True

    # -- for the vocabulary

    def regular_lines(self) -> list[Line]:
        """Lines set in regular type: intros and the explanatory sections."""
        result = []
        for action_field in self.action_fields:
            result += _flatten(action_field.intro)
            for key_point in action_field.key_points:
                result += _flatten(key_point.intro)
                for topic_area in key_point.topic_areas:
                    for name in ("goal", "relevance", "potential"):
                        result += _flatten(topic_area.sections.get(name, []))
        return result


def _flatten(paragraphs: list[Paragraph]) -> list[Line]:
    return [line for paragraph in paragraphs for line in paragraph]


# --- Second pass: assemble clean texts ----------------------------------------------------


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


class Assembler:
    """Turns the raw line lists of the walk into a PlanTree with clean texts."""

    def __init__(self, vocabulary: Vocabulary, footnotes: set[int], toc_titles: dict[str, str]):
        self.vocabulary = vocabulary
        self.footnotes = footnotes
        self.toc_titles = toc_titles
        self.notes: list[Problem] = []

    def build_tree(self, raw_action_fields: list[RawActionField]) -> PlanTree:
        return PlanTree(
            action_fields=[self.action_field(raw) for raw in raw_action_fields],
            success_factors=None,
        )

    def action_field(self, raw: RawActionField) -> ActionFieldNode:
        title = self.heading_title(raw.number, raw.heading)
        title = re.sub(r"^Handlungsfeld\s+", "", title)
        return ActionFieldNode(
            number=raw.number,
            title=title,
            intro=self.body_text(raw.intro),
            key_points=[self.key_point(kp) for kp in raw.key_points],
            line=raw.heading[0].number,
        )

    def key_point(self, raw: RawKeyPoint) -> KeyPointNode:
        return KeyPointNode(
            number=raw.number,
            title=self.heading_title(raw.number, raw.heading),
            intro=self.body_text(raw.intro),
            topic_areas=[self.topic_area(ta) for ta in raw.topic_areas],
            line=raw.heading[0].number,
        )

    def topic_area(self, raw: RawTopicArea) -> TopicAreaNode:
        before_goal = raw.sections.get("before_goal", [])
        if before_goal:
            self.notes.append(
                Problem(
                    before_goal[0][0].number,
                    _("Themenbereich %s: Text vor „Ziel“ wurde übersprungen.") % raw.number,
                )
            )
        return TopicAreaNode(
            number=raw.number,
            title=self.heading_title(raw.number, raw.heading),
            goal=self.bold_text(_flatten(raw.sections.get("goal_statement", []))),
            description=self.body_text(raw.sections.get("goal", [])),
            relevance=self.body_text(raw.sections.get("relevance", [])),
            potential=self.body_text(raw.sections.get("potential", [])),
            references=self.cross_references(raw),
            line=raw.heading[0].number,
        )

    # -- titles and bold text

    def heading_title(self, number: str, heading: list[Line]) -> str:
        text = join_lines(heading, self.vocabulary)
        text = re.sub(r"^\d{1,2}(?:\.\d{1,2}){0,2}\s+", "", text)
        title = self.repair_bold(text)
        toc_title = self.toc_titles.get(number)
        if not toc_title:
            return title
        toc_title = self.repair_bold(toc_title)
        if toc_title == title:
            return title
        # A near-identical entry in the table of contents is the cleaner spelling of a
        # garbled heading; a different one is outdated, and the heading wins.
        if difflib.SequenceMatcher(a=title, b=toc_title).ratio() >= TOC_SIMILARITY:
            self.notes.append(
                Problem(
                    heading[0].number,
                    _("%(number)s: Titel aus dem Inhaltsverzeichnis übernommen („%(title)s“).")
                    % {"number": number, "title": toc_title},
                )
            )
            return toc_title
        self.notes.append(
            Problem(
                heading[0].number,
                _("%(number)s: Das Inhaltsverzeichnis nennt einen anderen Titel („%(title)s“).")
                % {"number": number, "title": toc_title},
            )
        )
        return title

    def bold_text(self, lines: list[Line]) -> str:
        return self.repair_bold(clean_spacing(join_lines(lines, self.vocabulary)))

    def repair_bold(self, text: str) -> str:
        text = self.restore_truncation_hyphens(text)
        text = self.restore_inner_hyphens(text)
        text = self.split_glued_words(text)
        return clean_spacing(text)

    def restore_truncation_hyphens(self, text: str) -> str:
        """`Berufs und Studienorientierung` → `Berufs- und …`, then `Entwurfs, Fertigungs- und`.

        A word gets its hyphen back before a conjunction when the regular text writes it
        truncated more often than plain; before a comma only when the next word of the list is
        itself truncated. A capitalised word inside a sentence is only truncated before another
        noun ("Metall und angrenzenden Branchen" stays as it is).
        """

        def before_conjunction(match: re.Match) -> str:
            word, connector, following = match.group(1), match.group(2), match.group(3)
            if following.lower() in FUNCTION_WORDS or len(following) < 4:
                return word
            inside_sentence = match.start() > 0 and text[: match.start()].rstrip()[-1:] not in ".:"
            if word[:1].isupper() and following[:1].islower() and inside_sentence:
                return word
            return f"{word}-" if self.vocabulary.is_truncation(word, connector) else word

        text = re.sub(
            r"(?<![-\w])([A-Za-zÄÖÜäöüß]{3,})(?=\s+(und|oder|bzw\.|sowie)\s+([\w-]+))",
            before_conjunction,
            text,
        )

        def before_comma(match: re.Match) -> str:
            word = match.group(1)
            if self.vocabulary.truncated_anywhere(word):
                return f"{word}-"
            return word

        return re.sub(
            r"(?<![-\w])([A-Za-zÄÖÜäöüß]{3,})(?=,\s+[A-Za-zÄÖÜäöüß]+-\s)", before_comma, text
        )

    def restore_inner_hyphens(self, text: str) -> str:
        def repair(match: re.Match) -> str:
            word = match.group(0)
            if "-" in word:
                return word
            if word in self.vocabulary.hyphenated:
                return self.vocabulary.hyphenated[word]
            parts = re.split(r"(?<=[a-zäöüß])(?=[A-ZÄÖÜ][a-zäöüß])", word)
            if len(parts) > 1 and all(self.vocabulary.knows_stem(part) for part in parts):
                return "-".join(parts)
            return word

        return WORD.sub(repair, text)

    def split_glued_words(self, text: str) -> str:
        """`Technologienfür` → `Technologien für` (a space lost between two known words)."""

        def repair(match: re.Match) -> str:
            word = match.group(0)
            if len(word) < 9 or self.vocabulary.knows(word, minimum=2):
                return word
            for cut in range(len(word) - 2, 4, -1):
                head, tail = word[:cut], word[cut:]
                if not head[:1].isupper() or not self.vocabulary.knows(head, minimum=2):
                    continue
                if tail in FUNCTION_WORDS or (
                    len(tail) >= 8 and tail.endswith("en") and self.vocabulary.knows(tail, 3)
                ):
                    return f"{head} {tail}"
            return word

        return WORD.sub(repair, text)

    # -- body text

    def body_text(self, paragraphs: list[Paragraph]) -> str:
        merged: list[str] = []
        for paragraph in paragraphs:
            text = self.remove_footnote_markers(join_lines(paragraph, self.vocabulary))
            if merged and continues_previous(merged[-1], text):
                merged[-1] = join_paragraph_texts(merged[-1], text, self.vocabulary)
            else:
                merged.append(text)
        return "\n\n".join(clean_spacing(text) for text in merged if text.strip())

    def remove_footnote_markers(self, text: str) -> str:
        def strip(match: re.Match) -> str:
            number = int(match.group(1) or match.group(2))
            return "" if number in self.footnotes else match.group(0)

        return FOOTNOTE_MARKER.sub(strip, text)

    def cross_references(self, raw: RawTopicArea) -> list[str]:
        span = " ".join(line.text for line in raw.span)
        found = []
        for number in CROSS_REFERENCE.findall(span):
            if number != raw.number and number not in found:
                found.append(number)
        return found


def continues_previous(previous: str, text: str) -> bool:
    """A paragraph cut by a page break, a footnote or a figure goes on in the next one."""
    if text.startswith("•") or not previous:
        return False
    if text[:1].islower():
        return True
    if previous.startswith("•"):
        return False  # a list item without a final period
    return not previous.rstrip().endswith(TERMINAL_PUNCTUATION)


def join_paragraph_texts(previous: str, text: str, vocabulary: Vocabulary) -> str:
    first_word = text.split(" ", 1)[0]
    if previous.endswith("-") and previous[-2:-1].isalpha():
        if first_word in CONJUNCTIONS or not first_word[:1].islower():
            return f"{previous} {text}" if first_word in CONJUNCTIONS else previous + text
        if keeps_line_end_hyphen(previous, first_word, vocabulary):
            return previous + text
        return previous[:-1] + text
    return f"{previous} {text}"


def clean_spacing(text: str) -> str:
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r" ([,.;:!?)])", r"\1", text)
    text = re.sub(r"([(„]) ", r"\1", text)
    return text.strip()


# --- Validation ---------------------------------------------------------------------------


def validate_tree(tree: PlanTree) -> list[Problem]:
    problems = []
    seen: dict[str, int | None] = {}
    elements = [*tree.action_fields, *tree.key_points(), *tree.topic_areas()]
    for element in elements:
        if element.number in seen:
            problems.append(
                Problem(
                    element.line,
                    _("Die Nummer %(number)s kommt mehrfach vor (zuerst in Zeile %(first)s).")
                    % {"number": element.number, "first": seen[element.number]},
                )
            )
        else:
            seen[element.number] = element.line
        if not element.title:
            problems.append(Problem(element.line, _("%s: Der Titel fehlt.") % element.number))
    for action_field in tree.action_fields:
        if not action_field.key_points:
            problems.append(
                Problem(
                    action_field.line,
                    _("Handlungsfeld %s hat keine Eckpunkte.") % action_field.number,
                )
            )
    for key_point in tree.key_points():
        if not key_point.topic_areas:
            problems.append(
                Problem(
                    key_point.line, _("Eckpunkt %s hat keine Themenbereiche.") % key_point.number
                )
            )
    for topic_area in tree.topic_areas():
        for field_name, label in SECTION_NAMES.items():
            if not getattr(topic_area, field_name).strip():
                problems.append(
                    Problem(
                        topic_area.line,
                        _("Themenbereich %(number)s „%(title)s“: Abschnitt „%(section)s“ fehlt.")
                        % {
                            "number": topic_area.number,
                            "title": topic_area.title,
                            "section": label,
                        },
                    )
                )
    known = {topic_area.number for topic_area in tree.topic_areas()}
    for topic_area in tree.topic_areas():
        topic_area.references = [number for number in topic_area.references if number in known]
    return problems
