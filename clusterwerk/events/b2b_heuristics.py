"""Quick plans for a B2B day and a local search on idle gaps, used by `b2b_schedule`.

- `greedy_plan`: the pairs by weight, each in the slot that opens the fewest gaps;
- `compact_plan`: slot by slot in time order, keeping each person's meetings in one block;
- `close_gaps`: moves and swaps that keep the same meetings and close idle gaps.

A plan is a set of ((first, second), slot number); people are participant ids.
"""

from __future__ import annotations

import time
from collections import defaultdict

# The slot-by-slot plan (`compact_plan`): keep a person's meetings in one block.
CONTINUE_BONUS = 300
RESUME_PENALTY = 500


def idle_gaps(busy: dict[int, set[int]], available: dict[int, set[int]]) -> int:
    """Slots between a person's first and last meeting where they are available and free."""
    total = 0
    for person, slots in busy.items():
        if len(slots) < 2:
            continue
        first, last = min(slots), max(slots)
        total += sum(1 for s in available.get(person, ()) if first < s < last and s not in slots)
    return total


def plan_quality(plan, weights, available, fixed_busy) -> tuple[int, int]:
    """(wish weight met, − idle gaps): the better plan is the larger."""
    busy: dict[int, set[int]] = defaultdict(set)
    for person, slots in fixed_busy.items():
        busy[person] |= slots
    for (a, b), index in plan:
        busy[a].add(index)
        busy[b].add(index)
    return sum(weights[pair][0] for pair, _index in plan), -idle_gaps(busy, available)


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


def compact_plan(*, x, weights, available, free_tables, capacity, busy, meeting_slots) -> set:
    """A plan built slot by slot, in time order: in each slot the pairs by their weight, plus
    `CONTINUE_BONUS` for each of the two who met in their previous slot (the block goes on),
    minus `RESUME_PENALTY` for each who met before but not in their previous slot (a gap)."""
    plan = set()
    pairs_at: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pair, index in x:
        pairs_at[index].append(pair)
    met: set[tuple[int, int]] = set()
    ordered = {p: sorted(slots) for p, slots in available.items()}

    def previous_busy(person: int, index: int) -> bool | None:
        """True: busy in the person's previous available slot; False: met before but not
        then; None: not met yet."""
        if not busy[person]:
            return None
        earlier = [s for s in ordered[person] if s < index]
        return bool(earlier) and earlier[-1] in busy[person]

    for index in meeting_slots:
        scored = []
        for pair in pairs_at.get(index, []):
            a, b = pair
            if pair in met or capacity[a] <= 0 or capacity[b] <= 0:
                continue
            if index in busy[a] or index in busy[b]:
                continue
            score = weights[pair][0]
            for person in pair:
                state = previous_busy(person, index)
                if state is True:
                    score += CONTINUE_BONUS
                elif state is False:
                    score -= RESUME_PENALTY
            scored.append((-score, pair))
        scored.sort()
        taken: set[int] = set()
        for _score, (a, b) in scored:
            if free_tables[index] <= 0:
                break
            if a in taken or b in taken:
                continue
            plan.add(((a, b), index))
            met.add((a, b))
            taken.update((a, b))
            free_tables[index] -= 1
            capacity[a] -= 1
            capacity[b] -= 1
            busy[a].add(index)
            busy[b].add(index)
    return plan


def close_gaps(*, chosen, allowed, available, room, fixed_busy, deadline) -> list:
    """Local search on idle gaps that keeps the same meetings: move a meeting to another slot
    where both are free and a table is left, or swap the slots of two meetings of one person,
    whenever that closes gaps (a move also when it keeps the gaps and makes the meeting
    earlier); until nothing helps or the deadline. Every step lowers (gaps, sum of slot
    numbers), so it ends."""
    slot_of = {pair: index for index, pair in chosen}
    busy: dict[int, dict[int, tuple]] = defaultdict(dict)
    for person, slots in fixed_busy.items():
        for index in slots:
            busy[person][index] = None  # fixed: never moved
    load: dict[int, int] = defaultdict(int)
    for pair, index in slot_of.items():
        load[index] += 1
        for person in pair:
            busy[person][index] = pair
    ordered = {p: sorted(slots) for p, slots in available.items()}

    def gaps(person: int, extra=(), without=()) -> int:
        slots = (set(busy[person]) | set(extra)) - set(without)
        if len(slots) < 2:
            return 0
        first, last = min(slots), max(slots)
        return sum(1 for s in ordered[person] if first < s < last and s not in slots)

    def place(pair, old: int, new: int) -> None:
        slot_of[pair] = new
        load[old] -= 1
        load[new] += 1
        for person in pair:
            del busy[person][old]
            busy[person][new] = pair

    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        for pair in sorted(slot_of):
            if time.perf_counter() >= deadline:
                break
            a, b = pair
            old = slot_of[pair]
            before = gaps(a) + gaps(b)
            # Move the meeting: to close gaps, or (as many gaps) to an earlier slot.
            for new in ordered.get(a, ()):
                if new == old or (pair, new) not in allowed or load[new] >= room[new]:
                    continue
                if new in busy[a] or new in busy[b]:
                    continue
                after = gaps(a, [new], [old]) + gaps(b, [new], [old])
                if after < before or (after == before and new < old):
                    place(pair, old, new)
                    improved = True
                    break
            if slot_of[pair] != old or before == 0:
                continue
            # Swap with another meeting of one of the two.
            for person, partner in ((a, b), (b, a)):
                for other_slot, other in list(busy[person].items()):
                    if other is None or other == pair or other_slot == old:
                        continue
                    third = other[0] if other[1] == person else other[1]
                    if (pair, other_slot) not in allowed or (other, old) not in allowed:
                        continue
                    if other_slot in busy[partner] or old in busy[third]:
                        continue
                    now = gaps(partner) + gaps(third)
                    then = gaps(partner, [other_slot], [old]) + gaps(third, [old], [other_slot])
                    if then < now:
                        place(pair, old, other_slot)
                        # `other` left other_slot for old: fix the books of `person`.
                        slot_of[other] = old
                        busy[third].pop(other_slot)
                        busy[third][old] = other
                        busy[person][other_slot] = pair
                        busy[person][old] = other
                        load[other_slot] -= 1
                        load[old] += 1
                        improved = True
                        break
                if slot_of[pair] != old:
                    break
    return sorted((index, pair) for pair, index in slot_of.items())
