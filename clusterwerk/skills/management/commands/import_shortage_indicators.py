from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clusterwerk.accounts.services import system_user
from clusterwerk.core.models import Cluster
from clusterwerk.skills.indicators import MAX_BYTES
from clusterwerk.skills.services.indicators import file_messages, import_indicators


class Command(BaseCommand):
    help = (
        "Importiert die Indikatoren der Engpassanalyse der Bundesagentur für Arbeit aus einer "
        "CSV- oder XLSX-Datei (Spaltenaufbau: clusterwerk/skills/indicators.py und "
        "docs/data-sources.md). Alles oder nichts: bei einem Fehler in irgendeiner Zeile wird "
        "nichts geschrieben; alle Fehler werden mit Zeilennummer ausgegeben, der Exit-Status "
        "ist dann 1. Ein Import derselben Quelle, Region und desselben Jahres ersetzt den "
        "früheren."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV-Datei (; oder ,) oder XLSX-Datei")
        parser.add_argument(
            "--cluster", metavar="SLUG", required=True, help="Cluster, z. B. metall"
        )
        parser.add_argument("--year", type=int, required=True, help="Jahr der Engpassanalyse")
        parser.add_argument("--region", required=True, help="Region, z. B. Brandenburg")
        parser.add_argument(
            "--source",
            default="Bundesagentur für Arbeit, Engpassanalyse",
            help="Quellenangabe (Standard: „Bundesagentur für Arbeit, Engpassanalyse“)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="nur prüfen und berichten, nichts schreiben"
        )

    def handle(self, *args, path, cluster, year, region, source, dry_run, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Datei nicht gefunden: {path}")
        if file.stat().st_size > MAX_BYTES:
            raise CommandError(f"Die Datei ist größer als {MAX_BYTES // 1024 // 1024} MB.")
        target = Cluster.objects.filter(slug=cluster).first()
        if target is None:
            raise CommandError(f"Unbekanntes Cluster: {cluster}")
        try:
            result = import_indicators(
                user=system_user(),
                cluster=target,
                data=file.read_bytes(),
                filename=file.name,
                source=source,
                region=region,
                year=year,
                dry_run=dry_run,
            )
        except ValidationError as error:
            for message in file_messages(error):
                self.stderr.write(message)
            raise CommandError("Nichts importiert: die Datei hat Fehler (siehe oben).") from None
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"Hinweis – {warning}"))
        summary = (
            f"{result.occupation_count} Berufe, {result.indicator_count} Indikatoren "
            f"({region} {year})"
        )
        if dry_run:
            self.stdout.write(f"Probelauf: {summary} wären importiert worden; nichts geschrieben.")
        else:
            replaced = f", {result.replaced} früherer Import ersetzt" if result.replaced else ""
            self.stdout.write(self.style.SUCCESS(f"Importiert: {summary}{replaced}."))
