import json
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from clusterwerk.core.tenancy import cluster_by_slug
from clusterwerk.foresight import queries
from clusterwerk.foresight.gaps import gap_signals
from clusterwerk.foresight.models import CriterionRole, Cycle, ItemTopicArea
from clusterwerk.foresight.results import cycle_results
from clusterwerk.masterplan.queries import topic_catalogue

FORMATS = ("json", "text")


def _number(value):
    return float(value) if value is not None else None


def results(cycle: Cycle) -> dict:
    """The cycle (slug, title, year, status) and its items; `--format json` prints the items."""
    rows = cycle_results(cycle)
    gaps = {gap.item.pk for gap in gap_signals(cycle, results=rows)}
    lineages = defaultdict(list)
    for item_id, lineage in ItemTopicArea.objects.filter(item__cycle=cycle).values_list(
        "item_id", "topic_lineage"
    ):
        lineages[item_id].append(lineage)
    catalogue = topic_catalogue(cycle.cluster)
    items = []
    for row in rows:
        impact = row.by_role.get(CriterionRole.IMPACT)
        stats = impact.plain if impact else None
        items.append(
            {
                "key": row.item.key,
                "cycle": cycle.slug,
                "title": row.item.title,
                "median": _number(stats.median) if stats else None,
                "iqr": _number(stats.iqr) if stats else None,
                "n": stats.n if stats else 0,
                "consensus": row.consensus,
                "topic_areas": catalogue.numbers_of(lineages[row.item.pk]),
                "gap": row.item.pk in gaps,
                "criteria": {
                    result.criterion.role
                    if result.criterion.role != CriterionRole.OTHER
                    else f"other-{result.criterion.pk}": {
                        "name": result.criterion.name,
                        "median": _number(result.plain.median),
                        "iqr": _number(result.plain.iqr),
                        "n": result.plain.n,
                        "consensus": result.consensus,
                    }
                    for result in row.criteria
                },
            }
        )
    return {
        "cycle": cycle.slug,
        "title": cycle.title,
        "year": cycle.year,
        "status": cycle.status,
        "items": items,
    }


class Command(BaseCommand):
    help = (
        "Gibt die Ergebnisse eines Foresight-Zyklus aus (Standard: der zuletzt veröffentlichte "
        "des Clusters). --format json druckt die Items als Liste: [{key, cycle, title, median, "
        "iqr, n (der Wirkung auf das Cluster), consensus (Konsens in allen Kriterien), "
        "topic_areas (Nummern der Themenbereiche), gap (Lückensignal), criteria: {Bedeutung: "
        "{name, median, iqr, n, consensus}}}]; Zahlen auf zwei Stellen. "
        "--format text druckt eine Tabelle."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cluster", help="Kürzel des Clusters (Standard: der Standardcluster)")
        parser.add_argument(
            "--cycle", help="Kurzname des Zyklus (Standard: der zuletzt veröffentlichte)"
        )
        parser.add_argument("--format", default="json", help="json (Standard) oder text")

    def handle(self, *args, cluster=None, cycle=None, format="json", **options):
        try:
            target = cluster_by_slug(cluster)
        except Http404 as error:
            raise CommandError(f"Unbekannter Cluster „{cluster}“.") from error
        file_format = (format or "").lower()
        if file_format not in FORMATS:
            raise CommandError(
                f"Unbekanntes Format „{format}“. Erlaubt sind: {', '.join(FORMATS)}."
            )
        if cycle:
            found = Cycle.objects.filter(cluster=target, slug=cycle).first()
            if found is None:
                raise CommandError(f"Im Cluster „{target.slug}“ gibt es keinen Zyklus „{cycle}“.")
        else:
            found = queries.latest_published_cycle(target)
            if found is None:
                raise CommandError(
                    f"Im Cluster „{target.slug}“ ist noch kein Foresight-Zyklus veröffentlicht."
                )
        data = results(found)
        if file_format == "json":
            self.stdout.write(json.dumps(data["items"], ensure_ascii=False))
            return
        self.stdout.write(f"{found.title} ({target.slug}, {found.get_status_display()})")
        self.stdout.write(
            f"{'Kennung':<10}  {'Median':>6}  {'IQR':>5}  {'n':>3}  {'Konsens':<7}  "
            f"{'Lücke':<5}  {'Themen':<12}  Titel"
        )

        def cell(value, width):
            return f"{value:>{width}.2f}" if value is not None else f"{'–':>{width}}"

        for row in data["items"]:
            self.stdout.write(
                f"{row['key']:<10}  {cell(row['median'], 6)}  {cell(row['iqr'], 5)}  "
                f"{row['n']:>3}  {'ja' if row['consensus'] else 'nein':<7}  "
                f"{'ja' if row['gap'] else 'nein':<5}  {', '.join(row['topic_areas']) or '–':<12}  "
                f"{row['title']}"
            )
