"""What an agenda item or a decision is about, for pages and the API: the linked topic area
(by its number in the published plan), project, proposal, foresight item, event."""

from django.urls import reverse
from django.utils.translation import gettext as _

# `project__cluster`: a project's address is in its own cluster (`get_absolute_url`).
LINKED = ("project__cluster", "proposal__consultation", "foresight_item__cycle", "event")


def linked(obj, catalogue, edition) -> list[dict]:
    """What an agenda item or decision is about, as (kind, label, url)."""
    links = []
    if obj.topic_lineage:
        number = catalogue.number_by_lineage.get(str(obj.topic_lineage))
        if number:
            url = reverse("portal:topic-area", args=[edition.slug, number]) if edition else ""
            links.append(
                {
                    "key": "topic",
                    "kind": _("Themenbereich"),
                    "label": catalogue.label(number),
                    "url": url,
                }
            )
    if obj.project_id:
        links.append(
            {
                "key": "project",
                "kind": _("Projekt"),
                "label": obj.project.title,
                "url": obj.project.get_absolute_url(),
            }
        )
    if obj.proposal_id:
        links.append(
            {
                "key": "proposal",
                "kind": _("Vorschlag"),
                "label": f"#{obj.proposal_id} {obj.proposal.title}",
                "url": obj.proposal.get_absolute_url(),
            }
        )
    if obj.foresight_item_id:
        item = obj.foresight_item
        links.append(
            {
                "key": "foresight_item",
                "kind": _("Foresight-Item"),
                "label": f"{item.key} {item.title}",
                "url": item.get_absolute_url(),
            }
        )
    if obj.event_id:
        links.append(
            {
                "key": "event",
                "kind": _("Veranstaltung"),
                "label": obj.event.title,
                "url": obj.event.get_absolute_url(),
            }
        )
    return links
