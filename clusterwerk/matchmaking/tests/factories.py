"""Small builders for Kooperationsbörse tests (plain functions, no factory framework).

- `make_market(cluster)` – a published plan (SMALL_PLAN: 4.2.1, 4.4.2, 6.3.2), the actor
  tests' four districts and three organisations, each with one representative:
  `owner` (a metal company in Potsdam-Mittelmark), `institute` (a welding institute in
  Cottbus) and `supplier` (a machining company in Cottbus). Build it in a fixture:

      @pytest.fixture
      def market(cluster):
          return make_market(cluster)

- `make_listing(owner, **overrides)` – a listing written straight to the database
  (published, valid for 60 days, unless told otherwise); `topics=["4.4.2"]` by number,
  `districts=[<District>]`.
- `make_interest(listing, actor, sender, **overrides)` – a pending interest.
- `listing_data(**overrides)` – the services' listing data for an F&E request.
- `make_representative(actor, email, cluster)` – a member who represents the actor.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.utils import timezone

from clusterwerk.accounts.models import Role, User
from clusterwerk.actors.models import (
    Actor,
    ActorKind,
    ActorRepresentative,
    CompetenceKind,
    District,
)
from clusterwerk.actors.tests.conftest import DISTRICTS, make_actor, topic_lineage
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.models import Edition, EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.matchmaking import engine
from clusterwerk.matchmaking.models import (
    Interest,
    Listing,
    ListingKind,
    ListingStatus,
    ListingTopicArea,
    RegionScope,
)
from conftest import make_user

OWNER_NAME = "Metallbau Havelland GmbH"
INSTITUTE_NAME = "Institut für Fügetechnik Cottbus"
SUPPLIER_NAME = "Lausitzer Präzisionsteile GmbH"


@dataclass
class Market:
    cluster: Cluster
    plan: Edition
    districts: dict[str, District]
    owner: Actor
    owner_user: User
    institute: Actor
    institute_user: User
    supplier: Actor
    supplier_user: User


def make_representative(actor: Actor, email: str, cluster: Cluster, **extra) -> User:
    user = make_user(email, cluster, Role.MEMBER, **extra)
    ActorRepresentative.objects.create(actor=actor, user=user)
    return user


def make_market(cluster: Cluster) -> Market:
    plan = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    districts = {
        ags: District.objects.create(
            ags=ags,
            name=name,
            kind=kind,
            nuts3=nuts3,
            state="Berlin" if ags.startswith("11") else "Brandenburg",
            centroid_latitude=latitude,
            centroid_longitude=longitude,
        )
        for ags, name, kind, nuts3, latitude, longitude in DISTRICTS
    }
    manufacturing = topic_lineage(plan, "4.4.2")
    owner = make_actor(
        cluster,
        OWNER_NAME,
        district=districts["12069"],
        municipality="Werder (Havel)",
        email="info@havelland.example",
        competences=[("Pulverbeschichtung von Stahlteilen", CompetenceKind.PROCESS, [])],
    )
    institute = make_actor(
        cluster,
        INSTITUTE_NAME,
        kind=ActorKind.RESEARCH_INSTITUTE,
        district=districts["12052"],
        municipality="Cottbus",
        competences=[
            (
                "Laserstrahlschweißen von Aluminium und Leichtbauwerkstoffen",
                CompetenceKind.PROCESS,
                [manufacturing],
            ),
            ("Prüfung von Schweißnähten", CompetenceKind.SERVICE, [manufacturing]),
        ],
    )
    supplier = make_actor(
        cluster,
        SUPPLIER_NAME,
        district=districts["12052"],
        municipality="Cottbus",
        competences=[("CNC-Fräsen von Gehäusen", CompetenceKind.PROCESS, [])],
    )
    engine.clear_cache()  # the engine's statistics are cached per data version
    return Market(
        cluster=cluster,
        plan=plan,
        districts=districts,
        owner=owner,
        owner_user=make_representative(
            owner, "rita.richter@havelland.example", cluster, first_name="Rita", last_name="Richter"
        ),
        institute=institute,
        institute_user=make_representative(
            institute,
            "ingo.igel@fuegetechnik.example",
            cluster,
            first_name="Ingo",
            last_name="Igel",
        ),
        supplier=supplier,
        supplier_user=make_representative(supplier, "lena.lang@lausitz.example", cluster),
    )


def listing_data(**overrides) -> dict:
    """The services' data format: an anonymous F&E request about welding aluminium."""
    expires_on = timezone.localdate() + datetime.timedelta(days=90)
    return {
        "kind": ListingKind.RDI_REQUEST,
        "title": "Forschungspartner für Laserschweißen von Aluminium gesucht",
        "description": (
            "Wir wollen Aluminiumgehäuse laserschweißen statt kleben und suchen ein Institut, "
            "das die Schweißnähte mit uns entwickelt und prüft."
        ),
        "keywords": ["Laserschweißen", "Aluminium"],
        "partner_kinds": [],
        "region_scope": RegionScope.BERLIN_BRANDENBURG,
        "radius_km": None,
        "districts": [],
        "maturity": "idea",
        "expires_on": expires_on.isoformat(),
        "is_anonymous": True,
        "cross_cluster": False,
        "topics": ["4.4.2"],
        **overrides,
    }


def make_listing(
    owner: Actor,
    *,
    created_by: User | None = None,
    status: str = ListingStatus.PUBLISHED,
    topics=(),
    districts=(),
    **overrides,
) -> Listing:
    """A listing straight in the database; the cluster is the owner's first."""
    today = timezone.localdate()
    now = timezone.now()
    values = {
        "cluster": overrides.pop("cluster", None) or owner.clusters.order_by("pk").first(),
        "owner_actor": owner,
        "created_by": created_by,
        "kind": ListingKind.TECHNOLOGY_OFFER,
        "title": "Laserschneiden von Blechen bis 20 mm",
        "description": "Wir bieten freie Kapazität für Laserschneiden von Stahl und Edelstahl.",
        "keywords": ["Laserschneiden"],
        "region_scope": RegionScope.BERLIN_BRANDENBURG,
        "expires_on": today + datetime.timedelta(days=60),
        "status": status,
        "submitted_at": now if status != ListingStatus.DRAFT else None,
        "published_at": now if status in (ListingStatus.PUBLISHED, ListingStatus.EXPIRED) else None,
        **overrides,
    }
    listing = Listing.objects.create(**values)
    if topics:
        plan = Edition.objects.get(cluster=listing.cluster, status=EditionStatus.PUBLISHED)
        ListingTopicArea.objects.bulk_create(
            [
                ListingTopicArea(listing=listing, lineage=uuid.UUID(str(topic_lineage(plan, n))))
                for n in topics
            ]
        )
    if districts:
        listing.districts.set(districts)
    return listing


def make_interest(listing: Listing, actor: Actor, sender: User, **overrides) -> Interest:
    values = {"message": "Das interessiert uns, wir melden uns gern.", **overrides}
    return Interest.objects.create(listing=listing, actor=actor, sender=sender, **values)
