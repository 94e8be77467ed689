"""Moderation: reports with a reason (one open report per person and contribution), hiding
with a public reason (reports resolved, author notified, logged), showing again, dismissing,
blocking and unblocking (blocked people contribute nothing), and the moderation pages."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from clusterwerk.participation import queries, services
from clusterwerk.participation.models import (
    ContentReport,
    ModerationAction,
    ModerationLogEntry,
    Notification,
    NotificationKind,
    ParticipationBlock,
    ReportStatus,
)
from clusterwerk.participation.tests.moderation_support import (
    amendment_by,
    comment_on,
    consultation_in,
    profile,
)

pytestmark = pytest.mark.django_db

REASON = "Beleidigung anderer Teilnehmender"


@pytest.fixture
def consultation(cluster):
    return consultation_in(cluster)


@pytest.fixture
def comment(consultation, member):
    profile(member, "Metallbauerin")
    return comment_on(consultation, member, "Das ist **Unsinn**, ihr Idioten.")


# --- reports -------------------------------------------------------------------------------


def test_report_needs_a_reason_and_is_open(comment, outsider):
    with pytest.raises(ValidationError) as error:
        services.report_content(user=outsider, item=comment, reason="   ")
    assert "Grund" in str(error.value)
    report = services.report_content(user=outsider, item=comment, reason=REASON)
    assert report.comment == comment and report.status == ReportStatus.OPEN
    assert report.reporter == outsider


def test_one_open_report_per_person_and_item(comment, outsider, board_member):
    services.report_content(user=outsider, item=comment, reason=REASON)
    with pytest.raises(ValidationError, match="bereits gemeldet"):
        services.report_content(user=outsider, item=comment, reason="noch einmal")
    services.report_content(user=board_member, item=comment, reason="Spam")
    assert ContentReport.objects.filter(comment=comment).count() == 2


def test_own_and_hidden_contributions_cannot_be_reported(
    comment, member, outsider, cluster_manager
):
    with pytest.raises(ValidationError, match="Eigene"):
        services.report_content(user=member, item=comment, reason=REASON)
    services.hide(moderator=cluster_manager, item=comment, reason="Beleidigend")
    with pytest.raises(ValidationError, match="ausgeblendet"):
        services.report_content(user=outsider, item=comment, reason=REASON)


def test_proposals_can_be_reported(consultation, member, outsider):
    proposal = amendment_by(consultation, member)
    report = services.report_content(user=outsider, item=proposal, reason="Werbung")
    assert report.proposal == proposal and report.comment is None


# --- hiding --------------------------------------------------------------------------------


def test_hide_sets_reason_resolves_reports_logs_and_notifies(
    comment, member, outsider, cluster_manager
):
    services.report_content(user=outsider, item=comment, reason=REASON)
    services.hide(moderator=cluster_manager, item=comment, reason="Verstößt gegen die Regeln")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Verstößt gegen die Regeln"
    assert comment.hidden_by == cluster_manager
    assert not ContentReport.objects.filter(status=ReportStatus.OPEN).exists()
    entry = ModerationLogEntry.objects.get()
    assert entry.action == ModerationAction.HIDE and entry.moderator == cluster_manager
    assert entry.target == f"Kommentar #{comment.pk}" and entry.consultation == comment.consultation
    note = Notification.objects.get(user=member)
    assert note.kind == NotificationKind.MODERATION
    assert "Verstößt gegen die Regeln" in note.text
    assert note.url.endswith(f"#kommentar-{comment.pk}")


def test_hide_needs_a_public_reason_and_a_moderator(comment, outsider, cluster_manager):
    with pytest.raises(ValidationError):
        services.hide(moderator=cluster_manager, item=comment, reason="")
    with pytest.raises(PermissionDenied):
        services.hide(moderator=outsider, item=comment, reason="Ich mag das nicht")
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert not ModerationLogEntry.objects.exists()


def test_show_again_and_dismiss(comment, outsider, cluster_manager):
    services.hide(moderator=cluster_manager, item=comment, reason="Beleidigend")
    services.show(moderator=cluster_manager, item=comment)
    comment.refresh_from_db()
    assert not comment.is_hidden and comment.hidden_reason == ""
    with pytest.raises(ValidationError):
        services.show(moderator=cluster_manager, item=comment)
    services.report_content(user=outsider, item=comment, reason=REASON)
    assert services.dismiss_reports(moderator=cluster_manager, item=comment) == 1
    assert not ContentReport.objects.filter(status=ReportStatus.OPEN).exists()
    actions = list(ModerationLogEntry.objects.values_list("action", flat=True))
    assert actions == [ModerationAction.DISMISS, ModerationAction.SHOW, ModerationAction.HIDE]
    with pytest.raises(ValidationError, match="keine offenen"):
        services.dismiss_reports(moderator=cluster_manager, item=comment)


def test_hiding_a_proposal(consultation, member, cluster_manager):
    proposal = amendment_by(consultation, member)
    services.hide(moderator=cluster_manager, item=proposal, reason="Werbung")
    proposal.refresh_from_db()
    assert proposal.is_hidden
    assert Notification.objects.get(user=member).url == proposal.get_absolute_url()


# --- blocking ------------------------------------------------------------------------------


def test_block_stops_contributions_and_unblock_allows_them(consultation, member, cluster_manager):
    with pytest.raises(ValidationError):
        services.block_user(
            moderator=cluster_manager, consultation=consultation, user=member, reason=""
        )
    services.block_user(
        moderator=cluster_manager, consultation=consultation, user=member, reason="Spam"
    )
    assert ParticipationBlock.objects.filter(cluster=consultation.cluster, user=member).exists()
    with pytest.raises(services.ContributionNotAllowed, match="gesperrt"):
        comment_on(consultation, member)
    with pytest.raises(ValidationError, match="bereits gesperrt"):
        services.block_user(
            moderator=cluster_manager, consultation=consultation, user=member, reason="Spam"
        )
    services.unblock_user(moderator=cluster_manager, consultation=consultation, user=member)
    assert comment_on(consultation, member).pk
    actions = list(ModerationLogEntry.objects.values_list("action", flat=True))
    assert actions == [ModerationAction.UNBLOCK, ModerationAction.BLOCK]


def test_moderators_cannot_be_blocked_and_others_cannot_block(
    consultation, member, outsider, cluster_manager
):
    with pytest.raises(ValidationError):
        services.block_user(
            moderator=cluster_manager, consultation=consultation, user=cluster_manager, reason="x"
        )
    with pytest.raises(PermissionDenied):
        services.block_user(moderator=outsider, consultation=consultation, user=member, reason="x")


# --- queue ---------------------------------------------------------------------------------


def test_queue_groups_reports_by_item(consultation, comment, member, outsider, board_member):
    proposal = amendment_by(consultation, member)
    services.report_content(user=outsider, item=comment, reason="eins")
    services.report_content(user=board_member, item=comment, reason="zwei")
    services.report_content(user=outsider, item=proposal, reason="drei")
    queue = queries.reported_items(consultation)
    assert [(entry.target, entry.item.pk) for entry in queue] == [
        ("comment", comment.pk),
        ("proposal", proposal.pk),
    ]
    assert [report.reason for report in queue[0].reports] == ["eins", "zwei"]
    assert queries.open_report_count(consultation) == 3


# --- pages ---------------------------------------------------------------------------------


def moderation_url(consultation):
    return reverse("participation:moderation", args=[consultation.slug])


def test_queue_page_only_for_the_cluster_management(
    client, member_client_factory, consultation, comment, outsider
):
    services.report_content(user=outsider, item=comment, reason=REASON)
    assert client.get(moderation_url(consultation)).status_code == 302  # to the login
    assert member_client_factory("member").get(moderation_url(consultation)).status_code == 403
    response = member_client_factory("cluster_manager").get(moderation_url(consultation))
    assert response.status_code == 200
    page = response.content.decode()
    assert REASON in page and f"Kommentar #{comment.pk}" in page
    assert "<strong>Unsinn</strong>" in page  # the safe rendering, not raw HTML


def test_report_page_flow(member_client_factory, consultation, comment):
    url = reverse("participation:report", args=[consultation.slug, "comment", comment.pk])
    client = member_client_factory("outsider")
    response = client.post(url, {"reason": REASON})
    assert response.status_code == 302
    assert ContentReport.objects.get().reason == REASON
    response = client.post(url, {"reason": REASON})
    assert response.status_code == 302
    assert any("bereits gemeldet" in str(m) for m in get_messages(response.wsgi_request))
    assert client.get(url).status_code == 405
    assert (
        client.post(
            reverse("participation:report", args=[consultation.slug, "bild", comment.pk]),
            {"reason": REASON},
        ).status_code
        == 404
    )


def test_moderate_and_block_pages(member_client_factory, consultation, comment, member):
    manager = member_client_factory("cluster_manager")
    hide = reverse(
        "participation:moderate", args=[consultation.slug, "ausblenden", "comment", comment.pk]
    )
    response = manager.post(hide, {"reason": ""}, follow=True)
    assert "Bitte geben Sie einen Grund an." in response.content.decode()
    manager.post(hide, {"reason": "Beleidigend"})
    comment.refresh_from_db()
    assert comment.hidden_reason == "Beleidigend"
    show = reverse(
        "participation:moderate", args=[consultation.slug, "einblenden", "comment", comment.pk]
    )
    manager.post(show)
    comment.refresh_from_db()
    assert not comment.is_hidden
    unknown = reverse(
        "participation:moderate", args=[consultation.slug, "loeschen", "comment", comment.pk]
    )
    assert manager.post(unknown).status_code == 404
    block = reverse("participation:block", args=[consultation.slug, member.pk])
    manager.post(block, {"reason": "Wiederholt beleidigend"})
    assert ParticipationBlock.objects.filter(user=member).exists()
    manager.post(block)
    assert not ParticipationBlock.objects.filter(user=member).exists()
    assert member_client_factory("member").post(hide, {"reason": "x"}).status_code == 403
    assert member_client_factory("member").post(block, {"reason": "x"}).status_code == 403
