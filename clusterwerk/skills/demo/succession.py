"""The demo Nachfolgebörse: eight succession cases of demo companies in every state, the
chambers of the directory that mediate them (demo chambers where the directory has none),
three searchers' profiles and their interests in several states."""

from __future__ import annotations

import datetime

from django.utils import timezone

from clusterwerk.accounts.models import Role
from clusterwerk.accounts.permissions import forget_cached_permissions
from clusterwerk.accounts.services import ensure_demo_login, system_user
from clusterwerk.actors.demo import link_demo_representative
from clusterwerk.actors.models import Actor, ActorKind, ActorRepresentative, ClusterMembership
from clusterwerk.skills.demo.data import CASE_NOTE, CASES, INTERESTS, SEARCHERS
from clusterwerk.skills.models import (
    CaseStatus,
    InterestStatus,
    SuccessionCase,
    SuccessionInterest,
    SuccessorProfile,
)

OWNER_EMAIL = "nachfolge-inhaber{}@example.org"
OWNER_NAMES = (
    ("Gerd", "Grabowski"),
    ("Renate", "Richter"),
    ("Horst", "Hoffmann"),
    ("Ulrike", "Ulbrich"),
    ("Klaus", "Krüger"),
    ("Dieter", "Dahms"),
    ("Bärbel", "Berger"),
    ("Wolfgang", "Wendt"),
)
CHAMBER_USER_EMAIL = "nachfolge-{}@example.org"  # the demo chamber desk (hwk / ihk)
DEMO_CHAMBERS = {
    "hwk": ("Handwerkskammer (Demo)", "skills-demo-handwerkskammer"),
    "ihk": ("Industrie- und Handelskammer (Demo)", "skills-demo-ihk"),
}


def chamber_type(chamber: Actor) -> str:
    return "hwk" if "handwerk" in chamber.name.lower() else "ihk"


def cluster_chambers(cluster) -> list[Actor]:
    """The chambers that are members of the cluster, by name."""
    return list(
        Actor.objects.filter(kind=ActorKind.CHAMBER, memberships__cluster=cluster)
        .distinct()
        .order_by("name", "pk")
    )


def mediating_chambers(cluster, fallback_district) -> dict[str, Actor]:
    """One Handwerkskammer and one IHK of the cluster (the Potsdam ones when there): those
    of the directory, else demo chambers (marked demo) created for the cluster."""
    chosen: dict[str, Actor] = {}
    for chamber in cluster_chambers(cluster):
        kind = chamber_type(chamber)
        if kind not in chosen or "potsdam" in chamber.name.lower():
            chosen.setdefault(kind, chamber)
            if "potsdam" in chamber.name.lower():
                chosen[kind] = chamber
    for kind, (name, slug) in DEMO_CHAMBERS.items():
        if kind in chosen:
            continue
        chamber, _created = Actor.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": ActorKind.CHAMBER,
                "district": fallback_district,
                "is_demo": True,
                "description": "Demo-Kammer für die Nachfolgebörse (erfunden).",
            },
        )
        ClusterMembership.objects.get_or_create(actor=chamber, cluster=cluster)
        chosen[kind] = chamber
    return chosen


def chamber_desk(chamber: Actor, kind: str, cluster, password: str):
    """A user acting for the chamber: its first representative, else a demo login."""
    existing = (
        ActorRepresentative.objects.filter(actor=chamber).order_by("pk").select_related("user")
    ).first()
    if existing is not None:
        return existing.user
    user = ensure_demo_login(
        user=system_user(),
        email=CHAMBER_USER_EMAIL.format(kind),
        first_name="Nora" if kind == "hwk" else "Jan",
        last_name="Nachfolgeberatung",
        role=Role.MEMBER,
        cluster=cluster,
        password=password,
    )
    ActorRepresentative.objects.get_or_create(actor=chamber, user=user)
    forget_cached_permissions(user)
    return user


