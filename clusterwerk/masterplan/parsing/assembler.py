"""Second pass: turn the raw line lists of the walk into a PlanTree with clean texts."""

import difflib
import re

from django.utils.translation import gettext as _

from clusterwerk.masterplan.parsing.lines import (
    TERMINAL_PUNCTUATION,
    Line,
    Paragraph,
    Problem,
    flatten,
)
from clusterwerk.masterplan.parsing.vocabulary import (
    CONJUNCTIONS,
    WORD,
    FlowingText,
    Vocabulary,
    join_lines,
    keeps_line_end_hyphen,
)
from clusterwerk.masterplan.parsing.walker import RawActionField, RawKeyPoint, RawTopicArea
from clusterwerk.masterplan.tree import ActionFieldNode, KeyPointNode, PlanTree, TopicAreaNode

FUNCTION_WORDS = {
    "für", "und", "oder", "mit", "von", "der", "die", "das", "den", "dem", "des", "im", "in",
    "zu", "zur", "zum", "bei", "auf", "aus", "als", "sowie", "durch", "an", "am", "bzw.",
}  # fmt: skip
TOC_SIMILARITY = 0.85
# Longer titles are not compared with the table of contents (quadratic); real ones are < 200.
MAX_TITLE_LENGTH = 500
# A longer "word" is no pair of real words glued together; not splitting it keeps the repair
# linear (German's long compounds have about 60 letters).
MAX_GLUED_WORD = 80
CAMEL_CASE_JOINT = re.compile(r"(?<=[a-zäöüß])(?=[A-ZÄÖÜ][a-zäöüß])")
SPACES = re.compile(r"[ \t]+")
SPACE_BEFORE_PUNCTUATION = re.compile(r" ([,.;:!?)])")
SPACE_AFTER_OPENING = re.compile(r"([(„]) ")
CROSS_REFERENCE = re.compile(r"Abschnitt(?:e|en)?\s+(\d{1,2}\.\d{1,2}\.\d{1,2})\b")
FOOTNOTE_MARKER = re.compile(
    r"(?<=[a-zäöüß)“”\"])(\d{1,2})(?=[\s,.;:)]|$)|(?<=[a-zäöüß]\.)(\d{1,2})(?=\s|$)"
)


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
            goal=self.bold_text(flatten(raw.sections.get("goal_statement", []))),
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
        if similar_titles(title, toc_title):
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
            inside_sentence = (
                match.start() > 0 and character_before(text, match.start()) not in ".:"
            )
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
            parts = CAMEL_CASE_JOINT.split(word)
            if len(parts) > 1 and all(self.vocabulary.knows_stem(part) for part in parts):
                return "-".join(parts)
            return word

        return WORD.sub(repair, text)

    def split_glued_words(self, text: str) -> str:
        """`Technologienfür` → `Technologien für` (a space lost between two known words)."""

        def repair(match: re.Match) -> str:
            word = match.group(0)
            if not 9 <= len(word) <= MAX_GLUED_WORD or self.vocabulary.knows(word, minimum=2):
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
        merged: list[FlowingText] = []
        for paragraph in paragraphs:
            text = self.remove_footnote_markers(join_lines(paragraph, self.vocabulary))
            if merged and continues_previous(merged[-1], text):
                merged[-1].extend(*paragraph_joint(merged[-1].end, text, self.vocabulary), text)
            else:
                merged.append(FlowingText(text))
        texts = (str(text) for text in merged)
        return "\n\n".join(clean_spacing(text) for text in texts if text.strip())

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


def continues_previous(previous: FlowingText, text: str) -> bool:
    """A paragraph cut by a page break, a footnote or a figure goes on in the next one."""
    if text.startswith("•") or not previous:
        return False
    if text[:1].islower():
        return True
    if previous.first == "•":
        return False  # a list item without a final period
    return not previous.end.rstrip().endswith(TERMINAL_PUNCTUATION)


def paragraph_joint(end: str, text: str, vocabulary: Vocabulary) -> tuple[int, str]:
    """How a paragraph continues the text that ends with `end`: how many characters to drop
    from the text (a hyphen at the end of the page) and what goes between."""
    first_word = text.split(" ", 1)[0]
    if end.endswith("-") and end[-2:-1].isalpha():
        if first_word in CONJUNCTIONS or not first_word[:1].islower():
            return (0, " ") if first_word in CONJUNCTIONS else (0, "")
        if keeps_line_end_hyphen(end, first_word, vocabulary):
            return 0, ""
        return 1, ""
    return 0, " "


def similar_titles(title: str, toc_title: str) -> bool:
    """Near-identical spellings; titles too long to be real are compared no further."""
    if max(len(title), len(toc_title)) > MAX_TITLE_LENGTH:
        return False
    matcher = difflib.SequenceMatcher(a=title, b=toc_title)
    return (
        matcher.real_quick_ratio() >= TOC_SIMILARITY
        and matcher.quick_ratio() >= TOC_SIMILARITY
        and matcher.ratio() >= TOC_SIMILARITY
    )


def character_before(text: str, index: int) -> str:
    """The last non-space character before `index` ("" at the start of the text)."""
    position = index - 1
    while position >= 0 and text[position].isspace():
        position -= 1
    return text[position] if position >= 0 else ""


def clean_spacing(text: str) -> str:
    text = SPACES.sub(" ", text)
    text = SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    text = SPACE_AFTER_OPENING.sub(r"\1", text)
    return text.strip()
