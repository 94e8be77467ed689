"""The term index of the actor search (see `clusterwerk.actors.search.index`): on SQLite an
FTS5 table, on PostgreSQL a table of `tsvector`s with GIN indexes, both with a vocabulary of
index terms and triggers on `actors_actor` that keep them in step. Existing actors are indexed
here. Other databases get nothing (the search runs on SQLite and PostgreSQL only)."""

from django.db import migrations


def create_index(apps, schema_editor):
    from clusterwerk.actors.search.index import ensure_search_index

    ensure_search_index(schema_editor.connection.alias, rebuild=True)


def drop_index(apps, schema_editor):
    from clusterwerk.actors.search.index import drop_search_index

    drop_search_index(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("actors", "0005_claims_and_invitations")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
