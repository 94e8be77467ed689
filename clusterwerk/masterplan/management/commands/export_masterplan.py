import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.export import edition_as_dict, edition_as_markdown
from clusterwerk.masterplan.models import Edition, EditionStatus


class Command(BaseCommand):
    help = "Gibt eine Ausgabe des Masterplans als JSON oder Markdown aus."

    def add_arguments(self, parser):
        parser.add_argument("--cluster", default=settings.DEFAULT_CLUSTER_SLUG)
        parser.add_argument(
            "--edition", help="Bezeichnung der Ausgabe (Standard: die veröffentlichte)"
        )
        parser.add_argument("--format", choices=["json", "markdown"], default="json")
        parser.add_argument("--output", help="Datei statt Standardausgabe")

    def handle(self, *args, cluster, edition, format, output, **options):
        editions = Edition.objects.filter(cluster__slug=cluster).select_related("cluster")
        if not Cluster.objects.filter(slug=cluster).exists():
            raise CommandError(f"Cluster „{cluster}“ nicht gefunden.")
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
