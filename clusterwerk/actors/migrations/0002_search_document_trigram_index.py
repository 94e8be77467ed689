"""PostgreSQL only: a trigram index (pg_trgm) on Actor.search_document.

The directory search matches needles with LIKE '%needle%' on search_document (see
clusterwerk.actors.search); a GIN trigram index lets PostgreSQL answer selective searches from
the index instead of scanning every actor. bench/actor_search.py on 25,060 demo actors: median
100–140 ms without, 34–50 ms with the index (broad searches such as "Schweißen" still scan).
SQLite has no such index; there this migration does nothing.

The extension is created when the database user may (pg_trgm is a trusted extension since
PostgreSQL 13, so the owner of the database may create it); otherwise the index is left out
with a warning and the search works as before, only slower.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

INDEX_NAME = "actors_actor_search_document_trgm"


def create_trigram_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        logger.warning(
            "pg_trgm could not be created (%s); the directory search works without its index.",
            error,
        )
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON actors_actor "
        "USING gin (search_document gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("actors", "0001_initial")]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False)]
