"""Reads of the innovation prize with their rules: which editions and applications a person
sees, the access funnels, and which reviews of an application a person may read.

Every read of applications, reviews, scores and comments for a person goes through
`applications_for_user` / `get_application_for_user` / `visible_reviews`, which leave out
what a blocking conflict hides – in pages, API, exports and e-mails alike."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from clusterwerk.accounts.permissions import is_authenticated, represented_actor_ids
from clusterwerk.award import phases
from clusterwerk.award.models import (
    Application,
    ApplicationStatus,
    AwardEdition,
    Conflict,
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


# --- jury ---
# The jury's reads: what a juror may list before the scoring phase (names only, to declare a
# conflict), the juror's own assignments, and the conflicts the management sees.


def declarable_applications(user, edition: AwardEdition) -> QuerySet[Application]:
    """The submitted applications a juror may declare a conflict for: titles and the names
    of applicant and partners only, after the confidentiality declaration, without those
    already blocked for the juror. Empty for anyone else."""
    from clusterwerk.award.models import ApplicationPartner

    member = jury_member(user, edition)
    if member is None or not member.has_accepted_confidentiality:
        return Application.objects.none()
    from django.db.models import Prefetch

    return (
        Application.objects.filter(edition=edition, status=ApplicationStatus.SUBMITTED)
        .exclude(pk__in=blocked_application_ids(user, edition))
        .select_related("applicant")
        .prefetch_related(
            Prefetch("partners", queryset=ApplicationPartner.objects.select_related("actor"))
        )
        .order_by("title", "pk")
    )


def my_reviews(user, edition: AwardEdition) -> QuerySet[Review]:
    """The juror's own reviews of applications they may see (`applications_for_user`: from
    the scoring phase on, never a conflicted one); none before the confidentiality
    declaration."""
    member = jury_member(user, edition)
    if member is None or not member.has_accepted_confidentiality:
        return Review.objects.none()
    return (
        Review.objects.filter(
            jury_member=member, application__in=applications_for_user(user, edition)
        )
        .select_related("application", "application__applicant")
        .order_by("application__title", "application_id")
    )


def conflicts_for_management(user, edition: AwardEdition):
    """The edition's conflicts for its management, without those of applications hidden from
    the user by a conflict of their own (OpenReview issue 351)."""
    if not manages_award(user, edition.cluster_id):
        return Conflict.objects.none()
    return (
        Conflict.objects.filter(jury_member__edition=edition)
        .exclude(application_id__in=blocked_application_ids(user, edition))
        .select_related("jury_member__user", "application__applicant", "decided_by")
        .order_by("application__title", "application_id", "jury_member_id", "source")
    )


# --- publication ---
# What the public sees after the release, the certificate's access and the follow-up
# questions' access (part: publication).

PRIZE_DECISIONS = (Decision.WINNER, Decision.SPECIAL_PRIZE)


def get_published_edition(cluster, year: int) -> AwardEdition:
    """The funnel of the public results pages: the edition of `cluster` by year once it is
    published, for everybody alike (the management too); 404 before."""
    edition = (
        AwardEdition.objects.filter(cluster=cluster, year=year, phase=Phase.PUBLISHED)
        .select_related("cluster", "ceremony_event")
        .first()
    )
    if edition is None:
        raise Http404(_("Für diesen Preisjahrgang sind noch keine Preisträger veröffentlicht."))
    return edition


def winner_count(edition: AwardEdition) -> int:
    """All winners of the edition, also those who did not consent to publication."""
    return Application.objects.filter(
        edition=edition, status=ApplicationStatus.SUBMITTED, decision=Decision.WINNER
    ).count()


def _share(edition: AwardEdition, winners: int):
    from decimal import Decimal

    if not winners:
        return None
    return (edition.prize_money / winners).quantize(Decimal("0.01"))


def prize_share(edition: AwardEdition):
    """Each winner's share of the prize money: the money divided by the number of winners
    (all of them, also those who did not consent to publication), or None without winners."""
    return _share(edition, winner_count(edition))


def get_certificate_application(user, cluster, year: int, uid) -> Application:
    """The funnel of a certificate: an application of the edition `year` of `cluster` with a
    public decision (winner, special prize, nominee). The management may always download it
    (unless a blocking conflict hides the application from them); the applicant once the
    edition is published; everybody else once published and with the consent to publication.
    404 otherwise."""
    not_found = Http404(_("Diese Urkunde gibt es nicht oder sie ist nicht öffentlich."))
    try:
        application = Application.objects.select_related(
            "edition", "edition__cluster", "edition__ceremony_event", "applicant"
        ).get(
            uid=uid,
            edition__cluster=cluster,
            edition__year=year,
            status=ApplicationStatus.SUBMITTED,
            decision__in=PUBLIC_DECISIONS,
        )
    except (Application.DoesNotExist, ValueError, TypeError):
        raise not_found from None
    edition = application.edition
    if manages_award(user, cluster):
        if application.pk in blocked_application_ids(user, edition):
            raise not_found
        return application
    if edition.phase != Phase.PUBLISHED:
        raise not_found
    if application.publication_consent or is_applicant(user, application):
        return application
    raise not_found


def follow_ups_for_user(user, cluster):
    """The follow-up questions of the user's own applications in `cluster` (as creator or
    representative of the applicant), latest due first."""
    from clusterwerk.award.models import FollowUp

    mine = my_applications(user, cluster).filter(status=ApplicationStatus.SUBMITTED)
    return (
        FollowUp.objects.filter(application__in=mine.values("pk"))
        .select_related("application", "application__edition", "application__applicant")
        .order_by("-due_on", "pk")
    )


def get_follow_up_for_user(user, cluster, pk: int):
    """The funnel of a follow-up question: only the applicant (creator or representative)
    of a submitted application of `cluster`; 404 for everybody else."""
    follow_up = follow_ups_for_user(user, cluster).filter(pk=pk).first()
    if follow_up is None:
        raise Http404(_("Diese Nachfrage gibt es nicht oder sie ist nicht für Sie."))
    return follow_up


class PublishedResults:
    """The published results of an edition as the public pages show them: winners (with
    their equal share of the prize money), the special prize (no money) and the nominees –
    only those who consented to publication; partners and topic areas loaded. Empty before
    the edition is published. Three queries."""

    def __init__(self, edition: AwardEdition):
        from django.db.models import Prefetch

        from clusterwerk.award.models import ApplicationPartner

        self.edition = edition
        shown = list(
            published_applications(edition).prefetch_related(
                Prefetch(
                    "partners",
                    queryset=ApplicationPartner.objects.select_related("actor").order_by(
                        "actor__name", "pk"
                    ),
                ),
                "topics",
            )
        )
        self.winners = [a for a in shown if a.decision == Decision.WINNER]
        self.special = [a for a in shown if a.decision == Decision.SPECIAL_PRIZE]
        self.nominees = [a for a in shown if a.decision == Decision.NOMINEE]
        self.winner_count = winner_count(edition) if self.winners else 0
        self.share = _share(edition, self.winner_count)
        self.linked_actor_ids = _public_actor_ids(edition, shown)

    @property
    def applications(self) -> list[Application]:
        return [*self.winners, *self.special, *self.nominees]

    @property
    def is_empty(self) -> bool:
        return not (self.winners or self.special or self.nominees)

    @property
    def groups(self) -> list[tuple[str, str, list[Application]]]:
        """(key, heading, applications) of the groups that have someone, in order."""
        groups = [
            ("winners", pgettext("plural", "Preisträger"), self.winners),
            ("special", _("Sonderpreis der Jury"), self.special),
            ("nominees", _("Nominiert"), self.nominees),
        ]
        return [group for group in groups if group[2]]


def _public_actor_ids(edition: AwardEdition, applications) -> set[int]:
    """The applicants and partners whose directory profile everybody can open (published in
    the edition's cluster): only those are linked from the public pages. One query."""
    from django.contrib.auth.models import AnonymousUser

    from clusterwerk.actors.queries import visible_actors

    ids = {application.applicant_id for application in applications}
    ids |= {
        partner.actor_id for application in applications for partner in application.partners.all()
    }
    if not ids:
        return set()
    return set(
        visible_actors(AnonymousUser(), edition.cluster)
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )


def published_results(edition: AwardEdition) -> PublishedResults:
    return PublishedResults(edition)


# --- scoring ---


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


# --- dashboards ---
# What "Mein Bereich" and the management's "Aufgaben" show of the prize (portal.dashboards).


def open_applications_of(user, cluster) -> QuerySet[Application]:
    """The user's applications in editions that are not published yet (the ones with
    something to do or to wait for), newest edition first."""
    return my_applications(user, cluster).exclude(edition__phase=Phase.PUBLISHED)


def jury_seats_with_work(user, cluster) -> list:
    """The user's jury seats in editions of `cluster` between the call and the decision, each
    with `open_reviews`: assigned or begun reviews, without those a blocking conflict hides
    (three queries)."""
    from clusterwerk.award.models import BLOCKING_CONFLICT_STATUSES, JuryMember, ReviewStatus

    if not is_authenticated(user):
        return []
    active = [Phase.CALL, Phase.FORMAL_CHECK, Phase.SCORING, Phase.DISCUSSION, Phase.DECISION]
    seats = list(
        JuryMember.objects.filter(user=user, edition__cluster=cluster, edition__phase__in=active)
        .select_related("edition")
        .order_by("-edition__year")
    )
    if not seats:
        return []
    blocked = set(
        Conflict.objects.filter(
            jury_member__in=seats, status__in=BLOCKING_CONFLICT_STATUSES
        ).values_list("jury_member_id", "application_id")
    )
    open_reviews = Review.objects.filter(
        jury_member__in=seats, status__in=[ReviewStatus.ASSIGNED, ReviewStatus.DRAFT]
    ).values_list("jury_member_id", "application_id")
    counts: dict[int, int] = {}
    for member_id, application_id in open_reviews:
        if (member_id, application_id) not in blocked:
            counts[member_id] = counts.get(member_id, 0) + 1
    for seat in seats:
        seat.open_reviews = counts.get(seat.pk, 0)
    return seats


def proposed_conflicts(user, cluster):
    """Conflicts the platform proposed that wait for the management's decision, in the
    editions of `cluster`, without those of applications hidden from the user."""
    from clusterwerk.award.models import ConflictStatus

    if not manages_award(user, cluster):
        return Conflict.objects.none()
    conflicts = Conflict.objects.filter(
        jury_member__edition__cluster=cluster, status=ConflictStatus.PROPOSED
    )
    hidden = Conflict.objects.filter(
        jury_member__user=user, status__in=(ConflictStatus.PROPOSED, ConflictStatus.PINNED)
    ).values("application_id")
    return (
        conflicts.exclude(application_id__in=hidden)
        .select_related("jury_member__user", "jury_member__edition", "application")
        .order_by("created_at", "pk")
    )
