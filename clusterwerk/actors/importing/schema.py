"""What an import file looks like and what an import reports: limits, columns, problems, result.

The column schema is documented in docs/actor-import.md.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterwerk.actors.models import CompetenceKind
from clusterwerk.actors.profile_data import PROFILE_FIELDS

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
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
            % {"count": format_number(self.rows)},
            "created": ngettext("%(count)s Akteur", "%(count)s Akteure", self.created)
            % {"count": format_number(self.created)},
            "updated": format_number(self.updated),
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


def format_number(value: int) -> str:
    return number_format(value, force_grouping=True)
