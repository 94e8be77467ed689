"""The shipped KldB 2010 occupations: codes and titles as the BA publishes them, the fifth
digit as the skill level, and a loader that a second run does not change."""

import pytest
from django.core.management import call_command

from clusterwerk.skills.models import Occupation, OccupationLevel
from clusterwerk.skills.reference import load_occupations, occupation_rows

GROUPS = {"241", "242", "243", "244", "245", "251", "252", "261", "262", "263", "271", "272", "273"}


def test_shipped_rows_cover_the_cluster_groups_with_valid_codes():
    rows = occupation_rows()
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    assert {code for code in codes if len(code) == 3} == GROUPS
    for row in rows:
        assert row["code"][:3] in GROUPS
        assert row["title"]
        if len(row["code"]) == 5:
            assert row["level"] == OccupationLevel.TYPE
            assert row["skill_level"] == int(row["code"][4])
            assert row["is_apprenticeship"] == (row["skill_level"] == 2)
        else:
            assert row["skill_level"] is None and row["level"] == OccupationLevel.GROUP


def test_titles_are_the_official_ones():
    titles = {row["code"]: row for row in occupation_rows()}
    assert titles["25102"]["title"] == (
        "Berufe in der Maschinenbau- und Betriebstechnik (ohne Spezialisierung) – "
        "fachlich ausgerichtete Tätigkeiten"
    )
    assert titles["25102"]["short_title"] == "Industriemechaniker/innen"
    assert titles["25122"]["title"] == (
        "Maschinen- und Anlagenführer/innen – fachlich ausgerichtete Tätigkeiten"
    )
    assert titles["244"]["title"] == "Metallbau und Schweißtechnik"
    assert "Bundesagentur für Arbeit" in titles["244"]["source"]


@pytest.mark.django_db
def test_load_is_idempotent():
    first = load_occupations()
    assert first == Occupation.objects.count() == len(occupation_rows())
    assert load_occupations() == 0
    occupation = Occupation.objects.get(code="26112")
    occupation.short_title = "verändert"
    occupation.save()
    assert load_occupations() == 1
    assert Occupation.objects.get(code="26112").short_title == "Mechatroniker/innen"


@pytest.mark.django_db
def test_load_occupations_command(capsys):
    call_command("load_occupations")
    assert "neu oder geändert" in capsys.readouterr().out
    call_command("load_occupations")
    assert "unverändert" in capsys.readouterr().out
