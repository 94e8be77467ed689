"""The export writers: no formulas from data, German spreadsheet defaults, streaming."""

import io

import pytest
from openpyxl import load_workbook

from clusterwerk.core.exports import (
    XlsxWorkbook,
    csv_bytes,
    csv_cell,
    iter_csv,
    sheet_title,
    streaming_csv_response,
    xlsx_bytes,
)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+49 331 123", "+49 331 123"),  # a phone number stays as it is
        ("-12.5", "-12.5"),
        ("-A1+1", "'-A1+1"),
        ("\tversteckt", "'\tversteckt"),
        ("Laserschweißen", "Laserschweißen"),
        (None, ""),
    ],
)
def test_csv_cells_never_run_as_formulas(value, cell):
    assert csv_cell(value) == cell


def test_csv_for_german_spreadsheets():
    data = csv_bytes([["=1+1", 3, "Potsdam"]], header=["Text", "Zahl", "Ort"]).decode("utf-8")
    assert data == "\ufeffText;Zahl;Ort\r\n'=1+1;3;Potsdam\r\n"


def test_streamed_csv_is_the_same_file():
    rows = [["a", 1], ["=b", 2]]
    streamed = b"".join(iter_csv(iter(rows), header=["x", "y"]))
    assert streamed == csv_bytes(rows, header=["x", "y"])
    response = streaming_csv_response(iter(rows), header=["x", "y"], filename="liste.csv")
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="liste.csv"'
    assert b"".join(response.streaming_content) == streamed


def test_xlsx_text_is_text_and_numbers_are_numbers():
    data = xlsx_bytes([["=1+1", 42, "Kontroll\x07zeichen"]], header=["a", "b", "c"], title="Liste")
    sheet = load_workbook(io.BytesIO(data))["Liste"]
    assert [cell.value for cell in sheet[2]] == ["=1+1", 42, "Kontrollzeichen"]
    assert sheet["A2"].data_type == "s"


def test_sheet_titles_fit_excel():
    used: set[str] = set()
    long = "Themenbereiche/Ergebnisse: [alle] Jahre im Überblick"
    first = sheet_title(long, used)
    second = sheet_title(long, used)
    assert len(first) <= 31 and len(second) <= 31
    assert first != second and "/" not in first and "[" not in first


def test_a_workbook_with_several_sheets_and_formats():
    book = XlsxWorkbook()
    book.add_sheet(
        "Volumen",
        header=["Jahr", "Euro"],
        rows=[[2019, 1500000]],
        number_formats=lambda index: '#,##0 "€"' if index == 1 else None,
        heading="Projektvolumen",
    )
    book.add_sheet("Volumen", header=["x"], rows=[])
    workbook = load_workbook(io.BytesIO(book.to_bytes()))
    assert workbook.sheetnames == ["Volumen", "Volumen (2)"]
    sheet = workbook["Volumen"]
    assert sheet["A1"].value == "Projektvolumen"
    assert sheet["B3"].value == 1500000 and sheet["B3"].number_format == '#,##0 "€"'
