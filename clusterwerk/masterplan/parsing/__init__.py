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

The modules: `lines` reads the file into lines, `walker` is the first pass, `vocabulary` and
`assembler` the second, `validation` checks the tree.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from clusterwerk.masterplan.parsing.assembler import Assembler
from clusterwerk.masterplan.parsing.lines import (
    MAX_TEXT_BYTES,
    MasterplanImportError,
    Problem,
    check_size,
    check_text_size,
    decode_masterplan_bytes,
    split_lines,
)
from clusterwerk.masterplan.parsing.validation import validate_tree
from clusterwerk.masterplan.parsing.vocabulary import Vocabulary
from clusterwerk.masterplan.parsing.walker import Walker
from clusterwerk.masterplan.tree import PlanTree

__all__ = [
    "MAX_TEXT_BYTES",
    "MasterplanImportError",
    "ParseResult",
    "Problem",
    "check_size",
    "check_text_size",
    "decode_masterplan_bytes",
    "parse_masterplan",
]


@dataclass
class ParseResult:
    tree: PlanTree
    notes: list[Problem] = field(default_factory=list)  # what was skipped or not placed
    line_count: int = 0
    footnote_count: int = 0


def parse_masterplan(text: str) -> ParseResult:
    """Parse the text into a tree; raise MasterplanImportError when it is not a masterplan.

    The parse takes time linear in the text's length; the importer's entry points refuse
    texts over MAX_TEXT_BYTES before they get here (`check_size`, `check_text_size`).
    """
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
