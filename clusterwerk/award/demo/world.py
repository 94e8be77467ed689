"""What the award demo builds on: the jurors' organisations in the directory, the demo
companies that apply, the science partners and the demo project that ties the chair's
university to one applicant (the shared-project conflict).

The applicants are picked so that the platform's conflict detection finds exactly the two
conflicts the demo intends: no applicant shares a project, a Kooperationsbörse interest or a
seat in a cluster body with a juror's organisation, except the one applicant of the
shared-project conflict (and that one only with the chair's university).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db.models import Q

from clusterwerk.accounts.models import Role, User
from clusterwerk.accounts.services import system_user
from clusterwerk.actors.models import SCIENCE_KINDS, Actor, ActorKind, ActorStatus, BodySeat
from clusterwerk.actors.queries import FIRST_DEMO_COMPANY_ID, HOME_STATE, demo_actors
from clusterwerk.core.models import Cluster
from clusterwerk.matchmaking.models import Interest
from clusterwerk.projects.models import PartnerRole, Project, ProjectPartner, ProjectPhase

APPLICANT_KINDS = (ActorKind.COMPANY, ActorKind.CRAFT_BUSINESS)
# Phases of a project that count as working together (an idea or a cancelled project does not).
SHARED_PROJECT_PHASES = (ProjectPhase.RUNNING, ProjectPhase.COMPLETED)
SHARED_PROJECT_YEARS = 3


def shared_project_window(deadline: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The days a project must overlap to count as a shared project for an edition with this
    deadline: the three years before it."""
    try:
        start = deadline.replace(year=deadline.year - SHARED_PROJECT_YEARS)
    except ValueError:  # 29 February
        start = deadline.replace(year=deadline.year - SHARED_PROJECT_YEARS, day=28)
    return start, deadline


def shared_projects(first_actor_id: int, second_actor_id: int, deadline: datetime.date):
    """The projects both actors are partners of, carried out in the three years before the
    deadline."""
    start, end = shared_project_window(deadline)
    return (
        Project.objects.filter(phase__in=SHARED_PROJECT_PHASES)
        .filter(partners__actor_id=first_actor_id)
        .filter(partners__actor_id=second_actor_id)
        .filter(start_date__lte=end)
        .filter(Q(end_date__gte=start) | Q(end_date__isnull=True))
        .distinct()
        .order_by("start_date", "title", "pk")
    )


def linked_actor_ids(actor_ids: set[int], cluster: Cluster) -> set[int]:
    """Actors that the conflict detection could tie to one of `actor_ids`: partners in any
    project with them (at any time), either side of a Kooperationsbörse interest with them,
    and – when one of them sits in a body of the cluster – everyone with a seat there."""
    if not actor_ids:
        return set()
    projects = ProjectPartner.objects.filter(actor_id__in=actor_ids).values("project_id")
    linked = set(
        ProjectPartner.objects.filter(project_id__in=projects).values_list("actor_id", flat=True)
    )
    interests = Interest.objects.filter(
        Q(actor_id__in=actor_ids) | Q(listing__owner_actor_id__in=actor_ids)
    )
    for actor_id, owner_id in interests.values_list("actor_id", "listing__owner_actor_id"):
        linked.update({actor_id, owner_id})
    seats = BodySeat.objects.filter(cluster=cluster)
    if seats.filter(actor_id__in=actor_ids).exists():
        linked.update(seats.values_list("actor_id", flat=True))
    linked.discard(None)
    return linked - set(actor_ids)


@dataclass
class Juror:
    key: str
    email: str
    first_name: str
    last_name: str
    function: str
    is_chair: bool
    affiliation: Actor | None


@dataclass
class World:
    """Everything the writing needs, loaded and drawn before anything is written."""

    jurors: list[Juror]
    manager: User
    applicants: dict[str, Actor]  # application key → applicant
    partners: dict[str, Actor]  # application key → science partner
    shared_project: Project | None
    shared_project_planned: dict | None = None  # a demo project still to be written

    def juror(self, key: str) -> Juror:
        return next(juror for juror in self.jurors if juror.key == key)


def _reference(external_id: str | None) -> Actor | None:
    if not external_id:
        return None
    return (
        Actor.objects.filter(external_id=external_id, is_demo=False)
        .exclude(status=ActorStatus.ARCHIVED)
        .first()
    )


