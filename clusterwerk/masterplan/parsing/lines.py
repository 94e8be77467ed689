"""Reading the file: bytes to text, text to lines, and how problems are reported."""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

BOLD_PERIOD = "\ufffd"
TERMINAL_PUNCTUATION = (".", "!", "?", ":", "“", '"', "”")


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


def split_lines(text: str) -> list[Line]:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    result = []
    for number, original in enumerate(text.split("\n"), start=1):
        bold_end = original.rstrip().endswith(BOLD_PERIOD)
        raw = original.replace(BOLD_PERIOD, ".").replace("\u00ad", "").replace("\f", "")
        folded = re.sub(r"\s+", " ", raw).strip()
        result.append(Line(number=number, raw=raw.rstrip("\n"), text=folded, bold_end=bold_end))
    return result


def flatten(paragraphs: list[Paragraph]) -> list[Line]:
    return [line for paragraph in paragraphs for line in paragraph]
