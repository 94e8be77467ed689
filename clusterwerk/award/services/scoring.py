"""Scoring, abstaining and the discussion (part "scoring").

- `save_review`: the juror of the review enters scores by criterion key (integers 0–5, None
  = not scored) and a comment; `submit=True` hands it in (every required criterion needs a
  value). A review that was handed in stays handed in: later changes must keep it complete.
  The weighted total (`aggregation.weighted_total`) is stored with every save. After the
  scoring phase (`phases.AUDITED_SCORE_PHASES`) every change of a score goes into the audit
  log with old → new per criterion.
- `abstain`: the juror abstains with a reason; the scores are removed.
- `add_comment`: in the discussion and decision phases jurors without a conflict and the
  management comment on an application.

Who: only the juror whose review it is, with the confidentiality declaration accepted; a
juror with a blocking conflict on the application gets 404 (the application does not exist
for them), like the access funnel.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.award import aggregation, phases
from clusterwerk.award.models import (
    SCALE_MAX,
    SCALE_MIN,
    Application,
    AuditAction,
    Comment,
    Review,
    ReviewStatus,
    Score,
)
from clusterwerk.award.permissions import blocked_application_ids, jury_member, manages_award
from clusterwerk.award.services import audit
from clusterwerk.core import versions
from clusterwerk.core.versions import changes

MAX_COMMENT = 5000
MAX_REASON = 2000


def _not_found() -> Http404:
    return Http404(_("Diese Bewerbung gibt es nicht oder sie ist nicht sichtbar."))


def _check_cluster(application: Application, cluster) -> None:
    if application.edition.cluster_id != cluster.pk:
        raise _not_found()


def _require_own_review(user, cluster, review: Review) -> None:
    """The review's own juror, confidentiality accepted, no blocking conflict."""
    application = review.application
    _check_cluster(application, cluster)
    edition = application.edition
    member = jury_member(user, edition)
    if member is None:
        raise PermissionDenied(_("Nur Mitglieder der Jury dieses Jahrgangs bewerten."))
    if not member.has_accepted_confidentiality:
        raise PermissionDenied(
            _("Bitte nehmen Sie zuerst die Vertraulichkeitserklärung der Jury an.")
        )
    if application.pk in blocked_application_ids(user, edition):
        raise _not_found()
    if review.jury_member_id != member.pk:
        raise PermissionDenied(_("Sie bearbeiten nur Ihre eigenen Bewertungen."))
    if not application.is_in_competition:
        raise ValidationError(_("Diese Bewerbung ist nicht (mehr) im Wettbewerb."))


def _clean_scores(review: Review, scores: dict, *, complete: bool) -> dict[int, int]:
    """Checked scores by criterion id (only those with a value); German errors keyed by the
    criterion key, unknown keys as a general error."""
    criteria = {criterion.key: criterion for criterion in review.application.edition.criteria.all()}
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, int] = {}
    for key, value in (scores or {}).items():
        criterion = criteria.get(key)
        if criterion is None:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                _("Das Kriterium „%(key)s“ gibt es in diesem Jahrgang nicht.") % {"key": key}
            )
            continue
        if value is None or value == "":
            continue
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not (SCALE_MIN <= value <= SCALE_MAX)
        ):
            errors[key] = [
                _("Der Wert für „%(title)s“ muss zwischen %(min)d und %(max)d liegen.")
                % {"title": criterion.title, "min": SCALE_MIN, "max": SCALE_MAX}
            ]
            continue
        cleaned[key] = value
    if complete:
        for key, criterion in criteria.items():
            if criterion.is_required and key not in cleaned and key not in errors:
                errors[key] = [
                    _("Bitte bewerten Sie „%(title)s“, bevor Sie die Bewertung abgeben.")
                    % {"title": criterion.title}
                ]
    if errors:
        raise ValidationError(errors)
    return {criteria[key].pk: value for key, value in cleaned.items()}


def _current_scores(review: Review) -> dict[int, int]:
    return dict(review.scores.values_list("criterion_id", "value"))


def _write_scores(review: Review, old: dict[int, int], new: dict[int, int]) -> None:
    removed = [criterion for criterion in old if criterion not in new]
    if removed:
        Score.objects.filter(review=review, criterion_id__in=removed).delete()
    for criterion, value in new.items():
        if criterion not in old:
            Score.objects.create(review=review, criterion_id=criterion, value=value)
        elif old[criterion] != value:
            Score.objects.filter(review=review, criterion_id=criterion).update(value=value)


