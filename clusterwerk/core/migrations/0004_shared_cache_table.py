"""The table of the embedded shared cache (`CACHE_URL` unset or db://, see config/settings.py).

Created whatever `CACHES` says today, so that switching to the database cache later needs no
extra command; `createcachetable` would find it already there."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

CACHE_TABLE = "clusterwerk_cache"


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    if CACHE_TABLE in schema_editor.connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_jobs_and_worker_heartbeats")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
