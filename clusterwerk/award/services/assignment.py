"""Who reviews which application: the solver (`assignment.solve`) and changes by hand.

`assign_reviews` keeps every review that was started, submitted, abstained or made by hand,
drops the solver's unstarted ones and lets the solver assign anew: at least the edition's
`reviews_per_application` per application in the competition, never to a juror with a
blocking conflict, loads balanced. The management may add a review by hand (never for a
conflicted pair, never twice) and remove an unstarted one. Every change is in the audit log.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterwerk.award import phases
from clusterwerk.award.assignment import solve
from clusterwerk.award.models import (
    BLOCKING_CONFLICT_STATUSES,
    Application,
    ApplicationStatus,
    AssignmentSource,
    AuditAction,
    AwardEdition,
    Conflict,
    FormalCheck,
    JuryMember,
    Review,
    ReviewStatus,
)
from clusterwerk.award.permissions import manages_award
from clusterwerk.award.services import audit
from clusterwerk.core import versions
from clusterwerk.core.versions import changes


@dataclass
class AssignmentResult:
    created: int = 0
    removed: int = 0
    kept: int = 0
    warnings: list[str] = field(default_factory=list)
    loads: dict[int, int] = field(default_factory=dict)  # jury member id → reviews


def competition(edition: AwardEdition):
    """The applications the jury reviews: submitted, not found ineligible."""
    return Application.objects.filter(edition=edition, status=ApplicationStatus.SUBMITTED).exclude(
        formal_check=FormalCheck.INELIGIBLE
    )


def blocking_pairs(edition: AwardEdition) -> set[tuple[int, int]]:
    """(application id, jury member id) of the edition's blocking conflicts."""
    return set(
        Conflict.objects.filter(
            jury_member__edition=edition, status__in=BLOCKING_CONFLICT_STATUSES
        ).values_list("application_id", "jury_member_id")
    )


