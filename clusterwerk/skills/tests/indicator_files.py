"""Indicator files for the importer's tests: the BA layout (one row per occupation, one
"<Indikator> Punkte" column per indicator) as CSV or XLSX bytes."""

import io

HEADER = [
    "KldB 2010",
    "Beruf",
    "Vakanzzeit Wert",
    "Vakanzzeit Punkte",
    "Arbeitsuchenden-Stellen-Relation Punkte",
    "Arbeitslosenquote Punkte",
    "Ausländeranteil Punkte",
    "Abgangsrate Punkte",
    "Entgelt Punkte",
    "Substituierbarkeitspotenzial Punkte",
    "Bewertung",
]


def row(code, scores, *, title="", vacancy="150", risk="1", verdict=""):
    return [code, title, vacancy, *[str(score) for score in scores], risk, verdict]


def csv_bytes(rows, header=HEADER, delimiter=";") -> bytes:
    lines = [delimiter.join(header), *(delimiter.join(r) for r in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_bytes(rows, header=HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for values in rows:
        sheet.append([int(v) if v.isdigit() else v for v in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_ROWS = [
    row("25102", [3, 2, 2, 2, 3, 2], title="Industriemechaniker", verdict="Engpassberuf"),
    row("24412", [2, 2, 1, 1, 2, 1], title="Metallbau", verdict="Anzeichen für Engpass"),
    row("24422", [0, 1, 1, 2, 1, 1], title="Schweißen", verdict="kein Engpass"),
]
