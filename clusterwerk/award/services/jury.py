"""The jury of an edition: members, the confidentiality declaration, and conflicts of interest.

- The management adds jurors (an existing account by e-mail; the role `jury` in the cluster
  comes with the seat) and removes them as long as they have submitted nothing.
- A juror accepts the confidentiality declaration (`DECLARATION_VERSION`, the text is in
  `award/_jury_declaration.html`) before seeing anything, and may declare a conflict: it is
  pinned at once and takes the juror's review of that application out (audited).
- The management lets the platform detect conflicts (`conflicts.find_conflicts`) – new ones
  are proposed, one it dismissed for the same source never again – and pins or dismisses each
  with a reason. A pinned conflict takes the juror's review of that application out; a
  proposed one already hides the application and takes an unstarted review out.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.models import Role, RoleAssignment, User
from clusterwerk.accounts.permissions import forget_cached_permissions
from clusterwerk.actors.models import Actor
from clusterwerk.award import phases
from clusterwerk.award.conflicts import find_conflicts
from clusterwerk.award.models import (
    BLOCKING_CONFLICT_STATUSES,
    Application,
    ApplicationStatus,
    AuditAction,
    AwardEdition,
    Conflict,
    ConflictKind,
    ConflictSource,
    ConflictStatus,
    JuryMember,
    Review,
    ReviewStatus,
)
from clusterwerk.award.permissions import forget_jury_cache, jury_member, manages_award
from clusterwerk.award.services import audit
from clusterwerk.core import versions
from clusterwerk.core.versions import changes

# The version of the confidentiality declaration's text (`award/_jury_declaration.html`).
DECLARATION_VERSION = "2026-1"
FUNCTION_MAX = 200
REASON_MAX = 2000
DECLARABLE_KINDS = (
    ConflictKind.PERSONAL,
    ConflictKind.COLLABORATOR,
    ConflictKind.INSTITUTIONAL,
    ConflictKind.OTHER,
)
# Reviews with a verdict: a juror who has one is not removed from the jury.
SUBMITTED_STATUSES = (ReviewStatus.SUBMITTED, ReviewStatus.ABSTAINED)


def _check_edition(cluster, edition: AwardEdition) -> None:
    if edition.cluster_id != cluster.pk:
        raise Http404(_("Diesen Preisjahrgang gibt es nicht."))


def _check_manager(user, cluster, edition: AwardEdition) -> None:
    _check_edition(cluster, edition)
    if not manages_award(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement verwaltet die Jury."))


def _own_seat(user, cluster, edition: AwardEdition) -> JuryMember:
    _check_edition(cluster, edition)
    member = jury_member(user, edition)
    if member is None:
        raise PermissionDenied(_("Sie gehören nicht zur Jury dieses Jahrgangs."))
    return member


def _find_user(juror) -> User:
    if isinstance(juror, User):
        return juror
    email = str(juror or "").strip()
    if not email:
        raise ValidationError({"email": [_("Bitte die E-Mail-Adresse des Kontos angeben.")]})
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        raise ValidationError(
            {
                "email": [
                    _(
                        "Zu dieser E-Mail-Adresse gibt es kein Konto. Die Person muss sich "
                        "zuerst registrieren."
                    )
                ]
            }
        )
    return user


@changes(versions.AWARD)
@transaction.atomic
def add_juror(
    *,
    user,
    cluster,
    edition: AwardEdition,
    juror,
    affiliation: Actor | None = None,
    function: str = "",
    is_chair: bool = False,
) -> JuryMember:
    """Seat `juror` (a user, or the e-mail address of an existing account) in the edition's
    jury; gives them the role `jury` in the cluster if they do not hold it yet."""
    _check_manager(user, cluster, edition)
    phases.require(edition, phases.MANAGE_JURY)
    AwardEdition.objects.select_for_update().filter(pk=edition.pk).first()
    person = _find_user(juror)
    errors: dict[str, list[str]] = {}
    if JuryMember.objects.filter(edition=edition, user=person).exists():
        errors["email"] = [_("%(person)s gehört schon zur Jury.") % {"person": person}]
    function = (function or "").strip()
    if len(function) > FUNCTION_MAX:
        errors["function"] = [
            _("Die Funktion darf höchstens %(max)d Zeichen lang sein.") % {"max": FUNCTION_MAX}
        ]
    if affiliation is not None and not isinstance(affiliation, Actor):
        errors["affiliation"] = [_("Diese Organisation gibt es nicht im Verzeichnis.")]
    if is_chair:
        chair = JuryMember.objects.filter(edition=edition, is_chair=True).first()
        if chair is not None:
            errors["is_chair"] = [_("Den Vorsitz hat schon %(person)s.") % {"person": chair.user}]
    if errors:
        raise ValidationError(errors)
    member = JuryMember(
        edition=edition,
        user=person,
        affiliation=affiliation,
        function=function,
        is_chair=bool(is_chair),
    )
    member.full_clean()
    member.save()
    _role, created = RoleAssignment.objects.get_or_create(
        user=person, cluster=cluster, role=Role.JURY
    )
    if created:
        forget_cached_permissions(person)
    forget_jury_cache(person)
    return member


@changes(versions.AWARD)
@transaction.atomic
def remove_juror(*, user, cluster, member: JuryMember) -> None:
    """Take a juror out of the jury, with their unstarted reviews and their conflicts. Not
    once they have submitted (or abstained from) a review: their verdicts stay on record."""
    edition = member.edition
    _check_manager(user, cluster, edition)
    phases.require(edition, phases.MANAGE_JURY)
    member = JuryMember.objects.select_for_update().get(pk=member.pk)
    reviews = Review.objects.filter(jury_member=member)
    if reviews.filter(status__in=SUBMITTED_STATUSES).exists():
        raise ValidationError(
            _(
                "%(person)s hat schon Bewertungen abgegeben und bleibt deshalb in der Jury. "
                "Weisen Sie stattdessen die offenen Bewertungen anderen zu."
            )
            % {"person": member.user}
        )
    if reviews.exclude(status=ReviewStatus.ASSIGNED).exists():
        raise ValidationError(
            _(
                "%(person)s hat schon mit Bewertungen begonnen. Nehmen Sie die Person erst "
                "aus der Jury, wenn diese Bewertungen zurückgegeben sind."
            )
            % {"person": member.user}
        )
    removed = list(reviews.values_list("application_id", flat=True))
    if removed:
        audit.record(
            edition,
            user,
            AuditAction.ASSIGNMENT,
            changes={"removed_juror": str(member.user), "applications": removed},
            message=_("%(person)s aus der Jury genommen; %(count)d offene Zuweisungen entfernt.")
            % {"person": member.user, "count": len(removed)},
        )
    person = member.user
    member.delete()
    forget_jury_cache(person)


@changes(versions.AWARD)
@transaction.atomic
def accept_confidentiality(*, user, cluster, edition: AwardEdition) -> JuryMember:
    """The juror accepts the confidentiality declaration (once; the time is kept)."""
    member = _own_seat(user, cluster, edition)
    phases.require(edition, phases.ACCEPT_CONFIDENTIALITY)
    member = JuryMember.objects.select_for_update().get(pk=member.pk)
    if member.confidentiality_accepted_at is None:
        member.confidentiality_accepted_at = timezone.now()
        member.confidentiality_version = DECLARATION_VERSION
        member.save(update_fields=["confidentiality_accepted_at", "confidentiality_version"])
    forget_jury_cache(user)
    return member


def _take_review_out(user, conflict: Conflict, *, only_unstarted: bool = False) -> bool:
    reviews = Review.objects.filter(
        jury_member_id=conflict.jury_member_id, application_id=conflict.application_id
    )
    if only_unstarted:
        reviews = reviews.filter(status=ReviewStatus.ASSIGNED)
    review = reviews.first()
    if review is None:
        return False
    status = review.status
    review.delete()
    audit.record(
        conflict.jury_member.edition,
        user,
        AuditAction.ASSIGNMENT,
        application=conflict.application,
        changes={"juror": str(conflict.jury_member.user), "review_status": status},
        message=_("Bewertung von %(person)s wegen Befangenheit entfernt (%(status)s).")
        % {"person": conflict.jury_member.user, "status": ReviewStatus(status).label},
    )
    return True


def _clean_reason(reason) -> str:
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Bitte eine Begründung angeben.")]})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {
                "reason": [
                    _("Die Begründung darf höchstens %(max)d Zeichen lang sein.")
                    % {"max": REASON_MAX}
                ]
            }
        )
    return reason


@changes(versions.AWARD)
@transaction.atomic
def declare_conflict(
    *, user, cluster, edition: AwardEdition, application: Application, kind: str, reason: str
) -> Conflict:
    """The juror declares a conflict with an application: pinned at once (it needs no
    confirmation); the juror's review of the application goes, even a submitted one."""
    member = _own_seat(user, cluster, edition)
    phases.require(edition, phases.DECLARE_CONFLICT)
    if not member.has_accepted_confidentiality:
        raise PermissionDenied(_("Bitte nehmen Sie zuerst die Vertraulichkeitserklärung an."))
    if application.edition_id != edition.pk or application.status != ApplicationStatus.SUBMITTED:
        raise Http404(_("Diese Bewerbung gibt es nicht oder sie ist nicht sichtbar."))
    errors: dict[str, list[str]] = {}
    if kind not in DECLARABLE_KINDS:
        errors["kind"] = [_("Bitte die Art der Befangenheit wählen.")]
    try:
        reason = _clean_reason(reason)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    existing = Conflict.objects.select_for_update().filter(
        jury_member=member, application=application
    )
    if existing.filter(status__in=BLOCKING_CONFLICT_STATUSES).exists():
        raise ValidationError(
            _("Für diese Bewerbung ist bereits eine Befangenheit von Ihnen erfasst.")
        )
    now = timezone.now()
    conflict = existing.filter(source=ConflictSource.SELF_DECLARED).first() or Conflict(
        jury_member=member, application=application, source=ConflictSource.SELF_DECLARED
    )
    conflict.kind = kind
    conflict.evidence = ""
    conflict.reason = reason
    conflict.status = ConflictStatus.PINNED
    conflict.decided_by = user
    conflict.decided_at = now
    conflict.full_clean()
    conflict.save()
    audit.record(
        edition,
        user,
        AuditAction.CONFLICT,
        application=application,
        changes={
            "juror": str(member.user),
            "source": ConflictSource.SELF_DECLARED.value,
            "kind": kind,
            "status": ConflictStatus.PINNED.value,
        },
        message=_("%(person)s hat sich für befangen erklärt: %(reason)s")
        % {"person": member.user, "reason": reason},
    )
    _take_review_out(user, conflict)
    return conflict


