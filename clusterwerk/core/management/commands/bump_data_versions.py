"""Mark data as changed after a write past the services (SQL, a shell): every cached page and
fragment that shows it is computed afresh on its next request (`core.versions`)."""

from django.core.management.base import BaseCommand, CommandError

from clusterwerk.core import versions
from clusterwerk.core.models import Cluster


class Command(BaseCommand):
    help = (
        "Markiert Daten als geändert (nach Änderungen an der Datenbank an den Diensten vorbei): "
        "zwischengespeicherte Seiten werden beim nächsten Aufruf neu berechnet."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--area",
            action="append",
            choices=versions.AREAS,
            help="Datenbereich (mehrfach möglich); Standard: alle",
        )
        parser.add_argument("--cluster", metavar="SLUG", help="nur dieses Cluster; Standard: alle")

    def handle(self, *args, area, cluster, **options):
        areas = area or list(versions.AREAS)
        if cluster:
            found = Cluster.objects.filter(slug=cluster).first()
            if found is None:
                raise CommandError(f"Dieses Cluster gibt es nicht: {cluster}")
            versions.bump(*areas, cluster=found)
        else:
            versions.bump(*areas)
        where = cluster or "alle Cluster"
        self.stdout.write(self.style.SUCCESS(f"Neue Datenstände: {', '.join(areas)} ({where})."))
