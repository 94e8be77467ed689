"""Helpers for the registration tests: directory actors with their cluster membership, and a
registration through the service with sensible defaults."""

import uuid

from clusterwerk.actors.models import Actor, ActorKind, ActorRepresentative, ClusterMembership
from clusterwerk.events.services.registration import register


def make_actor(cluster, name: str, *, kind=ActorKind.CRAFT_BUSINESS, representative=None) -> Actor:
    actor = Actor.objects.create(name=name, kind=kind, slug=f"a-{uuid.uuid4().hex[:10]}")
    ClusterMembership.objects.create(actor=actor, cluster=cluster)
    if representative is not None:
        ActorRepresentative.objects.create(actor=actor, user=representative)
        representative.__dict__.pop("_represented_actor_ids", None)
    return actor


def sign_up(event, user, *, ticket_type=None, **overrides):
    values = {
        "event": event,
        "ticket_type": ticket_type or event.ticket_types.first(),
        "user": user,
        "first_name": user.first_name or "Erika",
        "last_name": user.last_name or "Muster",
        "email": user.email,
    }
    values.update(overrides)
    return register(**values)
