"""No lost edits in the interview and workshop forms: changing one thing changes exactly that
thing. The date survives the date input; linked rows the form cannot offer any more (a
proposal hidden by moderation, an actor of another cluster, a topic area of an earlier
edition) stay linked."""

import datetime
import uuid

import pytest
from django.utils import timezone

from clusterwerk.actors.models import Actor, ClusterMembership
from clusterwerk.actors.tests.form_support import page_form
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation.models import Interview, Workshop
from clusterwerk.participation.tests.factories import make_consultation
from clusterwerk.participation.tests.results_helpers import amendment, person, topic

pytestmark = pytest.mark.clock

EARLIER_EDITION_TOPIC = str(uuid.UUID("00000000-0000-4000-8000-000000000099"))


@pytest.fixture
def published(cluster):
    return make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)


def member_actor(cluster, name):
    actor = Actor.objects.create(name=name, slug=name.lower().replace(" ", "-"), kind="company")
    ClusterMembership.objects.create(actor=actor, cluster=cluster)
    return actor


@pytest.fixture
def consultation(cluster, published, cluster_manager):
    return make_consultation(cluster, published, created_by=cluster_manager)


@pytest.fixture
def workshop(cluster, published, consultation, cluster_manager, other_cluster):
    author = person("autorin@example.org")
    shown = amendment(consultation, topic(published, "4.2.1"), author)
    hidden = amendment(consultation, topic(published, "4.4.2"), author, text="Anders.")
    hidden.hidden_at = timezone.now()
    hidden.hidden_reason = "Doppelt eingereicht."
    hidden.save()
    guest = Actor.objects.create(name="Gast aus Sachsen GmbH", slug="gast", kind="company")
    ClusterMembership.objects.create(actor=guest, cluster=other_cluster)
    workshop = Workshop.objects.create(
        cluster=cluster,
        consultation=consultation,
        title="Werkstatt Leichtbau",
        held_on=datetime.date(2026, 3, 5),
        participant_count=14,
        minutes="Protokoll:\nErstens.\nZweitens.",
        recorded_by=cluster_manager,
    )
    workshop.participants.set(
        [member_actor(cluster, "Oderblech GmbH"), member_actor(cluster, "Havelguss KG"), guest]
    )
    workshop.proposals.set([shown, hidden])
    return workshop


def workshop_state(workshop):
    workshop = Workshop.objects.get(pk=workshop.pk)
    fields = ("title", "held_on", "consultation_id", "participant_count", "minutes")
    return {
        **{name: getattr(workshop, name) for name in fields},
        "participants": sorted(workshop.participants.values_list("pk", flat=True)),
        "proposals": sorted(workshop.proposals.values_list("pk", flat=True)),
    }


def test_changing_a_workshops_title_keeps_every_participant_and_proposal(manager_client, workshop):
    before = workshop_state(workshop)
    url = f"/beteiligung/workshops/{workshop.pk}/"
    data = page_form(manager_client, url)
    data["title"] = ["Werkstatt Leichtbau 2026"]
    assert manager_client.post(url, data).status_code == 302
    assert workshop_state(workshop) == {**before, "title": "Werkstatt Leichtbau 2026"}


def test_removing_one_participant_removes_only_that_one(manager_client, workshop):
    before = workshop_state(workshop)
    leaving = Actor.objects.get(name="Havelguss KG")
    url = f"/beteiligung/workshops/{workshop.pk}/"
    data = page_form(manager_client, url)
    data["participants"].remove(str(leaving.pk))
    assert manager_client.post(url, data).status_code == 302
    remaining = [pk for pk in before["participants"] if pk != leaving.pk]
    assert workshop_state(workshop) == {**before, "participants": remaining}


@pytest.fixture
def interview(cluster, published, cluster_manager, other_cluster):
    visitor = Actor.objects.create(name="Zulieferer Polen Sp. z o.o.", slug="pl", kind="company")
    ClusterMembership.objects.create(actor=visitor, cluster=other_cluster)
    return Interview.objects.create(
        cluster=cluster,
        held_on=datetime.date(2026, 3, 2),
        actor=visitor,
        interviewee_function="Geschäftsführerin",
        topic_lineages=[
            str(topic(published, "6.3.2").lineage),
            EARLIER_EDITION_TOPIC,
            str(topic(published, "4.2.1").lineage),
        ],
        situation="Zwanzig Beschäftigte.",
        needs="Auszubildende.",
        suggestions="Verbundausbildung.",
        consent_to_quote=True,
        recorded_by=cluster_manager,
    )


def interview_state(interview):
    interview = Interview.objects.get(pk=interview.pk)
    fields = (
        "held_on",
        "actor_id",
        "interviewee_function",
        "consultation_id",
        "topic_lineages",
        "situation",
        "needs",
        "suggestions",
        "consent_to_quote",
    )
    return {name: getattr(interview, name) for name in fields}


def test_changing_an_interviews_needs_keeps_actor_and_topics(manager_client, interview):
    before = interview_state(interview)
    url = f"/beteiligung/interviews/{interview.pk}/"
    data = page_form(manager_client, url)
    assert data["actor"] == [str(interview.actor_id)]
    data["needs"] = ["Auszubildende und Fachkräfte für das Schweißen."]
    response = manager_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert interview_state(interview) == {
        **before,
        "needs": "Auszubildende und Fachkräfte für das Schweißen.",
    }


def test_changing_an_interviews_topics_keeps_the_earlier_editions_one(
    manager_client, interview, published
):
    url = f"/beteiligung/interviews/{interview.pk}/"
    data = page_form(manager_client, url)
    assert data["topics"] == ["6.3.2, 4.2.1"]
    data["topics"] = ["4.4.2"]
    assert manager_client.post(url, data).status_code == 302
    interview.refresh_from_db()
    assert interview.topic_lineages == [
        str(topic(published, "4.4.2").lineage),
        EARLIER_EDITION_TOPIC,
    ]


def test_a_new_interview_offers_only_the_clusters_actors(manager_client, interview, cluster):
    member_actor(cluster, "Oderblech GmbH")
    page = manager_client.get("/beteiligung/interviews/neu/").content.decode()
    assert "Oderblech GmbH" in page
    assert "Zulieferer Polen" not in page  # the other cluster's actor: only where linked
