"""The conversation after an accepted interest, at the services: who may write (participants
of both sides, in the listing's cluster, while accepted), read state and unread counts, the
throttled e-mail notices, meeting proposals and their answer, the outcome and its count in
the brokerage pipeline, reports and hiding."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clusterwerk.matchmaking import queries
from clusterwerk.matchmaking.models import (
    ContactOutcome,
    ConversationRead,
    InterestOutcome,
    InterestStatus,
    MeetingStatus,
    Message,
    ReportStatus,
)
from clusterwerk.matchmaking.services import conversations as services
from clusterwerk.matchmaking.tests.conversation_support import accepted_thread, future
from clusterwerk.matchmaking.tests.factories import make_market, make_representative
from conftest import IMMEDIATE_TASKS


@pytest.fixture
def market(cluster):
    return make_market(cluster)


@pytest.fixture
def thread(market):
    return accepted_thread(market)


def send(thread, user, body="Guten Tag, wann passt es Ihnen?", cluster=None):
    return services.send_message(
        user=user, cluster=cluster or thread.market.cluster, interest=thread.interest, body=body
    )


# --- Who may write -------------------------------------------------------------------------


def test_both_sides_write_and_each_message_names_its_side(thread, market):
    first = send(thread, thread.partner_user)
    second = send(thread, thread.owner_user, "Gern, nächste Woche.")
    assert first.author_actor == market.institute
    assert second.author_actor == market.owner
    assert list(queries.thread_messages(thread.interest)) == [first, second]


def test_a_colleague_of_a_side_takes_part(thread, market, cluster):
    colleague = make_representative(market.owner, "kollege@havelland.example", cluster)
    assert send(thread, colleague).author_actor == market.owner


def test_a_non_participant_cannot_write(thread, market):
    with pytest.raises(PermissionDenied):
        send(thread, market.supplier_user)
    assert not Message.objects.exists()


def test_the_cluster_management_reads_but_does_not_write(thread, cluster_manager):
    with pytest.raises(PermissionDenied):
        send(thread, cluster_manager)


def test_a_participant_asking_in_another_cluster_is_refused(thread, other_cluster):
    with pytest.raises(PermissionDenied, match="anderen Cluster"):
        send(thread, thread.partner_user, cluster=other_cluster)


def test_a_representative_of_another_cluster_cannot_write(thread, market, other_cluster):
    from clusterwerk.actors.tests.conftest import make_actor

    stranger = make_representative(
        make_actor(other_cluster, "Teltower Kunststoff GmbH"), "t@teltow.example", other_cluster
    )
    with pytest.raises(PermissionDenied):
        send(thread, stranger)
    with pytest.raises(PermissionDenied):
        send(thread, stranger, cluster=other_cluster)


@pytest.mark.parametrize("status", [InterestStatus.DECLINED, InterestStatus.PENDING])
def test_no_conversation_unless_accepted(thread, status):
    type(thread.interest).objects.filter(pk=thread.interest.pk).update(status=status)
    thread.interest.refresh_from_db()
    with pytest.raises(PermissionDenied, match="angenommen"):
        send(thread, thread.partner_user)
    with pytest.raises(PermissionDenied):
        services.record_outcome(
            user=thread.owner_user,
            cluster=thread.market.cluster,
            interest=thread.interest,
            outcome=ContactOutcome.NO_NEED,
        )


@pytest.mark.parametrize(
    ("body", "message"),
    [("   ", "Dieses Feld ist erforderlich."), ("x" * 4001, "4000")],
)
def test_the_body_is_required_and_limited(thread, body, message):
    with pytest.raises(ValidationError) as caught:
        send(thread, thread.partner_user, body)
    assert message in " ".join(caught.value.message_dict["body"])


# --- Read state and notices -----------------------------------------------------------------


def test_unread_counts_follow_the_read_state(thread):
    owner, partner = thread.owner_user, thread.partner_user
    send(thread, partner)
    send(thread, partner, "Noch eine Frage.")
    assert queries.unread_counts(owner, [thread.interest.pk]) == {thread.interest.pk: 2}
    assert queries.unread_counts(partner, [thread.interest.pk]) == {}  # own messages are read
    assert queries.unread_message_total(owner, thread.market.cluster) == 2

    services.mark_read(user=owner, cluster=thread.market.cluster, interest=thread.interest)
    assert queries.unread_counts(owner, [thread.interest.pk]) == {}
    send(thread, partner, "Und noch etwas.")
    assert queries.unread_counts(owner, [thread.interest.pk]) == {thread.interest.pk: 1}


def test_the_other_side_is_notified_once_per_quarter_hour(
    thread, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(thread, thread.partner_user)
    [notice] = mailoutbox
    assert notice.to == ["rita.richter@havelland.example"]  # the owner's side, not the author
    assert "1 neue Nachricht" in notice.subject
    assert f"/kooperation/gespraech/{thread.interest.pk}/" in notice.body
    assert "Guten Tag, wann passt es Ihnen?" not in notice.body  # the text stays in the platform

    with django_capture_on_commit_callbacks(execute=True):
        send(thread, thread.partner_user, "Zweite Nachricht.")
        send(thread, thread.partner_user, "Dritte Nachricht.")
    assert len(mailoutbox) == 1  # within 15 minutes: no second notice

    ConversationRead.objects.filter(user=thread.owner_user).update(
        last_notified_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    with django_capture_on_commit_callbacks(execute=True):
        send(thread, thread.partner_user, "Vierte Nachricht.")
    assert len(mailoutbox) == 2
    assert "4 neue Nachrichten" in mailoutbox[-1].subject


def test_a_message_held_back_by_the_interval_is_told_when_it_has_passed(
    thread, mailoutbox, django_capture_on_commit_callbacks, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    with django_capture_on_commit_callbacks(execute=True):
        send(thread, thread.partner_user)
    with django_capture_on_commit_callbacks(execute=True):
        send(thread, thread.partner_user, "Zweite Nachricht.")
        send(thread, thread.partner_user, "Dritte Nachricht.")
    notices = DBTaskResult.objects.filter(task_path__endswith="conversation_notice_task")
    [queued] = notices  # one follow-up for the held-back messages, not one per message
    read = ConversationRead.objects.get(user=thread.owner_user)
    assert queued.run_after == read.last_notified_at + services.NOTICE_INTERVAL
    assert queued.args_kwargs["kwargs"] == {
        "interest_id": thread.interest.pk,
        "user_id": thread.owner_user.pk,
    }

    settings.TASKS = IMMEDIATE_TASKS  # the notice itself goes out at once from here on
    owner = thread.owner_user.pk
    # Too early (the worker would not run it yet; a repeated run must not send either).
    assert not services.send_held_back_notice(interest_id=thread.interest.pk, user_id=owner)
    later = timezone.now() + datetime.timedelta(minutes=16)
    with time_machine.travel(later, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            sent = services.send_held_back_notice(interest_id=thread.interest.pk, user_id=owner)
        assert sent
        assert "3 neue Nachrichten" in mailoutbox[-1].subject  # all unread, not only the two
    with time_machine.travel(later + datetime.timedelta(minutes=16), tick=False):
        # Once told, nothing more to tell.
        assert not services.send_held_back_notice(interest_id=thread.interest.pk, user_id=owner)
    assert len(mailoutbox) == 1


def test_a_held_back_message_already_read_is_not_told(
    thread, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(thread, thread.partner_user)
        send(thread, thread.partner_user, "Zweite Nachricht.")
    services.mark_read(
        user=thread.owner_user, cluster=thread.market.cluster, interest=thread.interest
    )
    ConversationRead.objects.filter(user=thread.owner_user).update(
        last_notified_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    owner = thread.owner_user.pk
    assert not services.send_held_back_notice(interest_id=thread.interest.pk, user_id=owner)
    assert len(mailoutbox) == 1


def test_a_notice_goes_to_every_participant_of_the_other_side_never_the_author(
    thread, market, cluster, mailoutbox, django_capture_on_commit_callbacks
):
    make_representative(market.owner, "zweite@havelland.example", cluster)
    make_representative(market.institute, "kollegin@fuegetechnik.example", cluster)
    with django_capture_on_commit_callbacks(execute=True):
        send(thread, thread.partner_user)
    assert sorted(address for mail in mailoutbox for address in mail.to) == [
        "rita.richter@havelland.example",
        "zweite@havelland.example",
    ]


def test_the_notice_links_into_the_listings_cluster(
    thread, mailoutbox, django_capture_on_commit_callbacks, settings
):
    from clusterwerk.core.tenancy import cluster_url

    with django_capture_on_commit_callbacks(execute=True):
        send(thread, thread.partner_user)
    expected = cluster_url(thread.market.cluster, f"/kooperation/gespraech/{thread.interest.pk}/")
    assert expected in mailoutbox[0].body


# --- Meetings ------------------------------------------------------------------------------


def propose(thread, user=None, **overrides):
    values = {
        "options": [future(7, 10), future(8, 14)],
        "duration_minutes": 60,
        "place": "Werder (Havel), Am Hafen 3",
        "online_url": "",
        "note": "Bitte Muster mitbringen.",
        **overrides,
    }
    return services.propose_meeting(
        user=user or thread.owner_user,
        cluster=thread.market.cluster,
        interest=thread.interest,
        **values,
    )


def test_the_other_side_picks_one_of_the_times(
    thread, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = propose(thread)
    assert [mail.to for mail in mailoutbox] == [["ingo.igel@fuegetechnik.example"]]
    assert "Terminvorschlag" in mailoutbox[0].subject
    assert meeting.options.count() == 2

    with pytest.raises(PermissionDenied):  # the proposer does not answer their own proposal
        services.accept_meeting(
            user=thread.owner_user,
            cluster=thread.market.cluster,
            meeting=meeting,
            option_id=meeting.options.first().pk,
        )
    later = meeting.options.order_by("starts_at").last()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.accept_meeting(
            user=thread.partner_user,
            cluster=thread.market.cluster,
            meeting=meeting,
            option_id=later.pk,
        )
    assert meeting.status == MeetingStatus.CONFIRMED
    assert meeting.chosen == later
    confirmations = mailoutbox[1:]
    assert sorted(mail.to[0] for mail in confirmations) == [
        "ingo.igel@fuegetechnik.example",
        "rita.richter@havelland.example",
    ]
    for mail in confirmations:
        [(name, content, mimetype)] = mail.attachments
        assert (name, mimetype) == ("termin.ics", "text/calendar")
        assert f"UID:{meeting.uid}@clusterwerk" in content
    with pytest.raises(ValidationError, match="bereits entschieden"):
        services.accept_meeting(
            user=thread.partner_user,
            cluster=thread.market.cluster,
            meeting=meeting,
            option_id=later.pk,
        )


def test_a_time_of_another_proposal_is_refused(thread):
    first, second = propose(thread), propose(thread, options=[future(20)])
    with pytest.raises(ValidationError) as caught:
        services.accept_meeting(
            user=thread.partner_user,
            cluster=thread.market.cluster,
            meeting=first,
            option_id=second.options.get().pk,
        )
    assert "option" in caught.value.message_dict


def test_declining_all_times_needs_a_note(thread):
    meeting = propose(thread)
    with pytest.raises(ValidationError):
        services.decline_meeting(
            user=thread.partner_user, cluster=thread.market.cluster, meeting=meeting, note=" "
        )
    meeting = services.decline_meeting(
        user=thread.partner_user,
        cluster=thread.market.cluster,
        meeting=meeting,
        note="Im März sind wir auf Messe.",
    )
    assert meeting.status == MeetingStatus.DECLINED
    assert meeting.chosen is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"options": []}, "options", "mindestens einen Termin"),
        ({"options": [future(1), future(2), future(3), future(4)]}, "options", "Höchstens drei"),
        ({"options": [timezone.now() - datetime.timedelta(hours=1)]}, "options", "Zukunft"),
        ({"duration_minutes": 5}, "duration_minutes", "zwischen 15 und 480"),
        ({"place": "", "online_url": ""}, "place", "Ort oder einen Link"),
        ({"place": "", "online_url": "ftp://x.example"}, "online_url", "https://"),
    ],
)
def test_a_proposal_is_checked(thread, overrides, field, message):
    with pytest.raises(ValidationError) as caught:
        propose(thread, **overrides)
    assert message in " ".join(caught.value.message_dict[field])


def test_an_outsider_cannot_propose(thread, market):
    with pytest.raises(PermissionDenied):
        propose(thread, user=market.supplier_user)


# --- Outcome -------------------------------------------------------------------------------


def record(thread, user, outcome):
    return services.record_outcome(
        user=user, cluster=thread.market.cluster, interest=thread.interest, outcome=outcome
    )


def test_the_last_outcome_counts_and_the_history_stays(thread, market):
    record(thread, thread.owner_user, ContactOutcome.PROJECT_IDEA)
    interest = record(thread, thread.partner_user, ContactOutcome.COOPERATION)
    assert interest.outcome == ContactOutcome.COOPERATION
    assert interest.outcome_by == thread.partner_user
    history = list(InterestOutcome.objects.order_by("created_at", "pk"))
    assert [(h.outcome, h.recorded_for) for h in history] == [
        (ContactOutcome.PROJECT_IDEA, market.owner),
        (ContactOutcome.COOPERATION, market.institute),
    ]
    with pytest.raises(ValidationError):
        record(thread, thread.owner_user, "vielleicht")


def test_outcomes_are_counted_in_the_pipeline(thread, market):
    other = accepted_thread(market, title="Zweites Angebot")
    third_listing_thread = accepted_thread(market, title="Drittes Angebot")
    record(thread, thread.owner_user, ContactOutcome.PROJECT_IDEA)
    record(thread, thread.owner_user, ContactOutcome.COOPERATION)  # last one wins
    record(other, other.partner_user, ContactOutcome.COOPERATION)
    record(third_listing_thread, thread.owner_user, ContactOutcome.NO_NEED)
    today = timezone.localdate()
    totals = queries.brokerage_totals([market.cluster.pk], today.year)
    assert (totals["cooperation"], totals["project_idea"], totals["no_need"]) == (2, 0, 1)
    assert totals["accepted"] == 3


# --- Reports and hiding ---------------------------------------------------------------------


def test_a_participant_reports_and_the_management_hides(thread, cluster_manager):
    message = send(thread, thread.partner_user, "Unfreundlicher Text")
    with pytest.raises(ValidationError, match="Eigene"):
        services.report_message(
            user=thread.partner_user, cluster=thread.market.cluster, message=message, reason="x"
        )
    report = services.report_message(
        user=thread.owner_user, cluster=thread.market.cluster, message=message, reason="beleidigend"
    )
    with pytest.raises(ValidationError, match="bereits gemeldet"):
        services.report_message(
            user=thread.owner_user,
            cluster=thread.market.cluster,
            message=message,
            reason="noch mal",
        )
    assert list(queries.reported_messages(thread.market.cluster)) == [message]

    with pytest.raises(PermissionDenied):
        services.hide_message(
            moderator=thread.owner_user,
            cluster=thread.market.cluster,
            message=message,
            reason="weg",
        )
    hidden = services.hide_message(
        moderator=cluster_manager,
        cluster=thread.market.cluster,
        message=message,
        reason="Beleidigung",
    )
    assert hidden.is_hidden and hidden.hidden_by == cluster_manager
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED
    assert list(queries.reported_messages(thread.market.cluster)) == []
    assert queries.unread_counts(thread.owner_user, [thread.interest.pk]) == {}


def test_another_clusters_management_cannot_hide(thread, other_cluster_manager, other_cluster):
    message = send(thread, thread.partner_user)
    for cluster in (thread.market.cluster, other_cluster):
        with pytest.raises(PermissionDenied):
            services.hide_message(
                moderator=other_cluster_manager, cluster=cluster, message=message, reason="x"
            )


def test_an_outsider_cannot_report(thread, market):
    message = send(thread, thread.partner_user)
    with pytest.raises(PermissionDenied):
        services.report_message(
            user=market.supplier_user, cluster=thread.market.cluster, message=message, reason="x"
        )


def test_the_acceptance_mail_points_into_the_conversation(
    market, mailoutbox, django_capture_on_commit_callbacks
):
    from clusterwerk.matchmaking import services as listing_services
    from clusterwerk.matchmaking.tests.factories import make_interest, make_listing

    listing = make_listing(market.owner, created_by=market.owner_user)
    interest = make_interest(listing, market.institute, market.institute_user)
    with django_capture_on_commit_callbacks(execute=True):
        listing_services.accept_interest(user=market.owner_user, interest=interest)
    [mail] = mailoutbox
    assert f"/kooperation/gespraech/{interest.pk}/" in mail.body
