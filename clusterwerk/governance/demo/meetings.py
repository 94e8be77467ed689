"""Demo of the Strategischer Beirat's work (development and demonstrations):
`seed_meetings(cluster, beirat)` writes four meetings 2019–2020 (meetings.json: March and
October 2019, March 2020, November 2020 online) with agenda items (linked to topic areas by
number where the published plan has them), minutes, attendance of the body's members,
decisions (some published) and action items (done or dropped – the demo leaves nothing open
that would send reminders), and in the spring 2020 meeting the recommendation for the
Fortschreibung. Every text was written for the demo; no real persons.

When the cluster's demo consultation exists (`participation.demo.demo_consultation`), the
recommendation becomes a proposal in it through `services.decisions.propose_from_decision`,
with the provenance "Empfehlung des Strategischen Beirats vom 12.03.2020"; without one, no
proposal is made.

Written as `accounts.services.system_user()`, every row `is_demo` (meetings) or belonging to
a demo meeting. Idempotent: a meeting that exists (same body and title, demo) is kept; the
proposal is made once.
"""

import datetime
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clusterwerk.accounts.services import system_user
from clusterwerk.governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    DecisionKind,
    Meeting,
    MeetingStatus,
    Response,
)
from clusterwerk.governance.queries import current_members
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.participation.models import ProposalKind

DATA = Path(__file__).with_name("meetings.json")


def _moment(text: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def load() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))["meetings"]


def _members_on(beirat: Body, day: datetime.date) -> list:
    """The members whose term includes the day; all members when the demo's terms begin
    later (the body's roster of today stands in for the past)."""
    on_day = list(current_members(beirat, day).order_by("pk"))
    return on_day or list(beirat.members.select_related("user").order_by("pk"))


def _owner(members: list, index: int, fallback):
    with_account = [member for member in members if member.user_id]
    if with_account:
        member = with_account[index % len(with_account)]
        return member.user, member.name
    if members:
        return fallback, members[index % len(members)].name
    return fallback, "Clustermanagement"


def _meeting(beirat: Body, spec: dict, user, catalogue) -> Meeting:
    starts = _moment(spec["starts_at"])
    meeting = Meeting.objects.create(
        body=beirat,
        title=spec["title"],
        starts_at=starts,
        ends_at=_moment(spec["ends_at"]),
        place=spec["place"],
        online_url=spec["online_url"],
        status=MeetingStatus.HELD,
        invitations_sent_at=starts - datetime.timedelta(days=21),
        minutes="\n\n".join(spec["minutes"]),
        minutes_approved_at=starts + datetime.timedelta(days=14),
        created_by=user,
        is_demo=True,
    )
    agenda = []
    for order, row in enumerate(spec["agenda"], start=1):
        lineage = catalogue.lineage_by_number.get(row.get("topic", ""))
        agenda.append(
            AgendaItem.objects.create(
                meeting=meeting,
                order=order,
                title=row["title"],
                presenter=row.get("presenter", ""),
                topic_lineage=lineage,
            )
        )
    day = timezone.localdate(starts)
    members = _members_on(beirat, day)
    present_count = round(len(members) * spec["present_share"])
    for index, member in enumerate(members):
        present = index < present_count
        Attendance.objects.create(
            meeting=meeting,
            member=member,
            invited_at=meeting.invitations_sent_at,
            response=Response.ACCEPTED if present else Response.DECLINED,
            present=present,
        )
    decisions = []
    for row in spec["decisions"]:
        votes = row.get("votes") or [None, None, None]
        decisions.append(
            Decision.objects.create(
                meeting=meeting,
                agenda_item=agenda[row["agenda"] - 1] if row.get("agenda") else None,
                kind=row.get("kind", DecisionKind.DECISION),
                text=row["text"],
                mode=row["mode"],
                votes_yes=votes[0],
                votes_no=votes[1],
                votes_abstain=votes[2],
                topic_lineage=catalogue.lineage_by_number.get(row.get("topic", "")),
                is_published=row.get("published", False),
                published_at=starts + datetime.timedelta(days=14) if row.get("published") else None,
                created_by=user,
            )
        )
    for index, row in enumerate(spec["actions"]):
        owner, owner_name = _owner(members, index + len(spec["key"]), user)
        done_at = (
            timezone.make_aware(datetime.datetime.combine(_day(row["done_on"]), datetime.time(12)))
            if row.get("done_on")
            else None
        )
        ActionItem.objects.create(
            meeting=meeting,
            decision=decisions[row["decision"] - 1] if row.get("decision") else None,
            title=row["title"],
            owner=owner,
            owner_name=owner_name,
            due_on=_day(row["due_on"]),
            status=row["status"],
            done_at=done_at,
        )
    return meeting


def _propose(cluster, spec: dict, meeting: Meeting, user) -> None:
    """The recommendation becomes a proposal in the demo consultation, once."""
    from clusterwerk.governance.services.decisions import propose_from_decision
    from clusterwerk.participation.demo import demo_consultation

    consultation = demo_consultation(cluster)
    if consultation is None:
        return
    for index, row in enumerate(spec["decisions"]):
        wish = row.get("proposal")
        if not wish:
            continue
        decision = list(meeting.decisions.order_by("pk"))[index]
        if decision.resulting_proposal_id:
            continue
        element = consultation.edition.topic_areas.filter(number=wish["topic"]).first()
        if element is None:
            continue
        original = (getattr(element, wish["field"]) or "").strip()
        text = f"{original}\n\n{wish['addition']}".strip()
        try:
            propose_from_decision(
                user=user,
                cluster=cluster,
                decision=decision,
                consultation=consultation,
                kind=ProposalKind.AMENDMENT,
                element_lineage=element.lineage,
                field=wish["field"],
                proposed_text=text,
                rationale=decision.text,
            )
        except ValidationError:
            continue  # the consultation does not cover that topic area


def seed_meetings(cluster, beirat: Body) -> None:
    """Write the Beirat's four demo meetings (idempotent) and, when the demo consultation
    exists, the recommendation's proposal."""
    user = system_user()
    catalogue = topic_catalogue(cluster)
    with transaction.atomic():
        for spec in load():
            meeting = Meeting.objects.filter(body=beirat, title=spec["title"], is_demo=True).first()
            if meeting is None:
                meeting = _meeting(beirat, spec, user, catalogue)
            _propose(cluster, spec, meeting, user)
