"""Personal data in conversations: the "Meine Daten" export lists the messages, meeting
proposals, outcomes and reports a person wrote (through the accounts app's walk over every
relation to the user); erasing the account anonymises the author – the other side keeps the
thread, shown as "gelöschtes Konto" – and deletes the person's read state."""

import json

import pytest
from django.urls import reverse

from clusterwerk.accounts.queries import personal_data_counts
from clusterwerk.accounts.services import delete_account, export_personal_data
from clusterwerk.matchmaking.models import (
    ContactOutcome,
    ConversationRead,
    MeetingProposal,
    Message,
)
from clusterwerk.matchmaking.services import conversations as services
from clusterwerk.matchmaking.tests.conversation_support import accepted_thread, future
from clusterwerk.matchmaking.tests.factories import make_market
from conftest import PASSWORD


@pytest.fixture
def thread(cluster):
    thread = accepted_thread(make_market(cluster))
    cluster = thread.market.cluster
    services.send_message(
        user=thread.partner_user, cluster=cluster, interest=thread.interest, body="Vom Institut"
    )
    services.send_message(
        user=thread.owner_user, cluster=cluster, interest=thread.interest, body="Vom Anbieter"
    )
    services.propose_meeting(
        user=thread.partner_user,
        cluster=cluster,
        interest=thread.interest,
        options=[future(6)],
        duration_minutes=45,
        place="Cottbus",
    )
    services.record_outcome(
        user=thread.partner_user,
        cluster=cluster,
        interest=thread.interest,
        outcome=ContactOutcome.PROJECT_IDEA,
    )
    services.report_message(
        user=thread.partner_user,
        cluster=cluster,
        message=Message.objects.get(body="Vom Anbieter"),
        reason="Testmeldung",
    )
    return thread


def test_the_export_holds_what_the_person_wrote(thread):
    data = export_personal_data(thread.partner_user)["related"]
    assert [row["body"] for row in data["matchmaking.message"]] == ["Vom Institut"]
    assert [row["duration_minutes"] for row in data["matchmaking.meetingproposal"]] == [45]
    assert [row["outcome"] for row in data["matchmaking.interestoutcome"]] == ["project_idea"]
    assert [row["reason"] for row in data["matchmaking.messagereport"]] == ["Testmeldung"]
    assert len(data["matchmaking.conversationread"]) == 1
    json.dumps(data)  # JSON-safe

    owners = export_personal_data(thread.owner_user)["related"]
    assert [row["body"] for row in owners["matchmaking.message"]] == ["Vom Anbieter"]
    assert "matchmaking.meetingproposal" not in owners


def test_my_data_counts_the_messages(thread):
    counts = dict(personal_data_counts(thread.partner_user))
    assert counts["Nachrichten"] == 1
    assert counts["Terminvorschläge"] == 1


def test_the_download_carries_the_messages(client, thread):
    client.force_login(thread.partner_user)
    response = client.get(reverse("accounts:my-data-export"))
    assert "Vom Institut" in response.content.decode()
    assert "Vom Anbieter" not in response.content.decode()


def test_erasure_anonymises_the_author_and_deletes_the_read_state(client, thread):
    partner = thread.partner_user
    partner_pk = partner.pk
    delete_account(user=partner, password=PASSWORD)

    message = Message.objects.get(body="Vom Institut")
    assert message.author is None
    assert message.author_actor == thread.market.institute  # the organisation still spoke
    assert MeetingProposal.objects.get().proposed_by is None
    assert not ConversationRead.objects.filter(user_id=partner_pk).exists()
    assert ConversationRead.objects.filter(user=thread.owner_user).exists()

    client.force_login(thread.owner_user)
    page = client.get(reverse("matchmaking:conversation", args=[thread.interest.pk]))
    html = page.content.decode()
    assert "gelöschtes Konto" in html
    assert "ingo.igel@fuegetechnik.example" not in html
