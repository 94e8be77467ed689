"""Thesaurus hints: the topic areas that the problem → competence thesaurus names for the
problems a description mentions (`clusterwerk.core.thesaurus`, grounding "4.4.2, 4.3.1; BAM").
"""

import re
from dataclasses import dataclass

from clusterwerk.core.thesaurus import expansions

_NUMBER_RE = re.compile(r"\b\d+\.\d+\.\d+\b")


@dataclass(frozen=True)
class Hint:
    problem: str  # the thesaurus entry's problem as written ("Verzug")
    numbers: tuple[str, ...]  # topic-area numbers of its grounding, the closest first
    targets: tuple[str, ...]  # the competences that solve it ("Wärmebehandlung", …)


def grounding_numbers(grounding: str) -> tuple[str, ...]:
    """The topic-area numbers before the ";" of a grounding, in order, each once."""
    numbers = _NUMBER_RE.findall(grounding.split(";", 1)[0])
    return tuple(dict.fromkeys(numbers))


def thesaurus_hints(text: str) -> list[Hint]:
    """One hint per thesaurus entry whose problem occurs in the text."""
    return [
        Hint(expansion.problem, grounding_numbers(expansion.grounding), expansion.targets)
        for expansion in expansions(text)
    ]
