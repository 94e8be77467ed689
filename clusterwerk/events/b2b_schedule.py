"""The optimised schedule of a B2B day, with OR-Tools CP-SAT.

Candidates are pairs of participants with an accepted wish (a pair appears once, whoever
wished). A boolean per (candidate pair, slot) for the slots both can meet in (not a break,
in both availabilities) says the pair meets then.

Hard rules:
- a person meets at most one partner per slot (no double booking);
- each person only in their available slots, nobody in a break;
- at most `table_count` meetings per slot;
- at most the person's own maximum (else the day's) meetings;
- each pair at most once;
- locked meetings (and meetings that already happened or were missed) stay where they are,
  slot and table.

Objective, lexicographic: first the weighted wishes met, then the fewest idle gaps. A mutual
wish (both wished each other) weighs `MUTUAL_WEIGHT`; a one-sided accepted wish
`ONE_SIDED_BASE` plus up to `ONE_SIDED_SCORE` by its match score (a wish written without a
suggestion counts as a middling score), so a mutual wish always goes first. An idle gap is a
slot between a person's first and last meeting in which they are available and have no
meeting (a break or a slot they are away is none).

The search (`_plan`) starts from the better of two quick plans (`b2b_heuristics`), lets CP-SAT
maximise the wishes, closes gaps by a local search that keeps the same meetings, lets CP-SAT
minimise the gaps while keeping the wish weight reached, and closes gaps once more. Each step
starts from the best plan so far, so the time limit always ends with a valid plan. On small
days CP-SAT proves both optima; on a day of 150 people it mostly confirms the quick plan's
wishes (within about 1 % of its bound) and the local search does the work on the gaps
(see bench/b2b_schedule.py). `time_limit` covers the whole call, including the import of
OR-Tools and the writing.

Tables are assigned after solving: locked meetings keep theirs, the others take the lowest
free tables in a stable order. The new meetings replace the unlocked scheduled ones in one
transaction; the figures go to `B2BSettings.solver_report`.
"""

from __future__ import annotations

import time
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.core import versions
from clusterwerk.core.versions import changes
from clusterwerk.events.b2b_heuristics import (
    close_gaps,
    compact_plan,
    greedy_plan,
    idle_gaps,
    plan_quality,
)
from clusterwerk.events.models import (
    B2BMeeting,
    B2BMeetingStatus,
    B2BParticipant,
    B2BSettings,
    B2BSlot,
    Event,
    MeetingWish,
    WishStatus,
)
from clusterwerk.events.permissions import can_manage_event

# Above three one-sided wishes (3 × 600): one meeting takes a table and a place in two
# people's days, so it can stand in the way of at most three others.
MUTUAL_WEIGHT = 2000
ONE_SIDED_BASE = 200
ONE_SIDED_SCORE = 400
UNSCORED = 0.5
# Share of the time limit for the first phase (wishes); the rest closes idle gaps.
WISHES_SHARE = 0.3
# Seconds of the time limit kept for reading and writing the meetings.
WRITE_RESERVE = 1.0
# Share of the time left after the first phase for the local search on gaps (it usually
# stops earlier: when no move or swap helps any more).
LOCAL_SEARCH_SHARE = 0.3
RANDOM_SEED = 2020
MAX_WORKERS = 2


def _weight(wishes: list[MeetingWish]) -> tuple[int, bool]:
    """The pair's weight and whether it is mutual."""
    requesters = {wish.requester_id for wish in wishes}
    if len(requesters) == 2:
        return MUTUAL_WEIGHT, True
    scores = [
        UNSCORED if w.match_score is None else max(0.0, min(1.0, w.match_score)) for w in wishes
    ]
    return ONE_SIDED_BASE + round(ONE_SIDED_SCORE * max(scores)), False


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


