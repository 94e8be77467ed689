"""What a change request changes, described for the reviewer (current value → proposal)."""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import (
    Actor,
    ActorKind,
    ChangeRequest,
    CompetenceKind,
    SizeClass,
    Visibility,
)
from clusterwerk.actors.profile_data import catalogue_and_snapshot

SECTION_LABELS = {
    "competences": _("Kompetenzen"),
    "contacts": _("Ansprechpersonen"),
    "activities": _("Wirtschaftszweige"),
}
CHOICE_LABELS = {"kind": ActorKind, "size_class": SizeClass}


@dataclass
class ChangeRow:
    """One line of the review table. For a list (competences, …): `current` holds the entries
    the proposal removes or changes, `proposed` the new or changed ones, `unchanged` how many
    stay as they are."""

    label: str
    current: list[str]
    proposed: list[str]
    unchanged: int = 0


def describe_changes(change_request: ChangeRequest, cluster) -> list[ChangeRow]:
    """The differences between the proposal and the profile as it is now (topic areas of
    `cluster`'s plan, the request's)."""
    actor = change_request.actor
    _catalogue, current = catalogue_and_snapshot(actor, cluster)
    rows = []
    for name, value in change_request.proposed.get("values", {}).items():
        if current["values"].get(name) == value:
            continue
        rows.append(
            ChangeRow(
                label=str(_field_label(name)),
                current=[_value_text(name, current["values"].get(name))],
                proposed=[_value_text(name, value)],
            )
        )
    for section, describe in (
        ("competences", _competence_text),
        ("contacts", _contact_text),
        ("activities", _activity_text),
    ):
        if section in change_request.proposed:
            before = [describe(item) for item in current[section]]
            after = [describe(item) for item in change_request.proposed[section]]
            removed, added = _without(before, after), _without(after, before)
            if removed or added or before != after:
                rows.append(
                    ChangeRow(
                        label=str(SECTION_LABELS[section]),
                        current=removed,
                        proposed=added,
                        unchanged=len(before) - len(removed),
                    )
                )
    return rows


def _without(texts: list[str], others: list[str]) -> list[str]:
    """`texts` minus `others`, counting duplicates (a multiset difference), in order."""
    remaining = Counter(others)
    result = []
    for text in texts:
        if remaining[text]:
            remaining[text] -= 1
        else:
            result.append(text)
    return result


def _field_label(name: str):
    return Actor._meta.get_field(name).verbose_name


def _value_text(name: str, value) -> str:
    if value in (None, ""):
        return "–"
    if name in CHOICE_LABELS:
        return str(CHOICE_LABELS[name](value).label)
    return str(value)


def _competence_text(item: dict) -> str:
    text = f"{item['text']} ({CompetenceKind(item['kind']).label})"
    if item.get("keywords"):
        text += " · " + ", ".join(item["keywords"])
    if item.get("topic_areas"):
        text += " · " + ", ".join(item["topic_areas"])
    return text


def _contact_text(item: dict) -> str:
    parts = [item["name"], item.get("function", ""), item.get("email", ""), item.get("phone", "")]
    consent = _("mit Einwilligung") if item.get("consent") else _("ohne Einwilligung")
    visibility = Visibility(item.get("visibility", Visibility.MEMBERS)).label
    return " · ".join(part for part in parts if part) + f" ({visibility}, {consent})"


def _activity_text(item: dict) -> str:
    return f"{item['code']} ({item['scheme']})" + (" *" if item.get("is_primary") else "")
