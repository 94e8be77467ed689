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

Objective: the weighted wishes met minus a penalty per idle gap. A mutual wish (both wished
each other) weighs `MUTUAL_WEIGHT`; a one-sided accepted wish `ONE_SIDED_BASE` plus up to
`ONE_SIDED_SCORE` by its match score (a wish written without a suggestion counts as a middling
score), so a mutual wish always goes first. An idle gap is a slot between a person's first
and last meeting in which they are available and have no meeting; it costs `GAP_PENALTY`
(less than any wish, so no wish is dropped to close a gap).

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

MUTUAL_WEIGHT = 1000
ONE_SIDED_BASE = 200
ONE_SIDED_SCORE = 400
UNSCORED = 0.5
# Share of the time limit for the first phase (wishes); the rest closes idle gaps.
WISHES_SHARE = 0.3
# Seconds of the time limit kept for reading and writing the meetings.
WRITE_RESERVE = 1.0
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


def idle_gaps(busy: dict[int, set[int]], available: dict[int, set[int]]) -> int:
    """Slots between a person's first and last meeting where they are available and free."""
    total = 0
    for person, slots in busy.items():
        if len(slots) < 2:
            continue
        first, last = min(slots), max(slots)
        total += sum(1 for s in available.get(person, ()) if first < s < last and s not in slots)
    return total


def solve_schedule(*, event: Event, by=None, time_limit: float = 10.0) -> dict:
    """Plan the day's meetings (see the module) and return the figures: status, solve
    seconds, wishes total/met, mutual total/met, share met, idle gaps, meetings."""
    from ortools.sat.python import cp_model

    if by is not None and not can_manage_event(by, event):
        raise PermissionDenied(
            _("Nur das Clustermanagement und die Mitveranstalter planen diesen B2B-Tag.")
        )
    try:
        settings = event.b2b
    except B2BSettings.DoesNotExist:
        raise ValidationError(_("Der B2B-Tag ist noch nicht eingerichtet.")) from None
    started = time.perf_counter()
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

    wishes_value = sum(weights[pair][0] * var for (pair, _index), var in x.items())
    hint = greedy_plan(
        x=x,
        weights=weights,
        available=available,
        free_tables={s: settings.table_count - fixed_load[s] for s in meeting_slots},
        capacity={p: maximum[p] - fixed_count[p] for p in available},
        busy={p: set(fixed_busy[p]) for p in available},
    )
    for key, var in x.items():
        model.add_hint(var, key in hint)
    budget = time_limit - (time.perf_counter() - started) - WRITE_RESERVE
    status, status_name, values, solver_seconds = _solve_in_two_phases(
        model, x, wishes_value, gap_terms, budget
    )
    if status not in ("OPTIMAL", "FEASIBLE"):
        raise ValidationError(
            _("Für diesen Tag ließ sich kein Plan finden (%(status)s).") % {"status": status_name}
        )
    chosen = sorted((index, pair) for (pair, index), var in x.items() if values[var.index])
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


def greedy_plan(*, x, weights, available, free_tables, capacity, busy) -> set:
    """A quick feasible plan to start the solver from: pairs by weight, each in the slot that
    opens the fewest idle gaps for the two (then the earliest)."""
    plan = set()
    slots_of_pair: dict[tuple[int, int], list[int]] = defaultdict(list)
    for pair, index in x:
        slots_of_pair[pair].append(index)

    def new_gaps(person: int, index: int) -> int:
        taken = busy[person]
        if not taken:
            return 0
        first, last = min(taken | {index}), max(taken | {index})
        free = [s for s in available[person] if first < s < last and s not in taken]
        return (
            len(free)
            - (1 if first < index < last else 0)
            - sum(1 for s in available[person] if min(taken) < s < max(taken) and s not in taken)
        )

    for pair in sorted(slots_of_pair, key=lambda p: (-weights[p][0], p)):
        a, b = pair
        if capacity[a] <= 0 or capacity[b] <= 0:
            continue
        options = [
            index
            for index in slots_of_pair[pair]
            if free_tables[index] > 0 and index not in busy[a] and index not in busy[b]
        ]
        if not options:
            continue
        index = min(options, key=lambda s: (new_gaps(a, s) + new_gaps(b, s), s))
        plan.add((pair, index))
        free_tables[index] -= 1
        capacity[a] -= 1
        capacity[b] -= 1
        busy[a].add(index)
        busy[b].add(index)
    return plan


def _solve_in_two_phases(model, x, wishes_value, gap_terms, time_limit: float):
    """First the most (weighted) wishes; then, keeping that value, the fewest idle gaps,
    starting from the first phase's plan. Returns (status, its name, the values of the
    variables by index, the seconds spent)."""
    from ortools.sat.python import cp_model

    if not x:
        return "OPTIMAL", "OPTIMAL", {}, 0.0

    def run(budget: float):
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.1, budget)
        solver.parameters.num_workers = MAX_WORKERS
        solver.parameters.random_seed = RANDOM_SEED
        status = solver.solve(model)
        return solver, status

    model.maximize(wishes_value)
    first, status = run(time_limit * WISHES_SHARE)
    spent = first.wall_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return first.status_name(status), first.status_name(status), {}, spent
    best = {var.index: first.value(var) for var in x.values()}
    phase_one = "OPTIMAL" if status == cp_model.OPTIMAL else "FEASIBLE"
    if not gap_terms or time_limit - spent < 0.2:
        return phase_one, phase_one, best, spent
    model.add(wishes_value >= round(first.objective_value))
    model.clear_hints()
    for var in x.values():
        model.add_hint(var, best[var.index])
    model.minimize(sum(gap_terms))
    second, status = run(time_limit - spent)
    spent += second.wall_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return phase_one, phase_one, best, spent
    overall = "OPTIMAL" if phase_one == "OPTIMAL" and status == cp_model.OPTIMAL else "FEASIBLE"
    return overall, overall, {var.index: second.value(var) for var in x.values()}, spent


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
