"""A small Kooperationsbörse for the API, saved-search, export and browser tests: a published
plan, three organisations with their people, and listings published through the services.

    world = build_world(cluster)   # cluster: the root conftest's fixture
    listing = publish(world, title="…", is_anonymous=True)
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from clusterwerk.accounts.models import Role
from clusterwerk.actors.models import (
    Actor,
    ActorKind,
    ActorRepresentative,
    District,
    DistrictKind,
)
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.masterplan.models import EditionStatus, TopicArea
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.matchmaking import services
from clusterwerk.matchmaking.models import Listing
from conftest import make_user

OWNER_NAME = "Oderblech Verschwiegen GmbH"
OWNER_DISTRICT = "12054"


@dataclass
class World:
    cluster: object
    plan: object
    potsdam: District
    cottbus: District
    owner: Actor  # the organisation behind the listings
    interested: Actor  # another company that answers them
    institute: Actor
    owner_user: object  # represents `owner`
    interested_user: object  # represents `interested`
    other_member: object  # a member of the cluster who represents nobody
    outsider: object  # logged in, no role
    manager: object  # the cluster management

    def lineage(self, number: str) -> str:
        return str(TopicArea.objects.get(edition=self.plan, number=number).lineage)


def build_world(cluster) -> World:
    plan = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    potsdam = District.objects.create(
        ags=OWNER_DISTRICT,
        name="Potsdam",
        kind=DistrictKind.URBAN_DISTRICT,
        nuts3="DE404",
        state="Brandenburg",
        centroid_latitude=52.40,
        centroid_longitude=13.03,
    )
    cottbus = District.objects.create(
        ags="12052",
        name="Cottbus",
        kind=DistrictKind.URBAN_DISTRICT,
        nuts3="DE402",
        state="Brandenburg",
        centroid_latitude=51.77,
        centroid_longitude=14.33,
    )
    weld = str(TopicArea.objects.get(edition=plan, number="4.4.2").lineage)
    owner = make_actor(
        cluster,
        OWNER_NAME,
        district=potsdam,
        competences=[("Blechbearbeitung und Kanten", "process", [])],
    )
    interested = make_actor(
        cluster,
        "Lausitzer Präzisionsteile GmbH",
        district=cottbus,
        competences=[("CNC-Fräsen von Aluminium", "process", [])],
    )
    institute = make_actor(
        cluster,
        "Institut für Fügetechnik",
        kind=ActorKind.RESEARCH_INSTITUTE,
        district=cottbus,
        competences=[("Laserschweißen von Aluminium im Leichtbau", "process", [weld])],
    )
    owner_user = make_user(
        "anbieter@clusterwerk.test", cluster, Role.MEMBER, first_name="Olga", last_name="Owner"
    )
    ActorRepresentative.objects.create(actor=owner, user=owner_user)
    interested_user = make_user(
        "interessent@clusterwerk.test", cluster, Role.MEMBER, first_name="Ines", last_name="Meier"
    )
    ActorRepresentative.objects.create(actor=interested, user=interested_user)
    return World(
        cluster=cluster,
        plan=plan,
        potsdam=potsdam,
        cottbus=cottbus,
        owner=owner,
        interested=interested,
        institute=institute,
        owner_user=owner_user,
        interested_user=interested_user,
        other_member=make_user("andere@clusterwerk.test", cluster, Role.MEMBER),
        outsider=make_user("draussen@clusterwerk.test"),
        manager=make_user("management@clusterwerk.test", cluster, Role.CLUSTER_MANAGER),
    )


def listing_data(**changes) -> dict:
    data = {
        "kind": "rdi_request",
        "title": "Partner für Laserschweißen von Aluminium gesucht",
        "description": "Wir suchen eine Forschungseinrichtung für das Laserschweißen dünner "
        "Aluminiumbleche im Leichtbau.",
        "keywords": ["Laserschweißen", "Leichtbau"],
        "partner_kinds": ["research_institute"],
        "region_scope": "berlin_brandenburg",
        "maturity": "idea",
        "expires_on": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
        "is_anonymous": False,
        "cross_cluster": False,
        "topics": ["4.4.2"],
    }
    data.update(changes)
    return data


def draft(world: World, *, owner=None, user=None, **changes) -> Listing:
    return services.create_listing(
        cluster=world.cluster,
        user=user or world.owner_user,
        owner=owner or world.owner,
        data=listing_data(**changes),
    )


def publish(world: World, *, owner=None, user=None, **changes) -> Listing:
    listing = services.create_listing(
        cluster=world.cluster,
        user=user or world.owner_user,
        owner=owner or world.owner,
        data=listing_data(**changes),
        submit=True,
    )
    return services.approve_listing(user=world.manager, listing=listing)


def expire(listing: Listing) -> None:
    """Make a published listing's date lie in the past (as if time had passed)."""
    Listing.objects.filter(pk=listing.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )


def publish_at(listing: Listing, when: datetime.datetime) -> None:
    Listing.objects.filter(pk=listing.pk).update(published_at=when)
