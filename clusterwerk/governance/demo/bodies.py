"""The demo bodies of a cluster (data in `bodies.json`): the Clustersprecher (two), the
Strategischer Beirat ("beirat", 14 members: chair – also a Clustersprecherin –, deputy,
business, chambers and associations, networks, social partners, research and the ministry as
a permanent guest; each with a first term 2019-01-01 – 2022-12-31 and the current term from
2023-01-01), the Erweiterte Steuerungsrunde and the Technologie-Expertenkreis Leichtbau
("leichtbau", six members).

The people are invented. Organisations are looked up by name in the cluster's directory
(none found: the member has no organisation); `demo_company: N` takes the N-th largest demo
company of the directory. Three demo logins (the demo password, role Strategischer Beirat)
open the Beirat's members-only space: `CHAIR_EMAIL` (the chair, shows her function in
consultations), `MEMBER_EMAILS`.

Written as the system user through the services; every body and member is `is_demo`.
Idempotent: a body whose slug the cluster already has is left as it is.
"""

from __future__ import annotations

import json
from importlib import resources

from django.db import transaction

from clusterwerk.accounts.models import Role
from clusterwerk.accounts.services import ensure_demo_login, system_user
from clusterwerk.actors.models import Actor, ActorKind
from clusterwerk.governance.models import Body, BodyMember
from clusterwerk.governance.services import bodies as services

# The demo logins' password; the same as `portal.cluster_demo.DEMO_PASSWORD` (governance may
# not import portal).
DEMO_PASSWORD = "clusterwerk-demo"


def demo_data() -> dict:
    text = resources.files("clusterwerk.governance.demo").joinpath("bodies.json").read_text("utf-8")
    return json.loads(text)


_LOGINS = demo_data()["logins"]
CHAIR_EMAIL = _LOGINS["chair"]["email"]
MEMBER_EMAILS = (_LOGINS["member1"]["email"], _LOGINS["member2"]["email"])


def _organisations(cluster, data: dict) -> tuple[dict[str, Actor], list[Actor]]:
    """The directory's actors by the names the data uses, and its demo companies by size."""
    names = {
        member["organisation"]
        for body in data["bodies"]
        for member in body["members"]
        if member.get("organisation")
    }
    directory = services.directory_actors(cluster)
    by_name = {actor.name: actor for actor in directory.filter(name__in=names).order_by("pk")}
    companies = list(
        directory.filter(is_demo=True, kind=ActorKind.COMPANY).order_by("-employees", "name", "pk")[
            :10
        ]
    )
    return by_name, companies


def _actor(member: dict, by_name, companies) -> Actor | None:
    if member.get("organisation"):
        return by_name.get(member["organisation"])
    number = member.get("demo_company")
    if number and number <= len(companies):
        return companies[number - 1]
    return None


def _logins(cluster, data: dict, system) -> dict[str, str]:
    emails = {}
    for key, login in data["logins"].items():
        ensure_demo_login(
            user=system,
            email=login["email"],
            first_name=login["first_name"],
            last_name=login["last_name"],
            role=Role.ADVISORY_BOARD,
            cluster=cluster,
            password=DEMO_PASSWORD,
        )
        emails[key] = login["email"]
    return emails


@transaction.atomic
def seed_bodies(cluster) -> dict[str, Body]:
    """Write the cluster's demo bodies (see the module docstring); all four bodies by slug."""
    data = demo_data()
    system = system_user()
    existing = {body.slug: body for body in Body.objects.filter(cluster=cluster)}
    missing = [spec for spec in data["bodies"] if spec["slug"] not in existing]
    result = dict(existing)
    if not missing:
        return {spec["slug"]: existing[spec["slug"]] for spec in data["bodies"]}
    emails = _logins(cluster, data, system)
    by_name, companies = _organisations(cluster, data)
    for spec in missing:
        body = services.create_body(
            user=system,
            cluster=cluster,
            data={key: spec[key] for key in services.BODY_FIELDS if key in spec}
            | {"is_public": True},
        )
        Body.objects.filter(pk=body.pk).update(is_demo=True)
        body.is_demo = True
        for start, end in spec["terms"]:
            for member in spec["members"]:
                actor = _actor(member, by_name, companies)
                created = services.add_member(
                    user=system,
                    cluster=cluster,
                    body=body,
                    data={
                        "name": member["name"],
                        "function": member["function"],
                        "sector": member.get("sector", ""),
                        "term_start": start,
                        "term_end": end,
                        "actor": actor.pk if actor else None,
                        "email": emails.get(member.get("login"), ""),
                    },
                )
                show = bool(member.get("show_badge")) and end is None
                BodyMember.objects.filter(pk=created.pk).update(is_demo=True, show_badge=show)
        result[body.slug] = body
    return {spec["slug"]: result[spec["slug"]] for spec in data["bodies"]}
