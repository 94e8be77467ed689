#!/usr/bin/env python
"""Benchmark: import 25,000 actors from a CSV file (synthetic, deterministic) into a fresh
database. Steps: checking only (--dry-run); the first import (all created); re-importing the
same file (all updated, index terms unchanged); re-importing with every description changed
(all updated and re-indexed), into the cluster "metall" as the system user (as the command
does); exporting everything as CSV, JSON and XLSX (as the cluster management, all contacts;
--no-export skips this). Prints rows per second and the total time of each step.

Usage: .venv/bin/python bench/import_actors.py [--rows N] [--keep FILE] [--no-export]
Without DATABASE_URL it works on a throw-away SQLite file. For PostgreSQL, point DATABASE_URL at
an empty database (the script migrates it). Results go to docs/benchmarks.md.
"""

import argparse
import csv
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REFERENCE = ROOT.parent / "shared" / "reference"

FIRST_NAMES = [
    "Metallbau",
    "Stahlbau",
    "Blechtechnik",
    "Präzisionsteile",
    "Maschinenbau",
    "Schweißtechnik",
    "Oberflächentechnik",
    "Gießerei",
    "Werkzeugbau",
    "Anlagenbau",
]
PLACES = [
    # municipality, postal code, district AGS
    ("Ludwigsfelde", "14974", "12072"),
    ("Luckenwalde", "14943", "12072"),
    ("Eisenhüttenstadt", "15890", "12067"),
    ("Fürstenwalde/Spree", "15517", "12067"),
    ("Potsdam", "14467", "12054"),
    ("Werder (Havel)", "14542", "12069"),
    ("Teltow", "14513", "12069"),
    ("Cottbus", "03046", "12052"),
    ("Eberswalde", "16225", "12060"),
    ("Hennigsdorf", "16761", "12065"),
    ("Wildau", "15745", "12061"),
    ("Schwedt/Oder", "16303", "12073"),
    ("Brandenburg an der Havel", "14770", "12051"),
    ("Finsterwalde", "03238", "12062"),
]
WORDS = [
    "Laserschneiden",
    "Kantbearbeitung",
    "Edelstahl",
    "Aluminium",
    "Schweißbaugruppen",
    "Leichtbau",
    "Zerspanung",
    "CNC-Drehen",
    "Fräsen",
    "Pulverbeschichtung",
    "Feuerverzinkung",
    "Prototypenbau",
    "Serienfertigung",
    "Montage",
    "Instandhaltung",
    "Sondermaschinen",
    "Fördertechnik",
    "Stahlkonstruktion",
    "Blechumformung",
    "Werkzeugbau",
    "Qualitätssicherung",
    "Messtechnik",
    "Automatisierung",
    "Robotik",
    "additive",
    "Fertigung",
    "3D-Druck",
    "Wärmebehandlung",
    "Gussteile",
    "Schmiedeteile",
    "Hydraulik",
]
COMPETENCE_KINDS = ["Verfahren", "Werkstoff", "Technologie", "Dienstleistung"]
KINDS = ["Unternehmen"] * 8 + ["Handwerksbetrieb", "Forschungseinrichtung"]
WZ = ["24", "25", "25.62", "25.11", "28", "28.41", "33", "71", "72"]


