from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clusterwerk.accounts.services import system_user
from clusterwerk.actors.importing import (
    MAX_BYTES,
    ActorImportError,
    import_actors,
    too_large_message,
)
from clusterwerk.core.models import Cluster
from clusterwerk.core.tenancy import default_cluster


class ProgressBar:
    """A plain-text progress bar on stderr: redrawn in place on a terminal, otherwise one line
    per tenth."""

    WIDTH = 30

    def __init__(self, output, *, interactive: bool, label: str = "Akteure importieren"):
        self.output = output
        self.interactive = interactive
        self.label = label
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if self.interactive:
            if percent == self.shown:
                return
            filled = self.WIDTH * percent // 100
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self._write(f"\r{self.label}: [{bar}] {percent:3d} %", ending="")
        elif percent // 10 > self.shown // 10 or self.shown < 0:
            self._write(f"{self.label}: {percent} %")
        self.shown = percent

    def finish(self) -> None:
        if self.interactive and self.shown >= 0:
            self._write("")

    def _write(self, text: str, ending: str = "\n") -> None:
        self.output.write(text, style_func=lambda message: message, ending=ending)
        self.output.flush()


class Command(BaseCommand):
    help = (
        "Importiert Akteure aus einer CSV- oder XLSX-Datei (Spalten: docs/actor-import.md). "
        "Vorhandene Akteure werden über die Spalte externe_id aktualisiert. Alles oder nichts: "
        "bei einem Fehler in irgendeiner Zeile wird nichts geschrieben; alle Fehler werden mit "
        "Zeilennummer ausgegeben. Ansprechpersonen werden nicht importiert. Der Import läuft "
        "als Systemnutzer (im Änderungsverlauf: „System“)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV-Datei (UTF-8 oder Windows-1252) oder XLSX-Datei")
        parser.add_argument(
            "--dry-run", action="store_true", help="nur prüfen und berichten, nichts schreiben"
        )
        parser.add_argument(
            "--cluster",
            metavar="SLUG",
            help="Cluster, in das importiert wird (auch für Zeilen ohne Angabe in der Spalte "
            "„cluster“); Standard: das Standard-Cluster der Instanz",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Fortschritt auch anzeigen, wenn die Fehlerausgabe kein Terminal ist",
        )

    def handle(self, *args, path, dry_run, cluster, progress, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Datei nicht gefunden: {path}")
        if file.stat().st_size > MAX_BYTES:
            raise CommandError(too_large_message())
        cluster_obj = self.cluster(cluster)
        interactive = self.stderr.isatty()
        bar = ProgressBar(self.stderr, interactive=interactive) if interactive or progress else None
        try:
            with file.open("rb") as handle:
                result = import_actors(
                    source=handle,
                    filename=file.name,
                    user=system_user(),
                    cluster=cluster_obj,
                    dry_run=dry_run,
                    progress=bar,
                )
        except ActorImportError as error:
            if bar:
                bar.finish()
            lines = "\n".join(f"  - {message}" for message in error.messages)
            raise CommandError(
                f"Import abgebrochen, nichts wurde geschrieben. "
                f"{len(error.problems)} Fehler:\n{lines}"
            ) from error
        if bar:
            bar.finish()
        style = self.style.WARNING if result.dry_run else self.style.SUCCESS
        self.stdout.write(style(result.summary()))

    @staticmethod
    def cluster(slug: str | None) -> Cluster:
        """The cluster named by --cluster, else the instance's default cluster."""
        if slug:
            cluster = Cluster.objects.filter(slug=slug).first()
            if cluster is None:
                known = ", ".join(Cluster.objects.order_by("slug").values_list("slug", flat=True))
                raise CommandError(
                    f"Cluster „{slug}“ nicht gefunden (vorhanden: {known or 'keines'}). "
                    "Zuerst: python manage.py load_reference_data"
                )
            return cluster
        cluster = default_cluster()
        if cluster is None:
            raise CommandError(
                "Kein Standard-Cluster: Bitte das Cluster mit --cluster SLUG angeben "
                "(oder DEFAULT_CLUSTER_SLUG setzen; zuerst: python manage.py load_reference_data)."
            )
        return cluster
