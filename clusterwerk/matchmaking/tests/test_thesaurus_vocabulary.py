"""The thesaurus speaks the directory's language: every target competence of every entry is
found in the vocabulary that actors and the masterplan actually use, and every entry is
grounded in a topic area or an institution that exists.

Vocabulary: the reference institutions (names, descriptions, competence texts, keywords),
the demo competence catalogue, and the topic areas of the masterplan's reference edition
(titles, goals, keywords). Read from the shipped files, no database needed.
"""

import functools
import json
import re

import pytest

from clusterwerk.actors import reference as actor_reference
from clusterwerk.actors.demo_vocabulary import COMPETENCE_GROUPS, load_demo_data
from clusterwerk.core.text import index_terms, stem
from clusterwerk.core.thesaurus import entries
from clusterwerk.masterplan import reference as masterplan_reference

TOPIC_NUMBER_RE = re.compile(r"^\d+\.\d+\.\d+$")


def read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def institutions() -> list[dict]:
    path = actor_reference.REFERENCE_DIR / "institutions_metall_2020.json"
    return read_json(path)["institutions"]


@functools.cache
def topic_areas() -> list[dict]:
    edition = read_json(masterplan_reference.REFERENCE_DIR / "metall_2020.json")
    return [
        topic_area
        for action_field in edition["action_fields"]
        for key_point in action_field["key_points"]
        for topic_area in key_point["topic_areas"]
    ]


def vocabulary_texts() -> list[str]:
    texts = []
    for institution in institutions():
        texts += [institution["name"], institution.get("short_name") or ""]
        texts.append(institution["description"])
        for competence in institution["competences"]:
            texts += [competence["text"], *competence["keywords"]]
    catalogue = load_demo_data("competences")
    for group in COMPETENCE_GROUPS:
        for competence in catalogue[group]:
            texts += [competence["text"], *competence["keywords"]]
            texts.append(competence.get("evidence", ""))
    for topic_area in topic_areas():
        texts += [topic_area["title"], topic_area["goal"], *topic_area["keywords"]]
    return [text for text in texts if text]


@functools.cache
def vocabulary() -> frozenset[str]:
    return frozenset().union(*(index_terms(text) for text in vocabulary_texts()))


def test_the_vocabulary_is_loaded_from_all_three_sources():
    assert len(institutions()) > 40
    assert len(topic_areas()) == 37
    terms = vocabulary()
    # one word only an institution, the demo catalogue, the masterplan uses
    assert {stem("Spektroskopie"), stem("Schweißkurse"), stem("Foresight")} <= terms


def test_every_target_of_every_entry_occurs_in_the_vocabulary():
    terms = vocabulary()
    missing = {
        f"{entry.problem} -> {target}: {sorted(index_terms(target) - terms)}"
        for entry in entries()
        for target in entry.targets
        if not index_terms(target) <= terms
    }
    assert not missing, "\n".join(sorted(missing))


def test_every_target_occurs_whole_in_one_vocabulary_text():
    # Stricter than the union: a two-word target is not pieced together from two sources.
    texts = [index_terms(text) for text in vocabulary_texts()]
    missing = {
        f"{entry.problem} -> {target}"
        for entry in entries()
        for target in entry.targets
        if not any(index_terms(target) <= terms for terms in texts)
    }
    assert not missing, "\n".join(sorted(missing))


def test_a_made_up_target_would_be_caught():
    assert not index_terms("Schweißsimulation") <= vocabulary()


def grounding_references(grounding: str) -> list[str]:
    return [item.strip() for item in re.split(r"[;,]", grounding) if item.strip()]


def test_every_grounding_names_existing_topic_areas_or_institutions():
    numbers = {topic_area["number"] for topic_area in topic_areas()}
    names = {institution["name"] for institution in institutions()} | {
        institution["short_name"] for institution in institutions() if institution["short_name"]
    }
    problems = []
    for entry in entries():
        references = grounding_references(entry.grounding)
        known = [reference for reference in references if reference in numbers | names]
        unknown = [reference for reference in references if reference not in known]
        if not known or unknown:
            problems.append(f"{entry.problem}: unknown {unknown} in {entry.grounding!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("grounding", "expected"),
    [("4.4.2, 4.3.1; BAM, Panta Rhei", ["4.4.2", "4.3.1", "BAM", "Panta Rhei"])],
)
def test_groundings_split_into_numbers_and_names(grounding, expected):
    assert grounding_references(grounding) == expected
    assert all(TOPIC_NUMBER_RE.match(item) for item in expected[:2])
