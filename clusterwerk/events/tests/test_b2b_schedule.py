"""The schedule's hard rules and preferences on small instances."""

from collections import Counter, defaultdict

import pytest

from clusterwerk.events.b2b_schedule import solve_schedule
from clusterwerk.events.models import B2BMeeting, B2BSlot, WishStatus
from clusterwerk.events.tests.b2b_support import make_b2b_day, make_participant, wish

pytestmark = pytest.mark.django_db


def meetings(event):
    return list(B2BMeeting.objects.filter(event=event).select_related("slot"))


def busy_by_person(event):
    busy = defaultdict(list)
    for meeting in meetings(event):
        busy[meeting.first_id].append(meeting.slot.index)
        busy[meeting.second_id].append(meeting.slot.index)
    return busy


def everyone_wishes_everyone(people):
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            wish(a, b)


def test_no_double_booking_and_each_pair_once(cluster):
    event = make_b2b_day(cluster, tables=10, slots=4)
    people = [make_participant(event) for _ in range(5)]
    everyone_wishes_everyone(people)
    report = solve_schedule(event=event)
    for person, slots in busy_by_person(event).items():
        assert len(slots) == len(set(slots)), person
    pairs = Counter(frozenset((m.first_id, m.second_id)) for m in meetings(event))
    assert max(pairs.values()) == 1
    assert report["wishes_total"] == 10
    assert report["meetings"] == len(meetings(event)) == report["wishes_met"]
    # 5 people, 4 slots: at most 2 meetings per slot, so 8 of the 10 wishes.
    assert report["wishes_met"] == 8


def test_availability_and_breaks(cluster):
    event = make_b2b_day(cluster, tables=5, slots=5, breaks=(3,))
    a = make_participant(event, available=[1, 2])
    b = make_participant(event)
    c = make_participant(event, available=[4, 5])
    wish(a, b)
    wish(b, c)
    wish(a, c)  # never possible: no common slot
    report = solve_schedule(event=event)
    busy = busy_by_person(event)
    assert set(busy[a.pk]) <= {1, 2}
    assert set(busy[c.pk]) <= {4, 5}
    assert not B2BMeeting.objects.filter(slot__index=3).exists()
    assert report["wishes_met"] == 2


def test_table_count(cluster):
    event = make_b2b_day(cluster, tables=2, slots=1)
    people = [make_participant(event) for _ in range(8)]
    for first, second in zip(people[::2], people[1::2], strict=True):
        wish(first, second)
    report = solve_schedule(event=event)
    assert report["meetings"] == 2
    assert len(meetings(event)) == 2
    assert {m.table for m in meetings(event)} == {1, 2}


def test_max_meetings_own_and_day(cluster):
    event = make_b2b_day(cluster, tables=10, slots=6, max_meetings=3)
    hub = make_participant(event, maximum=2)
    other = make_participant(event)
    spokes = [make_participant(event) for _ in range(5)]
    for spoke in spokes:
        wish(spoke, hub)
        wish(spoke, other)
    solve_schedule(event=event)
    busy = busy_by_person(event)
    assert len(busy[hub.pk]) == 2
    assert len(busy[other.pk]) == 3  # the day's maximum


def test_mutual_before_one_sided(cluster):
    event = make_b2b_day(cluster, tables=5, slots=1)
    a, b, c = (make_participant(event) for _ in range(3))
    wish(a, b, score=0.99)  # one-sided, excellent score
    wish(a, c)
    wish(c, a)  # mutual
    report = solve_schedule(event=event)
    (meeting,) = meetings(event)
    assert {meeting.first_id, meeting.second_id} == {a.pk, c.pk}
    assert report["mutual_total"] == 1 and report["mutual_met"] == 1


def test_one_sided_by_score(cluster):
    event = make_b2b_day(cluster, tables=5, slots=1)
    a, b, c = (make_participant(event) for _ in range(3))
    wish(a, b, score=0.2)
    wish(a, c, score=0.8)
    solve_schedule(event=event)
    (meeting,) = meetings(event)
    assert {meeting.first_id, meeting.second_id} == {a.pk, c.pk}


def test_pending_and_declined_wishes_are_no_candidates(cluster):
    event = make_b2b_day(cluster, slots=2)
    a, b, c = (make_participant(event) for _ in range(3))
    wish(a, b, status=WishStatus.PENDING)
    wish(a, c, status=WishStatus.DECLINED)
    assert solve_schedule(event=event)["meetings"] == 0


def test_locked_meetings_stay(cluster):
    event = make_b2b_day(cluster, tables=3, slots=3)
    a, b, c = (make_participant(event) for _ in range(3))
    slot3 = B2BSlot.objects.get(event=event, index=3)
    locked = B2BMeeting.objects.create(
        event=event, first=a, second=c, slot=slot3, table=3, locked=True
    )
    wish(a, b)
    wish(b, c)
    report = solve_schedule(event=event)
    locked.refresh_from_db()
    assert (locked.slot.index, locked.table) == (3, 3)
    assert report["locked"] == 1
    assert B2BMeeting.objects.filter(event=event).count() == 3
    # Solving again replaces the unlocked ones, keeps the locked one.
    solve_schedule(event=event)
    assert B2BMeeting.objects.filter(pk=locked.pk, slot=slot3, table=3).exists()
    assert B2BMeeting.objects.filter(event=event).count() == 3


def test_few_idle_gaps(cluster):
    event = make_b2b_day(cluster, tables=5, slots=6)
    a, b, c = (make_participant(event) for _ in range(3))
    wish(a, b)
    wish(a, c)
    report = solve_schedule(event=event)
    assert report["idle_gaps"] == 0
    slots = sorted(busy_by_person(event)[a.pk])
    assert slots[1] - slots[0] == 1


def test_report_stored(cluster):
    event = make_b2b_day(cluster)
    a, b = make_participant(event), make_participant(event)
    wish(a, b)
    report = solve_schedule(event=event)
    event.b2b.refresh_from_db()
    assert event.b2b.solver_report == report
    assert event.b2b.solved_at is not None
    assert report["status"] == "OPTIMAL"
    assert report["share_met"] == 1.0


def test_meetings_early_rather_than_late(cluster):
    event = make_b2b_day(cluster, tables=5, slots=6)
    a, b, c = (make_participant(event) for _ in range(3))
    wish(a, b)
    wish(b, c)
    solve_schedule(event=event)
    assert sorted(busy_by_person(event)[b.pk]) == [1, 2]


def test_greedy_plan_stands_when_the_solver_has_no_time(cluster):
    event = make_b2b_day(cluster, tables=5, slots=4)
    people = [make_participant(event) for _ in range(6)]
    everyone_wishes_everyone(people)
    report = solve_schedule(event=event, time_limit=0.01)
    assert report["status"] in ("GREEDY", "FEASIBLE", "OPTIMAL")
    assert report["meetings"] == 12  # 6 people, 4 slots: 3 meetings per slot
    for person, slots in busy_by_person(event).items():
        assert len(slots) == len(set(slots)), person
