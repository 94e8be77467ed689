"""Import actors from CSV or XLSX files; the column schema is documented in docs/actor-import.md.

Three steps, and nothing is written unless all rows are fine:

1. `read_table` turns the bytes into canonical column names and numbered rows (CSV in UTF-8 with
   or without BOM, UTF-16 with BOM or Windows-1252, delimiter ";", "," or tab; or the first sheet
   of an XLSX workbook). Problems of the file as a whole stop here.
2. `check_file` (a `RowChecker`) validates every row against reference data loaded once
   (districts, growth cores, economic activities, clusters, topic areas, existing external
   ids): no query per row. It collects all problems, each with its line number and column.
3. `RowWriter` upserts the actors by external id in one transaction with bulk operations, in
   chunks: actors, competences with their topic areas, economic activities, cluster
   memberships, search columns (`build_actor_index`) and one history entry per actor.

`import_actors` runs the three steps.

Contact persons are personal data with consent and are never imported.
"""

import csv
import io
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterwerk.accounts.permissions import is_cluster_manager, managed_cluster_ids
from clusterwerk.actors.indexing import ActorIndex, build_actor_index
from clusterwerk.actors.models import (
    ActivityScheme,
    Actor,
    ActorActivity,
    ActorHistory,
    ActorKind,
    ActorStatus,
    ClusterMembership,
    Competence,
    CompetenceKind,
    CompetenceTopicArea,
    District,
    EconomicActivity,
    GrowthCore,
    GrowthCoreMunicipality,
    HistoryAction,
    SizeClass,
    size_class_for,
)
from clusterwerk.actors.profile_data import (
    PROFILE_FIELDS,
    ProfileErrors,
    clean_competences,
    clean_values,
)
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
CHUNK_SIZE = 1000  # rows written per round of bulk operations
QUERY_CHUNK = 500  # ids per `__in` query (SQLite allows 999 parameters)
PROGRESS_EVERY = 500  # rows between progress reports while checking

# The columns of the import file, in the order of the template and of the export.
COLUMNS = (
    "externe_id",
    "name",
    "art",
    "kurzname",
    "beschreibung",
    "website",
    "email",
    "telefon",
    "strasse",
    "plz",
    "ort",
    "kreis",
    "wachstumskern",
    "groessenklasse",
    "beschaeftigte",
    "gruendungsjahr",
    "wz",
    "wz_schema",
    "kompetenzen",
    "cluster",
    "lat",
    "lon",
)
REQUIRED_COLUMNS = ("externe_id", "name")
# Written by the export, ignored by the import (so that an export can be imported again).
READ_ONLY_COLUMNS = ("id", "status", "demo", "ansprechpersonen")
KNOWN_COLUMNS = (*COLUMNS, *READ_ONLY_COLUMNS)
# The export names actors without an external id "clusterwerk:<id>"; importing such a row
# updates that actor (and never creates one).
PLATFORM_ID_PREFIX = "clusterwerk:"

# Columns that are plain profile values (see clusterwerk.actors.profile_data.PROFILE_FIELDS).
FIELD_BY_COLUMN = {
    "name": "name",
    "art": "kind",
    "kurzname": "short_name",
    "beschreibung": "description",
    "website": "website",
    "email": "email",
    "telefon": "phone",
    "strasse": "street",
    "plz": "postal_code",
    "ort": "municipality",
    "kreis": "district",
    "wachstumskern": "growth_core",
    "groessenklasse": "size_class",
    "beschaeftigte": "employees",
    "gruendungsjahr": "founded_year",
    "lat": "latitude",
    "lon": "longitude",
}
COLUMN_BY_FIELD = {name: column for column, name in FIELD_BY_COLUMN.items()}
# Values checked by profile_data.clean_values (district and growth core are looked up here).
CLEANED_FIELDS = tuple(name for name in PROFILE_FIELDS if name not in ("district", "growth_core"))

DEFAULT_ACTOR_KIND = ActorKind.COMPANY
DEFAULT_COMPETENCE_KIND = CompetenceKind.TECHNOLOGY
ACTIVITY_CODE = re.compile(r"^\d{2}(\.\d{1,2}(\.\d)?)?$")
SCHEME_PREFIX = re.compile(r"^(wz\s*20(?:08|25))\s*:\s*", re.IGNORECASE)
LIST_SEPARATOR = re.compile(r"\s*[;,]\s*")
COMPETENCE_SEPARATOR = re.compile(r"\s*[;\n]\s*")
TRAILING_GROUP = re.compile(r"(\[[^\[\]]*\]|\([^()]*\)|\{[^{}]*\})\s*$")
TOPIC_NUMBERS = re.compile(r"^\d+(\.\d+)+(\s*,\s*\d+(\.\d+)+)*$")
GERMAN_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
# A cell the export protected against formula injection ('=…, '+…): the apostrophe goes again.
PROTECTED_CELL = re.compile(r"^'(?=[=+\-@\t\r])")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

ProgressCallback = Callable[[int, int], None]


