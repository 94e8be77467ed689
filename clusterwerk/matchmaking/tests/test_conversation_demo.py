"""The demo conversation: the demo member's accepted contact has a short exchange, a
confirmed meeting and an outcome that the brokerage pipeline counts; seeding it again
changes nothing, and it is written anew with the demo listings."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clusterwerk.accounts.models import User
from clusterwerk.actors.demo import generate_demo_actors, link_demo_representative
from clusterwerk.actors.reference import load_actor_reference_data
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.reference import load_all_reference_data
from clusterwerk.matchmaking import queries
from clusterwerk.matchmaking.demo import generate_demo_listings
from clusterwerk.matchmaking.demo.conversation import (
    conversation_interest,
    generate_demo_conversation,
)
from clusterwerk.matchmaking.models import ContactOutcome, MeetingStatus, Message
from clusterwerk.matchmaking.pipeline_report import build_pipeline_report
from conftest import make_user

pytestmark = pytest.mark.clock


@pytest.fixture
def demo_cluster(db):
    load_all_reference_data()
    load_actor_reference_data()
    cluster = Cluster.objects.get(slug="metall")
    generate_demo_actors(cluster=cluster, scale=0.05)
    return cluster


@pytest.fixture
def people(demo_cluster):
    member = make_user("betrieb@example.org", first_name="Mia")
    generate_demo_listings(cluster=demo_cluster, seed=2020, member=member)
    from clusterwerk.actors.demo import link_demo_member

    link_demo_member(member, demo_cluster)
    partner = make_user("partner@example.org", first_name="Paul")
    link_demo_representative(
        partner, conversation_interest(demo_cluster).actor, function="Vertrieb"
    )
    return member, partner


def test_the_demo_conversation(demo_cluster, people, client):
    member, partner = people
    report = generate_demo_conversation(cluster=demo_cluster, member=member, partner=partner)
    interest = report.interest
    assert report.messages == 4 and not report.skipped
    messages = list(queries.thread_messages(interest))
    assert [m.author for m in messages] == [partner, member, partner, partner]
    assert all(m.created_at <= timezone.now() for m in messages)
    assert messages == sorted(messages, key=lambda m: m.created_at)
    [meeting] = interest.meetings.all()
    assert meeting.status == MeetingStatus.CONFIRMED
    assert timezone.localtime(meeting.chosen.starts_at).hour == 10
    assert meeting.decided_by == partner
    interest.refresh_from_db()
    assert interest.outcome == ContactOutcome.COOPERATION
    assert queries.unread_counts(member, [interest.pk]) == {interest.pk: 1}

    manager = make_user("leitung@clusterwerk.test", is_superuser=True)
    outcomes = {
        entry.status: entry.count
        for entry in build_pipeline_report(manager, demo_cluster, {}).outcomes
    }
    assert outcomes["cooperation"] == 1

    client.force_login(member)
    page = client.get(reverse("matchmaking:conversation", args=[interest.pk]))
    assert page.status_code == 200
    assert "K240" in page.content.decode()
    assert client.get(reverse("matchmaking:meeting-ics", args=[meeting.pk])).status_code == 200


def test_idempotent_and_renewed_with_the_listings(demo_cluster, people):
    member, partner = people
    generate_demo_conversation(cluster=demo_cluster, member=member, partner=partner)
    pks = set(Message.objects.values_list("pk", flat=True))
    again = generate_demo_conversation(cluster=demo_cluster, member=member, partner=partner)
    assert again.skipped and again.messages == 4
    assert set(Message.objects.values_list("pk", flat=True)) == pks

    later = timezone.localdate() + datetime.timedelta(days=200)
    generate_demo_listings(cluster=demo_cluster, seed=2020, member=member, today=later)
    assert not Message.objects.exists()  # gone with the old listings …
    renewed = generate_demo_conversation(cluster=demo_cluster, member=member, partner=partner)
    assert not renewed.skipped and Message.objects.count() == 4  # … and written anew


def test_seed_demo_writes_it_once(settings, db):
    settings.DEBUG = True
    load_all_reference_data()
    load_actor_reference_data()
    first = StringIO()
    call_command("seed_demo", "--scale", "0.02", stdout=first)
    assert "Demo-Gespräch zu" in first.getvalue() and "angelegt: 4 Nachrichten" in first.getvalue()
    partner = User.objects.get(email="partner@example.org")
    interest = conversation_interest(Cluster.objects.get(slug="metall"))
    assert interest.actor.representatives.filter(user=partner).exists()
    pks = set(Message.objects.values_list("pk", flat=True))

    again = StringIO()
    call_command("seed_demo", "--scale", "0.02", stdout=again)
    assert "vorhanden (unverändert)" in again.getvalue()
    assert set(Message.objects.values_list("pk", flat=True)) == pks
