"""The Bundesagentur für Arbeit's Engpassanalyse: reading its per-occupation indicator table and
the verdict rule.

The BA publishes the Engpassanalyse (per Land and year) as an Excel workbook: per occupation
(KldB 2010) the indicators' values and their scores (Punkte, 0–3). Six shortage indicators
decide – abgeschlossene Vakanzzeit, Arbeitsuchenden-Stellen-Relation, berufsspezifische
Arbeitslosenquote, Veränderung des Anteils sozialversicherungspflichtiger Beschäftigung von
Ausländern, Abgangsrate aus Arbeitslosigkeit, Entwicklung der mittleren Entgelte: the mean of
their scores ≥ 2.0 is an Engpassberuf, < 1.5 kein Engpass, in between Anzeichen für einen
Engpass (`verdict_for`). Risk indicators stand beside them and do not decide.

Accepted file (`parse_indicator_file`): the first sheet of an XLSX workbook, or CSV (UTF-8 or
Windows-1252, ";" or ","), first non-empty row = header, German headers (case, spaces and
hyphens do not matter), in one of two layouts:

1. **One row per occupation** (as in the BA workbook): „KldB 2010“ (also „Schlüssel KldB
   2010“, „KldB-Schlüssel“, „Code“), optional „Beruf“; per indicator a column „<Indikator>
   Punkte“ (also „<Indikator> (Punkte)“) and optionally „<Indikator> Wert“; the six shortage
   indicators' Punkte columns are required, risk indicators optional; optional „Bewertung“
   (the file's verdict) and „Punkte“/„Durchschnitt“ (its mean, not needed: the mean is
   computed).
2. **One row per occupation and indicator**: „KldB 2010“, optional „Beruf“, „Indikator“,
   optional „Wert“, „Punkte“, optional „Bewertung“ (on any row of the occupation).

Indicator names (column stems or „Indikator“ cells): `INDICATOR_NAMES` below, e.g. „Vakanzzeit“,
„Arbeitsuchenden-Stellen-Relation“, „Arbeitslosenquote“, „Ausländeranteil“,
„Abgangsrate“, „Entgelt“. Verdicts: „Engpassberuf“/„Engpass“, „Anzeichen für Engpass“/
„Anzeichen“, „kein Engpass“.

Every problem is collected as a German message „Zeile N: …“ (N = line in the file, 1 = first
line) and raised together as `IndicatorFileErrors`; a file verdict that differs from the rule is
a warning per line, not an error.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from clusterwerk.skills.models import SHORTAGE_INDICATORS, IndicatorKind, Occupation, Verdict

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
SHORTAGE_THRESHOLD = Decimal("2.0")
NO_SHORTAGE_BELOW = Decimal("1.5")
MAX_VALUE = Decimal("999999999")

# Names a file may use for an indicator, normalized (see `normalize`); the first is canonical.
INDICATOR_NAMES: dict[str, tuple[str, ...]] = {
    IndicatorKind.VACANCY_TIME: (
        "vakanzzeit",
        "abgeschlossene_vakanzzeit",
        "abgeschlossene_vakanzzeiten",
    ),
    IndicatorKind.JOBSEEKERS_PER_VACANCY: (
        "arbeitsuchenden_stellen_relation",
        "arbeitsuchende_je_stelle",
        "arbeitsuchenden_relation",
    ),
    IndicatorKind.UNEMPLOYMENT_RATE: (
        "arbeitslosenquote",
        "berufsspezifische_arbeitslosenquote",
    ),
    IndicatorKind.FOREIGN_SHARE_CHANGE: (
        "auslaenderanteil",
        "veraenderung_auslaenderanteil",
        "veraenderung_des_anteils_auslaendischer_beschaeftigter",
        "veraenderung_des_anteils_sozialversicherungspflichtiger_beschaeftigung_von_auslaendern",
    ),
    IndicatorKind.EXIT_RATE: ("abgangsrate", "abgangsrate_aus_arbeitslosigkeit"),
    IndicatorKind.WAGE_TREND: (
        "entgelt",
        "entgeltentwicklung",
        "entwicklung_der_mittleren_entgelte",
    ),
    IndicatorKind.RISK_SUBSTITUTABILITY: ("substituierbarkeitspotenzial",),
    IndicatorKind.RISK_AGE: (
        "anteil_aelterer_beschaeftigter",
        "anteil_aelterer_beschaeftigter_55_jahre_und_aelter",
    ),
    IndicatorKind.RISK_TRAINING: (
        "ausbildungsstellen_je_bewerber",
        "verhaeltnis_ausbildungsstellen_zu_bewerbern",
    ),
    IndicatorKind.RISK_OTHER: ("weiterer_risikoindikator",),
}
CODE_COLUMNS = ("kldb_2010", "schluessel_kldb_2010", "kldb_schluessel", "kldb", "code")
TITLE_COLUMNS = ("beruf", "bezeichnung", "berufsbezeichnung")
VERDICT_COLUMNS = ("bewertung", "engpassbewertung", "ergebnis")
MEAN_COLUMNS = ("punkte", "durchschnitt", "mittelwert", "durchschnittliche_punktzahl")
VERDICT_NAMES = {
    "engpassberuf": Verdict.SHORTAGE,
    "engpass": Verdict.SHORTAGE,
    "anzeichen_fuer_engpass": Verdict.WATCH,
    "anzeichen_fuer_einen_engpass": Verdict.WATCH,
    "anzeichen": Verdict.WATCH,
    "beobachtung": Verdict.WATCH,
    "kein_engpass": Verdict.NONE,
    "kein_engpassberuf": Verdict.NONE,
}


class IndicatorFileErrors(Exception):
    """The file cannot be imported; `messages` lists every problem („Zeile N: …“)."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass
