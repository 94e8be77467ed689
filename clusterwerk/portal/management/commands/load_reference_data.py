from django.core.management.base import BaseCommand

from clusterwerk.accounts.services import system_user
from clusterwerk.actors.models import District, EconomicActivity, GrowthCore, GrowthCoreMunicipality
from clusterwerk.actors.reference import load_actor_reference_data
from clusterwerk.core import versions
from clusterwerk.core.db import analyze, app_models
from clusterwerk.core.models import Cluster
from clusterwerk.crosscluster.reference import tag_topics
from clusterwerk.masterplan.reference import load_all_reference_data
from clusterwerk.projects.reference import load_project_reference_data
from clusterwerk.skills.reference import load_occupations


class Command(BaseCommand):
    help = "Lädt alle mitgelieferten Referenzdaten (idempotent: ein zweiter Lauf ändert nichts)."

    def handle(self, *args, **options):
        for report in load_all_reference_data():
            if report.changed:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{report.cluster.name}: Referenzdaten geladen "
                        f"({len(report.sync.created)} neu, {len(report.sync.updated)} geändert, "
                        f"{len(report.sync.deleted)} entfernt, {report.figures_changed} Kennzahlen)"
                        + (" – als veröffentlichte Ausgabe gesetzt" if report.published else "")
                    )
                )
            else:
                self.stdout.write(f"{report.cluster.name}: Referenzdaten unverändert.")
        # After the masterplan: competences are tagged to its topic areas.
        actors = load_actor_reference_data()
        style = self.style.SUCCESS if actors.changed else (lambda text: text)
        self.stdout.write(style(actors.summary()))
        # After the clusters exist: the Metall cluster's default assessment criteria.
        projects = load_project_reference_data()
        style = self.style.SUCCESS if projects.changed else (lambda text: text)
        self.stdout.write(style(projects.summary()))
        # After the masterplan and the clusters: the cross-cluster topics' first keywords and
        # topic areas (only for topics nobody has described yet).
        for cluster in Cluster.objects.filter(cross_cluster_topics__isnull=False).distinct():
            tagging = tag_topics(cluster, user=system_user())
            self.stdout.write(f"{cluster.name}: Cross-Cluster-Themen – {tagging}")
        occupations = load_occupations()
        self.stdout.write(f"Berufe (KldB 2010): {occupations} neu oder geändert.")
        # Planner statistics for the reference tables only: the actors and projects tables
        # hold a few reference rows now and are analyzed by what fills them (seed_demo,
        # import_actors); statistics of nearly empty tables would mislead their bulk writes.
        analyze(
            *app_models("core", "masterplan"),
            District,
            EconomicActivity,
            GrowthCore,
            GrowthCoreMunicipality,
        )
        # Clusters, key figures, districts, WZ codes …: shown by every cached page.
        versions.bump(*versions.AREAS)
