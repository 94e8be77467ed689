from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from clusterwerk.actors.exporting import CONTACT_LEVELS, WRITERS, reader_for, write_export
from clusterwerk.actors.models import Actor
from clusterwerk.core.tenancy import cluster_by_slug


class RawOutput:
    """The command's stdout as a plain text stream (no line ending added per write)."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")


class Command(BaseCommand):
    help = (
        "Exportiert die Akteure eines Clusters (--cluster, Standard: der Standardcluster) als "
        "CSV, XLSX oder JSON. CSV und XLSX haben die Spalten des "
        "Imports (docs/actor-import.md) und lassen sich wieder importieren. Ansprechpersonen: "
        "--contacts public (Standard) nur öffentliche mit Einwilligung, wie für alle Besucher; "
        "members zusätzlich die für angemeldete Clustermitglieder freigegebenen; all alle, wie "
        "für das Clustermanagement – auch ohne Einwilligung, dazu Entwürfe und archivierte "
        "Akteure. Nur „all“ enthält personenbezogene Daten ohne Einwilligung: die Datei "
        "entsprechend schützen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", default="csv", help="csv (Standard), xlsx oder json")
        parser.add_argument("--output", help="Datei statt Standardausgabe (für xlsx nötig)")
        parser.add_argument("--cluster", help="Kürzel des Clusters (Standard: der Standardcluster)")
        parser.add_argument(
            "--contacts",
            default="public",
            help="welche Ansprechpersonen: public (Standard), members oder all",
        )

    def handle(self, *args, format, output, contacts, cluster=None, **options):
        try:
            target = cluster_by_slug(cluster)
        except Http404 as error:
            raise CommandError(f"Unbekannter Cluster „{cluster}“.") from error
        file_format = (format or "").lower()
        if file_format not in WRITERS:
            raise CommandError(
                f"Unbekanntes Format „{format}“. Erlaubt sind: {', '.join(WRITERS)}."
            )
        if contacts not in CONTACT_LEVELS:
            raise CommandError(
                f"Unbekannte Angabe „{contacts}“ für --contacts. "
                f"Erlaubt sind: {', '.join(CONTACT_LEVELS)}."
            )
        reader = reader_for(contacts)
        actors = Actor.objects.order_by("name", "pk")
        if file_format == "xlsx" and not output:
            raise CommandError("Für XLSX bitte mit --output eine Datei angeben.")
        if output:
            try:
                if file_format == "xlsx":
                    with open(output, "wb") as handle:
                        count = write_export(
                            file_format, actors, user=reader, cluster=target, stream=handle
                        )
                else:
                    with open(output, "w", encoding="utf-8", newline="") as handle:
                        count = write_export(
                            file_format, actors, user=reader, cluster=target, stream=handle
                        )
            except OSError as error:
                raise CommandError(f"Datei nicht schreibbar: {output} ({error})") from error
            self.stderr.write(
                f"Geschrieben: {output} ({count} Akteure)", style_func=lambda text: text
            )
            return
        write_export(
            file_format, actors, user=reader, cluster=target, stream=RawOutput(self.stdout)
        )
