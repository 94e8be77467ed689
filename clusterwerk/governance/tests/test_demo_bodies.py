"""The demo bodies: four bodies, the Beirat with exactly 14 current members from every
sector (organisations from the directory where it has them), demo logins that open the
space, one of them showing her function; a second run writes nothing."""

import pytest
from django.contrib.auth import authenticate

from clusterwerk.actors.models import Actor, ActorKind, ClusterMembership
from clusterwerk.governance.demo.bodies import (
    CHAIR_EMAIL,
    DEMO_PASSWORD,
    MEMBER_EMAILS,
    seed_bodies,
)
from clusterwerk.governance.models import Body, BodyMember, MemberFunction, Sector
from clusterwerk.governance.permissions import can_enter_space
from clusterwerk.governance.queries import current_members
from clusterwerk.participation.badges import badges_for

pytestmark = pytest.mark.django_db


def test_seed_bodies(cluster):
    union = Actor.objects.create(
        name="IG Metall Bezirk Berlin-Brandenburg-Sachsen",
        slug="igm",
        kind=ActorKind.SOCIAL_PARTNER,
    )
    ClusterMembership.objects.create(actor=union, cluster=cluster)
    bodies = seed_bodies(cluster)
    assert list(bodies) == ["clustersprecher", "beirat", "steuerungsrunde", "leichtbau"]
    assert all(
        b.is_demo and b.is_public and b.name_en and b.description_en for b in bodies.values()
    )
    beirat = bodies["beirat"]
    current = list(current_members(beirat))
    assert len(current) == 14 and all(m.is_demo for m in beirat.members.all())
    assert {m.sector for m in current} == set(Sector.values)
    assert sum(m.function == MemberFunction.CHAIR for m in current) == 1
    chair = next(m for m in current if m.function == MemberFunction.CHAIR)
    assert bodies["clustersprecher"].members.filter(name=chair.name, user=chair.user).exists()
    assert bodies["clustersprecher"].members.count() == 2
    assert beirat.members.filter(term_end="2022-12-31").count() == 14
    assert next(m for m in current if m.sector == Sector.SOCIAL_PARTNER and m.actor).actor == union
    assert len(current_members(bodies["leichtbau"])) == 6
    assert bodies["leichtbau"].kind == "expert_circle"

    logins = [
        chair.user,
        *(BodyMember.objects.get(user__email=e, term_end=None).user for e in MEMBER_EMAILS),
    ]
    assert chair.user.email == CHAIR_EMAIL
    for user in logins:
        assert authenticate(email=user.email, password=DEMO_PASSWORD) == user
        assert can_enter_space(user, beirat)
    assert badges_for(cluster, {u.pk for u in logins}) == {
        chair.user.pk: ["Vorsitz des Strategischen Beirats"]
    }

    count = BodyMember.objects.count()
    again = seed_bodies(cluster)
    assert {b.pk for b in again.values()} == {b.pk for b in bodies.values()}
    assert BodyMember.objects.count() == count and Body.objects.count() == 4
