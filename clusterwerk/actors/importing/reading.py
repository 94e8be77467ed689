"""Reading an import file: bytes → a `Table` of canonical column names and numbered rows.

CSV in UTF-8 with or without BOM, UTF-16 with BOM or Windows-1252, delimiter ";", "," or tab;
or the first sheet of an XLSX workbook. Problems of the file as a whole (size, encoding,
format, header) stop here with an `ActorImportError`.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext as _

from clusterwerk.actors.importing import schema
from clusterwerk.actors.importing.schema import (
    CONTROL_CHARACTERS,
    KNOWN_COLUMNS,
    PROTECTED_CELL,
    REQUIRED_COLUMNS,
    ActorImportError,
    ImportProblem,
    format_number,
)


@dataclass
class Table:
    """Canonical column names (None: a column without header) and the numbered data rows."""

    columns: list[str | None]
    header_line: int
    rows: list[tuple[int, list[str]]]
    file_format: str

    @property
    def present(self) -> set[str]:
        return {column for column in self.columns if column}


def normalize_header(text) -> str:
    """Header cell → column name: "Größenklasse " → "groessenklasse", "Externe ID" →
    "externe_id"."""
    text = unicodedata.normalize("NFKC", str(text or "")).strip().casefold()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    return re.sub(r"[\s\-]+", "_", text)


def read_source(source: bytes | BinaryIO) -> bytes:
    """The file's bytes, refusing files above MAX_BYTES before reading all of them."""
    is_bytes = isinstance(source, bytes | bytearray)
    data = bytes(source) if is_bytes else source.read(schema.MAX_BYTES + 1)
    if len(data) > schema.MAX_BYTES:
        raise ActorImportError([ImportProblem(too_large_message())])
    return data


def too_large_message() -> str:
    return _(
        "Die Datei ist größer als %(size)s MB. Bitte teilen Sie sie in mehrere Dateien auf."
    ) % {"size": schema.MAX_BYTES // (1024 * 1024)}


def read_table(data: bytes, *, filename: str = "") -> Table:
    """Parse CSV or XLSX bytes into a Table; raises ActorImportError for unusable files."""
    if len(data) > schema.MAX_BYTES:
        raise ActorImportError([ImportProblem(too_large_message())])
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ActorImportError([ImportProblem(_("Die Datei ist leer."))])
    if data.startswith(b"PK\x03\x04"):
        return _table_from_records(_xlsx_records(data), "xlsx")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ActorImportError(
            [
                ImportProblem(
                    _(
                        "Das alte Excel-Format (.xls) wird nicht unterstützt. Bitte speichern "
                        "Sie die Tabelle als .xlsx oder als CSV."
                    )
                )
            ]
        )
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise ActorImportError(
            [ImportProblem(_("Die Datei ist keine gültige XLSX-Datei (Excel 2007 oder neuer)."))]
        )
    text = decode_text(data)
    return _table_from_records(_csv_records(text), "csv")


def decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        text = _decode(data[3:], "utf-8")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decode(data, "utf-16")
    elif b"\x00" in data:
        raise ActorImportError([ImportProblem(not_text_message())])
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode(data, "cp1252")
    if CONTROL_CHARACTERS.search(text):
        raise ActorImportError([ImportProblem(not_text_message())])
    return text


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ActorImportError(
            [
                ImportProblem(
                    _(
                        "Die Zeichenkodierung der Datei ist nicht lesbar. Bitte speichern Sie "
                        "die CSV-Datei als UTF-8 oder Windows-1252."
                    )
                )
            ]
        ) from None


def not_text_message() -> str:
    return _(
        "Die Datei ist weder eine CSV-Datei (Text) noch eine XLSX-Datei. Bitte laden Sie eine "
        "Tabelle im Format CSV oder XLSX hoch."
    )


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of ";", "," and tab."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ";"


def _csv_records(text: str) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    line = 0
    try:
        for record in reader:
            line += 1
            yield [PROTECTED_CELL.sub("", cell) for cell in record]
    except csv.Error as error:
        raise ActorImportError(
            [
                ImportProblem(
                    _("Die CSV-Datei ist an dieser Stelle nicht lesbar (%(error)s).")
                    % {"error": error},
                    line=line + 1,
                )
            ]
        ) from None


def _xlsx_records(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a broken archive raises anything from KeyError to BadZipFile
        raise ActorImportError(
            [ImportProblem(_("Die Datei ist keine gültige XLSX-Datei (Excel 2007 oder neuer)."))]
        ) from error
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        # The stored dimensions are often wrong (formatting up to column XFD); read what is there.
        sheet.reset_dimensions()
        for values in sheet.iter_rows(values_only=True):
            yield [cell_text(value) for value in values]
    finally:
        workbook.close()


def cell_text(value) -> str:
    """A spreadsheet cell as text: 12.0 → "12", dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _table_from_records(records: Iterable[list[str]], file_format: str) -> Table:
    header, header_line, rows = None, 0, []
    for line, record in enumerate(records, start=1):
        cells = [unicodedata.normalize("NFC", cell).strip() for cell in record]
        if not any(cells):
            continue
        if header is None:
            header, header_line = cells, line
            continue
        if len(rows) >= schema.MAX_ROWS:
            raise ActorImportError(
                [
                    ImportProblem(
                        _(
                            "Die Datei hat mehr als %(max)s Datenzeilen. Bitte teilen Sie sie in "
                            "mehrere Dateien auf."
                        )
                        % {"max": format_number(schema.MAX_ROWS)}
                    )
                ]
            )
        rows.append((line, cells))
    if header is None:
        raise ActorImportError([ImportProblem(_("Die Datei ist leer."))])
    columns = check_header(header, header_line)
    if not rows:
        raise ActorImportError(
            [ImportProblem(_("Die Datei enthält nur die Kopfzeile, aber keine Akteure."))]
        )
    return Table(columns=columns, header_line=header_line, rows=rows, file_format=file_format)


def check_header(header: list[str], line: int) -> list[str | None]:
    problems = []
    columns: list[str | None] = []
    unknown = []
    for cell in header:
        if not cell:
            columns.append(None)
            continue
        name = normalize_header(cell)
        if name not in KNOWN_COLUMNS:
            unknown.append(cell)
        elif name in columns:
            problems.append(
                ImportProblem(
                    _("Die Spalte „%(column)s“ kommt mehrfach vor.") % {"column": name},
                    line=line,
                )
            )
        columns.append(name)
    if unknown:
        problems.append(
            ImportProblem(
                _("Unbekannte Spalten: %(unknown)s. Bekannte Spalten: %(known)s.")
                % {
                    "unknown": ", ".join(f"„{name}“" for name in unknown),
                    "known": ", ".join(KNOWN_COLUMNS),
                },
                line=line,
            )
        )
    for required in REQUIRED_COLUMNS:
        if required not in columns:
            problems.append(
                ImportProblem(
                    _("Es fehlt die Pflichtspalte „%(column)s“.") % {"column": required},
                    line=line,
                )
            )
    if ("lat" in columns) != ("lon" in columns):
        problems.append(
            ImportProblem(_("Die Spalten „lat“ und „lon“ gibt es nur zusammen."), line=line)
        )
    if problems:
        raise ActorImportError(problems)
    return columns
