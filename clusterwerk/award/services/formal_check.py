"""The formal check: the management records for each submitted application whether it is
eligible (with the rules' explanations of `eligibility.py` as the proposal) or not – then
with a note that says why. Only in the phase `formal_check`; every verdict is audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.award import phases
from clusterwerk.award.models import Application, ApplicationStatus, AuditAction, FormalCheck
from clusterwerk.award.permissions import blocked_application_ids, manages_award
from clusterwerk.award.services import audit
from clusterwerk.core import versions
from clusterwerk.core.versions import changes

MAX_NOTE = 2000
VERDICTS = (FormalCheck.ELIGIBLE, FormalCheck.INELIGIBLE)


@changes(versions.AWARD)
@transaction.atomic
def record_formal_check(
    *, user, cluster, application: Application, verdict, note=""
) -> Application:
    """Record the verdict (eligible / ineligible) on a submitted application; a verdict of
    ineligible needs a note. A verdict may be changed while the formal check runs."""
    if not manages_award(user, cluster):
        raise PermissionDenied(_("Die formale Prüfung macht das Clustermanagement."))
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("edition", "edition__cluster", "applicant")
        .filter(pk=application.pk)
        .first()
    )
    if application is None or application.edition.cluster_id != cluster.pk:
        raise Http404(_("Diese Bewerbung gibt es nicht oder sie ist nicht sichtbar."))
    edition = application.edition
    if application.pk in blocked_application_ids(user, edition):
        raise Http404(_("Diese Bewerbung gibt es nicht oder sie ist nicht sichtbar."))
    phases.require(edition, phases.FORMAL_CHECK)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Formal geprüft werden nur eingereichte Bewerbungen."))
    errors: dict[str, list[str]] = {}
    if verdict not in VERDICTS:
        errors["verdict"] = [_("Bitte wählen Sie „zugelassen“ oder „nicht zugelassen“.")]
    note = note.strip() if isinstance(note, str) else ""
    if verdict == FormalCheck.INELIGIBLE and not note:
        errors["note"] = [_("Bitte begründen Sie, warum die Bewerbung nicht zugelassen wird.")]
    if len(note) > MAX_NOTE:
        errors["note"] = [_("Höchstens %(max)d Zeichen.") % {"max": MAX_NOTE}]
    if errors:
        raise ValidationError(errors)
    old = application.formal_check
    if old == verdict and application.formal_check_note == note:
        return application
    application.formal_check = verdict
    application.formal_check_note = note
    application.formal_checked_at = timezone.now()
    application.formal_checked_by = user
    application.save(
        update_fields=[
            "formal_check",
            "formal_check_note",
            "formal_checked_at",
            "formal_checked_by",
            "updated_at",
        ]
    )
    audit.record(
        edition,
        user,
        AuditAction.FORMAL_CHECK,
        application=application,
        changes={"formal_check": [old, verdict]},
        message=note,
    )
    return application
