"""The value-chain view: Brandenburg's competences, gaps by district and stage, candidates from
Berlin and the neighbouring states, the coverage table, the page."""

import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterwerk.actors.models import ActorKind, ActorStatus, District, DistrictKind
from clusterwerk.actors.reference import ActorReferenceReport, load_districts, read_reference
from clusterwerk.actors.tests.conftest import make_actor, topic_lineage
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.portal.value_chain import (
    ValueChainQuery,
    analyse,
    coverage_table,
    load_plan_topics,
    value_chain_page,
)

URL = reverse("portal:value-chain")
PROCESS = "process"


@pytest.fixture
def districts(db):
    """The shipped districts (18 in Brandenburg, Berlin, a few in Sachsen and Sachsen-Anhalt)
    and one in Niedersachsen."""
    rows = load_districts(read_reference("districts.json"), ActorReferenceReport())
    rows["03241"] = District.objects.create(
        ags="03241",
        name="Region Hannover",
        kind=DistrictKind.RURAL_DISTRICT,
        state="Niedersachsen",
        centroid_latitude=52.4,
        centroid_longitude=9.7,
    )
    rows["09162"] = District.objects.create(
        ags="09162",
        name="München",
        kind=DistrictKind.URBAN_DISTRICT,
        state="Bayern",
        centroid_latitude=48.1,
        centroid_longitude=11.6,
    )
    return rows


@pytest.fixture
def world(cluster, districts):
    """A small directory around the small plan (4.2.1 Leichtbau, 4.4.2 Fertigung, 6.3.2
    Ausbildung). Brandenburg has 4.4.2 but nobody for 4.2.1."""
    plan = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    light, manufacturing, training = (topic_lineage(plan, n) for n in ("4.2.1", "4.4.2", "6.3.2"))

    def actor(name, ags, kind=ActorKind.COMPANY, competences=(), **fields):
        return make_actor(
            cluster, name, kind=kind, district=districts[ags], competences=competences, **fields
        )

    return SimpleNamespace(
        plan=plan,
        institute=actor(
            "Institut für Fügetechnik Potsdam",
            "12054",
            ActorKind.RESEARCH_INSTITUTE,
            [("Prüfung von Schweißverbindungen", PROCESS, [manufacturing])],
        ),
        company=actor(
            "Lausitzer Laserteile GmbH",
            "12052",
            competences=[
                ("Laserschneiden von Edelstahlblechen", PROCESS, [manufacturing]),
                ("Pulverbeschichtung", PROCESS, []),
            ],
        ),
        craft=actor(
            "Schlosserei Werder",
            "12069",
            ActorKind.CRAFT_BUSINESS,
            [("Schweißnähte an Geländern ausbessern", PROCESS, [])],
        ),
        berlin=actor(
            "Technische Hochschule Berlin-Mitte",
            "11000",
            ActorKind.UNIVERSITY,
            [("Leichtbau mit neuen Werkstoffen", "material", [light])],
        ),
        saxony=actor(
            "Leichtbauzentrum Dresden",
            "14612",
            ActorKind.RESEARCH_INSTITUTE,
            [("Faserverbund-Leichtbau", "material", [light])],
        ),
        lower_saxony=actor(
            "Hannoversche Karosseriewerke AG",
            "03241",
            competences=[("Leichtbaukarosserien aus Aluminium", "technology", [light])],
        ),
        bavaria=actor(
            "Münchner Leichtbau GmbH",
            "09162",
            competences=[("Leichtbau für Fahrzeuge", "technology", [light])],
        ),
        draft=actor(
            "Entwurf Leichtbau Brandenburg",
            "12054",
            competences=[("Leichtbau", "technology", [light])],
            status=ActorStatus.DRAFT,
        ),
        archived=actor(
            "Archiviert Leichtbau Brandenburg",
            "12052",
            competences=[("Leichtbau", "technology", [light])],
            status=ActorStatus.ARCHIVED,
        ),
        demo=actor(
            "Demo-Metallbau 0099 GmbH",
            "12073",
            competences=[("Ausbildung im Verbund", "service", [training])],
            is_demo=True,
        ),
    )


def plan_topics():
    return load_plan_topics(Cluster.objects.get(slug="metall"))


def result_for(**params):
    plan = plan_topics()
    query = ValueChainQuery.from_params(params, plan)
    assert query.is_valid, query.errors
    return analyse(query)


def names(hits):
    return [hit.actor.name for hit in hits]


# --- Analysis ---------------------------------------------------------------------------------


