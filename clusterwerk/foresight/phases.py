"""What each phase of a foresight cycle allows. Services ask `require(cycle, action)` before
they write; pages and the API show `allowed(cycle, action)`.

- preparation: the management sets up the cycle – texts, mode, the consensus rule, criteria,
  radar segments and rings, items with sources and topic areas – and invites the panel.
- rating: panellists rate (the current round in classic mode), state their expertise and
  comment; the management may add items, edit their texts and sources, invite more experts,
  remind and (classic) open the next round. Criteria and the consensus rule are fixed now.
- evaluation: nobody rates; the management reviews the results, shapes the radar, decides
  on gap signals and publishes (or reopens the rating).
- published: everyone sees the results; the management still decides on gap signals.

The rating period's last day is enforced by the clock, whatever the phase: no rating after
23:59:59 (Europe/Berlin) on `period_end`.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.foresight.models import STATUS_ORDER, Cycle, Status

EDIT_SETUP = "edit_setup"  # mode, consensus rule, criteria, rounds
EDIT_ITEMS = "edit_items"  # items, sources, topic areas (add and edit)
DELETE_ITEMS = "delete_items"
SHAPE_RADAR = "shape_radar"  # segments and rings
MANAGE_PANEL = "manage_panel"  # invite, remove, remind
RATE = "rate"  # ratings, expertise
COMMENT = "comment"
NEXT_ROUND = "next_round"
CLOSE = "close"  # rating → evaluation
REOPEN = "reopen"  # evaluation → rating
PUBLISH = "publish"
DECIDE_GAPS = "decide_gaps"

ALLOWED: dict[str, set[str]] = {
    Status.PREPARATION: {EDIT_SETUP, EDIT_ITEMS, DELETE_ITEMS, SHAPE_RADAR, MANAGE_PANEL},
    Status.RATING: {EDIT_ITEMS, SHAPE_RADAR, MANAGE_PANEL, RATE, COMMENT, NEXT_ROUND, CLOSE},
    Status.EVALUATION: {SHAPE_RADAR, REOPEN, PUBLISH, DECIDE_GAPS},
    Status.PUBLISHED: {DECIDE_GAPS},
}


class PhaseClosed(PermissionDenied):
    """The action is not allowed in the cycle's current phase (403 with the reason)."""


def rating_ends_at(cycle: Cycle) -> datetime.datetime | None:
    """The end of the rating period: the last second of `period_end`, local time."""
    if cycle.period_end is None:
        return None
    next_day = datetime.datetime.combine(
        cycle.period_end + datetime.timedelta(days=1), datetime.time()
    )
    return timezone.make_aware(next_day)


def _period_over(cycle: Cycle) -> bool:
    end = rating_ends_at(cycle)
    return end is not None and timezone.now() >= end


def allowed(cycle: Cycle, action: str) -> bool:
    if action in (RATE, COMMENT) and _period_over(cycle):
        return False
    return action in ALLOWED.get(cycle.status, set())


def require(cycle: Cycle, action: str) -> None:
    """Raise `PhaseClosed` with a German reason when `action` is not allowed now."""
    if action in (RATE, COMMENT) and cycle.status == Status.RATING and _period_over(cycle):
        raise PhaseClosed(
            _("Die Bewertung war bis %(date)s möglich; sie ist geschlossen.")
            % {"date": cycle.period_end.strftime("%d.%m.%Y")}
        )
    if action in (RATE, COMMENT) and cycle.status != Status.RATING:
        if cycle.status == Status.PREPARATION:
            raise PhaseClosed(_("Die Bewertung hat noch nicht begonnen."))
        raise PhaseClosed(_("Die Bewertung ist geschlossen."))
    if not allowed(cycle, action):
        raise PhaseClosed(
            _("In der Phase „%(phase)s“ ist das nicht möglich.")
            % {"phase": cycle.get_status_display()}
        )


def status_index(status: str) -> int:
    return STATUS_ORDER.index(status)


def is_at_least(cycle: Cycle, status: str) -> bool:
    return status_index(cycle.status) >= status_index(status)
