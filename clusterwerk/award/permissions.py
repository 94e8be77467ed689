"""Who may do what with the innovation prize – always in one cluster, the request's.

- The cluster management runs the edition: timeline, criteria, rules, jury, conflicts,
  formal check, assignment, decisions, release. It sees submitted applications and all
  scores with the jurors' names – except where a manager is also a juror with a blocking
  conflict: then that application is hidden from them like from any conflicted juror
  (OpenReview issue 351: a conflicted chair must not see the reviews).
- An applicant is whoever created the application or represents the applying organisation
  in the directory (`ActorRepresentative`, confirmed by the management – never an unconfirmed
  e-mail, OpenReview issue 301). Applicants see and edit only their own applications.
- A juror is a user with the role `jury` in the cluster and a `JuryMember` row of the
  edition, who has accepted the confidentiality declaration. A juror sees the applications in
  the competition from the scoring phase on, never one with a blocking conflict.
Managing one cluster gives no right in another.
"""

from clusterwerk.accounts.models import Role
from clusterwerk.accounts.permissions import (
    has_all_rights,
    has_role,
    is_authenticated,
    manages_cluster,
    represented_actor_ids,
)
from clusterwerk.award.models import (
    BLOCKING_CONFLICT_STATUSES,
    Application,
    AwardEdition,
    Conflict,
    JuryMember,
)


def manages_award(user, cluster) -> bool:
    return is_authenticated(user) and (has_all_rights(user) or manages_cluster(user, cluster))


def jury_member(user, edition: AwardEdition) -> JuryMember | None:
    """The user's jury seat in the edition, or None (no role `jury` in the cluster, or no
    seat). Cached on the user for the request."""
    if not is_authenticated(user):
        return None
    cache = getattr(user, "_award_jury_seats", None)
    if cache is None:
        cache = user._award_jury_seats = {}
    if edition.pk not in cache:
        member = None
        if has_role(user, edition.cluster_id, Role.JURY) or has_all_rights(user):
            member = JuryMember.objects.filter(edition=edition, user=user).first()
        cache[edition.pk] = member
    return cache[edition.pk]


def forget_jury_cache(user) -> None:
    if hasattr(user, "_award_jury_seats"):
        del user._award_jury_seats


def blocked_application_ids(user, edition: AwardEdition) -> set[int]:
    """Applications of the edition the user must not see: a blocking conflict (proposed or
    pinned) of the user's jury seat. Asked for managers too."""
    if not is_authenticated(user):
        return set()
    return set(
        Conflict.objects.filter(
            jury_member__edition=edition,
            jury_member__user=user,
            status__in=BLOCKING_CONFLICT_STATUSES,
        ).values_list("application_id", flat=True)
    )


def is_applicant(user, application: Application) -> bool:
    if not is_authenticated(user):
        return False
    if application.created_by_id == user.pk:
        return True
    return application.applicant_id in represented_actor_ids(user)


def is_active_juror(user, edition: AwardEdition) -> bool:
    """A juror of the edition who has accepted the confidentiality declaration."""
    member = jury_member(user, edition)
    return bool(member and member.has_accepted_confidentiality)
