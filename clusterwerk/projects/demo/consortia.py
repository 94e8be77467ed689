"""Who takes part in a demo project and how it is funded: partners from the demo companies and
the real science institutions, the funding programme and its volumes, partner clusters."""

import random
from collections.abc import Sequence
from decimal import Decimal

from clusterwerk.projects.demo.shape import COMPANIES, CROSS_CLUSTER_SHARE, SCIENCE, SINGLE
from clusterwerk.projects.demo.skeleton import ActorRef, PlannedPartner, ProjectPlan, weighted
from clusterwerk.projects.demo.vocabulary import PROGRAMME_WEIGHTS, SCIENCE_LED_PROGRAMMES, VOLUMES
from clusterwerk.projects.models import PartnerRole, ProjectPhase


def _sample(rng: random.Random, pool: Sequence[ActorRef], k: int, taken: set[int]):
    available = [actor for actor in pool if actor.id not in taken]
    chosen = rng.sample(available, k=min(k, len(available)))
    taken.update(actor.id for actor in chosen)
    return chosen


def programme(rng: random.Random, plan: ProjectPlan) -> None:
    plan.programme = weighted(rng, PROGRAMME_WEIGHTS[(plan.theme.kind, plan.consortium)])


def partners(
    rng: random.Random,
    plan: ProjectPlan,
    companies: Sequence[ActorRef],
    science: Sequence[ActorRef],
) -> None:
    taken: set[int] = set()
    partners: list[PlannedPartner] = []
    if plan.phase == ProjectPhase.IDEA:
        partners = [
            PlannedPartner(actor, PartnerRole.LEAD) for actor in _sample(rng, companies, 1, taken)
        ]
        plan.partners = partners
        return
    if plan.consortium == SINGLE:
        partners.append(PlannedPartner(_sample(rng, companies, 1, taken)[0], PartnerRole.LEAD))
        if plan.programme == "big-transfer":
            for actor in _sample(rng, science, 1, taken):
                partners.append(PlannedPartner(actor, PartnerRole.SUBCONTRACTOR))
        elif rng.random() < 0.2:
            for actor in _sample(rng, companies, 1, taken):
                partners.append(PlannedPartner(actor, PartnerRole.SUBCONTRACTOR))
    elif plan.consortium == COMPANIES:
        members = _sample(rng, companies, rng.randint(2, 4), taken)
        partners.append(PlannedPartner(members[0], PartnerRole.LEAD))
        partners += [PlannedPartner(actor, PartnerRole.PARTNER) for actor in members[1:]]
        if rng.random() < 0.2:
            for actor in _sample(rng, companies, 1, taken):
                partners.append(PlannedPartner(actor, PartnerRole.ASSOCIATED))
    else:
        firms = _sample(rng, companies, rng.randint(1, 3), taken)
        institutes = _sample(rng, science, 1 if rng.random() < 0.6 else 2, taken)
        science_lead = plan.programme in SCIENCE_LED_PROGRAMMES or rng.random() < 0.25
        lead = institutes[0] if science_lead else firms[0]
        partners.append(PlannedPartner(lead, PartnerRole.LEAD))
        partners += [
            PlannedPartner(actor, PartnerRole.PARTNER)
            for actor in (*firms, *institutes)
            if actor.id != lead.id
        ]
        if rng.random() < 0.15:
            for actor in _sample(rng, companies, 1, taken):
                partners.append(PlannedPartner(actor, PartnerRole.ASSOCIATED))
    plan.partners = partners


def volumes(rng: random.Random, plan: ProjectPlan) -> None:
    if plan.phase in (ProjectPhase.IDEA, ProjectPhase.INITIATION, ProjectPhase.CANCELLED):
        return
    low, high, rate_low, rate_high = VOLUMES[plan.programme]
    total = round(rng.uniform(low, high), -2)
    funding = round(total * rng.uniform(rate_low, rate_high), -2)
    if plan.programme == "horizon-2020":
        regional_share = rng.uniform(0.1, 0.35)
    elif plan.consortium == SCIENCE:
        regional_share = rng.uniform(0.55, 0.95)
    else:
        regional_share = rng.uniform(0.8, 1.0)
    regional = round(total * regional_share, -2)
    plan.total_volume = Decimal(total).quantize(Decimal("0.01"))
    plan.funding_amount = min(Decimal(funding), plan.total_volume).quantize(Decimal("0.01"))
    plan.regional_volume = min(Decimal(regional), plan.total_volume).quantize(Decimal("0.01"))


def cross_cluster(rng: random.Random, plan: ProjectPlan, clusters: Sequence[str]) -> None:
    if not clusters or plan.phase == ProjectPhase.IDEA or rng.random() >= CROSS_CLUSTER_SHARE:
        return
    suited = [slug for slug in plan.theme.clusters if slug in clusters]
    pool = suited or list(clusters)
    plan.partner_clusters = sorted(rng.sample(pool, k=min(len(pool), rng.choice((1, 1, 1, 2)))))
