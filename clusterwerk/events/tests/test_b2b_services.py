"""B2B day services: setting up the day, joining, wishes, suggestions, meetings, outcomes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clusterwerk.events.models import (
    B2BMeeting,
    B2BMeetingStatus,
    B2BSlot,
    EventFormat,
    MeetingWish,
    RegistrationStatus,
    WishStatus,
)
from clusterwerk.events.services import b2b
from clusterwerk.events.tests.b2b_support import make_b2b_day, make_participant, wish
from clusterwerk.events.tests.factories import make_event, make_registration
from clusterwerk.matchmaking.models import ListingKind
from clusterwerk.matchmaking.tests.factories import make_listing, make_market

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(cluster):
    return make_b2b_day(cluster, tables=4, slots=5, breaks=(3,))


def user_of(participant):
    return participant.registration.user


# --- Setting up -----------------------------------------------------------------------------


def test_configure_creates_slots_and_breaks(cluster, cluster_manager):
    event = make_event(cluster, format=EventFormat.B2B_DAY)
    start = event.starts_at
    settings = b2b.configure_b2b(
        event=event,
        by=cluster_manager,
        table_count=12,
        max_meetings_per_person=6,
        first_slot_at=start,
        slot_minutes=25,
        slot_count=8,
        breaks=[4],
        wishes_close_at=start - datetime.timedelta(days=2),
    )
    slots = list(B2BSlot.objects.filter(event=event))
    assert [s.index for s in slots] == list(range(1, 9))
    assert [s.index for s in slots if s.is_break] == [4]
    assert slots[1].starts_at == start + datetime.timedelta(minutes=25)
    assert settings.table_count == 12
    # Fewer slots later: the surplus goes.
    b2b.configure_b2b(
        event=event,
        by=cluster_manager,
        table_count=12,
        max_meetings_per_person=6,
        first_slot_at=start,
        slot_minutes=25,
        slot_count=5,
        breaks=[],
    )
    assert B2BSlot.objects.filter(event=event).count() == 5


def test_configure_bad_input(cluster, cluster_manager, member):
    event = make_event(cluster, format=EventFormat.B2B_DAY)
    values = {
        "table_count": 5,
        "max_meetings_per_person": 6,
        "first_slot_at": event.starts_at,
        "slot_minutes": 20,
        "slot_count": 4,
        "breaks": [],
    }
    with pytest.raises(PermissionDenied):
        b2b.configure_b2b(event=event, by=member, **values)
    with pytest.raises(ValidationError, match="Pausen"):
        b2b.configure_b2b(event=event, by=cluster_manager, **{**values, "breaks": [7]})
    other = make_event(cluster)
    with pytest.raises(ValidationError, match="kein B2B-Tag"):
        b2b.configure_b2b(event=other, by=cluster_manager, **values)


# --- Joining --------------------------------------------------------------------------------


def test_join_prefills_from_actor_and_listings(cluster):
    market = make_market(cluster)
    event = make_b2b_day(cluster)
    make_listing(market.owner, kind=ListingKind.TECHNOLOGY_OFFER, title="Pulverbeschichtung frei")
    make_listing(
        market.owner, kind=ListingKind.BUSINESS_REQUEST, title="Zulieferer für Drehteile gesucht"
    )
    registration = make_registration(event, user=market.owner_user, actor=market.owner)
    participant = b2b.join_b2b(registration=registration, by=market.owner_user)
    assert "Pulverbeschichtung von Stahlteilen" in participant.profile
    assert participant.offering == "Pulverbeschichtung frei"
    assert participant.looking_for == "Zulieferer für Drehteile gesucht"
    assert participant.actor == market.owner
    with pytest.raises(ValidationError, match="bereits"):
        b2b.join_b2b(registration=registration, by=market.owner_user)


def test_join_only_confirmed_and_only_oneself(cluster, member, outsider):
    event = make_b2b_day(cluster)
    waiting = make_registration(event, user=member, status=RegistrationStatus.WAITLISTED)
    with pytest.raises(ValidationError, match="bestätigte"):
        b2b.join_b2b(registration=waiting, by=member)
    confirmed = make_registration(event, user=outsider)
    with pytest.raises(PermissionDenied):
        b2b.join_b2b(registration=confirmed, by=member)
    with pytest.raises(ValidationError, match="Zeitfenster"):
        b2b.join_b2b(registration=confirmed, by=outsider, available_slots=[99])
    with pytest.raises(ValidationError, match="Höchstens"):
        b2b.join_b2b(registration=confirmed, by=outsider, max_meetings=50)


def test_update_profile(day):
    person = make_participant(day)
    b2b.update_participant(
        participant=person, by=user_of(person), looking_for="Laserschweißen", available_slots=[1, 2]
    )
    person.refresh_from_db()
    assert person.looking_for == "Laserschweißen"
    assert person.available_slots == [1, 2]
    other = make_participant(day)
    with pytest.raises(PermissionDenied):
        b2b.update_participant(participant=person, by=user_of(other), profile="x")


# --- Wishes ---------------------------------------------------------------------------------


def test_wish_rules(day):
    a, b_, c = (make_participant(day) for _ in range(3))
    created = b2b.add_wish(requester=a, target=b_, by=user_of(a), reason="Leichtbau")
    assert created.status == WishStatus.PENDING
    with pytest.raises(ValidationError, match="selbst"):
        b2b.add_wish(requester=a, target=a, by=user_of(a), reason="x")
    with pytest.raises(ValidationError, match="bereits"):
        b2b.add_wish(requester=a, target=b_, by=user_of(a), reason="nochmal")
    with pytest.raises(ValidationError, match="Grund"):
        b2b.add_wish(requester=a, target=c, by=user_of(a), reason="  ")
    with pytest.raises(PermissionDenied):
        b2b.add_wish(requester=a, target=c, by=user_of(b_), reason="für andere")
    assert MeetingWish.objects.count() == 1


def test_wish_after_close(day):
    a, b_ = make_participant(day), make_participant(day)
    day.b2b.wishes_close_at = timezone.now() - datetime.timedelta(minutes=1)
    day.b2b.save()
    with pytest.raises(ValidationError, match="Frist"):
        b2b.add_wish(requester=a, target=b_, by=user_of(a), reason="zu spät")


def test_wish_to_another_day(cluster, day):
    other_day = make_b2b_day(cluster)
    a, b_ = make_participant(day), make_participant(other_day)
    with pytest.raises(ValidationError, match="nicht an diesem"):
        b2b.add_wish(requester=a, target=b_, by=user_of(a), reason="x")


def test_mutual_wish_accepts_both(day):
    a, b_ = make_participant(day), make_participant(day)
    first = b2b.add_wish(requester=a, target=b_, by=user_of(a), reason="Fügen")
    second = b2b.add_wish(requester=b_, target=a, by=user_of(b_), reason="Prüfen")
    first.refresh_from_db()
    assert first.status == second.status == WishStatus.ACCEPTED


def test_answer_wish(day, cluster_manager):
    a, b_ = make_participant(day), make_participant(day)
    sent = b2b.add_wish(requester=a, target=b_, by=user_of(a), reason="Fügen")
    with pytest.raises(PermissionDenied):
        b2b.answer_wish(wish=sent, by=user_of(a), accept=True)
    assert b2b.answer_wish(wish=sent, by=user_of(b_), accept=False).status == WishStatus.DECLINED
    assert b2b.answer_wish(wish=sent, by=cluster_manager, accept=True).status == "accepted"


# --- Suggestions ----------------------------------------------------------------------------


def test_suggestions_from_the_engine(cluster):
    market = make_market(cluster)
    event = make_b2b_day(cluster)
    owner = make_participant(
        event,
        user=market.owner_user,
        actor=market.owner,
        looking_for="Laserstrahlschweißen von Aluminium, Prüfung der Schweißnähte",
    )
    institute = make_participant(event, user=market.institute_user, actor=market.institute)
    make_participant(event, user=market.supplier_user, actor=market.supplier)
    found = b2b.suggestions(owner)
    assert found and found[0].participant == institute
    assert found[0].score > 0
    created = b2b.add_wish(
        requester=owner,
        target=institute,
        by=market.owner_user,
        reason="Schweißnähte prüfen",
        match_score=found[0].score,
        suggested=True,
    )
    assert created.match_score == found[0].score
    assert institute not in [s.participant for s in b2b.suggestions(owner)]


# --- Meetings -------------------------------------------------------------------------------


def meeting_of(a, b_, index, table=1):
    slot = B2BSlot.objects.get(event=a.event, index=index)
    return B2BMeeting.objects.create(event=a.event, first=a, second=b_, slot=slot, table=table)


def test_move_meeting_rules(day, cluster_manager):
    a = make_participant(day, available=[1, 2])
    b_, c, d = (make_participant(day) for _ in range(3))
    meeting = meeting_of(a, b_, 1)
    meeting_of(c, d, 2, table=1)
    slot = {s.index: s for s in B2BSlot.objects.filter(event=day)}
    with pytest.raises(ValidationError, match="nicht verfügbar"):
        b2b.move_meeting(meeting=meeting, by=cluster_manager, slot=slot[4])
    with pytest.raises(ValidationError, match="Pause"):
        b2b.move_meeting(meeting=meeting, by=cluster_manager, slot=slot[3])
    with pytest.raises(ValidationError, match="belegt"):
        b2b.move_meeting(meeting=meeting, by=cluster_manager, slot=slot[2], table=1)
    other = meeting_of(c, b_, 5)
    with pytest.raises(ValidationError, match="schon ein Gespräch"):
        b2b.move_meeting(meeting=other, by=cluster_manager, slot=slot[2])
    with pytest.raises(PermissionDenied):
        b2b.move_meeting(meeting=meeting, by=user_of(a), slot=slot[2])
    moved = b2b.move_meeting(meeting=meeting, by=cluster_manager, slot=slot[2])
    assert (moved.slot.index, moved.table, moved.locked) == (2, 2, True)
    meeting.refresh_from_db()
    assert meeting.slot.index == 2


def test_no_show_and_outcome(day, cluster_manager):
    a, b_, c = (make_participant(day) for _ in range(3))
    past = timezone.now() - datetime.timedelta(days=1)
    B2BSlot.objects.filter(event=day).update(starts_at=past, ends_at=past)
    meeting = meeting_of(a, b_, 1)
    with pytest.raises(PermissionDenied):
        b2b.record_outcome(meeting=meeting, by=user_of(c), outcome="cooperation")
    with pytest.raises(ValidationError, match="Ergebnis"):
        b2b.record_outcome(meeting=meeting, by=user_of(a), outcome="great")
    done = b2b.record_outcome(
        meeting=meeting, by=user_of(a), outcome="project_idea", note="Antrag ZIM"
    )
    assert done.status == B2BMeetingStatus.HELD and done.outcome_recorded_at
    other = meeting_of(a, c, 2)
    with pytest.raises(PermissionDenied):
        b2b.mark_no_show(meeting=other, by=user_of(a), participant=c)
    missed = b2b.mark_no_show(meeting=other, by=cluster_manager, participant=c)
    assert missed.status == B2BMeetingStatus.NO_SHOW and missed.no_show == c
    with pytest.raises(ValidationError, match="nicht erschienen"):
        b2b.record_outcome(meeting=other, by=user_of(a), outcome="cooperation")


def test_outcome_not_before_the_meeting(day):
    a, b_ = make_participant(day), make_participant(day)
    meeting = meeting_of(a, b_, 1)
    with pytest.raises(ValidationError, match="noch nicht"):
        b2b.record_outcome(meeting=meeting, by=user_of(a), outcome="cooperation")


def test_publish_needs_a_plan(day, cluster_manager):
    with pytest.raises(ValidationError, match="noch keinen Plan"):
        b2b.publish_schedule(event=day, by=cluster_manager)
    a, b_ = make_participant(day), make_participant(day)
    wish(a, b_)
    from clusterwerk.events.b2b_schedule import solve_schedule

    with pytest.raises(PermissionDenied):
        solve_schedule(event=day, by=user_of(a))
    solve_schedule(event=day, by=cluster_manager)
    assert b2b.publish_schedule(event=day, by=cluster_manager).schedule_published
