"""The conversation pages: who sees the thread (404 for everybody else, also at another
cluster's address), named contacts as consent allows, sending with and without htmx, forms
that come back with German errors and the entered values, the answer to a meeting, the
outcome (only what was changed changes), read state, and the moderators' list."""

import pytest
from django.urls import reverse

from clusterwerk.matchmaking import queries
from clusterwerk.matchmaking.models import (
    ContactOutcome,
    Interest,
    InterestStatus,
    MeetingProposal,
    MeetingStatus,
    Message,
)
from clusterwerk.matchmaking.services import conversations as services
from clusterwerk.matchmaking.tests.conversation_support import (
    accepted_thread,
    add_contacts,
    future,
)
from clusterwerk.matchmaking.tests.factories import make_interest, make_listing, make_market

IN_B = "/c/kunststoffe"


@pytest.fixture
def market(cluster):
    return make_market(cluster)


@pytest.fixture
def thread(market):
    add_contacts(market)
    return accepted_thread(market)


def url(thread, name="conversation"):
    return reverse(f"matchmaking:{name}", args=[thread.interest.pk])


def as_user(client, user):
    client.force_login(user)
    return client


# --- Who sees the thread, and whose contacts ------------------------------------------------


def test_the_owner_sees_the_named_contacts_that_consented(client, thread):
    page = as_user(client, thread.owner_user).get(url(thread)).content.decode()
    assert "Dr. Ines Naht" in page
    assert "Leiterin Fügetechnik" in page
    assert "0355 123456" in page
    assert "naht@fuegetechnik.example" in page
    assert "Otto Ohnezustimmung" not in page  # no consent
    assert "Clara Intern" not in page  # for the cluster management only


def test_without_named_persons_the_general_contact_stands_in_and_says_so(client, thread):
    page = as_user(client, thread.partner_user).get(url(thread)).content.decode()
    assert "keine Ansprechperson der Weitergabe ihrer Daten zugestimmt" in page
    assert "info@havelland.example" in page


@pytest.mark.parametrize("who", ["supplier_user", "other_cluster_member", "member"])
def test_others_get_404(client, thread, who, request):
    user = getattr(thread.market, who, None) or request.getfixturevalue(who)
    assert as_user(client, user).get(url(thread)).status_code == 404


def test_not_at_another_clusters_address(client, thread, other_cluster):
    response = as_user(client, thread.owner_user).get(IN_B + url(thread))
    assert response.status_code == 404


def test_a_pending_or_declined_interest_has_no_thread(client, market):
    listing = make_listing(market.owner)
    interest = make_interest(listing, market.institute, market.institute_user)
    client.force_login(market.owner_user)
    address = reverse("matchmaking:conversation", args=[interest.pk])
    assert client.get(address).status_code == 404
    Interest.objects.filter(pk=interest.pk).update(status=InterestStatus.DECLINED)
    assert client.get(address).status_code == 404
    response = client.post(
        reverse("matchmaking:message-send", args=[interest.pk]), {"body": "Hallo"}
    )
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_the_management_reads_without_a_form(client, thread, cluster_manager):
    page = as_user(client, cluster_manager).get(url(thread)).content.decode()
    assert "Sie lesen als Clustermanagement mit" in page
    assert 'name="body"' not in page
    response = client.post(url(thread, "message-send"), {"body": "Hallo"})
    assert response.status_code == 403  # the service refuses …
    assert not Message.objects.exists()  # … nothing written


# --- Messages ----------------------------------------------------------------------------------


