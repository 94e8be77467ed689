"""Reads of the innovation prize with their rules: which editions and applications a person
sees, the access funnels, and which reviews of an application a person may read.

Every read of applications, reviews, scores and comments for a person goes through
`applications_for_user` / `get_application_for_user` / `visible_reviews`, which leave out
what a blocking conflict hides – in pages, API, exports and e-mails alike."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import is_authenticated, represented_actor_ids
from clusterwerk.award import phases
from clusterwerk.award.models import (
    Application,
    ApplicationStatus,
    AwardEdition,
    Decision,
    FormalCheck,
    Phase,
    Review,
)
from clusterwerk.award.permissions import (
    blocked_application_ids,
    is_active_juror,
    is_applicant,
    jury_member,
    manages_award,
)

PUBLIC_DECISIONS = (Decision.NOMINEE, Decision.WINNER, Decision.SPECIAL_PRIZE)


def visible_editions(user, cluster) -> QuerySet[AwardEdition]:
    """The management sees every edition of the cluster; everybody else those past
    preparation (the call is public)."""
    editions = AwardEdition.objects.filter(cluster=cluster)
    if manages_award(user, cluster):
        return editions
    if is_authenticated(user):
        seats = Q(jury__user=user)
        return editions.filter(
            pk__in=editions.filter(~Q(phase=Phase.PREPARATION) | seats).values("pk")
        )
    return editions.exclude(phase=Phase.PREPARATION)


def get_edition_for_user(user, cluster, year: int, *, manage: bool = False) -> AwardEdition:
    """The funnel for one edition of `cluster` by year: 404 when not visible, 403 when
    `manage` and the user does not manage the cluster."""
    try:
        edition = visible_editions(user, cluster).select_related("cluster").get(year=year)
    except (AwardEdition.DoesNotExist, ValueError):
        raise Http404(_("Diesen Preisjahrgang gibt es nicht.")) from None
    if manage and not manages_award(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement verwaltet den Innovationspreis."))
    return edition


def get_edition_by_pk_for_user(user, cluster, pk: int, *, manage: bool = False) -> AwardEdition:
    year = (
        AwardEdition.objects.filter(cluster=cluster, pk=pk).values_list("year", flat=True).first()
    )
    if year is None:
        raise Http404(_("Diesen Preisjahrgang gibt es nicht."))
    return get_edition_for_user(user, cluster, year, manage=manage)


def applications_for_user(user, edition: AwardEdition) -> QuerySet[Application]:
    """The applications of `edition` the user may see:

    - the management: every one that was submitted (or withdrawn after submitting) – drafts
      are the applicant's own work;
    - a juror who accepted the confidentiality declaration, from the scoring phase on: those
      in the competition (submitted, not found ineligible);
    - an applicant: their own, drafts included;
    minus, for everybody, those hidden by the user's blocking conflicts."""
    applications = Application.objects.filter(edition=edition)
    if not is_authenticated(user):
        return applications.none()
    shown = Q(created_by=user)
    represented = represented_actor_ids(user)
    if represented:
        shown |= Q(applicant_id__in=represented)
    if manages_award(user, edition.cluster_id):
        shown |= Q(submitted_at__isnull=False)
    elif is_active_juror(user, edition) and phases.is_at_least(edition, Phase.SCORING):
        shown |= Q(status=ApplicationStatus.SUBMITTED) & ~Q(formal_check=FormalCheck.INELIGIBLE)
    blocked = blocked_application_ids(user, edition)
    result = applications.filter(shown)
    if blocked:
        result = result.exclude(pk__in=blocked)
    return result


def get_application_for_user(user, cluster, uid, *, write: bool = False) -> Application:
    """The funnel for one application of `cluster`: 404 when the user may not see it (another
    cluster, somebody else's draft, a blocking conflict), 403 when `write` and the user is not
    the applicant."""
    try:
        application = Application.objects.select_related(
            "edition", "edition__cluster", "applicant"
        ).get(uid=uid, edition__cluster=cluster)
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Diese Bewerbung gibt es nicht oder sie ist nicht sichtbar.")) from None
    if not applications_for_user(user, application.edition).filter(pk=application.pk).exists():
        raise Http404(_("Diese Bewerbung gibt es nicht oder sie ist nicht sichtbar."))
    if write and not is_applicant(user, application):
        raise PermissionDenied(_("Nur der Bewerber bearbeitet seine Bewerbung."))
    return application


