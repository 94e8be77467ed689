"""Import actors from CSV or XLSX files; the column schema is documented in docs/actor-import.md.

Three steps, and nothing is written unless all rows are fine:

1. `reading.read_table` turns the bytes into canonical column names and numbered rows (CSV or
   the first sheet of an XLSX workbook). Problems of the file as a whole stop here.
2. `check_file` (a `checking.RowChecker`) validates every row against reference data loaded
   once (`lookups.ReferenceData`): no query per row. It collects all problems, each with its
   line number and column.
3. `clusterwerk.actors.services.bulk.import_actor_rows` upserts the actors by external id in
   one transaction with the ORM's bulk operations, in chunks.

`import_actors` runs the three steps, for one cluster (rows without a cluster join it) and one
user (the cluster manager importing; commands pass `accounts.services.system_user()`).

Contact persons are personal data with consent and are never imported.
"""

from typing import BinaryIO

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.actors.importing.checking import CheckedFile, RowChecker, parse_competence
from clusterwerk.actors.importing.lookups import ReferenceData, choice_lookup
from clusterwerk.actors.importing.reading import (
    Table,
    read_source,
    read_table,
    sniff_delimiter,
    too_large_message,
)
from clusterwerk.actors.importing.schema import (
    COLUMNS,
    FIELD_BY_COLUMN,
    MAX_BYTES,
    MAX_ROWS,
    PLATFORM_ID_PREFIX,
    READ_ONLY_COLUMNS,
    ActorImportError,
    ImportProblem,
    ImportResult,
    ProgressCallback,
)
from clusterwerk.actors.search.index import SEARCH_INDEX_TABLES
from clusterwerk.actors.services.bulk import import_actor_rows
from clusterwerk.core import versions
from clusterwerk.core.db import analyze, app_models
from clusterwerk.core.models import Cluster
from clusterwerk.core.versions import changes

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "PLATFORM_ID_PREFIX",
    "READ_ONLY_COLUMNS",
    "ActorImportError",
    "CheckedFile",
    "ImportProblem",
    "ImportResult",
    "check_file",
    "choice_lookup",
    "import_actors",
    "parse_competence",
    "read_table",
    "sniff_delimiter",
    "too_large_message",
]


def check_file(
    table: Table,
    *,
    user,
    cluster: Cluster,
    progress: ProgressCallback | None = None,
    total: int = 0,
) -> CheckedFile:
    """Validate every row for an import into `cluster` by `user`; raises ActorImportError
    with all problems."""
    checker = RowChecker(table, ReferenceData(cluster=cluster), user=user)
    rows = checker.check(progress, total)
    if checker.problems:
        raise ActorImportError(checker.problems)
    return CheckedFile(rows=rows, present=table.present, file_format=table.file_format)


@changes(versions.ACTORS, shared=True)
def import_actors(
    *,
    source: bytes | BinaryIO,
    filename: str = "",
    user,
    cluster: Cluster,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Check a CSV or XLSX file and, unless `dry_run`, upsert its actors (all or nothing).

    `cluster` is the cluster imported into: rows without a cluster column or value join it,
    and its published masterplan gives their topic areas. `user` must manage it (the
    command line passes the system user); rows may name only clusters `user` manages.
    `progress(done, total)` counts steps: every row is checked once and, unless `dry_run`,
    written once (so total is two steps per row).
    Raises ActorImportError (with every problem, line by line) or PermissionDenied."""
    if not manages_cluster(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement importiert Akteure."))
    table = read_table(read_source(source), filename=filename)
    rows = len(table.rows)
    total = rows if dry_run else 2 * rows
    checked = check_file(table, user=user, cluster=cluster, progress=progress, total=total)
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
    try:
        import_actor_rows(
            checked.rows,
            cluster=cluster,
            user=user,
            filename=filename,
            fields={
                FIELD_BY_COLUMN[column] for column in checked.present if column in FIELD_BY_COLUMN
            },
            replace_memberships="cluster" in checked.present,
            progress=(lambda written: progress(rows + written, total)) if progress else None,
        )
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
    if rows >= ANALYZE_AFTER_ROWS:
        analyze_actor_tables()
    return result


# An import of this many rows changes the tables enough to refresh the planner statistics
# (a bulk load); smaller ones leave that to the database's own maintenance.
ANALYZE_AFTER_ROWS = 1000


def analyze_actor_tables() -> None:
    """Fresh planner statistics for the tables an import writes (see `core.db.analyze`)."""
    analyze(*app_models("actors"), *SEARCH_INDEX_TABLES)
