import json

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from clusterwerk.core.tenancy import cluster_by_slug
from clusterwerk.masterplan.classify import NoPublishedEdition, suggest_topic_areas


class Command(BaseCommand):
    help = (
        "Schlägt Themenbereiche des veröffentlichten Masterplans für eine Projektbeschreibung vor."
    )

    def add_arguments(self, parser):
        parser.add_argument("text", help="Projektbeschreibung")
        parser.add_argument(
            "--cluster", help="Kürzel des Clusters (ohne Angabe das Standard-Cluster)"
        )
        parser.add_argument("--limit", type=int, default=3)
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, text, cluster, limit, format, **options):
        try:
            selected = cluster_by_slug(cluster)
        except Http404:
            raise CommandError(f"Cluster „{cluster or ''}“ nicht gefunden.") from None
        if limit < 1:
            raise CommandError("--limit muss mindestens 1 sein.")
        if not text.strip():
            raise CommandError("Bitte eine Projektbeschreibung angeben; der Text ist leer.")
        try:
            suggestions = suggest_topic_areas(text, cluster=selected, limit=limit)
        except NoPublishedEdition as error:
            raise CommandError(str(error)) from error
        if format == "json":
            payload = [suggestion.as_dict() for suggestion in suggestions]
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        if not suggestions:
            self.stdout.write("Kein passender Themenbereich gefunden.")
            return
        for rank, suggestion in enumerate(suggestions, 1):
            score = f"{suggestion.score:.2f}".replace(".", ",")
            self.stdout.write(f"{rank}. {suggestion.number} {suggestion.title} (Wert {score})")
            if suggestion.reasons:
                self.stdout.write(f"   Gründe: {', '.join(suggestion.reasons)}")
