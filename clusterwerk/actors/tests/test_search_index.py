"""The database's term index (`actors.search.index`, FTS5 on SQLite, tsvector/GIN on
PostgreSQL) finds exactly the actors the pure Python rule of `core.text` finds, and stays in
step with every way of writing actors."""

import pytest
from django.db import connection

from clusterwerk.actors.indexing import index_actor
from clusterwerk.actors.models import Actor, ActorKind
from clusterwerk.actors.search import term_condition, terms_condition
from clusterwerk.actors.search.index import ensure_search_index
from clusterwerk.actors.tests.directory_support import make_actor
from clusterwerk.core.text import document_matches, parse_query

pytestmark = pytest.mark.django_db

COLUMNS = ("search_document", "search_competences", "search_name")

ACTORS = [
    ("Laserschweißtechnik Müller GmbH", ["Laserschweißen von Edelstahl", "WIG-Schweißen"], ""),
    ("Leichtbau Institut", ["Leichtbauwerkstoffe und Faserverbunde"], "Prüfung von Bauteilen"),
    ("Druckerei Schulz", ["Offsetdruck"], "Wir drucken Broschüren."),
    ("Additiv Werk", ["Additive Fertigung von Metallteilen"], "Pulverbettverfahren"),
    ("3D Print Lab", ["3D-Druck für Prototypen"], ""),
    ("CNC Technik Cottbus", ["CNC-Fräsen", "Drehen"], "Zerspanung in Cottbus"),
    ("Bau & Montage", ["Stahlbau", "Montage"], "bau von Hallen"),
    ("Größenwerk", ["Werkstoffprüfung"], "Pruefung nach DIN, Qualitätssicherung"),
    ("IT-Sicherheit Nord", ["IT-Sicherheit für KMU"], "Cybersicherheit und Industrie 4.0"),
    ("Korrosionsschutz Ost", ["Korrosionsschutz", "Pulverbeschichtung"], "Stahl verzinken"),
    ("Ohne Kompetenzen", [], ""),
]

QUERIES = [
    "Schweißen",  # substring needle inside compounds
    "Laserschweißen",
    "Schweißnähte",  # compound parts as an alternative
    "Leichtbauwerkstoffe",
    "Leichtbau Werkstoff",
    "Druck",  # inside "offsetdruck"; must not meet the synonym key of 3D-Druck
    "3D-Druck",  # synonym group with "additive Fertigung"
    "additive Fertigung",
    "CNC",  # short needle: whole term only
    "Bau",
    "Fräsen Cottbus",
    "Prüfung",  # umlaut and ue spelling
    "Pruefung",
    "Größe",
    "IT-Sicherheit",
    "Industrie 4.0",
    "Korrosionsschutz Stahl",
    "Flugzeugträger",
    "KMU",
]


@pytest.fixture
def actors(cluster):
    return [
        make_actor(name, competences=competences, description=description, cluster=cluster)
        for name, competences, description in ACTORS
    ]


def python_rule(actors, terms, column):
    return {
        actor.name for actor in actors if document_matches(terms, getattr(actor, column).split())
    }


def database_path(terms, column):
    return set(Actor.objects.filter(terms_condition(terms, column)).values_list("name", flat=True))


@pytest.mark.parametrize("query", QUERIES)
def test_the_database_finds_what_the_python_rule_finds(actors, query):
    terms = parse_query(query)
    assert terms
    stored = list(Actor.objects.all())
    for column in COLUMNS:
        assert database_path(terms, column) == python_rule(stored, terms, column), column


def test_the_rules_are_the_ones_of_the_text_module(actors):
    assert database_path(parse_query("Schweißen"), "search_document") == {
        "Laserschweißtechnik Müller GmbH"
    }
    # a short needle only as a whole term: "bau" of "Bau & Montage", not "leichtbau"
    assert database_path(parse_query("Bau"), "search_document") == {"Bau & Montage"}
    # the synonym group, both ways
    both = {"Additiv Werk", "3D Print Lab"}
    assert database_path(parse_query("additive Fertigung"), "search_document") == both
    assert database_path(parse_query("3D-Druck"), "search_document") >= both
    # "druck" lies inside "offsetdruck", not inside the synonym key "syn:3ddruck"
    assert "Additiv Werk" not in database_path(parse_query("Druck"), "search_document")