def test_topic_area_counts_brandenburg_by_kind_stage_and_district(world):
    result = result_for(topic="4.4.2")
    assert result.brandenburg_total == 2
    assert not result.brandenburg_has_none
    kinds = {row.kind: row.count for row in result.by_kind}
    assert kinds[ActorKind.RESEARCH_INSTITUTE] == 1
    assert kinds[ActorKind.COMPANY] == 1
    assert kinds[ActorKind.UNIVERSITY] == 0  # science kinds are always listed
    stages = {stage.key: stage for stage in result.by_stage}
    assert stages["science"].brandenburg == 1 and stages["industry"].brandenburg == 1
    assert stages["craft"].is_gap and stages["transfer"].is_gap
    # science first, then industry
    assert names(result.brandenburg_hits) == [
        "Institut für Fügetechnik Potsdam",
        "Lausitzer Laserteile GmbH",
    ]
    company = result.brandenburg_hits[1]
    assert company.competences == ["Laserschneiden von Edelstahlblechen"]


def test_all_eighteen_districts_are_listed_and_gaps_marked(world):
    result = result_for(topic="4.4.2")
    assert len(result.districts) == 18
    counts = {district.name: district.count for district in result.districts}
    assert counts["Potsdam"] == 1 and counts["Cottbus"] == 1
    assert len(result.gap_districts) == 16
    assert "Uckermark" in [district.name for district in result.gap_districts]
    assert all(district.path for district in result.districts)  # the map has every district
    assert result.has_map


def test_brandenburg_without_the_competence_gets_candidates_from_berlin_and_neighbours(world):
    result = result_for(topic="4.2.1")
    # the draft and the archived Brandenburg actors do not count
    assert result.brandenburg_has_none
    assert result.brandenburg_total == 0
    assert len(result.gap_districts) == 18
    assert [stage.key for stage in result.gap_stages] == [
        "science",
        "transfer",
        "industry",
        "craft",
    ]
    by_state = {state.name: state.count for state in result.candidates_by_state}
    assert by_state == {
        "Berlin": 1,
        "Sachsen": 1,
        "Sachsen-Anhalt": 0,
        "Mecklenburg-Vorpommern": 0,
        "Niedersachsen": 1,
    }
    # Berlin first, then Sachsen …; Bavaria is not a neighbour
    assert names(result.candidates) == [
        "Technische Hochschule Berlin-Mitte",
        "Leichtbauzentrum Dresden",
        "Hannoversche Karosseriewerke AG",
    ]
    assert [hit.state_name for hit in result.candidates] == ["Berlin", "Sachsen", "Niedersachsen"]
    assert result.candidates[0].competences == ["Leichtbau mit neuen Werkstoffen"]
    assert result.unplaced == 1  # Munich
    science = next(stage for stage in result.by_stage if stage.key == "science")
    assert science.neighbours == 2


def test_keyword_meets_word_forms_and_marks_them(world):
    result = result_for(q="Schweißnaht")
    assert names(result.brandenburg_hits) == [
        "Institut für Fügetechnik Potsdam",
        "Schlosserei Werder",
    ]
    craft = result.brandenburg_hits[1]
    assert "<mark>" in craft.competences[0]
    assert result.brandenburg_total == 2 and result.candidate_total == 0


def test_keyword_matches_compounds_outside_brandenburg(world):
    result = result_for(q="Leichtbauwerkstoffe")
    assert names(result.candidates) == ["Technische Hochschule Berlin-Mitte"]
    assert result.brandenburg_has_none


def test_keyword_searches_competences_not_names(world):
    # "Laserteile" is in a company's name only; its competence says "Laserschneiden".
    assert result_for(q="Laserteile").brandenburg_total == 0
    assert result_for(q="Laserschneiden").brandenburg_total == 1


def test_topic_and_keyword_must_both_hold(world):
    assert names(result_for(topic="4.4.2", q="Laserschneiden").brandenburg_hits) == [
        "Lausitzer Laserteile GmbH"
    ]
    # the craft business meets the keyword, but has no competence tagged 4.4.2
    assert names(result_for(topic="4.4.2", q="Schweißnähte").brandenburg_hits) == [
        "Institut für Fügetechnik Potsdam"
    ]


def test_demo_actors_are_counted_apart(world):
    result = result_for(topic="6.3.2")
    assert result.brandenburg_total == 1 and result.brandenburg_demo == 1
    assert result.only_demo_in_brandenburg
    industry = next(stage for stage in result.by_stage if stage.key == "industry")
    assert industry.only_demo and not industry.is_gap
    uckermark = next(d for d in result.districts if d.name == "Uckermark")
    assert uckermark.count == 1 and uckermark.demo == 1


def test_directory_links_carry_topic_and_keyword(world):
    plan = plan_topics()
    query = ValueChainQuery.from_params({"topic": "4.4.2", "q": "Laser schneiden"}, plan)
    assert query.directory_querystring(district="12054") == (
        "q=Laser+schneiden&topic=4.4.2&district=12054"
    )


