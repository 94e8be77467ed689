"""A small hand-written demo for a further cluster, so that several tenants are visible in the
demo: its logins, a dozen companies, a few listings in the Kooperationsbörse and a project.

The content is data, `demo_data/<cluster slug>.json` (see `kunststoffe-chemie.json`); this
module writes it through the apps' services, acting as the cluster's demo manager (the member
writes the listing of the company they represent). Companies are marked `is_demo=True` with an
external id of the file's own prefix (e.g. "demo-kc:0001"), never the metal demo's "demo:",
so that the metal demo generator neither counts nor replaces them. Idempotent: users, role
assignments, companies (by external id), listings (by owner and title) and projects (by
title) that exist already are left as they are.
"""

import datetime
import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from django.db import transaction
from django.utils import timezone

from clusterwerk.accounts.models import Role, User
from clusterwerk.accounts.services import ensure_demo_login, system_user
from clusterwerk.actors.models import Actor
from clusterwerk.actors.services import add_representative, create_actor
from clusterwerk.core.models import Cluster
from clusterwerk.matchmaking.models import Listing, ListingStatus
from clusterwerk.matchmaking.services.listings import approve_listing, create_listing
from clusterwerk.projects.models import Project
from clusterwerk.projects.services.projects import create_project

DEMO_PASSWORD = "clusterwerk-demo"
COMPANY_VALUES = (
    "name",
    "kind",
    "size_class",
    "employees",
    "founded_year",
    "street",
    "postal_code",
    "municipality",
    "district",
    "latitude",
    "longitude",
    "description",
)


@functools.cache
def _demo_file(slug: str) -> str | None:
    path = resources.files("clusterwerk.portal").joinpath("demo_data", f"{slug}.json")
    return path.read_text(encoding="utf-8") if path.is_file() else None


def cluster_demo_data(slug: str) -> dict[str, Any] | None:
    """The demo content of a cluster (a fresh copy), None when there is no file for it."""
    text = _demo_file(slug)
    return json.loads(text) if text is not None else None


def clusters_with_demo_data() -> list[str]:
    folder = resources.files("clusterwerk.portal").joinpath("demo_data")
    return sorted(
        item.name.removesuffix(".json") for item in folder.iterdir() if item.name.endswith(".json")
    )


def demo_user(
    email: str, first_name: str, last_name: str, role: str | None, cluster: Cluster
) -> User:
    """A demo login with the demo password and `role` in `cluster` (idempotent); without a
    role, a newcomer who has yet to go through the front door."""
    return ensure_demo_login(
        user=system_user(),
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        cluster=cluster,
        password=DEMO_PASSWORD,
    )


@dataclass
class ClusterDemoReport:
    cluster: Cluster
    logins: list[tuple[str, str]] = field(default_factory=list)  # (email, role)
    companies: int = 0
    companies_created: int = 0
    listings: int = 0
    listings_created: int = 0
    projects: int = 0
    projects_created: int = 0

    @property
    def skipped(self) -> bool:
        return not (self.companies_created or self.listings_created or self.projects_created)


@transaction.atomic
def seed_cluster_demo(cluster: Cluster) -> ClusterDemoReport:
    """Write the demo content of `cluster` (see the module docstring). ValueError when the
    cluster has no demo data or the data names no cluster manager."""
    data = cluster_demo_data(cluster.slug)
    if data is None:
        raise ValueError(f"Keine Demo-Daten für das Cluster „{cluster.slug}“.")
    report = ClusterDemoReport(cluster=cluster)
    users = {}
    for spec in data["users"]:
        users[spec["email"]] = demo_user(
            spec["email"], spec["first_name"], spec["last_name"], spec["role"], cluster
        )
        report.logins.append((spec["email"], spec["role"]))
    manager = next(
        (users[s["email"]] for s in data["users"] if s["role"] == Role.CLUSTER_MANAGER), None
    )
    if manager is None:
        raise ValueError("Die Demo-Daten nennen kein Clustermanagement.")
    actors = _companies(data, cluster, manager, report)
    for spec in data["users"]:
        if spec.get("represents"):
            add_representative(
                actor=actors[spec["represents"]],
                person=users[spec["email"]],
                user=manager,
                cluster=cluster,
            )
    _listings(data, cluster, manager, users, actors, report)
    _projects(data, cluster, manager, actors, report)
    return report


def external_id(data: dict, number: int) -> str:
    return f"{data['external_prefix']}{number:04d}"


def _companies(data, cluster, manager, report) -> dict[str, Actor]:
    actors = {}
    for spec in data["companies"]:
        key = external_id(data, spec["number"])
        actor = Actor.objects.filter(external_id=key, is_demo=True).first()
        if actor is None:
            values = {name: spec[name] for name in COMPANY_VALUES if name in spec}
            competences = [{**competence, "topic_areas": []} for competence in spec["competences"]]
            actor = create_actor(
                user=manager,
                cluster=cluster,
                profile={"values": values, "competences": competences},
                confirm_not_duplicate=True,
            )
            Actor.objects.filter(pk=actor.pk).update(
                external_id=key, is_demo=True, source=data["source"]
            )
            report.companies_created += 1
        actors[key] = actor
    report.companies = len(actors)
    return actors


def _listings(data, cluster, manager, users, actors, report) -> None:
    today = timezone.localdate()
    for spec in data["listings"]:
        owner = actors[spec["owner"]]
        report.listings += 1
        if Listing.objects.filter(cluster=cluster, owner_actor=owner, title=spec["title"]).exists():
            continue
        author = users.get(spec.get("author"), manager)
        payload = {
            key: value
            for key, value in spec.items()
            if key not in ("owner", "author", "expires_in_days")
        }
        payload["expires_on"] = (
            today + datetime.timedelta(days=spec["expires_in_days"])
        ).isoformat()
        listing = create_listing(
            user=author, cluster=cluster, owner=owner, data=payload, submit=True
        )
        if listing.status == ListingStatus.IN_REVIEW:
            approve_listing(user=manager, listing=listing, notify=False)
        report.listings_created += 1


def _projects(data, cluster, manager, actors, report) -> None:
    for spec in data["projects"]:
        report.projects += 1
        if Project.objects.filter(cluster=cluster, title=spec["title"]).exists():
            continue
        payload = {
            **spec,
            "partners": [
                {"actor": actors[partner["actor"]].pk, "role": partner["role"]}
                for partner in spec["partners"]
            ],
            "topics": {},
        }
        create_project(user=manager, cluster=cluster, data=payload)
        report.projects_created += 1
