"""The B2B day's e-mails: a wish reaches its target, a mutual wish says so, and the published
schedule sends every participant their own meetings, once."""

import pytest
from django.core import mail

from clusterwerk.events.models import B2BMeeting
from clusterwerk.events.services import b2b
from clusterwerk.events.tests.b2b_support import make_b2b_day, make_participant

pytestmark = pytest.mark.django_db


def test_a_wish_and_a_mutual_wish_reach_the_other_side(
    cluster, mailoutbox, django_capture_on_commit_callbacks
):
    day = make_b2b_day(cluster)
    anna = make_participant(day, name="Laser")
    bernd = make_participant(day, name="Guss")

    with django_capture_on_commit_callbacks(execute=True):
        b2b.add_wish(requester=anna, target=bernd, by=anna.registration.user, reason="Leichtbau")
    (first,) = mailoutbox
    assert first.to == [bernd.registration.email]
    assert first.subject == "Gesprächswunsch: B2B-Tag Leichtbau"
    assert anna.registration.organisation_label in first.body
    assert "Grund: Leichtbau" in first.body
    assert f"/veranstaltungen/{day.slug}/b2b/" in first.body

    with django_capture_on_commit_callbacks(execute=True):
        b2b.add_wish(requester=bernd, target=anna, by=bernd.registration.user, reason="Guss")
    second = mailoutbox[1]
    assert second.to == [anna.registration.email]
    assert "ebenfalls gewünscht" in second.body


def test_publishing_the_schedule_sends_each_participant_their_meetings_once(
    cluster, cluster_manager, django_capture_on_commit_callbacks
):
    day = make_b2b_day(cluster, tables=2)
    anna = make_participant(day, name="Laser")
    bernd = make_participant(day, name="Guss")
    clara = make_participant(day, name="Blech")
    slot = day.b2b_slots.get(index=2)
    B2BMeeting.objects.create(event=day, first=anna, second=bernd, slot=slot, table=1)

    with django_capture_on_commit_callbacks(execute=True):
        b2b.publish_schedule(event=day, by=cluster_manager)
        b2b.publish_schedule(event=day, by=cluster_manager)  # again: nothing new to tell

    assert len(mail.outbox) == 3
    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert "Tisch 1: " + bernd.registration.full_name in by_address[anna.registration.email]
    assert "Tisch 1: " + anna.registration.full_name in by_address[bernd.registration.email]
    assert "kein Gespräch" in by_address[clara.registration.email]
