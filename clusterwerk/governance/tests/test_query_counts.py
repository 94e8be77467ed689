"""The query counts of the meeting page, the action item list, the invitations and the daily
reminders do not grow with the agenda, the items or the members (bench/governance_crosscluster.py
found one query per linked project, per listed item and per member)."""

import datetime

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clusterwerk.governance.models import ActionItem, AgendaItem, Attendance, Meeting
from clusterwerk.governance.services.actions import send_action_reminders
from clusterwerk.governance.services.meetings import send_invitations
from clusterwerk.governance.tests.factories import (
    make_action_item,
    make_decision,
    make_meeting,
    make_member,
)
from clusterwerk.projects.models import Project


def _count(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def _grow(meeting, owner, project, count: int) -> None:
    for n in range(count):
        AgendaItem.objects.create(meeting=meeting, order=n + 1, title=f"TOP {n}", project=project)
        make_decision(meeting, project=project)
        make_action_item(meeting, owner, title=f"Aufgabe {n}", due_on=timezone.localdate())


def test_counts_do_not_grow(client, cluster, cluster_manager, body, body_members):
    project = Project.objects.create(cluster=cluster, title="Leichtbau im Verbund")
    owner = body_members[1].user
    past = timezone.now() - datetime.timedelta(days=1)
    small = make_meeting(body, starts_at=past, ends_at=past + datetime.timedelta(hours=3))
    large = make_meeting(body, starts_at=past, ends_at=past + datetime.timedelta(hours=3))
    _grow(small, owner, project, 1)
    _grow(large, owner, project, 6)
    client.force_login(cluster_manager)

    def page(meeting):
        return lambda: client.get(reverse("governance:meeting", args=[body.slug, meeting.pk]))

    assert _count(page(small)) == _count(page(large))

    items = reverse("governance:action-items")
    before = _count(lambda: client.get(items))
    _grow(small, owner, project, 5)
    assert _count(lambda: client.get(items)) == before

    Meeting.objects.filter(body=body).update(status="held")
    ActionItem.objects.update(last_reminded_at=None)
    few = _count(send_action_reminders)
    _grow(large, owner, project, 6)
    ActionItem.objects.update(last_reminded_at=None)
    mail.outbox = []
    assert _count(send_action_reminders) == few
    assert not ActionItem.objects.filter(last_reminded_at__isnull=True).exists()

    future = make_meeting(body)

    def invite():
        meeting = Meeting.objects.select_related("body__cluster").get(pk=future.pk)
        send_invitations(user=cluster_manager, cluster=cluster, meeting=meeting)

    four = _count(invite)  # first invitation: 4 members
    assert Attendance.objects.filter(meeting=future, invited_at__isnull=False).count() == 4
    for n in range(6):
        make_member(body, f"weitere{n}@beirat.example")
    assert _count(invite) <= four  # an update to 10 members: 4 invited again, 6 new rows
    assert Attendance.objects.filter(meeting=future, invited_at__isnull=False).count() == 10


def test_body_lists_read_the_members_of_all_bodies_at_once(client, cluster, body, body_members):
    """The bodies API and the public profile read the current members of every body in one
    query: the same count for one body and for four."""
    from clusterwerk.clusterprofile.queries import public_bodies
    from clusterwerk.governance.tests.factories import make_body

    def counts():
        return (
            _count(lambda: client.get("/api/v1/governance/bodies")),
            _count(lambda: public_bodies(cluster, english=False)),
        )

    before = counts()
    for number in range(3):
        other = make_body(cluster, slug=f"kreis-{number}", name=f"Expertenkreis {number}")
        make_member(other, f"kreis{number}@beirat.example", name=f"Mitglied Kreis {number}")
    assert counts() == before
    assert len(client.get("/api/v1/governance/bodies").json()) == 4