def write_succession(cluster, companies: list, chambers: dict, *, password, topic, rng) -> None:
    system = system_user()
    desks = {
        kind: chamber_desk(chamber, kind, cluster, password) for kind, chamber in chambers.items()
    }
    now = timezone.now()
    year = timezone.localdate().year
    owners_pool = rng.sample(companies, len(CASES))
    cases = {}
    for number, (spec, company) in enumerate(zip(CASES, owners_pool, strict=True), start=1):
        first, last = OWNER_NAMES[number - 1]
        owner = ensure_demo_login(
            user=system,
            email=OWNER_EMAIL.format(number),
            first_name=first,
            last_name=last,
            role=Role.MEMBER,
            cluster=cluster,
            password=password,
        )
        link_demo_representative(owner, company, function="Inhaber/in")
        desk = desks[spec.chamber]
        created = now - datetime.timedelta(days=30 * (len(CASES) - number) + 20)
        released = spec.status in (CaseStatus.RELEASED, CaseStatus.HANDED_OVER)
        case = SuccessionCase.objects.create(
            cluster=cluster,
            company=company,
            chamber=chambers[spec.chamber],
            owner=owner,
            created_by=desk if spec.by_chamber else owner,
            exit_year=year + spec.exit_in,
            kind=spec.kind,
            title=spec.title,
            listing_text=spec.text + CASE_NOTE,
            sector=spec.sector,
            size_class=spec.size_class,
            district_id=company.district_id,
            topic_lineage=topic,
            status=spec.status,
            released_by=desk if released else None,
            released_at=created + datetime.timedelta(days=7) if released else None,
            handed_over_at=(
                now - datetime.timedelta(days=10) if spec.status == CaseStatus.HANDED_OVER else None
            ),
            owner_aged_55_plus=spec.owner_55,
            radar_consent=spec.consent,
            consent_given_at=created if spec.consent else None,
            is_demo=True,
        )
        SuccessionCase.objects.filter(pk=case.pk).update(created_at=created)
        cases[spec.key] = case
    owner_ids = {company.pk for company in owners_pool}
    others = [company for company in companies if company.pk not in owner_ids]
    profiles = _profiles(cluster, others, password, rng, year)
    for spec in INTERESTS:
        case = cases[spec.case]
        checked = spec.status != InterestStatus.SUBMITTED
        SuccessionInterest.objects.create(
            case=case,
            profile=profiles[spec.searcher],
            message=spec.message,
            status=spec.status,
            chamber_note=spec.note,
            checked_at=now - datetime.timedelta(days=5) if checked else None,
            checked_by=desks[_kind_of(case, chambers)] if checked else None,
            answered_at=(
                now - datetime.timedelta(days=2) if spec.status == InterestStatus.AGREED else None
            ),
        )


def _kind_of(case, chambers: dict) -> str:
    return next(kind for kind, chamber in chambers.items() if chamber.pk == case.chamber_id)


def _profiles(cluster, companies, password, rng, year) -> list[SuccessorProfile]:
    system = system_user()
    districts = sorted({company.district_id for company in companies})
    profiles = []
    for number, spec in enumerate(SEARCHERS):
        user = ensure_demo_login(
            user=system,
            email=spec.email,
            first_name=spec.first_name,
            last_name=spec.last_name,
            role=Role.MEMBER,
            cluster=cluster,
            password=password,
        )
        company = None
        if spec.kind == "company":
            company = companies[-1 - number]
            link_demo_representative(user, company, function="Geschäftsführung")
        profile = SuccessorProfile.objects.create(
            cluster=cluster,
            user=user,
            kind=spec.kind,
            company=company,
            title=spec.title,
            description=spec.description + " (Demo-Profil.)",
            sectors=spec.sectors,
            size_classes=list(spec.size_classes),
            available_from=year + spec.available_in,
            is_active=True,
            consent_given_at=timezone.now(),
            is_demo=True,
        )
        profile.districts.set(rng.sample(districts, min(3, len(districts))))
        profiles.append(profile)
    return profiles
