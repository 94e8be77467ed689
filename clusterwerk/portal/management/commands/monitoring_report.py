"""python manage.py monitoring_report --cluster metall --year 2019 --format json|pdf|xlsx|csv

The yearly Ergebnis- und Wirkungsmonitoring (the full report of `portal.reports`, with the
Kooperationsbörse); without --cluster for the instance's default cluster. The figures count
every project of the cluster (the same as on the public page); the success stories are those
of all projects (the cluster management's edition), with --public only those of public
projects (the edition to publish, as an anonymous visitor downloads it). JSON and CSV go to
standard output unless --output is given; PDF and XLSX go to --output, by default
monitoring-<cluster>-<year>.<format> in the current directory.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from clusterwerk.core.tenancy import cluster_by_slug
from clusterwerk.portal.reports import build_monitoring_report
from clusterwerk.projects.monitoring import (
    MIN_REPORT_YEAR,
    is_valid_report_year,
    max_report_year,
)
from clusterwerk.projects.report_export import EXPORT_FORMATS, export_report

TEXT_FORMATS = ("json", "csv")


class Command(BaseCommand):
    help = "Erstellt das Ergebnis- und Wirkungsmonitoring eines Clusters für ein Jahr."

    def add_arguments(self, parser):
        parser.add_argument(
            "--cluster", help="Kürzel des Clusters (ohne Angabe das Standard-Cluster)"
        )
        parser.add_argument("--year", required=True, help="Berichtsjahr, z. B. 2019")
        parser.add_argument(
            "--format", dest="file_format", default="json", help="json, pdf, xlsx oder csv"
        )
        parser.add_argument("--output", help="Datei, in die der Bericht geschrieben wird")
        parser.add_argument(
            "--public",
            action="store_true",
            help="Veröffentlichungsfassung: Erfolgsgeschichten nur öffentlicher Projekte",
        )

    def handle(self, *args, cluster, year, file_format, output, public, **options):
        file_format = file_format.lower()
        if file_format not in EXPORT_FORMATS:
            raise CommandError(
                f"Unbekanntes Format „{file_format}“. Möglich sind: {', '.join(EXPORT_FORMATS)}."
            )
        try:
            found = cluster_by_slug(cluster)
        except Http404:
            raise CommandError(
                f"Ein Cluster mit dem Kürzel „{cluster or ''}“ gibt es nicht."
            ) from None
        try:
            report_year = int(year)
        except ValueError:
            raise CommandError(f"„{year}“ ist keine Jahreszahl.") from None
        if not is_valid_report_year(report_year):
            raise CommandError(
                f"Das Berichtsjahr muss zwischen {MIN_REPORT_YEAR} und {max_report_year()} "
                f"liegen, nicht {report_year}."
            )
        report = build_monitoring_report(
            cluster=found, year=report_year, user=None, full_access=not public
        )
        export = export_report(report, file_format)
        if output is None and file_format in TEXT_FORMATS:
            self.stdout.write(export.content.decode(), ending="" if file_format == "csv" else "\n")
            return
        path = Path(output or export.filename)
        try:
            path.write_bytes(export.content)
        except OSError as error:
            raise CommandError(f"Die Datei {path} lässt sich nicht schreiben: {error}") from None
        self.stderr.write(f"Bericht {report_year} ({file_format.upper()}) geschrieben: {path}")