def test_a_condition_behind_a_relation_and_combined_with_or(actors):
    from clusterwerk.actors.models import Competence

    cnc, drehen = parse_query("CNC Drehen")
    competences = Competence.objects.filter(
        term_condition(cnc, "actor__search_competences")
        | term_condition(parse_query("Stahlbau")[0], "actor__search_competences")
    )
    assert {competence.actor.name for competence in competences} == {
        "CNC Technik Cottbus",
        "Bau & Montage",
    }
    assert Actor.objects.filter(~term_condition(drehen, "search_document")).count() == 10


def test_the_index_follows_updates_bulk_writes_and_deletes(cluster):
    actor = make_actor("Gießerei Weber", competences=["Sandguss"], cluster=cluster)
    sandguss = parse_query("Sandguss")
    assert database_path(sandguss, "search_document") == {"Gießerei Weber"}

    actor.description = "Druckguss aus Aluminium"
    index_actor(actor)
    actor.save()
    assert database_path(parse_query("Druckguss"), "search_document") == {"Gießerei Weber"}

    # a plain UPDATE through the ORM, as the re-index command writes
    Actor.objects.filter(pk=actor.pk).update(search_document=" kokillenguss ")
    assert database_path(parse_query("Druckguss"), "search_document") == set()
    assert database_path(parse_query("Kokillenguss"), "search_document") == {"Gießerei Weber"}
    assert database_path(sandguss, "search_document") == set()
    assert database_path(sandguss, "search_competences") == {"Gießerei Weber"}

    # bulk writes (the import's path)
    new = Actor(name="Schmiede Ost", kind=ActorKind.COMPANY, slug="schmiede-ost")
    index_actor(new, competences=[{"text": "Gesenkschmieden"}])
    Actor.objects.bulk_create([new])
    assert database_path(parse_query("Schmieden"), "search_competences") == {"Schmiede Ost"}

    # the import's upsert of stored actors (INSERT … ON CONFLICT DO UPDATE)
    again = Actor(name="Schmiede Ost", kind=ActorKind.COMPANY, slug="schmiede-ost")
    index_actor(again, competences=[{"text": "Freiformschmieden"}])
    Actor.objects.bulk_create(
        [again],
        update_conflicts=True,
        unique_fields=["slug"],
        update_fields=["search_name", "search_competences", "search_document"],
    )
    assert database_path(parse_query("Freiformschmieden"), "search_competences") == {"Schmiede Ost"}
    assert database_path(parse_query("Gesenkschmieden"), "search_competences") == set()

    Actor.objects.filter(name="Schmiede Ost").delete()
    actor.delete()
    assert database_path(parse_query("Schmieden"), "search_document") == set()
    assert database_path(parse_query("Kokillenguss"), "search_document") == set()


def test_ensure_search_index_rebuilds_what_a_table_rebuild_lost(cluster):
    make_actor("Härterei Krause", competences=["Einsatzhärten"], cluster=cluster)
    assert not ensure_search_index()  # everything in place
    if connection.vendor == "sqlite":
        # what a migration that rebuilds actors_actor on SQLite does to its triggers
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER actors_actor_search_insert")
            cursor.execute("DROP TRIGGER actors_actor_search_update")
        Actor.objects.filter(name="Härterei Krause").update(search_document=" nitrieren ")
        assert ensure_search_index()
    assert ensure_search_index(rebuild=True)
    make_actor("Vergüterei Lang", competences=["Vergüten"], cluster=cluster)
    assert database_path(parse_query("Vergüten"), "search_document") == {"Vergüterei Lang"}
    if connection.vendor == "sqlite":
        assert database_path(parse_query("Nitrieren"), "search_document") == {"Härterei Krause"}


def test_a_bulk_import_refreshes_the_planner_statistics(cluster, monkeypatch):
    from clusterwerk.accounts.services import system_user
    from clusterwerk.actors import importing
    from clusterwerk.actors.tests.transfer_support import (
        csv_bytes,
        load_transfer_reference,
        sample_rows,
    )

    load_transfer_reference(cluster)
    analyzed = []
    monkeypatch.setattr(importing, "analyze", lambda *tables: analyzed.extend(tables))
    importing.import_actors(
        source=csv_bytes(sample_rows()), filename="a.csv", user=system_user(), cluster=cluster
    )
    assert analyzed == []  # a few rows: left to the database's own maintenance
    monkeypatch.setattr(importing, "ANALYZE_AFTER_ROWS", 2)
    importing.import_actors(
        source=csv_bytes(sample_rows()), filename="a.csv", user=system_user(), cluster=cluster
    )
    assert Actor in analyzed
    assert "actors_actor_search" in analyzed
