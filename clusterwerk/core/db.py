"""Database housekeeping shared by the commands and services that write in bulk.

`analyze(...)` refreshes the planner's statistics of the given tables after a bulk write:
PostgreSQL's `ANALYZE table, …` (without it the planner keeps believing a freshly filled
table holds a handful of rows and picks plans for that, until autovacuum catches up), SQLite's
`ANALYZE table` per table (the statistics its query planner reads from `sqlite_stat1`).

Analyze only the tables the caller wrote, at its end. The statistics are taken once the
surrounding transaction has committed (`transaction.on_commit`; at once without one):
statistics taken inside a transaction that goes on writing (say, a test that seeds twice in
its transaction) describe tables that are about to change and mislead the planner for every
later statement of that transaction – on PostgreSQL a query of the second seeding took
minutes.
"""

from collections.abc import Iterable

from django.apps import apps
from django.db import connections, transaction
from django.db.models import Model


def app_models(*labels: str) -> list[type[Model]]:
    """The concrete models of the apps with these labels ("actors", "projects", …)."""
    return [
        model
        for label in labels
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy and model._meta.managed
    ]


def table_names(targets: Iterable[type[Model] | str]) -> list[str]:
    """Table names of models (with their many-to-many tables) and of plain table names."""
    names: dict[str, None] = {}
    for target in targets:
        if isinstance(target, str):
            names[target] = None
            continue
        names[target._meta.db_table] = None
        for field in target._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                names[through._meta.db_table] = None
    return list(names)


def analyze(*targets: type[Model] | str, using: str = "default") -> list[str]:
    """Refresh the planner statistics of these tables (models or table names) after the
    current transaction commits; tables that do not exist are skipped. Returns the tables."""
    tables = table_names(targets)
    transaction.on_commit(lambda: analyze_now(tables, using=using), using=using)
    return tables


def analyze_now(tables: Iterable[str], *, using: str = "default") -> list[str]:
    """`ANALYZE` the existing ones of these tables right away; returns those analyzed."""
    connection = connections[using]
    existing = set(connection.introspection.table_names(include_views=False))
    tables = [name for name in tables if name in existing]
    if not tables:
        return []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(quote(name) for name in tables))
        elif connection.vendor == "sqlite":
            for name in tables:
                cursor.execute(f"ANALYZE {quote(name)}")
    return tables
