import json

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from clusterwerk.award import ranking
from clusterwerk.award.models import Application, ApplicationStatus, AwardEdition, Decision
from clusterwerk.core.tenancy import cluster_by_slug

FORMATS = ("json", "text")


def _round(value):
    return round(value, 3) if value is not None else None


def results(edition: AwardEdition) -> dict:
    """The edition's results as the command prints them in JSON."""
    applications = (
        Application.objects.filter(edition=edition, submitted_at__isnull=False)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .count()
    )
    winners = list(
        Application.objects.filter(edition=edition, decision=Decision.WINNER)
        .order_by("title", "id")
        .values_list("title", flat=True)
    )
    rows = [
        {
            "application_id": row.id,
            "title": row.title,
            "mean": _round(row.mean),
            "median": _round(row.median),
            "rank": row.rank,
        }
        for row in ranking.ranking(edition)
    ]
    return {
        "applications": applications,
        "winners": winners,
        "ranking": rows,
        "alpha": _round(ranking.edition_alpha(edition)),
    }


class Command(BaseCommand):
    help = (
        "Gibt die Ergebnisse eines Jahrgangs des Innovationspreises aus (für das "
        'Clustermanagement): --format json druckt {"applications": Zahl der eingereichten, '
        'nicht zurückgezogenen Bewerbungen, "winners": Titel der Preisträger, "ranking": '
        "[{application_id, title, mean, median, rank}] der Bewerbungen im Wettbewerb, "
        '"alpha": Krippendorffs Alpha (ordinal) oder null}; Zahlen auf drei Stellen '
        "gerundet. --format text druckt eine Tabelle."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cluster", help="Kürzel des Clusters (Standard: der Standardcluster)")
        parser.add_argument("--year", type=int, required=True, help="Jahr des Preisjahrgangs")
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
        edition = AwardEdition.objects.filter(cluster=target, year=year).first()
        if edition is None:
            raise CommandError(f"Im Cluster „{target.slug}“ gibt es keinen Preisjahrgang {year}.")
        data = results(edition)
        if file_format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(f"{edition.title} ({target.slug})")
        alpha = "–" if data["alpha"] is None else f"{data['alpha']:.3f}"
        self.stdout.write(
            f"Bewerbungen: {data['applications']} · Preisträger: "
            f"{', '.join(data['winners']) or '–'} · Alpha: {alpha}"
        )
        self.stdout.write(f"{'Rang':>4}  {'Mittelwert':>10}  {'Median':>6}  Bewerbung")

        def cell(value, width):
            return f"{value:>{width}.3f}" if value is not None else f"{'–':>{width}}"

        for row in data["ranking"]:
            rank = "–" if row["rank"] is None else str(row["rank"])
            self.stdout.write(
                f"{rank:>4}  {cell(row['mean'], 10)}  {cell(row['median'], 6)}  {row['title']}"
            )
