"""save_review, abstain and add_comment: who may, in which phase, the scale, the audit log
after the scoring phase, and nothing half-written on bad input."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from clusterwerk.award.models import (
    ApplicationStatus,
    AuditAction,
    AuditEntry,
    Comment,
    ConflictStatus,
    FormalCheck,
    Phase,
    ReviewStatus,
)
from clusterwerk.award.services import scoring
from clusterwerk.award.tests.factories import make_application, make_review
from clusterwerk.award.tests.scoring_support import ALL_FOUR, block, set_phase, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(edition, applicant):
    set_phase(edition, Phase.SCORING)
    return make_application(edition, applicant)


@pytest.fixture
def review(application, jurors):
    return make_review(application, jurors[1])


def save(review, member, cluster, **kwargs):
    return scoring.save_review(user=member.user, cluster=cluster, review=review, **kwargs)


def test_save_a_draft_and_submit(review, jurors, cluster):
    saved = save(review, jurors[1], cluster, scores={"innovation": 4, "market": None})
    assert saved.status == ReviewStatus.DRAFT
    assert saved.total == Decimal("4.000")
    assert dict(saved.scores.values_list("criterion__key", "value")) == {"innovation": 4}
    saved = save(review, jurors[1], cluster, scores=ALL_FOUR, comment=" Stark. ", submit=True)
    saved.refresh_from_db()
    assert saved.status == ReviewStatus.SUBMITTED
    assert saved.submitted_at is not None
    assert saved.total == Decimal("3.750")
    assert saved.comment == "Stark."
    assert dict(saved.scores.values_list("criterion__key", "value")) == ALL_FOUR
    assert not AuditEntry.objects.exists()  # the scoring phase is not audited


def test_an_edit_changes_exactly_what_was_changed(review, jurors, cluster):
    save(review, jurors[1], cluster, scores=ALL_FOUR, submit=True)
    save(review, jurors[1], cluster, scores={**ALL_FOUR, "market": 5})
    review.refresh_from_db()
    assert dict(review.scores.values_list("criterion__key", "value")) == {
        **ALL_FOUR,
        "market": 5,
    }
    # A handed-in review stays handed in.
    assert review.status == ReviewStatus.SUBMITTED
    assert review.total == Decimal("4.350")  # 3.75 + 0.30·2


def test_submit_needs_every_required_criterion(review, jurors, cluster):
    before = snapshot(review)
    with pytest.raises(ValidationError) as error:
        save(review, jurors[1], cluster, scores={"innovation": 4}, submit=True)
    assert "Bitte bewerten Sie „Marktchancen“" in error.value.message_dict["market"][0]
    assert set(error.value.message_dict) == {"market", "relevance", "social"}
    assert snapshot(review) == before


def test_a_handed_in_review_cannot_lose_a_required_score(review, jurors, cluster):
    save(review, jurors[1], cluster, scores=ALL_FOUR, submit=True)
    before = snapshot(review)
    with pytest.raises(ValidationError):
        save(review, jurors[1], cluster, scores={**ALL_FOUR, "market": None})
    assert snapshot(review) == before


@pytest.mark.parametrize("bad", [6, -1, "x", 2.5, True, "7"])
def test_a_score_outside_the_scale_is_refused_and_nothing_written(review, jurors, cluster, bad):
    save(review, jurors[1], cluster, scores={"market": 2})
    before = snapshot(review)
    with pytest.raises(ValidationError) as error:
        save(review, jurors[1], cluster, scores={"market": 3, "innovation": bad}, submit=False)
    assert error.value.message_dict["innovation"] == [
        "Der Wert für „Innovationshöhe“ muss zwischen 0 und 5 liegen."
    ]
    assert snapshot(review) == before


def test_an_unknown_criterion_is_refused(review, jurors, cluster):
    before = snapshot(review)
    with pytest.raises(ValidationError) as error:
        save(review, jurors[1], cluster, scores={"design": 3, "market": 4})
    assert "Das Kriterium „design“ gibt es in diesem Jahrgang nicht." in error.value.messages
    assert snapshot(review) == before


def test_a_too_long_comment_is_refused(review, jurors, cluster):
    with pytest.raises(ValidationError) as error:
        save(review, jurors[1], cluster, scores={"market": 4}, comment="x" * 5001)
    assert "comment" in error.value.message_dict
    assert not review.scores.exists()


@pytest.mark.parametrize(
    "phase", [Phase.CALL, Phase.FORMAL_CHECK, Phase.PUBLISHED, Phase.PREPARATION]
)
def test_scoring_outside_the_phase_is_refused(review, jurors, cluster, edition, phase):
    set_phase(edition, phase)
    with pytest.raises(PermissionDenied) as error:
        save(review, jurors[1], cluster, scores=ALL_FOUR, submit=True)
    assert "ist das nicht möglich" in str(error.value)
    with pytest.raises(PermissionDenied):
        scoring.abstain(user=jurors[1].user, cluster=cluster, review=review, reason="Urlaub")
    review.refresh_from_db()
    assert review.status == ReviewStatus.ASSIGNED and not review.scores.exists()


def test_someone_elses_review_is_refused(review, jurors, cluster, cluster_manager, member):
    with pytest.raises(PermissionDenied):
        save(review, jurors[2], cluster, scores=ALL_FOUR)
    with pytest.raises(PermissionDenied):
        scoring.save_review(user=cluster_manager, cluster=cluster, review=review, scores=ALL_FOUR)
    with pytest.raises(PermissionDenied):
        scoring.save_review(user=member, cluster=cluster, review=review, scores=ALL_FOUR)
    assert not review.scores.exists()


def test_a_juror_without_the_declaration_may_not_score(review, jurors, cluster):
    jurors[1].confidentiality_accepted_at = None
    jurors[1].save()
    with pytest.raises(PermissionDenied) as error:
        save(review, jurors[1], cluster, scores=ALL_FOUR)
    assert "Vertraulichkeitserklärung" in str(error.value)


@pytest.mark.parametrize("status", [ConflictStatus.PROPOSED, ConflictStatus.PINNED])
def test_a_conflicted_juror_gets_404(review, application, jurors, cluster, status):
    block(jurors[1], application, status)
    with pytest.raises(Http404):
        save(review, jurors[1], cluster, scores=ALL_FOUR, submit=True)
    with pytest.raises(Http404):
        scoring.abstain(user=jurors[1].user, cluster=cluster, review=review, reason="x")
    assert not review.scores.exists()


def test_another_cluster_is_404(review, jurors, other_cluster):
    with pytest.raises(Http404):
        save(review, jurors[1], other_cluster, scores=ALL_FOUR)


def test_a_withdrawn_or_ineligible_application_is_not_scored(review, application, jurors, cluster):
    application.formal_check = FormalCheck.INELIGIBLE
    application.save()
    with pytest.raises(ValidationError):
        save(review, jurors[1], cluster, scores=ALL_FOUR)
    application.formal_check = FormalCheck.ELIGIBLE
    application.status = ApplicationStatus.WITHDRAWN
    application.save()
    with pytest.raises(ValidationError):
        save(review, jurors[1], cluster, scores=ALL_FOUR)


def test_changes_after_the_scoring_phase_are_audited(review, application, jurors, cluster, edition):
    save(review, jurors[1], cluster, scores=ALL_FOUR, submit=True)
    set_phase(edition, Phase.DISCUSSION)
    save(review, jurors[1], cluster, scores={**ALL_FOUR, "market": 5, "social": 1})
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.SCORE_CHANGED
    assert entry.application == application
    assert entry.user == jurors[1].user
    assert entry.changes == {"market": [3, 5], "social": [2, 1]}
    # Saving the same scores again writes nothing; a comment alone is not a score change.
    save(review, jurors[1], cluster, scores={**ALL_FOUR, "market": 5, "social": 1}, comment="Neu")
    assert AuditEntry.objects.count() == 1
    set_phase(edition, Phase.DECISION)
    scoring.abstain(user=jurors[1].user, cluster=cluster, review=review, reason="Befangen")
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.changes["status"] == ["submitted", "abstained"]
    assert entry.changes["innovation"] == [4, None]
    assert entry.message == "Befangen"


def test_abstain_needs_a_reason_and_removes_the_scores(review, jurors, cluster):
    save(review, jurors[1], cluster, scores=ALL_FOUR, submit=True)
    before = snapshot(review)
    with pytest.raises(ValidationError) as error:
        scoring.abstain(user=jurors[1].user, cluster=cluster, review=review, reason="  ")
    assert error.value.message_dict["reason"] == ["Bitte begründen Sie, warum Sie sich enthalten."]
    assert snapshot(review) == before
    abstained = scoring.abstain(
        user=jurors[1].user, cluster=cluster, review=review, reason="Kenne den Inhaber."
    )
    assert abstained.status == ReviewStatus.ABSTAINED
    assert abstained.abstain_reason == "Kenne den Inhaber."
    assert abstained.total is None and not abstained.scores.exists()
    # Scoring again brings the review back.
    again = save(review, jurors[1], cluster, scores={"market": 1})
    assert again.status == ReviewStatus.DRAFT and again.abstain_reason == ""


def test_comments_in_the_discussion(application, jurors, cluster, cluster_manager, edition, member):
    with pytest.raises(PermissionDenied):  # scoring phase: no comments yet
        scoring.add_comment(
            user=jurors[1].user, cluster=cluster, application=application, text="Hm"
        )
    set_phase(edition, Phase.DISCUSSION)
    comment = scoring.add_comment(
        user=jurors[2].user, cluster=cluster, application=application, text=" Gut. "
    )
    assert comment.text == "Gut." and comment.author == jurors[2].user
    scoring.add_comment(user=cluster_manager, cluster=cluster, application=application, text="Ok")
    with pytest.raises(ValidationError) as error:
        scoring.add_comment(user=jurors[2].user, cluster=cluster, application=application, text="")
    assert error.value.message_dict["text"] == ["Bitte schreiben Sie einen Kommentar."]
    with pytest.raises(ValidationError):
        scoring.add_comment(
            user=jurors[2].user, cluster=cluster, application=application, text="x" * 5001
        )
    with pytest.raises(PermissionDenied):
        scoring.add_comment(user=member, cluster=cluster, application=application, text="Ich")
    block(jurors[3], application)
    with pytest.raises(Http404):
        scoring.add_comment(user=jurors[3].user, cluster=cluster, application=application, text="x")
    assert Comment.objects.count() == 2
