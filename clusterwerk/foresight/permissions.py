"""Who may do what with the foresight – always in one cluster, the request's.

- The cluster management runs a cycle: setup, items, panel, rounds, evaluation, publication,
  gap decisions. It sees every answer with the person behind the pseudonym.
- A panellist is a user with an accepted `Panellist` seat in the cycle. Panellists rate, state
  their expertise and comment; they see their own answers and – in real time, or from round 2
  in classic mode – the group's feedback (median, IQR, the reasons of answers outside the IQR),
  always anonymous: pseudonyms, never names.
- Everyone (also without an account) sees a published cycle's results, without names.
Managing one cluster gives no right in another.
"""

from clusterwerk.accounts.permissions import has_all_rights, is_authenticated, manages_cluster
from clusterwerk.foresight.models import Cycle, Panellist, Status


def manages_foresight(user, cluster) -> bool:
    return is_authenticated(user) and (has_all_rights(user) or manages_cluster(user, cluster))


def panel_seat(user, cycle: Cycle) -> Panellist | None:
    """The user's accepted seat in the cycle's panel, or None. Cached on the user for the
    request."""
    if not is_authenticated(user):
        return None
    cache = getattr(user, "_foresight_seats", None)
    if cache is None:
        cache = user._foresight_seats = {}
    if cycle.pk not in cache:
        cache[cycle.pk] = (
            Panellist.objects.filter(cycle=cycle, user=user, accepted_at__isnull=False)
            .select_related("cycle")
            .first()
        )
    return cache[cycle.pk]


def forget_seat_cache(user) -> None:
    if hasattr(user, "_foresight_seats"):
        del user._foresight_seats


def can_view_cycle(user, cycle: Cycle) -> bool:
    return (
        cycle.status == Status.PUBLISHED
        or manages_foresight(user, cycle.cluster)
        or panel_seat(user, cycle) is not None
    )


def can_see_results(user, cycle: Cycle) -> bool:
    """The full results (all aggregates, per group, dissent): after publication, or for the
    management at any time."""
    return cycle.status == Status.PUBLISHED or manages_foresight(user, cycle.cluster)


def can_see_identities(user, cycle: Cycle) -> bool:
    """Names behind the pseudonyms: the management only."""
    return manages_foresight(user, cycle.cluster)
