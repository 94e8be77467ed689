from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_search_index(sender, using="default", **kwargs):
    """After every migrate: put back the search index's triggers when a migration rebuilt
    `actors_actor` (SQLite drops a table's triggers with it); see `search.index`."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from clusterwerk.actors.search.index import INDEX_MIGRATION
    from clusterwerk.actors.search.index import ensure_search_index as ensure

    if INDEX_MIGRATION in MigrationRecorder(connections[using]).applied_migrations():
        ensure(using)


class ActorsConfig(AppConfig):
    name = "clusterwerk.actors"
    verbose_name = _("Akteursverzeichnis")

    def ready(self):
        post_migrate.connect(ensure_search_index, sender=self, dispatch_uid="actors-search-index")
