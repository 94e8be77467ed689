"""python manage.py match "TEXT" --limit 10 --format json|text [--kind LISTING_KIND]
[--partner-kind KIND …] [--region SCOPE] [--district AGS …] [--radius KM --origin LAT,LON]
[--cluster SLUG] [--cross-cluster]

Ranks the published actors for a free-text need with the matching engine of the
Kooperationsbörse. JSON prints [{"actor_id", "name", "kind", "score", "reasons"}].
"""

import json

from django.core.management.base import BaseCommand, CommandError

from clusterwerk.actors.models import ActorKind
from clusterwerk.core.models import Cluster
from clusterwerk.core.tenancy import default_cluster
from clusterwerk.matchmaking import engine
from clusterwerk.matchmaking.models import ListingKind, RegionScope


def parse_origin(value: str) -> tuple[float, float]:
    try:
        latitude, longitude = (float(part) for part in value.split(","))
    except ValueError:
        raise CommandError(
            f"„{value}“ ist kein Standort; erwartet wird Breite,Länge, z. B. 52.40,13.07."
        ) from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise CommandError(f"„{value}“ liegt außerhalb der gültigen Koordinaten.")
    return latitude, longitude


class Command(BaseCommand):
    help = "Sucht passende Akteure für einen Bedarf (Matching der Kooperationsbörse)."

    def add_arguments(self, parser):
        parser.add_argument("text", help="Beschreibung des Bedarfs")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument(
            "--kind", default="", choices=["", *ListingKind.values], help="Inseratsart"
        )
        parser.add_argument(
            "--partner-kind",
            action="append",
            default=[],
            choices=ActorKind.values,
            dest="partner_kinds",
            help="nur Akteure dieser Art (mehrfach möglich)",
        )
        parser.add_argument("--region", default="", choices=["", *RegionScope.values])
        parser.add_argument("--district", action="append", default=[], dest="districts")
        parser.add_argument("--radius", type=int, help="Umkreis in km (mit --origin)")
        parser.add_argument("--origin", help="eigener Standort als Breite,Länge")
        parser.add_argument(
            "--cluster", default="", help="Kürzel des Clusters; ohne Angabe der Standard-Cluster"
        )
        parser.add_argument("--cross-cluster", action="store_true")

    def handle(self, *args, text, limit, format, **options):
        if limit < 1:
            raise CommandError("--limit muss mindestens 1 sein.")
        need = self.need(text, options)
        try:
            matches = engine.match_actors(need, limit=limit)
        except engine.EmptyNeed as error:
            raise CommandError(str(error)) from None
        if format == "json":
            payload = [
                {
                    "actor_id": match.actor_id,
                    "name": match.name,
                    "kind": match.kind,
                    "score": match.score,
                    "reasons": match.reasons,
                }
                for match in matches
            ]
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        if not matches:
            self.stdout.write("Kein passender Akteur gefunden.")
            return
        for rank, match in enumerate(matches, 1):
            score = f"{match.score:.3f}".replace(".", ",")
            self.stdout.write(f"{rank}. {match.name} (Wert {score})")
            self.stdout.write(f"   {match.explanation}")

    def need(self, text: str, options: dict) -> engine.Need:
        slug = options["cluster"]
        cluster = Cluster.objects.filter(slug=slug).first() if slug else default_cluster()
        if cluster is None:
            raise CommandError(f"Cluster „{slug}“ nicht gefunden.")
        scope = options["region"]
        if options["districts"]:
            scope = RegionScope.DISTRICTS
        origin = parse_origin(options["origin"]) if options["origin"] else None
        if options["radius"] is not None:
            if origin is None:
                raise CommandError("Für --radius wird --origin (Breite,Länge) gebraucht.")
            scope = RegionScope.RADIUS
        return engine.Need(
            text=text,
            listing_kind=options["kind"],
            partner_kinds=tuple(options["partner_kinds"]),
            origin=origin,
            region=engine.Region(
                scope=scope,
                radius_km=options["radius"],
                district_ags=frozenset(options["districts"]),
            ),
            cross_cluster=options["cross_cluster"],
            cluster_id=cluster.pk,
        )