def _candidates(cluster: Cluster):
    return (
        demo_actors(cluster)
        .filter(kind__in=APPLICANT_KINDS, district__state=HOME_STATE)
        .exclude(status=ActorStatus.ARCHIVED)
        .exclude(external_id=FIRST_DEMO_COMPANY_ID)
    )


def cluster_manager(cluster: Cluster) -> User:
    """Who ran the demo editions: the cluster's first manager, else the system user."""
    manager = (
        User.objects.filter(
            role_assignments__cluster=cluster,
            role_assignments__role=Role.CLUSTER_MANAGER,
            is_active=True,
        )
        .order_by("pk")
        .first()
    )
    return manager or system_user()


def load_world(cluster: Cluster, data: dict, rng: random.Random) -> World:
    """Pick the jurors' organisations, the applicants and partners. ValueError (German) when
    the demo companies or the reference institutions are missing."""
    candidates = _candidates(cluster)
    if not candidates.exists():
        raise ValueError(
            "Keine Demo-Unternehmen in Brandenburg: zuerst die Demo-Unternehmen anlegen."
        )
    spec_by_key = {spec["key"]: spec for spec in data["jury"]}
    fixed = {
        spec["key"]: _reference(spec.get("affiliation"))
        for spec in data["jury"]
        if "affiliation_choices" not in spec
    }
    missing = [
        spec["affiliation"]
        for spec in data["jury"]
        if spec.get("affiliation") and fixed.get(spec["key"]) is None
    ]
    if missing:
        raise ValueError(
            "Institutionen fehlen im Verzeichnis (" + ", ".join(missing) + "): zuerst "
            "python manage.py load_actor_reference_data"
        )
    conflict_spec = data["conflicts"]
    project_key = conflict_spec["shared_project"]["juror"]
    shared_year = next(spec["year"] for spec in data["applications"] if spec.get("shared_project"))
    deadline = _deadline(data, shared_year)
    fixed_ids = {actor.pk for actor in fixed.values() if actor is not None}

    # The chair's university: the first of its choices that worked on a demo project with a
    # demo company in the three years before the edition's deadline, that company not tied to
    # any other juror's organisation.
    university, project, project_applicant = _shared_project(
        cluster,
        spec_by_key[project_key]["affiliation_choices"],
        fixed_ids,
        deadline,
    )
    planned = None
    if university is None:
        tied = linked_actor_ids(fixed_ids, cluster) | fixed_ids
        university = next(
            (
                actor
                for actor in map(_reference, spec_by_key[project_key]["affiliation_choices"])
                if actor is not None and actor.pk not in tied
            ),
            None,
        )
        if university is None:
            raise ValueError(
                "Keine Hochschule im Verzeichnis: zuerst python manage.py load_actor_reference_data"
            )
        planned = data["fallback_project"]
    affiliations = {**fixed, project_key: university}
    juror_org_ids = {actor.pk for actor in affiliations.values() if actor is not None}
    linked = linked_actor_ids(juror_org_ids, cluster)

    pool = {
        kind: list(
            candidates.filter(kind=kind)
            .exclude(pk__in=linked | juror_org_ids)
            .order_by("external_id")
        )
        for kind in APPLICANT_KINDS
    }
    if project_applicant is not None:
        for actors in pool.values():
            if project_applicant in actors:
                actors.remove(project_applicant)
    elif planned is not None:
        # The fallback project's company: any unlinked company of the pool.
        project_applicant = _draw(rng, pool, ActorKind.COMPANY)
    if project_applicant is None:
        raise ValueError("Zu wenige Demo-Unternehmen für die Bewerbungen des Innovationspreises.")

    applicants: dict[str, Actor] = {}
    for spec in data["applications"]:
        if spec.get("shared_project"):
            applicants[spec["key"]] = project_applicant
        else:
            applicants[spec["key"]] = _draw(rng, pool, spec.get("kind", ActorKind.COMPANY))

    partners = _partners(data, affiliations, conflict_spec, rng, tied=linked | juror_org_ids)
    jurors = [
        Juror(
            key=spec["key"],
            email=spec["email"],
            first_name=spec["first_name"],
            last_name=spec["last_name"],
            function=spec["function"],
            is_chair=spec.get("is_chair", False),
            affiliation=affiliations.get(spec["key"]),
        )
        for spec in data["jury"]
    ]
    return World(
        jurors=jurors,
        manager=cluster_manager(cluster),
        applicants=applicants,
        partners=partners,
        shared_project=project,
        shared_project_planned=planned,
    )


