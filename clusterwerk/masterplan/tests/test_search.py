"""Searching one edition of the masterplan, on SQLite and PostgreSQL alike."""

import copy

import pytest
from django.db import connection
from django.utils.safestring import SafeString

from clusterwerk.masterplan import search
from clusterwerk.masterplan.models import TopicArea
from clusterwerk.masterplan.search import search_document_for, search_edition
from clusterwerk.masterplan.tests.factories import SMALL_PLAN, make_cluster, make_edition

pytestmark = pytest.mark.django_db


def numbers(hits):
    return [hit.element.number for hit in hits]


def plan_with(**topic_area_changes):
    """SMALL_PLAN with some topic area texts replaced: {"4.2.1": {"goal": "…"}}."""
    plan = copy.deepcopy(SMALL_PLAN)
    for number, changes in topic_area_changes.items():
        action_field, key_point = number.split(".")[0], ".".join(number.split(".")[:2])
        plan[action_field]["key_points"][key_point]["topic_areas"][number].update(changes)
    return plan


@pytest.fixture
def edition():
    return make_edition()


def test_search_document_for_holds_stems_parts_and_synonyms(edition):
    topic_area = TopicArea.objects.get(edition=edition, number="4.2.1")
    document = search_document_for(topic_area)
    assert document.startswith(" ")
    assert document.endswith(" ")
    assert {"4.2.1", "werkstoff", "leichtbau", "syn:3ddruck"} <= set(document.split())
    assert topic_area.search_document == document


def test_werkstoff_finds_the_topic_area_with_werkstoffe(edition):
    hits = search_edition(edition, "Werkstoff")
    assert numbers(hits) == ["4.2.1"]
    assert hits[0].kind == "topic_area"
    assert hits[0].field == "Schlagwörter"


def test_leichtbau_finds_leichtbauloesungen():
    plan = plan_with(**{"4.2.1": {"goal": "Bessere Produkte.", "keywords": ["Recycling"]}})
    edition = make_edition(plan=plan)
    [hit] = search_edition(edition, "Leichtbau")
    assert hit.element.number == "4.2.1"
    assert hit.field == "Relevanz"
    assert "<mark>Leichtbaulösungen</mark>" in hit.snippet_html


def test_3d_druck_finds_additive_fertigung_and_back():
    plan = plan_with(**{"4.4.2": {"keywords": ["Fertigungstechnik", "Schweißen"]}})
    edition = make_edition(plan=plan)
    # 4.2.1 only says "additive Fertigung", 4.4.2 only "3D-Druck".
    assert sorted(numbers(search_edition(edition, "3D-Druck"))) == ["4.2.1", "4.4.2"]
    assert sorted(numbers(search_edition(edition, "additive Fertigung"))) == ["4.2.1", "4.4.2"]
    hit = next(h for h in search_edition(edition, "3D-Druck") if h.element.number == "4.2.1")
    assert "<mark>additive Fertigung</mark>" in hit.snippet_html


def test_3d_druck_in_the_small_plan(edition):
    assert "4.4.2" in numbers(search_edition(edition, "3D-Druck"))
    assert "4.4.2" in numbers(search_edition(edition, "additive Fertigung"))


def test_schweissnaehte_finds_schweissverbindungen(edition):
    hits = search_edition(edition, "Schweißnähte")
    assert numbers(hits) == ["4.4.2"]
    assert "<mark>Schweißverbindungen</mark>" in hits[0].snippet_html


def test_all_words_of_the_query_must_match(edition):
    assert numbers(search_edition(edition, "Werkstoffe Gewicht")) == ["4.2.1"]
    assert search_edition(edition, "Werkstoffe Ausbildung") == []


def test_title_hits_rank_above_keyword_and_goal_hits_above_body_hits():
    plan = {
        "4": {
            "title": "Innovationswerkstatt",
            "key_points": {
                "4.1": {
                    "title": "Technologien",
                    "topic_areas": {
                        "4.1.1": {"title": "Umformen", "potential": "Mehr Recycling."},
                        "4.1.2": {"title": "Gießen", "goal": "Recycling von Schrott."},
                        "4.1.3": {"title": "Recycling von Metallen"},
                        "4.1.4": {"title": "Fügen", "keywords": ["Recycling"]},
                    },
                }
            },
        }
    }
    edition = make_edition(plan=plan)
    hits = search_edition(edition, "Recycling")
    assert numbers(hits) == ["4.1.3", "4.1.2", "4.1.4", "4.1.1"]
    assert [hit.field for hit in hits] == ["Titel", "Ziel", "Schlagwörter", "Potenzial"]
    assert hits[0].score > hits[1].score > hits[3].score


