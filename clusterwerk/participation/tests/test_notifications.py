"""Notifications: a reply to my comment, a decision on my proposal, phase changes of
consultations I follow (idempotent command) – and the e-mail digest: one e-mail per person and
period, daily or weekly by choice, nothing without news, a dry run changes nothing."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone

from clusterwerk.accounts.services import system_user
from clusterwerk.core.models import DigestFrequency
from clusterwerk.participation import services
from clusterwerk.participation.models import (
    Follow,
    Notification,
    NotificationKind,
    PhaseKind,
    ProposalStatus,
)
from clusterwerk.participation.services import digest as digest_service
from clusterwerk.participation.services import notify, notify_decision
from clusterwerk.participation.tests.moderation_support import (
    amendment_by,
    comment_on,
    consultation_in,
    profile,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def consultation(cluster):
    return consultation_in(cluster, title="Masterplan 2026")


def run_digest(frequency: str, *extra: str) -> str:
    """The command; its e-mails leave through the task queue once its transactions commit."""
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_participation_digest", "--frequency", frequency, *extra, stdout=out)
    return out.getvalue()


def send_digests(frequency: str, **kwargs):
    """The service, with the e-mails it queues delivered."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.send_digests(user=system_user(), frequency=frequency, **kwargs)


# --- in-app notifications ------------------------------------------------------------------


def test_reply_notifies_the_parent_author_not_oneself(consultation, member, outsider):
    parent = comment_on(consultation, member, "Erster Gedanke")
    comment_on(consultation, member, "Nachtrag von mir selbst", parent=parent)
    assert not Notification.objects.exists()
    reply = comment_on(consultation, outsider, "Eine Antwort", parent=parent)
    note = Notification.objects.get()
    assert note.user == member and note.kind == NotificationKind.REPLY
    assert "Masterplan 2026" in note.text
    assert note.url.endswith(f"#kommentar-{reply.pk}")


def test_decision_notifies_the_proposal_author(consultation, member):
    proposal = amendment_by(consultation, member)
    proposal.status = ProposalStatus.ACCEPTED
    proposal.save(update_fields=["status"])
    notify_decision(proposal)
    note = Notification.objects.get()
    assert note.user == member and note.kind == NotificationKind.DECISION
    assert f"#{proposal.pk}" in note.text and "angenommen" in note.text
    assert note.url == proposal.get_absolute_url()


# --- phase changes -------------------------------------------------------------------------


def follow_before_phases(consultation, user) -> Follow:
    follow = Follow.objects.create(consultation=consultation, user=user)
    first = consultation.phases.order_by("starts_at").first()
    Follow.objects.filter(pk=follow.pk).update(
        created_at=first.starts_at - datetime.timedelta(days=1)
    )
    return follow


def test_phase_change_command_notifies_followers_once(consultation, member, outsider):
    follow_before_phases(consultation, member)
    Follow.objects.create(consultation=consultation, user=outsider)  # follows since now
    out = StringIO()
    call_command("notify_phase_changes", stdout=out)
    assert "1 Benachrichtigung" in out.getvalue()
    note = Notification.objects.get()
    current = consultation.phases.get(kind=PhaseKind.PARTICIPATION)
    assert note.user == member and note.kind == NotificationKind.PHASE and note.phase == current
    assert "Masterplan 2026" in note.text and "Beteiligung" in note.text
    assert "kommentieren" in note.text
    # Idempotent: a second run of the command in the same hour is refused, the service
    # itself adds nothing on a second run.
    with pytest.raises(CommandError, match="kein zweites Mal"):
        call_command("notify_phase_changes", stdout=StringIO())
    assert services.notify_phase_changes(user=system_user()) == 0
    assert Notification.objects.count() == 1
    # The next phase begins: both followers (the late one followed before it) hear of it.
    evaluation = consultation.phases.get(kind=PhaseKind.EVALUATION)
    later = evaluation.starts_at + datetime.timedelta(hours=1)
    assert services.notify_phase_changes(user=system_user(), now=later) == 2
    assert services.notify_phase_changes(user=system_user(), now=later) == 0
    assert set(Notification.objects.filter(phase=evaluation).values_list("user", flat=True)) == {
        member.pk,
        outsider.pk,
    }


def test_phase_notice_skips_inactive_people(consultation, member):
    follow_before_phases(consultation, member)
    member.is_active = False
    member.save()
    assert services.notify_phase_changes(user=system_user()) == 0


# --- digest --------------------------------------------------------------------------------


def make_note(user, text="Neue Antwort auf Ihren Kommentar."):
    return notify(user, NotificationKind.REPLY, text, "/beteiligung/x/")


