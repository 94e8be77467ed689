"""Reading the file: bytes to text, text to lines, and how problems are reported."""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

BOLD_PERIOD = "\ufffd"
TERMINAL_PUNCTUATION = (".", "!", "?", ":", "“", '"', "”")
WHITESPACE = re.compile(r"\s+")
# The largest text the importer accepts; the published masterplan has about 0.2 MB.
MAX_TEXT_MEGABYTES = 2
MAX_TEXT_BYTES = MAX_TEXT_MEGABYTES * 1_000_000


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


@dataclass(slots=True)
class Line:
    number: int  # 1-based line number in the file
    raw: str  # as in the file, with U+FFFD turned into "."
    text: str  # tabs folded, spaces collapsed, stripped
    bold_end: bool = False  # the line ended with a bold period (U+FFFD)
    # Read for every line in every pass, so worked out once:
    blank: bool = field(init=False)
    # The extraction indents the first line of a new text block (page or column).
    starts_block: bool = field(init=False)
    ends_with_space: bool = field(init=False)

    def __post_init__(self):
        self.blank = not self.text
        self.starts_block = bool(self.text) and self.raw[:1] in (" ", "\t")
        self.ends_with_space = self.raw[-1:] in (" ", "\t")


Paragraph = list[Line]


def check_size(size: int) -> None:
    """Refuse a file of `size` bytes over the limit, before anything reads or parses it."""
    if size > MAX_TEXT_BYTES:
        message = _("Die Datei ist zu groß: höchstens %(megabytes)s MB.")
        raise MasterplanImportError([Problem(None, message % {"megabytes": MAX_TEXT_MEGABYTES})])


def check_text_size(text: str) -> None:
    """Refuse a text whose UTF-8 encoding is over the limit."""
    check_size(len(text) if len(text) > MAX_TEXT_BYTES else len(text.encode("utf-8")))


def decode_masterplan_bytes(data: bytes) -> str:
    """Decode a file's bytes; refuse oversized, empty, binary and non-UTF-8 content."""
    check_size(len(data))
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


def split_lines(text: str) -> list[Line]:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    result = []
    for number, original in enumerate(text.split("\n"), start=1):
        bold_end = original.rstrip().endswith(BOLD_PERIOD)
        raw = original.replace(BOLD_PERIOD, ".").replace("\u00ad", "").replace("\f", "")
        folded = WHITESPACE.sub(" ", raw).strip()
        result.append(Line(number=number, raw=raw.rstrip("\n"), text=folded, bold_end=bold_end))
    return result


def flatten(paragraphs: list[Paragraph]) -> list[Line]:
    return [line for paragraph in paragraphs for line in paragraph]