def test_equal_hits_are_ordered_by_number():
    plan = {
        "6": {"title": "Fachkräfte", "key_points": {}},
        "4": {"title": "Fachkräfte", "key_points": {}},
        "5": {"title": "Fachkräfte", "key_points": {}},
    }
    edition = make_edition(plan=plan)
    hits = search_edition(edition, "Fachkräfte")
    assert numbers(hits) == ["4", "5", "6"]
    assert {hit.kind for hit in hits} == {"action_field"}


def test_key_points_and_action_fields_are_found(edition):
    hits = search_edition(edition, "Fachkräfte")
    assert numbers(hits) == ["6", "6.3"]
    assert [hit.kind for hit in hits] == ["action_field", "key_point"]


def test_results_are_limited_to_the_edition(edition):
    other = make_edition(make_cluster("kunststoffe", "Cluster Kunststoffe und Chemie"))
    hits = search_edition(edition, "Werkstoff")
    assert [hit.element.edition_id for hit in hits] == [edition.pk]
    assert [hit.element.edition_id for hit in search_edition(other, "Werkstoff")] == [other.pk]


def test_limit_cuts_the_ranked_list(edition):
    all_hits = search_edition(edition, "Fertigung")
    assert len(all_hits) > 1
    assert search_edition(edition, "Fertigung", limit=1) == all_hits[:1]


def test_websearch_operators_are_plain_words_on_every_database(edition):
    assert search_edition(edition, "Leichtbau or Ausbildung") == []
    assert numbers(search_edition(edition, '"Leichtbau" -Gewicht')) == ["4.2.1"]


def test_hits_carry_edition_and_cluster_without_further_queries(edition, django_assert_num_queries):
    hits = search_edition(edition, "Fachkräfte")
    with django_assert_num_queries(0):
        slugs = {(hit.element.edition.cluster.slug, hit.element.edition.slug) for hit in hits}
    assert slugs == {("metall", "2020")}


@pytest.mark.parametrize("query", ["", "   ", "und der für", "!!!"])
def test_empty_or_stopword_queries_find_nothing(edition, query):
    assert search_edition(edition, query) == []


def test_a_pasted_paragraph_is_cut_to_the_first_words(edition, monkeypatch):
    query = "Werkstoffe Gewicht " + "Gewicht " * 1200  # without a cap: SQL too deep
    assert numbers(search_edition(edition, query)) == ["4.2.1"]
    monkeypatch.setattr(search, "MAX_QUERY_TERMS", 1)
    assert numbers(search_edition(edition, "Werkstoffe Ausbildung")) == ["4.2.1"]


def test_unknown_words_find_nothing(edition):
    assert search_edition(edition, "Quantencomputer") == []


def test_html_in_texts_is_escaped_in_snippets():
    relevance = "<script>alert('x')</script> Werkstoffe <b>"
    plan = plan_with(**{"4.2.1": {"relevance": relevance, "keywords": []}})
    edition = make_edition(plan=plan)
    [hit] = search_edition(edition, "Werkstoff")
    assert isinstance(hit.snippet_html, SafeString)
    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html
    assert "<mark>Werkstoffe</mark> &lt;b&gt;" in hit.snippet_html


def test_query_count_is_small_and_constant(edition, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        search_edition(edition, "Werkstoff")
    with django_assert_max_num_queries(3):
        search_edition(edition, "3D-Druck Leichtbau kleine und mittlere Unternehmen Schweißnähte")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgres_full_text_search_catches_elements_without_search_document():
    edition = make_edition()  # not indexed: search_document is empty
    hits = search_edition(edition, "Werkstoffe")
    assert numbers(hits) == ["4.2.1"]
    assert "<mark>Werkstoffe</mark>" in hits[0].snippet_html
