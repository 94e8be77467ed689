"""The innovation prize on the actor's profile and the topic area's page: published
editions, public decisions and consent only; as applicant or as partner."""

import uuid

import pytest
from django.template.loader import render_to_string

from clusterwerk.award.models import ApplicationTopicArea, Decision, Phase
from clusterwerk.award.related import prizes_for_topic_area, prizes_of_actor
from clusterwerk.award.tests.factories import make_application, make_award_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cluster, applicant, institute, berlin_company):
    old = make_award_edition(cluster, year=2019, phase=Phase.PUBLISHED)
    new = make_award_edition(cluster, year=2020, phase=Phase.PUBLISHED)
    running = make_award_edition(cluster, year=2021, phase=Phase.DECISION)
    lineage = uuid.uuid4()
    entries = {
        "nominee_2019": make_application(
            old, applicant, title="Nominiert 2019", decision=Decision.NOMINEE
        ),
        "winner_2020": make_application(
            new,
            applicant,
            title="Sieger 2020",
            decision=Decision.WINNER,
            partners=[institute],
        ),
        "special_2020": make_application(
            new, berlin_company, title="Sonderpreis 2020", decision=Decision.SPECIAL_PRIZE
        ),
        "secret": make_application(
            new,
            applicant,
            title="Ohne Einwilligung",
            decision=Decision.WINNER,
            publication_consent=False,
        ),
        "shortlisted": make_application(
            new, applicant, title="Engere Wahl", decision=Decision.SHORTLISTED
        ),
        "unreleased": make_application(
            running, applicant, title="Noch geheim", decision=Decision.WINNER
        ),
    }
    for key in ("nominee_2019", "winner_2020", "secret", "unreleased"):
        ApplicationTopicArea.objects.create(application=entries[key], lineage=lineage)
    return entries, lineage


def titles(prizes):
    return [prize.application.title for prize in prizes.items]


def test_an_actors_prizes_as_applicant(
    member, cluster, applicant, world, django_assert_num_queries
):
    with django_assert_num_queries(1):
        prizes = prizes_of_actor(member, cluster, applicant)
    assert titles(prizes) == ["Sieger 2020", "Nominiert 2019"]
    assert prizes.count == 2
    assert not any(prize.as_partner for prize in prizes.items)
    assert prizes.items[0].is_prize and not prizes.items[1].is_prize


def test_an_actors_prizes_as_partner(member, cluster, institute, world):
    prizes = prizes_of_actor(member, cluster, institute)
    assert titles(prizes) == ["Sieger 2020"]
    assert prizes.items[0].as_partner
    html = render_to_string("award/_actor_prizes.html", {"prizes": prizes})
    assert "als Partner von Metallbau Havelland GmbH" in html
    assert "2020: Preisträger" in html


def test_another_cluster_shows_nothing(other_cluster, applicant, world):
    prizes = prizes_of_actor(None, other_cluster, applicant)
    assert prizes.is_empty
    assert render_to_string("award/_actor_prizes.html", {"prizes": prizes}).strip() == ""


def test_a_topic_areas_published_entries(cluster, world):
    _entries, lineage = world
    prizes = prizes_for_topic_area(None, cluster, lineage)
    assert titles(prizes) == ["Sieger 2020", "Nominiert 2019"]
    limited = prizes_for_topic_area(None, cluster, lineage, limit=1)
    assert titles(limited) == ["Sieger 2020"] and limited.count == 2
    html = render_to_string(
        "award/_actor_prizes.html", {"prizes": limited, "show_applicant": True, "level": 3}
    )
    assert "<h3" in html and "(Metallbau Havelland GmbH)" in html
    assert "2 Auszeichnungen und Nominierungen insgesamt" in html
    assert prizes_for_topic_area(None, cluster, uuid.uuid4()).is_empty
