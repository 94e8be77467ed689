import json

from django.core.management.base import BaseCommand, CommandError

from clusterwerk.core.models import Cluster
from clusterwerk.core.tenancy import default_cluster
from clusterwerk.masterplan.export import edition_as_dict, edition_as_markdown
from clusterwerk.masterplan.models import Edition, EditionStatus


class Command(BaseCommand):
    help = "Gibt eine Ausgabe des Masterplans als JSON oder Markdown aus."

    def add_arguments(self, parser):
        parser.add_argument(
            "--cluster", help="Kürzel des Clusters (Standard: das Standardcluster der Instanz)"
        )
        parser.add_argument(
            "--edition", help="Bezeichnung der Ausgabe (Standard: die veröffentlichte)"
        )
        parser.add_argument("--format", choices=["json", "markdown"], default="json")
        parser.add_argument("--output", help="Datei statt Standardausgabe")

    def handle(self, *args, cluster, edition, format, output, **options):
        cluster_obj = Cluster.objects.filter(slug=cluster).first() if cluster else default_cluster()
        if cluster_obj is None:
            raise CommandError(f"Cluster „{cluster or '(Standard)'}“ nicht gefunden.")
        editions = Edition.objects.filter(cluster=cluster_obj).select_related("cluster")
        if edition:
            selected = editions.filter(label=edition).first()
            if selected is None:
                labels = ", ".join(editions.values_list("label", flat=True)) or "keine"
                raise CommandError(f"Ausgabe „{edition}“ nicht gefunden (vorhanden: {labels}).")
        else:
            selected = editions.filter(status=EditionStatus.PUBLISHED).first()
            if selected is None:
                raise CommandError("Dieses Cluster hat keine veröffentlichte Ausgabe.")
        if format == "json":
            content = json.dumps(edition_as_dict(selected), ensure_ascii=False, indent=2) + "\n"
        else:
            content = edition_as_markdown(selected)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(content)
            self.stderr.write(f"Geschrieben: {output}")
        else:
            self.stdout.write(content, ending="")
