"""The database's index of the actors' search terms, kept in step with `actors_actor` by
triggers, and the SQL that asks it which actors meet a query term (`match_subquery`).

The index columns of an actor (`search_name`, `search_competences`, `search_document`, see
`clusterwerk.actors.indexing`) are strings of whole index terms of `clusterwerk.core.text`,
separated by blanks. The database indexes them term by term:

- SQLite: an FTS5 table `actors_actor_search` over the three columns (external content:
  the texts stay in `actors_actor`), with a tokenizer that splits at blanks only, so that one
  token is one index term ("syn:3ddruck", "4.0" included);
- PostgreSQL: a table `actors_actor_search` with one `tsvector` per column, built with
  `array_to_tsvector` from the blank-separated terms (the lexemes are the index terms as they
  are; no text search configuration touches them, which is what `simple` would come closest
  to), each with a GIN index.

Both also keep a vocabulary `actors_actor_search_term`: every index term any actor has had
(terms of deleted or changed actors stay, which costs nothing but a row). A needle of four or
more characters matches inside index terms (`core.text.matches_as_substring`): the vocabulary
turns it into the set of whole terms that contain it (on PostgreSQL with a `pg_trgm` index),
inside the same SQL statement, and the documents are then looked up by whole terms only.
Scanning ~30,000 short vocabulary terms costs about a millisecond; scanning the documents
themselves (what `LIKE '%needle%'` on `search_document` did) costs one read of every actor.

Triggers on `actors_actor` fill the index and the vocabulary on every insert, update and
delete, whoever writes (services, bulk upserts, `QuerySet.update`, raw SQL). On SQLite a
later migration that rebuilds `actors_actor` drops its triggers; `ensure_search_index` runs
after every `migrate` (a `post_migrate` handler) and puts them back, rebuilding the index
when they were missing.
"""

import logging

from django.db import DatabaseError, connections, transaction

from clusterwerk.core.text import SYNONYM_KEY_PREFIX, matches_as_substring

logger = logging.getLogger(__name__)

# The migration that creates the index; before it (or after reverting it) there is none.
INDEX_MIGRATION = ("actors", "0006_search_term_index")
INDEX_TABLE = "actors_actor_search"
VOCABULARY_TABLE = "actors_actor_search_term"
COLUMNS = ("search_name", "search_competences", "search_document")
# The index's own tables, for `core.db.analyze` after bulk writes of actors.
SEARCH_INDEX_TABLES = (INDEX_TABLE, VOCABULARY_TABLE)

# --- SQLite ----------------------------------------------------------------------------------

# unicode61 with every character class but blanks (Z*) and controls (C*) as token characters:
# a token is exactly one blank-separated index term.
_SQLITE_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Co M* P* S*'"


def _sqlite_terms_of(row: str) -> str:
    """SQL: the blank-separated terms of `row`.search_document as rows of json_each."""
    document = f"replace(replace({row}.search_document, '\\', '\\\\'), '\"', '\\\"')"
    return f"""json_each('["' || replace(trim({document}), ' ', '","') || '"]')"""


def _sqlite_fts_row(row: str, *, delete: bool = False) -> str:
    columns = ", ".join(COLUMNS)
    values = ", ".join(f"{row}.{column}" for column in COLUMNS)
    if delete:
        return (
            f"INSERT INTO {INDEX_TABLE}({INDEX_TABLE}, rowid, {columns}) "
            f"VALUES ('delete', {row}.id, {values});"
        )
    return f"INSERT INTO {INDEX_TABLE}(rowid, {columns}) VALUES ({row}.id, {values});"


def _sqlite_vocabulary_of(row: str) -> str:
    # Not INSERT OR IGNORE: inside a trigger, the conflict rule of the outer statement wins,
    # and an upsert (`bulk_create(update_conflicts=True)`) would turn IGNORE into ABORT.
    return (
        f"INSERT INTO {VOCABULARY_TABLE}(term) "
        f"SELECT DISTINCT value FROM {_sqlite_terms_of(row)} WHERE value <> '' "
        f"AND NOT EXISTS (SELECT 1 FROM {VOCABULARY_TABLE} WHERE term = value);"
    )


