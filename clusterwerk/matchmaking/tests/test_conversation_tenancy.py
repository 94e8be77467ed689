"""Cross-tenant rules of the conversations: every write path of a conversation in cluster A,
tried by everybody who is not a participant (people of cluster B, a member of A without the
organisation, an outsider, anonymous) – at A's address and at B's – changes nothing; the
participants (and, for hiding, A's management) can."""

import pytest
from django.test import Client
from django.urls import reverse

from clusterwerk.matchmaking.models import (
    ContactOutcome,
    ConversationRead,
    InterestOutcome,
    MeetingProposal,
    Message,
    MessageReport,
)
from clusterwerk.matchmaking.services import conversations as services
from clusterwerk.matchmaking.tests.conversation_support import accepted_thread, future
from clusterwerk.matchmaking.tests.factories import make_market, make_representative

IN_B = "/c/kunststoffe"
OUTSIDERS = ["other_cluster_manager", "other_cluster_member", "member", "outsider", "anonymous"]


@pytest.fixture
def world(cluster, other_cluster):
    thread = accepted_thread(make_market(cluster))
    message = services.send_message(
        user=thread.owner_user, cluster=cluster, interest=thread.interest, body="Vom Anbieter"
    )
    meeting = services.propose_meeting(
        user=thread.owner_user,
        cluster=cluster,
        interest=thread.interest,
        options=[future(5)],
        duration_minutes=60,
        place="Werder",
    )
    services.report_message(
        user=thread.partner_user, cluster=cluster, message=message, reason="Zum Test"
    )
    return thread, message, meeting


def state() -> tuple:
    return (
        sorted(Message.objects.values_list("pk", "body", "hidden_at")),
        sorted(MeetingProposal.objects.values_list("pk", "status", "chosen_id")),
        sorted(InterestOutcome.objects.values_list("pk", "outcome")),
        sorted(MessageReport.objects.values_list("pk", "status")),
    )


def writes(thread, message, meeting) -> list[tuple[str, dict, str]]:
    """(address, form data, who of A may)."""
    interest = thread.interest.pk
    option = meeting.options.get().pk
    return [
        (reverse("matchmaking:message-send", args=[interest]), {"body": "Hallo"}, "partner"),
        (
            reverse("matchmaking:meeting-propose", args=[interest]),
            {
                "option_1": future(9).strftime("%Y-%m-%dT%H:%M"),
                "duration_minutes": "60",
                "place": "Cottbus",
            },
            "partner",
        ),
        (
            reverse("matchmaking:outcome-record", args=[interest]),
            {"outcome": ContactOutcome.NO_NEED},
            "partner",
        ),
        (reverse("matchmaking:meeting-accept", args=[meeting.pk]), {"option": option}, "partner"),
        (
            reverse("matchmaking:meeting-decline", args=[meeting.pk]),
            {"decline_note": "Nein"},
            "partner",
        ),
        (
            reverse("matchmaking:message-report", args=[message.pk]),
            {"reason": "Spam"},
            "colleague",
        ),
        (
            reverse("matchmaking:message-hide", args=[message.pk]),
            {"reason": "Ton"},
            "cluster_manager",
        ),
        (reverse("matchmaking:message-dismiss", args=[message.pk]), {}, "cluster_manager"),
    ]


def client_for(user) -> Client:
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    return client


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_nobody_outside_the_conversation_writes(world, tenant_personas, persona):
    thread, message, meeting = world
    client = client_for(tenant_personas(persona))
    before = state()
    for address, data, _allowed in writes(thread, message, meeting):
        for prefix in ("", IN_B):
            response = client.post(prefix + address, data)
            if persona == "anonymous":
                assert response.status_code == 302 and "/login/" in response["Location"]
            else:
                assert response.status_code in (403, 404), (prefix + address, response)
    assert state() == before
    if persona != "anonymous":
        page = client.get(reverse("matchmaking:conversation", args=[thread.interest.pk]))
        assert page.status_code == 404
        ics = client.get(reverse("matchmaking:meeting-ics", args=[meeting.pk]))
        assert ics.status_code == 404


def test_the_right_people_of_a_can(world, cluster_manager):
    thread, message, meeting = world
    people = {
        "partner": thread.partner_user,
        "colleague": make_representative(
            thread.market.institute, "kollegin@fuegetechnik.example", thread.market.cluster
        ),
        "cluster_manager": cluster_manager,
    }
    for address, data, allowed in writes(thread, message, meeting):
        if address.endswith(("/absagen/", "/meldungen-verwerfen/")):
            continue  # the proposal is answered and the reports are resolved by then
        before = state()
        response = client_for(people[allowed]).post(address, data)
        assert response.status_code == 302, (address, response.content.decode()[:500])
        assert state() != before, address
    assert not ConversationRead.objects.filter(user=cluster_manager).exists()


def test_a_participant_at_bs_address_finds_nothing(world):
    thread, message, meeting = world
    client = client_for(thread.partner_user)
    before = state()
    for address, data, _allowed in writes(thread, message, meeting):
        assert client.post(IN_B + address, data).status_code in (403, 404), address
    assert (
        client.get(
            IN_B + reverse("matchmaking:conversation", args=[thread.interest.pk])
        ).status_code
        == 404
    )
    assert state() == before
