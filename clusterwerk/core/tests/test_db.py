"""`core.db.analyze`: planner statistics for the tables a bulk write filled."""

import pytest
from django.db import connection

from clusterwerk.core.db import analyze, analyze_now, app_models, table_names
from clusterwerk.core.models import Cluster

pytestmark = pytest.mark.django_db


def test_analyze_waits_for_the_commit_and_skips_missing_tables(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        assert analyze(Cluster, "no_such_table") == [Cluster._meta.db_table, "no_such_table"]
    assert len(callbacks) == 1  # nothing analyzed inside the transaction
    assert analyze_now(["no_such_table", Cluster._meta.db_table]) == [Cluster._meta.db_table]


def test_analyze_refreshes_the_statistics(cluster, django_capture_on_commit_callbacks):
    Cluster.objects.bulk_create(
        Cluster(slug=f"c{number}", name=f"Cluster {number}") for number in range(30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        analyze(Cluster)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE relname = %s", [Cluster._meta.db_table]
            )
            assert cursor.fetchone()[0] >= 31
        else:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [Cluster._meta.db_table])
            assert any(row[0].split()[0] == "31" for row in cursor.fetchall())


def test_app_models_and_their_many_to_many_tables():
    models = app_models("core")
    assert Cluster in models
    assert Cluster._meta.db_table in table_names(models)