class ParsedRow:
    line: int
    occupation: Occupation
    title: str
    indicators: dict[str, tuple[Decimal | None, int | None]]  # kind → (value, score)
    mean: Decimal
    verdict: str
    file_verdict: str = ""


@dataclass
class ParsedIndicators:
    rows: list[ParsedRow]
    file_format: str
    warnings: list[str] = field(default_factory=list)

    @property
    def indicator_count(self) -> int:
        return sum(len(row.indicators) for row in self.rows)


def verdict_for(scores: list[int]) -> tuple[Decimal, str]:
    """The mean of the shortage indicators' scores (two decimals) and the verdict by the BA's
    rule: ≥ 2.0 Engpassberuf, < 1.5 kein Engpass, in between Anzeichen. The comparison uses
    the exact mean."""
    if not scores:
        raise ValueError("verdict_for needs at least one score")
    mean = Decimal(sum(scores)) / Decimal(len(scores))
    if mean >= SHORTAGE_THRESHOLD:
        verdict = Verdict.SHORTAGE
    elif mean < NO_SHORTAGE_BELOW:
        verdict = Verdict.NONE
    else:
        verdict = Verdict.WATCH
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), verdict


def normalize(text) -> str:
    """„Vakanzzeit (Punkte)“ → "vakanzzeit_punkte", „Ausländer-Anteil“ → "auslaender_anteil"."""
    text = unicodedata.normalize("NFKC", str(text or "")).strip().casefold()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    text = re.sub(r"[^a-z0-9]+", "_", text)
    return text.strip("_")


def indicator_kind(name: str) -> str | None:
    key = normalize(name).replace("auslaender_anteil", "auslaenderanteil")
    for kind, names in INDICATOR_NAMES.items():
        if key == kind or key in names:
            return kind
    return None


def _line_of(message: str) -> int:
    """The line number of a „Zeile N: …“ message (stable sort: messages by line)."""
    match = re.match(r"\D*(\d+)", message)
    return int(match.group(1)) if match else 0


def line_message(line: int, message: str) -> str:
    return _("Zeile %(line)s: %(message)s") % {"line": line, "message": message}


# --- Reading the table -----------------------------------------------------------------------


