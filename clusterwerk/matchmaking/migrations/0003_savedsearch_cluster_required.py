import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("matchmaking", "0002_savedsearch_cluster")]

    operations = [
        migrations.AlterField(
            model_name="savedsearch",
            name="cluster",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="saved_searches",
                to="core.cluster",
                verbose_name="Cluster",
            ),
        ),
    ]
