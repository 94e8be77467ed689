"""python manage.py match: JSON and text output, filters, German errors."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clusterwerk.actors.models import ActorKind
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.matchmaking import engine


@pytest.fixture(autouse=True)
def fresh_caches():
    engine.clear_cache()
    yield
    engine.clear_cache()


@pytest.fixture
def actors(cluster):
    return {
        "company": make_actor(
            cluster,
            "Alpha Prüftechnik GmbH",
            competences=[("Prüfung von Schweißnähten", "process", [])],
        ),
        "institute": make_actor(
            cluster,
            "Institut für Schweißtechnik",
            kind=ActorKind.RESEARCH_INSTITUTE,
            competences=[("Zerstörungsfreie Prüfung von Schweißverbindungen", "process", [])],
        ),
    }


def run(*args) -> str:
    out = StringIO()
    call_command("match", *args, stdout=out)
    return out.getvalue()


def test_json_output(actors):
    payload = json.loads(
        run("Wir suchen jemanden, der Schweißnähte prüft", "--limit", "10", "--format", "json")
    )

    assert [item["actor_id"] for item in payload] == [
        actors["company"].pk,
        actors["institute"].pk,
    ]
    first = payload[0]
    assert set(first) == {"actor_id", "name", "kind", "score", "reasons"}
    assert first["name"] == "Alpha Prüftechnik GmbH"
    assert first["kind"] == "company"
    assert 0 < first["score"] <= 1
    assert first["reasons"][0].startswith("Treffer: ")


def test_kind_and_partner_kind_options(actors):
    rdi = json.loads(run("Schweißnähte prüfen", "--format", "json", "--kind", "rdi_request"))
    science = json.loads(
        run(
            "Schweißnähte prüfen",
            "--format",
            "json",
            "--partner-kind",
            "research_institute",
            "--partner-kind",
            "university",
        )
    )

    assert rdi[0]["actor_id"] == actors["institute"].pk
    assert [item["actor_id"] for item in science] == [actors["institute"].pk]


def test_region_options(cluster, actors):
    assert json.loads(run("Schweißnähte", "--format", "json", "--district", "12054")) == []
    assert json.loads(run("Schweißnähte", "--format", "json", "--region", "eu"))


def test_text_output_is_german(actors):
    output = run("Schweißnähte prüfen", "--limit", "1")

    # the first of the two (the thesaurus adds "zerstörungsfreie Prüfung" for weld seams)
    assert output.startswith(
        ("1. Alpha Prüftechnik GmbH (Wert ", "1. Institut für Schweißtechnik (Wert ")
    )
    assert "Treffer: " in output
    assert "Kein passender Akteur gefunden." in run("Pulverbeschichtung")


def test_empty_text_is_refused_in_german(cluster):
    for text in ("", "Wir suchen einen Partner"):
        with pytest.raises(CommandError, match=r"^Bitte beschreiben Sie, wonach Sie suchen\.$"):
            run(text)


def test_bad_options_are_refused_in_german(cluster):
    with pytest.raises(CommandError, match="--limit muss mindestens 1 sein"):
        run("Schweißen", "--limit", "0")
    with pytest.raises(CommandError, match="--origin"):
        run("Schweißen", "--radius", "30")
    with pytest.raises(CommandError, match="kein Standort"):
        run("Schweißen", "--radius", "30", "--origin", "Potsdam")
    with pytest.raises(CommandError, match="nicht gefunden"):
        run("Schweißen", "--cluster", "gibt-es-nicht")