def test_sending_without_htmx_redirects_to_the_thread(client, thread):
    response = as_user(client, thread.partner_user).post(
        url(thread, "message-send"), {"body": "Guten Tag!\nWann passt es?"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(url(thread) + "#nachrichten")
    page = client.get(url(thread)).content.decode()
    assert "Guten Tag!<br>Wann passt es?" in page


def test_sending_with_htmx_swaps_the_thread_only(client, thread):
    response = as_user(client, thread.partner_user).post(
        url(thread, "message-send"), {"body": "Per htmx"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="conversation-thread"' in html and "Per htmx" in html
    assert "<html" not in html
    assert "Ihre Nachricht ist gesendet." in html


def test_an_empty_message_comes_back_with_a_german_error(client, thread):
    response = as_user(client, thread.partner_user).post(url(thread, "message-send"), {"body": ""})
    assert response.status_code == 400
    assert "Bitte schreiben Sie eine Nachricht." in response.content.decode()


def test_html_in_a_message_is_shown_as_text(client, thread):
    as_user(client, thread.partner_user).post(
        url(thread, "message-send"), {"body": "<script>alert(1)</script>"}
    )
    page = client.get(url(thread)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_reading_the_thread_clears_the_unread_count(client, thread):
    services.send_message(
        user=thread.partner_user, cluster=thread.market.cluster, interest=thread.interest, body="?"
    )
    owner = thread.owner_user
    listing_page = as_user(client, owner).get(thread.listing.get_absolute_url()).content.decode()
    assert "1 neue Nachricht" in listing_page
    assert "1 neue Nachricht" in client.get(reverse("portal:my-area")).content.decode()
    client.get(url(thread))
    assert queries.unread_counts(owner, [thread.interest.pk]) == {}


# --- Meetings --------------------------------------------------------------------------------


def meeting_post(**overrides):
    return {
        "option_1": future(7, 10).strftime("%Y-%m-%dT%H:%M"),
        "option_2": future(9, 15).strftime("%Y-%m-%dT%H:%M"),
        "option_3": "",
        "duration_minutes": "90",
        "place": "Cottbus, Institut, Raum 2.14",
        "online_url": "",
        "note": "Wir zeigen die Versuchsanlage.",
        **overrides,
    }


def test_a_meeting_form_with_errors_comes_back_with_the_values(client, thread):
    response = as_user(client, thread.owner_user).post(
        url(thread, "meeting-propose"),
        meeting_post(option_1="morgen früh", place=""),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte Datum und Uhrzeit angeben" in html
    assert "Wir zeigen die Versuchsanlage." in html  # what was entered stays
    assert not MeetingProposal.objects.exists()

    response = client.post(url(thread, "meeting-propose"), meeting_post(place=""))
    assert response.status_code == 400
    assert "Bitte geben Sie einen Ort oder einen Link zum Online-Treffen an." in (
        response.content.decode()
    )


def test_proposing_and_picking_a_time(client, thread):
    response = as_user(client, thread.owner_user).post(
        url(thread, "meeting-propose"), meeting_post()
    )
    assert response.status_code == 302
    meeting = MeetingProposal.objects.get()
    assert meeting.duration_minutes == 90
    assert [option.starts_at for option in meeting.options.all()] == [future(7, 10), future(9, 15)]

    client.force_login(thread.partner_user)
    accept = reverse("matchmaking:meeting-accept", args=[meeting.pk])
    response = client.post(accept, {})
    assert response.status_code == 400
    assert "Bitte wählen Sie einen der Termine." in response.content.decode()
    second = meeting.options.order_by("starts_at").last()
    assert client.post(accept, {"option": second.pk}).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.chosen) == (MeetingStatus.CONFIRMED, second)
    page = client.get(url(thread)).content.decode()
    assert reverse("matchmaking:meeting-ics", args=[meeting.pk]) in page


def test_declining_needs_a_reason(client, thread):
    meeting = services.propose_meeting(
        user=thread.owner_user,
        cluster=thread.market.cluster,
        interest=thread.interest,
        options=[future(5)],
        duration_minutes=30,
        online_url="https://meet.example/abc",
    )
    client.force_login(thread.partner_user)
    decline = reverse("matchmaking:meeting-decline", args=[meeting.pk])
    response = client.post(decline, {"decline_note": ""})
    assert response.status_code == 400
    assert "Bitte schreiben Sie der anderen Seite kurz, warum." in response.content.decode()
    assert client.post(decline, {"decline_note": "Zu kurzfristig."}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DECLINED


def test_the_ics_only_for_a_confirmed_meeting_and_only_for_readers(client, thread, market):
    meeting = services.propose_meeting(
        user=thread.owner_user,
        cluster=thread.market.cluster,
        interest=thread.interest,
        options=[future(5)],
        duration_minutes=30,
        place="Werder",
    )
    ics = reverse("matchmaking:meeting-ics", args=[meeting.pk])
    assert as_user(client, thread.owner_user).get(ics).status_code == 404  # not yet confirmed
    services.accept_meeting(
        user=thread.partner_user,
        cluster=thread.market.cluster,
        meeting=meeting,
        option_id=meeting.options.get().pk,
    )
    response = client.get(ics)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert as_user(client, market.supplier_user).get(ics).status_code == 404


# --- Outcome ---------------------------------------------------------------------------------


def test_recording_an_outcome_changes_exactly_that(client, thread, market):
    other = accepted_thread(market, title="Anderes Inserat")
    before = Interest.objects.values().get(pk=thread.interest.pk)
    untouched = Interest.objects.values().get(pk=other.interest.pk)
    response = as_user(client, thread.partner_user).post(
        url(thread, "outcome-record"), {"outcome": ContactOutcome.PROJECT_IDEA}
    )
    assert response.status_code == 302
    after = Interest.objects.values().get(pk=thread.interest.pk)
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {"outcome", "outcome_at", "outcome_by_id"}
    assert after["outcome"] == ContactOutcome.PROJECT_IDEA
    assert Interest.objects.values().get(pk=other.interest.pk) == untouched

    client.force_login(thread.owner_user)  # the other side changes it: last one wins
    client.post(url(thread, "outcome-record"), {"outcome": ContactOutcome.COOPERATION})
    page = client.get(url(thread)).content.decode()
    assert "Kooperation vereinbart" in page and "Verlauf" in page
    assert thread.interest.outcomes.count() == 2


def test_an_outcome_without_choice_comes_back_in_german(client, thread):
    response = as_user(client, thread.owner_user).post(url(thread, "outcome-record"), {})
    assert response.status_code == 400
    assert "Bitte wählen Sie ein Ergebnis." in response.content.decode()


# --- Moderation ------------------------------------------------------------------------------


def test_report_hide_and_what_participants_then_see(client, thread, cluster_manager):
    message = services.send_message(
        user=thread.partner_user,
        cluster=thread.market.cluster,
        interest=thread.interest,
        body="Ein unpassender Satz",
    )
    client.force_login(thread.owner_user)
    report = reverse("matchmaking:message-report", args=[message.pk])
    response = client.post(report, {"reason": ""})
    assert response.status_code == 400
    assert "Bitte geben Sie einen Grund an." in response.content.decode()
    assert client.post(report, {"reason": "Beleidigung"}).status_code == 302
    assert client.get(reverse("matchmaking:message-moderation")).status_code == 403

    client.force_login(cluster_manager)
    queue = client.get(reverse("matchmaking:message-moderation")).content.decode()
    assert "Ein unpassender Satz" in queue and "Beleidigung" in queue
    response = client.post(
        reverse("matchmaking:message-hide", args=[message.pk]), {"reason": "Ton"}
    )
    assert response.status_code == 302
    assert (
        "Keine offenen Meldungen."
        in client.get(reverse("matchmaking:message-moderation")).content.decode()
    )

    client.force_login(thread.partner_user)
    page = client.get(url(thread)).content.decode()
    assert "Nachricht von der Moderation ausgeblendet" in page
    assert "Ein unpassender Satz" not in page


def test_another_clusters_management_cannot_moderate_here(client, thread, other_cluster_manager):
    message = services.send_message(
        user=thread.partner_user, cluster=thread.market.cluster, interest=thread.interest, body="x"
    )
    client.force_login(other_cluster_manager)
    response = client.post(
        IN_B + reverse("matchmaking:message-hide", args=[message.pk]), {"reason": "weg"}
    )
    assert response.status_code in (403, 404)
    response = client.post(reverse("matchmaking:message-hide", args=[message.pk]), {"reason": "w"})
    assert response.status_code == 403
    message.refresh_from_db()
    assert not message.is_hidden


# --- Pipeline and admin ------------------------------------------------------------------------


def test_the_pipeline_page_counts_the_outcomes(client, thread, cluster_manager):
    services.record_outcome(
        user=thread.owner_user,
        cluster=thread.market.cluster,
        interest=thread.interest,
        outcome=ContactOutcome.COOPERATION,
    )
    page = as_user(client, cluster_manager).get(reverse("matchmaking:pipeline")).content.decode()
    assert "Ergebnisse der Kontakte" in page
    row = page.split("Kooperation vereinbart</th>", 1)[1].split("</tr>", 1)[0]
    assert '<td class="numeric">1</td>' in row


@pytest.mark.parametrize(
    "model", ["message", "messagereport", "meetingproposal", "interestoutcome", "interest"]
)
def test_the_admin_lists_the_conversation_rows_read_only(client, thread, model):
    from conftest import make_user

    services.send_message(
        user=thread.partner_user, cluster=thread.market.cluster, interest=thread.interest, body="x"
    )
    admin = make_user("admin@clusterwerk.test", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(f"/admin/matchmaking/{model}/").status_code == 200
    assert client.get(f"/admin/matchmaking/{model}/add/").status_code == 403


def test_reported_messages_wait_on_the_managements_task_board(client, thread, cluster_manager):
    from clusterwerk.portal import dashboards

    message = services.send_message(
        user=thread.partner_user, cluster=thread.market.cluster, interest=thread.interest, body="x"
    )
    services.report_message(
        user=thread.owner_user, cluster=thread.market.cluster, message=message, reason="Spam"
    )
    board = dashboards.task_board(cluster_manager, thread.market.cluster)
    [group] = [group for group in board.groups if group.kind == "message"]
    assert group.count == 1
    assert group.tasks[0].url == reverse("matchmaking:message-moderation")
    assert "Institut für Fügetechnik Cottbus" in group.tasks[0].note
