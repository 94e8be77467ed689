"""Rebuild the stored search terms after the text module's lexicon or synonyms changed."""

from django.core.management.base import BaseCommand
from django.db import transaction

from clusterwerk.actors.indexing import index_actor
from clusterwerk.actors.models import Actor
from clusterwerk.core import versions
from clusterwerk.masterplan.search import SEARCH_FIELDS, search_document_for

CHUNK = 1000
ACTOR_INDEX_FIELDS = ["search_name", "search_competences", "search_document"]


class Command(BaseCommand):
    help = (
        "Berechnet die Suchbegriffe aller Akteure und Masterplan-Elemente neu "
        "(nach Änderungen an Lexikon, Synonymen oder Stoppwörtern)."
    )

    def handle(self, *args, **options):
        elements = sum(self.reindex_plan_elements(model) for model in SEARCH_FIELDS)
        actors = self.reindex_actors()
        versions.bump(versions.ACTORS, versions.MASTERPLAN)
        self.stdout.write(
            self.style.SUCCESS(
                f"Suchbegriffe neu berechnet: {elements} Masterplan-Elemente, {actors} Akteure."
            )
        )

    @transaction.atomic
    def reindex_plan_elements(self, model) -> int:
        elements = list(model.objects.all())
        for element in elements:
            element.search_document = search_document_for(element)
        model.objects.bulk_update(elements, ["search_document"], batch_size=CHUNK)
        return len(elements)

    def reindex_actors(self) -> int:
        ids = list(Actor.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), CHUNK):
            with transaction.atomic():
                chunk = list(
                    Actor.objects.filter(pk__in=ids[start : start + CHUNK])
                    .select_related("district")
                    .prefetch_related("competences")
                )
                for actor in chunk:
                    index_actor(actor, list(actor.competences.all()))
                Actor.objects.bulk_update(chunk, ACTOR_INDEX_FIELDS, batch_size=CHUNK)
        return len(ids)
