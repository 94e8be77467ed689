"""The plan of a demo project, and the part of planning that fixes the figures: years, phases,
dates, consortium kinds, and a phase history and support consistent with the dates."""

import calendar
import datetime
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from clusterwerk.actors.models import Visibility
from clusterwerk.projects.demo.shape import (
    COHORTS,
    CONSORTIA_2019,
    CONSORTIUM_WEIGHTS,
    DEMO_AS_OF,
    IDEAS,
    RDI,
    SINGLE,
    UNDATED_PHASES,
)
from clusterwerk.projects.demo.vocabulary import SUPPORT_TEXTS, Theme
from clusterwerk.projects.models import ACTIVE_PHASES, PartnerRole, ProjectPhase, SupportKind
from clusterwerk.projects.services import derived_flags


@dataclass(frozen=True)
class ActorRef:
    """What the planner needs to know of an actor."""

    id: int
    kind: str
    name: str


@dataclass
class PlannedPartner:
    actor: ActorRef
    role: str


@dataclass
class ProjectPlan:
    number: int
    year: int | None  # year initiated (None for ideas)
    phase: str
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    consortium: str = SINGLE
    theme: Theme | None = None
    title: str = ""
    acronym: str = ""
    description: str = ""
    programme: str = ""
    total_volume: Decimal | None = None
    funding_amount: Decimal | None = None
    regional_volume: Decimal | None = None
    visibility: str = Visibility.MEMBERS
    partners: list[PlannedPartner] = field(default_factory=list)
    partner_clusters: list[str] = field(default_factory=list)
    primary_topic: str = ""
    secondary_topic: str = ""
    phase_changes: list[tuple[str, str, datetime.date]] = field(default_factory=list)
    support: list[tuple[datetime.date, str, str]] = field(default_factory=list)
    results: dict | None = None

    @property
    def flags(self) -> dict[str, bool]:
        kinds = [p.actor.kind for p in self.partners if p.role != PartnerRole.SUBCONTRACTOR]
        return derived_flags(partner_kinds=kinds, foreign_cluster=bool(self.partner_clusters))

    @property
    def is_rdi(self) -> bool:
        return self.theme is not None and self.theme.kind == RDI


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder; ties by position)."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    quotas = [total * weight / weight_sum for weight in weights]
    counts = [math.floor(quota) for quota in quotas]
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - counts[i]), i))
    for index in order[: total - sum(counts)]:
        counts[index] += 1
    return counts


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def carried_out_in(plan: ProjectPlan, year: int) -> bool:
    """The counting rule for "durchgeführt" (see the module docstring)."""
    if plan.phase not in ACTIVE_PHASES:
        return False
    if plan.start_date and plan.end_date:
        return plan.start_date.year <= year <= plan.end_date.year
    return plan.year is not None and plan.year <= year and plan.phase != ProjectPhase.COMPLETED


def skeleton(rng: random.Random) -> list[ProjectPlan]:
    """Years, phases and dates: the part that fixes the figures."""
    plans: list[ProjectPlan] = []
    for cohort in COHORTS:
        for end_year, count in sorted(cohort.ends.items()):
            for _ in range(count):
                plans.append(dated(rng, cohort.year, end_year))
        for phase in UNDATED_PHASES.get(cohort.year, [])[: cohort.undated]:
            plans.append(ProjectPlan(number=0, year=cohort.year, phase=phase))
        for _ in range(cohort.cancelled):
            plans.append(ProjectPlan(number=0, year=cohort.year, phase=ProjectPhase.CANCELLED))
    for _ in range(IDEAS):
        plans.append(ProjectPlan(number=0, year=None, phase=ProjectPhase.IDEA))
    for number, plan in enumerate(plans, start=1):
        plan.number = number
    return plans


def dated(rng: random.Random, year: int, end_year: int) -> ProjectPlan:
    if end_year == year:
        start_month = rng.randint(2, 6)
        end_month = rng.randint(start_month + 4, 12)
    else:
        start_month = rng.randint(2, 12)
        end_month = rng.randint(1, 12)
    start = datetime.date(year, start_month, 1)
    end = month_end(end_year, end_month)
    phase = ProjectPhase.COMPLETED if end < DEMO_AS_OF else ProjectPhase.RUNNING
    return ProjectPlan(number=0, year=year, phase=phase, start_date=start, end_date=end)


