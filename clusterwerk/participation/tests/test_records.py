import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clusterwerk.actors.models import Actor, ActorKind, ClusterMembership
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation.models import Interview, Workshop
from clusterwerk.participation.services import (
    record_interview,
    record_workshop,
    update_interview,
)
from conftest import DaysFromToday, resolve_days

pytestmark = pytest.mark.clock


@pytest.fixture
def published(cluster):
    return make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)


@pytest.fixture
def actor(cluster):
    actor = Actor.objects.create(name="Muster Metallbau GmbH", kind=ActorKind.COMPANY)
    ClusterMembership.objects.create(actor=actor, cluster=cluster)
    return actor


def interview_values(actor, **extra):
    return {
        "held_on": datetime.date(2026, 3, 2),
        "actor": actor,
        "interviewee_function": "Geschäftsführerin",
        "topics": "4.2.1, 6.3.2",
        "situation": "Zwanzig Beschäftigte, Blechbearbeitung.",
        "needs": "Auszubildende finden.",
        "suggestions": "Verbundausbildung stärken.",
        "consent_to_quote": True,
        **extra,
    }


def test_record_interview_with_topic_lineages(cluster, published, cluster_manager, actor):
    interview = record_interview(user=cluster_manager, cluster=cluster, **interview_values(actor))
    assert interview.topic_lineages == [
        str(published.topic_areas.get(number="4.2.1").lineage),
        str(published.topic_areas.get(number="6.3.2").lineage),
    ]
    assert interview.recorded_by == cluster_manager
    update_interview(
        user=cluster_manager, interview=interview, **interview_values(actor, topics="4.4.2")
    )
    interview.refresh_from_db()
    assert interview.topic_lineages == [str(published.topic_areas.get(number="4.4.2").lineage)]


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        ({"topics": "9.9.9"}, "topics"),
        ({"actor": None}, "actor"),
        ({"interviewee_function": " "}, "interviewee_function"),
        ({"held_on": DaysFromToday(3)}, "held_on"),
    ],
)
def test_interview_validation(cluster, published, cluster_manager, actor, extra, key):
    with pytest.raises(ValidationError) as problem:
        record_interview(
            user=cluster_manager,
            cluster=cluster,
            **{**interview_values(actor), **resolve_days(extra)},
        )
    assert key in problem.value.message_dict
    assert not Interview.objects.exists()


def test_workshops_may_be_planned(cluster, cluster_manager, actor):
    workshop = record_workshop(
        user=cluster_manager,
        cluster=cluster,
        title="Werkstattgespräch Fachkräfte",
        held_on=timezone.localdate() + datetime.timedelta(days=20),
        participant_count=14,
        participants=[actor],
        minutes="",
    )
    assert list(workshop.participants.all()) == [actor]


@pytest.mark.parametrize("persona", ["member", "board_member", "outsider"])
def test_only_managers_record(request, cluster, published, actor, persona):
    with pytest.raises(PermissionDenied):
        record_interview(
            user=request.getfixturevalue(persona), cluster=cluster, **interview_values(actor)
        )


@pytest.mark.parametrize(
    "url",
    [
        "/beteiligung/interviews/",
        "/beteiligung/interviews/neu/",
        "/beteiligung/workshops/",
        "/beteiligung/workshops/neu/",
    ],
)
@pytest.mark.parametrize("persona", ["member", "board_member", "outsider"])
def test_pages_are_for_managers_only(member_client_factory, cluster, url, persona):
    assert member_client_factory(persona).get(url).status_code == 403


def test_anonymous_gets_403(client, cluster):
    assert client.get("/beteiligung/interviews/").status_code == 403


def test_interview_pages(manager_client, cluster, published, actor):
    assert manager_client.get("/beteiligung/interviews/neu/").status_code == 200
    data = {
        "held_on": "2026-03-02",
        "actor": actor.pk,
        "interviewee_function": "Ausbildungsleiter",
        "topics": "6.3.2",
        "needs": "Mehr Bewerbungen.",
        "consent_to_quote": "on",
    }
    response = manager_client.post("/beteiligung/interviews/neu/", data)
    assert response.status_code == 302
    interview = Interview.objects.get()
    listing = manager_client.get("/beteiligung/interviews/").content.decode()
    assert "Ausbildungsleiter" in listing and "6.3.2" in listing
    edit = manager_client.get(f"/beteiligung/interviews/{interview.pk}/").content.decode()
    assert 'value="6.3.2"' in edit
    response = manager_client.post(
        f"/beteiligung/interviews/{interview.pk}/", {**data, "topics": "7.7.7"}
    )
    assert response.status_code == 400
    assert "Unbekannte Themenbereiche: 7.7.7" in response.content.decode()


def test_workshop_pages(manager_client, cluster, actor):
    response = manager_client.post(
        "/beteiligung/workshops/neu/",
        {
            "title": "Workshop Leichtbau",
            "held_on": "2026-04-20",
            "participant_count": "9",
            "participants": [actor.pk],
            "minutes": "Ergebnisse …",
        },
    )
    assert response.status_code == 302
    workshop = Workshop.objects.get()
    assert "Workshop Leichtbau" in manager_client.get("/beteiligung/workshops/").content.decode()
    assert manager_client.get(f"/beteiligung/workshops/{workshop.pk}/").status_code == 200
