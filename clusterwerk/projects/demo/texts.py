"""The words of a demo project: theme and title, description, topic areas, and the results with
their success story."""

import datetime
import random

from clusterwerk.projects.demo.shape import (
    COMPANIES,
    DEMO_AS_OF,
    SCIENCE,
    SECONDARY_TOPIC_SHARE,
    SINGLE,
    SUCCESS_STORY_SHARE,
    TITLE_PREFIX,
)
from clusterwerk.projects.demo.skeleton import ProjectPlan
from clusterwerk.projects.demo.vocabulary import (
    BENEFITS,
    DEMO_NOTE,
    STORY_IMPACTS,
    STORY_RESULTS,
    SUPPORT_TEXTS,
    THEMES,
)
from clusterwerk.projects.models import PartnerRole, ProjectPhase, SupportKind


def titles(rng: random.Random, plans: list[ProjectPlan]) -> None:
    """Each project a theme that suits its consortium and, while there is one, an unused
    title. Science consortia choose first: fewer themes suit them."""
    free = {index: list(range(len(theme.objects))) for index, theme in enumerate(THEMES)}
    acronyms: set[str] = set()
    order = {SCIENCE: 0, COMPANIES: 1, SINGLE: 2}
    for plan in sorted(plans, key=lambda plan: (order[plan.consortium], plan.number)):
        fitting = [i for i, theme in enumerate(THEMES) if plan.consortium in theme.consortia]
        unused = [i for i in fitting if free[i]]
        index = rng.choice(unused or fitting)
        theme = THEMES[index]
        if unused:
            position = free[index].pop(rng.randrange(len(free[index])))
            follow_up = ""
        else:  # all titles of the fitting themes are taken: a follow-up project
            position = rng.randrange(len(theme.objects))
            follow_up = " (Folgevorhaben)"
        rest, suffix = theme.objects[position]
        plan.theme = theme
        plan.title = f"{TITLE_PREFIX}{theme.stem} {rest}{follow_up}"
        acronym = f"{theme.acronym}-{suffix}"
        if acronym in acronyms:
            acronym = f"{acronym}-{plan.number}"
        acronyms.add(acronym)
        plan.acronym = acronym


def description(rng: random.Random, plan: ProjectPlan, cluster_names: dict[str, str]) -> None:
    theme = plan.theme
    sentences = [theme.aim]
    optional = [theme.method]
    lead = next((p.actor for p in plan.partners if p.role == PartnerRole.LEAD), None)
    others = [p.actor for p in plan.partners if p.role == PartnerRole.PARTNER]
    if lead is not None and others:
        optional.append(
            f"Die Konsortialführung liegt bei {lead.name}; beteiligt "
            f"{'ist' if len(others) == 1 else 'sind'} außerdem "
            + ", ".join(actor.name for actor in others)
            + "."
        )
    if plan.partner_clusters:
        names = " und ".join(cluster_names[slug] for slug in plan.partner_clusters)
        optional.append(f"Über den Cluster hinaus ist {names} beteiligt.")
    optional.append(rng.choice(BENEFITS))
    extra = rng.randint(0, 3)
    sentences += optional[:extra]
    sentences.append(DEMO_NOTE)
    plan.description = " ".join(sentences)


def topics(rng: random.Random, plan: ProjectPlan, numbers: set[str]) -> None:
    theme = plan.theme
    if theme.topics[0] in numbers:
        plan.primary_topic = theme.topics[0]
    secondary = [number for number in theme.topics[1:] if number in numbers]
    if plan.primary_topic and secondary and rng.random() < SECONDARY_TOPIC_SHARE:
        plan.secondary_topic = rng.choice(secondary)


def results(rng: random.Random, plan: ProjectPlan) -> None:
    if plan.phase != ProjectPhase.COMPLETED:
        return
    completed = plan.phase_changes[-1][2]
    story = ""
    if rng.random() < SUCCESS_STORY_SHARE:
        story = (
            f"Aus dem Vorhaben „{plan.acronym}“ ist {rng.choice(STORY_RESULTS)}. "
            f"{rng.choice(STORY_IMPACTS)} {DEMO_NOTE}"
        )
        plan.support.append(
            (completed, SupportKind.PUBLIC_RELATIONS, SUPPORT_TEXTS[SupportKind.PUBLIC_RELATIONS])
        )
    plan.results = {
        "new_products": rng.choice((0, 0, 1, 1, 2)),
        "new_processes": rng.choice((0, 1, 1, 2)),
        "patents": rng.choice((0, 0, 0, 1)) if plan.is_rdi else 0,
        "jobs_created": rng.choice((0, 0, 1, 2, 3, 5)),
        "follow_up_projects": rng.choice((0, 0, 1)),
        "success_story": story,
        "reported_on": min(completed + datetime.timedelta(days=rng.randint(30, 120)), DEMO_AS_OF),
    }
