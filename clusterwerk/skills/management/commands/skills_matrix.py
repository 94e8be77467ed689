import json

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from clusterwerk.core.tenancy import cluster_by_slug
from clusterwerk.skills.exports import cell_record
from clusterwerk.skills.matrix import build_matrix

FORMATS = ("json", "text")
CONTRACT_FIELDS = (
    "occupation",
    "district",
    "official_verdict",
    "openings",
    "retirements",
    "supply",
    "companies",
)


class Command(BaseCommand):
    help = (
        "Gibt die Fachkräftematrix eines Jahres aus (Standard: die letzte Befragung). "
        "--format json druckt die Zellen als Liste: [{occupation (KldB-2010-Schlüssel), "
        "district (AGS), official_verdict, openings (36 Monate), retirements, supply, "
        "companies, …}]; companies und die Zahlen der Befragung sind null, wo weniger als fünf "
        "Betriebe antworteten. --format text druckt eine Tabelle."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cluster", help="Kürzel des Clusters (Standard: der Standardcluster)")
        parser.add_argument("--year", type=int, help="Jahr der Befragung (Standard: die letzte)")
        parser.add_argument("--format", default="json", help="json (Standard) oder text")

    def handle(self, *args, cluster=None, year=None, format="json", **options):
        try:
            target = cluster_by_slug(cluster)
        except Http404 as error:
            raise CommandError(f"Unbekannter Cluster „{cluster}“.") from error
        file_format = (format or "").lower()
        if file_format not in FORMATS:
            raise CommandError(
                f"Unbekanntes Format „{format}“. Erlaubt sind: {', '.join(FORMATS)}."
            )
        if year is not None and not target.skills_surveys.filter(year=year).exists():
            raise CommandError(
                f"Im Cluster „{target.slug}“ gibt es keine Betriebsbefragung {year}."
            )
        matrix = build_matrix(target, year)
        if matrix.year is None:
            raise CommandError(f"Im Cluster „{target.slug}“ gibt es keine Betriebsbefragung.")
        records = [cell_record(cell) for cell in matrix.cells]
        if file_format == "json":
            self.stdout.write(json.dumps(records, ensure_ascii=False))
            return
        self.stdout.write(f"Fachkräftematrix {target.slug} {matrix.year}")

        def number(value, width):
            return f"{value:>{width}}" if value is not None else f"{'–':>{width}}"

        self.stdout.write(
            f"{'Beruf':<6} {'Kreis':<6} {'Engpass':<9} {'Betr.':>5} {'Stellen':>7} "
            f"{'Ruhest.':>7} {'Nachw.':>6} Ampel"
        )
        for row in records:
            self.stdout.write(
                f"{row['occupation']:<6} {row['district']:<6} {row['official_verdict'] or '–':<9} "
                f"{number(row['companies'], 5)} {number(row['openings'], 7)} "
                f"{number(row['retirements'], 7)} {number(row['supply'], 6)} {row['light']}"
            )