def _deadline(data: dict, year: int) -> datetime.date:
    spec = next(spec for spec in data["editions"] if spec["year"] == year)
    return datetime.date.fromisoformat(spec["deadline"][:10])


def _shared_project(cluster, choices, other_org_ids, deadline):
    """(university, project, company) for the shared-project conflict, or Nones."""
    candidate_ids = set(_candidates(cluster).values_list("pk", flat=True))
    blocked = linked_actor_ids(other_org_ids, cluster) | other_org_ids
    for external_id in choices:
        university = _reference(external_id)
        if university is None or university.pk in blocked:
            continue
        for project in shared_projects_of(university, deadline):
            partner_ids = (
                project.partners.exclude(actor_id=university.pk)
                .order_by("actor__external_id")
                .values_list("actor_id", flat=True)
            )
            for actor_id in partner_ids:
                if actor_id in candidate_ids and actor_id not in blocked:
                    return university, project, Actor.objects.get(pk=actor_id)
    return None, None, None


def shared_projects_of(actor: Actor, deadline: datetime.date):
    start, end = shared_project_window(deadline)
    return (
        Project.objects.filter(phase__in=SHARED_PROJECT_PHASES, partners__actor=actor)
        .filter(start_date__lte=end)
        .filter(Q(end_date__gte=start) | Q(end_date__isnull=True))
        .distinct()
        .order_by("start_date", "title", "pk")
    )


def _draw(rng: random.Random, pool: dict[str, list[Actor]], kind: str) -> Actor:
    actors = pool.get(kind) or next((a for a in pool.values() if a), None)
    if not actors:
        raise ValueError("Zu wenige Demo-Unternehmen für die Bewerbungen des Innovationspreises.")
    return actors.pop(rng.randrange(len(actors)))


def _partners(data, affiliations, conflict_spec, rng, *, tied: set[int]) -> dict[str, Actor]:
    """The science partners: the partner-organisation conflict's application gets the
    juror's organisation; the others one of the listed institutions (else any university or
    research institute of the directory) that is no juror's and is tied to none (the
    detection also looks at an application's partners)."""
    listed = [actor for actor in map(_reference, data["science_partners"]) if actor is not None]
    others = (
        Actor.objects.filter(kind__in=SCIENCE_KINDS, is_demo=False)
        .exclude(status=ActorStatus.ARCHIVED)
        .exclude(pk__in=[actor.pk for actor in listed])
        .order_by("external_id", "pk")
    )
    science = [actor for actor in [*listed, *others] if actor.pk not in tied]
    science = science[: len(listed)]
    rng.shuffle(science)
    partners: dict[str, Actor] = {}
    conflict_org = affiliations.get(conflict_spec["partner_organisation"]["juror"])
    position = 0
    for spec in data["applications"]:
        if spec.get("partner") == "conflict" and conflict_org is not None:
            partners[spec["key"]] = conflict_org
        elif spec.get("partner") == "science" and science:
            partners[spec["key"]] = science[position % len(science)]
            position += 1
    return partners


def write_planned_project(cluster: Cluster, planned: dict, university: Actor, company: Actor):
    """The small demo project of the shared-project conflict, when no demo project fits."""
    project = Project(
        cluster=cluster,
        title=planned["title"],
        acronym=planned["acronym"],
        description=planned["description"],
        phase=ProjectPhase.COMPLETED,
        start_date=datetime.date.fromisoformat(planned["start_date"]),
        end_date=datetime.date.fromisoformat(planned["end_date"]),
        year_initiated=int(planned["start_date"][:4]),
        is_rdi=True,
        is_joint=True,
        with_science=True,
        is_demo=True,
    )
    project.save()
    ProjectPartner.objects.create(project=project, actor=university, role=PartnerRole.LEAD)
    ProjectPartner.objects.create(project=project, actor=company, role=PartnerRole.PARTNER)
    return project