@changes(versions.EVENTS)
def solve_schedule(*, event: Event, by=None, time_limit: float = 10.0) -> dict:
    """Plan the day's meetings (see the module) and return the figures: status, solve
    seconds, wishes total/met, mutual total/met, share met, idle gaps, meetings."""
    started = time.perf_counter()  # the import of OR-Tools counts (a second, once a process)
    from ortools.sat.python import cp_model

    if by is not None and not can_manage_event(by, event):
        raise PermissionDenied(
            _("Nur das Clustermanagement und die Mitveranstalter planen diesen B2B-Tag.")
        )
    try:
        settings = event.b2b
    except B2BSettings.DoesNotExist:
        raise ValidationError(_("Der B2B-Tag ist noch nicht eingerichtet.")) from None
    slots = list(B2BSlot.objects.filter(event=event).order_by("index"))
    slot_by_index = {slot.index: slot for slot in slots}
    participants = list(B2BParticipant.objects.filter(event=event).order_by("pk"))
    if not slots:
        raise ValidationError(_("Der B2B-Tag hat noch keine Zeitfenster."))
    meeting_slots = [slot.index for slot in slots if not slot.is_break]
    available: dict[int, set[int]] = {}
    maximum: dict[int, int] = {}
    for person in participants:
        chosen = set(person.available_slots or [])
        available[person.pk] = {s for s in meeting_slots if not chosen or s in chosen}
        own = person.max_meetings or settings.max_meetings_per_person
        maximum[person.pk] = min(own, settings.max_meetings_per_person)

    # Locked meetings, and those that already happened or were missed, stay.
    fixed = list(
        B2BMeeting.objects.filter(event=event)
        .filter(Q(locked=True) | ~Q(status=B2BMeetingStatus.SCHEDULED))
        .select_related("slot")
        .order_by("pk")
    )
    fixed_pairs = {_pair(m.first_id, m.second_id): m for m in fixed}

    wishes_by_pair: dict[tuple[int, int], list[MeetingWish]] = defaultdict(list)
    for wish in MeetingWish.objects.filter(event=event, status=WishStatus.ACCEPTED).order_by("pk"):
        wishes_by_pair[_pair(wish.requester_id, wish.target_id)].append(wish)
    weights = {pair: _weight(wishes) for pair, wishes in wishes_by_pair.items()}

    model = cp_model.CpModel()
    x: dict[tuple[tuple[int, int], int], object] = {}
    by_person_slot: dict[tuple[int, int], list] = defaultdict(list)
    by_slot: dict[int, list] = defaultdict(list)
    by_person: dict[int, list] = defaultdict(list)
    by_pair: dict[tuple[int, int], list] = defaultdict(list)
    # Fixed meetings: constants that take a person, a table and a slot.
    fixed_load: dict[int, int] = defaultdict(int)
    fixed_busy: dict[int, set[int]] = defaultdict(set)
    fixed_count: dict[int, int] = defaultdict(int)
    for meeting in fixed:
        index = meeting.slot.index
        fixed_load[index] += 1
        for person in (meeting.first_id, meeting.second_id):
            fixed_busy[person].add(index)
            fixed_count[person] += 1
    for pair in sorted(weights):
        if pair in fixed_pairs:
            continue
        a, b = pair
        if a not in available or b not in available:
            continue
        for index in sorted(available[a] & available[b]):
            if index in fixed_busy[a] or index in fixed_busy[b]:
                continue
            var = model.new_bool_var(f"m_{a}_{b}_{index}")
            x[(pair, index)] = var
            by_person_slot[(a, index)].append(var)
            by_person_slot[(b, index)].append(var)
            by_slot[index].append(var)
            by_person[a].append(var)
            by_person[b].append(var)
            by_pair[pair].append(var)
    for variables in by_person_slot.values():
        model.add_at_most_one(variables)
    for index, variables in by_slot.items():
        model.add(sum(variables) <= max(0, settings.table_count - fixed_load[index]))
    for person, variables in by_person.items():
        model.add(sum(variables) <= max(0, maximum[person] - fixed_count[person]))
    for variables in by_pair.values():
        model.add_at_most_one(variables)

    # Idle gaps: before[p,s] (a meeting at or before s), after[p,s] (at or after s);
    # idle[p,s] ≥ before + after − 1 − busy(p,s) for available slots.
    gap_terms = []
    people = sorted({p for (p, _s) in by_person_slot} | set(fixed_busy))
    for person in people:
        ordered = [s for s in meeting_slots if s in available.get(person, set())]
        if len(ordered) < 3:
            continue
        busy = {}
        for s in ordered:
            terms = by_person_slot.get((person, s), [])
            busy[s] = 1 if s in fixed_busy[person] else (sum(terms) if terms else 0)
        before, after = {}, {}
        for name, sequence, marks in (("b", ordered, before), ("a", ordered[::-1], after)):
            previous = None
            for s in sequence:
                var = model.new_bool_var(f"{name}_{person}_{s}")
                model.add(var >= busy[s])
                if previous is not None:
                    model.add(var >= previous)
                marks[s] = previous = var
        for s in ordered[1:-1]:
            idle = model.new_bool_var(f"i_{person}_{s}")
            model.add(idle >= before[s] + after[s] - 1 - busy[s])
            gap_terms.append(idle)

    coefficients = {var.index: weights[pair][0] for (pair, _index), var in x.items()}
    frame = {
        "x": x,
        "weights": weights,
        "available": available,
        "free_tables": {s: settings.table_count - fixed_load[s] for s in meeting_slots},
        "capacity": {p: maximum[p] - fixed_count[p] for p in available},
        "fixed_busy": fixed_busy,
        "meeting_slots": meeting_slots,
    }
    deadline = started + time_limit - WRITE_RESERVE
    status_name, chosen, solver_seconds = _plan(model, frame, coefficients, gap_terms, deadline)
    busy: dict[int, set[int]] = defaultdict(set)
    for meeting in fixed:
        busy[meeting.first_id].add(meeting.slot.index)
        busy[meeting.second_id].add(meeting.slot.index)
    for index, (a, b) in chosen:
        busy[a].add(index)
        busy[b].add(index)
    met_pairs = {pair for _index, pair in chosen} | set(fixed_pairs)
    wishes_total = len(weights)
    mutual_total = sum(1 for _w, mutual in weights.values() if mutual)
    wishes_met = sum(1 for pair in weights if pair in met_pairs)
    mutual_met = sum(1 for pair, (_w, mutual) in weights.items() if mutual and pair in met_pairs)
    report = {
        "status": status_name,
        "solve_seconds": 0.0,
        "solver_seconds": round(solver_seconds, 3),
        "participants": len(participants),
        "slots": len(meeting_slots),
        "tables": settings.table_count,
        "wishes_total": wishes_total,
        "wishes_met": wishes_met,
        "mutual_total": mutual_total,
        "mutual_met": mutual_met,
        "share_met": round(wishes_met / wishes_total, 4) if wishes_total else 0.0,
        "idle_gaps": idle_gaps(busy, available),
        "meetings": len(chosen) + len(fixed),
        "locked": len(fixed),
    }
    report["solve_seconds"] = round(time.perf_counter() - started, 3)
    _write(event, settings, slot_by_index, fixed, chosen, wishes_by_pair, report)
    return report