def generate_csv(
    rows: int, topic_numbers: list[str], seed: int = 2026, prefix: str = "BENCH", edition: str = ""
) -> bytes:
    from clusterwerk.actors.importing import COLUMNS  # after django.setup()

    rng = random.Random(seed)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for number in range(1, rows + 1):
        municipality, postal_code, district = rng.choice(PLACES)
        name = f"{rng.choice(FIRST_NAMES)} {municipality.split()[0]} {number} GmbH"
        competences = "; ".join(
            f"{rng.choice(WORDS)} {rng.choice(WORDS)} [{rng.choice(COMPETENCE_KINDS)}]"
            + (f" ({', '.join(rng.sample(topic_numbers, 2))})" if topic_numbers else "")
            + f" {{{rng.choice(WORDS)}, {rng.choice(WORDS)}}}"
            for _ in range(rng.randint(1, 4))
        )
        employees = rng.choice([3, 8, 15, 40, 75, 180, 420])
        writer.writerow(
            [
                f"{prefix}-{number:06d}",
                name,
                rng.choice(KINDS),
                "",
                " ".join(rng.choices(WORDS, k=rng.randint(10, 30))) + f".{edition}",
                f"www.firma-{number}.example",
                f"info@firma-{number}.example",
                f"0{rng.randint(30, 39)} {rng.randint(100000, 999999)}",
                f"Industriestraße {rng.randint(1, 120)}",
                postal_code,
                municipality,
                district,
                "",
                "",
                str(employees),
                str(rng.randint(1880, 2024)),
                "; ".join(dict.fromkeys(rng.sample(WZ, rng.randint(1, 3)))),
                "",
                competences,
                "metall",
                f"{52 + rng.random():.5f}",
                f"{12.5 + 2 * rng.random():.5f}",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def load_reference_data() -> None:
    """The actors' reference data (the shared loader when it exists, else enough of it here)
    and the masterplan's reference structure (cluster "metall", topic areas)."""
    from clusterwerk.masterplan.reference import load_all_reference_data

    load_all_reference_data()
    try:
        from clusterwerk.actors.reference import load_actor_reference_data
    except ImportError:
        load_actor_reference_data = None
    if load_actor_reference_data is not None:
        load_actor_reference_data()
        print("reference data: clusterwerk.actors.reference.load_actor_reference_data()")
        return
    create_reference_here()
    print("reference data: districts and growth cores from shared/reference, 6 WZ divisions")


def coordinate_pairs(coordinates):
    """(longitude, latitude) pairs of a Polygon or MultiPolygon, however deeply nested."""
    if coordinates and isinstance(coordinates[0], int | float):
        yield coordinates[0], coordinates[1]
        return
    for part in coordinates:
        yield from coordinate_pairs(part)


def create_reference_here() -> None:
    from clusterwerk.actors.models import (
        ActivityScheme,
        District,
        DistrictKind,
        EconomicActivity,
        GrowthCore,
        GrowthCoreMunicipality,
    )

    centres = {}
    geojson = REFERENCE / "districts.geojson"
    if geojson.is_file():
        for feature in json.loads(geojson.read_text(encoding="utf-8"))["features"]:
            points = list(coordinate_pairs(feature["geometry"]["coordinates"]))
            centres[feature["properties"]["AGS"]] = (
                sum(latitude for _longitude, latitude in points) / len(points),
                sum(longitude for longitude, _latitude in points) / len(points),
            )
    with open(REFERENCE / "districts.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            latitude, longitude = centres.get(row["ags"], (52.4, 13.0))
            District.objects.get_or_create(
                ags=row["ags"],
                defaults={
                    "name": row["name"],
                    "kind": DistrictKind.URBAN_DISTRICT
                    if row["kind"] == "Kreisfreie Stadt"
                    else DistrictKind.RURAL_DISTRICT,
                    "nuts3": row["nuts3"],
                    "state": "Brandenburg",
                    "population": int(row["population_2018_12_31"]),
                    "centroid_latitude": latitude,
                    "centroid_longitude": longitude,
                },
            )
    with open(REFERENCE / "growth_cores.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            core, _ = GrowthCore.objects.get_or_create(
                number=int(row["growth_core_no"]),
                defaults={
                    "name": row["growth_core"],
                    "metall_focus": row["metall_focus_cluster_2020"] == "yes",
                },
            )
            GrowthCoreMunicipality.objects.get_or_create(
                ags=row["municipality_ags8"],
                defaults={
                    "growth_core": core,
                    "name": row["municipality"],
                    "district": District.objects.get(ags=row["district_ags5"]),
                },
            )
    for code, title in [
        ("24", "Metallerzeugung und -bearbeitung"),
        ("25", "Herstellung von Metallerzeugnissen"),
        ("28", "Maschinenbau"),
        ("33", "Reparatur und Installation von Maschinen und Ausrüstungen"),
        ("71", "Architektur- und Ingenieurbüros; technische Untersuchung"),
        ("72", "Forschung und Entwicklung"),
    ]:
        EconomicActivity.objects.get_or_create(
            scheme=ActivityScheme.WZ_2008,
            code=code,
            defaults={"title": title, "is_cluster_core": True},
        )


def timed(label: str, rows: int, function):
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    print(f"{label:<46} {seconds:8.2f} s   {rows / seconds:10,.0f} rows/s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=25_000)
    parser.add_argument("--keep", help="also write the generated CSV to this file")
    parser.add_argument("--no-export", action="store_true", help="time the import only")
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from clusterwerk.accounts.services import system_user
    from clusterwerk.actors.exporting import reader_for, write_export
    from clusterwerk.actors.importing import import_actors
    from clusterwerk.actors.models import Actor, Competence
    from clusterwerk.core.models import Cluster
    from clusterwerk.masterplan.queries import topic_catalogue

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_reference_data()
    cluster = Cluster.objects.get(slug="metall")
    topic_numbers = sorted(topic_catalogue(cluster).lineage_by_number)
    data = generate_csv(args.rows, topic_numbers)
    if args.keep:
        Path(args.keep).write_bytes(data)
    print(
        f"file: {args.rows:,} rows, {len(data) / 1024 / 1024:.1f} MB CSV, "
        f"{len(topic_numbers)} topic areas to tag"
    )
    print(f"database: {connection.vendor}; Python {sys.version.split()[0]}; {os.cpu_count()} cores")
    print(f"setup (migrate, reference data, CSV): {time.perf_counter() - started:.1f} s")

    def run(source: bytes, *, dry_run: bool = False):
        return import_actors(
            source=source,
            filename="bench.csv",
            user=system_user(),
            cluster=cluster,
            dry_run=dry_run,
        )

    changed = generate_csv(args.rows, topic_numbers, edition=" Geändert.")
    timed("check only (--dry-run)", args.rows, lambda: run(data, dry_run=True))
    first = timed("first import (all created)", args.rows, lambda: run(data))
    again = timed("re-import, same file (all updated)", args.rows, lambda: run(data))
    timed("re-import, descriptions changed (re-indexed)", args.rows, lambda: run(changed))

    everything = Actor.objects.order_by("name", "pk")
    reader = reader_for("all")
    total = everything.count()
    for file_format in () if args.no_export else ("csv", "json", "xlsx"):
        stream = io.BytesIO() if file_format == "xlsx" else io.StringIO(newline="")
        timed(
            f"export {file_format} ({total:,} actors)",
            total,
            lambda f=file_format, s=stream: write_export(
                f, everything, user=reader, cluster=cluster, stream=s
            ),
        )
    print(
        f"created {first.created:,}, then updated {again.updated:,}; "
        f"{Actor.objects.count():,} actors, {Competence.objects.count():,} competences"
    )
    print(f"total: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
