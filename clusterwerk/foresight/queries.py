"""Reads with rules: which cycles and items a user may see, and the access funnels every page
and API operation goes through. A cycle of another cluster is 404, like a missing one."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import is_authenticated
from clusterwerk.foresight.models import Cycle, Item, Panellist, Status
from clusterwerk.foresight.permissions import can_view_cycle, manages_foresight, panel_seat


def visible_cycles(user, cluster) -> QuerySet[Cycle]:
    """The cluster's cycles the user may open: all for the management; published ones and
    those with the user's accepted seat for everyone else."""
    cycles = Cycle.objects.filter(cluster=cluster)
    if manages_foresight(user, cluster):
        return cycles
    condition = Q(status=Status.PUBLISHED)
    if is_authenticated(user):
        condition |= Q(panellists__user=user, panellists__accepted_at__isnull=False)
    return cycles.filter(condition).distinct()


def get_cycle_for_user(user, cluster, slug: str, *, manage: bool = False) -> Cycle:
    """The cycle by slug in the request's cluster; 404 when missing or invisible, 403 when
    `manage` and the user does not manage the cluster's foresight."""
    cycle = (
        Cycle.objects.filter(cluster=cluster, slug=slug)
        .select_related("cluster", "previous")
        .first()
    )
    if cycle is None or not can_view_cycle(user, cycle):
        if cycle is not None and manage and is_authenticated(user):
            raise PermissionDenied(_("Foresight-Zyklen verwaltet das Clustermanagement."))
        raise Http404(_("Diesen Foresight-Zyklus gibt es nicht."))
    if manage and not manages_foresight(user, cluster):
        raise PermissionDenied(_("Foresight-Zyklen verwaltet das Clustermanagement."))
    return cycle


def get_cycle_by_pk_for_user(user, cluster, pk: int, *, manage: bool = False) -> Cycle:
    cycle = Cycle.objects.filter(cluster=cluster, pk=pk).values_list("slug", flat=True).first()
    if cycle is None:
        raise Http404(_("Diesen Foresight-Zyklus gibt es nicht."))
    return get_cycle_for_user(user, cluster, cycle, manage=manage)


def get_item(cycle: Cycle, key: str) -> Item:
    item = (
        Item.objects.filter(cycle=cycle, key=key)
        .select_related("segment", "cycle__cluster", "carried_from")
        .first()
    )
    if item is None:
        raise Http404(_("Dieses Item gibt es im Zyklus nicht."))
    return item


def get_item_by_pk(cycle: Cycle, pk: int) -> Item:
    item = Item.objects.filter(cycle=cycle, pk=pk).select_related("segment").first()
    if item is None:
        raise Http404(_("Dieses Item gibt es im Zyklus nicht."))
    return item


def require_seat(user, cycle: Cycle) -> Panellist:
    """The user's accepted panel seat, or 403 with a German reason."""
    seat = panel_seat(user, cycle)
    if seat is None:
        raise PermissionDenied(
            _("Bewerten können nur eingeladene Mitglieder des Panels dieses Zyklus.")
        )
    return seat


def my_open_seats(user, cluster) -> QuerySet[Panellist]:
    """The user's accepted seats in cycles of the cluster that are being rated now."""
    if not is_authenticated(user):
        return Panellist.objects.none()
    return Panellist.objects.filter(
        cycle__cluster=cluster, user=user, accepted_at__isnull=False, cycle__status=Status.RATING
    ).select_related("cycle")


def open_seats_with_progress(user, cluster) -> list[Panellist]:
    """`my_open_seats` with `item_count` and `answered_count` (items the panellist answered in
    the cycle's current round) on each seat. Two queries per seat; a person sits in few."""
    seats = list(my_open_seats(user, cluster))
    for seat in seats:
        seat.item_count = seat.cycle.items.count()
        seat.answered_count = (
            seat.ratings.filter(round=seat.cycle.current_round).values("item").distinct().count()
        )
    return seats


def latest_published_cycle(cluster) -> Cycle | None:
    return (
        Cycle.objects.filter(cluster=cluster, status=Status.PUBLISHED)
        .order_by("-year", "-published_at", "-id")
        .first()
    )
