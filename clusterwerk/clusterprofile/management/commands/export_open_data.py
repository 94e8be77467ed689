"""`manage.py export_open_data --cluster metall --format json` prints the cluster's open data
(every dataset) with its licence as one JSON object; `--format csv --dataset NAME` prints one
dataset as CSV (without byte-order mark)."""

import json

from django.core.management.base import BaseCommand, CommandError

from clusterwerk.clusterprofile.opendata import DATASETS, all_datasets, dataset_csv
from clusterwerk.core.tenancy import default_cluster, find_cluster


class Command(BaseCommand):
    help = "Gibt die offenen Daten eines Clusters als JSON oder CSV aus (Lizenz dl-de/by-2-0)."

    def add_arguments(self, parser):
        parser.add_argument("--cluster", default="", help="Kürzel des Clusters (sonst Standard).")
        parser.add_argument("--format", choices=("json", "csv"), default="json", dest="file_format")
        parser.add_argument("--dataset", default="", help=f"Datensatz: {', '.join(DATASETS)}.")

    def handle(self, *args, cluster, file_format, dataset, **options):
        found = find_cluster(cluster) if cluster else default_cluster()
        if found is None:
            raise CommandError(f"Das Cluster „{cluster}“ gibt es nicht.")
        if dataset and dataset not in DATASETS:
            raise CommandError(
                f"Den Datensatz „{dataset}“ gibt es nicht. Verfügbar: {', '.join(DATASETS)}."
            )
        if file_format == "csv":
            if not dataset:
                raise CommandError("Für CSV bitte einen Datensatz mit --dataset angeben.")
            self.stdout.write(dataset_csv(found, dataset, bom=False).decode("utf-8"), ending="")
            return
        document = all_datasets(found)
        if dataset:
            document["datasets"] = {dataset: document["datasets"][dataset]}
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=1))