def read_records(data: bytes, filename: str) -> tuple[list[tuple[int, list[str]]], str]:
    """(line, cells) of the non-empty rows and the format ("csv" or "xlsx")."""
    if len(data) > MAX_BYTES:
        raise IndicatorFileErrors(
            [_("Die Datei ist größer als %(size)s MB.") % {"size": MAX_BYTES // 1024 // 1024}]
        )
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise IndicatorFileErrors([_("Die Datei ist leer.")])
    if data.startswith(b"PK\x03\x04"):
        records, file_format = _xlsx_records(data), "xlsx"
    elif filename.lower().endswith((".xlsx", ".xlsm", ".xls")) or data.startswith(b"\xd0\xcf"):
        raise IndicatorFileErrors(
            [_("Die Datei ist keine gültige XLSX-Datei (Excel 2007 oder neuer) und kein CSV.")]
        )
    else:
        records, file_format = _csv_records(_decode(data)), "csv"
    rows = []
    for line, record in enumerate(records, start=1):
        cells = [unicodedata.normalize("NFC", cell).strip() for cell in record]
        if any(cells):
            rows.append((line, cells))
        if len(rows) > MAX_ROWS:
            raise IndicatorFileErrors(
                [_("Die Datei hat mehr als %(max)s Zeilen.") % {"max": MAX_ROWS}]
            )
    return rows, file_format


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise IndicatorFileErrors([_("Die Datei ist weder eine CSV- noch eine XLSX-Datei.")])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_records(text: str) -> list[list[str]]:
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise IndicatorFileErrors(
            [_("Die CSV-Datei ist nicht lesbar (%(error)s).") % {"error": error}]
        ) from None


def _xlsx_records(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a broken archive raises anything from KeyError to BadZipFile
        raise IndicatorFileErrors(
            [_("Die Datei ist keine gültige XLSX-Datei (Excel 2007 oder neuer).")]
        ) from error
    try:
        if not workbook.worksheets:
            return []
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- Columns ----------------------------------------------------------------------------------


@dataclass
class Layout:
    code: int
    title: int | None = None
    verdict: int | None = None
    indicator: int | None = None  # long layout: the „Indikator“ column
    value: int | None = None  # long layout
    score: int | None = None  # long layout
    scores: dict[str, int] = field(default_factory=dict)  # wide layout: kind → column
    values: dict[str, int] = field(default_factory=dict)  # wide layout: kind → column

    @property
    def is_long(self) -> bool:
        return self.indicator is not None


def read_header(header: list[str], line: int) -> Layout:
    names = [normalize(cell) for cell in header]
    errors = []

    def find(candidates) -> int | None:
        for index, name in enumerate(names):
            if name in candidates:
                return index
        return None

    code = find(CODE_COLUMNS)
    if code is None:
        errors.append(line_message(line, _("Die Spalte „KldB 2010“ (Schlüssel des Berufs) fehlt.")))
    layout = Layout(code=code or 0, title=find(TITLE_COLUMNS), verdict=find(VERDICT_COLUMNS))
    layout.indicator = find(("indikator",))
    unknown = []
    for index, (cell, name) in enumerate(zip(header, names, strict=True)):
        if not name or index in (code, layout.title, layout.verdict, layout.indicator):
            continue
        if layout.is_long:
            if name in ("punkte", "bewertungspunkte"):
                layout.score = index
            elif name == "wert":
                layout.value = index
            else:
                unknown.append(cell)
            continue
        if name in MEAN_COLUMNS:
            continue
        match = re.fullmatch(r"(.+?)_(punkte|wert)", name)
        kind = indicator_kind(match.group(1)) if match else None
        if kind is None:
            unknown.append(cell)
            continue
        target = layout.scores if match.group(2) == "punkte" else layout.values
        if kind in target:
            errors.append(
                line_message(
                    line, _("Die Spalte „%(column)s“ kommt doppelt vor.") % {"column": cell}
                )
            )
        target[kind] = index
    if unknown:
        errors.append(
            line_message(
                line,
                _("Unbekannte Spalten: %(columns)s.")
                % {"columns": ", ".join(f"„{cell}“" for cell in unknown)},
            )
        )
    if layout.is_long:
        if layout.score is None:
            errors.append(line_message(line, _("Die Spalte „Punkte“ fehlt.")))
    else:
        missing = [kind for kind in SHORTAGE_INDICATORS if kind not in layout.scores]
        if missing:
            errors.append(
                line_message(
                    line,
                    _(
                        "Es fehlen die Spalten mit den Punkten der Engpassindikatoren: "
                        "%(columns)s. Erwartet wird je Indikator eine Spalte „<Indikator> "
                        "Punkte“ oder eine Spalte „Indikator“ mit „Punkte“."
                    )
                    % {"columns": ", ".join(f"„{IndicatorKind(kind).label}“" for kind in missing)},
                )
            )
    if errors:
        raise IndicatorFileErrors(errors)
    return layout


# --- Cells ------------------------------------------------------------------------------------


def parse_score(text: str, what: str, line: int, errors: list[str]) -> int | None:
    if not text:
        return None
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        errors.append(
            line_message(
                line,
                _("„%(value)s“ ist kein Zahlenwert (%(what)s).") % {"value": text, "what": what},
            )
        )
        return None
    if not number.is_finite() or number != number.to_integral_value() or not 0 <= number <= 3:
        errors.append(
            line_message(
                line,
                _(
                    "Die Punkte für „%(what)s“ müssen eine ganze Zahl von 0 bis 3 sein, "
                    "nicht „%(value)s“."
                )
                % {"what": what, "value": text},
            )
        )
        return None
    return int(number)


def parse_value(text: str, what: str, line: int, errors: list[str]) -> Decimal | None:
    cleaned = text.replace("%", "").replace("\u00a0", "").replace(" ", "")
    if not cleaned or cleaned in ("-", "–", "*", "x", "."):
        return None
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or abs(number) > MAX_VALUE:
        errors.append(
            line_message(
                line,
                _("„%(value)s“ ist kein Zahlenwert (%(what)s).") % {"value": text, "what": what},
            )
        )
        return None
    return number.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def parse_verdict(text: str, line: int, errors: list[str]) -> str:
    if not text:
        return ""
    verdict = VERDICT_NAMES.get(normalize(text))
    if verdict is None:
        errors.append(
            line_message(
                line,
                _(
                    "Die Bewertung „%(value)s“ ist unbekannt (erwartet: Engpassberuf, "
                    "Anzeichen für Engpass, kein Engpass)."
                )
                % {"value": text},
            )
        )
        return ""
    return verdict


def parse_code(text: str, line: int, errors: list[str], known: dict[str, Occupation]):
    match = re.match(r"^(\d{3}|\d{5})(?:\s|$)", text)
    code = match.group(1) if match else text
    occupation = known.get(code)
    if occupation is None:
        errors.append(
            line_message(
                line,
                _(
                    "„%(code)s“ ist kein Schlüssel der KldB 2010 in den Referenzdaten "
                    "(Berufsgruppe mit 3 oder Berufsgattung mit 5 Stellen)."
                )
                % {"code": text},
            )
        )
    return occupation


# --- The whole file ---------------------------------------------------------------------------


@dataclass
class _Collected:
    line: int
    occupation: Occupation
    title: str = ""
    indicators: dict = field(default_factory=dict)
    file_verdict: str = ""
    had_errors: bool = False  # a cell was already reported: no second "missing" message


def parse_indicator_file(data: bytes, filename: str = "") -> ParsedIndicators:
    """The file's rows with the computed verdicts, or `IndicatorFileErrors` with every problem."""
    records, file_format = read_records(data, filename)
    if not records:
        raise IndicatorFileErrors([_("Die Datei ist leer.")])
    header_line, header = records[0]
    layout = read_header(header, header_line)
    if len(records) < 2:
        raise IndicatorFileErrors([_("Die Datei enthält nur die Kopfzeile, aber keine Berufe.")])
    known = {occupation.code: occupation for occupation in Occupation.objects.all()}
    errors: list[str] = []
    collected: dict[str, _Collected] = {}

    def cell(cells, index):
        return cells[index] if index is not None and index < len(cells) else ""

    for line, cells in records[1:]:
        errors_before = len(errors)
        occupation = parse_code(cell(cells, layout.code), line, errors, known)
        title = cell(cells, layout.title)
        file_verdict = parse_verdict(cell(cells, layout.verdict), line, errors)
        if layout.is_long:
            name = cell(cells, layout.indicator)
            kind = indicator_kind(name)
            if kind is None:
                errors.append(
                    line_message(
                        line, _("Der Indikator „%(name)s“ ist unbekannt.") % {"name": name}
                    )
                )
                continue
            label = IndicatorKind(kind).label
            entries = {
                kind: (
                    parse_value(cell(cells, layout.value), label, line, errors),
                    parse_score(cell(cells, layout.score), label, line, errors),
                )
            }
        else:
            entries = {}
            for kind, index in layout.scores.items():
                label = IndicatorKind(kind).label
                entries[kind] = (
                    parse_value(cell(cells, layout.values.get(kind)), label, line, errors),
                    parse_score(cell(cells, index), label, line, errors),
                )
            for kind, index in layout.values.items():
                if kind not in entries:
                    label = IndicatorKind(kind).label
                    entries[kind] = (parse_value(cell(cells, index), label, line, errors), None)
        if occupation is None:
            continue
        entry = collected.get(occupation.code)
        if entry is None:
            entry = collected[occupation.code] = _Collected(line=line, occupation=occupation)
        elif not layout.is_long:
            errors.append(
                line_message(
                    line,
                    _("Der Beruf %(code)s steht schon in Zeile %(first)s.")
                    % {"code": occupation.code, "first": entry.line},
                )
            )
            continue
        for kind in entries:
            if kind in entry.indicators:
                errors.append(
                    line_message(
                        line,
                        _(
                            "Der Indikator „%(name)s“ steht für den Beruf %(code)s schon in einer "
                            "früheren Zeile."
                        )
                        % {"name": IndicatorKind(kind).label, "code": occupation.code},
                    )
                )
        entry.indicators.update(entries)
        entry.had_errors = entry.had_errors or len(errors) > errors_before
        entry.title = entry.title or title
        entry.file_verdict = entry.file_verdict or file_verdict

    rows, warnings = [], []
    for entry in collected.values():
        missing = [
            kind
            for kind in SHORTAGE_INDICATORS
            if entry.indicators.get(kind, (None, None))[1] is None
        ]
        if missing:
            if not entry.had_errors:
                errors.append(
                    line_message(
                        entry.line,
                        _("Für den Beruf %(code)s fehlen Punkte der Engpassindikatoren: %(names)s.")
                        % {
                            "code": entry.occupation.code,
                            "names": ", ".join(
                                f"„{IndicatorKind(kind).label}“" for kind in missing
                            ),
                        },
                    )
                )
            continue
        mean, verdict = verdict_for([entry.indicators[kind][1] for kind in SHORTAGE_INDICATORS])
        if entry.file_verdict and entry.file_verdict != verdict:
            warnings.append(
                line_message(
                    entry.line,
                    _(
                        "Die Datei bewertet den Beruf %(code)s als „%(file)s“, nach der Regel der "
                        "Engpassanalyse ergibt der Mittelwert %(mean)s aber „%(rule)s“. "
                        "Gespeichert wird beides."
                    )
                    % {
                        "code": entry.occupation.code,
                        "file": Verdict(entry.file_verdict).label,
                        "mean": str(mean).replace(".", ","),
                        "rule": Verdict(verdict).label,
                    },
                )
            )
        rows.append(
            ParsedRow(
                line=entry.line,
                occupation=entry.occupation,
                title=entry.title,
                indicators=entry.indicators,
                mean=mean,
                verdict=verdict,
                file_verdict=entry.file_verdict,
            )
        )
    if errors:
        errors.sort(key=_line_of)
        raise IndicatorFileErrors(errors)
    return ParsedIndicators(rows=rows, file_format=file_format, warnings=warnings)
