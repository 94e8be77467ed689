"""Who may do what with the Fachkräftematrix – always in one cluster, the request's.

- The cluster management runs the survey, imports indicators and supply figures, sees the
  matrix with its gaps and exports, and sees every succession case.
- A company answers the survey through a user who represents it in the directory
  (`ActorRepresentative`) and whose organisation is a member of the cluster.
- A training provider's representatives (or the management) keep its training offers.
- A chamber acts through its representatives (users representing an actor of kind
  `chamber`): it creates cases on behalf of owners, releases cases, checks interests and
  makes the contact, and sees the succession radar of consented data.
- Owners see and edit their own cases; searchers their own profiles and interests.
- Survey figures are shown to anyone only aggregated over at least `K_ANONYMITY` companies.
Managing one cluster gives no right in another.
"""

from clusterwerk.accounts.permissions import (
    has_all_rights,
    is_authenticated,
    manages_cluster,
    represented_actor_ids,
)
from clusterwerk.actors.models import Actor, ActorKind


def manages_skills(user, cluster) -> bool:
    return is_authenticated(user) and (has_all_rights(user) or manages_cluster(user, cluster))


def represented_actors(user, cluster, *, kinds=None):
    """The organisations the user represents that are members of `cluster` (optionally only
    of `kinds`)."""
    ids = represented_actor_ids(user)
    if not ids:
        return Actor.objects.none()
    actors = Actor.objects.filter(pk__in=ids, memberships__cluster=cluster)
    if kinds:
        actors = actors.filter(kind__in=kinds)
    return actors.distinct()


def chambers_of(user, cluster):
    """The chambers (members of `cluster`) the user acts for."""
    return represented_actors(user, cluster, kinds=[ActorKind.CHAMBER])


def acts_for_chamber(user, chamber: Actor) -> bool:
    return chamber.kind == ActorKind.CHAMBER and chamber.pk in represented_actor_ids(user)


def represents(user, actor: Actor) -> bool:
    return is_authenticated(user) and actor.pk in represented_actor_ids(user)
