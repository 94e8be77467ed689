"""First pass: a walk over the lines assigns every line to an element of the plan, or drops it
as noise (table of contents, footnotes, page furniture, URLs, figures)."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from clusterwerk.masterplan.parsing.lines import (
    TERMINAL_PUNCTUATION,
    Line,
    Paragraph,
    Problem,
    flatten,
)
from clusterwerk.masterplan.parsing.vocabulary import join_lines

SECTIONS = {"Ziel": "goal", "Relevanz": "relevance", "Potenzial": "potential"}
MAX_FOOTNOTE_GAP = 8
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
            result += flatten(action_field.intro)
            for key_point in action_field.key_points:
                result += flatten(key_point.intro)
                for topic_area in key_point.topic_areas:
                    for name in ("goal", "relevance", "potential"):
                        result += flatten(topic_area.sections.get(name, []))
        return result