# --- Problems and results -------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    """One problem, with the line (1 = header row) and the column when they are known."""

    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.line is not None and self.column:
            return _("Zeile %(line)s, Spalte „%(column)s“: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        if self.line is not None:
            return _("Zeile %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


class ActorImportError(Exception):
    """The file cannot be imported; nothing was written. `problems` lists every problem."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))

    @property
    def messages(self) -> list[str]:
        return [str(problem) for problem in self.problems]


@dataclass
class ImportResult:
    rows: int
    created: int
    updated: int
    dry_run: bool
    file_format: str

    def summary(self) -> str:
        values = {
            "rows": ngettext("%(count)s Zeile", "%(count)s Zeilen", self.rows)
            % {"count": _number(self.rows)},
            "created": ngettext("%(count)s Akteur", "%(count)s Akteure", self.created)
            % {"count": _number(self.created)},
            "updated": _number(self.updated),
        }
        if self.dry_run:
            return (
                _(
                    "Nur geprüft, nichts gespeichert: %(rows)s ohne Fehler. Beim Import "
                    "würden %(created)s angelegt und %(updated)s aktualisiert."
                )
                % values
            )
        return _("%(rows)s importiert: %(created)s angelegt, %(updated)s aktualisiert.") % values


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


# --- Reading the file -----------------------------------------------------------------------


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
    data = bytes(source) if is_bytes else source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ActorImportError([ImportProblem(too_large_message())])
    return data


def too_large_message() -> str:
    return _(
        "Die Datei ist größer als %(size)s MB. Bitte teilen Sie sie in mehrere Dateien auf."
    ) % {"size": MAX_BYTES // (1024 * 1024)}


def read_table(data: bytes, *, filename: str = "") -> Table:
    """Parse CSV or XLSX bytes into a Table; raises ActorImportError for unusable files."""
    if len(data) > MAX_BYTES:
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
        if len(rows) >= MAX_ROWS:
            raise ActorImportError(
                [
                    ImportProblem(
                        _(
                            "Die Datei hat mehr als %(max)s Datenzeilen. Bitte teilen Sie sie in "
                            "mehrere Dateien auf."
                        )
                        % {"max": _number(MAX_ROWS)}
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


# --- Reference data, loaded once ------------------------------------------------------------


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _choice_lookup(choices) -> dict[str, str]:
    """Value and German label (case-insensitive) → value."""
    lookup = {}
    with translation.override("de"):
        for value, label in choices.choices:
            lookup[_key(value)] = value
            lookup[_key(str(label))] = value
    return lookup


def _size_class_lookup() -> dict[str, str]:
    lookup = _choice_lookup(SizeClass)
    with translation.override("de"):
        for value, label in SizeClass.choices:
            short = _key(str(label)).replace(" beschäftigte", "")
            lookup[short] = value
            for key in (_key(str(label)), short):
                lookup[key.replace("–", "-")] = value
    lookup["250+"] = SizeClass.LARGE
    return lookup


def _labels(choices) -> str:
    with translation.override("de"):
        return ", ".join(str(label) for _value, label in choices.choices)


@dataclass
class ExistingActor:
    pk: int
    cluster_ids: set[int]


class ReferenceData:
    """Everything a row is checked against, loaded with a handful of queries."""

    def __init__(self, *, default_cluster: Cluster | None):
        self.default_cluster = default_cluster
        self.catalogues: dict[int | None, TopicCatalogue] = {}
        districts = list(District.objects.only("pk", "ags", "name"))
        self.district_name = {district.pk: district.name for district in districts}
        self.district_by_key = {district.ags: district.pk for district in districts}
        for district in districts:
            self.district_by_key.setdefault(_key(district.name), district.pk)
        growth_cores = list(GrowthCore.objects.only("pk", "number", "name"))
        self.growth_core_by_key = {str(core.number): core.pk for core in growth_cores}
        for core in growth_cores:
            self.growth_core_by_key.setdefault(_key(core.name), core.pk)
        self.growth_core_by_municipality = {
            _key(name): core_id
            for name, core_id in GrowthCoreMunicipality.objects.values_list(
                "name", "growth_core_id"
            )
        }
        self.activity_ids = {
            (scheme, code): pk
            for pk, scheme, code in EconomicActivity.objects.values_list("pk", "scheme", "code")
        }
        # Divisions with finer codes in the table: there, an unknown class is a typo.
        self.detailed_divisions = {
            (scheme, code[:2]) for scheme, code in self.activity_ids if len(code) > 2
        }
        self.cluster_by_slug = {slug: pk for pk, slug in Cluster.objects.values_list("pk", "slug")}
        self.kinds = _choice_lookup(ActorKind)
        self.size_classes = _size_class_lookup()
        self.competence_kinds = _choice_lookup(CompetenceKind)

    def catalogue(self, cluster_id: int | None) -> TopicCatalogue:
        """The topic areas of the cluster's published edition (loaded once per cluster)."""
        if cluster_id not in self.catalogues:
            cluster = Cluster.objects.filter(pk=cluster_id).first() if cluster_id else None
            self.catalogues[cluster_id] = (
                topic_catalogue(cluster) if cluster else TopicCatalogue.empty()
            )
        return self.catalogues[cluster_id]

    def growth_core_for_municipality(self, municipality: str) -> int | None:
        return self.growth_core_by_municipality.get(_key(municipality)) if municipality else None


def existing_actors(external_ids: list[str]) -> dict[str, ExistingActor]:
    """Actors that carry one of the external ids, or that "clusterwerk:<id>" refers to
    (how the export names actors without an external id); chunked queries."""
    found: dict[str, ExistingActor] = {}
    references = {}
    for external_id in external_ids:
        if external_id.startswith(PLATFORM_ID_PREFIX):
            number = external_id[len(PLATFORM_ID_PREFIX) :]
            if number.isdigit():
                references[int(number)] = external_id
    plain = [external_id for external_id in external_ids if external_id not in references.values()]
    for chunk in chunked(plain, QUERY_CHUNK):
        for external_id, pk in Actor.objects.filter(external_id__in=chunk).values_list(
            "external_id", "pk"
        ):
            found[external_id] = ExistingActor(pk=pk, cluster_ids=set())
    for chunk in chunked(list(references), QUERY_CHUNK):
        for pk in Actor.objects.filter(pk__in=chunk).values_list("pk", flat=True):
            found[references[pk]] = ExistingActor(pk=pk, cluster_ids=set())
    by_pk = {actor.pk: actor for actor in found.values()}
    for chunk in chunked(list(by_pk), QUERY_CHUNK):
        for actor_id, cluster_id in ClusterMembership.objects.filter(
            actor_id__in=chunk
        ).values_list("actor_id", "cluster_id"):
            by_pk[actor_id].cluster_ids.add(cluster_id)
    return found


def chunked(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- Checking rows --------------------------------------------------------------------------

KEEP = object()  # the file does not say: keep the stored value


@dataclass
class ParsedRow:
    line: int
    external_id: str
    values: dict  # field → cleaned value, only for columns present in the file
    district_id: object = KEEP  # int | None | KEEP
    growth_core_id: object = KEEP  # int | None (derive from the municipality) | KEEP
    competences: list[dict] | None = None  # None: column absent
    activity_ids: list[int] | None = None
    cluster_ids: list[int] | None = None
    existing: ExistingActor | None = None


@dataclass
class CheckedFile:
    rows: list[ParsedRow]
    present: set[str]
    file_format: str

    @property
    def created(self) -> int:
        return sum(1 for row in self.rows if row.existing is None)

    @property
    def updated(self) -> int:
        return len(self.rows) - self.created


class RowChecker:
    """Validates the rows of one table; `problems` collects what is wrong, row by row."""

    def __init__(self, table: Table, reference: ReferenceData, *, user=None):
        self.table = table
        self.reference = reference
        self.present = table.present
        self.problems: list[ImportProblem] = []
        self.slug_by_pk = {pk: slug for slug, pk in reference.cluster_by_slug.items()}
        self.position = {name: index for index, name in enumerate(table.columns) if name}
        self.restricted_to = None
        if user is not None and not user.is_superuser:
            self.restricted_to = managed_cluster_ids(user)

    def add(self, line: int, column: str | None, message: str) -> None:
        self.problems.append(ImportProblem(message, line=line, column=column))

    def check(self, progress: ProgressCallback | None = None, total: int = 0) -> list[ParsedRow]:
        external_ids = [self._cell(cells, "externe_id") for _line, cells in self.table.rows]
        self.existing = existing_actors([value for value in external_ids if value])
        self._check_unnamed_columns()
        seen: dict[str, int] = {}
        self.seen_actors: dict[int, int] = {}
        parsed = []
        for index, (line, cells) in enumerate(self.table.rows, start=1):
            row = self.check_row(line, cells, seen)
            if row is not None:
                parsed.append(row)
            if progress and index % PROGRESS_EVERY == 0:
                progress(index, total)
        return parsed

    def _cell(self, cells: list[str], column: str) -> str:
        try:
            return cells[self.table.columns.index(column)]
        except (ValueError, IndexError):
            return ""

    def _check_unnamed_columns(self) -> None:
        width = len(self.table.columns)
        unnamed = [index for index, name in enumerate(self.table.columns) if name is None]
        reported = set()
        for line, cells in self.table.rows:
            for index in unnamed:
                if index < len(cells) and cells[index] and index not in reported:
                    reported.add(index)
                    self.add(
                        line,
                        None,
                        _("Spalte %(number)s hat keine Überschrift, enthält aber Werte.")
                        % {"number": index + 1},
                    )
            if len(cells) > width and any(cells[width:]):
                self.add(
                    line,
                    None,
                    _("Die Zeile hat mehr Werte (%(cells)s) als die Kopfzeile Spalten (%(width)s).")
                    % {"cells": len(cells), "width": width},
                )

    def check_row(self, line: int, cells: list[str], seen: dict[str, int]) -> ParsedRow | None:
        problems_before = len(self.problems)
        cell = {
            name: cells[index] if index < len(cells) else ""
            for index, name in enumerate(self.table.columns)
            if name in FIELD_BY_COLUMN or name in COLUMNS
        }
        external_id = self._external_id(line, cell.get("externe_id", ""), seen)
        values = self._values(line, cell)
        row = ParsedRow(line=line, external_id=external_id, values=values)
        row.existing = self._existing(line, external_id)
        if "kreis" in self.present:
            row.district_id = self._district(line, cell["kreis"])
        if "wachstumskern" in self.present:
            row.growth_core_id = self._growth_core(line, cell["wachstumskern"])
        if "wz" in self.present:
            row.activity_ids = self._activities(line, cell["wz"], cell.get("wz_schema", ""))
        elif cell.get("wz_schema"):
            self._scheme(line, cell["wz_schema"])
        row.cluster_ids = self._clusters(line, cell.get("cluster", ""))
        if "kompetenzen" in self.present:
            default = self.reference.default_cluster
            cluster_id = row.cluster_ids[0] if row.cluster_ids else default and default.pk
            row.competences = self._competences(
                line, cell["kompetenzen"], self.reference.catalogue(cluster_id)
            )
        self._check_permission(row)
        if len(self.problems) == problems_before:
            return row
        # A row's problems in the order of the file's columns.
        self.problems[problems_before:] = sorted(
            self.problems[problems_before:],
            key=lambda problem: self.position.get(problem.column, -1),
        )
        return None

    def _existing(self, line: int, external_id: str) -> ExistingActor | None:
        if not external_id:
            return None
        existing = self.existing.get(external_id)
        if existing is None:
            if external_id.startswith(PLATFORM_ID_PREFIX):
                self.add(
                    line,
                    "externe_id",
                    _(
                        "Einen Akteur „%(id)s“ gibt es nicht. Kennungen, die mit „%(prefix)s“ "
                        "beginnen, bezeichnen vorhandene Akteure (so exportiert die Plattform "
                        "Akteure ohne externe Kennung)."
                    )
                    % {"id": external_id, "prefix": PLATFORM_ID_PREFIX},
                )
            return None
        if existing.pk in self.seen_actors:
            self.add(
                line,
                "externe_id",
                _("Derselbe Akteur steht schon in Zeile %(line)s.")
                % {"line": self.seen_actors[existing.pk]},
            )
            return None
        self.seen_actors[existing.pk] = line
        return existing

    def _external_id(self, line: int, value: str, seen: dict[str, int]) -> str:
        if not value:
            self.add(line, "externe_id", _("Dieses Feld ist erforderlich."))
            return ""
        max_length = Actor._meta.get_field("external_id").max_length
        if len(value) > max_length:
            self.add(
                line,
                "externe_id",
                _("Höchstens %(max)d Zeichen (jetzt %(n)d).")
                % {"max": max_length, "n": len(value)},
            )
            return ""
        if value in seen:
            self.add(
                line,
                "externe_id",
                _("Die externe Kennung „%(id)s“ steht schon in Zeile %(line)s.")
                % {"id": value, "line": seen[value]},
            )
            return ""
        seen[value] = line
        return value

    def _values(self, line: int, cell: dict[str, str]) -> dict:
        raw = {}
        for name in CLEANED_FIELDS:
            column = COLUMN_BY_FIELD[name]
            if column not in self.present:
                continue
            value = cell[column]
            if name == "kind":
                if not value:
                    continue  # new actors get the default kind, stored ones keep theirs
                value = self._lookup(line, column, value, self.reference.kinds, ActorKind)
                if value is None:
                    continue
            elif name == "size_class" and value:
                value = self._lookup(line, column, value, self.reference.size_classes, SizeClass)
                if value is None:
                    continue
            elif name == "employees" and GERMAN_THOUSANDS.match(value):
                value = value.replace(".", "")
            elif name == "postal_code" and len(value) == 4 and value.isdigit():
                value = f"0{value}"  # a spreadsheet dropped the leading zero (01234 → 1234)
            raw[name] = value
        errors = ProfileErrors()
        cleaned = clean_values(raw, errors, partial=True)
        self._check_coordinates(cleaned, errors)
        for name, value in cleaned.items():
            max_length = Actor._meta.get_field(name).max_length
            too_long = max_length and isinstance(value, str) and len(value) > max_length
            if too_long and name not in errors.messages:  # e.g. "https://" added to a website
                errors.add(
                    name,
                    _("Höchstens %(max)d Zeichen (jetzt %(n)d).")
                    % {"max": max_length, "n": len(value)},
                )
        for name, messages in errors.messages.items():
            for message in messages:
                self.add(line, COLUMN_BY_FIELD.get(name, name), message)
        if cleaned.get("employees") is not None and not cleaned.get("size_class"):
            cleaned["size_class"] = size_class_for(cleaned["employees"])
        return cleaned

    @staticmethod
    def _check_coordinates(cleaned: dict, errors: ProfileErrors) -> None:
        if "latitude" not in cleaned or errors.messages.keys() & {"latitude", "longitude"}:
            return
        if (cleaned["latitude"] is None) != (cleaned.get("longitude") is None):
            missing = "longitude" if cleaned["longitude"] is None else "latitude"
            errors.add(missing, _("Bitte Breitengrad (lat) und Längengrad (lon) zusammen angeben."))

    def _lookup(self, line, column, value, lookup, choices) -> str | None:
        found = lookup.get(_key(value).replace("–", "-")) or lookup.get(_key(value))
        if found is None:
            self.add(
                line,
                column,
                _("Unbekannter Wert „%(value)s“ (erlaubt: %(allowed)s).")
                % {"value": value, "allowed": _labels(choices)},
            )
        return found

    def _district(self, line: int, value: str) -> int | None:
        if not value:
            return None
        key = _key(value)
        for prefix in ("landkreis ", "kreisfreie stadt "):
            if key.startswith(prefix):
                key = key[len(prefix) :]
        found = self.reference.district_by_key.get(key)
        if found is None:
            self.add(
                line,
                "kreis",
                _(
                    "Unbekannter Landkreis „%(value)s“ (Kreisschlüssel mit fünf Ziffern wie "
                    "12069 oder Name wie „Potsdam-Mittelmark“)."
                )
                % {"value": value},
            )
        return found

    def _growth_core(self, line: int, value: str):
        if not value:
            return None  # derived from the municipality when written
        found = self.reference.growth_core_by_key.get(_key(value))
        if found is None:
            self.add(
                line,
                "wachstumskern",
                _("Unbekannter Wachstumskern „%(value)s“ (Nummer 1–15 oder Name).")
                % {"value": value},
            )
            return KEEP
        return found

    def _scheme(self, line: int, value: str) -> str | None:
        if not value:
            return ActivityScheme.WZ_2008
        normalized = re.sub(r"\s+", "", value).upper()
        if normalized in ("2008", "WZ2008", "NACEREV.2"):
            return ActivityScheme.WZ_2008
        if normalized in ("2025", "WZ2025", "NACEREV.2.1"):
            return ActivityScheme.WZ_2025
        self.add(
            line,
            "wz_schema",
            _("Unbekannte Klassifikation „%(value)s“ (erlaubt: WZ2008, WZ2025).")
            % {"value": value},
        )
        return None

    def _activities(self, line: int, value: str, scheme_value: str) -> list[int]:
        row_scheme = self._scheme(line, scheme_value)
        if row_scheme is None:
            return []
        ids = []
        for item in LIST_SEPARATOR.split(value.strip()):
            if not item:
                continue
            scheme, code = row_scheme, item
            prefix = SCHEME_PREFIX.match(item)
            if prefix:
                scheme = re.sub(r"\s+", "", prefix.group(1)).upper()
                code = item[prefix.end() :]
            activity_id = self._activity(line, scheme, code.strip())
            if activity_id is not None and activity_id not in ids:
                ids.append(activity_id)
        return ids

    def _activity(self, line: int, scheme: str, code: str) -> int | None:
        if not ACTIVITY_CODE.match(code):
            self.add(
                line,
                "wz",
                _("„%(code)s“ ist kein Code eines Wirtschaftszweigs (z. B. 25 oder 25.62).")
                % {"code": code},
            )
            return None
        activity_ids = self.reference.activity_ids
        if (scheme, code) in activity_ids:
            return activity_ids[(scheme, code)]
        division = code[:2]
        if (scheme, division) in activity_ids and (
            scheme,
            division,
        ) not in self.reference.detailed_divisions:
            return activity_ids[(scheme, division)]
        self.add(
            line,
            "wz",
            _("Unbekannter Wirtschaftszweig „%(code)s“ (%(scheme)s).")
            % {"code": code, "scheme": scheme},
        )
        return None

    def _competences(self, line: int, value: str, catalogue: TopicCatalogue) -> list[dict]:
        """Competences in the compact format; topic area numbers of `catalogue` become
        lineages (`lineages`), which is how they are stored."""
        items = []
        for number, text in enumerate(
            (part for part in COMPETENCE_SEPARATOR.split(value.strip()) if part), start=1
        ):
            item, problem = parse_competence(text, self.reference.competence_kinds)
            if problem:
                self.add(
                    line,
                    "kompetenzen",
                    _("Kompetenz %(number)s: %(message)s") % {"number": number, "message": problem},
                )
            items.append(item)
        errors = ProfileErrors()
        cleaned = clean_competences(items, errors, catalogue)
        for key, messages in errors.messages.items():
            parts = key.split(".")
            for message in messages:
                if len(parts) >= 2:
                    message = _("Kompetenz %(number)s: %(message)s") % {
                        "number": parts[1],
                        "message": message,
                    }
                self.add(line, "kompetenzen", message)
        for item in cleaned:
            item["lineages"] = sorted(
                catalogue.lineage_by_number[number] for number in item["topic_areas"]
            )
        return cleaned

    def _clusters(self, line: int, value: str) -> list[int]:
        default = self.reference.default_cluster
        if not value:
            return [default.pk] if default else []
        ids = []
        for slug in LIST_SEPARATOR.split(value.strip().casefold()):
            if not slug:
                continue
            pk = self.reference.cluster_by_slug.get(slug)
            if pk is None:
                self.add(
                    line,
                    "cluster",
                    _("Unbekanntes Cluster „%(slug)s“ (vorhanden: %(known)s).")
                    % {"slug": slug, "known": ", ".join(sorted(self.reference.cluster_by_slug))},
                )
            elif pk not in ids:
                ids.append(pk)
        return ids

    def _check_permission(self, row: ParsedRow) -> None:
        """A cluster manager imports into the clusters they manage, and updates only actors of
        those clusters (or of none)."""
        managed = self.restricted_to
        if managed is None:
            return
        for cluster_id in row.cluster_ids or []:
            if cluster_id not in managed:
                self.add(
                    row.line,
                    "cluster",
                    _("Sie verwalten das Cluster „%(slug)s“ nicht.")
                    % {"slug": self.slug_by_pk.get(cluster_id, cluster_id)},
                )
        existing = row.existing
        if existing and existing.cluster_ids and not existing.cluster_ids & managed:
            self.add(
                row.line,
                "externe_id",
                _(
                    "Der Akteur mit dieser Kennung gehört zu einem Cluster, das Sie nicht "
                    "verwalten; Sie dürfen ihn nicht ändern."
                ),
            )


def parse_competence(text: str, kinds: dict[str, str]) -> tuple[dict, str | None]:
    """ "Laserschneiden [Verfahren] (4.4.1) {Faserlaser, Blech}" → a competence dict.

    The groups at the end are optional and in any order: [kind] as value or German label,
    (topic area numbers) and {keywords}. Parentheses that do not hold topic area numbers
    belong to the text ("Schweißen (WIG, MIG)")."""
    kind, topics, keywords, problem = None, None, None, None
    rest = text.strip()
    while True:
        match = TRAILING_GROUP.search(rest)
        if not match:
            break
        group = match.group(1)
        inner = group[1:-1].strip()
        if group[0] == "(":
            if topics is not None or not TOPIC_NUMBERS.match(inner):
                break
            topics = [number.strip() for number in inner.split(",")]
        elif group[0] == "[":
            if kind is not None:
                break
            kind = inner
        else:
            if keywords is not None:
                break
            keywords = [keyword.strip() for keyword in inner.split(",") if keyword.strip()]
        rest = rest[: match.start()].rstrip()
    resolved = DEFAULT_COMPETENCE_KIND
    if kind is not None:
        resolved = kinds.get(_key(kind))
        if resolved is None:
            problem = _("Unbekannte Art „%(value)s“ (erlaubt: %(allowed)s).") % {
                "value": kind,
                "allowed": _labels(CompetenceKind),
            }
            resolved = DEFAULT_COMPETENCE_KIND
    return {
        "text": rest,
        "kind": resolved,
        "keywords": keywords or [],
        "topic_areas": topics or [],
    }, problem


# --- Writing --------------------------------------------------------------------------------

ALWAYS_UPDATED = ("search_name", "search_competences", "search_document", "updated_at")


@dataclass
class PreparedRow:
    row: ParsedRow
    actor: Actor
    competences: list[dict]  # as they will be stored: with description and evidence
    index_input: tuple | None  # None: the stored index terms stay
    competences_changed: bool
    activities_changed: bool


def index_batch(inputs: list[tuple]) -> list[ActorIndex]:
    """Index terms for a batch of `RowWriter._index_input` tuples."""
    return [
        build_actor_index(
            name=name,
            short_name=short_name,
            description=description,
            municipality=municipality,
            district_name=district_name,
            competences=[
                {"text": text, "description": explanation, "keywords": list(keywords)}
                for text, explanation, keywords in competences
            ],
        )
        for name, short_name, description, municipality, district_name, competences in inputs
    ]


def update_actors(actors: list[Actor], fields: list[str]) -> None:
    """Write `fields` of stored actors and move their version on (so that an edit form opened
    before the import reports a conflict). Django's bulk_update builds a CASE expression per
    field and row, which costs minutes for 25,000 actors; instead PostgreSQL gets one
    UPDATE … FROM unnest(arrays) per chunk, other databases one prepared UPDATE run for all
    rows (`executemany`)."""
    connection = connections[router.db_for_write(Actor)]
    quote = connection.ops.quote_name
    meta = Actor._meta
    model_fields = [meta.pk, *(meta.get_field(name) for name in fields)]
    version = quote(meta.get_field("version").column)
    columns = [_prepared_column(field, actors, connection) for field in model_fields]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            assignments = [f"{quote(f.column)} = new.{quote(f.column)}" for f in model_fields[1:]]
            cursor.execute(
                f"UPDATE {quote(meta.db_table)} AS actor SET {', '.join(assignments)}, "
                f"{version} = actor.{version} + 1 "
                f"FROM {_unnest(model_fields, connection)} "
                f"WHERE actor.{quote(meta.pk.column)} = new.{quote(meta.pk.column)}",
                columns,
            )
            return
        assignments = [f"{quote(field.column)} = %s" for field in model_fields[1:]]
        cursor.executemany(
            f"UPDATE {quote(meta.db_table)} SET {', '.join(assignments)}, "
            f"{version} = {version} + 1 WHERE {quote(meta.pk.column)} = %s",
            [[*values[1:], values[0]] for values in zip(*columns, strict=True)],
        )


def insert_rows(model, field_names: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """INSERT rows of plain values (link and history rows whose primary keys nobody needs
    back) without building model instances: on PostgreSQL one INSERT … SELECT FROM
    unnest(arrays), elsewhere one prepared statement run for all rows (`executemany`)."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in field_names]
    rows = list(rows)
    if not rows:
        return
    columns = [
        [field.get_db_prep_save(value, connection) for value in values]
        for field, values in zip(fields, zip(*rows, strict=True), strict=True)
    ]
    names = ", ".join(quote(field.column) for field in fields)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT * FROM {_unnest(fields, connection)}",
                columns,
            )
            return
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})",
            list(zip(*columns, strict=True)),
        )


def _prepared_column(field, instances, connection) -> list:
    return [field.get_db_prep_save(getattr(item, field.attname), connection) for item in instances]


def _unnest(fields, connection) -> str:
    """`unnest(%s::bigint[], %s::text[], …) AS new(id, name, …)`: one array per column."""
    quote = connection.ops.quote_name
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    return f"unnest({arrays}) AS new({', '.join(quote(field.column) for field in fields)})"


class SlugAllocator:
    """Unique actor slugs in memory (like services.unique_actor_slug, without a query each)."""

    def __init__(self, taken: Iterable[str]):
        self.taken = set(taken)
        self.next_counter: dict[str, int] = {}

    def allocate(self, name: str) -> str:
        base = slugify(unicodedata.normalize("NFKC", name).replace("ß", "ss"))[:100] or "akteur"
        slug = base
        counter = self.next_counter.get(base, 2)
        while slug in self.taken:
            slug = f"{base}-{counter}"
            counter += 1
        self.next_counter[base] = counter
        self.taken.add(slug)
        return slug


class RowWriter:
    """Writes checked rows: call `write` inside a transaction."""

    def __init__(self, checked: CheckedFile, reference: ReferenceData, *, user, filename: str):
        self.checked = checked
        self.reference = reference
        self.user_id = user.pk if user is not None and user.is_authenticated else None
        self.filename = filename
        self.present = checked.present
        self.now = timezone.now()
        self.slugs = None
        self.field_names = sorted(
            FIELD_BY_COLUMN[column] for column in self.present if column in FIELD_BY_COLUMN
        )
        self.update_fields = self._update_fields()

    def _update_fields(self) -> list[str]:
        fields = {FIELD_BY_COLUMN[column] for column in self.present if column in FIELD_BY_COLUMN}
        if "employees" in fields:
            fields.add("size_class")  # derived when the file gives no size class
        # A stored actor without growth core gets one derived from its municipality.
        fields.add("growth_core")
        return sorted(fields | set(ALWAYS_UPDATED))

    def write(self, progress: ProgressCallback | None, done: int, total: int) -> None:
        rows = self.checked.rows
        existing_ids = [row.existing.pk for row in rows if row.existing]
        stored = self._load_actors(existing_ids)
        self.stored_competences = self._load_competences(existing_ids)
        self.stored_activities = self._load_activities(existing_ids)
        self.stored_memberships = self._load_memberships(existing_ids)
        if len(existing_ids) < len(rows):
            self.slugs = SlugAllocator(Actor.objects.values_list("slug", flat=True).iterator())
        prepared = [self._prepare(row, stored) for row in rows]
        for chunk in chunked(prepared, CHUNK_SIZE):
            stale = [item for item in chunk if item.index_input]
            indexes = index_batch([item.index_input for item in stale])
            for item, index in zip(stale, indexes, strict=True):
                item.actor.search_name = index.search_name
                item.actor.search_competences = index.search_competences
                item.actor.search_document = index.search_document
            self.write_chunk(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)

    # Loading what the updated actors have now (chunked queries) ------------------------------

    def _load_actors(self, pks: list[int]) -> dict[int, Actor]:
        actors = {}
        for ids in chunked(pks, QUERY_CHUNK):
            actors.update((actor.pk, actor) for actor in Actor.objects.filter(pk__in=ids))
        return actors

    def _load_competences(self, actor_ids: list[int]) -> dict[int, list[dict]]:
        """Stored competences with their topic areas (lineages): for the index when the file
        has no competences column, to keep description and evidence of a competence that comes
        again, and to leave unchanged competences alone."""
        found: dict[int, list[dict]] = {}
        for ids in chunked(actor_ids, QUERY_CHUNK):
            topics: dict[int, list[str]] = {}
            for competence_id, lineage in CompetenceTopicArea.objects.filter(
                competence__actor_id__in=ids
            ).values_list("competence_id", "lineage"):
                topics.setdefault(competence_id, []).append(str(lineage))
            for item in (
                Competence.objects.filter(actor_id__in=ids)
                .order_by("actor_id", "order", "id")
                .values("id", "actor_id", "kind", "text", "description", "keywords", "evidence")
            ):
                item["keywords"] = list(item["keywords"] or [])
                item["lineages"] = sorted(topics.get(item.pop("id"), []))
                found.setdefault(item.pop("actor_id"), []).append(item)
        return found

    def _load_activities(self, actor_ids: list[int]) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for ids in chunked(actor_ids, QUERY_CHUNK):
            for actor_id, activity_id in (
                ActorActivity.objects.filter(actor_id__in=ids)
                .order_by("actor_id", "-is_primary", "id")
                .values_list("actor_id", "activity_id")
            ):
                found.setdefault(actor_id, []).append(activity_id)
        return found

    def _load_memberships(self, actor_ids: list[int]) -> dict[int, dict[int, int]]:
        found: dict[int, dict[int, int]] = {}
        for ids in chunked(actor_ids, QUERY_CHUNK):
            for pk, actor_id, cluster_id in ClusterMembership.objects.filter(
                actor_id__in=ids
            ).values_list("pk", "actor_id", "cluster_id"):
                found.setdefault(actor_id, {})[cluster_id] = pk
        return found

    # Preparing the actors in memory -----------------------------------------------------------

    def _prepare(self, row: ParsedRow, stored: dict[int, Actor]) -> PreparedRow:
        actor = stored[row.existing.pk] if row.existing else self._new_actor(row)
        previous = self.stored_competences.get(actor.pk, [])
        before = self._index_input(actor, previous) if row.existing else None
        self._assign(actor, row)
        if row.competences is None:
            competences = previous
        else:
            kept = {_key(item["text"]): item for item in previous}
            competences = [
                {
                    "kind": item["kind"],
                    "text": item["text"],
                    "description": kept.get(_key(item["text"]), {}).get("description", ""),
                    "keywords": item["keywords"],
                    "evidence": kept.get(_key(item["text"]), {}).get("evidence", ""),
                    "lineages": item["lineages"],
                }
                for item in row.competences
            ]
        index_input = self._index_input(actor, competences)
        if before == index_input and actor.search_name:
            index_input = None  # nothing the index reads has changed: keep the stored terms
        return PreparedRow(
            row=row,
            actor=actor,
            competences=competences,
            index_input=index_input,
            competences_changed=row.competences is not None and competences != previous,
            activities_changed=row.activity_ids is not None
            and row.activity_ids != self.stored_activities.get(actor.pk, []),
        )

    def _new_actor(self, row: ParsedRow) -> Actor:
        return Actor(
            external_id=row.external_id,
            status=ActorStatus.PUBLISHED,
            kind=DEFAULT_ACTOR_KIND,
            slug=self.slugs.allocate(row.values.get("name", "")),
        )

    def _assign(self, actor: Actor, row: ParsedRow) -> None:
        for name, value in row.values.items():
            setattr(actor, name, value)
        if row.district_id is not KEEP:
            actor.district_id = row.district_id
        if row.growth_core_id is KEEP:
            if actor.growth_core_id is None:
                actor.growth_core_id = self.reference.growth_core_for_municipality(
                    actor.municipality
                )
        elif row.growth_core_id is None:
            actor.growth_core_id = self.reference.growth_core_for_municipality(actor.municipality)
        else:
            actor.growth_core_id = row.growth_core_id
        if row.existing:
            actor.updated_at = self.now

    def _index_input(self, actor: Actor, competences: list[dict]) -> tuple:
        return (
            actor.name,
            actor.short_name,
            actor.description,
            actor.municipality,
            self.reference.district_name.get(actor.district_id, ""),
            tuple(
                (item["text"], item.get("description", ""), tuple(item.get("keywords") or ()))
                for item in competences
            ),
        )

    # Writing one chunk ------------------------------------------------------------------------

    def write_chunk(self, chunk: list[PreparedRow]) -> None:
        new_actors = [item.actor for item in chunk if not item.row.existing]
        updated_actors = [item.actor for item in chunk if item.row.existing]
        Actor.objects.bulk_create(new_actors, batch_size=QUERY_CHUNK)
        if updated_actors:
            update_actors(updated_actors, self.update_fields)
        self._replace_competences([item for item in chunk if item.competences_changed])
        self._replace_activities([item for item in chunk if item.activities_changed])
        self._replace_memberships(chunk)
        self._record_history(chunk)

    def _replace_competences(self, items: list[PreparedRow]) -> None:
        stored_ids = [item.actor.pk for item in items if item.row.existing]
        for ids in chunked(stored_ids, QUERY_CHUNK):
            CompetenceTopicArea.objects.filter(competence__actor_id__in=ids).delete()
            Competence.objects.filter(actor_id__in=ids).delete()
        competences = [
            Competence(
                actor_id=item.actor.pk,
                kind=competence["kind"],
                text=competence["text"],
                description=competence["description"],
                evidence=competence["evidence"],
                keywords=competence["keywords"],
                order=order,
            )
            for item in items
            for order, competence in enumerate(item.competences)
        ]
        Competence.objects.bulk_create(competences, batch_size=QUERY_CHUNK)
        lineages = (item["lineages"] for entry in items for item in entry.competences)
        insert_rows(
            CompetenceTopicArea,
            ("competence", "lineage"),
            (
                (competence.pk, uuid.UUID(lineage))
                for competence, competence_lineages in zip(competences, lineages, strict=True)
                for lineage in competence_lineages
            ),
        )

    def _replace_activities(self, items: list[PreparedRow]) -> None:
        stored_ids = [item.actor.pk for item in items if item.row.existing]
        for ids in chunked(stored_ids, QUERY_CHUNK):
            ActorActivity.objects.filter(actor_id__in=ids).delete()
        insert_rows(
            ActorActivity,
            ("actor", "activity", "is_primary"),
            (
                (item.actor.pk, activity_id, index == 0)
                for item in items
                for index, activity_id in enumerate(item.row.activity_ids)
            ),
        )

    def _replace_memberships(self, chunk: list[PreparedRow]) -> None:
        """With a cluster column the memberships become those of the file; without one the
        actors are added to the default cluster and keep the others."""
        replace = "cluster" in self.present
        obsolete, missing = [], []
        for item in chunk:
            have = self.stored_memberships.get(item.actor.pk, {})
            wanted = item.row.cluster_ids or []
            if replace:
                obsolete.extend(pk for cluster_id, pk in have.items() if cluster_id not in wanted)
            missing.extend(
                (item.actor.pk, cluster_id) for cluster_id in wanted if cluster_id not in have
            )
        for ids in chunked(obsolete, QUERY_CHUNK):
            ClusterMembership.objects.filter(pk__in=ids).delete()
        insert_rows(ClusterMembership, ("actor", "cluster"), missing)

    def _record_history(self, chunk: list[PreparedRow]) -> None:
        """One entry per actor: which fields the file set, counts; never personal data."""
        message = (_("Import aus „%(file)s“") % {"file": self.filename})[:500]
        entries = []
        for item in chunk:
            row = item.row
            changes = {"created": row.existing is None, "fields": self.field_names}
            if row.competences is not None:
                changes["competences"] = len(row.competences)
            if row.activity_ids is not None:
                changes["activities"] = len(row.activity_ids)
            entries.append(
                (item.actor.pk, HistoryAction.IMPORTED, changes, message, self.user_id, self.now)
            )
        insert_rows(
            ActorHistory, ("actor", "action", "changes", "message", "user", "created_at"), entries
        )


# --- Entry point ----------------------------------------------------------------------------


def default_cluster(slug: str | None = None) -> Cluster | None:
    return Cluster.objects.filter(slug=slug or settings.DEFAULT_CLUSTER_SLUG).first()


def check_file(
    table: Table,
    *,
    user=None,
    cluster: Cluster | None = None,
    progress: ProgressCallback | None = None,
    total: int = 0,
) -> tuple[CheckedFile, ReferenceData]:
    """Validate every row; raises ActorImportError with all problems."""
    reference = ReferenceData(default_cluster=cluster)
    checker = RowChecker(table, reference, user=user)
    rows = checker.check(progress, total)
    if checker.problems:
        raise ActorImportError(checker.problems)
    return CheckedFile(rows=rows, present=table.present, file_format=table.file_format), reference


def import_actors(
    *,
    source: bytes | BinaryIO,
    filename: str = "",
    user=None,
    cluster: Cluster | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Check a CSV or XLSX file and, unless `dry_run`, upsert its actors (all or nothing).

    `user` is the cluster manager importing (None: the command line, no permission check);
    `cluster` is the cluster of rows without a cluster column or value (default: the
    platform's default cluster). `progress(done, total)` counts steps: every row is checked
    once and, unless `dry_run`, written once (so total is two steps per row).
    Raises ActorImportError (with every problem, line by line) or PermissionDenied."""
    if user is not None and not is_cluster_manager(user):
        raise PermissionDenied(_("Nur das Clustermanagement importiert Akteure."))
    table = read_table(read_source(source), filename=filename)
    cluster = cluster or default_cluster()
    rows = len(table.rows)
    total = rows if dry_run else 2 * rows
    checked, reference = check_file(
        table, user=user, cluster=cluster, progress=progress, total=total
    )
    if progress:
        progress(rows, total)
    result = ImportResult(
        rows=rows,
        created=checked.created,
        updated=checked.updated,
        dry_run=dry_run,
        file_format=table.file_format,
    )
    if dry_run:
        return result
    writer = RowWriter(checked, reference, user=user, filename=filename)
    try:
        with transaction.atomic():
            writer.write(progress, rows, total)
    except IntegrityError as error:
        raise ActorImportError(
            [
                ImportProblem(
                    _(
                        "Die Akteure wurden während des Imports anderweitig geändert; es wurde "
                        "nichts gespeichert. Bitte versuchen Sie es erneut."
                    )
                )
            ]
        ) from error
    return result
