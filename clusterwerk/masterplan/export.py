"""The masterplan as data for others: JSON (the tree) and Markdown (a readable document)."""

from clusterwerk.masterplan.models import Edition
from clusterwerk.masterplan.queries import load_tree


def edition_as_dict(edition: Edition) -> dict:
    tree = load_tree(edition)
    return {
        "cluster": {"slug": edition.cluster.slug, "name": edition.cluster.name},
        "edition": {
            "label": edition.label,
            "slug": edition.slug,
            "title": edition.title,
            "status": edition.status,
            "published_on": edition.published_on.isoformat() if edition.published_on else None,
            "predecessor": edition.predecessor.label if edition.predecessor else None,
        },
        "success_factors": [
            {"number": sf.number, "title": sf.title, "description": sf.description}
            for sf in tree.success_factors
        ],
        "action_fields": [
            {
                "number": af.number,
                "title": af.title,
                "intro": af.intro,
                "key_points": [
                    {
                        "number": kp.number,
                        "title": kp.title,
                        "intro": kp.intro,
                        "topic_areas": [topic_area_as_dict(ta) for ta in kp.topic_area_list],
                    }
                    for kp in af.key_point_list
                ],
            }
            for af in tree.action_fields
        ],
    }


def topic_area_as_dict(topic_area) -> dict:
    return {
        "number": topic_area.number,
        "title": topic_area.title,
        "goal": topic_area.goal,
        "description": topic_area.description,
        "relevance": topic_area.relevance,
        "potential": topic_area.potential,
        "keywords": list(topic_area.keywords),
        "references": [ref.number for ref in topic_area.reference_list],
    }


def edition_as_markdown(edition: Edition) -> str:
    data = edition_as_dict(edition)
    lines = [f"# {data['edition']['title']}", ""]
    if data["edition"]["published_on"]:
        lines += [f"Veröffentlicht am {data['edition']['published_on']}.", ""]
    for af in data["action_fields"]:
        lines += [f"## {af['number']} Handlungsfeld {af['title']}", ""]
        lines += paragraphs(af["intro"])
        for kp in af["key_points"]:
            lines += [f"### {kp['number']} {kp['title']}", ""]
            lines += paragraphs(kp["intro"])
            for ta in kp["topic_areas"]:
                lines += [f"#### {ta['number']} {ta['title']}", ""]
                lines += [f"**Ziel:** {ta['goal']}", ""] if ta["goal"] else []
                lines += paragraphs(ta["description"])
                for label, key in (("Relevanz", "relevance"), ("Potenzial", "potential")):
                    if ta[key]:
                        lines += [f"**{label}**", "", *paragraphs(ta[key])]
                if ta["keywords"]:
                    lines += ["Schlagwörter: " + ", ".join(ta["keywords"]), ""]
                if ta["references"]:
                    lines += ["Siehe auch: " + ", ".join(ta["references"]), ""]
    if data["success_factors"]:
        lines += ["## Erfolgsfaktoren", ""]
        lines += [f"- **{sf['title']}**: {sf['description']}" for sf in data["success_factors"]]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def paragraphs(text: str) -> list[str]:
    result = []
    for paragraph in text.split("\n\n"):
        if paragraph.strip():
            result += [paragraph.strip(), ""]
    return result