SQLITE_TABLES = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {INDEX_TABLE} USING fts5("
    f"{', '.join(COLUMNS)}, content='actors_actor', content_rowid='id', "
    f'tokenize="{_SQLITE_TOKENIZER}")',
    f"CREATE TABLE IF NOT EXISTS {VOCABULARY_TABLE} (term TEXT PRIMARY KEY) WITHOUT ROWID",
]
SQLITE_TRIGGERS = {
    "actors_actor_search_insert": (
        "AFTER INSERT ON actors_actor BEGIN "
        f"{_sqlite_fts_row('new')} {_sqlite_vocabulary_of('new')} END"
    ),
    "actors_actor_search_update": (
        f"AFTER UPDATE OF {', '.join(COLUMNS)} ON actors_actor BEGIN "
        f"{_sqlite_fts_row('old', delete=True)} {_sqlite_fts_row('new')} "
        f"{_sqlite_vocabulary_of('new')} END"
    ),
    "actors_actor_search_delete": (
        f"AFTER DELETE ON actors_actor BEGIN {_sqlite_fts_row('old', delete=True)} END"
    ),
}


def _sqlite_rebuild(cursor) -> None:
    cursor.execute(f"INSERT INTO {INDEX_TABLE}({INDEX_TABLE}) VALUES ('rebuild')")
    cursor.execute(
        f"INSERT OR IGNORE INTO {VOCABULARY_TABLE}(term) SELECT value "
        f"FROM actors_actor AS actor, {_sqlite_terms_of('actor')} WHERE value <> ''"
    )


def _sqlite_ensure(cursor) -> bool:
    """Create what is missing; True when the index had to be (re)built."""
    names = [INDEX_TABLE, VOCABULARY_TABLE, *SQLITE_TRIGGERS]
    placeholders = ", ".join(["%s"] * len(names))
    cursor.execute(
        "SELECT name FROM sqlite_master "
        f"WHERE type IN ('table', 'trigger') AND name IN ({placeholders})",
        names,
    )
    present = {name for (name,) in cursor.fetchall()}
    missing = {INDEX_TABLE, VOCABULARY_TABLE, *SQLITE_TRIGGERS} - present
    if not missing:
        return False
    for statement in SQLITE_TABLES:
        cursor.execute(statement)
    for name, body in SQLITE_TRIGGERS.items():
        cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
    _sqlite_rebuild(cursor)
    return True


def _sqlite_drop(cursor) -> None:
    for name in SQLITE_TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    cursor.execute(f"DROP TABLE IF EXISTS {INDEX_TABLE}")
    cursor.execute(f"DROP TABLE IF EXISTS {VOCABULARY_TABLE}")


# --- PostgreSQL ------------------------------------------------------------------------------

_PG_TERMS = "actors_search_terms"  # function: blank-separated terms -> tsvector
_PG_VECTORS = ", ".join(f"{_PG_TERMS}(changed.{column})" for column in COLUMNS)
_PG_UPSERT = (
    f"INSERT INTO {INDEX_TABLE}(actor_id, {', '.join(COLUMNS)}) "
    "SELECT changed.id, {vectors} FROM {rows} "
    "ON CONFLICT (actor_id) DO UPDATE SET "
    + ", ".join(f"{column} = EXCLUDED.{column}" for column in COLUMNS)
    + "; "
    f"INSERT INTO {VOCABULARY_TABLE}(term) SELECT DISTINCT term FROM {{rows}}, "
    "unnest(string_to_array(btrim(changed.search_document), ' ')) AS term "
    "WHERE term <> '' ON CONFLICT DO NOTHING;"
)
_PG_CHANGED_ROWS = (
    "(SELECT new_rows.* FROM new_rows JOIN old_rows ON old_rows.id = new_rows.id WHERE "
    + " OR ".join(f"new_rows.{column} IS DISTINCT FROM old_rows.{column}" for column in COLUMNS)
    + ") AS changed"
)

