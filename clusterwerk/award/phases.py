"""What each phase of an edition allows. Services ask `require(edition, action)` before they
write; pages and the API show `allowed(edition, action)`.

- preparation: the management sets up the edition (texts, timeline, criteria, rules, jury).
- call: companies apply, edit, submit and withdraw until the deadline; the management adds
  jurors and detects conflicts; jurors accept the confidentiality declaration and declare
  conflicts.
- formal_check: the management checks eligibility, decides conflicts and assigns reviews.
- scoring: jurors score their own reviews blind (or abstain with a reason); the management
  may still change assignments by hand.
- discussion: jurors see the others' scores and comment; a changed score is audited.
- decision: the management records shortlist, nominees, winners and the special prize and
  releases them in bulk (→ published); scores may still change, audited.
- published: the public sees nominees and winners; follow-up questions run.

The deadline is enforced by the clock, whatever the phase: no save after it.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.award.models import PHASE_ORDER, AwardEdition, Phase

APPLY = "apply"  # create, edit, upload, submit, withdraw an application
EDIT_SETUP = "edit_setup"  # the edition's texts, timeline, criteria and rules
MANAGE_JURY = "manage_jury"  # add and remove jurors, detect and decide conflicts
DECLARE_CONFLICT = "declare_conflict"  # a juror declares a conflict
ACCEPT_CONFIDENTIALITY = "accept_confidentiality"
FORMAL_CHECK = "formal_check"
ASSIGN = "assign"  # run the solver, change assignments by hand
SCORE = "score"  # enter or change one's own scores, abstain
SEE_OTHER_SCORES = "see_other_scores"
COMMENT = "comment"
DECIDE = "decide"
RELEASE = "release"  # publish the decisions in bulk (→ published)
FOLLOW_UP = "follow_up"

ALLOWED: dict[str, set[str]] = {
    Phase.PREPARATION: {EDIT_SETUP, MANAGE_JURY, ACCEPT_CONFIDENTIALITY},
    Phase.CALL: {APPLY, EDIT_SETUP, MANAGE_JURY, DECLARE_CONFLICT, ACCEPT_CONFIDENTIALITY},
    Phase.FORMAL_CHECK: {
        FORMAL_CHECK,
        MANAGE_JURY,
        ASSIGN,
        DECLARE_CONFLICT,
        ACCEPT_CONFIDENTIALITY,
    },
    Phase.SCORING: {SCORE, ASSIGN, MANAGE_JURY, DECLARE_CONFLICT, ACCEPT_CONFIDENTIALITY},
    Phase.DISCUSSION: {SCORE, SEE_OTHER_SCORES, COMMENT, DECLARE_CONFLICT, ACCEPT_CONFIDENTIALITY},
    Phase.DECISION: {SCORE, SEE_OTHER_SCORES, COMMENT, DECIDE, RELEASE, DECLARE_CONFLICT},
    Phase.PUBLISHED: {SEE_OTHER_SCORES, FOLLOW_UP},
}

# After the scoring phase every change of a score goes into the audit log.
AUDITED_SCORE_PHASES = (Phase.DISCUSSION, Phase.DECISION)


class PhaseClosed(PermissionDenied):
    """The action is not allowed in the edition's current phase (403 with the reason)."""


def allowed(edition: AwardEdition, action: str) -> bool:
    if action == APPLY and timezone.now() >= edition.deadline:
        return False
    return action in ALLOWED.get(edition.phase, set())


def require(edition: AwardEdition, action: str) -> None:
    """Raise `PhaseClosed` with a German reason when `action` is not allowed now."""
    if action == APPLY and edition.phase == Phase.CALL and timezone.now() >= edition.deadline:
        deadline = timezone.localtime(edition.deadline)
        raise PhaseClosed(
            _(
                "Der Einsendeschluss war am %(date)s um %(time)s Uhr; "
                "es kann nichts mehr geändert werden."
            )
            % {"date": deadline.strftime("%d.%m.%Y"), "time": deadline.strftime("%H:%M")}
        )
    if not allowed(edition, action):
        raise PhaseClosed(
            _("In der Phase „%(phase)s“ ist das nicht möglich.")
            % {"phase": edition.get_phase_display()}
        )


def phase_index(phase: str) -> int:
    return PHASE_ORDER.index(phase)


def is_at_least(edition: AwardEdition, phase: str) -> bool:
    return phase_index(edition.phase) >= phase_index(phase)


def next_phase(edition: AwardEdition) -> str | None:
    index = phase_index(edition.phase)
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None