@changes(versions.AWARD)
@transaction.atomic
def detect_conflicts(*, user, cluster, edition: AwardEdition) -> list[Conflict]:
    """Propose the conflicts the platform's data show (`conflicts.find_conflicts`) that are
    not recorded yet for the same juror, application and source – a dismissed one is never
    proposed again. A proposal blocks at once and takes an unstarted review out."""
    _check_manager(user, cluster, edition)
    phases.require(edition, phases.MANAGE_JURY)
    AwardEdition.objects.select_for_update().filter(pk=edition.pk).first()
    known = set(
        Conflict.objects.filter(jury_member__edition=edition).values_list(
            "jury_member_id", "application_id", "source"
        )
    )
    created = []
    for proposal in find_conflicts(edition):
        key = (proposal.jury_member.pk, proposal.application.pk, proposal.source)
        if key in known:
            continue
        known.add(key)
        conflict = Conflict(
            jury_member=proposal.jury_member,
            application=proposal.application,
            kind=proposal.kind,
            source=proposal.source,
            evidence=proposal.evidence,
            status=ConflictStatus.PROPOSED,
        )
        conflict.full_clean()
        conflict.save()
        audit.record(
            edition,
            user,
            AuditAction.CONFLICT,
            application=proposal.application,
            changes={
                "juror": str(proposal.jury_member.user),
                "source": proposal.source,
                "kind": proposal.kind,
                "status": ConflictStatus.PROPOSED.value,
            },
            message=_("Befangenheit vorgeschlagen: %(evidence)s") % {"evidence": proposal.evidence},
        )
        _take_review_out(user, conflict, only_unstarted=True)
        created.append(conflict)
    return created