POSTGRESQL_STATEMENTS = [
    f"""CREATE OR REPLACE FUNCTION {_PG_TERMS}(terms text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT array_to_tsvector(array_remove(string_to_array(btrim(terms), ' '), '')) $$""",
    f"""CREATE TABLE IF NOT EXISTS {INDEX_TABLE} (
        actor_id bigint PRIMARY KEY,
        search_name tsvector NOT NULL,
        search_competences tsvector NOT NULL,
        search_document tsvector NOT NULL)""",
    *(
        f"CREATE INDEX IF NOT EXISTS {INDEX_TABLE}_{column} ON {INDEX_TABLE} USING gin ({column})"
        for column in COLUMNS
    ),
    f"CREATE TABLE IF NOT EXISTS {VOCABULARY_TABLE} (term text PRIMARY KEY)",
    f"""CREATE OR REPLACE FUNCTION actors_actor_search_inserted() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN
        {_PG_UPSERT.format(vectors=_PG_VECTORS, rows="new_rows AS changed")}
        RETURN NULL; END $$""",
    f"""CREATE OR REPLACE FUNCTION actors_actor_search_updated() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN
        {_PG_UPSERT.format(vectors=_PG_VECTORS, rows=_PG_CHANGED_ROWS)}
        RETURN NULL; END $$""",
    f"""CREATE OR REPLACE FUNCTION actors_actor_search_deleted() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN
        DELETE FROM {INDEX_TABLE} WHERE actor_id IN (SELECT id FROM old_rows);
        RETURN NULL; END $$""",
    f"""CREATE OR REPLACE FUNCTION actors_actor_search_truncated() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN TRUNCATE {INDEX_TABLE}; RETURN NULL; END $$""",
    "DROP TRIGGER IF EXISTS actors_actor_search_insert ON actors_actor",
    "CREATE TRIGGER actors_actor_search_insert AFTER INSERT ON actors_actor "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION actors_actor_search_inserted()",
    "DROP TRIGGER IF EXISTS actors_actor_search_update ON actors_actor",
    "CREATE TRIGGER actors_actor_search_update AFTER UPDATE ON actors_actor "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION actors_actor_search_updated()",
    "DROP TRIGGER IF EXISTS actors_actor_search_delete ON actors_actor",
    "CREATE TRIGGER actors_actor_search_delete AFTER DELETE ON actors_actor "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION actors_actor_search_deleted()",
    "DROP TRIGGER IF EXISTS actors_actor_search_truncate ON actors_actor",
    "CREATE TRIGGER actors_actor_search_truncate AFTER TRUNCATE ON actors_actor "
    "FOR EACH STATEMENT EXECUTE FUNCTION actors_actor_search_truncated()",
]
POSTGRESQL_REBUILD = [
    f"TRUNCATE {INDEX_TABLE}",
    f"INSERT INTO {INDEX_TABLE}(actor_id, {', '.join(COLUMNS)}) "
    f"SELECT changed.id, {_PG_VECTORS} FROM actors_actor AS changed",
    f"INSERT INTO {VOCABULARY_TABLE}(term) SELECT DISTINCT term FROM actors_actor, "
    "unnest(string_to_array(btrim(search_document), ' ')) AS term "
    "WHERE term <> '' ON CONFLICT DO NOTHING",
]
POSTGRESQL_TRIGRAM_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {VOCABULARY_TABLE}_trgm ON {VOCABULARY_TABLE} "
    "USING gin (term gin_trgm_ops)"
)
POSTGRESQL_DROP = [
    *(
        f"DROP TRIGGER IF EXISTS actors_actor_search_{event} ON actors_actor"
        for event in ("insert", "update", "delete", "truncate")
    ),
    *(
        f"DROP FUNCTION IF EXISTS actors_actor_search_{event}()"
        for event in ("inserted", "updated", "deleted", "truncated")
    ),
    f"DROP TABLE IF EXISTS {INDEX_TABLE}",
    f"DROP TABLE IF EXISTS {VOCABULARY_TABLE}",
    f"DROP FUNCTION IF EXISTS {_PG_TERMS}(text)",
]