def test_digest_sends_one_email_per_person_and_marks_emailed(member, outsider):
    profile(member, "Metallbauerin", digest=DigestFrequency.WEEKLY)
    first, second = make_note(member, "Erste Nachricht"), make_note(member, "Zweite Nachricht")
    make_note(outsider, "Für jemanden ohne Profil")  # no profile: weekly
    output = run_digest("weekly")
    assert len(mail.outbox) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    message = by_recipient[member.email]
    assert "2 neue Benachrichtigungen" in message.subject
    assert "Erste Nachricht" in message.body and "Zweite Nachricht" in message.body
    assert "/beteiligung/profil/" in message.body
    assert "http://" in message.body  # absolute links
    assert "2 E-Mail(s) gesendet" in output
    for note in (first, second):
        note.refresh_from_db()
        assert note.emailed_at is not None
    # Nothing new: nothing sent; the command runs once a week.
    mail.outbox.clear()
    assert send_digests(DigestFrequency.WEEKLY).sent == []
    with pytest.raises(CommandError, match="kein zweites Mal"):
        run_digest("weekly")
    assert mail.outbox == []


def test_daily_and_weekly_people_get_their_own_digest(member, outsider, board_member):
    profile(member, "Täglich", digest=DigestFrequency.DAILY)
    profile(outsider, "Wöchentlich", digest=DigestFrequency.WEEKLY)
    profile(board_member, "Nie", digest=DigestFrequency.NEVER)
    for user in (member, outsider, board_member):
        make_note(user)
    run_digest("daily")
    assert [message.to for message in mail.outbox] == [[member.email]]
    mail.outbox.clear()
    run_digest("weekly")
    assert [message.to for message in mail.outbox] == [[outsider.email]]
    assert Notification.objects.get(user=board_member).emailed_at is None


def test_read_notifications_are_not_emailed(member):
    note = make_note(member)
    Notification.objects.filter(pk=note.pk).update(read_at=timezone.now())
    run_digest("weekly")
    assert mail.outbox == []


def test_dry_run_sends_and_changes_nothing(member):
    note = make_note(member)
    output = run_digest("weekly", "--dry-run")
    assert mail.outbox == []
    assert f"{member.email} bekäme 1 Benachrichtigung" in output
    assert "Probelauf: 1 E-Mail(s)" in output
    note.refresh_from_db()
    assert note.emailed_at is None


def test_at_most_one_digest_per_period(member):
    profile(member, "Täglich", digest=DigestFrequency.DAILY)
    make_note(member, "Am Morgen")
    run_digest("daily")
    make_note(member, "Am Nachmittag")
    # A misconfigured cron runs the command again the same day: refused.
    with pytest.raises(CommandError, match="kein zweites Mal"):
        run_digest("daily")
    # The digest itself sends at most one e-mail per person and period, too.
    run = send_digests(DigestFrequency.DAILY)
    assert run.sent == [] and run.waiting == 1
    assert len(mail.outbox) == 1
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    run = send_digests(DigestFrequency.DAILY, now=tomorrow)
    assert len(run.sent) == 1 and len(mail.outbox) == 2
    assert "Am Nachmittag" in mail.outbox[1].body and "Am Morgen" not in mail.outbox[1].body


def test_one_failing_digest_does_not_stop_the_others(member, outsider, monkeypatch):
    note = make_note(member)
    make_note(outsider)
    render = digest_service.render_digest

    def fail_for_member(digest):
        if digest.user == member:
            raise RuntimeError("template broken")
        return render(digest)

    monkeypatch.setattr(digest_service, "render_digest", fail_for_member)
    run = send_digests(DigestFrequency.WEEKLY)
    assert [digest.user for digest in run.failed] == [member]
    assert [digest.user for digest in run.sent] == [outsider]
    assert [message.to for message in mail.outbox] == [[outsider.email]]
    note.refresh_from_db()
    assert note.emailed_at is None  # for the next run


def test_a_mail_server_error_does_not_fail_the_digest(member, settings, caplog):
    """The e-mail leaves through the task queue: the digest is done when the e-mail is
    queued; the queue retries while the server is away (see core/tests/test_mail.py)."""
    note = make_note(member)
    settings.EMAIL_BACKEND = "clusterwerk.core.tests.test_mail.RefusingBackend"
    run = send_digests(DigestFrequency.WEEKLY)
    assert [digest.user for digest in run.sent] == [member] and not run.failed
    note.refresh_from_db()
    assert note.emailed_at is not None
    assert "cannot retry later" in caplog.text


def test_phase_notice_links_into_the_consultations_cluster(other_cluster, member, client):
    """The job runs outside any request: its link names the cluster, so a consultation of a
    cluster other than the default one opens from the notice."""
    consultation = consultation_in(other_cluster)
    follow_before_phases(consultation, member)
    assert services.notify_phase_changes(user=system_user()) == 1
    note = Notification.objects.get()
    assert note.url == f"/c/kunststoffe/beteiligung/{consultation.slug}/"
    assert client.get(note.url).status_code == 200
    assert client.get(consultation.get_absolute_url()).status_code == 404  # not the default's


def test_only_the_system_runs_the_jobs(consultation, cluster_manager):
    with pytest.raises(PermissionDenied):
        services.notify_phase_changes(user=cluster_manager)
    with pytest.raises(PermissionDenied):
        services.send_digests(user=cluster_manager, frequency=DigestFrequency.DAILY)