def _total(review: Review, values: dict[int, int]):
    weights = {
        criterion.pk: criterion.weight for criterion in review.application.edition.criteria.all()
    }
    return aggregation.weighted_total(values, weights)


def _audit_changes(review: Review, old: dict[int, int], new: dict[int, int]) -> dict:
    titles = {
        criterion.pk: criterion.key for criterion in review.application.edition.criteria.all()
    }
    return {
        titles[criterion]: [old.get(criterion), new.get(criterion)]
        for criterion in sorted(set(old) | set(new))
        if old.get(criterion) != new.get(criterion)
    }


def _audit(user, review: Review, score_changes: dict, old_status: str, message: str) -> None:
    edition = review.application.edition
    if edition.phase not in phases.AUDITED_SCORE_PHASES:
        return
    if old_status != review.status:
        score_changes = {**score_changes, "status": [old_status, review.status]}
    if not score_changes:
        return
    audit.record(
        edition,
        user,
        AuditAction.SCORE_CHANGED,
        application=review.application,
        changes=score_changes,
        message=message,
    )


def _locked(review: Review) -> Review:
    return (
        Review.objects.select_for_update(of=("self",))
        .select_related("application__edition", "jury_member")
        .get(pk=review.pk)
    )


@changes(versions.AWARD)
@transaction.atomic
def save_review(
    *, user, cluster, review: Review, scores: dict, comment: str = "", submit: bool = False
) -> Review:
    """Save the juror's scores (`{criterion key: 0–5 or None}`) and comment; hand the review
    in with `submit` (or keep a handed-in review handed in). Raises ValidationError (German,
    keyed by criterion key), PermissionDenied (not the review's juror, wrong phase) or Http404
    (another cluster, a blocking conflict)."""
    review = _locked(review)
    _require_own_review(user, cluster, review)
    phases.require(review.application.edition, phases.SCORE)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationError({"comment": [_("Höchstens %(max)d Zeichen.") % {"max": MAX_COMMENT}]})
    complete = bool(submit) or review.status == ReviewStatus.SUBMITTED
    new = _clean_scores(review, scores, complete=complete)
    old = _current_scores(review)
    old_status = review.status
    _write_scores(review, old, new)
    review.total = _total(review, new)
    review.comment = comment
    review.abstain_reason = ""
    if complete:
        if review.status != ReviewStatus.SUBMITTED or review.submitted_at is None:
            review.submitted_at = timezone.now()
        review.status = ReviewStatus.SUBMITTED
    else:
        review.status = ReviewStatus.DRAFT if new or comment else ReviewStatus.ASSIGNED
        review.submitted_at = None
    review.full_clean(exclude=["application", "jury_member"])
    review.save()
    _audit(user, review, _audit_changes(review, old, new), old_status, "")
    return review


@changes(versions.AWARD)
@transaction.atomic
def abstain(*, user, cluster, review: Review, reason: str) -> Review:
    """The juror abstains from the review with a reason; the scores are removed."""
    review = _locked(review)
    _require_own_review(user, cluster, review)
    phases.require(review.application.edition, phases.SCORE)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Bitte begründen Sie, warum Sie sich enthalten.")]})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": [_("Höchstens %(max)d Zeichen.") % {"max": MAX_REASON}]})
    old = _current_scores(review)
    old_status = review.status
    review.scores.all().delete()
    review.status = ReviewStatus.ABSTAINED
    review.abstain_reason = reason
    review.total = None
    review.submitted_at = None
    review.save()
    _audit(user, review, _audit_changes(review, old, {}), old_status, reason)
    return review


@changes(versions.AWARD)
@transaction.atomic
def add_comment(*, user, cluster, application: Application, text: str) -> Comment:
    """A comment on the application in the discussion or decision phase, by a juror without a
    conflict or by the management."""
    _check_cluster(application, cluster)
    edition = application.edition
    if application.pk in blocked_application_ids(user, edition):
        raise _not_found()
    member = jury_member(user, edition)
    is_juror = member is not None and member.has_accepted_confidentiality
    if not (is_juror or manages_award(user, cluster)):
        raise PermissionDenied(
            _("Nur die Jury und das Clustermanagement kommentieren eine Bewerbung.")
        )
    phases.require(edition, phases.COMMENT)
    if not application.is_in_competition:
        raise ValidationError(_("Diese Bewerbung ist nicht (mehr) im Wettbewerb."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Bitte schreiben Sie einen Kommentar.")]})
    if len(text) > MAX_COMMENT:
        raise ValidationError({"text": [_("Höchstens %(max)d Zeichen.") % {"max": MAX_COMMENT}]})
    return Comment.objects.create(application=application, author=user, text=text)
