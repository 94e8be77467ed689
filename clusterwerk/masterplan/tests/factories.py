"""Small builders for masterplan test data (plain functions, no factory framework)."""

import uuid

from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.models import (
    ActionField,
    Edition,
    EditionStatus,
    KeyPoint,
    SuccessFactor,
    TopicArea,
)
from clusterwerk.masterplan.search import search_document_for

# A small plan with the shape of the real one: numbers, titles and short texts.
SMALL_PLAN = {
    "4": {
        "title": "Innovationswerkstatt Metall Brandenburg",
        "intro": "Neue Produkte und Verfahren entstehen in der Werkstatt des Clusters.",
        "key_points": {
            "4.2": {
                "title": "Leistungen am Markt",
                "intro": "Wachstum durch neue Märkte.",
                "topic_areas": {
                    "4.2.1": {
                        "title": "Produkte mit verbesserten Eigenschaften",
                        "goal": "Produkte mit besseren Eigenschaften, vor allem durch Leichtbau.",
                        "relevance": "Leichtbaulösungen sind in vielen Branchen gefragt.",
                        "potential": "Neue Werkstoffe und additive Fertigung senken das Gewicht.",
                        "keywords": ["Leichtbau", "Werkstoffe", "Recyclingfähigkeit"],
                    },
                },
            },
            "4.4": {
                "title": "Neue wissenschaftliche Grundlagen und Technologien",
                "intro": "",
                "topic_areas": {
                    "4.4.2": {
                        "title": "Beherrschen und Weiterentwickeln von Fertigungstechnologien",
                        "goal": "Fertigungsverfahren wissenschaftlich weiterentwickeln.",
                        "relevance": "Schweißverbindungen und Umformen sind Kernkompetenzen.",
                        "potential": "3D-Druck eröffnet neue Bauteilformen.",
                        "keywords": ["Fertigungstechnik", "Schweißen", "additive Fertigung"],
                    },
                },
            },
        },
    },
    "6": {
        "title": "Fachkräftematrix Metall Brandenburg",
        "intro": "Fachkräfte bilden, halten und gewinnen.",
        "key_points": {
            "6.3": {
                "title": "Qualifizierung für Fach- und Führungskräfte",
                "intro": "",
                "topic_areas": {
                    "6.3.2": {
                        "title": "Duale Ausbildung",
                        "goal": "Betriebe bei der dualen Ausbildung unterstützen.",
                        "relevance": "Ausbildung ist die Grundlage künftiger Wertschöpfung.",
                        "potential": "Verbundausbildung hilft kleinen Betrieben.",
                        "keywords": ["Ausbildung", "Auszubildende"],
                    },
                },
            },
        },
    },
}


def make_cluster(slug: str = "metall", name: str = "Cluster Metall Brandenburg") -> Cluster:
    cluster, _ = Cluster.objects.get_or_create(slug=slug, defaults={"name": name})
    return cluster


def make_edition(
    cluster: Cluster | None = None,
    *,
    label: str = "2020",
    status: str = EditionStatus.PUBLISHED,
    plan: dict | None = None,
    predecessor: Edition | None = None,
    lineages: dict[str, uuid.UUID] | None = None,
) -> Edition:
    """Create an edition with the tree in `plan` (default SMALL_PLAN).

    `lineages` maps element numbers to lineage UUIDs, to build a second edition whose
    elements continue those of a first one.
    """
    cluster = cluster or make_cluster()
    plan = SMALL_PLAN if plan is None else plan
    lineages = lineages or {}
    edition = Edition.objects.create(
        cluster=cluster,
        label=label,
        slug=label.lower().replace(" ", "-"),
        title=f"Masterplan {label}",
        status=status,
        predecessor=predecessor,
    )
    for af_number, af in plan.items():
        action_field = ActionField.objects.create(
            edition=edition,
            number=af_number,
            title=af["title"],
            intro=af.get("intro", ""),
            order=int(af_number),
            lineage=lineages.get(af_number, uuid.uuid4()),
        )
        for kp_number, kp in af.get("key_points", {}).items():
            key_point = KeyPoint.objects.create(
                edition=edition,
                action_field=action_field,
                number=kp_number,
                title=kp["title"],
                intro=kp.get("intro", ""),
                order=int(kp_number.split(".")[-1]),
                lineage=lineages.get(kp_number, uuid.uuid4()),
            )
            for ta_number, ta in kp.get("topic_areas", {}).items():
                TopicArea.objects.create(
                    edition=edition,
                    key_point=key_point,
                    number=ta_number,
                    title=ta["title"],
                    goal=ta.get("goal", ""),
                    description=ta.get("description", ""),
                    relevance=ta.get("relevance", ""),
                    potential=ta.get("potential", ""),
                    keywords=ta.get("keywords", []),
                    order=int(ta_number.split(".")[-1]),
                    lineage=lineages.get(ta_number, uuid.uuid4()),
                )
    for model in (ActionField, KeyPoint, TopicArea):
        for element in model.objects.filter(edition=edition):
            element.search_document = search_document_for(element)
            element.save(update_fields=["search_document"])
    return edition


def lineages_of(edition: Edition) -> dict[str, uuid.UUID]:
    """Number → lineage of every element, to continue an edition in a test."""
    result = {af.number: af.lineage for af in edition.action_fields.all()}
    result.update({kp.number: kp.lineage for kp in edition.key_points.all()})
    result.update({ta.number: ta.lineage for ta in edition.topic_areas.all()})
    result.update({sf.number: sf.lineage for sf in SuccessFactor.objects.filter(edition=edition)})
    return result
