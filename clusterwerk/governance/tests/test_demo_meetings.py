"""The Beirat's demo meetings: four meetings 2019–2020 with agenda, minutes, attendance,
decisions and action items; the recommendation becomes a proposal in the demo consultation
(with its provenance) when there is one; seeding twice changes nothing."""

import datetime

from django.utils import timezone

from clusterwerk.accounts.services import system_user
from clusterwerk.governance.demo.meetings import seed_meetings
from clusterwerk.governance.models import (
    OPEN_ACTION_STATUSES,
    ActionItem,
    Attendance,
    Decision,
    DecisionKind,
    Meeting,
    MeetingStatus,
)
from clusterwerk.governance.tests.factories import make_member
from clusterwerk.participation.demo import DEMO_SLUG
from clusterwerk.participation.models import Proposal
from clusterwerk.participation.tests.factories import make_consultation

ORIGIN = "Empfehlung des Strategischen Beirats vom 12.03.2020"


def _beirat_members(body):
    start = datetime.date(2018, 1, 1)
    for number in range(1, 15):
        email = f"demo-beirat-{number:02d}@example.org" if number <= 4 else None
        make_member(body, email, name=f"Demo-Mitglied {number:02d}", term_start=start, is_demo=True)


def _reference_plan(cluster):
    """The real plan's shape (Masterplan Metall 2020 from the reference data): the demo
    links topic areas such as 6.1.1 by number."""
    from clusterwerk.masterplan.queries import get_published_edition
    from clusterwerk.masterplan.reference import (
        load_reference_file,
        read_reference,
        reference_files,
    )

    load_reference_file(read_reference(reference_files()[0]))
    return get_published_edition(cluster)


def test_seed_meetings_without_consultation_then_with(cluster, body):
    plan = _reference_plan(cluster)
    _beirat_members(body)
    seed_meetings(cluster, body)
    meetings = list(Meeting.objects.filter(body=body).order_by("starts_at"))
    assert [timezone.localtime(m.starts_at).strftime("%Y-%m") for m in meetings] == [
        "2019-03",
        "2019-10",
        "2020-03",
        "2020-11",
    ]
    assert all(m.is_demo and m.status == MeetingStatus.HELD and m.minutes for m in meetings)
    assert all(m.created_by == system_user() for m in meetings)
    assert meetings[-1].online_url and not meetings[-1].place
    assert all(m.agenda.count() >= 4 for m in meetings)
    assert meetings[0].agenda.filter(topic_lineage__isnull=False).exists()
    assert Attendance.objects.filter(meeting=meetings[0]).count() == 14
    assert Attendance.objects.filter(meeting=meetings[0], present=True).count() >= 10
    decisions = Decision.objects.filter(meeting__body=body)
    assert (
        decisions.filter(is_published=True).exists()
        and decisions.filter(is_published=False).exists()
    )
    recommendation = decisions.get(
        meeting=meetings[2], kind=DecisionKind.RECOMMENDATION, is_published=True
    )
    assert "Fachkräftesicherung" in recommendation.text
    assert recommendation.resulting_proposal is None  # no demo consultation yet
    assert not ActionItem.objects.filter(status__in=OPEN_ACTION_STATUSES).exists()
    assert ActionItem.objects.filter(meeting__body=body).exclude(owner=None).count() == (
        ActionItem.objects.filter(meeting__body=body).count()
    )

    consultation = make_consultation(cluster, plan, slug=DEMO_SLUG)
    consultation.is_demo = True
    consultation.save()
    seed_meetings(cluster, body)
    seed_meetings(cluster, body)
    assert Meeting.objects.filter(body=body).count() == 4
    assert Decision.objects.filter(meeting__body=body).count() == decisions.count()
    recommendation.refresh_from_db()
    proposal = recommendation.resulting_proposal
    assert proposal is not None and proposal.origin == ORIGIN
    assert Proposal.objects.filter(origin=ORIGIN).count() == 1
