"""Saved searches belong to a cluster: its listings are their hits and its topic areas their
topics. Existing searches go to the cluster of their topic area, else to the instance's default
cluster (`DEFAULT_CLUSTER_SLUG`, or the only one); without any cluster there is nothing they
could find, and they are removed."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def assign_clusters(apps, schema_editor):
    Cluster = apps.get_model("core", "Cluster")
    SavedSearch = apps.get_model("matchmaking", "SavedSearch")
    TopicArea = apps.get_model("masterplan", "TopicArea")
    default = Cluster.objects.filter(slug=settings.DEFAULT_CLUSTER_SLUG).first()
    if default is None:
        only = list(Cluster.objects.all()[:2])
        default = only[0] if len(only) == 1 else None
    for search in SavedSearch.objects.filter(cluster__isnull=True).iterator():
        cluster_id = None
        if search.topic_lineage:
            cluster_id = (
                TopicArea.objects.filter(lineage=search.topic_lineage)
                .values_list("edition__cluster_id", flat=True)
                .first()
            )
        cluster_id = cluster_id or (default.pk if default else None)
        if cluster_id is None:
            search.delete()
        else:
            SavedSearch.objects.filter(pk=search.pk).update(cluster_id=cluster_id)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_crossclustertopic"),
        ("masterplan", "0002_history_entry"),
        ("matchmaking", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="savedsearch",
            name="cluster",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="saved_searches",
                to="core.cluster",
                verbose_name="Cluster",
            ),
        ),
        migrations.RunPython(assign_clusters, migrations.RunPython.noop, elidable=True),
    ]
