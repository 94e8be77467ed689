"""The reference data the project ships for the masterplan: clusters, their key figures and
the reference structure of each cluster's masterplan (numbers, titles, own-words summaries).

This module reads the files; `services.reference` writes them, as the system user."""

import datetime
import json
from pathlib import Path

from clusterwerk.accounts.services import system_user
from clusterwerk.masterplan.services.reference import (
    ClusterReference,
    EditionReference,
    ReferenceReport,
    load_reference,
)
from clusterwerk.masterplan.tree import (
    ActionFieldNode,
    KeyPointNode,
    PlanTree,
    SuccessFactorNode,
    TopicAreaNode,
)

REFERENCE_DIR = Path(__file__).resolve().parent / "reference_data"


def reference_files() -> list[Path]:
    return sorted(REFERENCE_DIR.glob("*.json"))


def read_reference(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def tree_from_reference(data: dict) -> PlanTree:
    return PlanTree(
        action_fields=[
            ActionFieldNode(
                number=af["number"],
                title=af["title"],
                intro=af.get("intro", ""),
                key_points=[
                    KeyPointNode(
                        number=kp["number"],
                        title=kp["title"],
                        intro=kp.get("intro", ""),
                        topic_areas=[
                            TopicAreaNode(
                                number=ta["number"],
                                title=ta["title"],
                                goal=ta.get("goal", ""),
                                keywords=list(ta.get("keywords", [])),
                                references=list(ta.get("references", [])),
                            )
                            for ta in kp.get("topic_areas", [])
                        ],
                    )
                    for kp in af.get("key_points", [])
                ],
            )
            for af in data["action_fields"]
        ],
        success_factors=[
            SuccessFactorNode(
                number=sf["number"], title=sf["title"], description=sf.get("description", "")
            )
            for sf in data.get("success_factors", [])
        ],
    )


def cluster_reference(data: dict) -> ClusterReference:
    cluster = data["cluster"]
    return ClusterReference(
        slug=cluster["slug"],
        values={
            "name": cluster["name"],
            "short_name": cluster.get("short_name", ""),
            "region": cluster.get("region", ""),
            "description": cluster.get("description", ""),
        },
        figures=data.get("figures", []),
        strongest_districts=data.get("strongest_districts"),
    )


def edition_reference(data: dict) -> EditionReference:
    edition = data["edition"]
    published_on = edition.get("published_on")
    return EditionReference(
        slug=edition["slug"],
        label=edition["label"],
        title=edition["title"],
        description=edition.get("description", ""),
        published_on=datetime.date.fromisoformat(published_on) if published_on else None,
        tree=tree_from_reference(data),
    )


def load_reference_file(data: dict) -> ReferenceReport:
    """Load one cluster's reference data (as the system user); a second run changes nothing."""
    return load_reference(
        cluster=cluster_reference(data), edition=edition_reference(data), user=system_user()
    )


def load_all_reference_data() -> list[ReferenceReport]:
    return [load_reference_file(read_reference(path)) for path in reference_files()]
