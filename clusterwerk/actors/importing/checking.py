"""Checking the rows of a `Table` against the reference data: every problem with its line
number and column, in German; nothing is written here.

`RowChecker` turns the rows into `ActorRow`s (the input of the bulk service,
`clusterwerk.actors.services.bulk`): cleaned values, ids instead of names, competences with the
lineages of their topic areas. It makes no query per row.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import has_all_rights, managed_cluster_ids
from clusterwerk.actors.importing.lookups import ReferenceData, existing_actors, labels
from clusterwerk.actors.importing.reading import Table
from clusterwerk.actors.importing.schema import (
    ACTIVITY_CODE,
    CLEANED_FIELDS,
    COLUMN_BY_FIELD,
    COLUMNS,
    COMPETENCE_SEPARATOR,
    DEFAULT_COMPETENCE_KIND,
    FIELD_BY_COLUMN,
    GERMAN_THOUSANDS,
    LIST_SEPARATOR,
    PLATFORM_ID_PREFIX,
    PROGRESS_EVERY,
    SCHEME_PREFIX,
    TOPIC_NUMBERS,
    TRAILING_GROUP,
    ImportProblem,
    ProgressCallback,
)
from clusterwerk.actors.models import (
    ActivityScheme,
    Actor,
    ActorKind,
    CompetenceKind,
    SizeClass,
    size_class_for,
)
from clusterwerk.actors.profile_data import ProfileErrors, clean_competences, clean_values
from clusterwerk.actors.services.bulk import KEEP, ActorRow, ExistingActor, text_key
from clusterwerk.masterplan.queries import TopicCatalogue


@dataclass
class CheckedFile:
    rows: list[ActorRow]
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

    def __init__(self, table: Table, reference: ReferenceData, *, user):
        self.table = table
        self.reference = reference
        self.present = table.present
        self.problems: list[ImportProblem] = []
        self.slug_by_pk = {pk: slug for slug, pk in reference.cluster_by_slug.items()}
        self.position = {name: index for index, name in enumerate(table.columns) if name}
        self.restricted_to = None
        if not has_all_rights(user):
            self.restricted_to = managed_cluster_ids(user)

    def add(self, line: int, column: str | None, message: str) -> None:
        self.problems.append(ImportProblem(message, line=line, column=column))

    def check(self, progress: ProgressCallback | None = None, total: int = 0) -> list[ActorRow]:
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

    def check_row(self, line: int, cells: list[str], seen: dict[str, int]) -> ActorRow | None:
        problems_before = len(self.problems)
        cell = {
            name: cells[index] if index < len(cells) else ""
            for index, name in enumerate(self.table.columns)
            if name in FIELD_BY_COLUMN or name in COLUMNS
        }
        external_id = self._external_id(line, cell.get("externe_id", ""), seen)
        values = self._values(line, cell)
        row = ActorRow(line=line, external_id=external_id, values=values)
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
            cluster_id = row.cluster_ids[0] if row.cluster_ids else self.reference.cluster.pk
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
        found = lookup.get(text_key(value).replace("–", "-")) or lookup.get(text_key(value))
        if found is None:
            self.add(
                line,
                column,
                _("Unbekannter Wert „%(value)s“ (erlaubt: %(allowed)s).")
                % {"value": value, "allowed": labels(choices)},
            )
        return found

    def _district(self, line: int, value: str) -> int | None:
        if not value:
            return None
        key = text_key(value)
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
        found = self.reference.growth_core_by_key.get(text_key(value))
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
        if not value:
            return [self.reference.cluster.pk]
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

    def _check_permission(self, row: ActorRow) -> None:
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
        resolved = kinds.get(text_key(kind))
        if resolved is None:
            problem = _("Unbekannte Art „%(value)s“ (erlaubt: %(allowed)s).") % {
                "value": kind,
                "allowed": labels(CompetenceKind),
            }
            resolved = DEFAULT_COMPETENCE_KIND
    return {
        "text": rest,
        "kind": resolved,
        "keywords": keywords or [],
        "topic_areas": topics or [],
    }, problem
