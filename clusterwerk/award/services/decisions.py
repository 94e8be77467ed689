"""The decision and its release (part "scoring").

- `set_decision`: the management records per application in the competition: none,
  shortlist, nominee, winner or the special prize of the jury. At most
  `edition.max_winners` winners; the special prize at most once and only when the edition
  has one; a knocked-out application (`ranking`) cannot be a winner. Audit DECISION with
  old → new.
- `release_decisions`: the management publishes all decisions at once (needs at least one
  winner): phase → published, `results_published_at`, audit RELEASED; then the follow-up
  questions are scheduled (`services.follow_ups.schedule_follow_ups`, when present).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.award import phases, ranking
from clusterwerk.award.models import (
    Application,
    AuditAction,
    AwardEdition,
    Decision,
    Phase,
)
from clusterwerk.award.permissions import blocked_application_ids, manages_award
from clusterwerk.award.services import audit
from clusterwerk.core import versions
from clusterwerk.core.versions import changes

MAX_NOTE = 5000


def _require_management(user, cluster) -> None:
    if not manages_award(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement entscheidet über den Preis."))


def _check_edition(edition: AwardEdition, cluster) -> None:
    if edition.cluster_id != cluster.pk:
        raise Http404(_("Diesen Preisjahrgang gibt es nicht."))


@changes(versions.AWARD)
@transaction.atomic
def set_decision(
    *, user, cluster, application: Application, decision: str, note: str = ""
) -> Application:
    """Record the decision on one application (see the module's doc). German
    ValidationError keyed `decision` / `note`."""
    _require_management(user, cluster)
    _check_edition(application.edition, cluster)
    # Lock the edition: two managers deciding at once cannot both add the last winner.
    edition = AwardEdition.objects.select_for_update().get(pk=application.edition_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.pk in blocked_application_ids(user, edition):
        raise Http404(_("Diese Bewerbung gibt es nicht oder sie ist nicht sichtbar."))
    phases.require(edition, phases.DECIDE)
    if decision not in Decision.values:
        raise ValidationError({"decision": [_("Diese Entscheidung gibt es nicht.")]})
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": [_("Höchstens %(max)d Zeichen.") % {"max": MAX_NOTE}]})
    if not application.is_in_competition:
        raise ValidationError(
            {
                "decision": [
                    _("Diese Bewerbung ist nicht im Wettbewerb; über sie wird nicht entschieden.")
                ]
            }
        )
    others = Application.objects.filter(edition=edition).exclude(pk=application.pk)
    if decision == Decision.WINNER:
        winners = others.filter(decision=Decision.WINNER).count()
        if winners >= edition.max_winners:
            raise ValidationError(
                {
                    "decision": [
                        _(
                            "Es gibt schon %(count)d Preisträger; mehr erlaubt dieser Jahrgang "
                            "nicht."
                        )
                        % {"count": winners}
                    ]
                }
            )
        row = next((row for row in ranking.ranking(edition) if row.id == application.pk), None)
        if row is not None and row.knocked_out:
            raise ValidationError(
                {
                    "decision": [
                        _(
                            "Die Bewerbung ist durch ein K.-o.-Kriterium (%(criteria)s) aus der "
                            "Rangfolge ausgeschieden und kann nicht Preisträger werden."
                        )
                        % {"criteria": ", ".join(row.knocked_out_by)}
                    ]
                }
            )
    if decision == Decision.SPECIAL_PRIZE:
        if not edition.has_special_prize:
            raise ValidationError(
                {"decision": [_("Dieser Jahrgang vergibt keinen Sonderpreis der Jury.")]}
            )
        if others.filter(decision=Decision.SPECIAL_PRIZE).exists():
            raise ValidationError({"decision": [_("Der Sonderpreis der Jury ist schon vergeben.")]})
    old = {"decision": application.decision, "note": application.decision_note}
    if old == {"decision": decision, "note": note}:
        return application
    application.decision = decision
    application.decision_note = note
    application.save(update_fields=["decision", "decision_note", "updated_at"])
    changed = {
        key: [old[key], new]
        for key, new in (("decision", decision), ("note", note))
        if old[key] != new
    }
    audit.record(edition, user, AuditAction.DECISION, application=application, changes=changed)
    return application


def _schedule_follow_ups(edition: AwardEdition) -> None:
    try:
        from clusterwerk.award.services import follow_ups
    except ImportError:
        return
    schedule = getattr(follow_ups, "schedule_follow_ups", None)
    if schedule is not None:
        schedule(edition)


@changes(versions.AWARD)
@transaction.atomic
def release_decisions(*, user, cluster, edition: AwardEdition) -> AwardEdition:
    """Publish the decisions in bulk: phase → published (see the module's doc)."""
    _require_management(user, cluster)
    _check_edition(edition, cluster)
    edition = AwardEdition.objects.select_for_update().get(pk=edition.pk)
    phases.require(edition, phases.RELEASE)
    winners = list(
        Application.objects.filter(edition=edition, decision=Decision.WINNER).values_list(
            "title", flat=True
        )
    )
    if not winners:
        raise ValidationError(
            _("Vor der Veröffentlichung muss mindestens ein Preisträger feststehen.")
        )
    old_phase = edition.phase
    edition.phase = Phase.PUBLISHED
    edition.results_published_at = timezone.now()
    edition.save(update_fields=["phase", "results_published_at", "updated_at"])
    audit.record(
        edition,
        user,
        AuditAction.RELEASED,
        changes={"phase": [old_phase, edition.phase], "winners": winners},
    )
    _schedule_follow_ups(edition)
    return edition
