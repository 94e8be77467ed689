"""A small world for the one search (plain functions): the Kooperationsbörse's market (a
published plan, three organisations with representatives), an anonymous listing about laser
welding, projects of every visibility, a consultation, and the same words in another cluster.
"""

from dataclasses import dataclass

from clusterwerk.actors.models import Actor, CompetenceKind, Visibility
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.core.models import Cluster
from clusterwerk.core.text import build_search_document
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.matchmaking.models import Listing, ListingStatus
from clusterwerk.matchmaking.tests.factories import Market, make_listing, make_market
from clusterwerk.participation.models import Consultation
from clusterwerk.participation.tests.factories import make_consultation
from clusterwerk.projects.models import Project, ProjectPhase
from clusterwerk.projects.tests.report_support import make_project

ANONYMOUS_LISTING = "Forschungspartner für Laserschweißen von Aluminium gesucht"
OPEN_LISTING = "Laserschweißen von Edelstahlgehäusen in Lohnfertigung"
DRAFT_LISTING = "Laserschweißen: Entwurf eines Inserats"
PUBLIC_PROJECT = "Laserschweißen im Leichtbau"
MEMBERS_PROJECT = "Laserschweißen von Stahlrahmen"
CONFIDENTIAL_PROJECT = "Laserschweißen für vertrauliche Bauteile"
OTHER_ACTOR = "Kunststoff-Laserschweißen Schwedt GmbH"
OTHER_LISTING = "Laserschweißen von Kunststoffteilen"
CONSULTATION = "Beteiligung zur Fügetechnik und zum Laserschweißen"


@dataclass
class SearchWorld:
    market: Market
    other_cluster: Cluster
    anonymous_listing: Listing
    open_listing: Listing
    public_project: Project
    members_project: Project
    confidential_project: Project
    other_actor: Actor
    consultation: Consultation


def indexed_project(cluster, title, visibility) -> Project:
    project = make_project(
        cluster, title, year_initiated=2019, phase=ProjectPhase.RUNNING, visibility=visibility
    )
    project.description = f"{title}: Verfahren entwickeln und erproben."
    project.search_document = build_search_document(
        project.title, project.acronym, project.description
    )
    project.save(update_fields=["description", "search_document"])
    return project


def build_search_world(cluster, other_cluster) -> SearchWorld:
    market = make_market(cluster)
    anonymous = make_listing(
        market.owner,
        title=ANONYMOUS_LISTING,
        description="Wir wollen Aluminiumgehäuse laserschweißen statt kleben.",
        keywords=["Laserschweißen", "Aluminium"],
        is_anonymous=True,
    )
    open_listing = make_listing(
        market.supplier,
        title=OPEN_LISTING,
        description="Freie Kapazität an unserer Laserschweißanlage.",
        keywords=["Laserschweißen"],
    )
    make_listing(market.supplier, title=DRAFT_LISTING, status=ListingStatus.DRAFT)
    projects = {
        visibility: indexed_project(cluster, title, visibility)
        for title, visibility in (
            (PUBLIC_PROJECT, Visibility.PUBLIC),
            (MEMBERS_PROJECT, Visibility.MEMBERS),
            (CONFIDENTIAL_PROJECT, Visibility.CLUSTER_MANAGEMENT),
        )
    }
    consultation = make_consultation(cluster, market.plan, title=CONSULTATION)
    # The same words in another cluster: its actor, listing and project stay out of sight.
    make_edition(other_cluster, label="2021", status=EditionStatus.PUBLISHED)
    other_actor = make_actor(
        other_cluster,
        OTHER_ACTOR,
        district=market.districts["12054"],
        competences=[("Laserschweißen von Kunststoffen", CompetenceKind.PROCESS, [])],
    )
    make_listing(other_actor, title=OTHER_LISTING, keywords=["Laserschweißen"])
    indexed_project(other_cluster, "Laserschweißen im anderen Cluster", Visibility.PUBLIC)
    return SearchWorld(
        market=market,
        other_cluster=other_cluster,
        anonymous_listing=anonymous,
        open_listing=open_listing,
        public_project=projects[Visibility.PUBLIC],
        members_project=projects[Visibility.MEMBERS],
        confidential_project=projects[Visibility.CLUSTER_MANAGEMENT],
        other_actor=other_actor,
        consultation=consultation,
    )