def _postgresql_ensure(cursor, *, rebuild: bool) -> bool:
    cursor.execute(
        "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'actors_actor'::regclass "
        "AND tgname LIKE 'actors_actor_search_%%'"
    )
    (triggers,) = cursor.fetchone()
    if triggers == 4 and not rebuild:
        return False
    for statement in POSTGRESQL_STATEMENTS:
        cursor.execute(statement)
    for statement in POSTGRESQL_REBUILD:
        cursor.execute(statement)
    try:
        with transaction.atomic(using=cursor.db.alias):
            cursor.execute(POSTGRESQL_TRIGRAM_INDEX)
    except DatabaseError as error:  # pg_trgm missing (see migration 0002)
        logger.warning("No trigram index on the search vocabulary (%s).", error)
    return True


# --- Both ------------------------------------------------------------------------------------


def ensure_search_index(using: str = "default", *, rebuild: bool = False) -> bool:
    """Create the index, its vocabulary and triggers where missing and fill them from
    `actors_actor`; True when something had to be built. Safe to call any time."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            if rebuild:
                _sqlite_drop(cursor)
            return _sqlite_ensure(cursor)
        if connection.vendor == "postgresql":
            return _postgresql_ensure(cursor, rebuild=rebuild)
    return False


def drop_search_index(using: str = "default") -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite_drop(cursor)
        elif connection.vendor == "postgresql":
            for statement in POSTGRESQL_DROP:
                cursor.execute(statement)


def match_subquery(vendor: str, column: str, alternatives) -> tuple[str, list[str]]:
    """SQL (with its parameters) for the ids of the actors whose index `column` meets one of
    the alternatives (tuples of needles; all needles of one must meet a term), by the rules of
    `core.text.needle_in`. The vocabulary look-up of the substring needles is part of the
    statement: the database runs it once, before it asks the index."""
    if column not in COLUMNS:
        raise ValueError(f"Not an index column: {column}")
    params: list[str] = []
    if vendor == "postgresql":
        query = " || ".join(
            "(" + " && ".join(_pg_needle(needle, params) for needle in alternative) + ")"
            for alternative in alternatives
        )
        return f"SELECT actor_id FROM {INDEX_TABLE} WHERE {column} @@ ({query})", params
    query = " || ' OR ' || ".join(
        "'(' || " + " || ' AND ' || ".join(_fts_needle(n, params) for n in alternative) + " || ')'"
        for alternative in alternatives
    )
    sql = (
        f"SELECT rowid FROM {INDEX_TABLE} WHERE {INDEX_TABLE} "
        f"MATCH ('{{{column}}} : (' || {query} || ')')"
    )
    return sql, params


# A token no index term can be (only synonym keys have a ":", and more after it): stands for
# "no term" where a needle meets none, so that its alternative cannot match.
_NO_TERM = ":"
_NOT_SYNONYM_KEY = f"substr(term, 1, {len(SYNONYM_KEY_PREFIX)}) <> '{SYNONYM_KEY_PREFIX}'"


def _fts_needle(needle: str, params: list[str]) -> str:
    """SQLite: the FTS5 query of one needle, as an SQL string expression."""
    if not matches_as_substring(needle):
        params.append(_fts_string(needle))
        return "%s"
    params.append(needle)
    quoted = """'"' || replace(term, '"', '""') || '"'"""
    return (
        f"(SELECT '(' || coalesce(group_concat({quoted}, ' OR '), '{_fts_string(_NO_TERM)}') "
        f"|| ')' FROM {VOCABULARY_TABLE} WHERE instr(term, %s) > 0 AND {_NOT_SYNONYM_KEY})"
    )


def _fts_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _pg_needle(needle: str, params: list[str]) -> str:
    """PostgreSQL: the tsquery of one needle, as an SQL expression."""
    if not matches_as_substring(needle):
        params.append(_tsquery_lexeme(needle))
        return "%s::tsquery"
    params += [_tsquery_lexeme(_NO_TERM), "%" + _like_escaped(needle) + "%"]
    lexeme = r"'''' || replace(replace(term, '\', '\\'), '''', '''''') || ''''"
    return (
        f"(SELECT coalesce(string_agg({lexeme}, ' | '), %s)::tsquery "
        f"FROM {VOCABULARY_TABLE} WHERE term LIKE %s AND {_NOT_SYNONYM_KEY})"
    )


def _tsquery_lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