def get_application_by_pk_for_user(user, cluster, pk: int, *, write: bool = False) -> Application:
    uid = (
        Application.objects.filter(edition__cluster=cluster, pk=pk)
        .values_list("uid", flat=True)
        .first()
    )
    if uid is None:
        raise Http404(_("Diese Bewerbung gibt es nicht oder sie ist nicht sichtbar."))
    return get_application_for_user(user, cluster, uid, write=write)


def my_applications(user, cluster) -> QuerySet[Application]:
    """The user's own applications in `cluster` (created or for a represented organisation)."""
    if not is_authenticated(user):
        return Application.objects.none()
    shown = Q(created_by=user)
    represented = represented_actor_ids(user)
    if represented:
        shown |= Q(applicant_id__in=represented)
    return (
        Application.objects.filter(edition__cluster=cluster)
        .filter(shown)
        .select_related("edition", "applicant")
        .order_by("-edition__year", "title")
    )


def visible_reviews(user, application: Application) -> QuerySet[Review]:
    """The reviews of an application the user may read (the caller has passed the
    application's funnel): the management all; a juror their own, and the others' once the
    phase shows them (discussion on); nobody else any."""
    reviews = Review.objects.filter(application=application).select_related("jury_member__user")
    edition = application.edition
    if application.pk in blocked_application_ids(user, edition):
        return reviews.none()
    if manages_award(user, edition.cluster_id):
        return reviews
    member = jury_member(user, edition)
    if member is None or not member.has_accepted_confidentiality:
        return reviews.none()
    if phases.allowed(edition, phases.SEE_OTHER_SCORES):
        return reviews
    return reviews.filter(jury_member=member)


def published_applications(edition: AwardEdition) -> QuerySet[Application]:
    """What the public sees of an edition once it is published: nominees, winners and the
    special prize whose applicants consented to publication."""
    if edition.phase != Phase.PUBLISHED:
        return Application.objects.none()
    return (
        Application.objects.filter(
            edition=edition,
            status=ApplicationStatus.SUBMITTED,
            decision__in=PUBLIC_DECISIONS,
            publication_consent=True,
        )
        .select_related("applicant")
        .order_by("decision", "title")
    )


def is_applicant_of(user, application: Application) -> bool:
    return is_applicant(user, application)


# --- scoring ---


def my_reviews(user, edition: AwardEdition) -> QuerySet[Review]:
    """The juror's own reviews of the edition (assigned, begun, handed in, abstained) for
    applications in the competition, without those a blocking conflict hides; none before the
    confidentiality declaration."""
    member = jury_member(user, edition)
    if member is None or not member.has_accepted_confidentiality:
        return Review.objects.none()
    reviews = (
        Review.objects.filter(
            jury_member=member,
            application__edition=edition,
            application__status=ApplicationStatus.SUBMITTED,
        )
        .exclude(application__formal_check=FormalCheck.INELIGIBLE)
        .select_related("application", "application__applicant")
        .order_by("application__title", "application_id")
    )
    blocked = blocked_application_ids(user, edition)
    return reviews.exclude(application_id__in=blocked) if blocked else reviews


def visible_comments(user, application: Application):
    """The discussion of an application for a person who passed its funnel: the management
    and active jurors from the discussion phase on; nobody else, nobody with a blocking
    conflict."""
    from clusterwerk.award.models import Comment

    edition = application.edition
    none = Comment.objects.none()
    if application.pk in blocked_application_ids(user, edition):
        return none
    if not phases.is_at_least(edition, Phase.DISCUSSION):
        return none
    if not (manages_award(user, edition.cluster_id) or is_active_juror(user, edition)):
        return none
    return Comment.objects.filter(application=application).select_related("author")
