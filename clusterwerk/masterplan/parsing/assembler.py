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