def _check_manager(user, cluster, edition: AwardEdition) -> None:
    if edition.cluster_id != cluster.pk:
        raise Http404(_("Diesen Preisjahrgang gibt es nicht."))
    if not manages_award(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement verteilt die Bewertungen."))


@changes(versions.AWARD)
@transaction.atomic
def assign_reviews(*, user, cluster, edition: AwardEdition) -> AssignmentResult:
    """Run the solver (see the module). Returns the counts and German warnings for the
    applications that cannot get the wanted number of reviews."""
    _check_manager(user, cluster, edition)
    phases.require(edition, phases.ASSIGN)
    AwardEdition.objects.select_for_update().filter(pk=edition.pk).first()
    applications = list(competition(edition).order_by("pk").values_list("pk", "title"))
    titles = dict(applications)
    jurors = list(
        JuryMember.objects.filter(edition=edition).order_by("pk").values_list("pk", flat=True)
    )
    conflicts = blocking_pairs(edition)

    reviews = Review.objects.filter(application__edition=edition)
    # The solver's unstarted reviews are redone; so is any unstarted one of a conflicted pair.
    redo = reviews.filter(status=ReviewStatus.ASSIGNED).filter(source=AssignmentSource.SOLVER)
    dropped = set(redo.values_list("application_id", "jury_member_id"))
    for application_id, member_id in reviews.filter(status=ReviewStatus.ASSIGNED).values_list(
        "application_id", "jury_member_id"
    ):
        if (application_id, member_id) in conflicts:
            dropped.add((application_id, member_id))
    kept = set(reviews.values_list("application_id", "jury_member_id")) - dropped

    solution = solve(
        applications=titles,
        jurors=jurors,
        reviews_per_application=edition.reviews_per_application,
        conflicts=conflicts,
        kept=kept,
    )
    new = set(solution.new)
    to_remove = dropped - new
    to_create = new - dropped
    for application_id, member_id in sorted(to_remove):
        Review.objects.filter(
            application_id=application_id, jury_member_id=member_id, status=ReviewStatus.ASSIGNED
        ).delete()
    Review.objects.bulk_create(
        [
            Review(
                application_id=application_id,
                jury_member_id=member_id,
                source=AssignmentSource.SOLVER,
                status=ReviewStatus.ASSIGNED,
            )
            for application_id, member_id in sorted(to_create)
        ]
    )
    result = AssignmentResult(
        created=len(to_create),
        removed=len(to_remove),
        kept=len(kept),
        loads=solution.loads,
    )
    if solution.short:
        wanted = edition.reviews_per_application
        names = ", ".join(f"„{titles[pk]}“ ({solution.reviews[pk]})" for pk in solution.short)
        result.warnings.append(
            ngettext(
                "Nicht genug Jurymitglieder ohne Befangenheit für %(wanted)d Bewertung bei: "
                "%(names)s.",
                "Nicht genug Jurymitglieder ohne Befangenheit für %(wanted)d Bewertungen bei: "
                "%(names)s.",
                wanted,
            )
            % {"wanted": wanted, "names": names}
        )
    audit.record(
        edition,
        user,
        AuditAction.ASSIGNMENT,
        changes={
            "created": sorted([list(pair) for pair in to_create]),
            "removed": sorted([list(pair) for pair in to_remove]),
            "short": solution.short,
        },
        message=_("Bewertungen verteilt: %(created)d neu, %(removed)d entfernt, %(kept)d behalten.")
        % {"created": result.created, "removed": result.removed, "kept": result.kept},
    )
    return result


@changes(versions.AWARD)
@transaction.atomic
def add_review_assignment(*, user, cluster, application: Application, member: JuryMember) -> Review:
    """Assign a review by hand; refused for a conflicted pair and for one that exists."""
    edition = application.edition
    _check_manager(user, cluster, edition)
    if member.edition_id != edition.pk:
        raise Http404(_("Dieses Jurymitglied gehört nicht zu diesem Jahrgang."))
    phases.require(edition, phases.ASSIGN)
    if not competition(edition).filter(pk=application.pk).exists():
        raise ValidationError(
            _("Diese Bewerbung ist nicht im Wettbewerb (nicht eingereicht oder nicht zugelassen).")
        )
    if Conflict.objects.filter(
        jury_member=member, application=application, status__in=BLOCKING_CONFLICT_STATUSES
    ).exists():
        raise ValidationError(
            _("%(person)s ist bei „%(title)s“ befangen und kann die Bewerbung nicht bewerten.")
            % {"person": member.user, "title": application.title}
        )
    if Review.objects.filter(jury_member=member, application=application).exists():
        raise ValidationError(
            _("%(person)s bewertet „%(title)s“ bereits.")
            % {"person": member.user, "title": application.title}
        )
    review = Review(
        application=application,
        jury_member=member,
        source=AssignmentSource.MANUAL,
        status=ReviewStatus.ASSIGNED,
    )
    review.full_clean()
    review.save()
    audit.record(
        edition,
        user,
        AuditAction.ASSIGNMENT,
        application=application,
        changes={"added": str(member.user)},
        message=_("%(person)s von Hand zugewiesen.") % {"person": member.user},
    )
    return review


@changes(versions.AWARD)
@transaction.atomic
def remove_review_assignment(*, user, cluster, review: Review) -> None:
    """Remove a review that has not been started."""
    application = review.application
    edition = application.edition
    _check_manager(user, cluster, edition)
    phases.require(edition, phases.ASSIGN)
    review = (
        Review.objects.select_for_update(of=("self",))
        .select_related("jury_member__user")
        .get(pk=review.pk)
    )
    if review.status != ReviewStatus.ASSIGNED:
        raise ValidationError(
            _("%(person)s hat mit dieser Bewertung schon begonnen; sie bleibt.")
            % {"person": review.jury_member.user}
        )
    person = review.jury_member.user
    review.delete()
    audit.record(
        edition,
        user,
        AuditAction.ASSIGNMENT,
        application=application,
        changes={"removed": str(person)},
        message=_("Zuweisung an %(person)s entfernt.") % {"person": person},
    )
