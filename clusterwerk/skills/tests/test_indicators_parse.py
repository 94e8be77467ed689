"""Reading the Engpassanalyse's indicator table and the BA's verdict rule."""

from decimal import Decimal

import pytest

from clusterwerk.skills.indicators import IndicatorFileErrors, parse_indicator_file, verdict_for
from clusterwerk.skills.models import IndicatorKind, Verdict
from clusterwerk.skills.tests.indicator_files import GOOD_ROWS, HEADER, csv_bytes, row, xlsx_bytes


@pytest.mark.parametrize(
    ("scores", "mean", "verdict"),
    [
        ([2, 2, 2, 2, 2, 2], "2.00", Verdict.SHORTAGE),
        ([3, 3, 2, 2, 1, 1], "2.00", Verdict.SHORTAGE),
        ([2, 2, 2, 2, 2, 1], "1.83", Verdict.WATCH),
        ([2, 2, 2, 1, 1, 1], "1.50", Verdict.WATCH),
        ([2, 2, 1, 1, 1, 1], "1.33", Verdict.NONE),
        ([0, 0, 0, 0, 0, 0], "0.00", Verdict.NONE),
    ],
)
def test_verdict_rule(scores, mean, verdict):
    assert verdict_for(scores) == (Decimal(mean), verdict)


@pytest.mark.django_db
@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
def test_reads_the_ba_layout(occupations, make):
    parsed = parse_indicator_file(
        make(GOOD_ROWS), "engpass.xlsx" if make is xlsx_bytes else "e.csv"
    )
    by_code = {r.occupation.code: r for r in parsed.rows}
    assert by_code["25102"].verdict == Verdict.SHORTAGE
    assert by_code["25102"].mean == Decimal("2.33")
    assert by_code["24412"].verdict == Verdict.WATCH
    assert by_code["24422"].verdict == Verdict.NONE
    assert by_code["25102"].indicators[IndicatorKind.VACANCY_TIME] == (Decimal("150.000"), 3)
    assert by_code["25102"].indicators[IndicatorKind.RISK_SUBSTITUTABILITY] == (None, 1)
    assert parsed.warnings == []
    assert parsed.indicator_count == 3 * 7


@pytest.mark.django_db
def test_reads_one_row_per_indicator(occupations):
    names = [
        "Vakanzzeit",
        "Arbeitsuchenden-Stellen-Relation",
        "Arbeitslosenquote",
        "Ausländeranteil",
        "Abgangsrate",
        "Entgeltentwicklung",
    ]
    lines = ["KldB 2010,Indikator,Wert,Punkte,Bewertung"]
    lines += [f'24412,{name},"1,5",2,Engpassberuf' for name in names]
    parsed = parse_indicator_file("\n".join(lines).encode(), "lang.csv")
    assert [(r.occupation.code, r.verdict) for r in parsed.rows] == [("24412", Verdict.SHORTAGE)]
    assert parsed.rows[0].indicators[IndicatorKind.EXIT_RATE] == (Decimal("1.500"), 2)


@pytest.mark.django_db
def test_file_verdict_differing_from_the_rule_is_a_warning(occupations):
    parsed = parse_indicator_file(
        csv_bytes([row("24422", [0, 1, 1, 2, 1, 1], verdict="Engpassberuf")])
    )
    assert parsed.rows[0].verdict == Verdict.NONE
    assert parsed.rows[0].file_verdict == Verdict.SHORTAGE
    assert parsed.warnings and parsed.warnings[0].startswith("Zeile 2: Die Datei bewertet")


def problems(data, filename="x.csv"):
    with pytest.raises(IndicatorFileErrors) as caught:
        parse_indicator_file(data, filename)
    return caught.value.messages


@pytest.mark.django_db
def test_wrong_columns(occupations):
    header = ["Schlüssel", "Beruf", "Vakanzzeit Punkte", "Farbe"]
    messages = problems(csv_bytes([["25102", "x", "2", "rot"]], header=header))
    assert any("Zeile 1: Die Spalte „KldB 2010“" in m for m in messages)
    assert any("Zeile 1: Unbekannte Spalten: „Schlüssel“, „Farbe“" in m for m in messages)
    assert any(
        "Es fehlen die Spalten mit den Punkten" in m and "Abgangsrate" in m for m in messages
    )


@pytest.mark.django_db
def test_bad_values_are_reported_by_line(occupations):
    rows = [
        row("25102", [3, 2, 2, 2, 3, 2]),
        row("99999", [1, 1, 1, 1, 1, 1]),
        row("24412", [4, 2, 1, 1, 2, 1]),
        row("24422", ["x", 1, 1, 2, 1, 1], vacancy="viel"),
        row("24412", [1, 1, 1, 1, 1, 1]),
        row("25102", [1, 1, 1, 1, 1, "1,5"], verdict="vielleicht"),
    ]
    messages = problems(csv_bytes(rows))
    assert "Zeile 3: „99999“ ist kein Schlüssel der KldB 2010" in messages[0]
    assert any(
        m.startswith(
            "Zeile 4: Die Punkte für „Abgeschlossene Vakanzzeit“ müssen eine ganze Zahl "
            "von 0 bis 3 sein, nicht „4“"
        )
        for m in messages
    )
    assert any(m.startswith("Zeile 5: „viel“ ist kein Zahlenwert") for m in messages)
    assert any(m.startswith("Zeile 5: „x“ ist kein Zahlenwert") for m in messages)
    assert any(m.startswith("Zeile 6: Der Beruf 24412 steht schon in Zeile 4") for m in messages)
    assert any(m.startswith("Zeile 7: Die Bewertung „vielleicht“ ist unbekannt") for m in messages)
    assert any(m.startswith("Zeile 7:") and "„1,5“" in m for m in messages)
    lines = [int(m.split(":")[0].split()[1]) for m in messages]
    assert lines == sorted(lines)


@pytest.mark.django_db
def test_missing_score_and_empty_files(occupations):
    messages = problems(csv_bytes([row("25102", [3, 2, "", 2, 3, 2])]))
    assert messages == [
        "Zeile 2: Für den Beruf 25102 fehlen Punkte der Engpassindikatoren: "
        "„Berufsspezifische Arbeitslosenquote“."
    ]
    assert problems(b"") == ["Die Datei ist leer."]
    assert "nur die Kopfzeile" in problems(csv_bytes([]))[0]
    assert "keine gültige XLSX-Datei" in problems(b"PK\x03\x04kaputt", "a.xlsx")[0]
    assert HEADER[0] == "KldB 2010"
