"""manage.py import_supply_figures --cluster metall --year 2024 nachwuchs.csv [--dry-run]

Import trainees and graduates per occupation and district from a CSV file (see
`clusterwerk.skills.services.supply` for the columns); all-or-nothing, line-numbered German
errors; with --dry-run only check and tell what would be written."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clusterwerk.accounts.services import system_user
from clusterwerk.core.models import Cluster
from clusterwerk.skills.services.supply import MAX_FILE_BYTES, SupplyFileErrors, import_supply


class Command(BaseCommand):
    help = "Importiert Auszubildende und Absolventen je Beruf und Kreis aus einer CSV-Datei."

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV-Datei (UTF-8 oder Windows-1252)")
        parser.add_argument("--cluster", required=True, help="Kurzname des Clusters, z. B. metall")
        parser.add_argument("--year", required=True, type=int, help="Jahr der Zahlen")
        parser.add_argument("--dry-run", action="store_true", help="Nur prüfen, nichts speichern")

    def handle(self, *args, path, cluster, year, dry_run, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Datei nicht gefunden: {path}")
        if file.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(f"Die Datei ist zu groß (höchstens {MAX_FILE_BYTES // 2**20} MB).")
        cluster_obj = Cluster.objects.filter(slug=cluster).first()
        if cluster_obj is None:
            raise CommandError(f"Unbekanntes Cluster „{cluster}“.")
        try:
            result = import_supply(
                user=system_user(),
                cluster=cluster_obj,
                data=file.read_bytes(),
                filename=file.name,
                year=year,
                dry_run=dry_run,
            )
        except SupplyFileErrors as error:
            raise CommandError("Nichts importiert:\n" + "\n".join(error.lines)) from None
        except ValidationError as error:  # the year
            raise CommandError("; ".join(error.messages)) from None
        verb = "würden importiert" if dry_run else "importiert"
        self.stdout.write(
            f"{result.count} Zeilen {verb}: {result.created} neu, {result.updated} ersetzt."
        )