def assign_consortia(rng: random.Random, plans: list[ProjectPlan]) -> None:
    """Exact structure among the 2019 projects, weighted draws for the others."""
    in_2019 = [plan for plan in plans if carried_out_in(plan, 2019)]
    kinds = list(CONSORTIA_2019)
    counts = apportion(len(in_2019), [CONSORTIA_2019[kind] for kind in kinds])
    structure = [kind for kind, count in zip(kinds, counts, strict=True) for _ in range(count)]
    rng.shuffle(structure)
    for plan, kind in zip(in_2019, structure, strict=True):
        plan.consortium = kind
    for plan in plans:
        if not carried_out_in(plan, 2019):
            plan.consortium = weighted(rng, CONSORTIUM_WEIGHTS)


def history(rng: random.Random, plan: ProjectPlan) -> None:
    """Phase changes and support activities consistent with the dates."""
    joint = plan.flags["is_joint"]
    if plan.phase == ProjectPhase.IDEA:
        day = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randint(0, 330))
        plan.phase_changes = [("", ProjectPhase.IDEA, day)]
        return
    steps = [ProjectPhase.INITIATION]
    if joint or plan.phase == ProjectPhase.CONSORTIUM:
        steps.append(ProjectPhase.CONSORTIUM)
    if plan.phase == ProjectPhase.CANCELLED:
        steps = [*steps[: rng.randint(1, len(steps))], ProjectPhase.CANCELLED]
    elif plan.phase in (ProjectPhase.INITIATION, ProjectPhase.CONSORTIUM):
        steps = steps[: steps.index(plan.phase) + 1]
    else:
        steps.append(ProjectPhase.APPLICATION)
    january = datetime.date(plan.year, 1, 1)
    if plan.start_date is not None:
        window = (plan.start_date - january).days  # all before the start, same year
    else:
        window = (min(datetime.date(plan.year, 12, 31), DEMO_AS_OF) - january).days + 1
    offsets = sorted(rng.sample(range(window), k=len(steps)))
    dated = [
        (phase, january + datetime.timedelta(days=o))
        for phase, o in zip(steps, offsets, strict=True)
    ]
    if plan.start_date is not None:
        dated.append((ProjectPhase.RUNNING, plan.start_date))
        if plan.phase == ProjectPhase.COMPLETED:
            done = min(plan.end_date + datetime.timedelta(days=rng.randint(0, 20)), DEMO_AS_OF)
            dated.append((ProjectPhase.COMPLETED, done))
    previous = ""
    for phase, day in dated:
        plan.phase_changes.append((previous, phase, day))
        previous = phase
    _support(rng, plan, dict(dated))


def _support(rng: random.Random, plan: ProjectPlan, on: dict[str, datetime.date]) -> None:
    support = [(on[ProjectPhase.INITIATION], SupportKind.INITIATION)]
    if rng.random() < 0.4:
        support.append((on[ProjectPhase.INITIATION], SupportKind.FUNDING_ADVICE))
    if ProjectPhase.CONSORTIUM in on:
        support.append((on[ProjectPhase.CONSORTIUM], SupportKind.CONSORTIUM))
    if ProjectPhase.APPLICATION in on and plan.programme != "privat":
        support.append((on[ProjectPhase.APPLICATION], SupportKind.APPLICATION_ADVICE))
    if plan.start_date is not None and rng.random() < 0.3:
        last = min(plan.end_date, DEMO_AS_OF)
        day = plan.start_date + datetime.timedelta(
            days=rng.randint(0, max(0, (last - plan.start_date).days))
        )
        support.append((day, SupportKind.NETWORKING))
    if plan.phase == ProjectPhase.COMPLETED and rng.random() < 0.3:
        support.append((on[ProjectPhase.COMPLETED], SupportKind.EVENT))
    plan.support = [(day, kind, SUPPORT_TEXTS[kind]) for day, kind in support]
