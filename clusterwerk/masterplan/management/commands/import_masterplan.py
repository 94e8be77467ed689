from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clusterwerk.accounts.services import system_user
from clusterwerk.core.models import Cluster
from clusterwerk.core.tenancy import default_cluster
from clusterwerk.masterplan.parsing import (
    MasterplanImportError,
    check_size,
    decode_masterplan_bytes,
)
from clusterwerk.masterplan.services import import_masterplan_text


class Command(BaseCommand):
    help = (
        "Importiert den veröffentlichten Masterplan-Text (wie aus dem PDF extrahiert) in eine "
        "Ausgabe. Alles oder nichts: bei einem Fehler wird nichts geschrieben."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Textdatei (UTF-8, höchstens 2 MB)")
        parser.add_argument("--edition", required=True, help="Bezeichnung der Ausgabe, z. B. 2020")
        parser.add_argument(
            "--cluster", help="Kürzel des Clusters (Standard: das Standardcluster der Instanz)"
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="als veröffentlichte Ausgabe setzen (die bisherige wird archiviert)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="nur prüfen und berichten, nichts schreiben"
        )

    def handle(self, *args, path, edition, cluster, publish, dry_run, **options):
        cluster_obj = Cluster.objects.filter(slug=cluster).first() if cluster else default_cluster()
        if cluster_obj is None:
            raise CommandError(
                f"Cluster „{cluster or '(Standard)'}“ nicht gefunden. "
                "Zuerst: python manage.py load_reference_data"
            )
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Datei nicht gefunden: {path}")
        try:
            check_size(file.stat().st_size)  # before reading the file
            text = decode_masterplan_bytes(file.read_bytes())
            outcome = import_masterplan_text(
                cluster=cluster_obj,
                text=text,
                label=edition,
                publish=publish,
                dry_run=dry_run,
                source_name=file.name,
                user=system_user(),
            )
        except MasterplanImportError as error:
            lines = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(f"Import abgebrochen, nichts wurde geschrieben:\n{lines}") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.report(outcome, edition)

    def report(self, outcome, label):
        parsed = outcome.parse
        action_fields, key_points, topic_areas = parsed.tree.counts()
        self.stdout.write(
            f"Gelesen: {parsed.line_count} Zeilen, {parsed.footnote_count} Fußnoten – "
            f"{action_fields} Handlungsfelder, {key_points} Eckpunkte, "
            f"{topic_areas} Themenbereiche."
        )
        for note in parsed.notes:
            self.stdout.write(f"  Hinweis: {note}")
        if outcome.dry_run:
            self.stdout.write(self.style.WARNING("Probelauf: nichts geschrieben."))
            return
        report = outcome.report
        if not report.changed and not outcome.created_edition and not outcome.published:
            self.stdout.write(f"Ausgabe „{label}“ unverändert.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Ausgabe „{label}“ {'angelegt' if outcome.created_edition else 'aktualisiert'}: "
                f"{len(report.created)} neu, {len(report.updated)} geändert, "
                f"{len(report.deleted)} entfernt"
                + (" – veröffentlicht." if outcome.published else ".")
            )
        )
