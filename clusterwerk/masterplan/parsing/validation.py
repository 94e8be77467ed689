"""Checks of the parsed tree: numbers, titles, sections; references to unknown topic areas
are dropped."""

from django.utils.translation import gettext as _

from clusterwerk.masterplan.parsing.lines import Problem
from clusterwerk.masterplan.tree import PlanTree

SECTION_NAMES = {"goal": "Ziel", "relevance": "Relevanz", "potential": "Potenzial"}


def validate_tree(tree: PlanTree) -> list[Problem]:
    problems = []
    seen: dict[str, int | None] = {}
    elements = [*tree.action_fields, *tree.key_points(), *tree.topic_areas()]
    for element in elements:
        if element.number in seen:
            problems.append(
                Problem(
                    element.line,
                    _("Die Nummer %(number)s kommt mehrfach vor (zuerst in Zeile %(first)s).")
                    % {"number": element.number, "first": seen[element.number]},
                )
            )
        else:
            seen[element.number] = element.line
        if not element.title:
            problems.append(Problem(element.line, _("%s: Der Titel fehlt.") % element.number))
    for action_field in tree.action_fields:
        if not action_field.key_points:
            problems.append(
                Problem(
                    action_field.line,
                    _("Handlungsfeld %s hat keine Eckpunkte.") % action_field.number,
                )
            )
    for key_point in tree.key_points():
        if not key_point.topic_areas:
            problems.append(
                Problem(
                    key_point.line, _("Eckpunkt %s hat keine Themenbereiche.") % key_point.number
                )
            )
    for topic_area in tree.topic_areas():
        for field_name, label in SECTION_NAMES.items():
            if not getattr(topic_area, field_name).strip():
                problems.append(
                    Problem(
                        topic_area.line,
                        _("Themenbereich %(number)s „%(title)s“: Abschnitt „%(section)s“ fehlt.")
                        % {
                            "number": topic_area.number,
                            "title": topic_area.title,
                            "section": label,
                        },
                    )
                )
    known = {topic_area.number for topic_area in tree.topic_areas()}
    for topic_area in tree.topic_areas():
        topic_area.references = [number for number in topic_area.references if number in known]
    return problems
