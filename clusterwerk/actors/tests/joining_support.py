"""Shared data for the front-door tests: a newcomer, a state snapshot, a registration."""

from allauth.account.models import EmailAddress

from clusterwerk.accounts.models import RoleAssignment
from clusterwerk.actors.models import (
    Actor,
    ActorHistory,
    ActorRepresentative,
    Claim,
    ClusterMembership,
    Invitation,
)
from conftest import make_user


def make_newcomer(email: str = "neu@havelland-metall.de", *, verified: bool = True):
    user = make_user(email)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def state() -> dict:
    """Everything the front door may write, to show that a refusal wrote nothing."""
    return {
        "actors": sorted(Actor.objects.values_list("pk", "status", "version")),
        "claims": sorted(Claim.objects.values_list("pk", "status", "decided_at")),
        "invitations": sorted(Invitation.objects.values_list("pk", "used_at")),
        "representatives": sorted(ActorRepresentative.objects.values_list("actor", "user")),
        "memberships": sorted(ClusterMembership.objects.values_list("actor", "cluster")),
        "roles": sorted(RoleAssignment.objects.values_list("user", "cluster", "role")),
        "history": ActorHistory.objects.count(),
    }


def registration(**overrides) -> dict:
    values = {
        "name": "Lasertechnik Uckermark GmbH",
        "kind": "company",
        "street": "Am Hafen 3",
        "postal_code": "16303",
        "municipality": "Schwedt/Oder",
        "website": "https://www.laser-uckermark.de",
        "activity_code": "25",
        "size_class": "small",
        "competences": ["Laserschweißen", "Laserschneiden", ""],
    }
    values.update(overrides)
    return values
