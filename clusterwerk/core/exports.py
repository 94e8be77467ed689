"""CSV and XLSX files for spreadsheet programs, written row by row.

Every export of the platform goes through these writers, so that three rules hold everywhere:

- **No formulas from data.** A text cell that a spreadsheet would run as a formula (it starts
  with `=`, `@`, a tab or carriage return, or `+`/`-` followed by more than a plain number)
  gets a leading apostrophe in CSV; in XLSX text cells are stored as text, never as formulas.
  The actor import removes the apostrophe again, so an export can be read back.
- **German spreadsheets open the file as it is:** CSV is UTF-8 with a byte-order mark, `;` as
  delimiter and CRLF line ends.
- **Rows stream.** The writers take any iterable of rows and write to a stream as they go;
  `streaming_csv_response` sends a CSV while it is produced, for exports too large to build in
  memory.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from django.http import StreamingHttpResponse

FORMULA_START = re.compile(r"^[=@\t\r]|^[+\-](?![\d\s()/.\-]*$)")
ILLEGAL_XLSX_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_SHEET_TITLE_LENGTH = 31

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_cell(value) -> str:
    """A CSV cell: text, with an apostrophe before anything that would run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if FORMULA_START.match(text) else text


def xlsx_text(value) -> str:
    """Text for an XLSX cell: without the control characters the format cannot hold."""
    return ILLEGAL_XLSX_CHARACTERS.sub("", "" if value is None else str(value))


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def write_csv(
    rows: Iterable[Sequence],
    *,
    header: Sequence[str],
    stream,
    delimiter: str = ";",
    bom: bool = True,
) -> int:
    """Write `header` and `rows` to a text stream (open files with newline=""); numbers stay
    numbers, everything else is a guarded text cell. Returns the number of rows."""
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    if bom:
        stream.write("\ufeff")
    writer.writerow([csv_cell(column) for column in header])
    count = 0
    for row in rows:
        writer.writerow([value if is_number(value) else csv_cell(value) for value in row])
        count += 1
    return count


def csv_bytes(rows: Iterable[Sequence], *, header: Sequence[str], **options) -> bytes:
    buffer = io.StringIO(newline="")
    write_csv(rows, header=header, stream=buffer, **options)
    return buffer.getvalue().encode("utf-8")


class _Echo:
    """A file-like object whose `write` returns what it was given (for streaming)."""

    def write(self, value: str) -> str:
        return value


def iter_csv(rows: Iterable[Sequence], *, header: Sequence[str], delimiter: str = ";"):
    """The CSV file as a sequence of encoded chunks, one per row."""
    echo = _Echo()
    writer = csv.writer(echo, delimiter=delimiter, lineterminator="\r\n")
    yield ("\ufeff" + writer.writerow([csv_cell(column) for column in header])).encode()
    for row in rows:
        yield writer.writerow(
            [value if is_number(value) else csv_cell(value) for value in row]
        ).encode()


def streaming_csv_response(
    rows: Iterable[Sequence], *, header: Sequence[str], filename: str
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(iter_csv(rows, header=header), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def sheet_title(title: str, used: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique among `used`."""
    clean = re.sub(r"[\[\]:*?/\\]", "-", str(title)).strip() or "Tabelle"
    candidate = clean[:XLSX_SHEET_TITLE_LENGTH]
    number = 2
    while candidate in used:
        suffix = f" ({number})"
        candidate = clean[: XLSX_SHEET_TITLE_LENGTH - len(suffix)] + suffix
        number += 1
    used.add(candidate)
    return candidate


class XlsxWorkbook:
    """A write-only workbook: sheets are added row by row and never held in memory whole.

    Text cells are stored as text (never formulas, without illegal control characters);
    numbers as numbers, with an optional number format per column."""

    def __init__(self):
        from openpyxl import Workbook

        self.workbook = Workbook(write_only=True)
        self.titles: set[str] = set()

    def add_sheet(
        self,
        title: str,
        *,
        header: Sequence[str],
        rows: Iterable[Sequence],
        number_formats: Callable[[int], str | None] | None = None,
        heading: str | None = None,
    ) -> int:
        """Add a sheet; `number_formats(column_index)` may give a format for numbers.
        `heading` is an optional bold line above the header. Returns the number of rows."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        sheet = self.workbook.create_sheet(sheet_title(title, self.titles))
        bold = Font(bold=True)

        def bold_cell(value):
            cell = WriteOnlyCell(sheet, value=xlsx_text(value))
            cell.font = bold
            return cell

        if heading:
            sheet.append([bold_cell(heading)])
        sheet.freeze_panes = "A3" if heading else "A2"
        sheet.append([bold_cell(column) for column in header])
        count = 0
        for row in rows:
            cells = []
            for index, value in enumerate(row):
                if is_number(value):
                    cell = WriteOnlyCell(sheet, value=value)
                    number_format = number_formats(index) if number_formats else None
                    if number_format:
                        cell.number_format = number_format
                else:
                    cell = WriteOnlyCell(sheet, value=xlsx_text(value))
                    cell.data_type = "s"  # never a formula
                cells.append(cell)
            sheet.append(cells)
            count += 1
        return count

    def save(self, stream) -> None:
        self.workbook.save(stream)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()


def write_xlsx(
    rows: Iterable[Sequence], *, header: Sequence[str], stream, title: str = "Tabelle"
) -> int:
    """One sheet with `header` and `rows`, written to a binary stream. Returns the row count."""
    book = XlsxWorkbook()
    count = book.add_sheet(title, header=header, rows=rows)
    book.save(stream)
    return count


def xlsx_bytes(rows: Iterable[Sequence], *, header: Sequence[str], title: str = "Tabelle") -> bytes:
    buffer = io.BytesIO()
    write_xlsx(rows, header=header, stream=buffer, title=title)
    return buffer.getvalue()


def rows_of(records: Iterable[dict], columns: Sequence[str]) -> Iterator[list]:
    """Dict records as rows in the order of `columns`."""
    for record in records:
        yield [record.get(column) for column in columns]