@changes(versions.AWARD)
@transaction.atomic
def decide_conflict(*, user, cluster, conflict: Conflict, pin: bool, reason: str) -> Conflict:
    """Pin or dismiss a conflict with a reason. Pinning takes the juror's review of the
    application out (even a submitted one); a dismissed conflict no longer hides anything."""
    edition = conflict.jury_member.edition
    _check_manager(user, cluster, edition)
    phases.require(edition, phases.MANAGE_JURY)
    if conflict.jury_member.user_id == user.pk:
        raise PermissionDenied(
            _("Über eine eigene Befangenheit entscheidet jemand anderes aus dem Clustermanagement.")
        )
    reason = _clean_reason(reason)
    conflict = (
        Conflict.objects.select_for_update(of=("self",))
        .select_related("jury_member__user", "jury_member__edition", "application")
        .get(pk=conflict.pk)
    )
    previous = conflict.status
    conflict.status = ConflictStatus.PINNED if pin else ConflictStatus.DISMISSED
    conflict.reason = reason
    conflict.decided_by = user
    conflict.decided_at = timezone.now()
    conflict.full_clean()
    conflict.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit.record(
        edition,
        user,
        AuditAction.CONFLICT,
        application=conflict.application,
        changes={
            "juror": str(conflict.jury_member.user),
            "source": conflict.source,
            "status": [previous, conflict.status],
        },
        message=(
            _("Befangenheit bestätigt: %(reason)s")
            if pin
            else _("Befangenheit verworfen: %(reason)s")
        )
        % {"reason": reason},
    )
    if pin:
        _take_review_out(user, conflict)
    return conflict