def _plan(model, frame: dict, coefficients: dict, gap_terms: list, deadline: float):
    """The plan, in steps that each start from the best so far:

    1. two quick plans (`greedy_plan`, `compact_plan`), the better one (wishes, then gaps);
    2. CP-SAT maximises the weighted wishes (`WISHES_SHARE` of the time);
    3. `close_gaps` moves and swaps meetings to close idle gaps (same meetings);
    4. CP-SAT minimises the idle gaps, keeping at least the wish weight reached;
    5. `close_gaps` once more.

    Returns (status, the chosen [(slot, pair)], seconds in CP-SAT). The status is "OPTIMAL"
    when CP-SAT proved both optima, "FEASIBLE" when it found or confirmed a plan without
    proof, "GREEDY" when it found nothing in its time (the quick plan stands)."""
    from ortools.sat.python import cp_model

    x = frame["x"]
    if not x:
        return "OPTIMAL", [], 0.0
    plans = []
    for build in (greedy_plan, compact_plan):
        plan = build(
            x=x,
            weights=frame["weights"],
            available=frame["available"],
            free_tables=dict(frame["free_tables"]),
            capacity=dict(frame["capacity"]),
            busy={p: set(frame["fixed_busy"].get(p, ())) for p in frame["available"]},
            **({"meeting_slots": frame["meeting_slots"]} if build is compact_plan else {}),
        )
        quality = plan_quality(plan, frame["weights"], frame["available"], frame["fixed_busy"])
        plans.append((quality, plan))
    best = {
        var.index: int(key in max(plans, key=lambda item: item[0])[1]) for key, var in x.items()
    }
    spent = 0.0
    proven = []

    def run(budget: float) -> bool:
        nonlocal best, spent
        model.clear_hints()
        for var in x.values():
            model.add_hint(var, best[var.index])
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.2, budget)
        solver.parameters.num_workers = MAX_WORKERS
        solver.parameters.random_seed = RANDOM_SEED
        status = solver.solve(model)
        spent += solver.wall_time
        proven.append(status == cp_model.OPTIMAL)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            best = {var.index: int(solver.value(var)) for var in x.values()}
            return True
        return False

    def chosen() -> list:
        return sorted((index, pair) for (pair, index), var in x.items() if best[var.index])

    def closed(until: float) -> None:
        nonlocal best
        plan = close_gaps(
            chosen=chosen(),
            allowed=set(x),
            available=frame["available"],
            room=frame["free_tables"],
            fixed_busy=frame["fixed_busy"],
            deadline=until,
        )
        keys = {(pair, index) for index, pair in plan}
        best = {var.index: int(key in keys) for key, var in x.items()}

    wishes_value = sum(coefficients[var.index] * var for var in x.values())
    model.maximize(wishes_value)
    found = run((deadline - time.perf_counter()) * WISHES_SHARE)
    if gap_terms and deadline - time.perf_counter() > 0:
        closed(time.perf_counter() + (deadline - time.perf_counter()) * LOCAL_SEARCH_SHARE)
    if gap_terms and deadline - time.perf_counter() > 0.5:
        model.add(wishes_value >= sum(coefficients[i] * best[i] for i in best))
        model.minimize(sum(gap_terms))
        found = run(deadline - time.perf_counter() - 0.3) or found
        closed(deadline)
    if not found:
        return "GREEDY", chosen(), spent
    return ("OPTIMAL" if all(proven) else "FEASIBLE"), chosen(), spent


@transaction.atomic
def _write(event, settings, slot_by_index, fixed, chosen, wishes_by_pair, report) -> None:
    """Replace the unlocked scheduled meetings by the chosen ones; tables: fixed keep theirs,
    the others take the lowest free ones in the order of (slot, pair)."""
    settings = B2BSettings.objects.select_for_update().get(pk=settings.pk)
    B2BMeeting.objects.filter(event=event, locked=False, status=B2BMeetingStatus.SCHEDULED).delete()
    taken: dict[int, set[int]] = defaultdict(set)
    for meeting in fixed:
        taken[meeting.slot.index].add(meeting.table)
    rows = []
    for index, (a, b) in chosen:
        table = next(t for t in range(1, settings.table_count + 1) if t not in taken[index])
        taken[index].add(table)
        wishes = wishes_by_pair.get((a, b), [])
        meeting = B2BMeeting(
            event=event,
            first_id=a,
            second_id=b,
            slot=slot_by_index[index],
            table=table,
            wish=wishes[0] if wishes else None,
        )
        rows.append(meeting)
    B2BMeeting.objects.bulk_create(rows)
    settings.solver_report = report
    settings.solved_at = timezone.now()
    settings.save(update_fields=["solver_report", "solved_at"])