# --- Coverage ---------------------------------------------------------------------------------


def test_coverage_table_lists_every_topic_area(world):
    table = coverage_table(plan_topics())
    rows = {row.topic.number: row for row in table.rows}
    assert list(rows) == ["4.2.1", "4.4.2", "6.3.2"]
    assert (rows["4.4.2"].brandenburg, rows["4.4.2"].science, rows["4.4.2"].neighbours) == (
        2,
        1,
        0,
    )
    assert rows["4.2.1"].is_gap and rows["4.2.1"].neighbours == 3
    assert rows["6.3.2"].only_demo and rows["6.3.2"].demo_share == 100
    assert [row.topic.number for row in table.gaps] == ["4.2.1"]
    assert table.has_demo
    assert [number for number, _title, _rows in table.groups] == ["4", "6"]


def test_without_published_edition(world, cluster):
    world.plan.delete()
    page = value_chain_page(cluster, {"q": "Laserschneiden"})
    assert page.coverage.rows == []
    assert page.result.brandenburg_total == 1


# --- Query count --------------------------------------------------------------------------------


def test_constant_number_of_queries(world, cluster, districts, django_assert_num_queries):
    params = {"topic": "4.4.2", "q": "Laserschneiden"}
    # edition, topic areas, aggregate, districts, Brandenburg page, candidates, competences,
    # coverage
    with django_assert_num_queries(8):
        value_chain_page(cluster, params)
    manufacturing = topic_lineage(world.plan, "4.4.2")
    for number in range(15):
        ags = ["12054", "11000", "14612", "12063", "15003"][number % 5]
        make_actor(
            cluster,
            f"Laserbetrieb {number}",
            district=districts[ags],
            competences=[("Laserschneiden und Kanten", PROCESS, [manufacturing])],
        )
    with CaptureQueriesContext(connection) as captured:
        page = value_chain_page(cluster, params)
    assert len(captured.captured_queries) == 8
    assert page.result.brandenburg_total == 7
    assert page.result.candidate_total == 9


def test_page_without_question_needs_three_queries(world, cluster, django_assert_num_queries):
    with django_assert_num_queries(3):  # edition, topic areas, coverage
        page = value_chain_page(cluster, {})
    assert page.result is None


# --- The page -----------------------------------------------------------------------------------


def test_page_for_everybody_with_topic_area(client, world):
    response = client.get(URL, {"topic": "4.2.1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "In Brandenburg hat kein veröffentlichter Akteur diese Kompetenz." in html
    assert "Technische Hochschule Berlin-Mitte" in html
    assert "Entwurf Leichtbau Brandenburg" not in html
    assert "Archiviert Leichtbau Brandenburg" not in html
    assert "<caption id=" in html and 'scope="row"' in html and 'scope="col"' in html
    assert "keine (Lücke)" in html
    assert "?topic=4.2.1&amp;district=" in html


def test_page_with_keyword(client, world):
    response = client.get(URL, {"q": "Schweißnaht"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Schlosserei Werder" in html
    assert "<mark>" in html
    assert "Ergebnis: Stichwort „Schweißnaht“" in html


def test_page_without_question_shows_the_coverage(client, world):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Abdeckung aller Themenbereiche" in html
    assert "nur Demo-Daten" in html
    assert "keiner in Brandenburg" in html
    assert "Ergebnis:" not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"topic": "9.9.9"}, "Einen Themenbereich „9.9.9“ gibt es in der gültigen"),
        ({"topic": "abc"}, "Einen Themenbereich „abc“ gibt es"),
        ({"topic": "4.4.2", "q": "und"}, "enthält kein Wort, nach dem sich suchen lässt"),
        ({"q": "Laser " * 60}, "Der Suchbegriff ist zu lang"),
    ],
)
def test_bad_input_is_explained_in_german(client, world, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert "Ergebnis:" not in html


def test_page_with_topic_area_and_keyword(client, world):
    html = client.get(URL, {"topic": "4.4.2", "q": "Laserschneiden"}).content.decode()
    assert (
        "Ergebnis: Themenbereich 4.4.2 Beherrschen und Weiterentwickeln von "
        "Fertigungstechnologien und Stichwort „Laserschneiden“"
    ) in html
    assert "Lausitzer Laserteile GmbH" in html
    assert "Institut für Fügetechnik Potsdam" not in html.split("Abdeckung aller")[0]


def test_the_form_groups_topic_areas_by_action_field(client, world):
    html = client.get(URL, {"topic": "4.4.2"}).content.decode()
    assert re.search(r'<optgroup label="4 Innovationswerkstatt', html)
    assert '<option value="4.4.2" selected>' in html
